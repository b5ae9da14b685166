//! Every style of the lab, in one place, in three themes: dark (the default), light (for
//! light terminal backgrounds) and mono (no colour at all: NO_COLOR). Panes read the active
//! theme through [`THEME`]; without colour, runs keep apart by their symbols and markers
//! ([`run_symbol`], [`run_marker`]) and by their labels.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use std::sync::atomic::{AtomicU8, Ordering};

/// The lab's styles.
pub struct Theme {
    /// Plain text.
    pub text: Style,
    /// Secondary text (units, hints).
    pub dim: Style,
    /// Pane borders.
    pub border: Style,
    /// The focused pane's border.
    pub focused: Style,
    /// Titles.
    pub title: Style,
    /// The selected row.
    pub selected: Style,
    /// Key names in hints.
    pub key: Style,
    /// Error messages.
    pub error: Style,
    /// Info messages.
    pub info: Style,
    /// Good news (holds, running).
    pub good: Style,
    /// Bad news (fails, diverged).
    pub bad: Style,
    /// Warnings (paused).
    pub warn: Style,
    /// The header bar.
    pub header: Style,
    /// The chart cursor.
    pub cursor: Style,
    /// One colour per run, cycled.
    pub runs: [Color; 6],
}

/// Which theme.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
pub enum ThemeKind {
    /// Light text on a dark background (the default).
    Dark,
    /// Dark text on a light background.
    Light,
    /// No colour: bold, reverse and dim only; runs told apart by symbols (NO_COLOR).
    Mono,
}

impl ThemeKind {
    /// The theme's styles.
    pub fn theme(self) -> &'static Theme {
        match self {
            ThemeKind::Dark => &DARK,
            ThemeKind::Light => &LIGHT,
            ThemeKind::Mono => &MONO,
        }
    }

    /// The theme's name (as `--theme` takes it).
    pub fn name(self) -> &'static str {
        match self {
            ThemeKind::Dark => "dark",
            ThemeKind::Light => "light",
            ThemeKind::Mono => "mono",
        }
    }
}

/// The dark theme (the lab's original colours).
pub const DARK: Theme = Theme {
    text: Style::new().fg(Color::Reset),
    dim: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::DarkGray),
    focused: Style::new().fg(Color::LightYellow),
    title: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    key: Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    error: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    info: Style::new().fg(Color::LightCyan),
    good: Style::new().fg(Color::LightGreen),
    bad: Style::new().fg(Color::LightRed),
    warn: Style::new().fg(Color::Yellow),
    header: Style::new().add_modifier(Modifier::BOLD),
    cursor: Style::new().fg(Color::Gray),
    runs: [
        Color::LightRed,
        Color::LightCyan,
        Color::LightGreen,
        Color::LightMagenta,
        Color::Yellow,
        Color::LightBlue,
    ],
};

/// The light theme: the same hues, dark enough to read on white.
pub const LIGHT: Theme = Theme {
    text: Style::new().fg(Color::Reset),
    dim: Style::new().fg(Color::DarkGray),
    border: Style::new().fg(Color::Gray),
    focused: Style::new().fg(Color::Blue),
    title: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::BOLD),
    key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    info: Style::new().fg(Color::Blue),
    good: Style::new().fg(Color::Green),
    bad: Style::new().fg(Color::Red),
    warn: Style::new().fg(Color::Magenta),
    header: Style::new().add_modifier(Modifier::BOLD),
    cursor: Style::new().fg(Color::DarkGray),
    runs: [
        Color::Red,
        Color::Cyan,
        Color::Green,
        Color::Magenta,
        Color::Indexed(130), // dark orange: yellow does not read on white
        Color::Blue,
    ],
};

