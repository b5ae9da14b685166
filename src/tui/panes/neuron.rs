//! The neuron pane: for single-neuron runs z, a = sigma(z), sigma'(z), dC/dw and dC/db with
//! bars, which shows why the quadratic cost learns slowly when a is near 1 (Eq. 55-56) and the
//! cross-entropy does not (Eq. 61-62). For networks: per-layer gradient norms.

use super::metrics::view_epoch;
use super::{bar, block, flow, item, wrap_line, wrap_text};
use crate::book::{Cost, OutputLayer, sigmoid_prime};
use crate::format;
use crate::run::{NeuronMetrics, Update};
use crate::tui::lab::{Focus, LabView};
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn why(cost: Cost, update: Update) -> &'static str {
    match (cost, update) {
        (_, Update::BookDemo) => "book-demo: steps by dC/da, not the gradient",
        (Cost::Quadratic, _) => "(a-y)σ'(z)x: slow near a=0,1 (Eq. 55)",
        (Cost::CrossEntropy, _) => "x(a-y): no σ'(z) (Eq. 61)",
        (Cost::LogLikelihood, _) => "a-y for softmax (Eq. 81-82)",
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let single = view
        .preset
        .runs
        .iter()
        .all(nnlab_core::run::RunConfig::is_sigmoid_neuron);
    let epoch = view_epoch(view);
    let at = if view.lab.cursor.is_some() {
        format!("cursor epoch {epoch:.0}")
    } else {
        format!("epoch {epoch:.0}")
    };
    let titles: Vec<String> = if single {
        vec![
            format!(" Neuron: why it learns slowly, or not · {at} "),
            format!(" Neuron · {at} "),
            format!(" {at} "),
        ]
    } else {
        vec![
            format!(" Gradient norms per layer · {at} "),
            format!(" Gradients · {at} "),
            format!(" {at} "),
        ]
    };
    let room = area.width.saturating_sub(2) as usize;
    let title = titles
        .into_iter()
        .find(|t| t.chars().count() <= room)
        .unwrap_or_default();
    let b = block(view.theme, title, view.lab.focus == Focus::Neuron);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.width < 20 || inner.height < 2 {
        return;
    }
    let width = inner.width as usize;
    let mut lines: Vec<Line> = if single {
        neuron_lines(view, width)
    } else {
        gradient_lines(view, width)
    }
    .into_iter()
    .flat_map(|l| wrap_line(l, width))
    .collect();
    let h = inner.height as usize;
    if lines.len() > h {
        // The selected run comes first; say where the rest went rather than cut it silently.
        lines.truncate(h - 1);
        // ↑↓ picks the run only while this pane has the focus; from elsewhere they move the
        // editor's field or the chart's cursor, so the hint says to come here first.
        let hint = if view.lab.focus == Focus::Neuron {
            "↓ more: ↑↓ picks run"
        } else if width >= 30 {
            "↓ more: Tab here, ↑↓ picks run"
        } else {
            "↓ more: Tab here, ↑↓ run"
        };
        lines.push(Line::from(Span::styled(hint, view.theme.dim)));
        lines = lines
            .into_iter()
            .flat_map(|l| wrap_line(l, width))
            .collect();
        lines.truncate(h);
    }
    Paragraph::new(lines).render(inner, buf);
}

fn order(view: &LabView<'_>) -> Vec<usize> {
    let n = view.preset.runs.len();
    let sel = view.lab.selected_run.min(n.saturating_sub(1));
    (0..n).map(|k| (sel + k) % n).collect()
}

/// The neuron's state of run `r` at the readout epoch (the cursor's, or the newest), with the
/// epoch it was stored at.
pub fn neuron_at(view: &LabView<'_>, r: usize) -> Option<(f64, NeuronMetrics)> {
    let epoch = view_epoch(view);
    view.store.histories.get(r).and_then(|h| h.neuron.at(epoch))
}

/// One row: name, value, a bar of `frac` of `bar_w` cells and a unit after it (every row of a
/// pane has the same `bar_w` and the same scale, so equal values draw equal bars).
fn bar_row(
    theme: &Theme,
    name: &str,
    value: f64,
    frac: f64,
    unit: &str,
    color: Style,
    bar_w: usize,
) -> Line<'static> {
    let mut spans = vec![
        Span::styled(format!("  {name:<8}"), theme.dim),
        Span::raw(format!("{:>7} ", format::short(value))),
    ];
    if bar_w >= 2 {
        spans.push(Span::styled(format!("{:<bar_w$}", bar(frac, bar_w)), color));
    }
    if !unit.is_empty() && bar_w >= 2 {
        spans.push(Span::styled(format!(" {unit}"), theme.dim));
    }
    Line::from(spans)
}

