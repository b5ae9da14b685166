//! The user's own data from a CSV file: a header row, numeric feature columns, and either a
//! label column (classification, one output neuron per class) or target columns (regression).
//!
//! Labels that are all whole numbers 0..1000 are used as class indices; any other labels are
//! classes in sorted order (so `-1`/`1` or `cat`/`dog` work). A bad cell is an error naming the
//! file, the line, the column and what was found.

use super::{Dataset, Features, Samples};
use super::{MAX_EXAMPLES, check_values};
use nalgebra::DMatrix;
use std::collections::BTreeSet;
use std::path::Path;

/// The largest CSV file nnlab reads.
pub const MAX_CSV_BYTES: u64 = 1 << 30;
/// The most classes a label column may have.
pub const MAX_CLASSES: usize = 1000;

/// What to read from a CSV file.
#[derive(Debug, Clone, Copy)]
pub struct CsvSpec<'a> {
    /// The file.
    pub path: &'a Path,
    /// The label column (classification).
    pub label: Option<&'a str>,
    /// The target columns (regression).
    pub targets: &'a [String],
    /// The feature columns; empty: all others.
    pub features: &'a [String],
    /// The last `eval` rows are held out for evaluation.
    pub eval: usize,
}

/// Loads the CSV file described by `spec`.
pub fn load(spec: &CsvSpec<'_>) -> Result<Dataset, String> {
    let file = spec.path.display().to_string();
    let bytes = super::read_capped(spec.path, MAX_CSV_BYTES).map_err(|e| format!("{file}: {e}"))?;
    parse(&bytes, &file, spec)
}

