//! The parameters view (single-neuron presets): a = sigma(z), each w_j and b over the epochs.
//! It shows what the norms hide: by Eq. (61) dC/dw_j = x_j (a - y), so each weight moves at
//! a pace set by its input, and a weight whose input is 0 never moves.
//!
//! Every run's numbers at the cursor epoch are listed; the charts (one per run side by side
//! when there is room, else the selected run's) share one vertical scale and the lab's epoch
//! axis.

use super::frame::{Frame, Grid};
use super::metrics::{
    CHART_ROWS, cursor_dataset, draw_chart, hidden_note, linear_label, marker, readout_epoch, span,
    view_epoch,
};
use super::{block, flow, item};
use crate::format;
use crate::tui::lab::LabView;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Dataset, GraphType, Paragraph, Widget};

/// The names of a run's parameters in the order drawn: a, w (or w1, w2, ...), b.
pub fn names(n_weights: usize) -> Vec<String> {
    let mut out = vec!["a".to_string()];
    if n_weights == 1 {
        out.push("w".into());
    } else {
        out.extend((1..=n_weights).map(|j| format!("w{j}")));
    }
    out.push("b".into());
    out
}

/// Run `run`'s curves: (name, [(epoch, value)]) for a, each w_j and b, from the stored
/// (thinned) history, finite values only.
pub fn param_curves(view: &LabView<'_>, run: usize) -> Vec<(String, Vec<(f64, f64)>)> {
    let Some(h) = view.store.histories.get(run) else {
        return Vec::new();
    };
    let pts = h.neuron.points();
    let n_w = pts.first().map_or(0, |(_, n)| n.w.len());
    names(n_w)
        .into_iter()
        .enumerate()
        .map(|(k, name)| {
            let curve = pts
                .iter()
                .filter_map(|(e, n)| {
                    let v = match k {
                        0 => n.a,
                        k if k <= n_w => n.w.get(k - 1).copied().unwrap_or(f64::NAN),
                        _ => n.b,
                    };
                    v.is_finite().then_some((*e, v))
                })
                .collect();
            (name, curve)
        })
        .collect()
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let title = if area.width >= 40 {
        " Parameters over epochs: a, w, b "
    } else {
        " a, w, b "
    };
    let b = block(view.theme, title, false);
    let inner = b.inner(area);
    b.render(area, buf);
    if inner.width < 20 || inner.height < 2 {
        return;
    }
    let width = inner.width as usize;
    let runs = view.preset.runs.len();
    let curves: Vec<_> = (0..runs).map(|r| param_curves(view, r)).collect();
    let epoch = view_epoch(view);
    // Every run's values at the readout epoch.
    // The frame first (its note heads the pane when it grew).
    let start = span(
        curves
            .iter()
            .flatten()
            .filter_map(|(_, c)| c.first())
            .map(|p| p.1),
    );
    if start.is_none() {
        return;
    }
    let seen = span(
        view.store
            .histories
            .iter()
            .filter_map(|h| h.extents.params.range())
            .flat_map(|(lo, hi)| [lo, hi]),
    );
    let frame = Frame::of(
        Grid::Linear,
        start,
        seen,
        curves.iter().flatten().flat_map(|(_, c)| c),
    );
    let note = frame.note().map(|n| vec![Span::styled(n, view.theme.warn)]);
    let shown: Vec<usize> = if runs > 1 && width >= 32 * runs {
        (0..runs).collect()
    } else {
        vec![view.lab.selected_run.min(runs.saturating_sub(1))]
    };
    let mut run_lines = Vec::new();
    for (r, run) in view.preset.runs.iter().enumerate() {
        let mut items = vec![vec![
            Span::styled(
                format!("{} ", view.theme.run_symbol(view.slot(r))),
                Style::new().fg(view.theme.run_color(view.slot(r))),
            ),
            Span::styled(
                run.shown_label().into_owned(),
                Style::new().fg(view.theme.run_color(view.slot(r))),
            ),
        ]];
        if let Some((_, n)) = view.store.histories.get(r).and_then(|h| h.neuron.at(epoch)) {
            let values = [n.a].into_iter().chain(n.w.iter().copied()).chain([n.b]);
            for (k, (name, v)) in names(n.w.len()).into_iter().zip(values).enumerate() {
                // The names in their curves' colours are the charts' key (without colour,
                // each name carries its curve's symbol).
                let name = view.theme.run_legend(k, name);
                let mut it = item(view.theme, format!("{name} "), format::short(v));
                it[0] = Span::styled(format!("{name} "), view.theme.param_style(k));
                items.push(it);
            }
        }
        run_lines.push(items);
    }
    let all_lines = |items: &[Vec<Vec<Span<'static>>>]| {
        items
            .iter()
            .flat_map(|i| flow(i.clone(), width))
            .collect::<Vec<_>>()
    };
    let mut lines = all_lines(&run_lines);
    // Short of room with one chart shown: only its run's values, which then title it (with
    // the key to change it), so the chart keeps its rows.
    let mut titled = true;
    if shown.len() == 1 && inner.height < lines.len() as u16 + CHART_ROWS + 2 {
        let r = shown[0];
        let mut items = run_lines[r].clone();
        if runs > 1 {
            items.push(vec![Span::styled(
                "(↑↓ in Neuron pane: run)",
                view.theme.dim,
            )]);
        }
        lines = flow(items, width);
        titled = false;
    }
    // The readout epoch heads the values, unless the charts would lose their room for it
    // (the cost pane beside them shows it too).
    let head = |epoch: bool| {
        let mut items = Vec::new();
        if epoch {
            items.push(readout_epoch(view));
        }
        items.extend(note.clone());
        flow(items, width)
    };
    let values_h = lines.len() as u16;
    let mut top = head(true);
    if inner.height < top.len() as u16 + values_h + CHART_ROWS + u16::from(titled) {
        top = head(false);
    }
    top.extend(lines);
    let lines = top;
    let text_h = (lines.len() as u16).min(inner.height);
    let [text_area, charts] =
        Layout::vertical([Constraint::Length(text_h), Constraint::Fill(1)]).areas(inner);
    Paragraph::new(lines).render(text_area, buf);
    if charts.height < CHART_ROWS + u16::from(titled) {
        let forms = [
            format!(
                "charts hidden: they need {} rows (a taller terminal shows them)",
                CHART_ROWS + 1
            ),
            "charts hidden (a taller terminal shows them)".to_string(),
            "charts hidden".to_string(),
        ];
        hidden_note(view, &forms, charts, buf);
        return;
    }
    let y = [frame.lo, frame.hi];
    let cols = Layout::horizontal(vec![Constraint::Fill(1); shown.len()]).split(charts);
    for (&r, &col) in shown.iter().zip(cols.iter()) {
        let mut datasets: Vec<Dataset> = curves[r]
            .iter()
            .enumerate()
            .map(|(k, (_, pts))| {
                Dataset::default()
                    .marker(view.theme.run_marker(k, marker(view)))
                    .graph_type(GraphType::Line)
                    .style(view.theme.param_style(k))
                    .data(pts)
            })
            .collect();
        let mut line = Vec::new();
        if let Some(d) = cursor_dataset(view, y, &mut line) {
            datasets.push(d);
        }
        // Whose chart, on a row above it (a title inside the plot would hide the curves).
        let label = view.preset.runs[r].shown_label().into_owned();
        let names = [
            format!(
                "{} {label} (↑↓ in Neuron pane: run)",
                view.theme.run_symbol(view.slot(r))
            ),
            format!("{} {label}", view.theme.run_symbol(view.slot(r))),
        ];
        let title = if shown.len() < runs {
            names
                .into_iter()
                .find(|t| t.chars().count() <= col.width as usize)
        } else {
            Some(names[1].clone()).filter(|t| t.chars().count() <= col.width as usize)
        };
        let [title_area, col] =
            Layout::vertical([Constraint::Length(u16::from(titled)), Constraint::Fill(1)])
                .areas(col);
        if let Some(t) = title {
            Paragraph::new(Span::styled(
                t,
                Style::new().fg(view.theme.run_color(view.slot(r))),
            ))
            .render(title_area, buf);
        }
        let y_labels = [
            linear_label(y[0]),
            linear_label(f64::midpoint(y[0], y[1])),
            linear_label(y[1]),
        ];
        draw_chart(view, datasets, y, y_labels, col, buf);
    }
}
