//! `nnlab run`: trains a preset headless and prints its metrics as a table, CSV or JSON Lines.

use super::{Format, RunArgs, io_err};
use crate::preset::Preset;
use crate::run::session::Session;
use crate::run::{Diverged, EpochMetrics, Pipelining};
use serde::Serialize;
use std::fmt::Write as _;
use std::io::{self, Write};

/// `nnlab run`: trains the preset and prints the reported epochs.
pub fn run(args: &RunArgs, out: &mut impl Write) -> Result<(), String> {
    let mut preset = Preset::load(&args.preset).map_err(|e| e.to_string())?;
    if let Some(epochs) = args.epochs {
        preset.epochs = crate::rules::check_epochs(epochs).map_err(|e| format!("--epochs: {e}"))?;
    }
    if let Some(dir) = &args.data {
        preset.set_data_dir(dir)?;
    }
    if let Some(seed) = args.seed {
        preset.seed = seed;
        for run in &mut preset.runs {
            run.seed = None;
        }
    }
    let mut session = Session::new(preset).map_err(|e| e.to_string())?;
    let labels: Vec<String> = session
        .runs
        .iter()
        .map(|r| r.config.shown_label().into_owned())
        .collect();
    let epochs = session.preset.epochs;
    let initial = session.metrics();
    let printer = Printer::new(args.format, &labels, &initial);
    printer.header(out, &initial).map_err(io_err)?;
    for (i, m) in initial.iter().enumerate() {
        printer.row(out, i, m, None).map_err(io_err)?;
    }
    let mut reported_divergence = vec![false; labels.len()];
    // every printed row's (epoch, cost) and (epoch, eval cost), for the table's reading of them
    let mut printed: Vec<Printed> = initial
        .iter()
        .map(|m| {
            let e = m.epoch as f64;
            (
                vec![(e, m.cost)],
                m.eval_cost.map(|c| (e, c)).into_iter().collect(),
            )
        })
        .collect();
    let every = args.every;
    // Metrics cost more than training on MNIST: only the printed epochs measure them, and
    // where there is a second core they are measured there while the next epoch trains.
    let report = |epoch: u64| epoch.is_multiple_of(every) || epoch == epochs;
    session.train_reporting(epochs, Pipelining::for_this_machine(), report, |step| {
        for (i, m) in step.metrics.iter().enumerate() {
            let Some(m) = m else { continue };
            let diverged = step.diverged[i].as_ref();
            let diverged_now =
                diverged.is_some_and(|d| d.epoch == m.epoch) && !reported_divergence[i];
            if diverged.is_some() && !diverged_now {
                continue;
            }
            let why = diverged.filter(|_| diverged_now);
            if report(step.epoch) || diverged_now {
                printer.row(out, i, m, why).map_err(io_err)?;
                let e = m.epoch as f64;
                printed[i].0.push((e, m.cost));
                if let Some(c) = m.eval_cost {
                    printed[i].1.push((e, c));
                }
            }
            if let Some(d) = why {
                reported_divergence[i] = true;
                eprintln!(
                    "nnlab: run {:?} {d}; it stopped (try a smaller eta)",
                    labels[i]
                );
            }
        }
        Ok::<(), String>(())
    })?;
    if args.format == Format::Table {
        let targets = &session.data.train.targets;
        let costs: Vec<(crate::book::Cost, Option<crate::metrics::reading::Baseline>)> = session
            .runs
            .iter()
            .map(|r| {
                let cost = r.config.cost;
                (cost, crate::metrics::reading::Baseline::of(cost, targets))
            })
            .collect();
        reading(out, &labels, &costs, targets.nrows(), &printed).map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}

/// A run's printed rows as (epoch, cost) and (epoch, evaluation cost).
type Printed = (Vec<(f64, f64)>, Vec<(f64, f64)>);

/// The table's footer: each run's last cost read against a model that learned nothing (and,
/// for the log-likelihood and cross-entropy, as a geometric-mean probability), and any
/// overfitting the printed evaluation costs show ([`crate::metrics::reading`]).
fn reading(
    out: &mut impl Write,
    labels: &[String],
    costs: &[(crate::book::Cost, Option<crate::metrics::reading::Baseline>)],
    outputs: usize,
    printed: &[Printed],
) -> io::Result<()> {
    use crate::metrics::reading::{geometric_mean_probability, overfitting};
    let width = labels.iter().map(String::len).max().unwrap_or(3);
    writeln!(out)?;
    writeln!(
        out,
        "reading the last cost (baseline: the cost of a model that learned nothing):"
    )?;
    for ((label, (cost, baseline)), (train, eval)) in labels.iter().zip(costs).zip(printed) {
        let Some(&(epoch, c)) = train.last() else {
            continue;
        };
        let mut line = format!(
            "{label:width$}  C {} at epoch {epoch:.0}",
            crate::format::short(c)
        );
        match baseline {
            Some(b) => {
                let _ = write!(
                    line,
                    ": {:.1}% of the baseline {} ({})",
                    100.0 * b.share(c),
                    crate::format::short(b.value),
                    b.model
                );
            }
            None => line.push_str(": no baseline (the targets do not vary)"),
        }
        if let (Some(b), Some(&(_, e))) = (baseline, eval.last()) {
            let _ = write!(
                line,
                "; eval C {}: {:.1}% of it",
                crate::format::short(e),
                100.0 * b.share(e)
            );
        }
        if let Some(p) = geometric_mean_probability(*cost, outputs, c) {
            let what = if *cost == crate::book::Cost::LogLikelihood {
                "e^-C: the right class gets".to_string()
            } else if outputs == 1 {
                "e^-C: the right value gets".to_string()
            } else {
                format!("e^(-C/{outputs}): each output's right value gets")
            };
            let _ = write!(line, "; {what} {p:.3} (geometric mean)");
        }
        writeln!(out, "{line}")?;
        if let Some(o) = overfitting(eval, train) {
            writeln!(
                out,
                "{:width$}  eval C rose from {} (epoch {:.0}) to {} while the training C fell: overfitting, the subject of the book's next section, since epoch {:.0}",
                "",
                crate::format::short(o.from),
                o.since,
                crate::format::short(o.to),
                o.since
            )?;
        }
    }
    Ok(())
}

/// One line of `nnlab run --format json`: a run's metrics at one epoch. The neuron's fields
/// (`w`, `b`, `z`, `a`, `dc_dw`, `dc_db`) appear only for single-neuron runs, `eval_cost` and
/// `accuracy` only where measured, `diverged` (which limit the run passed, with the value) only on
/// the row of the epoch it stopped at. Non-finite numbers are written as `null`.
///
/// The fields are in alphabetical order, the order the keys have always had in this output.
#[derive(Serialize)]
struct JsonRow<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accuracy: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    b: Option<f64>,
    cost: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    dc_db: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    dc_dw: Option<&'a [f64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diverged: Option<String>,
    epoch: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    eval_cost: Option<f64>,
    run: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    w: Option<&'a [f64]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    z: Option<f64>,
}

