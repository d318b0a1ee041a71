//! What `cargo run -p generator` does to a workspace, through the library call it makes, in
//! scratch copies of `spec/` and `generated/`: check mode names every stale, extra or missing
//! file and the lock, and the lock guard refuses a breaking change unless it is accepted.

use std::path::{Path, PathBuf};

use generator::workspace::{Mode, regenerate};

use rambase_testkit::{copy_dir, workspace_root};

/// A scratch workspace: copies of `spec/` and `generated/`.
fn scratch(name: &str) -> PathBuf {
    let root = workspace_root();
    let dir = root.join("target/test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    copy_dir(&root.join("spec"), &dir.join("spec"));
    copy_dir(&root.join("generated"), &dir.join("generated"));
    dir
}

/// The first generated version file, relative to the workspace.
fn a_version_file(root: &Path) -> PathBuf {
    let specs = generator::discover_specs(&root.join("spec")).expect("listed");
    let shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| p.strip_prefix(root).expect("below").to_path_buf())
        .collect();
    let api = generator::check_specs(&shown, root).unwrap_or_else(|e| panic!("{e}"));
    Path::new("generated/src").join(generator::phases::resource_path(&api.resources[0]))
}

#[test]
fn check_mode_names_every_stale_extra_and_missing_file_and_changes_nothing() {
    let dir = scratch("workspace-check");
    let summary = regenerate(&dir, Mode::Check).expect("a fresh copy is up to date");
    assert!(summary.files > 1 && summary.changed == 0 && !summary.lock_updated);

    let version_file = a_version_file(&dir);
    std::fs::write(dir.join(&version_file), "// edited by hand\n").expect("edit");
    std::fs::write(dir.join("generated/src/extra.rs"), "").expect("extra");
    std::fs::remove_file(dir.join(generator::LOCK_FILE)).expect("remove lock");
    let err = regenerate(&dir, Mode::Check).expect_err("stale");
    let generator::Error::Stale(changes) = &err else {
        panic!("{err:?}");
    };
    let listed: Vec<String> = changes.iter().map(ToString::to_string).collect();
    assert_eq!(
        listed,
        [
            format!("stale:   {}", version_file.display()),
            "extra:   generated/src/extra.rs".to_string(),
            format!("missing: {}", generator::LOCK_FILE),
        ]
    );
    assert!(err.to_string().contains("run `cargo run -p generator`"));
    assert!(
        !dir.join(generator::LOCK_FILE).exists(),
        "check mode writes nothing"
    );

    let written = regenerate(
        &dir,
        Mode::Write {
            accept_breaking: false,
        },
    )
    .expect("repairs");
    assert_eq!((written.changed, written.lock_updated), (2, true));
    regenerate(&dir, Mode::Check).expect("up to date again");
}

#[test]
fn a_breaking_change_is_refused_until_it_is_accepted() {
    let dir = scratch("workspace-guard");
    let specs = generator::discover_specs(&dir.join("spec")).expect("listed");
    let (file, text) = specs
        .iter()
        .map(|p| (p, std::fs::read_to_string(p).expect("spec")))
        .find(|(_, t)| t.contains("\n    rustName: "))
        .expect("a spec of spec/ names a Rust name");
    std::fs::write(
        file,
        text.replacen("\n    rustName: ", "\n    rustName: Renamed", 1),
    )
    .expect("edit");
    let lock = std::fs::read(dir.join(generator::LOCK_FILE)).expect("lock");
    let version_file = dir.join(a_version_file(&dir));
    let generated = std::fs::read(&version_file).expect("version file");

    for mode in [
        Mode::Check,
        Mode::Write {
            accept_breaking: false,
        },
    ] {
        let err = regenerate(&dir, mode).expect_err("refused");
        assert!(
            matches!(err, generator::Error::Breaking(_)),
            "{mode:?}: {err:?}"
        );
        assert!(
            err.to_string().contains("Rust error variant renamed"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read(dir.join(generator::LOCK_FILE)).expect("lock"),
        lock
    );
    assert_eq!(std::fs::read(&version_file).expect("file"), generated);

    let accepted = regenerate(
        &dir,
        Mode::Write {
            accept_breaking: true,
        },
    )
    .expect("accepted");
    assert!(
        accepted.lock_updated && accepted.changed >= 1,
        "{accepted:?}"
    );
    regenerate(&dir, Mode::Check).expect("the accepted change is the new lock");
}
