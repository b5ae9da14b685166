//! The plain references `nnlab bench` times beside the engine: the neuron as a scalar loop, and
//! a dense [784, 30, 10] network trained and evaluated one example at a time (what network2.py
//! does with numpy), so that every figure is also a ratio that holds across machines.

use crate::book::Network;
use crate::data::Samples;
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;

/// The same neuron as a plain scalar loop: a step, then z, a, the cross-entropy and the
/// gradient at the new weights (what a C loop or network2.py without matrices would do).
pub(super) fn neuron_reference(epochs: u64) -> f64 {
    let (x, y, eta) = (black_box(1.0f64), black_box(0.0f64), black_box(0.15f64));
    let (mut w, mut b) = (2.0f64, 2.0f64);
    let mut seen = 0.0;
    for _ in 0..epochs {
        let a = 1.0 / (1.0 + (-(w * x + b)).exp());
        let delta = a - y;
        w -= eta * delta * x;
        b -= eta * delta;
        let a = 1.0 / (1.0 + (-(w * x + b)).exp());
        let cost = -(y * a.ln() + (1.0 - y) * (1.0 - a).ln());
        seen += cost + a + (a - y) * x + (a - y);
    }
    seen
}

/// Every example's features as f64, example after example (the reference reads them dense).
pub(super) fn dense_inputs(samples: &Samples) -> Vec<f64> {
    let dim = samples.input_dim();
    let mut x = vec![0.0; dim * samples.len()];
    for (i, chunk) in x.chunks_exact_mut(dim.max(1)).enumerate() {
        samples.features.write_example(i, chunk);
    }
    x
}

/// The reference network: row-major weights, one example at a time, every pixel multiplied
/// (zeros too), as network2.py does it with numpy.
pub(super) struct DenseNet {
    sizes: Vec<usize>,
    w: Vec<Vec<f64>>,
    b: Vec<Vec<f64>>,
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl DenseNet {
    pub(super) fn from(net: &Network) -> DenseNet {
        DenseNet {
            sizes: net.sizes.clone(),
            w: net
                .weights
                .iter()
                .map(|m| {
                    let mut rows = Vec::with_capacity(m.len());
                    for j in 0..m.nrows() {
                        rows.extend(m.row(j).iter().copied());
                    }
                    rows
                })
                .collect(),
            b: net
                .biases
                .iter()
                .map(|v| v.iter().copied().collect())
                .collect(),
        }
    }

    /// z and a of every layer for input x.
    fn forward(&self, x: &[f64], zs: &mut [Vec<f64>], acts: &mut [Vec<f64>]) {
        for l in 0..self.w.len() {
            let (n_in, n_out) = (self.sizes[l], self.sizes[l + 1]);
            for j in 0..n_out {
                let input: &[f64] = if l == 0 { x } else { &acts[l - 1] };
                let row = &self.w[l][j * n_in..(j + 1) * n_in];
                let z = self.b[l][j] + row.iter().zip(input).map(|(w, a)| w * a).sum::<f64>();
                zs[l][j] = z;
                acts[l][j] = sigmoid(z);
            }
        }
    }

    fn buffers(&self) -> Vec<Vec<f64>> {
        self.sizes[1..].iter().map(|&n| vec![0.0; n]).collect()
    }

    /// One epoch of mini-batch SGD with the cross-entropy (delta^L = a - y, Eq. 66).
    pub(super) fn sgd_epoch(
        &mut self,
        x: &[f64],
        samples: &Samples,
        order: &mut [usize],
        rng: &mut ChaCha8Rng,
        eta: f64,
        mini_batch: usize,
    ) {
        use rand::seq::SliceRandom;
        order.shuffle(rng);
        let dim = self.sizes[0];
        let (mut zs, mut acts, mut deltas) = (self.buffers(), self.buffers(), self.buffers());
        let mut gw: Vec<Vec<f64>> = self.w.iter().map(|w| vec![0.0; w.len()]).collect();
        let mut gb = self.buffers();
        for batch in order.chunks(mini_batch) {
            for g in gw.iter_mut().chain(gb.iter_mut()) {
                g.fill(0.0);
            }
            for &i in batch {
                let xi = &x[i * dim..(i + 1) * dim];
                self.forward(xi, &mut zs, &mut acts);
                let last = self.w.len() - 1;
                for (j, d) in deltas[last].iter_mut().enumerate() {
                    *d = acts[last][j] - samples.targets[(j, i)];
                }
                for l in (0..last).rev() {
                    let n = self.sizes[l + 1];
                    for k in 0..n {
                        let mut s = 0.0;
                        for (j, &d) in deltas[l + 1].iter().enumerate() {
                            s += self.w[l + 1][j * n + k] * d;
                        }
                        let a = acts[l][k];
                        deltas[l][k] = s * a * (1.0 - a);
                    }
                }
                for l in 0..self.w.len() {
                    let n_in = self.sizes[l];
                    let input: &[f64] = if l == 0 { xi } else { &acts[l - 1] };
                    for (j, &d) in deltas[l].iter().enumerate() {
                        for (g, &a) in gw[l][j * n_in..(j + 1) * n_in].iter_mut().zip(input) {
                            *g += d * a;
                        }
                        gb[l][j] += d;
                    }
                }
            }
            let step = eta / batch.len() as f64;
            for l in 0..self.w.len() {
                for (w, g) in self.w[l].iter_mut().zip(&gw[l]) {
                    *w -= step * g;
                }
                for (b, g) in self.b[l].iter_mut().zip(&gb[l]) {
                    *b -= step * g;
                }
            }
        }
    }

    /// Mean cross-entropy and correct count over the examples.
    pub(super) fn evaluate(&self, x: &[f64], samples: &Samples) -> (f64, usize) {
        let dim = self.sizes[0];
        let (mut zs, mut acts) = (self.buffers(), self.buffers());
        let (mut total, mut correct) = (0.0, 0);
        let labels = samples.labels.as_deref().unwrap_or(&[]);
        for i in 0..samples.len() {
            self.forward(&x[i * dim..(i + 1) * dim], &mut zs, &mut acts);
            let out = &acts[acts.len() - 1];
            for (j, &a) in out.iter().enumerate() {
                let y = samples.targets[(j, i)];
                total -= y * a.max(1e-300).ln() + (1.0 - y) * (1.0 - a).max(1e-300).ln();
            }
            let guess = (0..out.len()).fold(0, |best, j| if out[j] > out[best] { j } else { best });
            correct += usize::from(labels.get(i) == Some(&guess));
        }
        (total / samples.len().max(1) as f64, correct)
    }
}
