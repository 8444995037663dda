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
    has_unique_items, pattern_property_schema, Format,
};
use crate::{php, WpError};
use serde_json::{Map, Number, Value};
use wp_schema_plan::{ArrayPlan, Sanitizing, Type, TypeKeyword};

/// `rest_sanitize_value_from_schema($value, $schema, $param)`: the steps of
/// [`wp_schema_plan::sanitizing`], in their order.
pub fn sanitize_value(value: &Value, schema: &Value, param: &str) -> Result<Value, WpError> {
    let empty = Map::new();
    let rules = schema.as_object().unwrap_or(&empty);
    let mut value = value.clone();
    // `! isset( $args['type'] )`: the matching sub-schema's type, even none, becomes the schema's.
    let mut lent: Option<Option<Value>> = None;
    for step in wp_schema_plan::sanitizing(rules) {
        let matched = match step {
            Sanitizing::AnyOf(_) => find_any_matching_schema(&value, rules, param)?,
            Sanitizing::OneOf(_) => find_one_matching_schema(&value, rules, param, false)?,
            Sanitizing::Type => {
                let keyword = match &lent {
                    Some(Some(t @ (Value::Array(_) | Value::Object(_)))) => TypeKeyword::List(t),
                    Some(Some(t)) => TypeKeyword::One(Type::of(t)),
                    Some(None) => TypeKeyword::One(Type::Unset),
                    None => TypeKeyword::of(rules),
                };
                let resolved = match keyword {
                    TypeKeyword::One(t) => t,
                    TypeKeyword::List(list) => match best_type_for_value(&value, list) {
                        Some(t) => t,
                        None => return Ok(Value::Null),
                    },
                };
                return convert(&value, rules, resolved, param);
            }
        };
        if rules.get("type").is_none_or(Value::is_null) && lent.is_none() {
            lent = Some(matched.get("type").cloned());
        }
        value = sanitize_value(&value, &Value::Object(matched), param)?;
    }
    Ok(value)
}

/// The resolved type's conversion.
fn convert(
    value: &Value,
    rules: &Map<String, Value>,
    resolved: Type<'_>,
    param: &str,
) -> Result<Value, WpError> {
    Ok(match resolved.converted_as() {
        Some("array") => Value::Array(array(value, rules, param)?),
        Some("object") => Value::Object(object(value, rules, param)),
        _ => {
            let format = rules
                .get("format")
                .filter(|f| !f.is_null())
                .map(Format::of_keyword);
            scalar_as(value, resolved, format)
        }
    })
}

/// A sanitized part of an array or object: WordPress stores what the sanitizer returned in place,
/// so a part that failed holds the `WP_Error` object itself, and the whole does not fail.
pub fn sanitized_part(result: Result<Value, WpError>) -> Value {
    result.unwrap_or_else(|error| error.to_encoded_object())
}

/// A scalar type's sanitizing, as generated parsers call it: `type_name` is the schema's type (`""`
/// for none) and `format` its `format` keyword, if any.
pub fn scalar(value: &Value, type_name: &str, format: Option<Format>) -> Value {
    scalar_as(value, Type::Name(type_name), format)
}

/// Scalars convert by type; strings and values of no known type take the format's sanitizer where
/// it applies, else `(string)` for strings and the value unchanged for the untyped.
fn scalar_as(value: &Value, resolved: Type<'_>, format: Option<Format>) -> Value {
    match resolved.converted_as() {
        Some("integer") => Value::from(integer(value)),
        Some("number") => float_value(number(value)),
        Some("boolean") => Value::Bool(boolean(value)),
        Some("null") => Value::Null,
        known => match format
            .filter(|_| format_applies(resolved))
            .and_then(|f| format_sanitizer(f, value))
        {
            Some(sanitized) => Value::String(sanitized),
            None if known == Some("string") => Value::String(php::to_string(value)),
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
    let plan = ArrayPlan::sanitizing(rules);
    let mut items = php::rest_sanitize_array(value);
    if let Some(item_schema) = plan.items {
        for (index, item) in items.iter_mut().enumerate() {
            *item = sanitized_part(sanitize_value(
                item,
                item_schema,
                &format!("{param}[{index}]"),
            ));
        }
    }
    if plan.unique_items && !has_unique_items(&items) {
        return Err(WpError::new(
            "rest_duplicate_items",
            format!("{param} has duplicate items."),
        ));
    }
    Ok(items)
}

/// Objects: each property sanitized with its schema; undeclared ones removed only when
/// `additionalProperties` is false.
fn object(value: &Value, rules: &Map<String, Value>, param: &str) -> Map<String, Value> {
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
            (Some(schema), _) => sanitized_part(sanitize_value(&v, schema, &child)),
            (None, Some(Value::Bool(false))) => continue,
            (None, Some(schema @ (Value::Object(_) | Value::Array(_)))) => {
                sanitized_part(sanitize_value(&v, schema, &child))
            }
            (None, _) => v,
        };
        out.insert(key, sanitized);
    }
    out
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
