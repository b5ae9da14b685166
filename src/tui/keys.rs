//! Key bindings: one table, read by the key handler and rendered by the help overlay.
//!
//! About 400 lines because the table is one concept: every binding with its keys, action and
//! help text in the order the help lists them; splitting it would put the help's order and
//! the handler's matching in two places.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// What a key asks for; the app's `update` decides what it means in the current context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Run or pause training.
    TogglePlay,
    /// Train one epoch.
    Step,
    /// Restart every run of the preset.
    Reset,
    /// Focus the next pane.
    FocusNext,
    /// Focus the previous pane.
    FocusPrev,
    /// Show the lab tab.
    TabLab,
    /// Show the exercises tab.
    TabExercises,
    /// Show the about tab.
    TabAbout,
    /// Open the preset picker.
    Picker,
    /// Save the current settings as a preset.
    Save,
    /// Export the metrics as CSV.
    Export,
    /// Write the current chart as an SVG figure.
    Figure,
    /// Play slower.
    Slower,
    /// Play faster.
    Faster,
    /// Toggle the log-scale cost axis.
    LogScale,
    /// Toggle C/C0.
    Normalize,
    /// Toggle braille/ASCII chart markers.
    Markers,
    /// Cycle the lower right pane: neuron, sigma, cost landscape, learning-speed map, decision,
    /// formula.
    Views,
    /// Switch the cost landscape between the quadratic and cross-entropy surfaces.
    Surface,
    /// Open or close the softmax sliders.
    Softmax,
    /// Open or close the help overlay.
    Help,
    /// Quit.
    Quit,
    /// Move up (previous field, exercise or run).
    Up,
    /// Move down.
    Down,
    /// Decrease the field / move the cursor left.
    Left,
    /// Increase the field / move the cursor right.
    Right,
    /// Coarse decrease / cursor jump left.
    CoarseLeft,
    /// Coarse increase / cursor jump right.
    CoarseRight,
    /// Type an exact value / confirm.
    Enter,
    /// Close, cancel, hide the cursor.
    Escape,
    /// Cursor to the first epoch.
    Home,
    /// Cursor to the newest epoch.
    End,
    /// Tour: the next step.
    TourNext,
    /// Tour: the previous step.
    TourPrev,
    /// Tour: predict (answer the step's question).
    TourAnswer,
    /// Tour: judge the prediction on the run so far.
    TourVerdict,
    /// Tour: show or hide the tour panel (outside tour mode: start the tour).
    TourToggle,
    /// Tour: scroll the panel up.
    TourScrollUp,
    /// Tour: scroll the panel down.
    TourScrollDown,
    /// Scroll the text up a page (exercise, about, help).
    PageUp,
    /// Scroll the text down a page.
    PageDown,
    /// Show or hide the parameters-over-epochs view (single-neuron presets).
    ParamsView,
    /// Test-only: panic inside the UI loop (with NNLAB_TEST_PANIC=1).
    TestPanic,
}

