//! Text in a PNG, set as the font sets it.
//!
//! plotters 0.3.7's ab_glyph renderer places each glyph's ink at the whole-pixel pen position,
//! dropping the glyph's left side bearing and the pen's fraction of a pixel, so letters in a
//! PNG sit unevenly ("cross-entropy" reads "cro ss-entropy"). [`Typeset`] wraps the bitmap
//! backend and draws text itself: each glyph at its exact pen position (advances and kerning
//! summed in fractions of a pixel) with its own bearing, anti-aliased by ab_glyph. Layout
//! (anchors, rotation, the box plotters measures) is unchanged: the same box, the same
//! baseline, so every figure keeps its geometry and only the letters move into place.

use super::draw::{FAMILY, FONT};
use ab_glyph::{Font, FontRef, ScaleFont, point};
use plotters::prelude::*;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind,
};
use std::sync::OnceLock;

/// The shipped font, parsed once.
fn font() -> Option<&'static FontRef<'static>> {
    static FONT_REF: OnceLock<Option<FontRef<'static>>> = OnceLock::new();
    FONT_REF
        .get_or_init(|| FontRef::try_from_slice(FONT).ok())
        .as_ref()
}

/// Calls `pixel(x, y, coverage)` for every inked pixel of `text` set at `size` (plotters'
/// size: the font's ascent-to-descent height in pixels), relative to the top left of the box
/// plotters lays the text in, whose baseline is `size / 2` down (as plotters draws it).
pub(super) fn rasterise(
    font: &FontRef<'_>,
    size: f64,
    text: &str,
    mut pixel: impl FnMut(i32, i32, f32),
) {
    let font = font.as_scaled(size as f32);
    let baseline = size as f32 / 2.0;
    let mut pen = 0f32;
    let mut prev = None;
    for c in text.chars() {
        let id = font.glyph_id(c);
        if let Some(p) = prev {
            pen += font.kern(p, id);
        }
        prev = Some(id);
        let glyph = id.with_scale_and_position(font.scale(), point(pen, baseline));
        if let Some(outline) = font.outline_glyph(glyph) {
            let at = outline.px_bounds().min;
            let (x0, y0) = (at.x as i32, at.y as i32);
            outline.draw(|x, y, coverage| {
                if coverage > 0.0 {
                    pixel(x0 + x as i32, y0 + y as i32, coverage);
                }
            });
        }
        pen += font.h_advance(id);
    }
}

/// A bitmap backend whose text is set by [`rasterise`]; everything else is the bitmap's.
pub(super) struct Typeset<'a>(pub BitMapBackend<'a>);

type Failed<'a> = DrawingErrorKind<<BitMapBackend<'a> as DrawingBackend>::ErrorType>;

impl<'a> DrawingBackend for Typeset<'a> {
    type ErrorType = <BitMapBackend<'a> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Failed<'a>> {
        self.0.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Failed<'a>> {
        self.0.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failed<'a>> {
        self.0.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Failed<'a>> {
        self.0.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed<'a>> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Failed<'a>> {
        self.0.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Failed<'a>> {
        self.0.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Failed<'a>> {
        self.0.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Failed<'a>> {
        self.0.blit_bitmap(pos, size, src)
    }

    /// plotters' own `draw_text` (anchor, box, rotation, clipping to the image) with the
    /// glyphs placed by [`rasterise`].
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Failed<'a>> {
        let Some(font) = font().filter(|_| style.family().as_str() == FAMILY) else {
            return self.0.draw_text(text, style, pos);
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let turn = style.transform();
        let (w, h) = self.get_size();
        let mut result = Ok(());
        rasterise(font, style.size(), text, |x, y, coverage| {
            if result.is_err() {
                return;
            }
            let (x, y) = turn.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                result = self.0.draw_pixel((x, y), color.mix(f64::from(coverage)));
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use plotters::style::TextStyle;

    /// Draws `text` at `size` with its box's top left at (10, 10) into a white image and returns
    /// the first column of each run of inked columns (a glyph's left edge when glyphs do not
    /// touch), with the image.
    fn ink_lefts(text: &str, size: f64, plain: bool) -> Vec<i32> {
        let (w, h) = (600u32, 120u32);
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        {
            let style: TextStyle = (FAMILY, size).into_font().color(&BLACK);
            let backend = BitMapBackend::with_buffer(&mut pixels, (w, h));
            if plain {
                let mut b = backend;
                b.draw_text(text, &style, (10, 10)).expect("text");
                b.present().expect("present");
            } else {
                let mut b = Typeset(backend);
                b.draw_text(text, &style, (10, 10)).expect("text");
                b.present().expect("present");
            }
        }
        let inked = |x: u32| (0..h).any(|y| pixels[((y * w + x) * 3) as usize] < 160);
        let mut lefts = Vec::new();
        let mut was = false;
        for x in 0..w {
            let now = inked(x);
            if now && !was {
                lefts.push(x as i32);
            }
            was = now;
        }
        lefts
    }

    /// Where the font puts each glyph's ink: pen (advances and kerning) plus its left bearing.
    fn designed_lefts(text: &str, size: f64) -> Vec<f32> {
        let font = font().expect("font").as_scaled(size as f32);
        let (mut pen, mut prev, mut out) = (10f32, None, Vec::new());
        for c in text.chars() {
            let id = font.glyph_id(c);
            if let Some(p) = prev {
                pen += font.kern(p, id);
            }
            prev = Some(id);
            out.push(pen + font.h_side_bearing(id));
            pen += font.h_advance(id);
        }
        out
    }

    #[test]
    fn each_letter_starts_where_the_font_places_it() {
        super::super::draw::register_font().expect("font");
        // letters that never touch, with different bearings (l and 1 sit further in than o)
        for (text, size) in [
            ("lo1il", 40.0),
            ("1ol1o", 40.0),
            ("lilo", 24.0),
            ("ol1o", 15.0),
        ] {
            let want = designed_lefts(text, size);
            let got = ink_lefts(text, size, false);
            assert_eq!(
                got.len(),
                want.len(),
                "{text} at {size}: one ink run per letter"
            );
            for (k, (g, w)) in got.iter().zip(&want).enumerate() {
                assert!(
                    (*g as f32 - w).abs() <= 1.0,
                    "{text} at {size}: letter {k} starts at x = {g}, the font puts it at {w:.2}"
                );
            }
        }
    }

    #[test]
    fn plotters_own_renderer_misplaces_them() {
        // The reason for this module: if plotters ever places glyphs right, drop it.
        super::super::draw::register_font().expect("font");
        let (text, size) = ("lo1il", 40.0);
        let want = designed_lefts(text, size);
        let got = ink_lefts(text, size, true);
        let worst = got
            .iter()
            .zip(&want)
            .map(|(g, w)| (*g as f32 - w).abs())
            .fold(0f32, f32::max);
        assert!(
            worst > 1.0,
            "plotters now sets text as the font does: {got:?} {want:?}"
        );
    }
}
