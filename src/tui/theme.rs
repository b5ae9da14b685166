//! Every style of the lab, in one place.

use ratatui::style::{Color, Modifier, Style};

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

/// The theme.
pub const THEME: Theme = Theme {
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

/// The colour of run `i`.
pub fn run_color(i: usize) -> Color {
    THEME.runs[i % THEME.runs.len()]
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
