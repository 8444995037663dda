//! The overlay's word on properties whose values WordPress writes otherwise than their schema says:
//! `nullable` (written as `null`), `omitted` (left out) and `types` (other JSON types), at any depth;
//! and properties a draft-4 `required` list leaves optional.

use serde_json::json;
use wp_schema_codegen::{expand, DocumentSource, TextMode};

fn documents(overlay: serde_json::Value) -> (tempfile::TempDir, Vec<DocumentSource>) {
    let dir = tempfile::tempdir().unwrap();
    let route = json!({
        "namespace": "x/v1",
        "methods": ["GET"],
        "endpoints": [{"methods": ["GET"], "args": {}}],
        "schema": {
            "title": "thing",
            "type": "object",
            "properties": {
                "note": {"type": "string", "context": ["view"]},
                "meta": {
                    "type": "object",
                    "context": ["view"],
                    "properties": {"status": {"type": "string", "enum": ["open", "done"]}},
                },
                "settings": {
                    "type": "object",
                    "context": ["view"],
                    "required": ["name"],
                    "properties": {"name": {"type": "string"}, "weight": {"type": "string"}},
                },
                "modified": {"type": "string", "context": ["view"]},
            },
        },
    });
    let mut sources = Vec::new();
    for (name, doc) in [("x-v1-thing.json", route), ("overlay.json", overlay)] {
        std::fs::write(dir.path().join(name), doc.to_string()).unwrap();
        sources.push(DocumentSource::new(dir.path().join(name), name));
    }
    (dir, sources)
}

fn field_line<'a>(code: &'a str, field: &str) -> &'a str {
    code.lines()
        .find(|line| line.trim_start().starts_with(&format!("pub {field}:")))
        .expect("the field is generated")
}

#[test]
fn nested_nullable_and_omitted_properties_become_options() {
    let (_dir, sources) = documents(json!({"overlay": {"items": {"thing": {
        "nullable": ["meta.status"],
        "omitted": ["note"],
        "types": {"modified": ["string", "boolean"]},
    }}}}));
    let tokens = expand(&sources, TextMode::Inline).unwrap_or_else(|f| panic!("{:?}", f.errors));
    let code = wp_schema_codegen::format(tokens).unwrap();
    assert!(
        field_line(&code, "status").contains("::std::option::Option<ThingMetaStatus>"),
        "{code}"
    );
    assert!(field_line(&code, "note").contains("::std::option::Option<::std::string::String>"));
    let skips = code
        .matches(r#"#[serde(skip_serializing_if = "::std::option::Option::is_none")]"#)
        .count();
    assert_eq!(
        skips, 4,
        "`note` and `settings.weight` (not `required`), each in its type and its view type"
    );
    assert!(
        code.contains("if self.note.is_some() {"),
        "serialize_in leaves a missing note out"
    );
    assert!(field_line(&code, "name").contains("pub name: ::std::string::String"));
    assert!(field_line(&code, "weight").contains("::std::option::Option<::std::string::String>"));
    assert!(field_line(&code, "modified").contains("pub modified: ThingModified"));
    assert!(code.contains("pub enum ThingModified {"), "{code}");
}

#[test]
fn a_path_that_names_no_property_is_an_error_and_an_absent_item_is_not() {
    let (_dir, sources) = documents(json!({"overlay": {"items": {
        "thing": {"nullable": ["meta.nope"], "omitted": ["meta"], "types": {"gone": "boolean"}},
        "other-item": {"nullable": ["anything"]},
    }}}));
    let errors: Vec<String> = expand(&sources, TextMode::Inline)
        .unwrap_err()
        .errors
        .iter()
        .map(ToString::to_string)
        .collect();
    let hint = "(a path goes into nested objects with dots, as in `meta.footnotes`)";
    assert_eq!(
        errors,
        [
            format!(
                "overlay.json at /overlay/items/thing/nullable/0: no property `meta.nope` in the \
                 item titled `thing` {hint}"
            ),
            format!(
                "overlay.json at /overlay/items/thing/types/gone: no property `gone` in the item \
                 titled `thing` {hint}"
            ),
        ]
    );
}
