//! The about tab: the preset's description, data and runs, and the equations it is about.

use super::{block, wrap_line};
use crate::tui::about::AboutState;
use crate::tui::lab::LabView;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// Draws the tab.
pub fn render(view: &LabView<'_>, about: &AboutState, area: Rect, buf: &mut Buffer) {
    let b = block(view.theme, format!(" About: {} ", view.preset.name), false);
    let inner = b.inner(area);
    b.render(area, buf);
    let mut lines = vec![
        Line::from(view.preset.description.clone()),
        Line::raw(""),
        Line::from(vec![
            Span::styled("data    ", view.theme.dim),
            Span::raw(view.store.data_summary.clone()),
        ]),
        Line::from(vec![
            Span::styled("epochs  ", view.theme.dim),
            Span::raw(format!(
                "{}   seed {}",
                view.preset.epochs, view.preset.seed
            )),
        ]),
        Line::raw(""),
    ];
    for (i, r) in view.preset.runs.iter().enumerate() {
        lines.push(Line::from(vec![
            Span::styled(
                format!("{} ", view.theme.run_symbol(view.slot(i))),
                Style::new().fg(view.theme.run_color(view.slot(i))),
            ),
            Span::styled(format!("{:<16}", r.shown_label()), view.theme.title),
            Span::raw(format!(
                "layers {:?}, {} output, {} cost, eta {}, mini-batch {}, init {}, update {}",
                r.layers,
                r.output.name(),
                r.cost.name(),
                r.eta,
                r.mini_batch,
                r.init.name(),
                r.update.name()
            )),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(Span::styled(
        "The equations behind the curves",
        view.theme.title,
    )));
    for (eq, text) in [
        (
            "Eq. (54)",
            "quadratic cost of one neuron: C = (y - a)^2 / 2",
        ),
        (
            "Eq. (55)-(56)",
            "its gradient: dC/dw = (a - y) σ'(z) x, dC/db = (a - y) σ'(z); σ'(z) is tiny when a is near 0 or 1",
        ),
        (
            "Eq. (57)",
            "cross-entropy: C = -[y ln a + (1 - y) ln(1 - a)], averaged over the n training examples",
        ),
        (
            "Eq. (61)-(62)",
            "its gradient: dC/dw = x (σ(z) - y), dC/db = σ(z) - y; σ'(z) cancels",
        ),
        (
            "Eq. (65)-(67)",
            "in a network the output error is delta^L = (a^L - y) ⊙ σ'(z^L) for the quadratic, a^L - y for the cross-entropy",
        ),
        (
            "Eq. (78)-(82)",
            "softmax output with the log-likelihood cost: the same a - y error",
        ),
    ] {
        lines.push(Line::from(vec![
            Span::styled(format!("{eq:<15}"), view.theme.key),
            Span::raw(text),
        ]));
    }
    let width = inner.width as usize;
    let lines: Vec<Line> = lines
        .into_iter()
        .flat_map(|l| wrap_line(l, width))
        .collect();
    let h = inner.height as usize;
    let max_scroll = lines.len().saturating_sub(h);
    let scroll = (about.scroll as usize).min(max_scroll);
    super::more_marker(
        view.theme,
        area,
        buf,
        scroll,
        h,
        lines.len(),
        "↑↓ PgUp PgDn",
    );
    Paragraph::new(lines)
        .scroll((scroll as u16, 0))
        .render(inner, buf);
}
