//! A run that steps by the book's dC/da rule (update BookDemo, Eq. 75) is tagged
//! "(book-demo)" wherever it shows, whatever its preset labels it: `nnlab run` in every format
//! and `nnlab plot`'s legends and titles. The lab's screens: tests/lab/tui_truth.rs.

use crate::support::cli::nnlab;

/// book-demo-rule with neutral labels: nothing in "mine" says it steps by dC/da.
fn neutral_book_demo(dir: &std::path::Path) -> String {
    let src = std::fs::read_to_string("presets/book-demo-rule.ron")
        .expect("preset")
        .replace("\"cross-entropy (gradient)\"", "\"true\"")
        .replace("\"cross-entropy (book-demo)\"", "\"mine\"");
    let path = dir.join("mine.ron");
    std::fs::write(&path, src).expect("write");
    path.to_str().expect("utf-8").to_string()
}

#[test]
fn a_book_demo_run_is_tagged_in_every_output_whatever_its_label() {
    let dir = tempfile::tempdir().expect("tempdir");
    let preset = neutral_book_demo(dir.path());
    for format in ["table", "csv", "json"] {
        let (ok, out, err) = nnlab(&["run", &preset, "--format", format, "--epochs", "3"]);
        assert!(ok, "{format}: {err}");
        assert!(out.contains("mine (book-demo)"), "{format}: {out}");
        assert_eq!(
            out.matches("mine").count(),
            out.matches("mine (book-demo)").count(),
            "{format}: every mention is tagged: {out}"
        );
        assert!(
            !out.contains("true (book-demo)"),
            "{format}: the gradient run is not"
        );
    }
    for view in ["cost", "params", "landscape"] {
        let svg = dir.path().join(format!("{view}.svg"));
        let svg = svg.to_str().expect("utf-8");
        let (ok, _, err) = nnlab(&["plot", &preset, "--view", view, "-o", svg]);
        assert!(ok, "{view}: {err}");
        let text = std::fs::read_to_string(svg).expect("svg");
        assert!(
            text.contains("mine (book-demo)"),
            "{view}: the legend or title names the rule"
        );
        assert_eq!(
            text.matches("mine").count(),
            text.matches("mine (book-demo)").count(),
            "{view}: every mention is tagged"
        );
    }
}
