//! The tour panel: the current step (what the book says, what to do and look at, the question,
//! the prediction and its judgement), drawn from the tour state and changing nothing.

use super::block;
use crate::format;
use crate::tour::{Given, Truth, Value};
use crate::tui::theme::Theme;
use crate::tui::tour::option_key;
use crate::tui::tour::{Entry, TourState, place};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// The panel's lines for the tour's current step.
pub fn lines(t: &TourState, theme: &Theme) -> Vec<Line<'static>> {
    let step = t.current();
    let mut out: Vec<Line<'static>> = Vec::new();
    let record = t.progress.steps.get(&step.id);
    let heading = |s: &str| Line::from(Span::styled(s.to_string(), theme.title));
    out.push(Line::from(Span::styled(
        step.title.clone(),
        theme.title.add_modifier(Modifier::BOLD),
    )));
    let (_, fallback) = place(&step.view);
    out.push(Line::from(Span::styled(
        format!("preset {}, view {}", step.preset, step.view),
        theme.dim,
    )));
    if let Some(f) = fallback {
        out.push(Line::from(Span::styled(f.to_string(), theme.warn)));
    }
    if let Some(note) = &t.note {
        out.push(Line::from(Span::styled(note.clone(), theme.error)));
    }
    out.push(Line::raw(""));
    if let Some(q) = &step.question {
        out.push(heading("Predict"));
        out.push(Line::raw(q.prompt.clone()));
        let given = record.and_then(|p| p.answer);
        let right = t.judgement.as_ref().map(|j| j.right);
        for (k, o) in q.options().iter().enumerate() {
            let chosen = given == Some(Given::Choice(k));
            let is_right = right == Some(Truth::Choice(k));
            let mark = match (chosen, is_right) {
                (true, true) => "*+",
                (true, false) => "* ",
                (false, true) => " +",
                (false, false) => "  ",
            };
            let style = if is_right { theme.good } else { theme.text };
            out.push(Line::from(vec![
                Span::styled(format!("{mark}{}) ", option_key(k)), theme.key),
                Span::styled(o.to_string(), style),
            ]));
        }
        match (&t.entry, given) {
            (Some(Entry::Choice), _) => out.push(Line::from(Span::styled(
                format!(
                    "your answer: press a-{}",
                    option_key(q.options().len().saturating_sub(1))
                ),
                theme.key,
            ))),
            (Some(Entry::Number(buf)), _) => out.push(Line::from(vec![
                Span::styled("your answer: ", theme.key),
                Span::styled(format!("{buf}_"), theme.selected),
                Span::styled("  Enter", theme.dim),
            ])),
            (None, Some(Given::Number(v))) => {
                out.push(Line::raw(format!("your answer: {}", format::brief(v))));
            }
            (None, Some(Given::Choice(_))) => {
                // The key to the marks beside the options.
                let key = if t.judgement.is_some() {
                    "* your answer  + what the run did"
                } else {
                    "* your answer (+ marks what the run did, once judged)"
                };
                out.push(Line::from(Span::styled(key, theme.dim)));
            }
            (None, None) => out.push(Line::from(Span::styled(
                "press a to predict, then space to run",
                theme.key,
            ))),
        }
        if let Some(j) = &t.judgement {
            if let Some(g) = &t.grade {
                out.push(Line::from(Span::styled(
                    g.text.clone(),
                    if g.right { theme.good } else { theme.bad },
                )));
            } else if let Truth::Number(v) = j.right {
                out.push(Line::raw(match v {
                    Value::Number(x) => format!("+ the run gives {}", format::brief(x)),
                    Value::Never => format!("+ not within the {} epochs run", j.epochs),
                }));
            }
            out.push(heading("What happened"));
            for h in &j.happened {
                out.push(Line::from(Span::styled(format!("- {h}"), theme.dim)));
            }
            // A grade already says where the settings differ.
            if t.grade.is_none() && !j.differs.is_empty() {
                out.push(Line::from(Span::styled(
                    format!(
                        "your settings differ from the step's: {}",
                        j.differs.join("; ")
                    ),
                    theme.warn,
                )));
            }
        } else if let Some(right) = record.and_then(|p| p.right) {
            out.push(Line::from(Span::styled(
                format!(
                    "judged earlier: {}; run again to see it",
                    if right { "right" } else { "not right" }
                ),
                theme.dim,
            )));
        }
        out.push(Line::raw(""));
    }
    for (title, text) in [
        ("The book", &step.book),
        ("Do", &step.todo),
        ("Look at", &step.look),
    ] {
        out.push(heading(title));
        out.push(Line::raw(text.clone()));
    }
    if !step.exercises.is_empty() {
        out.push(heading("Exercises (2 for the tab)"));
        out.push(Line::raw(step.exercises.join(", ")));
    }
    out.push(Line::raw(""));
    out.push(Line::from(Span::styled(
        "a predict  f judge  > next  < back  t hide  PgUp/PgDn scroll",
        theme.dim,
    )));
    out
}

/// Draws the panel.
pub fn render(tour: Option<&TourState>, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let Some(t) = tour else {
        return;
    };
    let n = t.tour.steps.len();
    let done = t.progress.done_count(&t.tour);
    let title = format!(" Tour {}/{n} ({done} done) ", t.step.min(n - 1) + 1);
    let b = block(theme, title, t.entry.is_some());
    let inner = b.inner(area);
    b.render(area, buf);
    let width = inner.width as usize;
    let wrapped: Vec<Line<'static>> = lines(t, theme)
        .into_iter()
        .flat_map(|l| super::wrap_line(l, width))
        .collect();
    let (total, h) = (wrapped.len(), inner.height as usize);
    // Scrolled no further than the last screenful.
    let scroll = (t.scroll as usize).min(total.saturating_sub(h));
    Paragraph::new(wrapped)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
    super::more_marker(theme, area, buf, scroll, h, total, "PgUp/PgDn");
}
