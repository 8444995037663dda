//! The dynamic validator: `rest_validate_value_from_schema` for any schema and value (WordPress 6.9).
//!
//! It walks the schema and calls the building blocks in the submodules, which generated argument
//! parsers call directly. WordPress's order for one value: anyOf, oneOf, the type (a type list picks
//! the best type for the value first), the type's own keywords, `enum`, then `format`.

mod collections;
mod combining;
mod enums;
pub mod formats;
mod types;

pub use crate::callbacks::is_hex_color;
pub use collections::{
    array, array_items, has_unique_items, object, pattern_property_schema, unique_items, ArrayRules,
};
pub use combining::{find_any_matching_schema, find_one_matching_schema};
pub use enums::{enum_contains, enum_members, values_equal};
pub use formats::{format, is_date_time, is_email, is_ip, is_uuid, Format};
pub use types::{
    boolean, integer, null, number, size, string, Bounds, NumberRules, SizeLimit, StringRules,
    ITEMS, LENGTH, PROPERTIES,
};

use crate::php;
use crate::WpError;
use serde_json::{Map, Value};

/// The types WordPress checks; any other name gets no type check.
pub const KNOWN_TYPES: [&str; 7] = [
    "array", "object", "string", "number", "integer", "boolean", "null",
];

/// `rest_validate_value_from_schema($value, $schema, $param)`.
pub fn validate_value(value: &Value, schema: &Value, param: &str) -> Result<(), WpError> {
    let empty = Map::new();
    let rules = schema.as_object().unwrap_or(&empty);
    let mut schema_type = rules.get("type").cloned();
    if rules.contains_key("anyOf") {
        let matched = find_any_matching_schema(value, rules, param)?;
        adopt_type(&mut schema_type, &matched);
    }
    if rules.contains_key("oneOf") {
        let matched = find_one_matching_schema(value, rules, param, false)?;
        adopt_type(&mut schema_type, &matched);
    }
    let resolved = match &schema_type {
        Some(Value::Array(types)) => match best_type_for_value(value, types) {
            Some(t) => Some(t),
            None => return Err(type_list_error(types, param)),
        },
        Some(Value::String(t)) => Some(t.clone()),
        _ => None,
    };
    validate_type(value, rules, resolved.as_deref(), param)?;
    if rules.get("enum").is_some_and(php::is_truthy) {
        enum_members(value, rules, resolved.as_deref(), param)?;
    }
    if let Some(f) = rules.get("format").and_then(Value::as_str) {
        if format_applies(resolved.as_deref()) {
            format(Format::parse(f), value, param)?;
        }
    }
    Ok(())
}

/// `! isset( $args['type'] ) && isset( $match['type'] )`: the outer schema takes the match's type.
fn adopt_type(schema_type: &mut Option<Value>, matched: &Map<String, Value>) {
    if schema_type.as_ref().is_none_or(Value::is_null) {
        if let Some(t) = matched.get("type").filter(|t| !t.is_null()) {
            *schema_type = Some(t.clone());
        }
    }
}

/// Formats apply to strings, and, for backward compatibility, to schemas without a known type.
pub fn format_applies(resolved: Option<&str>) -> bool {
    match resolved {
        None => true,
        Some("string") => true,
        Some(t) => !KNOWN_TYPES.contains(&t),
    }
}

fn validate_type(
    value: &Value,
    rules: &Map<String, Value>,
    resolved: Option<&str>,
    param: &str,
) -> Result<(), WpError> {
    match resolved {
        Some("null") => null(value, param),
        Some("boolean") => boolean(value, param),
        Some("object") => object(value, rules, param),
        Some("array") => array(value, &ArrayRules::from_schema(rules), param),
        Some("number") => number(value, &NumberRules::from_schema(rules), "number", param),
        Some("integer") => integer(value, &NumberRules::from_schema(rules), param),
        Some("string") => string(value, &StringRules::from_schema(rules), param),
        _ => Ok(()),
    }
}

/// `rest_handle_multi_type_schema`: the first listed type the value passes (`""` prefers string); if
/// none and the list names unknown types, the first unknown one (which checks nothing).
pub fn best_type_for_value(value: &Value, types: &[Value]) -> Option<String> {
    let names: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
    if value.as_str() == Some("") && names.contains(&"string") {
        return Some("string".into());
    }
    let passes = |t: &str| match t {
        "array" => php::rest_is_array(value),
        "object" => php::rest_is_object(value),
        "integer" => php::rest_is_integer(value),
        "number" => php::is_numeric(value),
        "boolean" => php::rest_is_boolean(value),
        "string" => value.is_string(),
        "null" => value.is_null(),
        _ => false,
    };
    if let Some(t) = names.iter().find(|t| passes(t)) {
        return Some((*t).to_owned());
    }
    names
        .iter()
        .find(|t| !KNOWN_TYPES.contains(t))
        .map(|t| (*t).to_owned())
}

/// The type of a type list the value is checked as, or WordPress's error when none fits.
pub fn resolve_type(value: &Value, types: &[&str], param: &str) -> Result<String, WpError> {
    let listed: Vec<Value> = types
        .iter()
        .map(|t| Value::String((*t).to_owned()))
        .collect();
    best_type_for_value(value, &listed).ok_or_else(|| type_list_error(&listed, param))
}

/// No type of the list fits: `%1$s is not of type %2$s.` with the types joined by commas.
fn type_list_error(types: &[Value], param: &str) -> WpError {
    let list: Vec<String> = types.iter().map(php::to_string).collect();
    WpError::with_param(
        "rest_invalid_type",
        format!("{param} is not of type {}.", list.join(",")),
        param,
    )
}

/// `is_wp_error( rest_validate_value_from_schema(…) )` as a yes/no.
pub fn is_valid(value: &Value, schema: &Value) -> bool {
    validate_value(value, schema, "").is_ok()
}
