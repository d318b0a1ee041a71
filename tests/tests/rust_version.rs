//! The workspace's declared `rust-version` is a true minimum: no locked dependency needs a newer
//! Rust than it. Only one toolchain is installed here, so instead of building with the declared
//! version, this compares it with the `rust-version` every package in `Cargo.lock` declares
//! (read through `cargo metadata`, every target platform included). Clippy's
//! `incompatible_msrv` lint checks the workspace's own use of the standard library against it.

use std::process::Command;

use rambase_runtime::serde_json::{self, Value};

/// A `rust-version` as a comparable `(major, minor, patch)`; a missing part is 0.
fn version(text: &str) -> Option<(u64, u64, u64)> {
    let mut parts = text.split('.').map(str::parse::<u64>);
    let major = parts.next()?.ok()?;
    let minor = parts.next().unwrap_or(Ok(0)).ok()?;
    let patch = parts.next().unwrap_or(Ok(0)).ok()?;
    parts.next().is_none().then_some((major, minor, patch))
}

/// Every package of the lock file: name, version, declared `rust-version`, and whether it is a
/// member of this workspace.
fn locked_packages() -> Vec<(String, String, Option<String>, bool)> {
    let manifest = concat!(env!("CARGO_MANIFEST_DIR"), "/../Cargo.toml");
    let output = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .args(["--manifest-path", manifest])
        .output()
        .expect("cargo metadata runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata is JSON");
    let members: Vec<&Value> = metadata["workspace_members"]
        .as_array()
        .expect("workspace_members")
        .iter()
        .collect();
    let text = |value: &Value| value.as_str().map(str::to_owned);
    metadata["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|package| {
            (
                text(&package["name"]).unwrap_or_default(),
                text(&package["version"]).unwrap_or_default(),
                text(&package["rust_version"]),
                members.contains(&&package["id"]),
            )
        })
        .collect()
}

#[test]
fn the_declared_rust_version_covers_every_locked_dependency() {
    let packages = locked_packages();
    let declared: Vec<&str> = packages
        .iter()
        .filter(|(_, _, _, member)| *member)
        .filter_map(|(_, _, rust, _)| rust.as_deref())
        .collect();
    let workspace = declared
        .first()
        .copied()
        .expect("members declare a rust-version");
    assert!(
        declared.iter().all(|d| *d == workspace),
        "every member inherits the workspace's rust-version: {declared:?}"
    );
    let minimum = version(workspace).expect("the rust-version parses");
    let newer: Vec<String> = packages
        .iter()
        .filter(|(_, _, _, member)| !member)
        .filter_map(|(name, version_text, rust, _)| {
            let needed = rust.as_deref()?;
            let too_new = version(needed).is_none_or(|needed| needed > minimum);
            too_new.then(|| format!("{name} {version_text} needs {needed}"))
        })
        .collect();
    assert!(
        newer.is_empty(),
        "the workspace declares rust-version {workspace}, but: {}",
        newer.join("; ")
    );
    // The check sees the packages at all (the lock is not empty, and many declare a version).
    assert!(packages.iter().filter(|p| p.2.is_some() && !p.3).count() > 50);
}

#[test]
fn versions_compare_as_numbers() {
    assert_eq!(version("1.85"), Some((1, 85, 0)));
    assert_eq!(version("1.85.1"), Some((1, 85, 1)));
    assert!(version("1.89").unwrap() > version("1.9").unwrap());
    assert_eq!(version("1.x"), None);
    assert_eq!(version("1.2.3.4"), None);
}
