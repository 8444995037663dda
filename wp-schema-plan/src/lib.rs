//! The plan of `rest_validate_value_from_schema` and `rest_sanitize_value_from_schema` (the same in
//! WordPress 6.1 and 6.9): which of a schema's keywords take part, how PHP reads each, and in what
//! order they run.
//!
//! The runtime's validator and sanitizer walk this plan for any schema at run time; the generator
//! unrolls the same walk into code specialised to one schema. Neither decides the order or when a
//! keyword counts on its own, so the two cannot drift apart.
//!
//! PHP reads keywords loosely, and the plan keeps its readings: `anyOf`, `oneOf`, `items`,
//! `minItems` and `format` count when set (`isset`: present and not null); `enum` and
//! `uniqueItems` when truthy (`! empty`), as do the sanitizer's `items`. The validator picks the
//! type's checks with a loose `switch`, so `"type": true` is checked as `null`; everything else
//! compares the type strictly.
//!
//! [`context`] holds the one rule of the context filter both sides share: what becomes of a child
//! in a context.

pub mod context;

use serde_json::{Map, Value};
use wp_schema_php as php;

/// The types WordPress knows; any other name checks nothing.
pub const KNOWN_TYPES: [&str; 7] = [
    "array", "object", "string", "number", "integer", "boolean", "null",
];

/// One step of validating a value, in WordPress's order. A failing step ends the validation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Check<'a> {
    /// `anyOf`: the first sub-schema the value passes; a schema without a type takes its type.
    AnyOf(&'a Value),
    /// `oneOf`: the one sub-schema the value passes; likewise lends its type.
    OneOf(&'a Value),
    /// The type (a list resolved for the value first) and that type's own keywords.
    Type,
    /// `enum`: the value, sanitized by the schema, must equal a member.
    Enum(&'a Value),
    /// `format`, where [`format_applies`] to the resolved type.
    Format(&'a Value),
}

/// The steps of `rest_validate_value_from_schema` the schema has, in order. [`Check::Type`] is
/// always there: a schema without a type still passes through it (and checks nothing).
pub fn checks(rules: &Map<String, Value>) -> impl Iterator<Item = Check<'_>> {
    [
        set(rules, "anyOf").map(Check::AnyOf),
        set(rules, "oneOf").map(Check::OneOf),
        Some(Check::Type),
        truthy(rules, "enum").map(Check::Enum),
        set(rules, "format").map(Check::Format),
    ]
    .into_iter()
    .flatten()
}

/// One step of sanitizing a value, in WordPress's order.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Sanitizing<'a> {
    /// `anyOf`: the value is sanitized by the matching sub-schema first, which lends its type to a
    /// schema without one; no match is an error.
    AnyOf(&'a Value),
    /// `oneOf`, likewise.
    OneOf(&'a Value),
    /// The type's conversion (a type list resolved for the value first; no fit gives `null`).
    /// Strings and values of no known type take the format's sanitizer where it applies.
    Type,
}

/// The steps of `rest_sanitize_value_from_schema` the schema has, in order.
pub fn sanitizing(rules: &Map<String, Value>) -> impl Iterator<Item = Sanitizing<'_>> {
    [
        set(rules, "anyOf").map(Sanitizing::AnyOf),
        set(rules, "oneOf").map(Sanitizing::OneOf),
        Some(Sanitizing::Type),
    ]
    .into_iter()
    .flatten()
}

/// A schema's `type` keyword as WordPress reads it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TypeKeyword<'a> {
    /// A single type.
    One(Type<'a>),
    /// A list (a JSON array, or an object, which PHP decodes to an array too): the value is checked
    /// as the type [`best_type_for_value`] picks.
    List(&'a Value),
}

impl<'a> TypeKeyword<'a> {
    /// The schema's `type`; absent or null is [`Type::Unset`].
    pub fn of(rules: &'a Map<String, Value>) -> TypeKeyword<'a> {
        match rules.get("type") {
            Some(list @ (Value::Array(_) | Value::Object(_))) => TypeKeyword::List(list),
            Some(one) => TypeKeyword::One(Type::of(one)),
            None => TypeKeyword::One(Type::Unset),
        }
    }
}

/// One type, as a schema names it or a type list resolves to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Type<'a> {
    /// No type: nothing is checked, the value is not converted, and formats apply.
    Unset,
    /// A name; one WordPress does not know behaves as [`Type::Unset`] but for its name.
    Name(&'a str),
    /// `true`, which the validator's loose `switch` takes for `'null'` (the first case), while the
    /// sanitizer's strict comparisons and the format rule treat it as an unknown type.
    True,
    /// Any other value (`false`, a number, a list inside a type list): an unknown type.
    Other,
}

impl<'a> Type<'a> {
    /// How a `type` value (or a member of a type list) reads as one type.
    pub fn of(value: &'a Value) -> Type<'a> {
        match value {
            Value::Null => Type::Unset,
            Value::String(name) => Type::Name(name),
            Value::Bool(true) => Type::True,
            _ => Type::Other,
        }
    }

    /// The type whose checks the validator runs: a known name, or `null` for `true`.
    pub fn checked_as(self) -> Option<&'a str> {
        match self {
            Type::Name(name) if KNOWN_TYPES.contains(&name) => Some(name),
            Type::True => Some("null"),
            _ => None,
        }
    }

    /// The type whose conversion the sanitizer runs: a known name only.
    pub fn converted_as(self) -> Option<&'a str> {
        match self {
            Type::Name(name) if KNOWN_TYPES.contains(&name) => Some(name),
            _ => None,
        }
    }

    /// The name an enum check re-sanitizes the value with, as `rest_validate_enum` passes the
    /// resolved `$args['type']` on: `None` leaves the schema's own `type` in place.
    pub fn name(self) -> Option<&'a str> {
        match self {
            Type::Name(name) => Some(name),
            _ => None,
        }
    }
}

/// Formats apply to strings and, for backward compatibility, to values of no known type.
pub fn format_applies(resolved: Type<'_>) -> bool {
    match resolved {
        Type::Name(name) => name == "string" || !KNOWN_TYPES.contains(&name),
        Type::Unset | Type::True | Type::Other => true,
    }
}

/// `rest_handle_multi_type_schema`: the first listed type the value passes (`""` prefers `string`);
/// if none passes and the list names types WordPress does not know, the first of those (which
/// checks nothing). `None` when no type fits: an error for the validator, `null` for the sanitizer.
pub fn best_type_for_value<'a>(value: &Value, list: &'a Value) -> Option<Type<'a>> {
    let members = php::values(list);
    if value.as_str() == Some("") && members.iter().any(|m| m.as_str() == Some("string")) {
        return Some(Type::Name("string"));
    }
    let passes = |name: &str| match name {
        "array" => php::rest_is_array(value),
        "object" => php::rest_is_object(value),
        "integer" => php::rest_is_integer(value),
        "number" => php::is_numeric(value),
        "boolean" => php::rest_is_boolean(value),
        "string" => value.is_string(),
        "null" => value.is_null(),
        _ => false,
    };
    if let Some(name) = members
        .iter()
        .filter_map(|m| m.as_str())
        .find(|n| passes(n))
    {
        return Some(Type::Name(name));
    }
    // `array_diff` against the known names compares as strings: `true` reads "1" and is unknown.
    members
        .into_iter()
        .find(|m| !m.as_str().is_some_and(|n| KNOWN_TYPES.contains(&n)))
        .map(Type::of)
}

