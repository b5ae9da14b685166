//! `nnlab completions SHELL` and `nnlab man`: generated from the clap definitions, they know
//! Every subcommand (the list comes from the definitions, so a new one is checked too).

use crate::support::cli::nnlab;
use clap::CommandFactory;
use std::process::Command;

fn subcommands() -> Vec<String> {
    let names: Vec<String> = nnlab::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect();
    for expected in ["run", "plot", "completions", "man", "exercises", "fetch"] {
        assert!(
            names.iter().any(|n| n == expected),
            "{expected} in {names:?}"
        );
    }
    names
}

#[test]
fn completions_are_generated_for_each_shell_and_name_every_subcommand() {
    let names = subcommands();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let (ok, script, err) = nnlab(&["completions", shell]);
        assert!(ok, "{shell}: {err}");
        for name in &names {
            assert!(script.contains(name.as_str()), "{shell}: {name} missing");
        }
        // options of a subcommand (fish spells them `-l epochs`)
        for word in ["epochs", "every", "size"] {
            assert!(script.contains(word), "{shell}: {word} missing");
        }
        // the values of --view (elvish and powershell do not complete values)
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("landscape"), "{shell}: --view's values");
        }
    }
    let (ok, _, err) = nnlab(&["completions", "tcsh"]);
    assert!(!ok && err.contains("possible values"), "{err}");
}

#[test]
fn the_bash_completion_is_valid_bash() {
    let (ok, script, _) = nnlab(&["completions", "bash"]);
    assert!(ok);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nnlab.bash");
    std::fs::write(&path, &script).expect("write");
    // bash -n parses without running; then source it and ask for a completion of `nnlab pl`.
    let status = Command::new("bash")
        .arg("-n")
        .arg(&path)
        .status()
        .expect("bash");
    assert!(status.success());
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "source {}; COMP_WORDS=(nnlab pl); COMP_CWORD=1; COMP_LINE='nnlab pl'; COMP_POINT=8; _nnlab nnlab pl nnlab; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            path.display()
        ))
        .output()
        .expect("bash");
    let replies = String::from_utf8_lossy(&out.stdout);
    assert!(
        replies.lines().any(|l| l == "plot"),
        "completing `nnlab pl`: {replies:?} {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let (ok, page, err) = nnlab(&["man"]);
    assert!(ok, "{err}");
    assert!(page.contains(".TH nnlab 1"), "a man page header");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for name in subcommands() {
        // roff escapes '-' in names as "\-"
        assert!(
            page.contains(&format!("nnlab\\-{name}(1)")),
            "{name} missing"
        );
    }
}

#[test]
fn man_dir_writes_one_page_per_command() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (ok, out, err) = nnlab(&["man", "--dir", dir.path().to_str().expect("utf-8")]);
    assert!(ok, "{err}");
    assert!(out.contains("wrote the man pages"), "{out}");
    let plot = std::fs::read_to_string(dir.path().join("nnlab-plot.1")).expect("nnlab-plot.1");
    for option in ["\\-\\-view", "\\-\\-size", "\\-\\-every", "\\-\\-log"] {
        assert!(plot.contains(option), "{option} missing from nnlab-plot.1");
    }
    assert!(dir.path().join("nnlab.1").exists());
    for name in subcommands() {
        assert!(
            dir.path().join(format!("nnlab-{name}.1")).exists(),
            "nnlab-{name}.1"
        );
    }
}
