//! Themes: NO_COLOR renders without any colour while runs stay apart by symbols; light and
//! Dark differ; `--theme` is remembered in the config file; the precedence of the sources.

#[cfg(unix)]
use crate::support::pty as common_pty;
use crate::support::tui as common_tui;

use common_tui::trained_app;
use nnlab::config::{self, Config};
use nnlab::tui::app::{Focus, Tab};
use nnlab::tui::render;
use nnlab::tui::theme::{self, ThemeKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;

fn screen(app: &nnlab::tui::app::App, w: u16, h: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|frame| {
            let area = frame.area();
            render(app, area, frame.buffer_mut());
        })
        .expect("draw");
    terminal.backend().buffer().clone()
}

fn coloured_cells(buf: &Buffer) -> Vec<(u16, u16, Color, Color)> {
    let area = buf.area;
    let mut out = Vec::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            let cell = &buf[(x, y)];
            if cell.fg != Color::Reset || cell.bg != Color::Reset {
                out.push((x, y, cell.fg, cell.bg));
            }
        }
    }
    out
}

fn text(buf: &Buffer) -> String {
    let area = buf.area;
    let mut s = String::new();
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            s.push_str(buf[(x, y)].symbol());
        }
        s.push('\n');
    }
    s
}

#[test]
fn no_color_renders_every_view_without_colour_and_runs_keep_apart_by_symbol() {
    let mut app = trained_app("slowdown", 300);
    app.lab.focus = Focus::Metrics;
    app.lab.cursor = Some(120.0);
    // The same screen in the dark theme has colour, so the check below can fail.
    app.ui.theme = ThemeKind::Dark;
    assert!(!coloured_cells(&screen(&app, 140, 45)).is_empty());
    app.ui.theme = ThemeKind::Mono;
    for (w, h) in [(80, 24), (140, 45)] {
        for tab in [Tab::Lab, Tab::Exercises, Tab::About] {
            app.tab = tab;
            let buf = screen(&app, w, h);
            let coloured = coloured_cells(&buf);
            assert!(
                coloured.is_empty(),
                "{tab:?} at {w}x{h}: {} coloured cells, first {:?}",
                coloured.len(),
                coloured.first()
            );
        }
    }
    app.tab = Tab::Lab;
    let buf = screen(&app, 140, 45);
    let shown = text(&buf);
    // Each run has its own symbol in the legend and the readout, and draws its curve with it.
    assert!(shown.contains("● quadratic"), "{shown}");
    assert!(shown.contains("+ cross-entropy"), "{shown}");
    assert!(
        shown.matches('+').count() > 20,
        "the cross-entropy curve is drawn with +"
    );
    assert!(
        shown.matches('●').count() > 20,
        "the quadratic curve is drawn with ●"
    );
}

#[test]
fn the_light_theme_has_its_own_colours() {
    let mut app = trained_app("slowdown", 300);
    app.lab.focus = Focus::Metrics;
    app.ui.theme = ThemeKind::Light;
    let light = coloured_cells(&screen(&app, 140, 45));
    app.ui.theme = ThemeKind::Dark;
    let dark = coloured_cells(&screen(&app, 140, 45));
    let uses = |cells: &[(u16, u16, Color, Color)], c: Color| {
        cells.iter().any(|&(_, _, fg, bg)| fg == c || bg == c)
    };
    // Dark: light colours for a dark background; light: dark ones for a light background.
    assert!(uses(&dark, Color::LightYellow) && uses(&dark, Color::LightRed));
    assert!(!uses(&light, Color::LightYellow) && !uses(&light, Color::LightRed));
    assert!(uses(&light, Color::Red) && uses(&light, Color::Blue));
}

