//! The engine's layers, checked on its sources: `unsafe` and `std::arch` appear only in the
//! fast layer (`src/fast/`), the crate denies it elsewhere; the book layer (`src/book/`) imports nothing but itself (it is
//! what a reader of the book opens, pure and complete); every file of the fast layer opens by
//! naming the book function it equals and the test that holds it there; and no two source
//! files import each other, directly or round a longer circle.

use std::fs;
use std::path::{Path, PathBuf};

#[path = "support/imports.rs"]
mod imports;

use imports::{code, first_circle, sources};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
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

#[test]
fn no_two_source_files_import_each_other() {
    let (circle, importing) = first_circle(&src());
    assert!(circle.is_none(), "an import circle: {circle:?}");
    assert!(
        importing > 40,
        "the scan found the crate's imports: {importing}"
    );
}
