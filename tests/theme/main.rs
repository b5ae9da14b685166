//! Themes (dark, light, mono, NO_COLOR). Its own test binary: the theme is process-wide state that other lab tests must not see change.

#[path = "../support/mod.rs"]
mod support;

mod theme;
