//! Where a figure's legend goes so that it covers no curve: plotters' legend box measured as
//! plotters lays it out, tried in each corner and edge, with headroom above the data when
//! every place would cover one.

use super::Figure;
use super::draw::FAMILY;
use plotters::element::MultiLineText;
use plotters::prelude::*;

fn fail<E: std::fmt::Display>(e: E) -> String {
    format!("cannot draw the figure: {e}")
}

/// The legend box's geometry, as plotters lays it out (`SeriesLabelStyle::draw`): the labels'
/// text block plus a swatch column and a margin all round, 5 px in from the plotting area's edge.
pub(super) struct Legend {
    pub(super) margin: i32,
    pub(super) swatch_area: i32,
    pub(super) font: f64,
}

impl Legend {
    /// The box's width and height in pixels for these labels.
    fn size(&self, figure: &Figure) -> Result<(i32, i32), String> {
        let font: TextStyle = (FAMILY, self.font).into_font().into();
        let mut text = MultiLineText::<_, &str>::new((0, 0), &font);
        for s in &figure.series {
            text.push_line(s.label.as_str());
        }
        let (w, h) = text.estimate_dimension().map_err(fail)?;
        Ok((w + self.swatch_area + 2 * self.margin, h + 2 * self.margin))
    }

    /// Where the legend goes so it covers no curve: the first free place of the usual ones (top
    /// right, or bottom right for accuracy, which rises to the top; then the other corners and
    /// edges). When every place covers a curve, the y axis gets room above the data and the
    /// legend goes top right in it. Returns the place and the (possibly raised) top of the y axis.
    pub(super) fn place(
        &self,
        figure: &Figure,
        curves: &[Vec<(f64, f64)>],
        (y_lo, y_hi): (f64, f64),
        (w, h): (u32, u32),
        pad: i32,
    ) -> Result<(SeriesLabelPosition, f64), String> {
        use SeriesLabelPosition::{
            LowerLeft, LowerMiddle, LowerRight, MiddleLeft, MiddleMiddle, MiddleRight, UpperLeft,
            UpperMiddle, UpperRight,
        };
        let (bw, bh) = self.size(figure)?;
        let (w, h) = (w as i32, h as i32);
        let x_max = figure.x_max.max(1) as f64;
        let mut order = vec![
            UpperRight,
            UpperLeft,
            LowerRight,
            LowerLeft,
            UpperMiddle,
            LowerMiddle,
            MiddleRight,
            MiddleLeft,
        ];
        if figure.view == super::View::Accuracy {
            order.swap(0, 2);
        }
        // a place's box in plotting-area pixels, grown by `pad` (a marker's size and rounding)
        let boxed = |p: &SeriesLabelPosition| {
            let x = match p {
                UpperLeft | MiddleLeft | LowerLeft => 5,
                UpperMiddle | MiddleMiddle | LowerMiddle => (w - bw) / 2,
                _ => w - bw - 5,
            };
            let y = match p {
                UpperLeft | UpperMiddle | UpperRight => 5,
                MiddleLeft | MiddleMiddle | MiddleRight => (h - bh) / 2,
                _ => h - bh - 5,
            };
            (
                f64::from(x - pad),
                f64::from(y - pad),
                f64::from(x + bw + pad),
                f64::from(y + bh + pad),
            )
        };
        let covers = |b: (f64, f64, f64, f64), top: f64| {
            let to_px = |(x, y): (f64, f64)| {
                (
                    x / x_max * f64::from(w),
                    (top - y) / (top - y_lo) * f64::from(h),
                )
            };
            curves
                .iter()
                .any(|c| crosses(c.iter().map(|&p| to_px(p)), b))
        };
        if let Some(p) = order.iter().find(|p| !covers(boxed(p), y_hi)) {
            return Ok((p.clone(), y_hi));
        }
        // Room above the data: the box's share of the height, with the data's top below it.
        let share = f64::from(5 + bh + 2 * pad) / f64::from(h.max(1));
        let data_top = curves
            .iter()
            .flatten()
            .map(|&(_, y)| y)
            .fold(y_lo, f64::max);
        if share < 0.6 {
            let mut top = (data_top - share * y_lo) / (1.0 - share);
            if figure.log {
                top = top.ceil();
            }
            let top = top.max(y_hi);
            if !covers(boxed(&UpperRight), top) {
                return Ok((UpperRight, top));
            }
        }
        Ok((order.swap_remove(0), y_hi))
    }
}

/// Whether a polyline (pixel points) passes through the box (x0, y0, x1, y1): each segment is
/// walked a pixel at a time.
fn crosses(points: impl Iterator<Item = (f64, f64)>, b: (f64, f64, f64, f64)) -> bool {
    let inside = |(x, y): (f64, f64)| x >= b.0 && x <= b.2 && y >= b.1 && y <= b.3;
    let mut last: Option<(f64, f64)> = None;
    for p in points {
        let from = last.unwrap_or(p);
        let steps = (p.0 - from.0)
            .abs()
            .max((p.1 - from.1).abs())
            .ceil()
            .max(1.0) as usize;
        for k in 0..=steps {
            let t = k as f64 / steps as f64;
            if inside((from.0 + t * (p.0 - from.0), from.1 + t * (p.1 - from.1))) {
                return true;
            }
        }
        last = Some(p);
    }
    false
}
