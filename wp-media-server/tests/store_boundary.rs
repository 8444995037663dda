//! SQLite stays behind the store's traits: no source file outside `src/store/sqlite/` names
//! `rusqlite`, so the controllers, the upload pipeline, the start-up repair and the traits
//! themselves hold for a second backend. The sources are read as text, comments included: a
//! mention is as much a dependency to look at as a `use`.

use std::path::{Path, PathBuf};

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
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
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
