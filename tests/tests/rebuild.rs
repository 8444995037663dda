//! Editing a document rebuilds the crate that uses the macro: the expansion reads every document with
//! `include_str!`, which makes the compiler record the file as an input of the crate.
//!
//! The second test shows it end to end: it builds a small crate, edits its document, and builds again.

use std::path::{Path, PathBuf};
use std::process::Command;
use wp_schema_codegen::{DocumentSource, TextMode};

#[test]
fn the_expansion_includes_every_document() {
    let paths = [
        "../schemas/wp-6.9/overlay.json",
        "../schemas/wp-6.9/wp-v2-media.json",
        "../schemas/wp-6.9/wp-v2-media-id.json",
    ];
    let sources: Vec<DocumentSource> = paths.iter().map(|p| DocumentSource::new(p, *p)).collect();
    let code = wp_schema_codegen::expand(&sources, TextMode::Include)
        .expect("media documents expand")
        .to_string();
    for path in paths {
        assert!(
            code.contains(&format!("include_str ! (\"{path}\")")),
            "{path} is not included"
        );
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ is inside the workspace")
        .to_path_buf()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn schema(title: &str) -> String {
    format!(
        r#"{{"title": "{title}", "type": "object", "properties": {{"id": {{"type": "integer", "context": ["view"]}}}}}}"#
    )
}

/// Runs the user crate and returns what it prints.
fn run(krate: &Path, target: &Path) -> String {
    let output = Command::new(env!("CARGO"))
        .args(["run", "--quiet", "--offline"])
        .current_dir(krate)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn editing_a_document_rebuilds_the_user_crate() {
    let root = workspace_root();
    let target = root.join("target").join("rebuild-check");
    let krate = target.join("user-crate");
    let manifest = format!(
        r#"[package]
name = "user-crate"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
wp-schema-macros = {{ path = "{root}/wp-schema-macros" }}
wp-schema-runtime = {{ path = "{root}/wp-schema-runtime" }}
"#,
        root = root.display()
    );
    write(&krate.join("Cargo.toml"), &manifest);
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).unwrap();
    write(
        &krate.join("src/main.rs"),
        "mod api { wp_schema_macros::routes!(\"../schemas/item.json\"); }\n\
         fn main() { print!(\"{}\", api::Widget::SCHEMA_TITLE); }\n",
    );
    write(&krate.join("schemas/item.json"), &schema("widget"));
    assert_eq!(run(&krate, &target), "widget");

    // `widget_` still names the type `Widget`; only a rebuild makes the program print the new title.
    write(&krate.join("schemas/item.json"), &schema("widget_"));
    assert_eq!(run(&krate, &target), "widget_");
}
