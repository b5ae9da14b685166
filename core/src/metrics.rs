//! A bounded, decimating history of per-epoch values: the chart of a run of ten million epochs
//! holds as many points as one of ten thousand, and still spans the whole run.

pub mod reading;

use crate::run::{EpochMetrics, LayerGradient, NeuronMetrics};

/// Points a [`Series`] keeps at most (plus the newest point).
pub const DEFAULT_CAPACITY: usize = 2048;

/// A series of (epoch, value) points, decimated by halving when it fills up. The value is a
/// number by default; the neuron's whole state (w, b, a, gradients) is kept the same way.
///
/// Points are kept on a stride of epochs: every `stride`-th epoch is stored; when the series
/// holds `capacity` points every other point is dropped and the stride doubles. The newest
/// point is always available through [`Series::last`], so the chart reaches the current epoch.
///
/// ```
/// use nnlab_core::metrics::Series;
/// let mut s = Series::with_capacity(4);
/// for epoch in 0..=9 {
///     s.push(epoch, epoch as f64 * 10.0);
/// }
/// // Full at 0, 1, 2, 3: keep every 2nd; full again at 0, 2, 4, 6: keep every 4th.
/// assert_eq!(s.stride(), 4);
/// assert_eq!(s.points(), vec![(0.0, 0.0), (4.0, 40.0), (8.0, 80.0), (9.0, 90.0)]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Series<T = f64> {
    points: Vec<(f64, T)>,
    last: Option<(f64, T)>,
    stride: u64,
    capacity: usize,
}

impl<T: Clone> Default for Series<T> {
    fn default() -> Self {
        Series::with_capacity(DEFAULT_CAPACITY)
    }
}

impl<T: Clone> Series<T> {
    /// An empty series keeping at most `capacity` points (at least 4).
    pub fn with_capacity(capacity: usize) -> Series<T> {
        let capacity = capacity.max(4);
        Series {
            points: Vec::with_capacity(capacity),
            last: None,
            stride: 1,
            capacity,
        }
    }

    /// Records `value` at `epoch` (epochs must not decrease).
    pub fn push(&mut self, epoch: u64, value: T) {
        let point = (epoch as f64, value);
        self.last = Some(point.clone());
        if !epoch.is_multiple_of(self.stride) {
            return;
        }
        if let Some(&(e, _)) = self.points.last()
            && e >= point.0
        {
            if let Some(p) = self.points.last_mut() {
                *p = point;
            }
            return;
        }
        self.points.push(point);
        if self.points.len() >= self.capacity {
            self.stride = self.stride.saturating_mul(2);
            let stride = self.stride as f64;
            // Keep the points on the new stride; epoch 0 is always on it.
            self.points.retain(|&(e, _)| e % stride == 0.0);
        }
    }

    /// The stored points plus the newest one, in increasing epoch.
    pub fn points(&self) -> Vec<(f64, T)> {
        let mut out = self.points.clone();
        if let Some(last) = &self.last
            && out.last().is_none_or(|(e, _)| *e < last.0)
        {
            out.push(last.clone());
        }
        out
    }

    /// Every stored value and then the newest one, borrowed (the newest may repeat the last
    /// stored): what a scan over the whole run (a maximum, say) reads without copying.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.points
            .iter()
            .map(|(_, v)| v)
            .chain(self.last.iter().map(|(_, v)| v))
    }

    /// Number of points stored (bounded by the capacity, plus the newest).
    pub fn len(&self) -> usize {
        let newer = match (&self.last, self.points.last()) {
            (Some(l), Some(p)) => l.0 > p.0,
            (Some(_), None) => true,
            (None, _) => false,
        };
        self.points.len() + usize::from(newer)
    }

    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.last.is_none()
    }

    /// The newest point.
    pub fn last(&self) -> Option<(f64, T)> {
        self.last.clone()
    }

    /// The first point (epoch 0 normally).
    pub fn first(&self) -> Option<(f64, T)> {
        self.points.first().cloned().or_else(|| self.last.clone())
    }

    /// The stored point nearest to `epoch`.
    pub fn at(&self, epoch: f64) -> Option<(f64, T)> {
        let near = |p: &&(f64, T)| (p.0 - epoch).abs();
        let i = self.points.partition_point(|(e, _)| *e < epoch);
        [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| self.points.get(k))
            .chain(self.last.as_ref())
            .min_by(|a, b| near(a).total_cmp(&near(b)))
            .cloned()
    }

    /// The current epoch stride between stored points.
    pub fn stride(&self) -> u64 {
        self.stride
    }
}

