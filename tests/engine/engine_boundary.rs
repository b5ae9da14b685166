//! The engine crate stays free of user-interface crates: its normal dependency tree (what a
//! Program using `nnlab-core` compiles) contains no ratatui, crossterm, clap or indicatif.

use std::process::Command;

/// Crate names that belong to the binary (terminal, drawing, command line, progress bars).
const UI_CRATES: &[&str] = &["ratatui", "crossterm", "clap", "indicatif", "ureq"];

fn engine_tree() -> Vec<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "tree",
            "-p",
            "nnlab-core",
            "-e",
            "normal",
            "--prefix",
            "none",
            "--format",
            "{p}",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect()
}

#[test]
fn the_engine_depends_on_no_ui_crate() {
    let tree = engine_tree();
    // The tree is real: it names the engine and the crates it does use.
    assert!(tree.iter().any(|c| c == "nnlab-core"), "{tree:?}");
    assert!(tree.iter().any(|c| c == "nalgebra"), "{tree:?}");
    let found: Vec<&String> = tree
        .iter()
        .filter(|c| UI_CRATES.contains(&c.as_str()))
        .collect();
    assert!(found.is_empty(), "the engine depends on {found:?}");
}

#[test]
fn the_binary_does_depend_on_them() {
    // The same check on the binary package finds ratatui, so the check above can fail.
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args(["tree", "-p", "nnlab", "-e", "normal", "--prefix", "none"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().any(|l| l.starts_with("ratatui ")), "{text}");
}
