//! The Exercises tab's state and keys: the list, each exercise's inputs and outcome. What an
//! action needs of the rest of the lab (a message, the value entry) it returns as a [`Reply`].

use super::keys::Action;
use crate::exercises::{self, Outcome, Values};
use crate::format;

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

impl Default for ExerciseState {
    fn default() -> Self {
        Self::new()
    }
}

impl ExerciseState {
    /// Every exercise at its default inputs, evaluated; the first selected.
    pub fn new() -> ExerciseState {
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

/// What an action on the exercise tab asks of the lab.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// Nothing more (the state changed or the key did nothing).
    Done,
    /// A message for the status line.
    Info(String),
    /// An error for the status line.
    Error(String),
    /// Open the value entry for input `input`, starting from `text`.
    Edit {
        /// The input's index.
        input: usize,
        /// Its value as the editor writes it.
        text: String,
    },
}

impl ExerciseState {
    /// Tab and Shift-Tab: between the list and the inputs.
    pub fn toggle_inputs(&mut self) {
        self.on_inputs = !self.on_inputs;
    }

    /// The page keys scroll the statement, inputs, verdict and table.
    pub fn page(&mut self, down: bool) {
        self.scroll = if down {
            self.scroll.saturating_add(10).min(500)
        } else {
            self.scroll.saturating_sub(10)
        };
    }

    /// An arrow, Enter or a coarse step: on the list it moves the selection (Enter or Right
    /// goes to the inputs); on the inputs it moves between them, nudges one by its step, or
    /// asks for a typed value.
    pub fn on_action(&mut self, action: Action) -> Reply {
        let reg = exercises::registry();
        if !self.on_inputs {
            match action {
                Action::Up => {
                    self.selected = self.selected.saturating_sub(1);
                    self.scroll = 0;
                }
                Action::Down => {
                    self.selected = (self.selected + 1).min(reg.len().saturating_sub(1));
                    self.scroll = 0;
                }
                Action::Enter | Action::Right => {
                    self.on_inputs = true;
                    self.input = 0;
                }
                _ => {}
            }
            return Reply::Done;
        }
        let Some(exercise) = reg.get(self.selected) else {
            return Reply::Done;
        };
        let inputs = exercise.inputs();
        if inputs.is_empty() {
            self.on_inputs = false;
            return Reply::Done;
        }
        let k = self.input.min(inputs.len() - 1);
        let input = inputs[k];
        let current = self.values[self.selected].as_slice()[k];
        match action {
            Action::Up => self.input = self.input.saturating_sub(1),
            Action::Down => self.input = (self.input + 1).min(inputs.len() - 1),
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
                return self.set_input(k, format::round_sig(v, 10));
            }
            Action::Enter => {
                return Reply::Edit {
                    input: k,
                    text: format::editor(current),
                };
            }
            _ => {}
        }
        Reply::Done
    }

    /// Sets input `k` of the selected exercise to `v` and evaluates it again; refused (the
    /// value kept) outside the input's range.
    pub fn set_input(&mut self, k: usize, v: f64) -> Reply {
        let reg = exercises::registry();
        let Some(exercise) = reg.get(self.selected) else {
            return Reply::Done;
        };
        let Some(input) = exercise.inputs().get(k) else {
            return Reply::Done;
        };
        match self.values[self.selected].set(input.name, v) {
            Ok(()) => {
                self.outcomes[self.selected] = exercise.evaluate(&self.values[self.selected]);
                Reply::Info(format!("{} = {}", input.name, format::editor(v)))
            }
            Err(e) => Reply::Error(format!("{e}; value kept")),
        }
    }
}