/// The bars' width in a pane `width` columns wide whose longest unit is `unit_w` characters:
/// what is left after the name, the value and the unit (at most 30 cells), the same for every
/// row; where that leaves too little, the units go.
fn bar_width(width: usize, unit_w: usize) -> (usize, bool) {
    let fixed = 2 + 8 + 8;
    if width > fixed + 6 + unit_w {
        ((width - fixed - unit_w - 1).min(30), true)
    } else {
        (width.saturating_sub(fixed).min(30), false)
    }
}

/// The line that prints a pane's one bar scale.
fn scale_line(theme: &Theme, max: f64) -> Line<'static> {
    Line::from(Span::styled(
        format!("  bars: one scale, 0 – {}", format::short(max)),
        theme.dim,
    ))
}

/// One bar scale for the neuron pane: the largest value any of its bars takes in the run (every
/// run, every stored epoch), so that equal values draw equal bars and a bar does not change
/// length with the epoch shown. It grows only when a new value passes it (the pane prints it).
fn neuron_bar_scale(view: &LabView<'_>) -> f64 {
    view.store
        .histories
        .iter()
        .flat_map(|h| h.neuron.values())
        .flat_map(|n| {
            let step = n.step.as_ref().map(|(w, b)| [norm(w), b.abs()]);
            [n.a, sigmoid_prime(n.z), norm(&n.dc_dw), n.dc_db.abs()]
                .into_iter()
                .chain(step.into_iter().flatten())
        })
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

fn neuron_lines(view: &LabView<'_>, width: usize) -> Vec<Line<'static>> {
    let states: Vec<Option<(f64, NeuronMetrics)>> = (0..view.preset.runs.len())
        .map(|r| neuron_at(view, r))
        .collect();
    let scale = neuron_bar_scale(view);
    let steps = states.iter().flatten().any(|(_, n)| n.step.is_some());
    let (bar_w, units) = bar_width(width, if steps { 14 } else { 8 });
    let unit = |u: &'static str| if units { u } else { "" };
    let frac = |v: f64| if scale > 0.0 { v.abs() / scale } else { 0.0 };
    let epoch = view_epoch(view);
    let mut lines = vec![scale_line(view.theme, scale)];
    for r in order(view) {
        let cfg = &view.preset.runs[r];
        let color = Style::new().fg(view.theme.run_color(view.slot(r)));
        let selected = r == view.lab.selected_run;
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, view.theme.key),
            Span::styled(
                cfg.shown_label().into_owned(),
                view.theme.title.fg(view.theme.run_color(view.slot(r))),
            ),
        ]));
        let Some((at, n)) = &states[r] else {
            lines.push(Line::from(Span::styled("  (no data yet)", view.theme.dim)));
            continue;
        };
        let sp = sigmoid_prime(n.z);
        let mut items = vec![vec![Span::raw("  ")]];
        if n.w.len() == 1 {
            items.push(item(view.theme, "w ", format::short(n.w[0])));
        } else {
            for (j, w) in n.w.iter().enumerate() {
                items.push(item(view.theme, format!("w{} ", j + 1), format::short(*w)));
            }
        }
        items.push(item(view.theme, "b ", format::short(n.b)));
        items.push(item(view.theme, "z = w·x+b ", format::short(n.z)));
        if (at - epoch).abs() >= 0.5 {
            items.push(item(view.theme, "stored at epoch ", format!("{at:.0}")));
        }
        let values = flow(items, width);
        let dw_name = if n.w.len() == 1 { "dC/dw" } else { "|dC/dw|" };
        let t = view.theme;
        lines.push(bar_row(t, "a=σ(z)", n.a, frac(n.a), "", color, bar_w));
        lines.push(bar_row(t, "σ'(z)", sp, frac(sp), "", color, bar_w));
        if let Some((sw, sb)) = &n.step {
            // The book-demo rule steps by dC/da (Eq. 75), not by the gradient below: the step
            // it takes comes first, so a short pane shows it before the gradient it skips.
            let name = if sw.len() == 1 { "step w" } else { "|step w|" };
            let s = norm(sw);
            let (uw, ub) = (unit("taken: dC/da·x"), unit("taken: dC/da"));
            lines.push(bar_row(t, name, s, frac(s), uw, color, bar_w));
            lines.push(bar_row(t, "step b", *sb, frac(*sb), ub, color, bar_w));
        }
        let gw = norm(&n.dc_dw);
        let g = unit("gradient");
        lines.push(bar_row(t, dw_name, gw, frac(gw), g, color, bar_w));
        lines.push(bar_row(t, "dC/db", n.dc_db, frac(n.dc_db), g, color, bar_w));
        lines.extend(values);
        lines.extend(wrap_text(
            &format!("  {}", why(cfg.cost, cfg.update)),
            width,
            view.theme.dim,
        ));
    }
    lines
}

