//! The engine's layers, checked on its sources: `unsafe` and `std::arch` appear only in the
//! fast layer (`src/fast/`), the crate denies it elsewhere; the book layer (`src/book/`) imports nothing but itself (it is
//! what a reader of the book opens, pure and complete); every file of the fast layer opens by
//! naming the book function it equals and the test that holds it there; and no two source
//! files import each other, directly or round a longer circle.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path of a source file: `src/run/train/measure.rs` is `run::train::measure`.
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Code lines only: comments and doc comments dropped (they may name what they forbid).
fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| {
        let t = l.trim_start();
        !t.starts_with("//")
    })
}

#[test]
fn unsafe_code_and_std_arch_live_only_in_the_fast_layer() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    // The binary package's sources too: it forbids unsafe code altogether.
    let bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("../src");
    let mut bin_files = Vec::new();
    if bin.is_dir() {
        sources(&bin, &mut bin_files);
    }
    let fast = src().join("fast");
    let mut offenders = Vec::new();
    for file in files.iter().chain(&bin_files) {
        if file.starts_with(&fast) {
            continue;
        }
        let text = fs::read_to_string(file).expect("read");
        for line in code(&text) {
            let words = line.contains("unsafe ") || line.contains("unsafe{");
            if words || line.contains("std::arch") || line.contains("core::arch") {
                offenders.push(format!("{}: {}", file.display(), line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "outside src/fast/: {offenders:#?}");
    // And the fence is there: the crate denies unsafe code, the fast layer alone allows it.
    let lib = fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest = fs::read_to_string(manifest).expect("Cargo.toml");
    assert!(
        manifest.contains("unsafe_code = \"deny\""),
        "the crate denies unsafe code"
    );
    let fast_mod = fs::read_to_string(fast.join("mod.rs")).expect("fast/mod.rs");
    assert!(fast_mod.contains("#![allow(unsafe_code)]"));
    assert!(
        lib.contains("\nmod fast;"),
        "the fast layer is private to the crate"
    );
}

#[test]
fn the_book_layer_imports_only_itself() {
    let mut files = Vec::new();
    sources(&src().join("book"), &mut files);
    assert!(files.len() >= 8, "the book layer's files: {files:?}");
    for file in files {
        let text = fs::read_to_string(&file).expect("read");
        for line in code(&text) {
            if let Some(at) = line.find("crate::") {
                let rest = &line[at + "crate::".len()..];
                assert!(
                    rest.starts_with("book"),
                    "{} reaches outside the book layer: {}",
                    file.display(),
                    line.trim()
                );
            }
        }
    }
}

#[test]
fn each_fast_file_names_the_book_function_it_equals_and_its_test() {
    let mut files = Vec::new();
    sources(&src().join("fast"), &mut files);
    for file in files {
        let name = file
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        if matches!(name.as_str(), "exp_table.rs" | "tests.rs" | "mod.rs") {
            continue; // a generated table, the tests themselves, and the layer's index
        }
        let text = fs::read_to_string(&file).expect("read");
        let head: String = text.lines().take_while(|l| l.starts_with("//!")).collect();
        assert!(
            head.contains("Equals") && head.contains("book::") && head.contains("tested"),
            "{} must open with 'Equals [`crate::book::...`] ... tested by ...': {head}",
            file.display()
        );
    }
}

/// `use` targets of a file, resolved to module paths (crate::, super:: and self:: forms).
fn imports(file: &Path, text: &str) -> Vec<Vec<String>> {
    let here = module_of(file);
    let is_mod = matches!(
        file.file_name().and_then(|n| n.to_str()),
        Some("mod.rs" | "lib.rs")
    );
    let mut out = Vec::new();
    for line in code(text) {
        let t = line.trim();
        let Some(rest) = t
            .strip_prefix("pub use ")
            .or_else(|| t.strip_prefix("pub(crate) use "))
            .or_else(|| t.strip_prefix("use "))
        else {
            continue;
        };
        let path: Vec<&str> = rest
            .split(['{', ';', ' '])
            .next()
            .unwrap_or("")
            .split("::")
            .filter(|s| !s.is_empty())
            .collect();
        let mut module: Vec<String> = match path.first() {
            Some(&"crate") => Vec::new(),
            Some(&"super") => {
                let mut m = here.clone();
                if !is_mod {
                    m.pop();
                }
                m.pop();
                m
            }
            Some(&"self") => {
                let mut m = here.clone();
                if !is_mod {
                    m.pop();
                }
                m
            }
            _ => continue,
        };
        let mut rest = path[1..].iter().peekable();
        while rest.peek() == Some(&&"super") {
            module.pop();
            rest.next();
        }
        module.extend(rest.map(|s| (*s).to_string()));
        out.push(module);
    }
    out
}

/// Depth-first search from `node`: the first import circle met, if any.
fn visit(
    node: &Vec<String>,
    graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    stack: &mut Vec<Vec<String>>,
    done: &mut BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    if let Some(at) = stack.iter().position(|n| n == node) {
        return Some(stack[at..].iter().map(|m| m.join("::")).collect());
    }
    if done.contains(node) {
        return None;
    }
    stack.push(node.clone());
    for next in graph.get(node).into_iter().flatten() {
        if let Some(circle) = visit(next, graph, stack, done) {
            return Some(circle);
        }
    }
    stack.pop();
    done.insert(node.clone());
    None
}

#[test]
fn no_two_source_files_import_each_other() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(f)).collect();
    // Each import points at the deepest module that is a file (an item inside it is dropped).
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let from = module_of(file);
        let text = fs::read_to_string(file).expect("read");
        for mut target in imports(file, &text) {
            while !target.is_empty() && !modules.contains(&target) {
                target.pop();
            }
            // An import of a parent module's re-export, or of the crate root, names a facade.
            if target.is_empty() || target == from || from.starts_with(&target) {
                continue;
            }
            graph.entry(from.clone()).or_default().insert(target);
        }
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let circle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "an import circle: {circle:?}");
    }
    assert!(
        graph.len() > 40,
        "the scan found the crate's imports: {}",
        graph.len()
    );
}
