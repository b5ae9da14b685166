//! The CSV of metrics rows, one format for `nnlab run --format csv` and the lab's `e` export:
//! `run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db`, empty where a value does not apply
//! (eval cost and accuracy without held-out data or classes, the neuron's columns for
//! networks), several weights joined by `;`, numbers exact (shortest round-trip form).

use crate::run::EpochMetrics;

/// The header line, without its newline.
pub const CSV_HEADER: &str = "run,epoch,cost,eval_cost,accuracy,w,b,z,a,dc_dw,dc_db";

/// One row (without its newline) of run `label`'s metrics `m`.
pub fn csv_row(label: &str, m: &EpochMetrics) -> String {
    let opt = |v: Option<f64>| v.map(num).unwrap_or_default();
    let join = |v: &[f64]| v.iter().map(|&x| num(x)).collect::<Vec<_>>().join(";");
    let (w, b, z, a, dw, db) = match &m.neuron {
        Some(n) => (
            join(&n.w),
            num(n.b),
            num(n.z),
            num(n.a),
            join(&n.dc_dw),
            num(n.dc_db),
        ),
        None => Default::default(),
    };
    format!(
        "{},{},{},{},{},{w},{b},{z},{a},{dw},{db}",
        csv_field(label),
        m.epoch,
        num(m.cost),
        opt(m.eval_cost),
        opt(m.accuracy)
    )
}

/// A number exactly (shortest round-trip form), in scientific notation when very large or very
/// small, never as hundreds of digits.
pub fn num(v: f64) -> String {
    if v == 0.0 || !v.is_finite() || (1e-5..1e15).contains(&v.abs()) {
        v.to_string()
    } else {
        format!("{v:e}")
    }
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

    #[test]
    fn numbers_round_trip() {
        for v in [0.1, 1e-7, 123456.789, 2.5e20, -3.0e-9] {
            assert_eq!(num(v).parse::<f64>().ok(), Some(v));
        }
        assert_eq!(num(1e-7), "1e-7");
    }
}
