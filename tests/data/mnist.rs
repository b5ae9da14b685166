//! MNIST presets learn on the shipped data, the --data path reads the four standard files, and
//! The sparse byte-pixel path computes what the dense path computes.

use nnlab::Preset;
use nnlab::book::{Init, OutputError};
use nnlab::data::mnist::{self, Digits, Limits};
use nnlab::data::{Dataset, Features, Samples, idx};
use nnlab::run::session::Session;
use nnlab::run::{Run, RunConfig, Update, Workspace};
use std::io::Write;
use std::path::Path;

#[test]
fn mnist_cross_entropy_30_is_clearly_learning_after_3_epochs() {
    let preset = Preset::builtin("mnist-cross-entropy-30")
        .expect("built in")
        .expect("valid");
    let mut session = Session::new(preset).expect("shipped data loads");
    assert!(
        session.data.summary.contains("0-7999"),
        "{}",
        session.data.summary
    );
    assert_eq!(session.data.train.len(), 8_000);
    assert_eq!(session.data.eval_samples().len(), 2_000);
    let start = session.metrics()[0].accuracy.expect("classification");
    assert!(start < 0.3, "untrained accuracy {start}");
    let mut last = None;
    for _ in 0..3 {
        last = Some(session.step()[0].clone());
    }
    let m = last.expect("three epochs");
    let accuracy = m.accuracy.expect("classification");
    assert!(accuracy > 0.80, "accuracy after 3 epochs: {accuracy}");
    assert!(m.cost.is_finite() && m.eval_cost.is_some_and(f64::is_finite));
}

#[test]
fn every_mnist_preset_is_valid_and_quotes_the_book() {
    for (name, book) in [
        ("mnist-cross-entropy-30", "95.49%"),
        ("mnist-quadratic-30", "95.42%"),
        ("mnist-cross-entropy-100", "96.82%"),
        ("mnist-quadratic-100", "96.59%"),
    ] {
        let p = Preset::builtin(name).expect("built in").expect("valid");
        assert!(p.description.contains(book), "{name}");
        assert_eq!(p.runs[0].mini_batch, 10);
        assert_eq!(p.runs[0].init, Init::Large);
        assert_eq!(p.epochs, 30);
    }
}

/// The shipped digits as dense features instead of bytes.
fn dense(samples: &Samples) -> Samples {
    let n = samples.len();
    let dim = samples.input_dim();
    let mut x = nalgebra::DMatrix::zeros(dim, n);
    for j in 0..n {
        samples
            .features
            .write_example(j, x.column_mut(j).as_mut_slice());
    }
    Samples {
        features: Features::Dense(x),
        targets: samples.targets.clone(),
        labels: samples.labels.clone(),
    }
}

#[test]
fn byte_pixels_train_exactly_like_the_same_pixels_as_dense_features() {
    let digits = Digits::shipped().expect("shipped");
    let bytes = Dataset {
        train: digits.samples(0..300),
        eval: Some(digits.samples(300..400)),
        summary: String::new(),
    };
    let floats = Dataset {
        train: dense(&bytes.train),
        eval: bytes.eval.as_ref().map(dense),
        summary: String::new(),
    };
    let config = RunConfig {
        label: "t".into(),
        layers: vec![784, 12, 10],
        output: nnlab::book::OutputLayer::Sigmoid,
        cost: nnlab::book::Cost::CrossEntropy,
        eta: 0.5,
        mini_batch: 7,
        init: Init::Large,
        update: Update::Gradient,
        seed: Some(5),
    };
    let mut a = Run::new(config.clone(), 0, &bytes).expect("run");
    let mut b = Run::new(config, 0, &floats).expect("run");
    for _ in 0..2 {
        let (ma, mb) = (a.train_epoch(&bytes), b.train_epoch(&floats));
        assert!(
            (ma.cost - mb.cost).abs() <= 1e-9 * mb.cost.abs(),
            "{} vs {}",
            ma.cost,
            mb.cost
        );
        assert_eq!(ma.accuracy, mb.accuracy);
    }
    for (wa, wb) in a.network.weights.iter().zip(&b.network.weights) {
        let diff = (wa - wb).abs().max();
        assert!(diff < 1e-9, "weights differ by {diff}");
    }
    // The full gradient of a loaded byte batch equals the dense batch's.
    let mut ga = nnlab::book::Gradients::zeros_like(&a.network);
    let mut gb = ga.clone();
    let idx: Vec<usize> = (10..25).collect();
    let mut wsa = Workspace::default();
    wsa.load(&bytes.train, &idx);
    wsa.forward_loaded(&a.network);
    wsa.backward(
        &a.network,
        nnlab::book::Cost::Quadratic,
        OutputError::Gradient,
        &mut ga,
    );
    let mut wsb = Workspace::default();
    floats.train.gather(&idx, &mut wsb.x, &mut wsb.y);
    wsb.forward(&a.network);
    wsb.backward(
        &a.network,
        nnlab::book::Cost::Quadratic,
        OutputError::Gradient,
        &mut gb,
    );
    for (x, y) in ga.weights.iter().zip(&gb.weights) {
        assert!((x - y).abs().max() < 1e-12);
    }
}

