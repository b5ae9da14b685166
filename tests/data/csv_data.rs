//! CSV data: classification by a label column, regression by target columns, and errors that
//! Name the line and the column.

use nnlab::data::csv::{CsvSpec, parse};
use std::path::Path;

fn spec<'a>(label: Option<&'a str>, targets: &'a [String], eval: usize) -> CsvSpec<'a> {
    CsvSpec {
        path: Path::new("unused.csv"),
        label,
        targets,
        features: &[],
        eval,
    }
}

#[test]
fn a_label_column_gives_one_hot_targets_and_a_split() {
    let csv = "x1,x2,class\n0.1,0.2,0\n-1,3,1\n2,2,1\n0,0,0\n";
    let data = parse(csv.as_bytes(), "d.csv", &spec(Some("class"), &[], 1)).expect("valid");
    assert_eq!(data.train.len(), 3);
    assert_eq!(data.train.input_dim(), 2);
    assert_eq!(data.train.output_dim(), 2);
    assert_eq!(data.train.labels.as_deref(), Some(&[0, 1, 1][..]));
    assert_eq!(data.train.features.example(1), vec![-1.0, 3.0]);
    let eval = data.eval.as_ref().expect("one held-out row");
    assert_eq!(eval.len(), 1);
    assert_eq!(eval.features.example(0), vec![0.0, 0.0]);
    assert!(
        data.summary.contains("evaluate on rows 4-4"),
        "{}",
        data.summary
    );
}

#[test]
fn text_labels_become_sorted_classes() {
    let csv = "a,b,kind\n1,2,dog\n3,4,cat\n5,6,dog\n";
    let data = parse(csv.as_bytes(), "d.csv", &spec(Some("kind"), &[], 0)).expect("valid");
    assert_eq!(data.train.labels.as_deref(), Some(&[1, 0, 1][..]));
}

#[test]
fn target_columns_give_regression() {
    let csv = "x,y\n0,1.5\n1,2.5\n";
    let targets = vec!["y".to_string()];
    let data = parse(csv.as_bytes(), "d.csv", &spec(None, &targets, 0)).expect("valid");
    assert_eq!(data.train.targets[(0, 1)], 2.5);
    assert!(data.train.labels.is_none());
    assert_eq!(data.train.input_dim(), 1);
}

#[test]
fn bad_rows_name_the_line_and_the_column() {
    let cases = [
        ("x1,x2,class\n1,2,0\n1,abc,1\n", "line 3, column \"x2\""),
        ("x1,x2,class\n1,2,0\n1,NaN,1\n", "line 3, column \"x2\""),
        ("x1,x2,class\n1,2,0\n1,2\n", "line 3"),
        ("x1,x2,class\n1,2,\n", "line 2, column \"class\""),
        ("x1,x2,klass\n1,2,0\n", "no column named \"class\""),
        ("x1,x2,class\n", "no data rows"),
    ];
    for (csv, needle) in cases {
        let err = parse(csv.as_bytes(), "bad.csv", &spec(Some("class"), &[], 0)).expect_err(csv);
        assert!(err.starts_with("bad.csv"), "{err}");
        assert!(err.contains(needle), "{csv:?}: {err}");
    }
}

#[test]
fn label_and_targets_together_or_neither_are_refused() {
    let targets = vec!["x".to_string()];
    let csv = "x,class\n1,0\n";
    assert!(parse(csv.as_bytes(), "d.csv", &spec(Some("class"), &targets, 0)).is_err());
    assert!(parse(csv.as_bytes(), "d.csv", &spec(None, &[], 0)).is_err());
    assert!(parse(csv.as_bytes(), "d.csv", &spec(Some("class"), &[], 1)).is_err());
}
