//! Every style of the lab, in one place, in three themes: dark (the default), light (for
//! light terminal backgrounds) and mono (no colour at all: NO_COLOR). A theme is a value: the
//! lab's UI configuration holds its [`ThemeKind`] and every pane draws with the [`Theme`] it
//! is given (nothing global). Without colour, runs keep apart by their symbols and markers
//! ([`Theme::run_symbol`], [`Theme::run_marker`]) and by their labels.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;

/// The lab's styles.
#[derive(Debug, Clone, PartialEq, Eq)]
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
    /// The run palette: the quadratic's, the cross-entropy's and the log-likelihood's colours,
    /// then a second shade of each for a later run with the same cost.
    pub runs: [Color; 6],
    /// No colour: runs are told apart by symbols.
    pub mono: bool,
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
    // By cost (quadratic, cross-entropy, log-likelihood), then a second shade of each for a
    // later run with the same cost (see LabView::slot).
    runs: [
        Color::LightRed,
        Color::LightCyan,
        Color::LightGreen,
        Color::LightMagenta,
        Color::LightBlue,
        Color::Green,
    ],
    mono: false,
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
    // By cost (quadratic, cross-entropy, log-likelihood), then a second shade of each for a
    // later run with the same cost (see LabView::slot).
    runs: [
        Color::Red,
        Color::Blue,
        Color::Green,
        Color::Indexed(88), // dark red
        Color::Indexed(25), // dark blue
        Color::Indexed(22), // dark green
    ],
    mono: false,
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
    mono: true,
};

/// Symbols that tell runs apart without colour, one per run colour.
const SYMBOLS: [&str; 6] = ["●", "+", "x", "■", "o", "*"];

impl Theme {
    /// The colour of palette slot `i` (a run's is [`LabView::slot`](super::lab::LabView::slot):
    /// by its cost); the terminal's own colour in the mono theme.
    pub fn run_color(&self, i: usize) -> Color {
        self.runs[i % self.runs.len()]
    }

    /// The style of parameter curve `k` (a, w_j, b) in the parameters view: its colour, none
    /// in the mono theme (each curve then has its own symbol).
    pub fn param_style(&self, k: usize) -> Style {
        if self.mono {
            Style::new()
        } else {
            Style::new().fg(param_color(k))
        }
    }

    /// The symbol that stands for run `i` in legends and readouts: a dot in its colour, or
    /// without colour a shape of its own.
    pub fn run_symbol(&self, i: usize) -> &'static str {
        if self.mono {
            SYMBOLS[i % SYMBOLS.len()]
        } else {
            "●"
        }
    }

    /// The chart marker of run `i`: `default` (braille or dots) in colour; without colour the
    /// run's own symbol, so the curves stay apart.
    pub fn run_marker(&self, i: usize, default: Marker) -> Marker {
        if self.mono {
            let c = SYMBOLS[i % SYMBOLS.len()].chars().next().unwrap_or('*');
            Marker::Custom(c)
        } else {
            default
        }
    }

    /// The legend name of run `i`: prefixed with its symbol when there is no colour to match.
    pub fn run_legend(&self, i: usize, name: String) -> String {
        if self.mono {
            format!("{} {name}", self.run_symbol(i))
        } else {
            name
        }
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
        (Some(kind), _, _) | (None, false, Some(kind)) => kind,
        (None, true, _) => ThemeKind::Mono,
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
