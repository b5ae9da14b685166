//! The lab's one place of change: [`App::update`] routes every [`Msg`] (keys, mouse, paste,
//! trainer events, the jobs' results, the clock) to what it changes. A key becomes an
//! [`Action`] (or goes to the text input or modal that has it), and [`App::act`] applies the
//! action in the current context.

use super::app::{App, Focus, Mode, Tab};
use super::editor::{InputKey, TextInput};
use super::keys::{self, Action};
use super::modal::preset_entries;
use super::msg::Msg;
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
        if !matches!(
            self.mode,
            Mode::Edit { .. } | Mode::EditInput { .. } | Mode::Save { confirm: false, .. }
        ) {
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
        if self.help {
            // Arrows and pages scroll the help; any other key closes it; q and Ctrl-C quit.
            match keys::action(key, false) {
                Some(Action::Up) => self.help_scroll = self.help_scroll.saturating_sub(1),
                Some(Action::Down) => self.help_scroll = self.help_scroll.saturating_add(1).min(80),
                Some(Action::PageUp) => self.help_scroll = self.help_scroll.saturating_sub(10),
                Some(Action::PageDown) => {
                    self.help_scroll = self.help_scroll.saturating_add(10).min(80)
                }
                Some(Action::Quit) => self.quit = true,
                _ => self.help = false,
            }
            return;
        }
        if self.tour_takes_keys() {
            self.tour_entry_key(key);
            return;
        }
        if self.mode == Mode::Normal && super::views::softmax_key(self, key) {
            return;
        }
        match self.mode.clone() {
            Mode::Normal => {
                if let Some(action) = keys::action(key, self.test_panic) {
                    self.act(action);
                }
            }
            Mode::Edit { field, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.mode = Mode::Edit { field, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::Edit { buffer, .. } =
                        std::mem::replace(&mut self.mode, Mode::Normal)
                {
                    self.commit_text(field, buffer.text().trim());
                }
            }
            Mode::EditInput { input, buffer } => {
                if let Some(buffer) = self.text_key(key, buffer) {
                    self.mode = Mode::EditInput { input, buffer };
                } else if key.code == KeyCode::Enter
                    && let Mode::EditInput { buffer, .. } =
                        std::mem::replace(&mut self.mode, Mode::Normal)
                {
                    let text = buffer.text();
                    match text.trim().parse::<f64>() {
                        Ok(v) => self.set_input(input, v),
                        Err(_) => {
                            self.error(format!("{:?} is not a number; value kept", text.trim()))
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
                self.mode = Mode::Normal;
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
    pub fn act(&mut self, action: Action) {
        if self.help {
            match action {
                Action::Quit => self.quit = true,
                _ => self.help = false,
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
                self.mode = Mode::Picker {
                    entries: preset_entries(self.save_dir.as_path()),
                    selected: 0,
                }
            }
            Action::Save => {
                let path = self
                    .save_dir
                    .join(format!("{}-edited.ron", self.preset.name));
                self.mode = Mode::Save {
                    buffer: TextInput::new(&path.display().to_string()),
                    confirm: false,
                };
            }
            Action::Export => self.export(),
            Action::Figure => self.figure(),
            Action::Slower => self.set_pace(self.pace.saturating_sub(1)),
            Action::Faster => self.set_pace((self.pace + 1).min(PACES.len() - 1)),
            Action::LogScale => {
                self.log_scale = !self.log_scale;
                self.info(if self.log_scale {
                    "cost axis: log scale"
                } else {
                    "cost axis: linear"
                });
            }
            Action::Normalize => {
                self.normalized = !self.normalized;
                self.info(if self.normalized {
                    "cost shown as C/C0: each run relative to its epoch-0 cost"
                } else {
                    "cost shown as C"
                });
            }
            Action::Markers => {
                self.ascii = !self.ascii;
                self.info(if self.ascii {
                    "chart markers: ASCII"
                } else {
                    "chart markers: braille"
                });
            }
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
            }
            Action::PageUp | Action::PageDown => {
                let down = action == Action::PageDown;
                let step = |v: u16| {
                    if down {
                        v.saturating_add(10).min(500)
                    } else {
                        v.saturating_sub(10)
                    }
                };
                match self.tab {
                    Tab::Exercises => self.exercises.scroll = step(self.exercises.scroll),
                    Tab::About => self.about_scroll = step(self.about_scroll),
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
                if self.preset.runs.iter().all(|r| r.is_single_neuron()) {
                    self.params_view = !self.params_view;
                    self.info(if self.params_view {
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
                self.cursor = None;
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
            self.exercises.on_inputs = !self.exercises.on_inputs;
            return;
        }
        let order = [Focus::Metrics, Focus::Params, Focus::Neuron];
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let i = if forward { (i + 1) % 3 } else { (i + 2) % 3 };
        self.focus = order[i];
    }

    pub(super) fn set_pace(&mut self, pace: usize) {
        self.pace = pace;
        self.outbox.push(Command::Speed(self.pace()));
        self.info(format!("speed: {}", self.pace_words()));
    }

    fn navigate(&mut self, action: Action) {
        match self.tab {
            Tab::Lab => match self.focus {
                Focus::Params => self.params_nav(action),
                Focus::Metrics => self.cursor_nav(action),
                Focus::Neuron => match action {
                    Action::Up | Action::Left => {
                        self.selected_run = self.selected_run.saturating_sub(1)
                    }
                    Action::Down | Action::Right => {
                        self.selected_run =
                            (self.selected_run + 1).min(self.preset.runs.len().saturating_sub(1))
                    }
                    _ => {}
                },
            },
            Tab::Exercises => self.exercise_nav(action),
            Tab::About => match action {
                Action::Up => self.about_scroll = self.about_scroll.saturating_sub(1),
                Action::Down => self.about_scroll = self.about_scroll.saturating_add(1).min(500),
                _ => {}
            },
        }
    }

    fn cursor_nav(&mut self, action: Action) {
        let last = self
            .store
            .histories
            .iter()
            .filter_map(|h| h.cost.last().map(|p| p.0))
            .fold(0.0, f64::max);
        let fine = (last / 100.0).floor().max(1.0);
        let coarse = (last / 10.0).floor().max(1.0);
        let cur = self.cursor.unwrap_or(last);
        let next = match action {
            Action::Left => cur - fine,
            Action::Right => cur + fine,
            Action::CoarseLeft => cur - coarse,
            Action::CoarseRight => cur + coarse,
            Action::Home => 0.0,
            Action::End => last,
            _ => return,
        };
        self.cursor = Some(next.clamp(0.0, last));
    }
}
