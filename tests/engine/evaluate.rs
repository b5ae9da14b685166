//! Evaluation over many examples: the same bits on any number of threads, and the numbers of
//! The network's plain one-example feedforward.

use nnlab::book::{Cost, Init, Network, OutputLayer};
use nnlab::data::mnist::Digits;
use nnlab::run::{EVAL_CHUNK, Workspace, evaluate, evaluate_with_threads};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

fn network(seed: u64) -> Network {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    Network::new(&[784, 30, 10], OutputLayer::Sigmoid, &Init::Large, &mut rng).expect("network")
}

#[test]
fn every_thread_count_gives_the_same_bits() {
    let digits = Digits::shipped().expect("shipped MNIST");
    // 10,000 and an odd count whose last chunk is short.
    for samples in [digits.samples(0..10_000), digits.samples(17..2_620)] {
        let net = network(3);
        for cost in [Cost::CrossEntropy, Cost::Quadratic] {
            let mut ws = Workspace::default();
            let (one, right) = evaluate_with_threads(&net, cost, &samples, &mut ws, 1);
            for threads in [2, 3, 7, 64] {
                let (c, r) = evaluate_with_threads(&net, cost, &samples, &mut ws, threads);
                assert_eq!(c.to_bits(), one.to_bits(), "{threads} threads, {cost}");
                assert_eq!(r, right, "{threads} threads");
            }
            let (c, r) = evaluate(&net, cost, &samples, &mut ws);
            assert_eq!((c.to_bits(), r), (one.to_bits(), right));
        }
    }
}

#[test]
fn evaluation_matches_the_one_example_feedforward() {
    let digits = Digits::shipped().expect("shipped MNIST");
    let samples = digits.samples(0..3 * EVAL_CHUNK + 123);
    let net = network(5);
    let labels = samples.labels.as_ref().expect("labels");
    let (mut total, mut right) = (0.0, 0);
    for (i, &label) in labels.iter().enumerate() {
        let (zs, activations) = net.forward(&samples.features.example(i));
        let (z, a) = (&zs[zs.len() - 1], &activations[activations.len() - 1]);
        let y = samples.targets.column(i);
        total += Cost::CrossEntropy.value(net.output, z.as_slice(), a.as_slice(), y.as_slice());
        right += usize::from(a.argmax().0 == label);
    }
    let want = total / samples.len() as f64;
    let mut ws = Workspace::default();
    let (cost, correct) = evaluate_with_threads(&net, Cost::CrossEntropy, &samples, &mut ws, 2);
    // Different summation orders: agreement to 1e-12 relative.
    assert!(
        (cost - want).abs() <= 1e-12 * want.abs(),
        "{cost} vs {want}"
    );
    assert_eq!(correct, Some(right));
}
