//! The decision view (issue 22): each run's answer over the input plane, side by side at one
//! epoch, drawn from maps computed on the decision job's thread, at every size, with and
//! without colour.

use crate::support::tui as common_tui;
use nnlab::tui::app::App;
use nnlab::tui::lab::views::Lower;
use nnlab::tui::panes::landscape::SHADES;
use nnlab::tui::render;
use nnlab::tui::theme::ThemeKind;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

/// `name` trained `epochs` epochs with the decision view shown and its maps computed.
fn decision_app(name: &str, epochs: u64) -> App {
    let mut app = common_tui::trained_app(name, epochs);
    app.lab.views.lower = Lower::Decision;
    let start = std::time::Instant::now();
    loop {
        nnlab::tui::views::tick(&mut app);
        if app.jobs.decision.shown.is_some() && !app.jobs.decision.running() {
            break;
        }
        assert!(start.elapsed().as_secs() < 20, "the maps never arrived");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    app
}

fn draw(app: &App, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    render(app, buf.area, &mut buf);
    buf
}

/// The cells of the decision pane's block (inside its border).
fn pane(buf: &Buffer) -> Rect {
    let (w, h) = (buf.area.width, buf.area.height);
    for y in 0..h {
        for x in 0..w {
            let rest: String = (x..w.min(x + 12)).map(|x| buf[(x, y)].symbol()).collect();
            if rest.starts_with(" Decision") {
                // the block's title sits on its top border: find the border's corners
                let left = (0..x)
                    .rev()
                    .find(|&x| buf[(x, y)].symbol() == "╭")
                    .expect("corner");
                let right = (x..w)
                    .find(|&x| buf[(x, y)].symbol() == "╮")
                    .expect("corner");
                let bottom = (y + 1..h)
                    .find(|&y| buf[(left, y)].symbol() == "╰")
                    .expect("corner");
                return Rect::new(left + 1, y + 1, right - left - 1, bottom - y - 1);
            }
        }
    }
    panic!("no decision pane on screen");
}

fn rows(buf: &Buffer, r: Rect) -> Vec<String> {
    (r.y..r.y + r.height)
        .map(|y| (r.x..r.x + r.width).map(|x| buf[(x, y)].symbol()).collect())
        .collect()
}

#[test]
fn both_runs_side_by_side_at_the_epoch_shown_with_named_axes() {
    let app = decision_app("multilayer-cross-entropy", 20);
    for (w, h) in SIZES {
        let buf = draw(&app, w, h);
        let screen: String = rows(&buf, buf.area).join("\n");
        assert!(screen.contains("Decision · epoch 20"), "{w}x{h}:\n{screen}");
        let inner = pane(&buf);
        let text = rows(&buf, inner);
        assert!(
            text[0].contains("cross-entropy") && text[0].contains("quadratic"),
            "{w}x{h}: {text:#?}"
        );
        let axes = text[text.len() - 2].clone();
        assert!(
            axes.contains("x1") && axes.contains("x2") && axes.contains("-1.20…1.20"),
            "{w}x{h}: {axes}"
        );
        // Every example the panel draws sits in its heat rows, one per character: all of them
        // when they leave the shade in view, else (the key says so) the wrong ones only.
        let all = text[text.len() - 1].contains("train");
        let glyph = |s: &str| ["○", "▲", "◇", "◆"].contains(&s);
        for y in [0, text.len() - 2] {
            assert!(
                !text[y].chars().any(|c| glyph(&c.to_string())),
                "{w}x{h}: {}",
                text[y]
            );
        }
        let maps = &app.jobs.decision.shown.as_ref().expect("maps").1;
        let points = match &app.lab.views.planar {
            Some((_, Ok(p))) => std::sync::Arc::clone(&p.points),
            _ => panic!("no plane"),
        };
        let pw = inner.width.div_ceil(2) - 1;
        for (i, m) in maps.iter().enumerate() {
            let m = m.as_ref().expect("map");
            let area = Rect::new(
                inner.x + i as u16 * (pw + 1),
                inner.y + 1,
                pw,
                inner.height - 3,
            );
            let mut want = std::collections::HashSet::new();
            for (k, p) in points.iter().enumerate() {
                let at = nnlab::tui::panes::decision::cell_of(&m.map, area, p.x)
                    .expect("every example lies in the plane");
                if all || m.wrong[k] {
                    want.insert(at);
                }
            }
            let drawn: std::collections::HashSet<(u16, u16)> = (0..area.height)
                .flat_map(|y| (0..area.width).map(move |x| (x, y)))
                .filter(|&(x, y)| glyph(buf[(area.x + x, area.y + y)].symbol()))
                .collect();
            assert_eq!(drawn, want, "{w}x{h} run {i} (all examples: {all})");
        }
    }
}

#[test]
fn the_wrong_examples_are_the_networks_own_mistakes() {
    // At epoch 20 the quadratic run still calls everything class 1 (its accuracy is the share
    // of class 1, 27.75%): every class-0 example it shows is wrong, reversed; the
    // cross-entropy run (96.5%) shows few.
    let app = decision_app("multilayer-cross-entropy", 20);
    let maps = &app.jobs.decision.shown.as_ref().expect("maps").1;
    let quadratic = maps[1].as_ref().expect("quadratic map");
    let planar = match &app.lab.views.planar {
        Some((_, Ok(p))) => p.clone(),
        _ => panic!("no plane"),
    };
    let wrong_q = quadratic.wrong.iter().filter(|w| **w).count();
    let class0 = planar.points.iter().filter(|p| p.class == 0).count();
    assert_eq!(
        wrong_q, class0,
        "the quadratic run is wrong on exactly the class-0 examples"
    );
    let wrong_ce = maps[0]
        .as_ref()
        .expect("map")
        .wrong
        .iter()
        .filter(|w| **w)
        .count();
    assert!(wrong_ce * 10 < planar.points.len(), "{wrong_ce}");
    let buf = draw(&app, 120, 40);
    let inner = pane(&buf);
    let reversed = (inner.y..inner.y + inner.height)
        .flat_map(|y| (inner.x..inner.x + inner.width).map(move |x| (x, y)))
        .filter(|&(x, y)| buf[(x, y)].modifier.contains(Modifier::REVERSED))
        .count();
    assert!(reversed > 0, "wrong examples are drawn reversed");
}

#[test]
fn without_colour_the_shade_reads_in_glyph_levels_and_no_colour_is_sent() {
    let mut app = decision_app("multilayer-cross-entropy", 200);
    app.ui.theme = ThemeKind::Mono;
    for (w, h) in SIZES {
        let buf = draw(&app, w, h);
        let inner = pane(&buf);
        let text = rows(&buf, inner);
        let heat: String = text[1..text.len() - 2].concat();
        let levels = SHADES.iter().filter(|g| heat.contains(*g)).count();
        assert!(
            levels >= 4,
            "{w}x{h}: {levels} glyph levels in\n{}",
            text.join("\n")
        );
        for y in inner.y..inner.y + inner.height {
            for x in inner.x..inner.x + inner.width {
                let c = &buf[(x, y)];
                assert_eq!(c.fg, ratatui::style::Color::Reset, "{w}x{h} ({x}, {y})");
                assert_eq!(c.bg, ratatui::style::Color::Reset, "{w}x{h} ({x}, {y})");
            }
        }
    }
}

#[test]
fn a_one_input_preset_says_why_the_view_does_not_apply() {
    let mut app = common_tui::trained_app("slowdown", 3);
    app.lab.views.lower = Lower::Decision;
    nnlab::tui::views::tick(&mut app);
    let buf = draw(&app, 80, 24);
    let text = rows(&buf, pane(&buf))
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("two input features") && text.contains("have 1"),
        "{text}"
    );
}

