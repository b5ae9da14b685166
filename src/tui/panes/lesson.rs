//! The lesson strip at the top of the Lab tab: the built-in preset's point in one line, and
//! where the book states a number, that number beside the lab's value at the readout epoch.
//! Presets of one's own (or saved under a new name) show their description's first sentence.

use super::metrics::view_epoch;
use super::{flow, item};
use crate::format;
use crate::tui::lab::LabView;
use crate::tui::theme::Theme;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

/// What a figure of the book measures.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Quantity {
    /// The neuron's output a.
    Output,
    /// C/C0 of the run.
    CostRatio,
    /// Evaluation accuracy in %.
    Accuracy,
}

/// A number the book states, and which run's value to set beside it.
struct Figure {
    run: usize,
    quantity: Quantity,
    book: &'static str,
}

/// The point of each built-in preset, paraphrased, with the book's figures where it has them.
fn lesson(name: &str) -> Option<(&'static str, Vec<Figure>)> {
    use Quantity::{Accuracy, CostRatio, Output};
    let fig = |run, quantity, book| Figure {
        run,
        quantity,
        book,
    };
    Some(match name {
        "slowdown" => (
            "Same badly wrong start, two costs: σ'(z) slows the quadratic (Eq. 55-56), the cross-entropy has none (Eq. 61-62).",
            vec![fig(
                0,
                CostRatio,
                "quadratic barely moves for about 150 epochs",
            )],
        ),
        "quadratic-mild" => (
            "A mild start: the quadratic cost learns quickly while the output is not saturated (Eq. 54-56).",
            vec![fig(0, Output, "output about 0.09 after 300 epochs")],
        ),
        "quadratic-saturated" => (
            "A saturated start (a = 0.98): σ'(z) ≈ 0.018 shrinks the quadratic's gradient (Eq. 55-56).",
            vec![fig(0, CostRatio, "barely moves for about 150 epochs")],
        ),
        "cross-entropy-mild" | "cross-entropy-saturated" => (
            "Cross-entropy: the gradient is x(a - y), no σ'(z) (Eq. 61-62): the worse the output, the faster it learns.",
            vec![],
        ),
        "cross-entropy-mild-book-demo" | "cross-entropy-saturated-book-demo" => (
            "The book's animation steps by dC/da = 1/(1 - a) (Eq. 75, y = 0), not by the gradient a (Eq. 61).",
            vec![],
        ),
        "book-demo-rule" => (
            "The true gradient beside the book-demo step: they differ by the factor σ'(z) = a(1 - a).",
            vec![],
        ),
        "multi-input-neuron" => (
            "Each weight learns at a pace set by its input (Eq. 61): w3, whose input is 0, never moves.",
            vec![],
        ),
        "multilayer-cross-entropy" => (
            "In a network the quadratic's output error carries σ'(z^L) (Eq. 65); the cross-entropy's does not (Eq. 66).",
            vec![],
        ),
        "softmax-log-likelihood" => (
            "Softmax with the log-likelihood has the output error a - y (Eq. 84), like sigmoid with cross-entropy.",
            vec![],
        ),
        "linear-output-quadratic" => (
            "Linear outputs with the quadratic cost: delta^L = a^L - y (Eq. 68-70), no σ'(z^L) factor.",
            vec![],
        ),
        "mnist-cross-entropy-30" => (MNIST, vec![fig(0, Accuracy, "95.49%")]),
        "mnist-quadratic-30" => (MNIST, vec![fig(0, Accuracy, "95.42%")]),
        "mnist-cross-entropy-100" => (MNIST, vec![fig(0, Accuracy, "96.82%")]),
        "mnist-quadratic-100" => (MNIST, vec![fig(0, Accuracy, "96.59%")]),
        "mnist-side-by-side" => (
            MNIST,
            vec![fig(0, Accuracy, "95.49%"), fig(1, Accuracy, "95.42%")],
        ),
        _ => return None,
    })
}

const MNIST: &str =
    "MNIST: cross-entropy (Eq. 66) vs quadratic (Eq. 65), [784, 30 or 100, 10], 30 epochs.";

/// The book trained its MNIST networks on 50,000 images and measured on the 10,000 test images.
const BOOK_SPLIT: (usize, usize) = (50_000, 10_000);

/// What the accuracy figures were measured on, here and in the book: the shipped 8,000/2,000
/// split is not the book's 50,000/10,000, and the numbers are not the same experiment.
fn split_note(theme: &Theme, split: (usize, Option<usize>)) -> Vec<Span<'static>> {
    let (train, eval) = split;
    let here = match eval {
        Some(e) => format!(
            "eval on {} images after training on {}",
            thousands(e),
            thousands(train)
        ),
        None => format!("measured on the {} training images", thousands(train)),
    };
    let book = if eval == Some(BOOK_SPLIT.1) && train == BOOK_SPLIT.0 {
        ", as the book".to_string()
    } else {
        format!(
            "; book: {} after {}",
            thousands(BOOK_SPLIT.1),
            thousands(BOOK_SPLIT.0)
        )
    };
    vec![Span::styled(format!("{here}{book}"), theme.dim)]
}

