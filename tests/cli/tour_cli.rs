//! `nnlab tour --list`, `--check` and `--reset`, through the real binary with its data
//! Directory in a temporary folder.

use std::process::{Command, Output};

fn nnlab(data: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nnlab"))
        .args(args)
        .env("XDG_DATA_HOME", data)
        .env("HOME", data)
        .output()
        .expect("run nnlab")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn list_prints_every_step_with_its_question_and_progress() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = nnlab(dir.path(), &["tour", "--list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = text(&o);
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    assert!(
        out.contains(&format!("({} steps, 0 done)", tour.steps.len())),
        "{out}"
    );
    for (i, s) in tour.steps.iter().enumerate() {
        assert!(out.contains(&format!("{:>2}. {}", i + 1, s.id)), "{out}");
        let q = s.question.as_ref().expect("q");
        assert!(out.contains(&q.prompt), "{out}");
        for o in q.options() {
            assert!(out.contains(o), "{out}");
        }
    }

    // Saved progress shows: one step done.
    let path = nnlab::tour::Progress::path(&dir.path().join("nnlab"), &tour.name);
    let mut p = nnlab::tour::Progress::default();
    p.step_mut(&tour.steps[1].id).done = true;
    p.save(&path).expect("save");
    let out = text(&nnlab(dir.path(), &["tour", "--list"]));
    assert!(out.contains("1 done"), "{out}");
    assert!(
        out.contains(&format!("x  2. {}", tour.steps[1].id)),
        "{out}"
    );

    // --reset forgets it.
    let o = nnlab(dir.path(), &["tour", "--reset"]);
    assert!(o.status.success());
    assert!(text(&o).contains("progress reset"), "{}", text(&o));
    assert!(!path.exists());
    let out = text(&nnlab(dir.path(), &["tour", "--list"]));
    assert!(out.contains("0 done"), "{out}");
    let o = nnlab(dir.path(), &["tour", "--reset"]);
    assert!(text(&o).contains("no progress saved yet"), "{}", text(&o));
}

#[test]
fn check_judges_every_step_on_its_run_one_line_each() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = nnlab(dir.path(), &["tour", "--check"]);
    let out = text(&o);
    assert!(
        o.status.success(),
        "{out}\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let tour = nnlab::tour::Tour::builtin().expect("tour");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), tour.steps.len(), "{out}");
    for (line, s) in lines.iter().zip(&tour.steps) {
        assert!(line.starts_with("ok "), "{line}");
        assert!(line.contains(&s.id), "{line}");
        assert!(line.contains("answer: "), "{line}");
    }
    // The MNIST step says it trained fewer epochs in check mode.
    let mnist = lines
        .iter()
        .find(|l| l.contains("mnist"))
        .expect("mnist line");
    assert!(mnist.contains("[check mode: 3 of 30 epochs]"), "{mnist}");
    // The numbers come from the runs: the saturated start's plateau, the mild start's 0.09.
    assert!(
        lines[0].contains("a = 0.094 after 300 epochs"),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("C/C0 first below 0.9 at epoch 152"),
        "{}",
        lines[1]
    );
}

#[test]
fn check_fails_on_a_step_it_cannot_evaluate_and_says_which() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = r#"Tour(
    name: "broken",
    title: "A teacher's tour with one bad question",
    steps: [
        (
            id: "fine",
            title: "Fine",
            preset: "quadratic-mild",
            view: "cost",
            book: "Eq. 54",
            todo: "run",
            look: "the curve",
            question: (
                prompt: "a at the end?",
                answer: Number(measure: Final(run: "quadratic", of: Output), tolerance: Absolute(0.05)),
            ),
        ),
        (
            id: "no-accuracy",
            title: "Accuracy of a regression",
            preset: "quadratic-mild",
            view: "cost",
            book: "Eq. 54",
            todo: "run",
            look: "the curve",
            question: (
                prompt: "accuracy?",
                answer: Number(measure: Final(run: "quadratic", of: Accuracy), tolerance: Absolute(1.0)),
            ),
        ),
    ],
)
"#;
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, src).expect("write");
    let o = nnlab(
        dir.path(),
        &["tour", path.to_str().expect("utf-8"), "--check"],
    );
    assert!(!o.status.success());
    let out = text(&o);
    assert!(
        out.lines()
            .next()
            .is_some_and(|l| l.starts_with("ok ") && l.contains("fine")),
        "{out}"
    );
    assert!(
        out.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("FAIL") && l.contains("has no accuracy")),
        "{out}"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("1 step(s) could not be evaluated"));

    // A malformed tour file: file:line:column, exit 1.
    std::fs::write(&path, src.replace("view: \"cost\",\n            book: \"Eq. 54\",\n            todo: \"run\",\n            look: \"the curve\",\n            question: (\n                prompt: \"accuracy?\"", "view: \"costs\",\n            book: \"Eq. 54\",\n            todo: \"run\",\n            look: \"the curve\",\n            question: (\n                prompt: \"accuracy?\"")).expect("write");
    let o = nnlab(
        dir.path(),
        &["tour", path.to_str().expect("utf-8"), "--list"],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("broken.ron:22:19: step \"no-accuracy\": no view \"costs\""),
        "{err}"
    );
}

#[test]
fn without_a_terminal_the_tour_says_what_runs_headless() {
    let dir = tempfile::tempdir().expect("tempdir");
    let o = nnlab(dir.path(), &["tour"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("tour --list"), "{err}");
}
