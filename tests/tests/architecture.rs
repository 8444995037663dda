//! The rules of ARCHITECTURE.md that the sources can be checked for:
//! - no import cycle between the top-level modules of any crate of the workspace: each module is
//!   imported only from above. The imports are read from the sources: `crate::name` anywhere in a
//!   module's files, and `super::name` in a file directly under `src/` (where `super` is the
//!   crate's root);
//! - SQLite stays behind the server's store traits: no source file outside
//!   `wp-media-server/src/store/sqlite/` names `rusqlite`, so the controllers, the upload pipeline,
//!   the start-up repair and the traits themselves hold for a second backend. The sources are read
//!   as text, comments included: a mention is as much a dependency to look at as a `use`;
//! - likewise, the crates of the store on WordPress's own database (the MySQL driver and the PHP
//!   serialize format) are used only under `wp-media-server/src/store/mariadb/`. A word such as
//!   `mysql` is also a variable's name or a URL's scheme there, so it is the crates' paths and
//!   imports that are looked for.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const CRATES: [&str; 8] = [
    "wp-schema-php",
    "wp-schema-plan",
    "wp-schema-runtime",
    "wp-schema-codegen",
    "wp-schema-macros",
    "wp-schema-cli",
    "wp-schema-client",
    "wp-media-server",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file of `src` belongs to; `None` for the crate's root.
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first.strip_suffix(".rs") {
        Some("lib" | "main") => None,
        Some(name) => Some(name.to_owned()),
        None => Some(first.to_owned()),
    }
}

/// The names that follow `prefix` in `line` (`crate::store::posts` gives `store`).
fn names_after<'a>(line: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find(prefix) {
        let after = &rest[at + prefix.len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if end > 0 {
            names.push(&after[..end]);
        }
        // `crate::{a, b}` names several.
        if after.starts_with('{') {
            let inner = &after[1..after.find('}').unwrap_or(after.len())];
            names.extend(
                inner
                    .split(',')
                    .map(|part| part.trim().split("::").next().unwrap_or("").trim())
                    .filter(|name| !name.is_empty()),
            );
        }
        rest = after;
    }
    names
}

/// Module → the modules it imports, for one crate.
fn imports(krate: &str) -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(krate)
        .join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let Some(module) = module_of(&src, file) else {
            continue;
        };
        let at_top = file.parent() == Some(src.as_path());
        let text = std::fs::read_to_string(file).unwrap();
        let edges = graph.entry(module.clone()).or_default();
        for line in text.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            let mut names = names_after(line, "crate::");
            if at_top {
                names.extend(names_after(line, "super::"));
            }
            for name in names {
                if name != module && modules.contains(name) {
                    edges.insert(name.to_owned());
                }
            }
        }
    }
    graph
}

/// A cycle through `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_crate_has_an_import_cycle_between_its_top_level_modules() {
    let mut cycles = Vec::new();
    for krate in CRATES {
        if let Some(cycle) = find_cycle(&imports(krate)) {
            cycles.push(format!("{krate}: {}", cycle.join(" -> ")));
        }
    }
    assert!(cycles.is_empty(), "{}", cycles.join("\n"));
}

#[test]
fn a_cycle_is_found_and_a_layered_graph_passes() {
    let graph = |edges: &[(&str, &str)]| {
        let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (from, to) in edges {
            graph
                .entry((*from).to_owned())
                .or_default()
                .insert((*to).to_owned());
        }
        graph
    };
    let layered = graph(&[("rest", "request"), ("request", "store"), ("rest", "store")]);
    assert_eq!(find_cycle(&layered), None);
    let cyclic = graph(&[("rest", "media"), ("media", "request"), ("request", "rest")]);
    assert_eq!(
        find_cycle(&cyclic).unwrap(),
        ["media", "request", "rest", "media"]
    );
    assert_eq!(
        names_after("use crate::{store::posts, request::Call};", "crate::"),
        ["store", "request"]
    );
}

