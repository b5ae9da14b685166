//! Data and presets: CSV and IDX files, MNIST, fuzzed and built-in presets, and the MNIST download against local servers.

#[path = "../support/mod.rs"]
mod support;

mod csv_data;
mod fetch;
mod fetch_hostile;
mod fuzz_presets;
mod idx;
mod mnist;
mod presets;