/// No colour: every style is a modifier on the terminal's own colours.
pub const MONO: Theme = Theme {
    text: Style::new(),
    dim: Style::new().add_modifier(Modifier::DIM),
    border: Style::new(),
    focused: Style::new().add_modifier(Modifier::BOLD),
    title: Style::new().add_modifier(Modifier::BOLD),
    selected: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    key: Style::new().add_modifier(Modifier::BOLD),
    error: Style::new().add_modifier(Modifier::BOLD),
    info: Style::new(),
    good: Style::new(),
    bad: Style::new().add_modifier(Modifier::BOLD),
    warn: Style::new().add_modifier(Modifier::BOLD),
    header: Style::new().add_modifier(Modifier::BOLD),
    cursor: Style::new().add_modifier(Modifier::DIM),
    runs: [Color::Reset; 6],
};

static ACTIVE: AtomicU8 = AtomicU8::new(0);

/// Makes `kind` the theme every pane draws with (the lab sets it once at start).
pub fn set(kind: ThemeKind) {
    let v = match kind {
        ThemeKind::Dark => 0,
        ThemeKind::Light => 1,
        ThemeKind::Mono => 2,
    };
    ACTIVE.store(v, Ordering::Relaxed);
}

/// The active theme.
pub fn active() -> ThemeKind {
    match ACTIVE.load(Ordering::Relaxed) {
        1 => ThemeKind::Light,
        2 => ThemeKind::Mono,
        _ => ThemeKind::Dark,
    }
}

/// The active theme's styles, read as `THEME.text`, `THEME.dim`, ...
pub struct ActiveTheme;

impl std::ops::Deref for ActiveTheme {
    type Target = Theme;
    fn deref(&self) -> &Theme {
        active().theme()
    }
}

/// The theme (the active one; see [`set`]).
pub static THEME: ActiveTheme = ActiveTheme;

/// The colour of run `i` (the terminal's own colour in the mono theme).
pub fn run_color(i: usize) -> Color {
    THEME.runs[i % THEME.runs.len()]
}

/// Symbols that tell runs apart without colour, one per run colour.
const SYMBOLS: [char; 6] = ['●', '+', 'x', '■', 'o', '*'];

/// The symbol that stands for run `i` in legends and readouts: a dot in its colour, or
/// without colour a shape of its own.
pub fn run_symbol(i: usize) -> &'static str {
    if active() == ThemeKind::Mono {
        ["●", "+", "x", "■", "o", "*"][i % SYMBOLS.len()]
    } else {
        "●"
    }
}

/// The chart marker of run `i`: `default` (braille or dots) in colour; without colour the
/// run's own symbol, so the curves stay apart.
pub fn run_marker(i: usize, default: Marker) -> Marker {
    if active() == ThemeKind::Mono {
        Marker::Custom(SYMBOLS[i % SYMBOLS.len()])
    } else {
        default
    }
}

/// The legend name of run `i`: prefixed with its symbol when there is no colour to match.
pub fn run_legend(i: usize, name: String) -> String {
    if active() == ThemeKind::Mono {
        format!("{} {name}", run_symbol(i))
    } else {
        name
    }
}

/// True when the environment asks for no colour (NO_COLOR set and not empty; no-color.org).
pub fn no_color_env() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The theme to use: an explicit `--theme` wins, then NO_COLOR, then the remembered choice,
/// then dark.
pub fn resolve(
    flag: Option<ThemeKind>,
    no_color: bool,
    remembered: Option<ThemeKind>,
) -> ThemeKind {
    match (flag, no_color, remembered) {
        (Some(kind), _, _) => kind,
        (None, true, _) => ThemeKind::Mono,
        (None, false, Some(kind)) => kind,
        (None, false, None) => ThemeKind::Dark,
    }
}

/// The colour of the k-th parameter curve of the parameters view (a, w1, w2, ..., b), apart
/// from the run colours.
pub fn param_color(k: usize) -> Color {
    const PARAMS: [Color; 6] = [
        Color::White,
        Color::Yellow,
        Color::Green,
        Color::Magenta,
        Color::Blue,
        Color::Cyan,
    ];
    PARAMS[k % PARAMS.len()]
}
