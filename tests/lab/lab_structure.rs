//! The lab's shape, checked on its source: the terminal lab never imports the command line
//! (the CLI calls into the lab, not the reverse); each area's state lives in a folder that does
//! not import the router (`app.rs`); the panes draw from the slices they are given, never from
//! the whole `App`; the theme is a value, with no process-wide state behind it.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read a source folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn tui_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui")
}

/// The code of a source file without its comments' text (a doc comment may name the CLI).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).expect("read a source file");
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split("//").next().unwrap_or("").to_string()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect()
}

/// Every code line of `files` that `hit` flags, as `file:line: text`.
fn lines_matching(files: &[PathBuf], hit: impl Fn(&str) -> bool) -> Vec<String> {
    files
        .iter()
        .flat_map(|f| {
            code_lines(f)
                .into_iter()
                .filter(|(_, line)| hit(line))
                .map(move |(n, line)| format!("{}:{n}: {}", f.display(), line.trim()))
        })
        .collect()
}

/// True if the code line names the router's state type or module.
fn names_the_router(line: &str) -> bool {
    line.contains("app::")
        || line.contains("super::App")
        || line.contains("tui::App")
        || line.contains("&App")
        || line.contains("mut App")
        || line.contains("App {")
        || line.contains("impl App")
}

#[test]
fn no_file_of_the_lab_imports_the_cli() {
    let files = rust_files(&tui_dir());
    assert!(
        files.len() > 20,
        "found only {} files under src/tui",
        files.len()
    );
    let found = lines_matching(&files, |l| {
        l.contains("crate::cli") || l.contains("nnlab::cli")
    });
    assert!(
        found.is_empty(),
        "the lab imports the CLI:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_mouse_hit_tests_use_the_drawn_regions_not_a_copy_of_the_lab() {
    let mouse = tui_dir().join("mouse.rs");
    let found: Vec<String> = code_lines(&mouse)
        .into_iter()
        .filter(|(_, l)| l.contains(".clone()"))
        .map(|(n, l)| format!("mouse.rs:{n}: {}", l.trim()))
        .collect();
    assert!(
        found.is_empty(),
        "the mouse copies state:\n{}",
        found.join("\n")
    );
}

/// The lab's area folders: each holds an area's state and its update, routed by the App.
const AREAS: &[&str] = &["lab", "exercises", "about", "tour", "overlay", "jobs", "ui"];

#[test]
fn no_area_module_imports_the_router() {
    let files: Vec<PathBuf> = AREAS
        .iter()
        .map(|area| tui_dir().join(area))
        .filter(|dir| dir.is_dir())
        .flat_map(|dir| rust_files(&dir))
        .collect();
    let checked = files.len();
    let found = lines_matching(&files, names_the_router);
    assert!(
        checked >= AREAS.len(),
        "only {checked} files in the {} area folders under src/tui",
        AREAS.len()
    );
    assert!(
        found.is_empty(),
        "an area imports the router:\n{}",
        found.join("\n")
    );
}

#[test]
fn panes_draw_from_slices_not_from_the_whole_lab() {
    let dir = tui_dir().join("panes");
    let files = rust_files(&dir);
    assert!(files.len() >= 10, "the panes folder: {files:?}");
    let found = lines_matching(&files, names_the_router);
    assert!(
        found.is_empty(),
        "a pane reads the whole App:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_theme_is_a_value_not_a_process_global() {
    let theme = tui_dir().join("theme.rs");
    let found: Vec<String> = code_lines(&theme)
        .into_iter()
        .filter(|(_, l)| {
            // `static` items (not `&'static` references), atomics, thread-locals, cells
            l.trim_start().starts_with("static ")
                || l.contains(" static ")
                || l.contains("Atomic")
                || l.contains("thread_local")
                || l.contains("OnceLock")
                || l.contains("Mutex")
        })
        .map(|(n, l)| format!("theme.rs:{n}: {}", l.trim()))
        .collect();
    assert!(
        found.is_empty(),
        "the theme keeps global state:\n{}",
        found.join("\n")
    );
}

#[path = "../../core/tests/support/imports.rs"]
mod imports;

#[test]
fn no_two_source_files_of_the_binary_import_each_other() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (circle, importing) = imports::first_circle(&src);
    assert!(circle.is_none(), "an import circle: {circle:?}");
    assert!(
        importing > 25,
        "the scan found the binary's imports: {importing}"
    );
}
