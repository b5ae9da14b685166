//! A chart's fixed frame: its vertical range is set by what is known when the run starts (the
//! values at epoch 0, or at epoch 1 for accuracies) and stays so for the whole planned run.
//! If a value leaves it, the frame grows, in a step to a round bound with room to spare (so it
//! grows rarely, and never back), and the chart says at which epoch.
//!
//! A frame is a function of the start and of every value seen (an [`Extent`]), both of which
//! only ever widen during a run: between two growths the frame cannot move.
//!
//! [`Extent`]: crate::metrics::Extent

/// The grid a frame's bounds snap to when it grows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Grid {
    /// A log10 axis, in plotted units: whole decades, an even number of them (so the middle
    /// label is a decade too), four at the start below the top value.
    Decades,
    /// A linear axis: from 0 (or below, for negative values) to 5% above the top value at the
    /// start; when it grows, to a round number (1, 2, 2.5 or 5 times a power of ten).
    Linear,
    /// Percent: a whole ten below the lowest value, up to 100.
    Tens,
}

/// The frame of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    /// Bottom, in plotted units.
    pub lo: f64,
    /// Top, in plotted units.
    pub hi: f64,
    /// Set when the frame grew beyond its start: the epoch of the first value outside the
    /// starting frame (None if that point is no longer stored).
    pub grew: Option<Option<f64>>,
}

impl Frame {
    /// The frame for values that started in `start` and have so far spanned `seen` (both
    /// (lowest, highest) in plotted units), snapped to `grid`; `points` are the plotted
    /// (epoch, value) points, to find where the frame was first left. `None` start: nothing
    /// is known yet, and the frame is the grid's default.
    pub fn of<'a>(
        grid: Grid,
        start: Option<(f64, f64)>,
        seen: Option<(f64, f64)>,
        points: impl Iterator<Item = &'a (f64, f64)>,
    ) -> Frame {
        let Some(start) = start else {
            let (lo, hi) = match grid {
                Grid::Decades => (-4.0, 0.0),
                Grid::Linear => (0.0, 1.0),
                Grid::Tens => (0.0, 100.0),
            };
            return Frame { lo, hi, grew: None };
        };
        let (lo0, hi0) = starting(grid, start);
        let (lo, hi) = seen.unwrap_or(start);
        // Within the starting frame (a hair's tolerance for rounding): it holds.
        let tol = 1e-9 * (hi0 - lo0).abs().max(1.0);
        if lo >= lo0 - tol && hi <= hi0 + tol {
            return Frame {
                lo: lo0,
                hi: hi0,
                grew: None,
            };
        }
        let (lo1, hi1) = grown(grid, (lo0, hi0), (lo, hi));
        let first_out = points
            .filter(|p| p.1 < lo0 - tol || p.1 > hi0 + tol)
            .map(|p| p.0)
            .reduce(f64::min);
        Frame {
            lo: lo1,
            hi: hi1,
            grew: Some(first_out),
        }
    }

    /// "frame grew at epoch 112" (or "frame grew") when it did.
    pub fn note(&self) -> Option<String> {
        match self.grew? {
            Some(e) => Some(format!("frame grew at epoch {e:.0}")),
            None => Some("frame grew".to_string()),
        }
    }
}

/// The frame at the start: the values known then, with room.
fn starting(grid: Grid, (lo, hi): (f64, f64)) -> (f64, f64) {
    match grid {
        Grid::Decades => {
            let top = (hi - 1e-9).ceil();
            let bottom = (lo + 1e-9).floor().min(top - 4.0);
            even_decades(bottom, top)
        }
        Grid::Linear => {
            let lo = lo.min(0.0);
            let pad = ((hi - lo) * 0.05).max(0.05);
            (if lo < 0.0 { lo - pad } else { 0.0 }, hi + pad)
        }
        Grid::Tens => (tens_below(lo), 100.0),
    }
}