#[test]
fn an_explicit_theme_wins_then_no_color_then_the_remembered_one() {
    use theme::resolve;
    assert_eq!(resolve(None, false, None), ThemeKind::Dark);
    assert_eq!(
        resolve(None, false, Some(ThemeKind::Light)),
        ThemeKind::Light
    );
    assert_eq!(resolve(None, true, Some(ThemeKind::Light)), ThemeKind::Mono);
    assert_eq!(
        resolve(Some(ThemeKind::Light), true, None),
        ThemeKind::Light
    );
    assert_eq!(
        resolve(Some(ThemeKind::Dark), false, Some(ThemeKind::Light)),
        ThemeKind::Dark
    );
}

#[test]
fn the_chosen_theme_is_remembered_in_the_config_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("nnlab").join("config.ron");
    let mut warnings = Vec::new();
    let mut warn = |w: String| warnings.push(w);
    // nothing yet: dark, nothing written
    assert_eq!(
        config::choose_theme(None, false, Some(&path), &mut warn),
        ThemeKind::Dark
    );
    assert!(!path.exists());
    // --theme light: used and written
    assert_eq!(
        config::choose_theme(Some(ThemeKind::Light), false, Some(&path), &mut warn),
        ThemeKind::Light
    );
    assert_eq!(
        config::load(&path).expect("load"),
        Config {
            theme: Some(ThemeKind::Light)
        }
    );
    // next time without the flag: light again; NO_COLOR still turns colour off
    assert_eq!(
        config::choose_theme(None, false, Some(&path), &mut warn),
        ThemeKind::Light
    );
    assert_eq!(
        config::choose_theme(None, true, Some(&path), &mut warn),
        ThemeKind::Mono
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    // written atomically: only the file, no temporary left
    let names: Vec<String> = std::fs::read_dir(path.parent().expect("dir"))
        .expect("ls")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["config.ron"]);
}

#[test]
fn a_bad_config_file_is_a_warning_and_the_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.ron");
    for (content, expect) in [
        ("(theme: Some(Purple))", "config.ron:"),
        ("(colour: 3)", "config.ron:"),
        ("not ron at all", "config.ron:"),
    ] {
        std::fs::write(&path, content).expect("write");
        let mut warnings = Vec::new();
        let kind = config::choose_theme(None, false, Some(&path), &mut |w| warnings.push(w));
        assert_eq!(kind, ThemeKind::Dark, "{content}");
        assert!(
            warnings.len() == 1 && warnings[0].contains(expect),
            "{content}: {warnings:?}"
        );
    }
    // too large, and not a regular file
    std::fs::write(&path, vec![b' '; 100_000]).expect("write");
    assert!(
        config::load(&path)
            .expect_err("too large")
            .contains("at most")
    );
    let sub = dir.path().join("dir.ron");
    std::fs::create_dir(&sub).expect("mkdir");
    assert!(
        config::load(&sub)
            .expect_err("a directory")
            .contains("not a regular file")
    );
}

/// The real binary in a pseudo-terminal with NO_COLOR=1: no colour reaches the terminal.
#[cfg(unix)]
#[test]
fn the_lab_under_no_color_sends_no_colour_to_the_terminal() {
    let mut lab = common_pty::Pty::builder().env("NO_COLOR", "1").start();
    lab.wait("the lab drawn", |t| {
        t.contains("Parameters") && t.contains("cross-entropy")
    });
    // train a little so curves are drawn (40 epochs at the default 60 epochs/s), then look at
    // every cell
    lab.send(b" ");
    lab.wait("40 epochs trained", |t| {
        common_pty::epoch_of(t).is_some_and(|e| e >= 40)
    });
    lab.with_screen(|screen| {
        let (rows, cols) = screen.size();
        for r in 0..rows {
            for c in 0..cols {
                if let Some(cell) = screen.cell(r, c) {
                    assert_eq!(
                        (cell.fgcolor(), cell.bgcolor()),
                        (vt100::Color::Default, vt100::Color::Default),
                        "cell {r},{c} {:?} is coloured; screen:\n{}",
                        cell.contents(),
                        screen.contents()
                    );
                }
            }
        }
    });
    lab.quit();
    assert!(
        !lab.dir().join("nnlab").join("config.ron").exists(),
        "NO_COLOR is not remembered"
    );
}

