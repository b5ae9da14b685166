//! The lab, driven in-process: keys, mouse, rendering and the screen's invariants, the trainer, the views, the tour and the router's structure.

#[path = "../support/mod.rs"]
mod support;

mod decision_view;
mod exercises_tab;
mod frame;
mod lab_structure;
mod tour;
mod tour_app;
mod tui_keys;
mod tui_mouse;
mod tui_render;
mod tui_trainer;
mod tui_truth;
mod views_lab;
mod views_render;
