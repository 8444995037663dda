//! IR → JSON Schema: the schema rebuilt from what was parsed, for `OPTIONS` bodies and schemars.

use crate::ir::{Additional, Schema, TypeDecl};
use serde_json::{Map, Value};

/// The JSON Schema `schema` stands for, rebuilt keyword by keyword from the IR.
pub fn to_json(schema: &Schema) -> Value {
    let mut out = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.to_owned(), value);
        }
    };
    put("type", type_json(&schema.types));
    put("title", schema.title.clone().map(Value::String));
    put("description", schema.description.clone().map(Value::String));
    put("format", schema.format.clone().map(Value::String));
    put("enum", schema.enum_values.clone().map(Value::Array));
    put("default", schema.default.clone());
    put("required", schema.required.clone());
    put("context", schema.context.as_ref().map(|c| strings(c)));
    put("readonly", schema.readonly.map(Value::Bool));
    put(
        "properties",
        schema.properties.as_ref().map(|p| schema_map(p)),
    );
    put(
        "patternProperties",
        schema.pattern_properties.as_ref().map(|p| schema_map(p)),
    );
    put(
        "additionalProperties",
        schema.additional_properties.as_ref().map(additional_json),
    );
    put("items", schema.items.as_deref().map(to_json));
    put(
        "anyOf",
        schema
            .any_of
            .as_ref()
            .map(|l| Value::Array(l.iter().map(to_json).collect())),
    );
    put(
        "oneOf",
        schema
            .one_of
            .as_ref()
            .map(|l| Value::Array(l.iter().map(to_json).collect())),
    );
    put("minimum", schema.minimum.clone());
    put("maximum", schema.maximum.clone());
    put("exclusiveMinimum", schema.exclusive_minimum.clone());
    put("exclusiveMaximum", schema.exclusive_maximum.clone());
    put("multipleOf", schema.multiple_of.clone());
    put("minLength", schema.min_length.clone());
    put("maxLength", schema.max_length.clone());
    put("pattern", schema.pattern.clone().map(Value::String));
    put("minItems", schema.min_items.clone());
    put("maxItems", schema.max_items.clone());
    put("uniqueItems", schema.unique_items.clone());
    put("minProperties", schema.min_properties.clone());
    put("maxProperties", schema.max_properties.clone());
    for (key, value) in &schema.other {
        out.insert(key.clone(), value.clone());
    }
    Value::Object(out)
}

fn type_json(types: &TypeDecl) -> Option<Value> {
    match types {
        TypeDecl::Absent => None,
        TypeDecl::Single(t) => Some(Value::String(t.name().to_owned())),
        TypeDecl::List(list) => Some(Value::Array(
            list.iter()
                .map(|t| Value::String(t.name().to_owned()))
                .collect(),
        )),
    }
}

fn strings(list: &[String]) -> Value {
    Value::Array(list.iter().cloned().map(Value::String).collect())
}

/// WordPress writes an empty property map as PHP's empty array, `[]`.
fn schema_map(map: &[(String, Schema)]) -> Value {
    if map.is_empty() {
        return Value::Array(Vec::new());
    }
    Value::Object(map.iter().map(|(k, s)| (k.clone(), to_json(s))).collect())
}

fn additional_json(additional: &Additional) -> Value {
    match additional {
        Additional::Allowed(b) => Value::Bool(*b),
        Additional::Schema(s) => to_json(s),
    }
}