#[test]
fn without_colour_each_parameter_curve_has_its_own_symbol_and_key() {
    let mut app = trained_app("multi-input-neuron", 300);
    assert!(
        app.lab.params_view,
        "multi-input-neuron opens on the parameters view"
    );
    app.ui.theme = ThemeKind::Mono;
    let shown = text(&screen(&app, 140, 45));
    // The key: each name with the symbol its curve is drawn with (a, w1, w2, w3, b).
    for key in ["● a ", "+ w1 ", "x w2 ", "■ w3 ", "o b "] {
        assert!(shown.contains(key), "{key:?} missing:\n{shown}");
    }
    // w1 (input 1) moves: its curve is drawn with many '+'.
    assert!(shown.matches('+').count() > 20, "{shown}");
}

/// A cost has one colour (and, without colour, one symbol) in every preset: the legend's dot
/// of a run is drawn in its cost's colour whatever the run's place in the preset.
#[test]
fn a_cost_has_one_colour_and_one_symbol_in_every_preset() {
    use nnlab::book::Cost;
    use nnlab::tui::lab::view::cost_slot;
    use std::collections::HashMap;
    let mut colour_of: HashMap<Cost, Color> = HashMap::new();
    let mut symbol_of: HashMap<Cost, &str> = HashMap::new();
    let (dark, mono) = (ThemeKind::Dark.theme(), ThemeKind::Mono.theme());
    let mut checked = 0;
    for (name, _) in nnlab::preset::BUILTIN {
        let preset = nnlab::Preset::load(name).expect("built-in");
        let mut seen = Vec::new();
        for (r, run) in preset.runs.iter().enumerate() {
            if seen.contains(&run.cost) {
                continue; // a later run of the same cost: a second shade, checked below
            }
            seen.push(run.cost);
            let slot = cost_slot(&preset, r);
            let colour = dark.run_color(slot);
            let symbol = mono.run_symbol(slot);
            assert_eq!(
                *colour_of.entry(run.cost).or_insert(colour),
                colour,
                "{name}: run {r} ({}) has another colour than elsewhere",
                run.cost
            );
            assert_eq!(
                *symbol_of.entry(run.cost).or_insert(symbol),
                symbol,
                "{name}: run {r} ({}) has another symbol than elsewhere",
                run.cost
            );
            checked += 1;
        }
        // Runs within a preset stay apart, by colour and by symbol.
        let slots: Vec<usize> = (0..preset.runs.len())
            .map(|r| cost_slot(&preset, r))
            .collect();
        let mut unique = slots.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), slots.len(), "{name}: two runs share a colour");
    }
    assert!(checked >= 20, "{checked}");
    // And the costs differ from one another.
    let colours: Vec<&Color> = colour_of.values().collect();
    assert!(
        colours
            .iter()
            .enumerate()
            .all(|(i, c)| !colours[..i].contains(c))
    );
    // On screen: slowdown's quadratic (its first run) and multi-input-neuron's (its second)
    // draw their legend dots in one colour, and so do their cross-entropy runs.
    let dot_colour = |name: &str, label: &str| {
        let app = trained_app(name, 0);
        let buf = screen(&app, 140, 45);
        let area = buf.area;
        for y in area.top()..area.bottom() {
            let row: String = (area.left()..area.right())
                .map(|x| buf[(x, y)].symbol())
                .collect();
            if let Some(i) = row.find(&format!("● {label}  C ")) {
                let x = row[..i].chars().count() as u16;
                return buf[(x, y)].fg;
            }
        }
        panic!("{name}: no run row for {label}");
    };
    for cost in ["quadratic", "cross-entropy"] {
        assert_eq!(
            dot_colour("slowdown", cost),
            dot_colour("multi-input-neuron", cost),
            "the {cost} run's colour"
        );
    }
}