/// The numbers (from 1) of the lines of `text` that name `rusqlite` as a word of its own (not
/// `my_rusqlite_helper`).
fn lines_naming_rusqlite(text: &str) -> Vec<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let names = |line: &str| {
        line.match_indices("rusqlite").any(|(at, word)| {
            let before = line[..at].chars().next_back();
            let after = line[at + word.len()..].chars().next();
            !before.is_some_and(is_word) && !after.is_some_and(is_word)
        })
    };
    (1..)
        .zip(text.lines())
        .filter(|(_, line)| names(line))
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn only_the_sqlite_backend_names_rusqlite() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wp-media-server/src");
    let backend = src.join("store").join("sqlite");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let outside: Vec<&PathBuf> = files.iter().filter(|f| !f.starts_with(&backend)).collect();
    assert!(
        outside.iter().any(|f| f.ends_with("attachments/query.rs")),
        "the controllers are among the files read"
    );
    let mut found = Vec::new();
    for file in outside {
        let text = std::fs::read_to_string(file).unwrap();
        for line in lines_naming_rusqlite(&text) {
            let relative = file.strip_prefix(&src).unwrap();
            found.push(format!("src/{}:{line}", relative.display()));
        }
    }
    assert!(
        found.is_empty(),
        "only src/store/sqlite/ may name rusqlite; the others go through store::Store:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_mention_of_rusqlite_is_found_wherever_it_is_written() {
    let cases: [(&str, &[usize]); 6] = [
        ("use rusqlite::Connection;", &[1]),
        ("fn f(c: &rusqlite::Connection) {}", &[1]),
        ("let x = 1;\n// a rusqlite error\n", &[2]),
        ("extern crate rusqlite as db;", &[1]),
        ("fn my_rusqlite_helper() {}", &[]),
        ("use crate::store::Store;", &[]),
    ];
    for (text, lines) in cases {
        assert_eq!(lines_naming_rusqlite(text), lines, "{text}");
    }
}

/// The crates only the store on WordPress's own database may use.
const MARIADB_CRATES: [&str; 3] = ["mysql", "phpserz", "serde_php"];

/// The numbers (from 1) of the lines of `text` that use the crate `krate`: a path through it
/// (`krate::…`) or an import of it (`use krate`, `extern crate krate`), not a variable or a
/// URL scheme of the same name.
fn lines_using(text: &str, krate: &str) -> Vec<usize> {
    let is_word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let uses = |line: &str| {
        line.match_indices(krate).any(|(at, word)| {
            let before = &line[..at];
            let after = &line[at + word.len()..];
            let whole = !before.chars().next_back().is_some_and(is_word)
                && !after.chars().next().is_some_and(is_word);
            let imported =
                before.trim_end().ends_with("use") || before.trim_end().ends_with("extern crate");
            whole && (after.starts_with("::") || imported)
        })
    };
    (1..)
        .zip(text.lines())
        .filter(|(_, line)| uses(line))
        .map(|(n, _)| n)
        .collect()
}

/// The uses of `crates` in the server's files that `confined_to` (a folder or a file of
/// wp-media-server/src) does not hold, as `src/FILE:LINE (CRATE)`; and whether a file it holds
/// uses the first of them, so that a moved room cannot pass unread.
fn uses_outside(confined_to: &str, crates: &[&str]) -> (bool, Vec<String>) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wp-media-server/src");
    let room = src.join(confined_to);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let (inside, outside): (Vec<&PathBuf>, Vec<&PathBuf>) =
        files.iter().partition(|f| f.starts_with(&room));
    let used_inside = inside.iter().any(|f| {
        let text = std::fs::read_to_string(f).unwrap();
        !lines_using(&text, crates[0]).is_empty()
    });
    let mut found = Vec::new();
    for file in outside {
        let text = std::fs::read_to_string(file).unwrap();
        for krate in crates {
            for line in lines_using(&text, krate) {
                let relative = file.strip_prefix(&src).unwrap();
                found.push(format!("src/{}:{line} ({krate})", relative.display()));
            }
        }
    }
    (used_inside, found)
}

#[test]
fn only_the_mariadb_backend_uses_its_crates() {
    let (used_inside, found) = uses_outside("store/mariadb", &MARIADB_CRATES);
    assert!(used_inside, "the backend itself is among the files read");
    assert!(
        found.is_empty(),
        "only src/store/mariadb/ may use its crates; the others go through store::Store:\n{}",
        found.join("\n")
    );
}

/// The crates only the uploads in object storage may use.
const BUCKET_CRATES: [&str; 3] = ["object_store", "reqwest", "rustls"];

#[test]
fn only_the_bucket_uses_the_object_storage_crates() {
    let (used_inside, found) = uses_outside("storage/bucket.rs", &BUCKET_CRATES);
    assert!(used_inside, "the bucket itself is among the files read");
    assert!(
        found.is_empty(),
        "only src/storage/bucket.rs may use its crates; the others go through storage::Storage:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_use_of_a_crate_is_told_from_a_word_of_the_same_name() {
    let cases: [(&str, &[usize]); 7] = [
        ("use mysql::prelude::Queryable;", &[1]),
        ("fn f(c: &mut mysql::PooledConn) {}", &[1]),
        ("use mysql;", &[1]),
        ("extern crate mysql;", &[1]),
        ("fn to_rfc3339(mysql: &str) {}", &[]),
        ("/// mysql://USER:PASSWORD@HOST/DATABASE", &[]),
        ("let now = now_mysql();\nlet x = my_mysql::y;", &[]),
    ];
    for (text, lines) in cases {
        assert_eq!(lines_using(text, "mysql"), lines, "{text}");
    }
}
