//! Saved presets load again from anywhere, saved and exported files get
//! The usual mode, an overwritten file keeps its mode, and `~/` means the home directory.

use nnlab::Preset;
use nnlab::data::DataSpec;
use nnlab::tui::app::App;
use std::path::Path;

#[cfg(target_os = "linux")]
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let mask = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("Umask line")
        .trim();
    u32::from_str_radix(mask, 8).expect("octal umask")
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o7777
}

#[test]
fn a_saved_csv_preset_loads_from_another_directory() {
    // Loaded as `nnlab examples/csv/rings.ron` from the repository root.
    let preset = Preset::load("examples/csv/rings.ron").expect("preset");
    let mut app = App::new(preset, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("rings-copy.ron");
    app.save(&saved, false);
    let reread = Preset::read_file(&saved).expect("the saved preset parses");
    reread.load_data().expect(
        "the saved preset finds its data (it failed: read relative to the presets directory)",
    );
    let DataSpec::Csv { path, .. } = &reread.data else {
        panic!("not CSV data")
    };
    assert!(
        path.is_absolute(),
        "outside the save directory: absolute, got {path:?}"
    );
}

#[test]
fn a_data_path_under_the_save_directory_is_written_relative() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy("examples/csv/rings.csv", dir.path().join("rings.csv")).expect("copy");
    let mut preset = Preset::load("examples/csv/rings.ron").expect("preset");
    if let DataSpec::Csv { path, .. } = &mut preset.data {
        *path = dir.path().join("rings.csv");
    }
    let mut app = App::new(preset, false);
    let saved = dir.path().join("mine.ron");
    app.save(&saved, false);
    let text = std::fs::read_to_string(&saved).expect("read");
    assert!(text.contains("path: \"rings.csv\""), "{text}");
    // Moving the directory keeps it loadable.
    let moved = tempfile::tempdir().expect("tempdir");
    for f in ["mine.ron", "rings.csv"] {
        std::fs::copy(dir.path().join(f), moved.path().join(f)).expect("copy");
    }
    Preset::read_file(&moved.path().join("mine.ron"))
        .expect("parse")
        .load_data()
        .expect("loads after the move");
}

#[test]
fn a_data_dir_given_relative_to_the_working_directory_is_saved_absolute() {
    let mut preset = Preset::load("mnist-cross-entropy-30").expect("preset");
    preset
        .set_data_dir(Path::new("presets/data"))
        .expect("mnist preset");
    let mut app = App::new(preset, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let saved = dir.path().join("m.ron");
    app.save(&saved, false);
    let reread = Preset::read_file(&saved).expect("parse");
    let DataSpec::Mnist { dir: Some(d), .. } = &reread.data else {
        panic!("no data dir: {:?}", reread.data)
    };
    assert!(d.is_absolute(), "{d:?}");
    assert_eq!(
        d,
        &Path::new("presets/data").canonicalize().expect("canonical")
    );
}

#[cfg(target_os = "linux")]
#[test]
fn saved_files_get_the_usual_mode_and_overwrites_keep_theirs() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = App::new(Preset::load("slowdown").expect("preset"), false);
    let saved = dir.path().join("new.ron");
    app.save(&saved, false);
    assert_eq!(
        mode(&saved),
        0o666 & !umask(),
        "a new file: 0666 under the umask"
    );
    std::fs::set_permissions(&saved, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    app.save(&saved, true);
    assert_eq!(mode(&saved), 0o640, "an overwritten file keeps its mode");
    assert!(
        std::fs::read_to_string(&saved)
            .expect("read")
            .contains("slowdown")
    );

    app.ui.export_dir = dir.path().to_path_buf();
    app.export();
    app.wait_file_job();
    let csv = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|e| e == "csv"))
        .expect("an exported CSV");
    assert_eq!(
        mode(&csv),
        0o666 & !umask(),
        "an export: 0666 under the umask"
    );
}

#[test]
fn a_typed_tilde_means_home() {
    let home = directories::BaseDirs::new()
        .expect("a home directory")
        .home_dir()
        .to_path_buf();
    assert_eq!(nnlab::save::expand_tilde("~/x.ron"), home.join("x.ron"));
    assert_eq!(nnlab::save::expand_tilde("~"), home);
    assert_eq!(
        nnlab::save::expand_tilde("a/~/x.ron"),
        Path::new("a/~/x.ron")
    );
    assert_eq!(nnlab::save::expand_tilde("~user/x"), Path::new("~user/x"));
}
