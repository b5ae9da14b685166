//! The neuron pane: for single-neuron runs z, a = sigma(z), sigma'(z), dC/dw and dC/db with
//! bars, which shows why the quadratic cost learns slowly when a is near 1 (Eq. 55-56) and the
//! cross-entropy does not (Eq. 61-62). For networks: per-layer gradient norms.

use super::{bar, block, num};
use crate::math::{Cost, sigmoid_prime};
use crate::net::{EpochMetrics, Update};
use crate::tui::app::{App, Focus};
use crate::tui::theme::{THEME, run_color};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

fn why(cost: Cost, update: Update) -> &'static str {
    match (cost, update) {
        (_, Update::BookDemo) => "book-demo step: dC/da, no σ'(z)",
        (Cost::Quadratic, _) => "(a-y)σ'(z)x: slow near a=0,1 (Eq. 55)",
        (Cost::CrossEntropy, _) => "x(a-y): no σ'(z) (Eq. 61)",
        (Cost::LogLikelihood, _) => "a-y for softmax (Eq. 81-82)",
    }
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

/// Draws the pane.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let single = app.preset.runs.iter().all(|r| r.is_sigmoid_neuron());
    let title = if single {
        " Neuron: why it learns slowly, or not "
    } else {
        " Gradient norms per layer "
    };
    let b = block(title, app.focus == Focus::Neuron);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.width < 20 || inner.height < 2 {
        return;
    }
    let lines = if single {
        neuron_lines(app, inner.width as usize)
    } else {
        gradient_lines(app, inner.width as usize)
    };
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn order(app: &App) -> Vec<usize> {
    let n = app.preset.runs.len();
    let sel = app.selected_run.min(n.saturating_sub(1));
    (0..n).map(|k| (sel + k) % n).collect()
}

fn neuron_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let bar_w = width.saturating_sub(33).max(4);
    let metrics: Vec<Option<&EpochMetrics>> =
        (0..app.preset.runs.len()).map(|r| app.latest(r)).collect();
    let max_grad = metrics
        .iter()
        .flatten()
        .filter_map(|m| m.neuron.as_ref())
        .flat_map(|n| [norm(&n.dc_dw), n.dc_db.abs()])
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max);
    let mut lines = Vec::new();
    for r in order(app) {
        let cfg = &app.preset.runs[r];
        let color = Style::new().fg(run_color(r));
        let selected = r == app.selected_run;
        lines.push(Line::from(vec![
            Span::styled(if selected { "▶ " } else { "  " }, THEME.key),
            Span::styled(cfg.label.clone(), THEME.title.fg(run_color(r))),
            Span::styled(format!("  {}", why(cfg.cost, cfg.update)), THEME.dim),
        ]));
        let Some(n) = metrics[r].and_then(|m| m.neuron.as_ref()) else {
            lines.push(Line::from(Span::styled("  (no data yet)", THEME.dim)));
            continue;
        };
        let sp = sigmoid_prime(n.z);
        let w = if n.w.len() == 1 {
            format!("w {}  b {}", num(n.w[0]), num(n.b))
        } else {
            format!("|w| {}  b {}", num(norm(&n.w)), num(n.b))
        };
        lines.push(Line::from(vec![
            Span::styled("  now     ", THEME.dim),
            Span::raw(w),
            Span::styled(format!("  z = w.x+b = {}", num(n.z)), THEME.dim),
        ]));
        let dw_name = if n.w.len() == 1 { "dC/dw" } else { "|dC/dw|" };
        let rows: [(&str, f64, f64, &str); 4] = [
            ("a=σ(z)", n.a, n.a, "of 1"),
            ("σ'(z)", sp, sp / 0.25, "of 0.25"),
            (dw_name, norm(&n.dc_dw), norm(&n.dc_dw) / max_grad, ""),
            ("dC/db", n.dc_db, n.dc_db.abs() / max_grad, ""),
        ];
        for (name, value, frac, unit) in rows {
            lines.push(Line::from(vec![
                Span::styled(format!("  {name:<8}"), THEME.dim),
                Span::raw(format!("{:>10} ", num(value))),
                Span::styled(bar(frac, bar_w), color),
                Span::styled(format!(" {unit}"), THEME.dim),
            ]));
        }
    }
    lines
}

fn gradient_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let bar_w = (width.saturating_sub(34) / 2).max(3);
    let mut lines = Vec::new();
    for r in order(app) {
        let cfg = &app.preset.runs[r];
        let color = Style::new().fg(run_color(r));
        lines.push(Line::from(vec![
            Span::styled(if r == app.selected_run { "▶ " } else { "  " }, THEME.key),
            Span::styled(cfg.label.clone(), THEME.title.fg(run_color(r))),
            Span::styled(
                format!("  {:?}, {} cost", cfg.layers, cfg.cost.name()),
                THEME.dim,
            ),
        ]));
        let Some(m) = app.latest(r) else { continue };
        if m.gradient_norms.is_empty() {
            lines.push(Line::from(Span::styled(
                "  (train an epoch to see the gradients)",
                THEME.dim,
            )));
            continue;
        }
        let max = m
            .gradient_norms
            .iter()
            .flat_map(|g| [g.weights, g.biases])
            .filter(|v| v.is_finite())
            .fold(0.0, f64::max);
        lines.push(Line::from(Span::styled(
            "  layer     |dC/dw|              |dC/db|",
            THEME.dim,
        )));
        for (l, g) in m.gradient_norms.iter().enumerate() {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}→{:<5}", l + 1, l + 2), THEME.dim),
                Span::raw(format!("{:>9} ", num(g.weights))),
                Span::styled(
                    format!("{:<w$}", bar(g.weights / max, bar_w), w = bar_w),
                    color,
                ),
                Span::raw(format!("{:>9} ", num(g.biases))),
                Span::styled(bar(g.biases / max, bar_w), color),
            ]));
        }
    }
    lines.push(Line::from(Span::styled(
        "Output error: quadratic delta^L = (a-y)σ'(z) (Eq. 65); cross-entropy delta^L = a-y (Eq. 66).",
        THEME.dim,
    )));
    lines
}
