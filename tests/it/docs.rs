//! Documents that state facts a test can check: the claims stay true as the code moves.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The fuzzing README names every target the fuzz package builds, and counts them right.
#[test]
fn the_fuzz_readme_lists_every_target() {
    let manifest = read("fuzz/Cargo.toml");
    let targets: Vec<&str> = manifest
        .split("[[bin]]")
        .skip(1)
        .filter_map(|bin| bin.lines().find_map(|l| l.strip_prefix("name = ")))
        .map(|name| name.trim_matches('"'))
        .collect();
    let readme = read("fuzz/README.md");
    let words = [
        "zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    ];
    let count = words.get(targets.len()).copied().unwrap_or("Many");
    assert!(
        readme.starts_with(&format!("# Fuzzing copper-lead\n\n{count} ")),
        "{count} targets"
    );
    for target in &targets {
        assert!(
            readme.contains(&format!("| `{target}` |")),
            "{target} is not in fuzz/README.md"
        );
        assert!(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("fuzz/fuzz_targets/{target}.rs"))
                .exists()
        );
    }
}
