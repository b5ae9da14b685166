//! `nnlab bench`: times the engine beside reference loops.

use super::{BenchArgs, BenchFormat, io_err};
use std::io::Write;

/// `nnlab bench`: the figures of [`crate::bench::run`], as a table with the targets or as JSON.
pub fn bench(args: &BenchArgs, out: &mut impl Write) -> Result<(), String> {
    let r = crate::bench::run(usize::try_from(args.rounds).unwrap_or(usize::MAX))?;
    if args.format == BenchFormat::Json {
        let json = serde_json::to_value(&r).map_err(|e| e.to_string())?;
        writeln!(out, "{json}").map_err(io_err)?;
        return out.flush().map_err(io_err);
    }
    let verdict = |ok: bool| if ok { "met" } else { "NOT met" };
    let lines = [
        format!(
            "{} ({} cores), median of {} rounds; references timed in the same rounds",
            r.cpu, r.cores, r.rounds
        ),
        format!(
            "sigmoids and their exps: {}",
            if r.vector_exp {
                "four at a time (AVX2 + FMA; the C library's bits, checked at start)"
            } else {
                "one at a time (the C library's exp)"
            }
        ),
        format!(
            "[784, 30, 10], cross-entropy, mini-batch 10, {} shipped MNIST images:",
            crate::bench::TRAIN
        ),
        format!(
            "  training epoch     {:9.2} ms   reference (dense loops) {:9.2} ms   {:6.1}x faster",
            r.train_epoch_ms, r.ref_train_epoch_ms, r.train_speedup_vs_ref
        ),
        format!(
            "  evaluation, 10,000 {:9.2} ms   reference (dense loops) {:9.2} ms   {:6.1}x faster   accuracy {:.2}%",
            r.eval_ms,
            r.ref_eval_ms,
            r.eval_speedup_vs_ref,
            100.0 * r.accuracy
        ),
        format!(
            "  `nnlab run` epoch  {:9.2} ms   (training + cost over the training images + cost and accuracy over 10,000;",
            r.run_epoch_ms
        ),
        format!(
            "                                  {} epochs of its stepping; {:.2} ms with the metrics measured inline)",
            crate::bench::RUN_EPOCHS,
            r.inline_run_epoch_ms
        ),
        format!(
            "  run epoch / training epoch     {:6.2}   (target <= 1.5: {})",
            r.run_epoch_over_train_epoch,
            verdict(r.run_epoch_over_train_epoch <= 1.5)
        ),
        format!(
            "  training / evaluation per image {:5.2}   (target >= 3: {})",
            r.train_over_eval_per_image,
            verdict(r.train_over_eval_per_image >= 3.0)
        ),
        "single neuron (slowdown, cross-entropy), one epoch plus its cost, output and gradient:"
            .into(),
        format!(
            "  engine (net::neuron) {:12.0} epochs/s   reference (scalar loop) {:12.0} epochs/s   ratio {:.2} (target >= 0.5: {})",
            r.neuron_epochs_per_s,
            r.ref_neuron_epochs_per_s,
            r.neuron_speed_vs_ref,
            verdict(r.neuron_speed_vs_ref >= 0.5)
        ),
        format!(
            "  `nnlab run slowdown` {:12.0} neuron-epochs/s (with its metrics rows)",
            r.run_neuron_epochs_per_s
        ),
    ];
    for line in lines {
        writeln!(out, "{line}").map_err(io_err)?;
    }
    out.flush().map_err(io_err)
}