/// 8000 as "8,000".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The strip's lines at `width` columns, at most `max_rows`: the book's figures come first;
/// the point is dropped whole if it does not fit in the rows left.
pub fn lines(view: &LabView<'_>, width: usize, max_rows: usize) -> Vec<Line<'static>> {
    let (point, figures) = if let Some((p, f)) = lesson(&view.preset.name) {
        (p.to_string(), f)
    } else {
        let first = view
            .preset
            .description
            .split(". ")
            .next()
            .unwrap_or("")
            .trim_end_matches('.')
            .to_string();
        (first, Vec::new())
    };
    let epoch = view_epoch(view);
    let mut items = vec![vec![Span::styled("lesson ", view.theme.key)]];
    items.extend(point.split(' ').map(|w| vec![Span::raw(w.to_string())]));
    // The point flows word by word (single spaces), then the figures, each kept whole.
    let point_lines = flow_words(items, width);
    let mut figs = Vec::new();
    let mut accuracy = false;
    if view.predicting && !figures.is_empty() {
        // The tour asks for a prediction first: the book's number would be its answer.
        figs.push(vec![Span::styled(
            "book: its figure shows here once you answer the tour's question (a)",
            view.theme.dim,
        )]);
    }
    for f in figures.into_iter().filter(|_| !view.predicting) {
        let Some(h) = view.store.histories.get(f.run) else {
            continue;
        };
        let label = view
            .preset
            .runs
            .get(f.run)
            .map(|r| r.shown_label().into_owned())
            .unwrap_or_default();
        let at = if view.lab.cursor.is_some() {
            " · cursor "
        } else {
            " · now "
        };
        if f.quantity == Quantity::Accuracy {
            // Compact, so two runs fit one line at 80 columns: "label eval 93.05% (book 95.49%)".
            accuracy = true;
            let now = h
                .accuracy
                .at(epoch)
                .map_or("–".to_string(), |(_, a)| format!("{:.2}%", 100.0 * a));
            figs.push(vec![
                Span::styled(format!("{label} eval "), view.theme.dim),
                Span::styled(now, view.theme.title),
                Span::styled(format!(" (book {})", f.book), view.theme.dim),
            ]);
            continue;
        }
        let now = match f.quantity {
            Quantity::Output => h
                .neuron
                .at(epoch)
                .map(|(_, n)| format!("a {}", format::short(n.a))),
            // In the chart's own terms: C/C0 on a C/C0 chart, else C with its share of C0.
            Quantity::CostRatio | Quantity::Accuracy => h.cost.at(epoch).and_then(|(e, c)| {
                h.c0_at(e).map(|c0| {
                    if view.lab.normalized {
                        format!("{label} C/C0 {:.1}%", 100.0 * c / c0)
                    } else {
                        format!(
                            "{label} C {} ({:.1}% of C0)",
                            format::short(c),
                            100.0 * c / c0
                        )
                    }
                })
            }),
        };
        let mut it = item(view.theme, "book: ", f.book);
        if let Some(now) = now {
            it.push(Span::styled(at, view.theme.dim));
            it.push(Span::styled(now, view.theme.title));
        }
        figs.push(it);
    }
    if accuracy {
        figs.push(split_note(view.theme, view.store.split));
    }
    if let Some(note) = animation_note(view) {
        figs.push(note);
    }
    let fig_lines = flow(figs, width);
    let mut out = Vec::new();
    if point_lines.len() + fig_lines.len() <= max_rows {
        out.extend(point_lines);
    }
    out.extend(fig_lines.into_iter().take(max_rows));
    out
}

/// Where the book's figure is its animation's curve and this preset runs the true gradient (a
/// built-in `NAME-book-demo` exists beside it): what the book shows, what this run is, at its
/// own eta, and how to see the book's curve, all read from the presets.
fn animation_note(view: &LabView<'_>) -> Option<Vec<Span<'static>>> {
    let demo = format!("{}-book-demo", view.preset.name);
    if !crate::preset::BUILTIN.iter().any(|(n, _)| *n == demo) {
        return None;
    }
    let run = view.preset.runs.first()?;
    if run.update != crate::run::Update::Gradient {
        return None;
    }
    let t = view.theme;
    Some(vec![
        Span::styled(
            "book: learns fast (its animation steps by dC/da, Eq. 75)",
            t.dim,
        ),
        Span::styled(" · here: the true gradient, eta ", t.dim),
        Span::styled(format::brief(run.eta), t.title),
        Span::styled(" · the book's curve: p, ", t.dim),
        Span::styled(demo, t.key),
    ])
}

/// Like [`flow`] with one space between items (words of a sentence).
fn flow_words(items: Vec<Vec<Span<'static>>>, width: usize) -> Vec<Line<'static>> {
    let mut text: Vec<Span<'static>> = Vec::new();
    for (k, it) in items.into_iter().enumerate() {
        if k > 1 {
            text.push(Span::raw(" "));
        }
        text.extend(it);
    }
    super::wrap_line(Line::from(text), width)
}

/// Rows the strip may take on a screen of `height` rows.
pub fn max_rows(height: u16) -> usize {
    if height < 30 { 2 } else { 4 }
}

/// Rows the strip needs in `area`.
pub fn height(view: &LabView<'_>, area: Rect) -> u16 {
    lines(view, area.width as usize, max_rows(area.height)).len() as u16
}

/// Draws the strip.
pub fn render(view: &LabView<'_>, area: Rect, screen_height: u16, buf: &mut Buffer) {
    Paragraph::new(lines(view, area.width as usize, max_rows(screen_height))).render(area, buf);
}