fn gradient_lines(view: &LabView<'_>, width: usize) -> Vec<Line<'static>> {
    // "  1→2     " + two "number bar " columns; the bars take what is left, or go.
    let bar_w = (width.saturating_sub(10 + 2 * 10 + 1) / 2).min(20);
    let epoch = view_epoch(view);
    let at: Vec<Option<(f64, Vec<crate::run::LayerGradient>)>> = (0..view.preset.runs.len())
        .map(|r| {
            view.store
                .histories
                .get(r)
                .and_then(|h| h.gradients.at(epoch))
        })
        .collect();
    // One scale for every run's bars and every epoch of the run: a gradient 100 times smaller
    // draws 100 times shorter, and a bar does not change length with the epoch shown.
    let max = view
        .store
        .histories
        .iter()
        .flat_map(|h| h.gradients.values())
        .flat_map(|g| g.iter().flat_map(|g| [g.weights, g.biases]))
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut lines = vec![scale_line(view.theme, max)];
    for r in order(view) {
        let cfg = &view.preset.runs[r];
        let color = Style::new().fg(view.theme.run_color(view.slot(r)));
        lines.push(Line::from(vec![
            Span::styled(
                if r == view.lab.selected_run {
                    "▶ "
                } else {
                    "  "
                },
                view.theme.key,
            ),
            Span::styled(
                cfg.shown_label().into_owned(),
                view.theme.title.fg(view.theme.run_color(view.slot(r))),
            ),
            Span::styled(
                format!("  {:?}, {} cost", cfg.layers, cfg.cost.name()),
                view.theme.dim,
            ),
        ]));
        let Some((_, norms)) = &at[r] else {
            lines.push(Line::from(Span::styled(
                "  (train an epoch to see the gradients)",
                view.theme.dim,
            )));
            continue;
        };
        lines.push(Line::from(Span::styled(
            format!(
                "  layer   {:>9} {:bw$}{:>9}",
                "|dC/dw|",
                "",
                "|dC/db|",
                bw = bar_w + usize::from(bar_w > 0)
            ),
            view.theme.dim,
        )));
        for (l, g) in norms.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}→{:<6}", l + 1, l + 2), view.theme.dim),
                Span::raw(format!("{:>9} ", format::short(g.weights))),
                Span::styled(
                    if bar_w > 0 {
                        format!("{:<w$} ", bar(g.weights / max, bar_w), w = bar_w)
                    } else {
                        String::new()
                    },
                    color,
                ),
                Span::raw(format!("{:>9} ", format::short(g.biases))),
                Span::styled(bar(g.biases / max, bar_w), color),
            ]));
        }
    }
    // The output error of each (output layer, cost) pair the preset runs, with its equation.
    let mut pairs: Vec<String> = Vec::new();
    for cfg in &view.preset.runs {
        let phrase = output_error(cfg.output, cfg.cost);
        if !pairs.contains(&phrase) {
            pairs.push(phrase);
        }
    }
    lines.extend(wrap_text(
        &format!("Output error: {}.", pairs.join("; ")),
        width,
        view.theme.dim,
    ));
    lines
}

/// The output error delta^L of a network with `output` neurons and `cost`, as the book writes
/// it, with its equation number (a no-break space keeps "Eq. 65" on one line).
fn output_error(output: OutputLayer, cost: Cost) -> String {
    match (output, cost) {
        (OutputLayer::Sigmoid, Cost::Quadratic) => {
            "sigmoid + quadratic delta^L = (a-y)σ'(z) (Eq.\u{a0}65)".into()
        }
        (OutputLayer::Sigmoid, Cost::CrossEntropy) => {
            "sigmoid + cross-entropy delta^L = a-y (Eq.\u{a0}66)".into()
        }
        (OutputLayer::Linear, Cost::Quadratic) => {
            "linear + quadratic delta^L = a-y (Eq.\u{a0}68)".into()
        }
        (OutputLayer::Softmax { .. }, Cost::LogLikelihood) => {
            "softmax + log-likelihood delta^L = a-y (Eq.\u{a0}84)".into()
        }
        (OutputLayer::Softmax { .. }, Cost::Quadratic) => {
            "softmax + quadratic delta^L = the softmax's Jacobian times (a-y) (BP1)".into()
        }
        (output, cost) => format!("{} + {} delta^L by BP1", output.name(), cost.name()),
    }
}
