//! The crate's files import one way: no file reaches, through the paths it names, a file that
//! reaches it back, and no lower layer imports a higher one (DESIGN.md, "Layers").
//!
//! Every `crate::` and `super::` path outside comments counts (macro bodies included, as
//! `$crate::`), and so does a private `use` of a child module; a `pub use` of a child is a
//! re-export, not a dependency. Each path leads to the deepest module file it names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A module, as the path of its file below `src/` (`wire/record`, `lib` for the root).
type Module = Vec<String>;

/// The layers, bottom up: a module may import from its own layer and the layers below.
const LAYERS: &[&[&str]] = &[
    &["wire"],
    &["model"],
    &["validate", "custom_field", "lifecycle"],
    &["stream"],
    &["api"],
    &["leads", "lookup", "webhook", "activity"],
    &["convert", "duplicates"],
    &["error", "lib"],
];

/// Imports that go up a layer on purpose, each with its reason.
const UPWARD: &[(&str, &str, &str)] = &[(
    "leads",
    "convert/request",
    "`leads::convert` sends the body a conversion builds; the body is data, it imports no operation",
)];

fn modules(dir: &Path, prefix: &[String], out: &mut BTreeMap<Module, String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_stem().unwrap().to_str().unwrap().to_owned();
        if path.is_dir() {
            let mut inner = prefix.to_vec();
            inner.push(name);
            modules(&path, &inner, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let mut module = prefix.to_vec();
            if name != "mod" && name != "lib" {
                module.push(name);
            }
            out.insert(module, std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The line without its comment and with string literals emptied (a URL is not a path).
fn code(line: &str) -> String {
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => {
                    in_string = false;
                    out.push('"');
                }
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
            out.push('"');
        } else if c == '/' && chars.peek() == Some(&'/') {
            break;
        } else {
            out.push(c);
        }
    }
    out
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The paths after each occurrence of `prefix` (`crate::`, `super::`) in `code`, as segments;
/// for `super::`, how many `super`s lead the path.
fn paths_after(code: &str, prefix: &str) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().next_back();
        let tail = &rest[at..];
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| is_ident(c) || c == ':') {
            continue;
        }
        let mut supers = 0;
        let mut segments = Vec::new();
        let mut path = tail;
        while let Some(after) = path.strip_prefix(prefix) {
            if prefix == "super::" {
                supers += 1;
            }
            path = after;
            if prefix == "crate::" {
                break;
            }
        }
        loop {
            let len = path.find(|c: char| !is_ident(c)).unwrap_or(path.len());
            if len == 0 {
                break;
            }
            segments.push(path[..len].to_owned());
            match path[len..].strip_prefix("::") {
                Some(after) => path = after,
                None => break,
            }
        }
        found.push((supers, segments));
    }
    found
}

/// The deepest module of `files` that `segments` names.
fn resolve(files: &BTreeMap<Module, String>, segments: &[String]) -> Module {
    (0..=segments.len())
        .rev()
        .map(|n| segments[..n].to_vec())
        .find(|m| files.contains_key(m))
        .unwrap_or_default()
}

fn imports(files: &BTreeMap<Module, String>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut graph = BTreeMap::new();
    for (module, text) in files {
        let mut edges = BTreeSet::new();
        // Inline modules (`mod tests { ... }`) shift what `super::` means.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth: usize = 0;
        for line in text.lines() {
            let code = code(line);
            let here: Module = module
                .iter()
                .cloned()
                .chain(inline.iter().map(|(m, _)| m.clone()))
                .collect();
            for (_, segments) in paths_after(&code, "crate::") {
                edges.insert(resolve(files, &segments));
            }
            for (supers, segments) in paths_after(&code, "super::") {
                let keep = here.len().saturating_sub(supers);
                let full: Vec<String> = here[..keep].iter().cloned().chain(segments).collect();
                edges.insert(resolve(files, &full));
            }
            let trimmed = code.trim_start();
            if let Some(used) = trimmed.strip_prefix("use ") {
                let first: String = used.chars().take_while(|c| is_ident(*c)).collect();
                let child: Module = module.iter().cloned().chain([first]).collect();
                if files.contains_key(&child) {
                    edges.insert(child);
                }
            }
            let declares = trimmed
                .strip_prefix("pub(crate) ")
                .or_else(|| trimmed.strip_prefix("pub "))
                .unwrap_or(trimmed)
                .strip_prefix("mod ");
            if let Some(name) = declares
                && code.trim_end().ends_with('{')
            {
                let name: String = name.chars().take_while(|c| is_ident(*c)).collect();
                inline.push((name, depth));
            }
            depth = (depth + code.matches('{').count()).saturating_sub(code.matches('}').count());
            while inline.last().is_some_and(|(_, opened)| depth <= *opened) {
                inline.pop();
            }
        }
        edges.remove(module);
        graph.insert(module.clone(), edges);
    }
    graph
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "lib".to_owned()
    } else {
        module.join("/")
    }
}

