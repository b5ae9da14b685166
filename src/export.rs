//! The CSV of metrics rows, one format for `nnlab run --format csv` and the lab's `e` export:
//! `run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db`, empty where a value does not apply
//! (eval cost and accuracy without held-out data or classes, the neuron's columns for
//! networks), several weights joined by `;`, numbers exact (shortest round-trip form).

use crate::format;
use crate::run::EpochMetrics;

/// The header line, without its newline.
pub const CSV_HEADER: &str = "run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db";

/// One row (without its newline) of run `label`'s metrics `m`.
pub fn csv_row(label: &str, m: &EpochMetrics) -> String {
    let opt = |v: Option<f64>| v.map(format::exact).unwrap_or_default();
    let join = |v: &[f64]| {
        v.iter()
            .map(|&x| format::exact(x))
            .collect::<Vec<_>>()
            .join(";")
    };
    let (w, b, z, a, dw, db) = match &m.neuron {
        Some(n) => (
            join(&n.w),
            format::exact(n.b),
            format::exact(n.z),
            format::exact(n.a),
            join(&n.dc_dw),
            format::exact(n.dc_db),
        ),
        None => Default::default(),
    };
    format!(
        "{},{},{},{},{},{w},{b},{z},{a},{dw},{db}",
        csv_field(label),
        m.epoch,
        format::exact(m.cost),
        opt(m.eval_cost),
        opt(m.accuracy)
    )
}

/// A CSV field, quoted when it holds a comma, a quote or a newline.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_with_commas_are_quoted() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("q\",1"), "\"q\"\",1\"");
    }
}
