//! Training and evaluation accuracy: each is the fraction of its own set that the
//! Network classifies correctly, counted here independently with the per-example
//! Feedforward of `Network` (argmax of a^L, or a >= 0.5 for one output neuron).

use nnlab::book::Network;
use nnlab::data::Samples;
use nnlab::{Preset, Session};

fn fraction_correct(net: &Network, samples: &Samples) -> f64 {
    let labels = samples.labels.as_ref().expect("a classification set");
    let correct = (0..samples.len())
        .filter(|&j| {
            let a = net.feedforward(&samples.features.example(j));
            let guess = if a.len() == 1 {
                usize::from(a[0] >= 0.5)
            } else {
                a.argmax().0
            };
            guess == labels[j]
        })
        .count();
    correct as f64 / samples.len() as f64
}

#[test]
fn train_and_eval_accuracy_are_each_measured_on_their_own_set() {
    let preset = Preset::load("multilayer-cross-entropy").expect("built-in");
    let mut session = Session::new(preset).expect("session");
    let eval = session.data.eval.clone().expect("a held-out set");
    let mut differed = false;
    for _ in 0..6 {
        let metrics = session.step();
        for (run, m) in session.runs.iter().zip(&metrics) {
            let train = fraction_correct(&run.network, &session.data.train);
            let held_out = fraction_correct(&run.network, &eval);
            assert_eq!(m.train_accuracy, Some(train), "epoch {}", m.epoch);
            assert_eq!(m.accuracy, Some(held_out), "epoch {}", m.epoch);
            differed |= train != held_out;
        }
    }
    assert!(differed, "the two sets never gave different accuracies");
}

#[test]
fn without_an_evaluation_set_accuracy_is_the_training_sets() {
    let source = std::fs::read_to_string("presets/softmax-log-likelihood.ron").expect("preset");
    let source = source.replace("eval: 200", "eval: 0");
    let preset = Preset::parse(&source, "no-eval.ron").expect("valid without evaluation points");
    let mut session = Session::new(preset).expect("session");
    assert!(session.data.eval.is_none());
    let metrics = session.step();
    for (run, m) in session.runs.iter().zip(&metrics) {
        let train = fraction_correct(&run.network, &session.data.train);
        assert_eq!(m.train_accuracy, Some(train));
        assert_eq!(m.accuracy, Some(train));
    }
}
