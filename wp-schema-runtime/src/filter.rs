//! The dynamic context filter: `rest_filter_response_by_context` for any schema and item
//! (WordPress 6.9). The item's key order is kept.
//!
//! A child whose schema has no `context` is kept untouched and not recursed into; one whose
//! `context` lacks the requested context is removed, or, for array items, empties the whole array.

use crate::php;
use crate::schema::validate::{
    find_any_matching_schema, find_one_matching_schema, pattern_property_schema,
};
use serde_json::{Map, Value};
use wp_schema_plan::context::Child;

/// `rest_filter_response_by_context($item, $schema, $context)`; any context name works.
pub fn filter_by_context(item: &Value, schema: &Value, context: &str) -> Value {
    let empty = Map::new();
    let mut rules = schema.as_object().unwrap_or(&empty).clone();
    let mut data = item.clone();
    for (keyword, stop_after_first) in [("anyOf", None), ("oneOf", Some(true))] {
        if rules.get(keyword).is_none_or(Value::is_null) {
            continue;
        }
        let matched = match stop_after_first {
            None => find_any_matching_schema(&data, &rules, ""),
            Some(stop) => find_one_matching_schema(&data, &rules, "", stop),
        };
        if let Ok(matched) = matched {
            if rules.get("type").is_none_or(Value::is_null) {
                rules.insert(
                    "type".into(),
                    matched.get("type").cloned().unwrap_or(Value::Null),
                );
            }
            data = filter_by_context(&data, &Value::Object(matched), context);
        }
    }
    if !php::is_array(&data) {
        return data;
    }
    let (is_array_type, is_object_type) = match kind(&rules, &data) {
        Some(kind) => kind,
        None => return data,
    };
    let additional = match rules.get("additionalProperties") {
        Some(schema @ (Value::Object(_) | Value::Array(_))) if is_object_type => Some(schema),
        _ => None,
    };
    match data {
        Value::Array(list) if is_array_type => filter_list(list, &rules, context),
        Value::Object(map) if is_array_type => {
            let list = filter_list(map.values().cloned().collect(), &rules, context);
            if list.as_array().is_some_and(Vec::is_empty) {
                list
            } else {
                Value::Object(
                    map.keys()
                        .cloned()
                        .zip(list.as_array().cloned().unwrap_or_default())
                        .collect(),
                )
            }
        }
        Value::Object(map) if is_object_type => {
            let was_empty = map.is_empty();
            let filtered = filter_map(map, &rules, additional, context);
            // A PHP array emptied by the filter is written as `[]`.
            if filtered.is_empty() && !was_empty {
                Value::Array(Vec::new())
            } else {
                Value::Object(filtered)
            }
        }
        Value::Array(list) if is_object_type => {
            let map = list
                .into_iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect();
            let filtered = filter_map(map, &rules, additional, context);
            // PHP's list, filtered as an object: what is left is a list again when its keys are
            // `0..n`; an emptied one is `[]`; the values are written as they came.
            if filtered.is_empty() {
                Value::Array(Vec::new())
            } else {
                php::to_php_json_keeping_empty_objects(&Value::Object(filtered))
            }
        }
        other => other,
    }
}

/// `(is_array_type, is_object_type)` from `type`, or `properties` when there is no type; `None`
/// when the schema says neither, and the data is returned as it is.
fn kind(rules: &Map<String, Value>, data: &Value) -> Option<(bool, bool)> {
    let names: Vec<&str> = match rules.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(list)) => list.iter().filter_map(Value::as_str).collect(),
        Some(Value::Null) | None if rules.get("properties").is_some_and(|p| !p.is_null()) => {
            vec!["object"]
        }
        Some(Value::Null) | None => return None,
        Some(_) => vec![],
    };
    let (mut is_array, mut is_object) = (names.contains(&"array"), names.contains(&"object"));
    if is_array && is_object {
        if php::rest_is_array(data) {
            is_object = false;
        } else {
            is_array = false;
        }
    }
    Some((is_array, is_object))
}

/// Array items share one schema: it decides for all of them at once.
fn filter_list(list: Vec<Value>, rules: &Map<String, Value>, context: &str) -> Value {
    let items_schema = rules.get("items");
    match Child::of(items_schema, context) {
        Child::Untouched => return Value::Array(list),
        _ if list.is_empty() => return Value::Array(list),
        Child::Removed => return Value::Array(Vec::new()),
        Child::Filtered => {}
    }
    let schema = items_schema.unwrap_or(&Value::Null);
    Value::Array(
        list.into_iter()
            .map(|v| {
                if php::is_array(&v) {
                    filter_by_context(&v, schema, context)
                } else {
                    v
                }
            })
            .collect(),
    )
}

fn filter_map(
    map: Map<String, Value>,
    rules: &Map<String, Value>,
    additional: Option<&Value>,
    context: &str,
) -> Map<String, Value> {
    let properties = rules.get("properties");
    let mut out = Map::with_capacity(map.len());
    for (key, value) in map {
        let schema = properties
            .and_then(|p| p.get(key.as_str()))
            .filter(|s| !s.is_null())
            .or_else(|| pattern_property_schema(&key, rules))
            .or(additional);
        match Child::of(schema, context) {
            Child::Untouched => {
                out.insert(key, value);
                continue;
            }
            Child::Removed => continue,
            Child::Filtered => {}
        }
        let value = match schema {
            Some(schema) if php::is_array(&value) => filter_by_context(&value, schema, context),
            _ => value,
        };
        out.insert(key, value);
    }
    out
}
