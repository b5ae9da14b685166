//! Property tests: whatever bytes or structured nonsense reach the preset loader, it answers with
//! A value (a preset or an error), never a panic; valid-looking presets train without panicking.

use nnlab::preset::BUILTIN;
use nnlab::{Preset, Session};
use proptest::prelude::*;

const BYTE_CASES: u32 = 2000;
const MUTATION_CASES: u32 = 2000;
const STRUCTURED_CASES: u32 = 300;

proptest! {
    #![proptest_config(ProptestConfig { cases: BYTE_CASES, ..ProptestConfig::default() })]
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("fuzz.ron");
        std::fs::write(&path, &bytes).expect("write");
        if let Err(e) = Preset::read_file(&path) {
            prop_assert!(e.to_string().starts_with(&path.display().to_string()));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: MUTATION_CASES, ..ProptestConfig::default() })]
    /// Built-in presets with a span of characters replaced by arbitrary text.
    #[test]
    fn mutated_builtins_never_panic(
        which in 0..BUILTIN.len(),
        at in 0.0f64..1.0,
        len in 0usize..12,
        insert in "[-0-9a-zA-Z_.,:()\\[\\]\" e+]{0,12}",
    ) {
        let src = BUILTIN[which].1;
        let mut start = ((src.len() as f64) * at) as usize;
        while !src.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(src.len());
        while !src.is_char_boundary(end) { end -= 1; }
        let mutated = format!("{}{}{}", &src[..start], insert, &src[end..]);
        match Preset::parse(&mutated, "mutated.ron") {
            Ok(preset) => {
                // Parsed and validated: it must build and train a couple of epochs, or refuse
                // with an error value.
                if let Ok(mut session) = Session::new(preset) {
                    let small = session.data.train.len() <= 5000;
                    if small {
                        session.step();
                        session.step();
                    }
                }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("mutated.ron")),
        }
    }
}

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        (-1e3f64..1e3).prop_map(|v| format!("{v:?}")),
        Just("0.0".to_string()),
        Just("-0.0".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("NaN".to_string()),
        Just("inf".to_string()),
        Just("1e-320".to_string()),
    ]
}

fn layers() -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(
        prop_oneof![0usize..5, Just(1usize), Just(2usize), Just(1usize << 40)],
        0..5,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: STRUCTURED_CASES, ..ProptestConfig::default() })]
    /// Well-formed RON with arbitrary values in every field.
    #[test]
    fn structured_presets_never_panic(
        epochs in prop_oneof![0u64..5, Just(u64::MAX)],
        layers in layers(),
        cost in prop_oneof![Just("Quadratic"), Just("CrossEntropy"), Just("LogLikelihood")],
        output in prop_oneof![Just("Sigmoid".to_string()), Just("Linear".to_string()), number().prop_map(|c| format!("Softmax(c: {c})"))],
        eta in number(),
        mini_batch in prop_oneof![0usize..4, Just(usize::MAX)],
        w in proptest::collection::vec(number(), 0..4),
        b in number(),
        update in prop_oneof![Just("Gradient"), Just("BookDemo")],
        inputs in proptest::collection::vec(proptest::collection::vec(number(), 0..4), 0..4),
        targets in proptest::collection::vec(proptest::collection::vec(number(), 0..3), 0..4),
        init_kind in 0u8..4,
        std in number(),
    ) {
        let list = |v: &[String]| v.join(", ");
        let init = match init_kind {
            0 => format!("Neuron(w: [{}], b: {b})", list(&w)),
            1 => "Large".to_string(),
            2 => "Scaled".to_string(),
            _ => format!("Normal(std: {std})"),
        };
        let rows = |v: &[Vec<String>]| v.iter().map(|r| format!("[{}]", list(r))).collect::<Vec<_>>().join(", ");
        let src = format!(
            "Preset(name: \"p\", description: \"d\", epochs: {epochs}, seed: 3,\n data: Inline(inputs: [{}], targets: [{}], classify: true),\n runs: [(label: \"r\", layers: {layers:?}, output: {output}, cost: {cost}, eta: {eta}, mini_batch: {mini_batch}, init: {init}, update: {update})])",
            rows(&inputs), rows(&targets)
        );
        match Preset::parse(&src, "structured.ron") {
            Ok(preset) => {
                if let Ok(mut session) = Session::new(preset) {
                    for _ in 0..3 {
                        for m in session.step() {
                            // a finite cost, or a run reported as diverged
                            prop_assert!(m.cost.is_finite() || session.runs.iter().any(|r| r.diverged_at().is_some()));
                        }
                    }
                }
            }
            Err(e) => prop_assert!(e.to_string().starts_with("structured.ron")),
        }
    }
}
