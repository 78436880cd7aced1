//! Builds an example binary once per test run, with the profile the test was built with:
//! `cargo test --test NAME` alone does not rebuild examples, and a stale binary would test old
//! code.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Mutex, OnceLock};

/// The path of example `name`, built if this run has not built it yet.
pub(crate) fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashMap<String, PathBuf>>> = OnceLock::new();
    let mut built = BUILT
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    built
        .entry(name.to_owned())
        .or_insert_with(|| {
            let exe = std::env::current_exe().unwrap();
            let dir = exe
                .parent()
                .and_then(|deps| deps.parent())
                .unwrap()
                .to_path_buf();
            // The profile this test was built with: target/<dir>/deps, where `debug` is `dev`.
            let profile = match dir.file_name().and_then(|name| name.to_str()) {
                Some("debug") | None => "dev",
                Some(other) => other,
            };
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let status = Command::new(cargo)
                .args(["build", "--quiet", "--profile", profile, "--example", name])
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .status()
                .unwrap();
            assert!(status.success(), "cargo build --example {name}");
            dir.join("examples")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
        })
        .clone()
}