/// Writes metrics rows in one of the output formats.
struct Printer<'a> {
    format: Format,
    labels: &'a [String],
    label_width: usize,
    /// Widths of the w and dC/dw columns (they hold one number per input).
    w_width: usize,
    dw_width: usize,
}

impl<'a> Printer<'a> {
    fn new(format: Format, labels: &'a [String], first: &[EpochMetrics]) -> Self {
        let label_width = labels
            .iter()
            .map(std::string::String::len)
            .max()
            .unwrap_or(3)
            .max(3);
        let inputs = first
            .iter()
            .filter_map(|m| m.neuron.as_ref().map(|n| n.w.len()))
            .max()
            .unwrap_or(1);
        Printer {
            format,
            labels,
            label_width,
            w_width: (8 * inputs).max(9),
            dw_width: (11 * inputs).max(10),
        }
    }

    fn header(&self, out: &mut impl Write, first: &[EpochMetrics]) -> io::Result<()> {
        let any = |f: fn(&EpochMetrics) -> bool| first.iter().any(f);
        match self.format {
            Format::Json => Ok(()),
            Format::Csv => writeln!(out, "{}", crate::export::CSV_HEADER),
            Format::Table => {
                let mut line = format!(
                    "{:w$}  {:>7}  {:>12}",
                    "run",
                    "epoch",
                    "cost",
                    w = self.label_width
                );
                if any(|m| m.eval_cost.is_some()) {
                    let _ = write!(line, "  {:>12}", "eval cost");
                }
                if any(|m| m.accuracy.is_some()) {
                    let _ = write!(line, "  {:>8}", "accuracy");
                }
                if any(|m| m.neuron.is_some()) {
                    let _ = write!(
                        line,
                        "  {:>ww$}  {:>9}  {:>9}  {:>dw$}  {:>10}",
                        "w",
                        "b",
                        "a",
                        "dC/dw",
                        "dC/db",
                        ww = self.w_width,
                        dw = self.dw_width
                    );
                }
                writeln!(out, "{}", line.trim_end())
            }
        }
    }