/// The frame after a value left `start`: each side that was passed moves to a round bound
/// beyond the values seen, with a tenth of the starting span to spare.
fn grown(grid: Grid, (lo0, hi0): (f64, f64), (lo, hi): (f64, f64)) -> (f64, f64) {
    match grid {
        Grid::Decades => {
            let bottom = lo0.min((lo + 1e-9).floor());
            let top = hi0.max((hi - 1e-9).ceil());
            even_decades(bottom, top)
        }
        Grid::Linear => {
            let room = 0.1 * (hi0 - lo0);
            let top = if hi > hi0 { round_up(hi + room) } else { hi0 };
            let bottom = if lo < lo0 { -round_up(room - lo) } else { lo0 };
            (bottom, top)
        }
        Grid::Tens => (tens_below(lo).min(lo0), 100.0),
    }
}

/// Whole decades from `bottom` to `top`, an even number (at least two): the bottom moves down.
fn even_decades(bottom: f64, top: f64) -> (f64, f64) {
    let bottom = bottom.min(top - 2.0);
    if (top - bottom) % 2.0 == 0.0 {
        (bottom, top)
    } else {
        (bottom - 1.0, top)
    }
}

/// The whole ten at least a point below `lo` (percent), at least 0.
fn tens_below(lo: f64) -> f64 {
    ((lo - 1.0) / 10.0).floor().max(0.0) * 10.0
}

/// The round number (1, 2, 2.5 or 5 times a power of ten) at or above `x` > 0.
fn round_up(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return x.max(0.0);
    }
    let p = 10f64.powf(x.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * p)
        .find(|&v| v >= x * (1.0 - 1e-12))
        .unwrap_or(10.0 * p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cost_ratio_on_a_log_axis_starts_four_decades_down_from_one() {
        let f = Frame::of(
            Grid::Decades,
            Some((0.0, 0.0)),
            Some((-3.2, 0.0)),
            [].iter(),
        );
        assert_eq!((f.lo, f.hi, f.grew), (-4.0, 0.0, None));
    }

    #[test]
    fn it_grows_once_in_a_step_and_says_from_when() {
        let pts = [(0.0, 0.0), (50.0, -3.0), (112.0, -4.3), (200.0, -4.6)];
        let f = Frame::of(
            Grid::Decades,
            Some((0.0, 0.0)),
            Some((-4.6, 0.0)),
            pts.iter(),
        );
        assert_eq!((f.lo, f.hi), (-6.0, 0.0));
        assert_eq!(f.note().as_deref(), Some("frame grew at epoch 112"));
        // Values going on down inside the grown frame do not move it.
        let g = Frame::of(
            Grid::Decades,
            Some((0.0, 0.0)),
            Some((-5.9, 0.0)),
            pts.iter(),
        );
        assert_eq!((g.lo, g.hi), (-6.0, 0.0));
    }

    #[test]
    fn a_linear_frame_holds_until_left_then_steps_to_a_round_number() {
        let start = Some((0.0, 1.0));
        let f = Frame::of(Grid::Linear, start, Some((0.2, 1.04)), [].iter());
        assert_eq!((f.lo, f.hi, f.grew), (0.0, 1.05, None));
        let pts = [(0.0, 1.0), (7.0, 1.3)];
        let g = Frame::of(Grid::Linear, start, Some((0.2, 1.3)), pts.iter());
        assert_eq!((g.lo, g.hi), (0.0, 2.0));
        assert_eq!(g.grew, Some(Some(7.0)));
        let h = Frame::of(Grid::Linear, start, Some((0.2, 1.8)), pts.iter());
        assert_eq!((h.lo, h.hi), (0.0, 2.0), "no move inside the grown frame");
    }

    #[test]
    fn round_numbers() {
        assert_eq!(round_up(1.3), 2.0);
        assert_eq!(round_up(2.2), 2.5);
        assert_eq!(round_up(0.031), 0.05);
        assert_eq!(round_up(5.0), 5.0);
        assert_eq!(round_up(7.0), 10.0);
    }

    #[test]
    fn percent_frames_start_a_ten_below_and_grow_down() {
        let f = Frame::of(
            Grid::Tens,
            Some((91.0, 93.0)),
            Some((91.0, 97.0)),
            [].iter(),
        );
        assert_eq!((f.lo, f.hi, f.grew), (90.0, 100.0, None));
        let pts = [(3.0, 85.0)];
        let g = Frame::of(
            Grid::Tens,
            Some((91.0, 93.0)),
            Some((85.0, 97.0)),
            pts.iter(),
        );
        assert_eq!((g.lo, g.grew), (80.0, Some(Some(3.0))));
    }
}
