//! Where one preset differs from another, in words: what the tour says when a step's run is
//! not the preset it shipped with, one phrase per changed setting.

use super::Preset;
use crate::book::Init;
use crate::format;

/// Where `ran` differs from `shipped`, one phrase per setting.
pub fn differences(shipped: &Preset, ran: &Preset) -> Vec<String> {
    let mut out = Vec::new();
    if shipped.epochs != ran.epochs {
        out.push(format!("epochs {} -> {}", shipped.epochs, ran.epochs));
    }
    if shipped.seed != ran.seed {
        out.push(format!("seed {} -> {}", shipped.seed, ran.seed));
    }
    if shipped.data != ran.data {
        out.push("other data".into());
    }
    if shipped.runs.len() != ran.runs.len() {
        out.push(format!("{} runs -> {}", shipped.runs.len(), ran.runs.len()));
    }
    for (s, r) in shipped.runs.iter().zip(&ran.runs) {
        let mut d = Vec::new();
        if s.eta != r.eta {
            d.push(format!("eta {} -> {}", s.eta, r.eta));
        }
        if s.cost != r.cost {
            d.push(format!("cost {:?} -> {:?}", s.cost, r.cost));
        }
        if s.mini_batch != r.mini_batch {
            d.push(format!("mini-batch {} -> {}", s.mini_batch, r.mini_batch));
        }
        if s.init != r.init {
            d.push(format!(
                "start {} -> {}",
                describe_init(&s.init),
                describe_init(&r.init)
            ));
        }
        if s.seed != r.seed {
            d.push("seed changed".into());
        }
        if s.update != r.update || s.output != r.output || s.layers != r.layers {
            d.push("network or update rule changed".into());
        }
        if !d.is_empty() {
            out.push(format!("{}: {}", r.label, d.join(", ")));
        }
    }
    out
}

fn describe_init(init: &Init) -> String {
    match init {
        Init::Neuron { w, b } => {
            let w: Vec<String> = w.iter().map(|x| format::brief(*x)).collect();
            format!("w = {}, b = {}", w.join(", "), format::brief(*b))
        }
        other => format!("{other:?}"),
    }
}
