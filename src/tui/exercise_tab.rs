//! The exercise explorer's state and keys: the list, each exercise's inputs and outcome.

use super::app::{App, Mode};
use super::editor::TextInput;
use super::fields::{fmt_value, round_sig};
use super::keys::Action;
use crate::exercises::{self, Outcome, Values};

/// The exercise explorer's state.
#[derive(Debug, Clone)]
pub struct ExerciseState {
    /// The highlighted exercise.
    pub selected: usize,
    /// Each exercise's input values.
    pub values: Vec<Values>,
    /// Each exercise's outcome at its values.
    pub outcomes: Vec<Outcome>,
    /// Keys go to the inputs (not the list).
    pub on_inputs: bool,
    /// The highlighted input.
    pub input: usize,
    /// Lines scrolled off the top of the statement, inputs, verdict and table.
    pub scroll: u16,
}

impl ExerciseState {
    pub(super) fn new() -> ExerciseState {
        let reg = exercises::registry();
        let values: Vec<Values> = reg.iter().map(|e| e.defaults()).collect();
        let outcomes = reg
            .iter()
            .zip(&values)
            .map(|(e, v)| e.evaluate(v))
            .collect();
        ExerciseState {
            selected: 0,
            values,
            outcomes,
            on_inputs: false,
            input: 0,
            scroll: 0,
        }
    }
}

impl App {
    pub(super) fn exercise_nav(&mut self, action: Action) {
        let reg = exercises::registry();
        let ex = &mut self.exercises;
        if !ex.on_inputs {
            match action {
                Action::Up => {
                    ex.selected = ex.selected.saturating_sub(1);
                    ex.scroll = 0;
                }
                Action::Down => {
                    ex.selected = (ex.selected + 1).min(reg.len().saturating_sub(1));
                    ex.scroll = 0;
                }
                Action::Enter | Action::Right => {
                    ex.on_inputs = true;
                    ex.input = 0;
                }
                _ => {}
            }
            return;
        }
        let Some(exercise) = reg.get(ex.selected) else {
            return;
        };
        let inputs = exercise.inputs();
        if inputs.is_empty() {
            ex.on_inputs = false;
            return;
        }
        let k = ex.input.min(inputs.len() - 1);
        let input = inputs[k];
        let current = ex.values[ex.selected].as_slice()[k];
        match action {
            Action::Up => ex.input = ex.input.saturating_sub(1),
            Action::Down => ex.input = (ex.input + 1).min(inputs.len() - 1),
            Action::Left | Action::Right | Action::CoarseLeft | Action::CoarseRight => {
                let mult = match action {
                    Action::CoarseLeft | Action::CoarseRight => 10.0,
                    _ => 1.0,
                };
                let sign = if matches!(action, Action::Left | Action::CoarseLeft) {
                    -1.0
                } else {
                    1.0
                };
                let v = (current + sign * mult * input.step).clamp(input.min, input.max);
                self.set_input(k, round_sig(v, 10));
            }
            Action::Enter => {
                self.mode = Mode::EditInput {
                    input: k,
                    buffer: TextInput::new(&fmt_value(current)),
                }
            }
            _ => {}
        }
    }

    pub(super) fn set_input(&mut self, k: usize, v: f64) {
        let reg = exercises::registry();
        let ex = &mut self.exercises;
        let Some(exercise) = reg.get(ex.selected) else {
            return;
        };
        let Some(input) = exercise.inputs().get(k) else {
            return;
        };
        match ex.values[ex.selected].set(input.name, v) {
            Ok(()) => {
                ex.outcomes[ex.selected] = exercise.evaluate(&ex.values[ex.selected]);
                let msg = format!("{} = {}", input.name, fmt_value(v));
                self.info(msg);
            }
            Err(e) => self.error(format!("{e}; value kept")),
        }
    }
}
