//! Arrays and objects: `rest_validate_array_value_from_schema` and `rest_validate_object_value_from_schema`.

use super::types::{size, type_error, ITEMS, PROPERTIES};
use super::validate_value;
use crate::{pcre, php, WpError};
use serde_json::{Map, Value};
use wp_schema_plan::ArrayPlan;

/// An array (scalars are split as `wp_parse_list` does), then each item as `param[index]`, then
/// `minItems`, `maxItems` and `uniqueItems` (on the values as sent, not sanitized).
pub fn array(value: &Value, plan: &ArrayPlan<'_>, param: &str) -> Result<(), WpError> {
    let items = array_items(value, param)?;
    if let Some(item_schema) = plan.items {
        for (index, item) in items.iter().enumerate() {
            validate_value(item, item_schema, &format!("{param}[{index}]"))?;
        }
    }
    size(
        items.len() as f64,
        plan.min_items.map(php::to_float),
        plan.max_items.map(php::to_float),
        &ITEMS,
        param,
    )?;
    if plan.unique_items {
        unique_items(&items, param)?;
    }
    Ok(())
}

/// The array's items, scalars split as `wp_parse_list` does; a type error for anything else.
pub fn array_items(value: &Value, param: &str) -> Result<Vec<Value>, WpError> {
    if php::rest_is_array(value) {
        Ok(php::rest_sanitize_array(value))
    } else {
        Err(type_error(param, "array"))
    }
}

/// `uniqueItems`: `%s has duplicate items.`
pub fn unique_items(items: &[Value], param: &str) -> Result<(), WpError> {
    if has_unique_items(items) {
        Ok(())
    } else {
        Err(WpError::new(
            "rest_duplicate_items",
            format!("{param} has duplicate items."),
        ))
    }
}

/// `rest_validate_array_contains_unique_items`.
pub fn has_unique_items(items: &[Value]) -> bool {
    let mut seen = std::collections::HashSet::new();
    items
        .iter()
        .all(|item| seen.insert(php::stable_identity(item)))
}

/// The schema of `key` among `patternProperties`, the first whose pattern matches.
pub fn pattern_property_schema<'a>(key: &str, rules: &'a Map<String, Value>) -> Option<&'a Value> {
    let patterns = rules.get("patternProperties")?.as_object()?;
    patterns
        .iter()
        .find(|(pattern, _)| pcre::is_match(pattern, key))
        .map(|(_, s)| s)
}

/// An object (any PHP array, or `""`), then `required` (draft 4 list, else draft 3 flags), then each
/// property in the value's order, then `minProperties` and `maxProperties`.
pub fn object(value: &Value, rules: &Map<String, Value>, param: &str) -> Result<(), WpError> {
    if !php::rest_is_object(value) {
        return Err(type_error(param, "object"));
    }
    let map = php::rest_sanitize_object(value);
    check_required(&map, rules, param)?;
    let properties = rules.get("properties");
    for (key, v) in &map {
        let child = param_key(param, key);
        if let Some(schema) = properties
            .and_then(|p| p.get(key.as_str()))
            .filter(|s| !s.is_null())
        {
            validate_value(v, schema, &child)?;
        } else if let Some(schema) = pattern_property_schema(key, rules) {
            validate_value(v, schema, &child)?;
        } else {
            match rules.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    return Err(WpError::new(
                        "rest_additional_properties_forbidden",
                        format!("{key} is not a valid property of Object."),
                    ))
                }
                Some(schema @ (Value::Object(_) | Value::Array(_))) => {
                    validate_value(v, schema, &child)?
                }
                _ => {}
            }
        }
    }
    let bound = |key: &str| rules.get(key).filter(|v| !v.is_null()).map(php::to_float);
    size(
        map.len() as f64,
        bound("minProperties"),
        bound("maxProperties"),
        &PROPERTIES,
        param,
    )?;
    Ok(())
}

fn param_key(param: &str, key: &str) -> String {
    format!("{param}[{key}]")
}

fn check_required(
    map: &Map<String, Value>,
    rules: &Map<String, Value>,
    param: &str,
) -> Result<(), WpError> {
    let missing = |name: &str| {
        WpError::new(
            "rest_property_required",
            format!("{name} is a required property of {param}."),
        )
    };
    match rules.get("required") {
        Some(required @ (Value::Array(_) | Value::Object(_))) => {
            for name in php::values(required) {
                let name = php::to_string(name);
                if !map.contains_key(&name) {
                    return Err(missing(&name));
                }
            }
        }
        _ => {
            for (name, property) in php::entries(rules.get("properties").unwrap_or(&Value::Null)) {
                if property.get("required") == Some(&Value::Bool(true)) && !map.contains_key(&name)
                {
                    return Err(missing(&name));
                }
            }
        }
    }
    Ok(())
}
