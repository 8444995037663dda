//! The overlay's word on properties whose values WordPress writes otherwise than their schema says:
//! `nullable` (written as `null`) and `types` (other JSON types), at any depth, through nested
//! objects and into the items of lists; `contexts` (written in other contexts) and `properties`
//! (written though the schema does not list them); `order` (the order a controller writes them
//! in); and `why`, each rule's reason.

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
                "tags": {"type": "array", "context": ["view"], "items": {"type": "integer"}},
                "variations": {
                    "type": "array",
                    "context": ["view"],
                    "items": {
                        "type": "object",
                        "properties": {"size": {"type": "integer"}},
                    },
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

/// The formatted code the route and `overlay` expand to.
fn generated(overlay: serde_json::Value) -> String {
    let (_dir, sources) = documents(overlay);
    let tokens = expand(&sources, TextMode::Inline).unwrap_or_else(|f| panic!("{:?}", f.errors));
    wp_schema_codegen::format(tokens).unwrap()
}

/// Each `(field, text)`: the line declaring `field` holds `text`.
fn assert_fields(code: &str, fields: &[(&str, &str)]) {
    for (field, text) in fields {
        assert!(field_line(code, field).contains(text), "{code}");
    }
}

fn errors(overlay: serde_json::Value) -> Vec<String> {
    let (_dir, sources) = documents(overlay);
    expand(&sources, TextMode::Inline)
        .unwrap_err()
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn nullable_and_retyped_properties_at_any_depth() {
    let code = generated(json!({"overlay": {"items": {"thing": {
        "nullable": ["meta.status", "tags[]"],
        "types": {"modified": ["string", "boolean"], "variations[].size": ["integer", "string"]},
    }}}}));
    assert_fields(
        &code,
        &[
            ("status", "::std::option::Option<ThingMetaStatus>"),
            ("tags", "::std::vec::Vec<::std::option::Option<i64>>"),
            ("note", "pub note: ::std::string::String"),
            ("modified", "pub modified: ThingModified"),
            ("size", "pub size: ThingVariationsItemSize"),
        ],
    );
    for retyped in [
        "pub enum ThingModified {",
        "pub enum ThingVariationsItemSize {",
    ] {
        assert!(code.contains(retyped), "{code}");
    }
}

#[test]
fn a_path_that_names_no_property_is_an_error_and_an_absent_item_is_not() {
    let found = errors(json!({"overlay": {"items": {
        "thing": {"nullable": ["meta.nope", "note[]"], "types": {"gone": "boolean"}},
        "other-item": {"nullable": ["anything"]},
    }}}));
    let hint = "(a path goes into nested objects with dots, as in `meta.footnotes`, and into a \
                list's items with `[]`, as in `variations[].attributes`)";
    assert_eq!(
        found,
        [
            format!(
                "overlay.json at /overlay/items/thing/nullable/0: no property `meta.nope` in the \
                 item titled `thing` {hint}"
            ),
            format!(
                "overlay.json at /overlay/items/thing/nullable/1: no property `note[]` in the \
                 item titled `thing` {hint}"
            ),
            format!(
                "overlay.json at /overlay/items/thing/types/gone: no property `gone` in the item \
                 titled `thing` {hint}"
            ),
        ]
    );
}

#[test]
fn unknown_rules_are_errors_and_omitted_says_why_it_is_gone() {
    let found = errors(json!({"overlay": {"items": {"thing": {
        "omitted": ["note"],
        "nulable": ["note"],
    }}}}));
    assert_eq!(
        found,
        [
            "overlay.json at /overlay/items/thing/omitted: `omitted` is no longer needed: every \
             property may be absent from a response, and generated types keep which were \
             (remove the rule)",
            "overlay.json at /overlay/items/thing/nulable: unknown overlay rule `nulable` (rules: \
             `nullable`, `types`, `contexts`, `properties`, `order`, and `why` for their reasons)",
        ]
    );
}

#[test]
fn contexts_and_properties_change_the_schema_every_stage_reads() {
    let code = generated(json!({"overlay": {"items": {"thing": {
        "contexts": {"meta.status": ["view", "embed"]},
        "properties": {
            "reading_minutes": {"type": "integer", "context": ["view"]},
            "variations[].label": {"type": "string"},
        },
        "why": {"reading_minutes": "a field registered without a schema"},
    }}}}));
    // An embed type now exists, and holds the meta's status.
    assert!(code.contains("pub struct ThingMetaEmbed {"), "{code}");
    assert_fields(
        &code,
        &[
            ("reading_minutes", "i64"),
            ("label", "::std::string::String"),
        ],
    );
    // The item schema the generated code carries has them too.
    assert!(
        code.contains(r#"\"reading_minutes\":{\"type\":\"integer\""#),
        "{code}"
    );
}

#[test]
fn a_property_the_schema_has_or_a_reason_for_no_rule_is_an_error() {
    let found = errors(json!({"overlay": {"items": {"thing": {
        "properties": {"note": {"type": "string"}, "nowhere.x": {"type": "string"}},
        "why": {"modified": "no rule names it"},
    }}}}));
    assert_eq!(
        found,
        [
            "overlay.json at /overlay/items/thing/properties/note: the item titled `thing` has a \
             property `note` already (to change its type, use `types`)",
            "overlay.json at /overlay/items/thing/properties/nowhere.x: no property `nowhere.x` in \
             the item titled `thing` (a path goes into nested objects with dots, as in \
             `meta.footnotes`, and into a list's items with `[]`, as in \
             `variations[].attributes`)",
            "overlay.json at /overlay/items/thing/why/modified: no rule of the item titled `thing` \
             names `modified`: `why` explains a rule",
        ]
    );
}

/// The position of each field's declaration in the generated struct `Thing`.
fn field_positions(code: &str, fields: &[&str]) -> Vec<usize> {
    let start = code.find("pub struct Thing {").expect("the item struct");
    fields
        .iter()
        .map(|field| {
            start
                + code[start..]
                    .find(&format!("pub {field}:"))
                    .expect("the field is generated")
        })
        .collect()
}

#[test]
fn order_gives_the_controllers_order_and_names_only_properties() {
    let schema_order = generated(json!({"overlay": {"items": {}}}));
    let positions = field_positions(&schema_order, &["note", "meta", "modified"]);
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "the schema's order by default"
    );
    let reordered = generated(json!({"overlay": {"items": {"thing": {
        "order": {"": ["modified", "note"]},
        "why": {"": "the controller writes `modified` first"},
    }}}}));
    // The named properties first, as given; the others after, in the schema's order.
    let positions = field_positions(&reordered, &["modified", "note", "meta", "tags"]);
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{reordered}");
    assert_eq!(
        errors(json!({"overlay": {"items": {"thing": {"order": {"": ["modified", "nope"]}}}}})),
        [
            "overlay.json at /overlay/items/thing/order/: `order` names `nope`, which is no \
             property of the item titled `thing`"
        ]
    );
}