#[test]
fn the_formula_view_substitutes_the_runs_own_numbers() {
    use nnlab::format;
    for name in ["slowdown", "cross-entropy-saturated", "multi-input-neuron"] {
        for epochs in [0, 40] {
            let mut app = common_tui::trained_app(name, epochs);
            app.lab.views.lower = Lower::Formula;
            // what `nnlab run` reports at that epoch
            let mut s =
                nnlab::Session::new(nnlab::Preset::load(name).expect("preset")).expect("session");
            let mut m = s.metrics();
            for _ in 0..epochs {
                m = s.step();
            }
            let screen: String = rows(&draw(&app, 200, 60), Rect::new(0, 0, 200, 60)).join("\n");
            assert!(
                screen.contains(&format!("Formula · epoch {epochs}")),
                "{screen}"
            );
            let n = m[0].neuron.as_ref().expect("a neuron");
            for g in n.dc_dw.iter().chain([&n.dc_db]) {
                assert!(
                    screen.contains(&format!("= {}", format::short(*g))),
                    "{name} at {epochs}: {} not on screen\n{screen}",
                    format::short(*g)
                );
            }
        }
    }
    let app = {
        let mut a = common_tui::trained_app("slowdown", 0);
        a.lab.views.lower = Lower::Formula;
        a
    };
    let screen: String = rows(&draw(&app, 200, 60), Rect::new(0, 0, 200, 60)).join("\n");
    // the book's numbers at w = b = 2 (Eq. 55 and 61)
    assert!(
        screen.contains("(0.9820 - 0) × 0.0177 × 1 = 0.0173"),
        "{screen}"
    );
    assert!(screen.contains("1 × (0.9820 - 0) = 0.9820"), "{screen}");
    // a network: the view says why it has no formula
    let mut app = common_tui::trained_app("multilayer-cross-entropy", 0);
    app.lab.views.lower = Lower::Formula;
    let screen = rows(&draw(&app, 120, 40), Rect::new(0, 0, 120, 40)).join(" ");
    assert!(screen.contains("networks"), "{screen}");
}