fn write_gz(path: &Path, dims: &[u32], data: &[u8]) {
    let file = std::fs::File::create(path).expect("create");
    let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
    gz.write_all(&idx::encode(dims, data)).expect("write");
    gz.finish().expect("finish");
}

/// A directory with the four standard files made from t10k slices: `train` training images
/// (gzip) and `eval` t10k images (raw).
fn fake_mnist_dir(train: usize, eval: usize) -> tempfile::TempDir {
    let digits = Digits::shipped().expect("shipped");
    let dir = tempfile::tempdir().expect("temp dir");
    let px = &digits.images.pixels;
    let labels: Vec<u8> = digits.labels.iter().map(|&l| l as u8).collect();
    write_gz(
        &dir.path().join("train-images-idx3-ubyte.gz"),
        &[train as u32, 28, 28],
        &px[..train * 784],
    );
    write_gz(
        &dir.path().join("train-labels-idx1-ubyte.gz"),
        &[train as u32],
        &labels[..train],
    );
    std::fs::write(
        dir.path().join("t10k-images-idx3-ubyte"),
        idx::encode(
            &[eval as u32, 28, 28],
            &px[train * 784..(train + eval) * 784],
        ),
    )
    .expect("write");
    std::fs::write(
        dir.path().join("t10k-labels-idx1-ubyte"),
        idx::encode(&[eval as u32], &labels[train..train + eval]),
    )
    .expect("write");
    dir
}

#[test]
fn a_data_directory_with_5000_training_images_is_used_whole() {
    let dir = fake_mnist_dir(5_000, 1_000);
    let data = mnist::load(Some(dir.path()), Limits::default()).expect("loads");
    assert_eq!(data.train.len(), 5_000);
    assert_eq!(data.eval_samples().len(), 1_000);
    assert!(data.summary.contains("5000 of 5000"), "{}", data.summary);
    // Through a preset and --data: the preset's data is replaced.
    let mut preset = Preset::builtin("mnist-cross-entropy-30")
        .expect("built in")
        .expect("valid");
    preset.set_data_dir(dir.path()).expect("an MNIST preset");
    preset.epochs = 1;
    let mut session = Session::new(preset).expect("loads");
    assert_eq!(session.data.train.len(), 5_000);
    let m = session.step();
    assert!(
        m[0].accuracy.is_some_and(|a| a > 0.5),
        "{:?}",
        m[0].accuracy
    );
}

#[test]
fn a_data_directory_missing_a_file_says_which() {
    let dir = fake_mnist_dir(100, 100);
    std::fs::remove_file(dir.path().join("t10k-labels-idx1-ubyte")).expect("rm");
    let err = mnist::load(Some(dir.path()), Limits::default()).expect_err("missing");
    assert!(err.contains("t10k-labels-idx1-ubyte"), "{err}");
}

#[test]
fn data_dir_is_refused_for_presets_without_mnist() {
    let mut preset = Preset::builtin("slowdown")
        .expect("built in")
        .expect("valid");
    let err = preset
        .set_data_dir(Path::new("/tmp"))
        .expect_err("not MNIST");
    assert!(err.contains("--data"), "{err}");
}

#[test]
fn relative_data_paths_are_relative_to_the_preset_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = include_str!("../../presets/mnist-cross-entropy-30.ron").replace(
        "data: Mnist()",
        "data: Mnist(dir: Some(\"digits\"), train: Some(100))",
    );
    let path = dir.path().join("p.ron");
    std::fs::write(&path, src).expect("write");
    let preset = Preset::read_file(&path).expect("valid");
    match preset.data {
        nnlab::preset::DataSpec::Mnist { dir: Some(d), .. } => {
            assert_eq!(d, dir.path().join("digits"));
        }
        other => panic!("unexpected data {other:?}"),
    }
}
