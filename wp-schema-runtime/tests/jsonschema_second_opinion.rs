//! A second opinion from the `jsonschema` crate (draft 4), where WordPress's semantics coincide with
//! JSON Schema's: values of exactly the schema's JSON type, and keywords WordPress applies without
//! coercion.
//!
//! Intended differences, left out of the comparison:
//! - WordPress coerces: numeric strings are numbers and integers, `"true"`/`"0"` and the ints 0/1
//!   are booleans, scalars split on commas are arrays, `""` and lists are objects, `1.0` is an
//!   integer.
//! - `uniqueItems` tells `1` from `1.0` and `true` from `1` (PHP's `serialize`), where JSON Schema
//!   compares mathematically.
//! - Formats: WordPress checks only its own (date-time, email, ip, uuid, hex-color) by its own rules.
//! - Bounds: WordPress checks `minimum`/`maximum` before integer-ness, so the first error differs;
//!   verdicts agree.
//! - An unknown `type` (such as `bool`) checks nothing in WordPress, and is an invalid schema in
//!   JSON Schema.

use serde_json::{json, Value};
use wp_schema_runtime::validate::validate_value;

fn schemas() -> Vec<Value> {
    vec![
        json!({"type": "integer", "minimum": 1, "maximum": 100}),
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true}),
        json!({"type": "number", "maximum": 2.5, "exclusiveMaximum": true}),
        json!({"type": "number", "multipleOf": 0.5}),
        json!({"type": "string", "minLength": 2, "maxLength": 4}),
        json!({"type": "string", "pattern": "^[a-z]+$"}),
        json!({"type": "string", "pattern": "b"}),
        json!({"type": "string", "enum": ["a", "b"]}),
        json!({"type": "boolean"}),
        json!({"type": "null"}),
        json!({"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2}),
        json!({"type": "array", "items": {"type": "string"}, "uniqueItems": true}),
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}),
        json!({"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": false}),
        json!({"type": "object", "minProperties": 1, "maxProperties": 2}),
        json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}}),
    ]
}

fn values() -> Vec<Value> {
    vec![
        json!(0),
        json!(1),
        json!(50),
        json!(101),
        json!(-3),
        json!(1.5),
        json!(2.5),
        json!(3.0),
        json!(true),
        json!(false),
        json!(null),
        json!(""),
        json!("a"),
        json!("ab"),
        json!("abcde"),
        json!("aB"),
        json!("abc"),
        json!([]),
        json!(["a"]),
        json!(["a", "b", "c"]),
        json!(["a", "a"]),
        json!({}),
        json!({"a": "x"}),
        json!({"b": 1}),
        json!({"a": 1}),
        json!({"a": "x", "b": "y", "c": "z"}),
        json!({"x1": 2}),
        json!({"x1": "no"}),
        json!({"b": 1.5}),
    ]
}

/// The value's JSON type is the one the schema names, so no WordPress coercion is in play.
fn strictly_typed(value: &Value, schema: &Value) -> bool {
    match schema["type"].as_str() {
        Some("integer") => value.is_i64(),
        Some("number") => value.is_number(),
        Some("string") => value.is_string() && !value.as_str().unwrap().is_empty(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        Some("array") => value
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string)),
        Some("object") => value
            .as_object()
            .is_some_and(|m| !m.is_empty() || value == &json!({})),
        _ => false,
    }
}

#[test]
fn verdicts_agree_where_the_semantics_coincide() {
    let mut compared = 0;
    for schema in schemas() {
        let validator = jsonschema::draft4::new(&schema).expect("a valid draft-4 schema");
        for value in values().iter().filter(|v| strictly_typed(v, &schema)) {
            // An empty object is also WordPress's empty list: it passes `type: object` either way.
            let ours = validate_value(value, &schema, "p").is_ok();
            assert_eq!(ours, validator.is_valid(value), "{schema} with {value}");
            compared += 1;
        }
    }
    assert!(compared >= 60, "{compared} comparisons");
}
