//! The lab's one place of change: [`App::update`] routes every [`Msg`] (keys, mouse, paste,
//! trainer events, the jobs' results, the clock) to what it changes. A key becomes an
//! [`Action`] (or goes to the text input or modal that has it), and [`App::act`] applies the
//! action in the current context.

use super::app::{App, Focus, Mode, Tab};
use super::editor::{InputKey, TextInput};
use super::exercises::Reply as ExerciseReply;
use super::keys::{self, Action};
use super::msg::Msg;
use super::overlay::HelpReply;
use super::overlay::preset_entries;
use crate::trainer::{Command, PACES, RunState};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// Longest text a paste puts into a value or path being typed (the editors' own limit).
const PASTE_MAX: usize = 256;

impl App {
    /// Applies one input; returns true when the screen needs drawing.
    pub fn update(&mut self, msg: Msg) -> bool {
        match msg {
            Msg::Key(key) => self.on_key(key),
            Msg::Mouse { event, screen } => self.on_mouse(event, screen),
            Msg::Paste(text) => self.paste(&text),
            Msg::Trainer(event) => self.on_event(event),
            Msg::Map(map) => super::views::map_done(self, map),
            Msg::File(result) => match result {
                Ok(text) => self.info(text),
                Err(text) => self.error(text),
            },
            Msg::Tick(now) => {
                let map = super::views::follow(self);
                return self.expire(now) || map;
            }
            Msg::Resize => {}
        }
        true
    }