/// The keywords of an array schema, as one of the two passes reads them.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct ArrayPlan<'a> {
    /// The schema each item is checked or sanitized with, item by item in order, first.
    pub items: Option<&'a Value>,
    /// `minItems` and `maxItems`, compared with the count next (the validator only).
    pub min_items: Option<&'a Value>,
    pub max_items: Option<&'a Value>,
    /// `uniqueItems`, last: on the items as sent when validating, as sanitized when sanitizing.
    pub unique_items: bool,
}

impl<'a> ArrayPlan<'a> {
    /// `rest_validate_array_value_from_schema`: `items`, `minItems` and `maxItems` when set.
    pub fn checks(rules: &'a Map<String, Value>) -> ArrayPlan<'a> {
        ArrayPlan {
            items: set(rules, "items"),
            min_items: set(rules, "minItems"),
            max_items: set(rules, "maxItems"),
            unique_items: truthy(rules, "uniqueItems").is_some(),
        }
    }

    /// The sanitizer's array branch: `items` only when truthy (an empty schema sanitizes nothing).
    pub fn sanitizing(rules: &'a Map<String, Value>) -> ArrayPlan<'a> {
        ArrayPlan {
            items: truthy(rules, "items"),
            min_items: None,
            max_items: None,
            unique_items: truthy(rules, "uniqueItems").is_some(),
        }
    }
}

/// `isset( $args[ $key ] )`.
fn set<'a>(rules: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    rules.get(key).filter(|v| !v.is_null())
}

/// `! empty( $args[ $key ] )`.
fn truthy<'a>(rules: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    rules.get(key).filter(|v| php::is_truthy(v))
}