/// One binding: the keys, how the help names them, the action and what it does.
pub struct Binding {
    /// Key codes (characters match with or without Shift).
    pub codes: &'static [KeyCode],
    /// Required modifiers besides Shift on characters.
    pub modifiers: KeyModifiers,
    /// The keys as the help shows them.
    pub keys: &'static str,
    /// The action.
    pub action: Action,
    /// What it does.
    pub help: &'static str,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;

/// Every binding outside text entry, in the order the help lists them.
pub const BINDINGS: &[Binding] = &[
    b(
        &[KeyCode::Char(' ')],
        NONE,
        "space",
        Action::TogglePlay,
        "run / pause training",
    ),
    b(
        &[KeyCode::Char('n')],
        NONE,
        "n",
        Action::Step,
        "train one epoch",
    ),
    b(
        &[KeyCode::Char('r')],
        NONE,
        "r",
        Action::Reset,
        "reset the preset (current settings)",
    ),
    b(
        &[KeyCode::Tab],
        NONE,
        "Tab",
        Action::FocusNext,
        "focus the next pane",
    ),
    b(
        &[KeyCode::BackTab],
        SHIFT,
        "Shift-Tab",
        Action::FocusPrev,
        "focus the previous pane",
    ),
    b(&[KeyCode::Char('1')], NONE, "1", Action::TabLab, "lab tab"),
    b(
        &[KeyCode::Char('2')],
        NONE,
        "2",
        Action::TabExercises,
        "exercises tab",
    ),
    b(
        &[KeyCode::Char('3')],
        NONE,
        "3",
        Action::TabAbout,
        "about this preset",
    ),
    b(
        &[KeyCode::Char('p')],
        NONE,
        "p",
        Action::Picker,
        "pick a preset",
    ),
    b(
        &[KeyCode::Char('s')],
        NONE,
        "s",
        Action::Save,
        "save the settings as a new preset",
    ),
    b(
        &[KeyCode::Char('e')],
        NONE,
        "e",
        Action::Export,
        "export every epoch of every run as CSV",
    ),
    b(
        &[KeyCode::Char('g')],
        NONE,
        "g",
        Action::Figure,
        "write the chart as an SVG figure",
    ),
    b(
        &[KeyCode::Char('[')],
        NONE,
        "[",
        Action::Slower,
        "play slower",
    ),
    b(
        &[KeyCode::Char(']')],
        NONE,
        "]",
        Action::Faster,
        "play faster",
    ),
    b(
        &[KeyCode::Char('l')],
        NONE,
        "l",
        Action::LogScale,
        "log-scale cost axis",
    ),
    b(
        &[KeyCode::Char('c')],
        NONE,
        "c",
        Action::Normalize,
        "cost as C/C0 (relative to epoch 0)",
    ),
    b(
        &[KeyCode::Char('m')],
        NONE,
        "m",
        Action::Markers,
        "braille / ASCII chart markers",
    ),
    b(&[KeyCode::Char('?')], NONE, "?", Action::Help, "this help"),
    b(
        &[KeyCode::Char('q')],
        NONE,
        "q / Ctrl-C",
        Action::Quit,
        "quit",
    ),
    b(
        &[KeyCode::Up, KeyCode::Char('k')],
        NONE,
        "Up/Down k/j",
        Action::Up,
        "select field / run / exercise",
    ),
    b(
        &[KeyCode::Down, KeyCode::Char('j')],
        NONE,
        "",
        Action::Down,
        "",
    ),
    b(
        &[KeyCode::Left, KeyCode::Char('-')],
        NONE,
        "Left/Right -/+",
        Action::Left,
        "nudge the field / move the chart cursor",
    ),
    b(
        &[KeyCode::Right, KeyCode::Char('+'), KeyCode::Char('=')],
        NONE,
        "",
        Action::Right,
        "",
    ),
    b(
        &[KeyCode::Left],
        SHIFT,
        "Shift-Left/Right",
        Action::CoarseLeft,
        "coarse nudge / cursor jump",
    ),
    b(&[KeyCode::Right], SHIFT, "", Action::CoarseRight, ""),
    b(
        &[KeyCode::Enter],
        NONE,
        "Enter",
        Action::Enter,
        "type an exact value",
    ),
    b(
        &[KeyCode::Esc],
        NONE,
        "Esc",
        Action::Escape,
        "close / cancel / hide the cursor",
    ),
    b(
        &[KeyCode::Char('v')],
        NONE,
        "v",
        Action::Views,
        "lower pane: neuron, σ(z), landscape, map, decision, formula",
    ),
    b(
        &[KeyCode::Char('x')],
        NONE,
        "x",
        Action::Surface,
        "landscape: quadratic / cross-entropy",
    ),
    b(
        &[KeyCode::Char('o')],
        NONE,
        "o",
        Action::Softmax,
        "softmax sliders (Eq. 78, 83)",
    ),
    b(
        &[KeyCode::Home],
        NONE,
        "Home/End",
        Action::Home,
        "chart cursor to the first / last epoch",
    ),
    b(&[KeyCode::End], NONE, "", Action::End, ""),
    b(
        &[KeyCode::Char('t')],
        NONE,
        "t",
        Action::TourToggle,
        "tour: start it, or show / hide its panel",
    ),
    b(
        &[KeyCode::Char('>'), KeyCode::Char('.')],
        NONE,
        "> (or .)",
        Action::TourNext,
        "tour: next step",
    ),
    b(
        &[KeyCode::Char('<'), KeyCode::Char(',')],
        NONE,
        "< (or ,)",
        Action::TourPrev,
        "tour: previous step",
    ),
    b(
        &[KeyCode::Char('a')],
        NONE,
        "a",
        Action::TourAnswer,
        "tour: predict (a letter, or a number + Enter)",
    ),
    b(
        &[KeyCode::Char('f')],
        NONE,
        "f",
        Action::TourVerdict,
        "tour: judge the prediction so far",
    ),
    b(
        &[KeyCode::PageUp],
        NONE,
        "PgUp/PgDn",
        Action::PageUp,
        "scroll the exercise, About, tour panel, help",
    ),
    b(&[KeyCode::PageDown], NONE, "", Action::PageDown, ""),
    b(
        &[KeyCode::Char('w')],
        NONE,
        "w",
        Action::ParamsView,
        "show / hide a, w and b over the epochs (one neuron)",
    ),
];

const fn b(
    codes: &'static [KeyCode],
    modifiers: KeyModifiers,
    keys: &'static str,
    action: Action,
    help: &'static str,
) -> Binding {
    Binding {
        codes,
        modifiers,
        keys,
        action,
        help,
    }
}

/// The action of a key outside text entry, if any.
pub fn action(key: KeyEvent, test_panic: bool) -> Option<Action> {
    if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
        return Some(Action::Quit);
    }
    if test_panic && key.code == KeyCode::F(12) {
        return Some(Action::TestPanic);
    }
    let mods = key.modifiers - KeyModifiers::CONTROL - KeyModifiers::ALT;
    if mods != key.modifiers {
        return None;
    }
    BINDINGS.iter().find_map(|bind| {
        let code_matches = bind.codes.contains(&key.code);
        let mods_match = match key.code {
            KeyCode::Char(_) | KeyCode::BackTab => true,
            _ => mods == bind.modifiers,
        };
        (code_matches && mods_match).then_some(bind.action)
    })
}