/// The smallest and largest finite value pushed: every value, also those a decimating
/// [`Series`] later drops, so a chart's frame drawn from it never shrinks back.
///
/// ```
/// use nnlab_core::metrics::Extent;
/// let mut e = Extent::default();
/// assert_eq!(e.range(), None);
/// for v in [0.5, f64::NAN, 2.0, -1.0] {
///     e.add(v);
/// }
/// assert_eq!(e.range(), Some((-1.0, 2.0)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Extent {
    lo: f64,
    hi: f64,
}

impl Default for Extent {
    fn default() -> Extent {
        Extent {
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
        }
    }
}

impl Extent {
    /// Takes in `v` (a value that is not finite is not plotted, and is ignored).
    pub fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.lo = self.lo.min(v);
            self.hi = self.hi.max(v);
        }
    }

    /// (smallest, largest), or None before any finite value.
    pub fn range(&self) -> Option<(f64, f64)> {
        (self.lo <= self.hi).then_some((self.lo, self.hi))
    }
}

/// The extents of a run's plotted quantities over every epoch recorded (see [`Extent`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Extents {
    /// The training cost C.
    pub cost: Extent,
    /// C/C0, each point divided by the starting cost of the cost function in force.
    pub cost_ratio: Extent,
    /// The evaluation cost.
    pub eval_cost: Extent,
    /// The evaluation cost over its value at epoch 0.
    pub eval_ratio: Extent,
    /// Every accuracy (evaluation and training set) from epoch 1 on.
    pub accuracy: Extent,
    /// The single neuron's a, every w_j and b.
    pub params: Extent,
}

/// The history of one run: cost, evaluation cost and accuracy by epoch, and the newest metrics.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RunHistory {
    /// Training cost by epoch.
    pub cost: Series,
    /// Evaluation cost by epoch (empty when the data has no evaluation set).
    pub eval_cost: Series,
    /// Accuracy in [0, 1] by epoch (empty when the preset does not classify): on the evaluation
    /// set when there is one, else on the training set.
    pub accuracy: Series,
    /// Training-set accuracy in [0, 1] by epoch, kept only when there is an evaluation set (else
    /// it is `accuracy` itself).
    pub train_accuracy: Series,
    /// The neuron's state by epoch (single-neuron runs): what the parameters view and the
    /// neuron pane show at the chart cursor.
    pub neuron: Series<NeuronMetrics>,
    /// Per-layer gradient norms by epoch (from epoch 1): the gradients pane at the cursor.
    pub gradients: Series<Vec<LayerGradient>>,
    /// The network by epoch, for two-input networks ([`EpochMetrics::network`]): the decision
    /// view at the cursor.
    pub networks: Series<std::sync::Arc<crate::book::Network>>,
    /// The newest metrics.
    pub latest: Option<EpochMetrics>,
    /// The metrics at epoch 0 (for C/C0).
    pub initial_cost: Option<f64>,
    /// Where the run's cost function changed: (first epoch measured with the new cost, the
    /// starting state's cost under it). C/C0 divides each point by the C0 of its own cost.
    pub cost_changes: Vec<(f64, f64)>,
    /// The extents of the plotted quantities, over every epoch recorded.
    pub extents: Extents,
}