    fn row(
        &self,
        out: &mut impl Write,
        run: usize,
        m: &EpochMetrics,
        diverged: Option<&Diverged>,
    ) -> io::Result<()> {
        let label = &self.labels[run];
        match self.format {
            Format::Json => {
                let neuron = m.neuron.as_ref();
                let row = JsonRow {
                    a: neuron.map(|n| n.a),
                    accuracy: m.accuracy,
                    b: neuron.map(|n| n.b),
                    cost: m.cost,
                    dc_db: neuron.map(|n| n.dc_db),
                    dc_dw: neuron.map(|n| n.dc_dw.as_slice()),
                    diverged: diverged.map(|d| d.why.to_string()),
                    epoch: m.epoch,
                    eval_cost: m.eval_cost,
                    run: label,
                    w: neuron.map(|n| n.w.as_slice()),
                    z: neuron.map(|n| n.z),
                };
                let line = serde_json::to_string(&row).map_err(io::Error::other)?;
                writeln!(out, "{line}")
            }
            Format::Csv => writeln!(out, "{}", crate::export::csv_row(label, m)),
            Format::Table => {
                let mut line = format!(
                    "{label:w$}  {:>7}  {:>12}",
                    m.epoch,
                    crate::format::column(m.cost, 6),
                    w = self.label_width
                );
                if let Some(c) = m.eval_cost {
                    let _ = write!(line, "  {:>12}", crate::format::column(c, 6));
                }
                if let Some(a) = m.accuracy {
                    let _ = write!(line, "  {:>7.2}%", 100.0 * a);
                }
                if let Some(n) = &m.neuron {
                    let list = |v: &[f64]| {
                        v.iter()
                            .map(|&x| crate::format::column(x, 4))
                            .collect::<Vec<_>>()
                            .join(",")
                    };
                    let _ = write!(
                        line,
                        "  {:>ww$}  {:>9}  {:>9}  {:>dw$}  {:>10}",
                        list(&n.w),
                        crate::format::column(n.b, 4),
                        crate::format::column(n.a, 6),
                        n.dc_dw
                            .iter()
                            .map(|&x| gradient(x))
                            .collect::<Vec<_>>()
                            .join(","),
                        gradient(n.dc_db),
                        ww = self.w_width,
                        dw = self.dw_width
                    );
                }
                writeln!(out, "{line}")
            }
        }
    }
}

/// A gradient in the table: one form for every dC/dw_j and dC/db of a row, four significant
/// digits in scientific notation (they span many decades during a run).
fn gradient(x: f64) -> String {
    format!("{x:.3e}")
}
