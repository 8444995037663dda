//! Names of same-titled schemas from route documents that do not state their paths (what
//! `wp-schema pull` writes for routes with path variables), and folders as input.

use serde_json::json;
use std::path::Path;
use wp_schema_codegen::{expand, DocumentSource, TextMode};

/// A route document with path variables `vars` and an item schema titled `title` with `extra`.
fn route_document(title: &str, vars: &[&str], extra: &str) -> serde_json::Value {
    let args: serde_json::Map<String, serde_json::Value> = vars
        .iter()
        .map(|v| (v.to_string(), json!({"type": "integer", "required": false})))
        .collect();
    json!({
        "namespace": "x/v1",
        "methods": ["GET"],
        "endpoints": [{"methods": ["GET"], "args": args}],
        "schema": {
            "title": title,
            "type": "object",
            "properties": {
                "id": {"type": "integer", "context": ["view"]},
                extra: {"type": "string", "context": ["view"]},
            },
        },
    })
}

fn write(dir: &Path, name: &str, doc: &serde_json::Value) {
    std::fs::write(dir.join(name), serde_json::to_string_pretty(doc).unwrap()).unwrap();
}

fn generated(sources: &[DocumentSource]) -> String {
    match expand(sources, TextMode::Inline) {
        Ok(tokens) => wp_schema_codegen::format(tokens).unwrap(),
        Err(failure) => panic!("{:?}", failure.errors),
    }
}

/// The type whose fields include `field`, by its `pub struct` line.
fn struct_with_field<'a>(code: &'a str, field: &str) -> &'a str {
    let at = code
        .find(&format!("pub {field}:"))
        .expect("the field is generated");
    let start = code[..at].rfind("pub struct ").unwrap() + "pub struct ".len();
    let end = start + code[start..].find([' ', '{']).unwrap();
    &code[start..end]
}

#[test]
fn the_route_named_after_the_title_keeps_the_plain_name_in_any_order() {
    let dir = tempfile::tempdir().unwrap();
    // Sorted by file name, the autosave route comes first.
    let autosaves = "x-v1-things-id-autosaves.json";
    let revisions = "x-v1-things-parent-revisions-id.json";
    write(
        dir.path(),
        autosaves,
        &route_document("thing-revision", &["id"], "preview_link"),
    );
    write(
        dir.path(),
        revisions,
        &route_document("thing-revision", &["parent", "id"], "revision_note"),
    );
    let source = |name: &str| DocumentSource::new(dir.path().join(name), name);
    for order in [[autosaves, revisions], [revisions, autosaves]] {
        let code = generated(&order.map(source));
        assert_eq!(struct_with_field(&code, "revision_note"), "ThingRevision");
        assert_eq!(
            struct_with_field(&code, "preview_link"),
            "ThingRevisionAutosaves"
        );
    }
}

#[test]
fn a_folder_stands_for_its_json_files_in_name_order() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "x-v1-b.json", &route_document("b", &[], "bee"));
    write(dir.path(), "x-v1-a.json", &route_document("a", &[], "ay"));
    std::fs::write(dir.path().join("notes.txt"), "not a document").unwrap();
    let folder = DocumentSource::new(dir.path(), "schemas/x");
    let files: Vec<DocumentSource> = ["x-v1-a.json", "x-v1-b.json"]
        .iter()
        .map(|name| DocumentSource::new(dir.path().join(name), format!("schemas/x/{name}")))
        .collect();
    assert_eq!(generated(&[folder]), generated(&files));
}

#[test]
fn an_empty_or_missing_folder_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let errors = expand(
        &[DocumentSource::new(dir.path(), "schemas/none")],
        TextMode::Inline,
    )
    .unwrap_err()
    .errors;
    assert_eq!(
        errors.iter().map(ToString::to_string).collect::<Vec<_>>(),
        ["schemas/none: the folder holds no `.json` documents"]
    );
    let mut named = DocumentSource::new(dir.path(), "schemas/none");
    named.name = Some("Thing".into());
    let errors = expand(&[named], TextMode::Inline).unwrap_err().errors;
    assert!(errors[0].message.contains("`as Name`"), "{}", errors[0]);
}
