//! The formula view: a single sigmoid neuron as the book draws it, x --w--> z = w.x + b
//! --sigma--> a, at the readout epoch (the chart cursor's, or the newest), and its gradient for
//! the run's cost with the numbers in (Eq. 55-56 quadratic, Eq. 61-62 cross-entropy), computed
//! by [`crate::views::formula`]. With several training examples the terms are the first
//! example's, and the pane says the gradient is their mean over the examples. Draws from
//! plain data and changes nothing.

use super::neuron::neuron_at;
use super::{block, flow, item, wrap_line, wrap_text};
use crate::format;
use crate::tui::lab::{Focus, LabView};
use crate::views::formula::terms;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// A list of numbers as the book writes a vector: one number bare, several in parentheses.
fn list(v: &[f64]) -> String {
    let whole = |x: f64| {
        if x == x.round() && x.abs() < 1e6 {
            format!("{x:.0}")
        } else {
            format::short(x)
        }
    };
    match v {
        [one] => whole(*one),
        _ => format!(
            "({})",
            v.iter().map(|x| whole(*x)).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let epoch = super::metrics::view_epoch(view);
    let b = block(
        view.theme,
        format!(" Formula · epoch {epoch:.0} "),
        view.lab.focus == Focus::Neuron,
    );
    let inner = b.inner(area);
    b.render(area, buf);
    let width = inner.width as usize;
    let dim = view.theme.dim;
    let sigmoid_runs = view
        .preset
        .runs
        .iter()
        .all(nnlab_core::run::RunConfig::is_sigmoid_neuron);
    let Some((x, y)) = view.store.first_example.clone().filter(|_| sigmoid_runs) else {
        Paragraph::new(wrap_text(
            "this view writes a single sigmoid neuron's gradient with its numbers (Eq. 55-56, 61-62); this preset's runs are networks (the Gradients pane shows each layer's)",
            width,
            dim,
        ))
        .render(inner, buf);
        return;
    };
    let n = view.store.split.0;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let n_runs = view.preset.runs.len();
    let sel = view.lab.selected_run.min(n_runs.saturating_sub(1));
    for r in (0..n_runs).map(|k| (sel + k) % n_runs) {
        let cfg = &view.preset.runs[r];
        let color = Style::new().fg(view.theme.run_color(view.slot(r)));
        let Some((_, m)) = neuron_at(view, r) else {
            continue;
        };
        lines.push(Line::from(vec![
            Span::styled(if r == sel { "▶ " } else { "  " }, view.theme.key),
            Span::styled(
                cfg.shown_label().into_owned(),
                view.theme.title.fg(view.theme.run_color(view.slot(r))),
            ),
        ]));
        // the neuron, left to right
        let items = vec![
            item(view.theme, "x ", list(&x)),
            vec![
                Span::styled("─", dim),
                Span::styled("w ", dim),
                Span::raw(list(&m.w)),
                Span::styled("─▶", dim),
            ],
            item(view.theme, "z = w·x+b ", format::short(m.z)),
            vec![Span::styled("─σ─▶", dim)],
            item(view.theme, "a ", format::short(m.a)),
            item(view.theme, "y ", list(&y)),
        ];
        let mut row = flow(items, width.saturating_sub(2));
        for l in &mut row {
            l.spans.insert(0, Span::raw("  "));
        }
        lines.extend(row);
        if n > 1 {
            lines.extend(wrap_text(
                &format!("  for the first of the {n} training examples:"),
                width,
                dim,
            ));
        }
        for (k, t) in terms(cfg.cost, &x, y.first().copied().unwrap_or(0.0), m.z)
            .into_iter()
            .enumerate()
        {
            lines.extend(wrap_line(
                Line::from(vec![
                    Span::styled(format!("  {} = ", t.name), color),
                    Span::styled(t.formula, dim),
                ]),
                width,
            ));
            lines.extend(wrap_line(
                Line::from(vec![
                    Span::raw(format!("    = {} = ", t.substituted)),
                    Span::styled(format::short(t.value), view.theme.title),
                ]),
                width,
            ));
            if n > 1 {
                let mean = if k < m.dc_dw.len() {
                    m.dc_dw[k]
                } else {
                    m.dc_db
                };
                lines.extend(wrap_text(
                    &format!("    mean over the {n} examples: {}", format::short(mean)),
                    width,
                    dim,
                ));
            }
        }
    }
    let h = inner.height as usize;
    if lines.len() > h && h > 0 {
        lines.truncate(h - 1);
        let hint = if view.lab.focus == Focus::Neuron {
            "↓ more: ↑↓ picks run"
        } else {
            "↓ more: Tab here, ↑↓ run"
        };
        lines.push(Line::from(Span::styled(hint, dim)));
    }
    Paragraph::new(lines).render(inner, buf);
}