impl RunHistory {
    /// Records one epoch's metrics.
    pub fn push(&mut self, m: &EpochMetrics) {
        if self.initial_cost.is_none() {
            self.initial_cost = Some(m.cost);
        }
        self.cost.push(m.epoch, m.cost);
        let c0 = self.c0_at(m.epoch as f64);
        let x = &mut self.extents;
        x.cost.add(m.cost);
        if let Some(c0) = c0 {
            x.cost_ratio.add(m.cost / c0);
        }
        if let Some(c) = m.eval_cost {
            let c0 = self.eval_cost.first().map_or(c, |p| p.1);
            x.eval_cost.add(c);
            if c0 > 0.0 {
                x.eval_ratio.add(c / c0);
            }
            self.eval_cost.push(m.epoch, c);
        }
        if m.epoch >= 1 {
            for a in [m.accuracy, m.train_accuracy].into_iter().flatten() {
                x.accuracy.add(a);
            }
        }
        if let Some(n) = &m.neuron {
            for v in [n.a, n.b].into_iter().chain(n.w.iter().copied()) {
                x.params.add(v);
            }
        }
        if let Some(a) = m.accuracy {
            self.accuracy.push(m.epoch, a);
        }
        if let (Some(a), Some(_)) = (m.train_accuracy, m.eval_cost) {
            self.train_accuracy.push(m.epoch, a);
        }
        if let Some(n) = &m.neuron {
            self.neuron.push(m.epoch, n.clone());
        }
        if !m.gradient_norms.is_empty() {
            self.gradients.push(m.epoch, m.gradient_norms.clone());
        }
        if let Some(n) = &m.network {
            self.networks.push(m.epoch, std::sync::Arc::clone(n));
        }
        self.latest = Some(m.clone());
    }

    /// The one-input neuron's (epoch, w, b) path, in order (empty for other runs).
    pub fn path(&self) -> Vec<(f64, f64, f64)> {
        self.neuron
            .points()
            .into_iter()
            .filter_map(|(e, n)| match n.w[..] {
                [w] => Some((e, w, n.b)),
                _ => None,
            })
            .collect()
    }

    /// The neuron's weighted input z on the first training input at the stored epoch nearest
    /// `epoch` (the newest when `None`), for single neurons.
    pub fn z_at(&self, epoch: Option<f64>) -> Option<(f64, f64)> {
        match epoch {
            Some(e) => self.neuron.at(e),
            None => self.neuron.last(),
        }
        .map(|(e, n)| (e, n.z))
    }

    /// C0 for a point at `epoch`: the starting cost under the cost function in force then.
    pub fn c0_at(&self, epoch: f64) -> Option<f64> {
        self.cost_changes
            .iter()
            .rev()
            .find(|(from, _)| *from <= epoch)
            .map(|&(_, c0)| c0)
            .or(self.initial_cost)
            .filter(|c| c.is_finite() && *c > 0.0)
    }

    /// Notes that points from `epoch` on use a cost whose value at the start was `c0`.
    pub fn cost_changed(&mut self, epoch: f64, c0: f64) {
        self.cost_changes.push((epoch, c0));
    }

    /// Forgets everything (the run restarted).
    pub fn clear(&mut self) {
        *self = RunHistory::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_is_bounded_and_spans_the_run() {
        let mut s = Series::with_capacity(64);
        for e in 0..1_000_000u64 {
            s.push(e, (e as f64).sqrt());
        }
        assert!(s.len() <= 65, "len {}", s.len());
        let pts = s.points();
        assert_eq!(pts[0].0, 0.0);
        assert_eq!(pts[pts.len() - 1].0, 999_999.0);
        // Points are spread over the run, not bunched at one end.
        assert!(pts[pts.len() / 2].0 > 250_000.0 && pts[pts.len() / 2].0 < 750_000.0);
    }

    #[test]
    fn c0_follows_cost_changes() {
        let mut h = RunHistory::default();
        let m = |epoch, cost| EpochMetrics {
            epoch,
            cost,
            eval_cost: None,
            accuracy: None,
            train_accuracy: None,
            neuron: None,
            gradient_norms: Vec::new(),
            network: None,
        };
        h.push(&m(0, 0.5));
        h.push(&m(10, 0.4));
        h.cost_changed(11.0, 4.0);
        h.push(&m(11, 3.0));
        assert_eq!(h.c0_at(0.0), Some(0.5));
        assert_eq!(h.c0_at(10.0), Some(0.5));
        assert_eq!(h.c0_at(11.0), Some(4.0));
        assert_eq!(h.c0_at(500.0), Some(4.0));
    }

    #[test]
    fn nearest_point() {
        let mut s = Series::with_capacity(8);
        for e in 0..5u64 {
            s.push(e, e as f64 * 10.0);
        }
        assert_eq!(s.at(2.4), Some((2.0, 20.0)));
        assert_eq!(s.at(99.0), Some((4.0, 40.0)));
    }
}
