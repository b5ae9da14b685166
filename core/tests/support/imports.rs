//! Source scans shared by the structure tests of both packages: a crate's source files, their
//! module paths, their `use` imports and the first import circle between files, if any.
#![allow(dead_code)] // each test crate uses what it checks

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
pub fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read the source directory") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a source file under `src`: `src/run/train/measure.rs` is
/// `run::train::measure`.
pub fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).expect("under src");
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
pub fn code(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|l| {
        let t = l.trim_start();
        !t.starts_with("//")
    })
}

/// `use` targets of a file, resolved to module paths (crate::, super:: and self:: forms).
pub fn imports(src: &Path, file: &Path, text: &str) -> Vec<Vec<String>> {
    let here = module_of(src, file);
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
            // `here` is the file's own module (a mod.rs or lib.rs is its folder's module):
            // `super` is its parent, `self` itself.
            Some(&"super") => {
                let mut m = here.clone();
                m.pop();
                m
            }
            Some(&"self") => here.clone(),
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
pub fn visit(
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

/// The first import circle between the source files under `src` (module paths joined with
/// `::`), if any, and how many files import another.
pub fn first_circle(src: &Path) -> (Option<Vec<String>>, usize) {
    let mut files = Vec::new();
    sources(src, &mut files);
    let modules: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(src, f)).collect();
    // Each import points at the deepest module that is a file (an item inside it is dropped).
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        let from = module_of(src, file);
        let text = fs::read_to_string(file).expect("read");
        for mut target in imports(src, file, &text) {
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
        if let Some(circle) = visit(node, &graph, &mut Vec::new(), &mut done) {
            return (Some(circle), graph.len());
        }
    }
    (None, graph.len())
}
