//! `enum`: the value is sanitized with its schema first, then compared with each member.

use super::combining::with_list_l;
use crate::schema::sanitize;
use crate::{php, WpError};
use serde_json::{Map, Value};

/// `rest_validate_enum`, with the schema's type as resolved for this value.
pub fn enum_members(
    value: &Value,
    rules: &Map<String, Value>,
    resolved: Option<&str>,
    param: &str,
) -> Result<(), WpError> {
    let mut schema = rules.clone();
    if let Some(t) = resolved {
        schema.insert("type".into(), Value::String(t.to_owned()));
    }
    let sanitized = sanitize::sanitize_value(value, &Value::Object(schema), param)?;
    enum_contains(&sanitized, rules.get("enum").unwrap_or(&Value::Null), param)
}

/// The comparison half of `rest_validate_enum`: the already sanitized value against the members.
pub fn enum_contains(sanitized: &Value, members: &Value, param: &str) -> Result<(), WpError> {
    let members = php::values(members);
    if members.iter().any(|m| values_equal(sanitized, m)) {
        return Ok(());
    }
    let shown: Vec<String> = members
        .iter()
        .map(|m| {
            if php::is_scalar(m) {
                php::to_string(m)
            } else {
                m.to_string()
            }
        })
        .collect();
    let message = match shown.as_slice() {
        [one] => format!("{param} is not {one}."),
        _ => with_list_l(&format!("{param} is not one of "), &shown, "."),
    };
    Err(WpError::new("rest_not_in_enum", message))
}

/// `rest_are_values_equal`: arrays by count and key (order aside), ints and floats numerically,
/// everything else strictly.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    if php::is_array(a) && php::is_array(b) {
        let (left, right) = (php::entries(a), php::entries(b));
        return left.len() == right.len()
            && left
                .iter()
                .all(|(k, v)| right.iter().any(|(k2, v2)| k == k2 && values_equal(v, v2)));
    }
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            if x.is_f64() != y.is_f64() {
                x.as_f64() == y.as_f64()
            } else {
                x == y
            }
        }
        _ => a == b,
    }
}
