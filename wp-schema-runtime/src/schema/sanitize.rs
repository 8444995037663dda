//! The dynamic sanitizer: `rest_sanitize_value_from_schema` for any schema and value (WordPress 6.9),
//! and the per-type conversions generated parsers call.
//!
//! Sanitizing never checks `enum`, bounds, patterns or `required`; only `uniqueItems` can fail it,
//! on the sanitized items, and anyOf/oneOf when nothing matches.

use crate::callbacks::{
    sanitize_hex_color, sanitize_text_field_value, sanitize_textarea_field, sanitize_url,
};
use crate::schema::validate::{
    best_type_for_value, find_any_matching_schema, find_one_matching_schema, format_applies,
    has_unique_items, pattern_property_schema, Format, KNOWN_TYPES,
};
use crate::{php, WpError};
use serde_json::{Map, Number, Value};

/// `rest_sanitize_value_from_schema($value, $schema, $param)`.
pub fn sanitize_value(value: &Value, schema: &Value, param: &str) -> Result<Value, WpError> {
    let empty = Map::new();
    let rules = schema.as_object().unwrap_or(&empty);
    let mut value = value.clone();
    let mut schema_type = rules.get("type").filter(|t| !t.is_null()).cloned();
    if rules.get("anyOf").is_some_and(|v| !v.is_null()) {
        let matched = find_any_matching_schema(&value, rules, param)?;
        if schema_type.is_none() {
            schema_type = matched.get("type").cloned();
        }
        value = sanitize_value(&value, &Value::Object(matched), param)?;
    }
    if rules.get("oneOf").is_some_and(|v| !v.is_null()) {
        let matched = find_one_matching_schema(&value, rules, param, false)?;
        if schema_type.is_none() {
            schema_type = matched.get("type").cloned();
        }
        value = sanitize_value(&value, &Value::Object(matched), param)?;
    }
    let resolved = match &schema_type {
        Some(Value::Array(types)) => match best_type_for_value(&value, types) {
            Some(t) => Some(t),
            None => return Ok(Value::Null),
        },
        Some(Value::String(t)) => Some(t.clone()),
        _ => None,
    };
    match resolved.as_deref() {
        Some("array") => array(&value, rules, param).map(Value::Array),
        Some("object") => object(&value, rules, param).map(Value::Object),
        Some("null") => Ok(Value::Null),
        Some("integer") => Ok(Value::from(integer(&value))),
        Some("number") => Ok(float_value(number(&value))),
        Some("boolean") => Ok(Value::Bool(boolean(&value))),
        other => Ok(string_or_format(&value, rules, other)),
    }
}

/// A scalar type's sanitizing, as generated parsers call it: `type_name` is the schema's type and
/// `format` its `format` keyword, if any.
pub fn scalar(value: &Value, type_name: &str, format: Option<Format>) -> Value {
    match type_name {
        "integer" => Value::from(integer(value)),
        "number" => float_value(number(value)),
        "boolean" => Value::Bool(boolean(value)),
        "null" => Value::Null,
        _ => match format.and_then(|f| format_sanitizer(f, value)) {
            Some(sanitized) => Value::String(sanitized),
            None if type_name == "string" => Value::String(php::to_string(value)),
            None => value.clone(),
        },
    }
}

/// `(int) $value`.
pub fn integer(value: &Value) -> i64 {
    php::to_int(value)
}

/// `(float) $value`.
pub fn number(value: &Value) -> f64 {
    php::to_float(value)
}

/// A float as JSON; PHP's NAN and INF cannot be written, and `json_encode` fails on them.
fn float_value(f: f64) -> Value {
    Number::from_f64(f).map_or(Value::Null, Value::Number)
}

/// `rest_sanitize_boolean`: `"false"` and `"0"` in any case are false, the rest by PHP truthiness.
pub fn boolean(value: &Value) -> bool {
    match value {
        Value::String(s) => !matches!(s.to_lowercase().as_str(), "false" | "0" | ""),
        other => php::is_truthy(other),
    }
}

/// Arrays: split or re-indexed, each item sanitized with `items`, then `uniqueItems` on the result.
fn array(value: &Value, rules: &Map<String, Value>, param: &str) -> Result<Vec<Value>, WpError> {
    let mut items = php::rest_sanitize_array(value);
    if let Some(item_schema) = rules.get("items").filter(|s| php::is_truthy(s)) {
        for (index, item) in items.iter_mut().enumerate() {
            *item = sanitize_value(item, item_schema, &format!("{param}[{index}]"))?;
        }
    }
    if !php::is_empty(rules.get("uniqueItems")) && !has_unique_items(&items) {
        return Err(WpError::new(
            "rest_duplicate_items",
            format!("{param} has duplicate items."),
        ));
    }
    Ok(items)
}

/// Objects: each property sanitized with its schema; undeclared ones removed only when
/// `additionalProperties` is false.
fn object(
    value: &Value,
    rules: &Map<String, Value>,
    param: &str,
) -> Result<Map<String, Value>, WpError> {
    let map = php::rest_sanitize_object(value);
    let mut out = Map::with_capacity(map.len());
    let properties = rules.get("properties");
    for (key, v) in map {
        let child = format!("{param}[{key}]");
        let schema = properties
            .and_then(|p| p.get(key.as_str()))
            .filter(|s| !s.is_null())
            .or_else(|| pattern_property_schema(&key, rules));
        let sanitized = match (schema, rules.get("additionalProperties")) {
            (Some(schema), _) => sanitize_value(&v, schema, &child)?,
            (None, Some(Value::Bool(false))) => continue,
            (None, Some(schema @ (Value::Object(_) | Value::Array(_)))) => {
                sanitize_value(&v, schema, &child)?
            }
            (None, _) => v,
        };
        out.insert(key, sanitized);
    }
    Ok(out)
}

/// Strings and untyped values: a format's sanitizer where one applies, else `(string)` for strings
/// and the value unchanged for untyped ones.
fn string_or_format(value: &Value, rules: &Map<String, Value>, resolved: Option<&str>) -> Value {
    let format = rules
        .get("format")
        .and_then(Value::as_str)
        .map(Format::parse);
    if let Some(format) = format.filter(|_| format_applies(resolved)) {
        if let Some(sanitized) = format_sanitizer(format, value) {
            return Value::String(sanitized);
        }
    }
    match resolved {
        Some("string") => Value::String(php::to_string(value)),
        Some(t) if KNOWN_TYPES.contains(&t) => value.clone(),
        _ => value.clone(),
    }
}

/// The sanitizer WordPress applies for a `format`, if any.
pub fn format_sanitizer(format: Format, value: &Value) -> Option<String> {
    Some(match format {
        Format::HexColor => sanitize_hex_color(value),
        Format::DateTime | Format::Email | Format::Ip | Format::Uuid | Format::TextField => {
            sanitize_text_field_value(value)
        }
        Format::Uri => sanitize_url(&php::to_string(value)),
        Format::TextareaField => {
            if php::is_array(value) {
                String::new()
            } else {
                sanitize_textarea_field(&php::to_string(value))
            }
        }
        Format::Other => return None,
    })
}
