//! The dynamic validator: `rest_validate_value_from_schema` for any schema and value (WordPress 6.9).
//!
//! It walks the plan of `wp_schema_plan` (anyOf, oneOf, the type with its own keywords, `enum`, then
//! `format`) and calls the building blocks in the submodules, which generated argument parsers call
//! directly in the same order.

mod collections;
mod combining;
mod enums;
pub mod formats;
mod types;

pub use crate::callbacks::is_hex_color;
pub use collections::{
    array, array_items, has_unique_items, object, pattern_property_schema, unique_items,
};
pub use combining::{find_any_matching_schema, find_one_matching_schema};
pub use enums::{enum_contains, enum_members, values_equal};
pub use formats::{format, is_date_time, is_email, is_ip, is_uuid, rest_parse_date, Format};
pub use types::{
    boolean, integer, null, number, size, string, Bounds, NumberRules, SizeLimit, StringRules,
    ITEMS, LENGTH, PROPERTIES,
};
pub use wp_schema_plan::ArrayPlan;

pub use wp_schema_plan::{best_type_for_value, format_applies, Type};

use crate::WpError;
use serde_json::{Map, Value};
use std::cell::OnceCell;
use wp_schema_plan::{Check, TypeKeyword};

/// `rest_validate_value_from_schema($value, $schema, $param)`: the steps of
/// [`wp_schema_plan::checks`], in their order.
pub fn validate_value(value: &Value, schema: &Value, param: &str) -> Result<(), WpError> {
    let empty = Map::new();
    let rules = schema.as_object().unwrap_or(&empty);
    // A type lent by the matching `anyOf` or `oneOf` sub-schema, when the schema has none: set
    // once, by the first match that has one, and read by the later steps.
    let lent = OnceCell::new();
    let mut resolved = Type::Unset;
    for check in wp_schema_plan::checks(rules) {
        match check {
            Check::AnyOf(_) => {
                let matched = find_any_matching_schema(value, rules, param)?;
                lend_type(rules, &lent, &matched);
            }
            Check::OneOf(_) => {
                let matched = find_one_matching_schema(value, rules, param, false)?;
                lend_type(rules, &lent, &matched);
            }
            Check::Type => {
                let keyword = match lent.get() {
                    Some(t) => lent_keyword(t),
                    None => TypeKeyword::of(rules),
                };
                resolved = match keyword {
                    TypeKeyword::One(t) => t,
                    TypeKeyword::List(list) => best_type_for_value(value, list)
                        .ok_or_else(|| type_list_error(list, param))?,
                };
                validate_type(value, rules, resolved.checked_as(), param)?;
            }
            Check::Enum(_) => enum_members(value, rules, resolved.name(), param)?,
            Check::Format(f) => {
                if format_applies(resolved) {
                    format(Format::of_keyword(f), value, param)?;
                }
            }
        }
    }
    Ok(())
}

/// `! isset( $args['type'] ) && isset( $match['type'] )`: the outer schema takes the match's type.
fn lend_type(rules: &Map<String, Value>, lent: &OnceCell<Value>, matched: &Map<String, Value>) {
    if rules.get("type").is_none_or(Value::is_null) {
        if let Some(t) = matched.get("type").filter(|t| !t.is_null()) {
            // An earlier match's type stays: `isset( $args['type'] )` holds from then on.
            let _ = lent.set(t.clone());
        }
    }
}

/// A lent `type` read as the schema's own would be.
fn lent_keyword(t: &Value) -> TypeKeyword<'_> {
    match t {
        Value::Array(_) | Value::Object(_) => TypeKeyword::List(t),
        one => TypeKeyword::One(Type::of(one)),
    }
}

fn validate_type(
    value: &Value,
    rules: &Map<String, Value>,
    checked_as: Option<&str>,
    param: &str,
) -> Result<(), WpError> {
    match checked_as {
        Some("null") => null(value, param),
        Some("boolean") => boolean(value, param),
        Some("object") => object(value, rules, param),
        Some("array") => array(value, &ArrayPlan::checks(rules), param),
        Some("number") => number(value, &NumberRules::from_schema(rules), "number", param),
        Some("integer") => integer(value, &NumberRules::from_schema(rules), param),
        Some("string") => string(value, &StringRules::from_schema(rules), param),
        _ => Ok(()),
    }
}

/// The type of a type list the value is checked as, or WordPress's error when none fits.
pub fn resolve_type<'a>(value: &Value, list: &'a Value, param: &str) -> Result<Type<'a>, WpError> {
    best_type_for_value(value, list).ok_or_else(|| type_list_error(list, param))
}

/// No type of the list fits: `%1$s is not of type %2$s.` with the types joined by commas.
fn type_list_error(list: &Value, param: &str) -> WpError {
    let names: Vec<String> = crate::php::values(list)
        .into_iter()
        .map(crate::php::to_string)
        .collect();
    WpError::with_param(
        "rest_invalid_type",
        format!("{param} is not of type {}.", names.join(",")),
        param,
    )
}

/// `is_wp_error( rest_validate_value_from_schema(…) )` as a yes/no.
pub fn is_valid(value: &Value, schema: &Value) -> bool {
    validate_value(value, schema, "").is_ok()
}