    /// A paste goes into the value or path being typed (its first line, cut to [`PASTE_MAX`]
    /// characters); anywhere else it is ignored, so pasted text never fires key bindings.
    fn paste(&mut self, text: &str) {
        if !self.overlay.typing() {
            return;
        }
        let line = text.lines().next().unwrap_or("");
        for ch in line.chars().filter(|c| !c.is_control()).take(PASTE_MAX) {
            self.on_key(KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
        }
    }

    /// Handles a key event (presses only: Windows terminals also report releases).
    pub fn on_key(&mut self, key: KeyEvent) {
        if key.kind != KeyEventKind::Press {
            return;
        }
        if self.overlay.help {
            // Arrows and pages scroll the help; any other key closes it; q and Ctrl-C quit.
            if self.overlay.help_action(keys::action(key, false)) == HelpReply::Quit {
                self.quit = true;
            }
            return;
        }
        if self.tour_takes_keys() {
            self.tour_entry_key(key);
            return;
        }
        if self.overlay.mode == Mode::Normal && super::views::softmax_key(self, key) {
            return;
        }
        match self.overlay.mode.clone() {
            Mode::Normal => {
                if let Some(action) = keys::action(key, self.ui.test_panic) {
                    self.act(action);
                }
            }
            Mode::Edit { field, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.overlay.mode = Mode::Edit { field, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::Edit { buffer, .. } =
                        std::mem::replace(&mut self.overlay.mode, Mode::Normal)
                {
                    self.commit_text(field, buffer.text().trim());
                }
            }
            Mode::EditInput { input, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.overlay.mode = Mode::EditInput { input, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::EditInput { buffer, .. } =
                        std::mem::replace(&mut self.overlay.mode, Mode::Normal)
                {
                    let text = buffer.text();
                    match text.trim().parse::<f64>() {
                        Ok(v) => {
                            let reply = self.exercises.set_input(input, v);
                            self.exercise_reply(reply);
                        }
                        Err(_) => {
                            self.error(format!("{:?} is not a number; value kept", text.trim()));
                        }
                    }
                }
            }
            Mode::Picker { entries, selected } => self.picker_key(key, entries, selected),
            Mode::Save { buffer, confirm } => self.save_key(key, buffer, confirm),
        }
    }

    /// Text entry: returns the input to keep editing, or None when the key ends the entry
    /// (Enter: the caller uses the text; Esc cancels; Ctrl-C quits).
    pub(super) fn text_key(&mut self, key: KeyEvent, mut input: TextInput) -> Option<TextInput> {
        match input.key(key) {
            InputKey::Edited => Some(input),
            InputKey::Submit => None,
            InputKey::Cancel => {
                self.overlay.mode = Mode::Normal;
                self.info("cancelled");
                None
            }
            InputKey::Quit => {
                self.quit = true;
                None
            }
        }
    }

    /// Applies an action in the current context.
    ///
    /// # Panics
    ///
    /// On the test-only panic action (enabled by `NNLAB_TEST_PANIC=1`), by design: the tests of
    /// the terminal's restoration after a panic use it.
    pub fn act(&mut self, action: Action) {
        if self.overlay.help {
            match action {
                Action::Quit => self.quit = true,
                _ => self.overlay.help = false,
            }
            return;
        }
        match action {
            Action::TogglePlay => match self.store.state {
                RunState::Running => self.outbox.push(Command::Pause),
                RunState::Paused => self.outbox.push(Command::Start),
                RunState::Finished => {
                    self.outbox.push(Command::Reset);
                    self.outbox.push(Command::Start);
                }
            },
            Action::Step => self.outbox.push(Command::Step(1)),
            Action::Reset => {
                self.outbox.push(Command::Reset);
                self.info("reset: every run restarts from the settings shown");
            }
            Action::FocusNext | Action::FocusPrev => self.move_focus(action == Action::FocusNext),
            Action::TabLab => self.tab = Tab::Lab,
            Action::TabExercises => self.tab = Tab::Exercises,
            Action::TabAbout => self.tab = Tab::About,
            Action::Picker => {
                self.overlay.mode = Mode::Picker {
                    entries: preset_entries(self.ui.save_dir.as_path()),
                    selected: 0,
                }
            }
            Action::Save => {
                let path = self
                    .ui
                    .save_dir
                    .join(format!("{}-edited.ron", self.preset.name));
                self.overlay.mode = Mode::Save {
                    buffer: TextInput::new(&path.display().to_string()),
                    confirm: false,
                };
            }
            Action::Export => self.export(),
            Action::Figure => self.figure(),
            Action::Slower => self.set_pace(self.ui.pace.saturating_sub(1)),
            Action::Faster => self.set_pace((self.ui.pace + 1).min(PACES.len() - 1)),
            Action::LogScale => {
                self.lab.log_scale = !self.lab.log_scale;
                self.info(if self.lab.log_scale {
                    "cost axis: log scale"
                } else {
                    "cost axis: linear"
                });
            }
            Action::Normalize => {
                self.lab.normalized = !self.lab.normalized;
                self.info(if self.lab.normalized {
                    "cost shown as C/C0: each run relative to its epoch-0 cost"
                } else {
                    "cost shown as C"
                });
            }
            Action::Markers => {
                self.ui.ascii = !self.ui.ascii;
                self.info(if self.ui.ascii {
                    "chart markers: ASCII"
                } else {
                    "chart markers: braille"
                });
            }
            Action::Help => {
                self.overlay.open_help();
            }
            Action::PageUp | Action::PageDown => {
                let down = action == Action::PageDown;
                match self.tab {
                    Tab::Exercises => self.exercises.page(down),
                    Tab::About => self.about.on_action(action),
                    // On the Lab tab the pages scroll the tour's panel, when it shows.
                    Tab::Lab if self.tour.is_some() => self.tour_action(if down {
                        Action::TourScrollDown
                    } else {
                        Action::TourScrollUp
                    }),
                    Tab::Lab => {}
                }
            }
            Action::ParamsView => {
                if self
                    .preset
                    .runs
                    .iter()
                    .all(nnlab_core::run::RunConfig::is_single_neuron)
                {
                    self.lab.params_view = !self.lab.params_view;
                    self.info(if self.lab.params_view {
                        "showing a, w and b over the epochs"
                    } else {
                        "parameters view hidden"
                    });
                } else {
                    self.info("the parameters view is for one-neuron presets; networks show gradient norms");
                }
            }
            Action::Views => super::views::cycle(self),
            Action::Surface => super::views::toggle_surface(self),
            Action::Softmax => super::views::toggle_softmax(self),
            Action::Quit => self.quit = true,
            Action::Escape => {
                self.lab.cursor = None;
                self.status = None;
            }
            Action::TourNext
            | Action::TourPrev
            | Action::TourAnswer
            | Action::TourVerdict
            | Action::TourToggle
            | Action::TourScrollUp
            | Action::TourScrollDown => self.tour_action(action),
            Action::TestPanic => panic!("NNLAB_TEST_PANIC: test panic inside the UI loop"),
            nav => self.navigate(nav),
        }
    }

    fn move_focus(&mut self, forward: bool) {
        if self.tab == Tab::Exercises {
            self.exercises.toggle_inputs();
        } else {
            self.lab.move_focus(forward);
        }
    }

    /// Does what the exercise tab asked for.
    fn exercise_reply(&mut self, reply: ExerciseReply) {
        match reply {
            ExerciseReply::Done => {}
            ExerciseReply::Info(text) => self.info(text),
            ExerciseReply::Error(text) => self.error(text),
            ExerciseReply::Edit { input, text } => {
                self.overlay.mode = Mode::EditInput {
                    input,
                    buffer: TextInput::new(&text),
                };
            }
        }
    }

    pub(super) fn set_pace(&mut self, pace: usize) {
        self.ui.pace = pace;
        self.outbox.push(Command::Speed(self.ui.pace()));
        self.info(format!("speed: {}", self.ui.pace_words()));
    }

    fn navigate(&mut self, action: Action) {
        match self.tab {
            Tab::Lab => match self.lab.focus {
                Focus::Params => self.params_nav(action),
                Focus::Metrics => self.cursor_nav(action),
                Focus::Neuron => self.lab.select_run(action, self.preset.runs.len()),
            },
            Tab::Exercises => {
                let reply = self.exercises.on_action(action);
                self.exercise_reply(reply);
            }
            Tab::About => self.about.on_action(action),
        }
    }

    fn cursor_nav(&mut self, action: Action) {
        let last = self
            .store
            .histories
            .iter()
            .filter_map(|h| h.cost.last().map(|p| p.0))
            .fold(0.0, f64::max);
        self.lab.move_cursor(action, last);
    }
}
