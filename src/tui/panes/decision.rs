//! The decision view: each run's answer over the plane of its two input features, side by side
//! at the same epoch, with the examples on it. The shade is class 1's share of the output
//! (dark: class 0, bright: class 1; the boundary is where it crosses the middle), computed by
//! [`crate::views::decision`] on the decision job's thread. Examples: `○ ▲` training (class 0,
//! 1), `◇ ◆` held out (none of them a run's symbol); an example the run's network gets wrong is drawn reversed. Without
//! colour the shade is one of five glyph levels. Draws from plain data and changes nothing.

use super::block;
use super::landscape::{SHADES, heat_cell};
use crate::tui::jobs::decision::RunMap;
use crate::tui::lab::{Focus, LabView};
use crate::views::decision::Point;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

/// The narrowest panel drawn (characters).
const MIN_PANEL: u16 = 12;

/// The glyph of an example: by class, hollow for training and diamonds for held-out ones.
pub fn glyph(p: &Point, ascii: bool) -> &'static str {
    match (p.eval, p.class, ascii) {
        (false, 0, false) => "○",
        (false, 1, false) => "▲",
        (true, 0, false) => "◇",
        (true, 1, false) => "◆",
        (false, 0, true) => "-",
        (false, 1, true) => "#",
        (true, 0, true) => ".",
        (true, 1, true) => ":",
        (_, k, _) => ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"][k.min(9)],
    }
}

/// Draws the pane.
pub fn render(view: &LabView<'_>, area: Rect, buf: &mut Buffer) {
    let maps: Vec<Option<&RunMap>> = match &view.decision.shown {
        Some((_, maps)) => maps.iter().map(Option::as_ref).collect(),
        None => Vec::new(),
    };
    let epoch = maps.iter().flatten().map(|m| m.epoch).next();
    let title = match epoch {
        Some(e) => format!(" Decision · epoch {e:.0} "),
        None => " Decision ".to_string(),
    };
    let b = block(view.theme, title, view.lab.focus == Focus::Neuron);
    let inner = b.inner(area);
    b.render(area, buf);
    let say = |text: String, buf: &mut Buffer| {
        Paragraph::new(text)
            .wrap(Wrap { trim: true })
            .style(view.theme.dim)
            .render(inner, buf);
    };
    let planar = match &view.lab.views.planar {
        Some((_, Ok(p))) => p,
        Some((_, Err(e))) => return say(e.clone(), buf),
        None => return say("press v to load".into(), buf),
    };
    if maps.iter().all(Option::is_none) {
        return say(
            "computing each run's answer over the plane (the view needs a network of two inputs and at most 12,000 parameters)".into(),
            buf,
        );
    }
    if inner.height < 5 || inner.width < MIN_PANEL {
        return say("this view needs 5 rows and 12 columns".into(), buf);
    }
    let runs: Vec<usize> = (0..maps.len()).filter(|&r| maps[r].is_some()).collect();
    let n = runs.len() as u16;
    let side_by_side = inner.width + 1 >= n * (MIN_PANEL + 1);
    let shown: Vec<usize> = if side_by_side {
        runs
    } else {
        vec![view.lab.selected_run.min(maps.len() - 1)]
    };
    let k = shown.len() as u16;
    let pw = (inner.width + 1) / k - 1;
    let heat_rows = inner.height - 3;
    let mut all_points = true;
    for (i, &r) in shown.iter().enumerate() {
        let Some(m) = maps[r] else { continue };
        let x0 = inner.x + i as u16 * (pw + 1);
        // the panel's title: the run (its symbol and colour), or its number when that is long
        let color = Style::new().fg(view.theme.run_color(view.slot(r)));
        let label = view
            .preset
            .runs
            .get(r)
            .map(|c| c.shown_label().into_owned())
            .unwrap_or_default();
        let symbol = view.theme.run_symbol(view.slot(r));
        let mut name = format!("{symbol} {label}");
        if !side_by_side {
            name = format!("{name} ({}/{})", r + 1, maps.len());
        }
        if name.chars().count() > pw as usize {
            name = format!("{symbol} run {}", r + 1);
        }
        buf.set_stringn(x0, inner.y, &name, pw as usize, color);
        all_points &= heat(
            view,
            m,
            &planar.points,
            Rect::new(x0, inner.y + 1, pw, heat_rows),
            buf,
        );
    }
    // the axes and the key, each on a line of its own, in the words that fit
    let p = &planar.plane;
    let range = |(lo, hi): (f64, f64)| format!("{lo:.2}…{hi:.2}");
    let axes = [
        format!("x1 → {}   x2 ↑ {}", range(p.x), range(p.y)),
        format!("x1 {} x2 {}", range(p.x), range(p.y)),
    ];
    let glyphs = match (view.ui.ascii, all_points) {
        (true, true) => "-# train .: eval",
        (false, true) => "○▲ train ◇◆ eval",
        // too many examples to draw over the shade: the wrong ones only
        (true, false) => "-#.: wrong only",
        (false, false) => "○▲◇◆ wrong only",
    };
    let key = if all_points {
        [
            format!("{glyphs} · reversed: wrong · bright: class 1"),
            format!("{glyphs} · reversed: wrong"),
            glyphs.to_string(),
        ]
    } else {
        [
            format!("{glyphs} · bright: class 1"),
            glyphs.to_string(),
            glyphs.to_string(),
        ]
    };
    let fit = |options: &[String]| {
        options
            .iter()
            .find(|t| t.chars().count() <= inner.width as usize)
            .cloned()
            .unwrap_or_default()
    };
    let y = inner.y + inner.height - 2;
    buf.set_line(
        inner.x,
        y,
        &Line::from(Span::styled(fit(&axes), view.theme.dim)),
        inner.width,
    );
    let mut spans = vec![Span::styled(fit(&key), view.theme.dim)];
    if view.theme.mono {
        spans.push(Span::raw(" "));
        spans.extend(SHADES[1..].iter().map(|g| Span::raw((*g).to_string())));
    }
    buf.set_line(inner.x, y + 1, &Line::from(spans), inner.width);
}