/// Cycles the lower pane with `v` until it shows `lower`, then waits for the map's thread
/// when the map is asked for (the views load their data and start the map on the key).
fn show(app: &mut nnlab::tui::app::App, lower: nnlab::tui::lab::Lower) {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for _ in 0..4 {
        if app.lab.views.lower == lower {
            break;
        }
        app.on_key(KeyEvent::new(KeyCode::Char('v'), KeyModifiers::NONE));
    }
    let start = std::time::Instant::now();
    while app.jobs.map_running() && start.elapsed() < std::time::Duration::from_secs(120) {
        std::thread::sleep(std::time::Duration::from_millis(20));
        nnlab::tui::views::tick(app);
    }
}

/// Under NO_COLOR every preset, every lower-pane view, with the parameters view off and on,
/// at every size: no cell is coloured (no 256-colour greys either); where a heatmap is drawn it
/// shows its levels as at least four different shades, with its axes named.
#[test]
fn no_color_draws_every_view_of_every_preset_without_colour_and_heatmaps_with_shades() {
    use nnlab::tui::lab::Lower;
    use nnlab::tui::panes::landscape::SHADES;
    let mut heatmaps = 0;
    for (name, _) in nnlab::preset::BUILTIN {
        let mut app = trained_app(name, 40);
        app.ui.theme = ThemeKind::Mono;
        for lower in Lower::ALL {
            show(&mut app, lower);
            for params in [false, true] {
                app.lab.params_view = params;
                for (w, h) in [(80, 24), (120, 40), (200, 60)] {
                    let buf = screen(&app, w, h);
                    let ctx = format!("{name} {lower:?} params={params} {w}x{h}");
                    let coloured = coloured_cells(&buf);
                    assert!(
                        coloured.is_empty(),
                        "{ctx}: {} coloured cells, first {:?}\n{}",
                        coloured.len(),
                        coloured.first(),
                        text(&buf)
                    );
                    let shown = text(&buf);
                    let heat = match lower {
                        Lower::Landscape => shown.contains("log C "),
                        Lower::Map => shown.contains("epochs 0"),
                        _ => false,
                    };
                    if !heat {
                        continue;
                    }
                    heatmaps += 1;
                    // Levels inside the pane's map (the key's own shades left out: the
                    // rows above the legend).
                    let legend_row = shown
                        .lines()
                        .position(|l| l.contains("log C ") || l.contains("epochs 0 "))
                        .unwrap_or_else(|| panic!("{ctx}: no legend:\n{shown}"));
                    let levels = SHADES
                        .iter()
                        .filter(|g| {
                            shown.lines().take(legend_row).any(|l| {
                                l.chars()
                                    .skip(w as usize * 58 / 100)
                                    .collect::<String>()
                                    .contains(**g)
                            })
                        })
                        .count();
                    assert!(levels >= 4, "{ctx}: {levels} shade levels:\n{shown}");
                    assert!(
                        shown.contains('↑') && shown.contains('→'),
                        "{ctx}: axes not named:\n{shown}"
                    );
                }
            }
        }
    }
    assert!(heatmaps > 20, "only {heatmaps} heatmaps drawn");
}

#[test]
#[ignore = "prints the heatmaps for a look"]
fn dump_heatmaps() {
    use nnlab::tui::lab::Lower;
    let name = std::env::var("DUMP_PRESET").unwrap_or("slowdown".into());
    let mut app = trained_app(&name, 300);
    for theme in [ThemeKind::Mono, ThemeKind::Dark] {
        app.ui.theme = theme;
        for lower in [Lower::Landscape, Lower::Map] {
            show(&mut app, lower);
            for (w, h) in [(80, 24), (120, 40)] {
                println!("{theme:?} {lower:?} {w}x{h}\n{}", text(&screen(&app, w, h)));
            }
        }
    }
}