/// Parses CSV `bytes` (named `file` in errors) as `spec` describes (its `path` is not read).
// One pass over the records that checks each field where it is read, so that every error can
// name its line and column; split up, the checks would lose that context.
#[allow(clippy::too_many_lines)]
pub fn parse(bytes: &[u8], file: &str, spec: &CsvSpec<'_>) -> Result<Dataset, String> {
    if spec.label.is_some() != spec.targets.is_empty() {
        return Err(format!(
            "{file}: give either a label column (classification) or target columns (regression), not both"
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("{file}: cannot read the header row: {e}"))?
        .iter()
        .map(str::to_string)
        .collect();
    let column = |name: &str| {
        headers.iter().position(|h| h == name).ok_or_else(|| {
            format!(
                "{file}: no column named {name:?}; the header row has {}",
                headers.join(", ")
            )
        })
    };
    let label_col = spec.label.map(column).transpose()?;
    let target_cols = spec
        .targets
        .iter()
        .map(|t| column(t))
        .collect::<Result<Vec<_>, _>>()?;
    let feature_cols: Vec<usize> = if spec.features.is_empty() {
        (0..headers.len())
            .filter(|c| Some(*c) != label_col && !target_cols.contains(c))
            .collect()
    } else {
        spec.features
            .iter()
            .map(|f| column(f))
            .collect::<Result<Vec<_>, _>>()?
    };
    if feature_cols.is_empty() {
        return Err(format!("{file}: no feature columns left"));
    }
    let mut x: Vec<f64> = Vec::new();
    let mut y: Vec<f64> = Vec::new();
    let mut raw_labels: Vec<String> = Vec::new();
    let mut rows = 0usize;
    let mut max_label = 0usize;
    for record in reader.records() {
        let record = record.map_err(|e| format!("{file}: {e}"))?;
        let line = record.position().map_or(rows + 2, |p| {
            usize::try_from(p.line()).unwrap_or(usize::MAX)
        });
        if record.len() != headers.len() {
            return Err(format!(
                "{file}: line {line}: {} fields, but the header row has {}",
                record.len(),
                headers.len()
            ));
        }
        if rows >= MAX_EXAMPLES {
            return Err(format!(
                "{file}: more than {MAX_EXAMPLES} rows, more than nnlab accepts"
            ));
        }
        let number = |c: usize| -> Result<f64, String> {
            let cell = &record[c];
            match cell.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(v),
                _ => Err(format!(
                    "{file}: line {line}, column {:?}: {cell:?} is not a finite number",
                    headers[c]
                )),
            }
        };
        // The matrices' limits hold while reading, before the vectors grow past them.
        check_values(rows + 1, feature_cols.len(), &format!("{file}: features"))?;
        check_values(rows + 1, target_cols.len(), &format!("{file}: targets"))?;
        for &c in &feature_cols {
            x.push(number(c)?);
        }
        for &c in &target_cols {
            y.push(number(c)?);
        }
        if let Some(c) = label_col {
            let cell = &record[c];
            if cell.is_empty() {
                return Err(format!(
                    "{file}: line {line}, column {:?}: the label is empty",
                    headers[c]
                ));
            }
            // Whole-number labels give the class count as they come: the one-hot targets'
            // limit stops a file of many classes early, before its rows pile up.
            if let Ok(v) = cell.parse::<usize>()
                && v < MAX_CLASSES
            {
                max_label = max_label.max(v);
                let classes = (max_label + 1).max(2);
                check_values(
                    rows + 1,
                    classes,
                    &format!("{file}: one-hot targets of {classes} classes"),
                )?;
            }
            raw_labels.push(cell.to_string());
        }
        rows += 1;
    }
    if rows == 0 {
        return Err(format!("{file}: no data rows after the header"));
    }
    if spec.eval >= rows {
        return Err(format!(
            "{file}: eval holds out {} rows but the file has only {rows}; keep at least one for training",
            spec.eval
        ));
    }
    let (targets, labels) = match label_col {
        Some(_) => {
            let (labels, classes) = classes(&raw_labels, file)?;
            // One-hot targets: rows x classes numbers, checked before they are allocated.
            check_values(
                rows,
                classes,
                &format!("{file}: one-hot targets of {classes} classes"),
            )?;
            (Samples::one_hot(&labels, classes), Some(labels))
        }
        None => (
            DMatrix::from_column_slice(target_cols.len(), rows, &y),
            None,
        ),
    };
    let features = DMatrix::from_column_slice(feature_cols.len(), rows, &x);
    let train_rows = rows - spec.eval;
    let slice = |range: std::ops::Range<usize>| Samples {
        features: Features::Dense(features.columns(range.start, range.len()).into_owned()),
        targets: targets.columns(range.start, range.len()).into_owned(),
        labels: labels.as_ref().map(|l| l[range.clone()].to_vec()),
    };
    let train = slice(0..train_rows);
    let eval = (spec.eval > 0).then(|| slice(train_rows..rows));
    let kind = match spec.label {
        Some(l) => format!("classes from column {l:?}"),
        None => format!("targets {}", spec.targets.join(", ")),
    };
    let summary = match &eval {
        Some(_) => format!(
            "{file}: {} features, {kind}; train on rows 1-{train_rows}, evaluate on rows {}-{rows}",
            feature_cols.len(),
            train_rows + 1
        ),
        None => format!(
            "{file}: {} features, {kind}; {rows} rows",
            feature_cols.len()
        ),
    };
    Ok(Dataset {
        train,
        eval,
        summary,
    })
}

/// Class indices for the raw labels, and the number of classes.
fn classes(raw: &[String], file: &str) -> Result<(Vec<usize>, usize), String> {
    let as_index: Option<Vec<usize>> = raw
        .iter()
        .map(|l| l.parse::<usize>().ok().filter(|&v| v < MAX_CLASSES))
        .collect();
    if let Some(labels) = as_index {
        let classes = labels.iter().max().map_or(1, |m| m + 1).max(2);
        return Ok((labels, classes));
    }
    let distinct: BTreeSet<&str> = raw.iter().map(String::as_str).collect();
    if distinct.len() > MAX_CLASSES {
        return Err(format!(
            "{file}: the label column has {} distinct values; at most {MAX_CLASSES} classes are accepted",
            distinct.len()
        ));
    }
    let names: Vec<&str> = distinct.into_iter().collect();
    let labels = raw
        .iter()
        .map(|l| names.binary_search(&l.as_str()).unwrap_or(0))
        .collect();
    Ok((labels, names.len().max(2)))
}