/// One run's map in `area`: the shade of class 1's share (two grid rows a character in
/// colour), with the examples drawn over it: all of them when they leave most of the shade in
/// view (at most a third of the characters), else only the ones the network gets wrong.
/// Returns whether all were drawn.
fn heat(view: &LabView<'_>, m: &RunMap, points: &[Point], area: Rect, buf: &mut Buffer) -> bool {
    let map = &m.map;
    let share = |col: u16, half_row: u16| {
        let c = (usize::from(col) * map.cols) / usize::from(area.width.max(1));
        let r = (usize::from(half_row) * map.rows) / (2 * usize::from(area.height.max(1)));
        map.cell(c, r).class1
    };
    for y in 0..area.height {
        for x in 0..area.width {
            let (up, down) = (share(x, 2 * y), share(x, 2 * y + 1));
            heat_cell(&mut buf[(area.x + x, area.y + y)], view.theme, up, down);
        }
    }
    // one example per character: a wrong one before a right one, training before held out
    let mut best: Vec<Option<(u8, usize)>> = vec![None; usize::from(area.width * area.height)];
    for (i, p) in points.iter().enumerate() {
        let Some((cx, cy)) = cell_of(map, area, p.x) else {
            continue;
        };
        let wrong = m.wrong.get(i).copied().unwrap_or(false);
        let rank = u8::from(wrong) * 2 + u8::from(!p.eval);
        let slot = &mut best[usize::from(cy * area.width + cx)];
        if slot.is_none_or(|(r, _)| rank > r) {
            *slot = Some((rank, i));
        }
    }
    let taken = best.iter().filter(|b| b.is_some()).count();
    let all = taken * 3 <= best.len();
    for (k, slot) in best.iter().enumerate() {
        let Some((rank, i)) = *slot else { continue };
        if !all && rank < 2 {
            continue;
        }
        let (cx, cy) = (k as u16 % area.width, k as u16 / area.width);
        let cell = &mut buf[(area.x + cx, area.y + cy)];
        let p = &points[i];
        let mut style = Style::new();
        if !view.theme.mono {
            let bright = f64::midpoint(share(cx, 2 * cy), share(cx, 2 * cy + 1)) > 0.5;
            style = style.fg(if bright { Color::Black } else { Color::White });
        }
        if rank >= 2 {
            style = style.add_modifier(Modifier::REVERSED | Modifier::BOLD);
        }
        cell.set_symbol(glyph(p, view.ui.ascii)).set_style(style);
    }
    all
}

/// The character (column, row) of `area` holding input `x`, if it lies in the plane.
pub fn cell_of(
    map: &crate::views::decision::DecisionMap,
    area: Rect,
    x: [f64; 2],
) -> Option<(u16, u16)> {
    let (fx, fy) = map.plane.fraction(x)?;
    // fractions in [0, 1] times a u16: the casts cannot wrap
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let at = |f: f64, n: u16| ((f * f64::from(n)) as u16).min(n.saturating_sub(1));
    Some((at(fx, area.width), at(fy, area.height)))
}