fn layer(module: &Module) -> usize {
    let top = module.first().map_or("lib", String::as_str);
    LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("{} has no layer: add it to LAYERS", name(module)))
}

fn graph() -> BTreeMap<Module, BTreeSet<Module>> {
    let mut files = BTreeMap::new();
    modules(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &[],
        &mut files,
    );
    imports(&files)
}

/// Every module reachable from `from`, following imports.
fn reachable(graph: &BTreeMap<Module, BTreeSet<Module>>, from: &Module) -> BTreeSet<Module> {
    let mut seen = BTreeSet::new();
    let mut todo: Vec<&Module> = graph[from].iter().collect();
    while let Some(next) = todo.pop() {
        if seen.insert(next.clone()) {
            todo.extend(&graph[next]);
        }
    }
    seen
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let graph = graph();
    let circles: Vec<String> = graph
        .keys()
        .filter(|module| reachable(&graph, module).contains(*module))
        .map(|module| {
            let back: Vec<String> = graph[module]
                .iter()
                .filter(|next| reachable(&graph, next).contains(module))
                .map(name)
                .collect();
            format!("{} -> {}", name(module), back.join(", "))
        })
        .collect();
    assert!(
        circles.is_empty(),
        "import circles:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_layer_imports_a_higher_one() {
    let graph = graph();
    let upward: Vec<String> = graph
        .iter()
        .flat_map(|(module, edges)| {
            edges
                .iter()
                .filter(|to| layer(to) > layer(module))
                .filter(|to| {
                    !UPWARD
                        .iter()
                        .any(|(from, up, _)| name(module) == *from && name(to) == *up)
                })
                .map(move |to| format!("{} -> {}", name(module), name(to)))
        })
        .collect();
    assert!(
        upward.is_empty(),
        "imports from a lower layer up:\n{}",
        upward.join("\n")
    );
}

/// The checker finds what it is for: a circle and an upward import in a made-up tree.
#[test]
fn the_checker_sees_circles_and_upward_imports() {
    let files: BTreeMap<Module, String> = [
        (vec![], "mod wire;\nmod model;\n".to_owned()),
        (
            vec!["wire".to_owned()],
            "use crate::model::lead::Lead; // a comment: crate::x\n".to_owned(),
        ),
        (
            vec!["model".to_owned()],
            "pub(crate) mod lead;\n".to_owned(),
        ),
        (
            vec!["model".to_owned(), "lead".to_owned()],
            "use crate::wire::Record;\nmod tests {\n    use super::Lead;\n}\n".to_owned(),
        ),
    ]
    .into_iter()
    .collect();
    let graph = imports(&files);
    let lead = vec!["model".to_owned(), "lead".to_owned()];
    let wire = vec!["wire".to_owned()];
    assert_eq!(graph[&wire], BTreeSet::from([lead.clone()]));
    assert_eq!(graph[&lead], BTreeSet::from([wire.clone()]));
    assert!(reachable(&graph, &wire).contains(&wire));
    assert!(layer(&wire) < layer(&lead));
}

/// The map of `src/` in the crate docs names every folder and file at the top, and nothing
/// else.
#[test]
fn the_crate_docs_map_matches_the_tree() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let docs = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let mut mapped: Vec<String> = docs
        .lines()
        .skip_while(|line| *line != "//! src/")
        .skip(1)
        .take_while(|line| *line != "//! ```")
        .filter_map(|line| line.strip_prefix("//!   "))
        .map(|line| line.split_whitespace().next().unwrap().to_owned())
        .collect();
    let mut tree: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().is_some_and(|name| name != "lib.rs"))
        .map(|path| {
            let name = path.file_name().unwrap().to_str().unwrap().to_owned();
            if path.is_dir() {
                format!("{name}/")
            } else {
                name
            }
        })
        .collect();
    mapped.sort();
    tree.sort();
    assert_eq!(mapped, tree);
}
