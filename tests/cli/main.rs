//! The command line, run as a process: bad input, every subcommand's output, figures, exports, saving, the rules' refusals, the exercises and the tour's commands.

#[path = "../support/mod.rs"]
mod support;

mod bad_input;
mod book_demo_label;
mod cli;
mod cli_output;
mod divergence;
mod docs;
mod exercises;
mod export_csv;
mod map_cli;
mod plot;
mod plot_grid;
mod plot_plane;
mod rules_table;
mod run_reporting;
mod save;
mod tour_cli;
