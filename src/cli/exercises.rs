//! `nnlab exercises`: the exercises of section 3.1 with their verdicts and evidence.

use super::{ExerciseFormat, ExercisesArgs, io_err};
use serde::Serialize;
use std::io::Write;

// The JSON shapes of `nnlab exercises --format json`. Fields are in alphabetical order, the
// order the keys have always had in this output; non-finite numbers are written as `null`.

/// One exercise in the list: its verdict without the evidence.
#[derive(Serialize)]
struct ListEntry<'a> {
    equations: &'a str,
    holds: bool,
    id: &'a str,
    max_error: f64,
    title: &'a str,
    verdict: &'a str,
}

/// One exercise with its inputs and evidence (table and chart).
#[derive(Serialize)]
struct Detail<'a> {
    chart: Option<ChartJson<'a>>,
    equations: &'a str,
    holds: bool,
    id: &'a str,
    inputs: Vec<InputJson<'a>>,
    max_error: f64,
    statement: String,
    table: &'a crate::exercises::Table,
    title: &'a str,
    verdict: &'a str,
}

/// An input with the value used and its range.
#[derive(Serialize)]
struct InputJson<'a> {
    default: f64,
    help: &'a str,
    max: f64,
    min: f64,
    name: &'a str,
    value: f64,
}

/// The chart: its curves (each a name and `[x, y]` points) and axis labels.
#[derive(Serialize)]
struct ChartJson<'a> {
    series: &'a [crate::exercises::Series],
    x_label: &'a str,
    y_label: &'a str,
}

/// One JSON text of `value`.
fn to_json(value: &impl Serialize) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("cannot write JSON: {e}"))
}

/// `nnlab exercises`: lists every exercise with its verdict, or prints one exercise's evidence.
pub fn exercises(args: &ExercisesArgs, out: &mut impl Write) -> Result<(), String> {
    use crate::exercises::{Exercise, find, registry};
    let Some(id) = &args.id else {
        if !args.set.is_empty() {
            return Err("--set needs an exercise ID: nnlab exercises ID --set name=value".into());
        }
        let results: Vec<(&Exercise, crate::exercises::Outcome)> = registry()
            .iter()
            .map(|e| (*e, e.evaluate(&e.defaults())))
            .collect();
        match args.format {
            ExerciseFormat::Json => {
                let list: Vec<ListEntry<'_>> = results
                    .iter()
                    .map(|(e, o)| ListEntry {
                        equations: e.equations(),
                        holds: o.holds,
                        id: e.id(),
                        max_error: o.max_error,
                        title: e.title(),
                        verdict: &o.verdict,
                    })
                    .collect();
                writeln!(out, "{}", to_json(&list)?).map_err(io_err)?;
            }
            ExerciseFormat::Table => {
                let width = results.iter().map(|(e, _)| e.id().len()).max().unwrap_or(2);
                for (e, o) in &results {
                    writeln!(
                        out,
                        "{:width$}  {:5}  {:9}  {}",
                        e.id(),
                        if o.holds { "holds" } else { "FAILS" },
                        crate::format::table(o.max_error),
                        e.title()
                    )
                    .map_err(io_err)?;
                }
            }
        }
        return out.flush().map_err(io_err);
    };
    let Some(exercise) = find(id) else {
        let ids: Vec<&str> = registry().iter().map(|e| e.id()).collect();
        return Err(format!(
            "no exercise {id:?}; the exercises are: {}",
            ids.join(", ")
        ));
    };
    let mut values = exercise.defaults();
    for item in &args.set {
        let Some((name, value)) = item.split_once('=') else {
            return Err(format!(
                "--set {item:?}: expected NAME=VALUE, e.g. --set {}=1",
                exercise.inputs().first().map_or("x", |i| i.name)
            ));
        };
        let value: f64 = value
            .trim()
            .parse()
            .map_err(|_| format!("--set {item:?}: {value:?} is not a number"))?;
        values
            .set(name.trim(), value)
            .map_err(|e| format!("--set {item:?} for exercise {id}: {e}"))?;
    }
    let outcome = exercise.evaluate(&values);
    match args.format {
        ExerciseFormat::Json => {
            let detail = Detail {
                chart: outcome.chart.as_ref().map(|c| ChartJson {
                    series: &c.series,
                    x_label: &c.x_label,
                    y_label: &c.y_label,
                }),
                equations: exercise.equations(),
                holds: outcome.holds,
                id: exercise.id(),
                inputs: exercise
                    .inputs()
                    .iter()
                    .zip(values.as_slice())
                    .map(|(i, &value)| InputJson {
                        default: i.default,
                        help: i.help,
                        max: i.max,
                        min: i.min,
                        name: i.name,
                        value,
                    })
                    .collect(),
                max_error: outcome.max_error,
                statement: exercise.statement(&values),
                table: &outcome.table,
                title: exercise.title(),
                verdict: &outcome.verdict,
            };
            writeln!(out, "{}", to_json(&detail)?).map_err(io_err)?;
        }
        ExerciseFormat::Table => {
            writeln!(out, "{} ({})", exercise.title(), exercise.equations()).map_err(io_err)?;
            writeln!(out).map_err(io_err)?;
            writeln!(out, "{}", exercise.statement(&values)).map_err(io_err)?;
            writeln!(out).map_err(io_err)?;
            for (i, v) in exercise.inputs().iter().zip(values.as_slice()) {
                writeln!(
                    out,
                    "  {} = {v}  ({}; {} to {})",
                    i.name, i.help, i.min, i.max
                )
                .map_err(io_err)?;
            }
            writeln!(out).map_err(io_err)?;
            let table = &outcome.table;
            let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
            for row in &table.rows {
                for (k, cell) in row.iter().enumerate() {
                    if k < widths.len() {
                        widths[k] = widths[k].max(cell.chars().count());
                    }
                }
            }
            let line = |cells: &[String]| {
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, &w)| format!("{c:w$}"))
                    .collect::<Vec<_>>()
                    .join("  ")
                    .trim_end()
                    .to_string()
            };
            writeln!(out, "{}", line(&table.columns)).map_err(io_err)?;
            for row in &table.rows {
                writeln!(out, "{}", line(row)).map_err(io_err)?;
            }
            writeln!(out).map_err(io_err)?;
            writeln!(
                out,
                "{}: {} (max error {})",
                if outcome.holds { "holds" } else { "FAILS" },
                outcome.verdict,
                crate::format::table(outcome.max_error)
            )
            .map_err(io_err)?;
            if let Some(c) = &outcome.chart {
                writeln!(
                    out,
                    "chart: {} against {} ({} curves; drawn in the lab, points in --format json)",
                    c.y_label,
                    c.x_label,
                    c.series.len()
                )
                .map_err(io_err)?;
            }
        }
    }
    out.flush().map_err(io_err)
}
