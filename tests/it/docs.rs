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

/// An operation's method and path, with each placeholder segment (`{id}`) as `*`.
type Endpoint = (String, Vec<String>);

fn segments(path: &str) -> Vec<String> {
    path.trim_start_matches('/')
        .split('/')
        .map(|s| {
            if s.starts_with('{') {
                "*".to_owned()
            } else {
                s.to_owned()
            }
        })
        .collect()
}

/// The first string literal in `text` that starts with `/`, as written.
fn first_path(text: &str) -> Option<&str> {
    let start = text.find("\"/")? + 1;
    let len = text[start..].find('"')?;
    Some(&text[start..start + len])
}

/// Every endpoint the crate builds a request for, read from the source: each
/// `Request::new(` and `Request::with_body(` with its `Method::` and its path literal (or the
/// `format!` that made the `path` it passes). `/{}/{id}` with a record's `collection()` stands
/// for each collection that function names.
fn operations() -> Vec<Endpoint> {
    let follow_up = read("src/convert/follow_up.rs");
    let body = &follow_up[follow_up.find("fn collection(").unwrap()..];
    let body = &body[..body.find("\n    }\n").unwrap()];
    let collections: Vec<&str> = body.split('"').skip(1).step_by(2).collect();
    assert_eq!(collections, ["people", "companies", "opportunities"]);

    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for marker in ["Request::new(", "Request::with_body("] {
                for (at, _) in text.match_indices(marker) {
                    let call = &text[at..];
                    let call = &call[..call.find(';').unwrap_or(call.len()).min(400)];
                    let Some(method) = call.split("Method::").nth(1).map(|m| {
                        m.chars()
                            .take_while(char::is_ascii_alphabetic)
                            .collect::<String>()
                    }) else {
                        continue; // a generic constructor, not an operation
                    };
                    let before = &text[at.saturating_sub(400)..at];
                    let literal = first_path(call).or_else(|| {
                        before
                            .rfind("let path = format!(")
                            .and_then(|i| first_path(&before[i..]))
                    });
                    let literal = literal.unwrap_or_else(|| {
                        panic!(
                            "{}: no path for {}",
                            path.display(),
                            &call[..call.len().min(80)]
                        )
                    });
                    if let Some(rest) = literal.strip_prefix("/{}/") {
                        for collection in &collections {
                            found.push((
                                method.to_uppercase(),
                                segments(&format!("/{collection}/{rest}")),
                            ));
                        }
                    } else {
                        found.push((method.to_uppercase(), segments(literal)));
                    }
                }
            }
        }
    }
    found
}

fn covers(operation: &[String], endpoint: &[String]) -> bool {
    operation.len() == endpoint.len()
        && operation
            .iter()
            .zip(endpoint)
            .all(|(a, b)| a == b || a == "*" || b == "*")
}

/// `Request::custom`'s docs list endpoints the crate has no operation for: none of them may
/// gain one without the list changing.
#[test]
fn request_custom_lists_only_endpoints_without_an_operation() {
    let operations = operations();
    // The scanner sees the operations it must see.
    for (method, path) in [
        ("GET", "/leads/{id}"),
        ("POST", "/leads/{id}/activities"),
        ("POST", "/activities"),
        ("PUT", "/webhooks/{id}"),
        ("GET", "/pipeline_stages/pipeline/{id}"),
        ("PUT", "/people/{id}"),
        ("DELETE", "/opportunities/{id}"),
        ("POST", "/leads/{id}/convert"),
    ] {
        let endpoint = segments(path);
        assert!(
            operations
                .iter()
                .any(|(m, p)| m == method && *p == endpoint),
            "{method} {path} not found among {operations:?}"
        );
    }

    let source = read("src/api/request.rs");
    let docs = &source[source
        .find("pub fn custom(")
        .map(|end| source[..end].rfind("/// A request to an endpoint").unwrap())
        .unwrap()..];
    let docs = &docs[..docs.find("/// ```").unwrap()];
    let listed: Vec<(&str, &str)> = docs
        .split('`')
        .skip(1)
        .step_by(2)
        .filter_map(|code| code.split_once(' '))
        .filter(|(method, path)| {
            ["GET", "POST", "PUT", "DELETE"].contains(method) && path.starts_with('/')
        })
        .collect();
    assert!(listed.len() >= 10, "{listed:?}");
    for (method, path) in listed {
        let endpoint = segments(path);
        let covered = operations
            .iter()
            .find(|(m, p)| m == method && covers(p, &endpoint));
        assert!(
            covered.is_none(),
            "`Request::custom` lists {method} {path}, which the crate builds ({covered:?})"
        );
    }
}
