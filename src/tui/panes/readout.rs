//! A run's numbers at the readout epoch, as the metrics pane's run rows show them: its cost
//! (and share of C0), evaluation cost and accuracies, a divergence's reason, and where it fits
//! the reading of the cost ([`crate::metrics::reading`]).

use super::scale::view_epoch;
use super::{flow, item};
use crate::format;
use crate::metrics::reading::{geometric_mean_probability, overfitting};
use crate::tui::lab::LabView;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// The numbers of run `i` at the readout epoch, as items for [`flow`].
pub fn run_items(view: &LabView<'_>, i: usize) -> Vec<Vec<Span<'static>>> {
    run_items_reading(view, i, false)
}

/// The run's lines in a pane `width` wide: with the reading of its cost (baseline, e^-C,
/// overfitting) when that fits in the lines the numbers take anyway, so the reading never takes
/// a chart row nor moves the frame.
pub fn run_lines(view: &LabView<'_>, i: usize, width: usize) -> Vec<Line<'static>> {
    let plain = flow(run_items_reading(view, i, false), width);
    let read = run_items_reading(view, i, true);
    // Room is judged with the overfitting note in (the longest it can be), as if it had
    // appeared: a note appearing later then never changes the run's height.
    let mut widest = read.clone();
    let has_eval = view
        .store
        .histories
        .get(i)
        .is_some_and(|h| !h.eval_cost.is_empty());
    if has_eval
        && !read
            .iter()
            .flatten()
            .any(|s| s.content.contains("overfitting"))
    {
        widest.push(vec![Span::raw(format!(
            "eval C rising since epoch {}: overfitting",
            view.preset.epochs
        ))]);
    }
    if flow(widest, width).len() <= plain.len() {
        flow(read, width)
    } else {
        plain
    }
}

/// [`run_items`], with the reading of the cost when `reading`.
fn run_items_reading(view: &LabView<'_>, i: usize, reading: bool) -> Vec<Vec<Span<'static>>> {
    let (Some(run), Some(h)) = (view.preset.runs.get(i), view.store.histories.get(i)) else {
        return Vec::new();
    };
    let color = Style::new().fg(view.theme.run_color(view.slot(i)));
    let epoch = view_epoch(view);
    let mut items = vec![vec![
        Span::styled(format!("{} ", view.theme.run_symbol(view.slot(i))), color),
        Span::styled(run.shown_label().into_owned(), color),
    ]];
    let eval = !h.eval_cost.is_empty();
    if let Some((e, c)) = h.cost.at(epoch) {
        let mut it = item(
            view.theme,
            if eval { "train C " } else { "C " },
            format::short(c),
        );
        if let Some(c0) = h.c0_at(e)
            && view.lab.normalized
        {
            it.push(Span::styled(
                format!(" ({}% of C0)", pct(c / c0)),
                view.theme.dim,
            ));
        }
        items.push(it);
        // the cost read against a model that learned nothing, and as a probability
        if let Some(b) = view.store.baselines.get(run.cost).filter(|_| reading) {
            let mut it = item(view.theme, "vs know-nothing ", format::short(b.value));
            it.push(Span::styled(
                format!(": {}%", pct(b.share(c))),
                view.theme.dim,
            ));
            items.push(it);
        }
        let outputs = run.layers.last().copied().unwrap_or(1);
        if let Some(p) = geometric_mean_probability(run.cost, outputs, c).filter(|_| reading) {
            let name = if run.cost == crate::book::Cost::CrossEntropy && outputs > 1 {
                format!("e^(-C/{outputs}) ")
            } else {
                "e^-C ".to_string()
            };
            items.push(item(view.theme, name, format!("{p:.3}")));
        }
        if let Some((_, c)) = h.eval_cost.at(e) {
            items.push(item(view.theme, "eval C ", format::short(c)));
        }
        // the evaluation cost rising while the training cost falls, up to the readout epoch
        let upto = |pts: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
            pts.into_iter().filter(|p| p.0 <= e).collect()
        };
        if let Some(o) =
            overfitting(&upto(h.eval_cost.points()), &upto(h.cost.points())).filter(|_| reading)
        {
            items.push(vec![Span::styled(
                format!("eval C rising since epoch {:.0}: overfitting", o.since),
                view.theme.warn,
            )]);
        }
        if let Some((_, a)) = h.train_accuracy.at(e) {
            items.push(item(view.theme, "train acc ", format!("{:.2}%", 100.0 * a)));
        }
        if let Some((_, a)) = h.accuracy.at(e) {
            let which = if h.train_accuracy.is_empty() {
                "acc "
            } else {
                "eval acc "
            };
            items.push(item(view.theme, which, format!("{:.2}%", 100.0 * a)));
        }
        if e != epoch {
            items.push(item(view.theme, "at epoch ", format!("{e:.0}")));
        }
    }
    if let Some(Some(d)) = view.store.diverged.get(i) {
        // two items, so that a narrow pane breaks the line between them
        items.push(vec![Span::styled(
            format!("diverged at epoch {}:", d.epoch),
            view.theme.bad,
        )]);
        items.push(vec![Span::styled(d.why.to_string(), view.theme.bad)]);
    }
    items
}

/// A ratio as a short percentage.
pub(super) fn pct(ratio: f64) -> String {
    let p = 100.0 * ratio;
    if p.abs() >= 10.0 {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    }
}
