//! The one-line summary of an added or removed arg or property:
//! `array of string, enum [a, b], default []`.

use serde_json::Value;
use wp_schema_runtime::php;

/// Keywords shown as `keyword value`, in this order, after the type and enum.
const SHOWN: [&str; 16] = [
    "format",
    "pattern",
    "minimum",
    "exclusiveMinimum",
    "maximum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "uniqueItems",
    "additionalProperties",
    "default",
    "required",
    "readonly",
];

pub fn summary(schema: &Value) -> String {
    let mut parts = vec![type_name(schema)];
    let items = schema.get("items").filter(|items| items.is_object());
    if let Some(list) = items.and_then(|items| items.get("enum")) {
        parts.push(format!("enum {}", bare_list(list)));
    }
    if let Some(list) = schema.get("enum") {
        parts.push(format!("enum {}", bare_list(list)));
    }
    for keyword in SHOWN {
        match (keyword, schema.get(keyword)) {
            // The defaults WordPress applies anyway say nothing.
            ("required" | "readonly", Some(Value::Bool(false))) | (_, None) => {}
            ("required" | "readonly", Some(Value::Bool(true))) => parts.push(keyword.to_owned()),
            ("format", Some(value)) => parts.push(format!("format {}", bare(value))),
            (_, Some(value)) => parts.push(format!("{keyword} {}", compact(value))),
        }
    }
    if let Some(contexts) = schema.get("context") {
        parts.push(format!("context {}", bare_list(contexts)));
    }
    parts.join(", ")
}

/// `string`, `array of integer`, `string|null`, `object {raw, rendered}`, `one of string | integer`.
fn type_name(schema: &Value) -> String {
    if let Some(alternatives) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|keyword| schema.get(keyword))
    {
        let names: Vec<String> = php::values(alternatives)
            .into_iter()
            .map(type_name)
            .collect();
        return format!("one of {}", names.join(" | "));
    }
    let mut name = match schema.get("type") {
        Some(Value::String(name)) => name.clone(),
        Some(list @ Value::Array(_)) => php::values(list)
            .iter()
            .map(|v| bare(v))
            .collect::<Vec<_>>()
            .join("|"),
        Some(other) => compact(other),
        None => "any".to_owned(),
    };
    if let Some(items) = schema.get("items").filter(|items| items.is_object()) {
        name = format!("{name} of {}", type_name(items));
    }
    let properties = schema
        .get("properties")
        .map(php::entries)
        .unwrap_or_default();
    if !properties.is_empty() {
        let names: Vec<String> = properties.into_iter().map(|(name, _)| name).collect();
        name = format!("{name} {{{}}}", names.join(", "));
    }
    name
}

/// A list with its strings unquoted: `[view, edit]`.
fn bare_list(list: &Value) -> String {
    if !php::is_list(list) {
        return compact(list);
    }
    let items: Vec<String> = php::values(list).into_iter().map(bare).collect();
    format!("[{}]", items.join(", "))
}

fn bare(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => compact(other),
    }
}

/// Compact JSON, as the report prints every value.
pub fn compact(value: &Value) -> String {
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_added_schema_reads_as_one_line() {
        let cases = [
            (
                json!({"type": "array", "items": {"type": "string", "enum": ["a", "b"]}, "default": [], "required": false}),
                "array of string, enum [a, b], default []",
            ),
            (
                json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 10}),
                "integer, minimum 1, maximum 100, default 10",
            ),
            (
                json!({"type": "string", "format": "date-time", "readonly": true, "context": ["view", "edit"]}),
                "string, format date-time, readonly, context [view, edit]",
            ),
            (
                json!({"type": ["string", "null"], "pattern": "^a$", "required": true}),
                r#"string|null, pattern "^a$", required"#,
            ),
            (
                json!({"type": "object", "properties": {"raw": {}, "rendered": {}}}),
                "object {raw, rendered}",
            ),
            (
                json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
                "one of string | integer",
            ),
            (json!({"description": "Anything."}), "any"),
        ];
        for (schema, expected) in cases {
            assert_eq!(summary(&schema), expected, "{schema}");
        }
    }
}
