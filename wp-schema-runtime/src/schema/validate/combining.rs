//! `anyOf` and `oneOf`: finding the matching sub-schema, and WordPress's choice of error when none
//! matches (`rest_get_combining_operation_error`).

use super::validate_value;
use crate::{php, WpError};
use serde_json::{json, Map, Value};

/// A sub-schema that failed, with its position.
struct Candidate {
    error: WpError,
    schema: Map<String, Value>,
    index: usize,
}

/// The sub-schema as WordPress tries it: without its own `type`, it takes the parent's.
fn with_parent_type(sub: &Value, parent: &Map<String, Value>) -> Map<String, Value> {
    let mut schema = sub.as_object().cloned().unwrap_or_default();
    if schema.get("type").is_none_or(Value::is_null) {
        if let Some(t) = parent.get("type").filter(|t| !t.is_null()) {
            schema.insert("type".into(), t.clone());
        }
    }
    schema
}

/// `rest_find_any_matching_schema`: the first sub-schema of `anyOf` the value passes.
pub fn find_any_matching_schema(
    value: &Value,
    rules: &Map<String, Value>,
    param: &str,
) -> Result<Map<String, Value>, WpError> {
    let (mut matching, failed) = try_sub_schemas(value, rules, "anyOf", param, true);
    match matching.pop() {
        Some((_, schema)) => Ok(schema),
        None => Err(combining_error(value, param, failed)),
    }
}

/// `rest_find_one_matching_schema`: exactly one sub-schema of `oneOf` must pass (or the first, when
/// `stop_after_first_match`, as the context filter asks).
pub fn find_one_matching_schema(
    value: &Value,
    rules: &Map<String, Value>,
    param: &str,
    stop_after_first_match: bool,
) -> Result<Map<String, Value>, WpError> {
    let (mut matching, failed) =
        try_sub_schemas(value, rules, "oneOf", param, stop_after_first_match);
    match matching.len() {
        0 => Err(combining_error(value, param, failed)),
        1 => Ok(matching.remove(0).1),
        _ => Err(multiple_matches(&matching, param)),
    }
}

/// A sub-schema the value passes, with its position in the list.
type Match = (usize, Map<String, Value>);

/// Validates `value` against each sub-schema of `rules[keyword]` in order, each given the parent's
/// `type` where it has none: the ones it passes, with their positions (only the first when
/// `stop_at_first`), and the ones it fails.
fn try_sub_schemas(
    value: &Value,
    rules: &Map<String, Value>,
    keyword: &str,
    param: &str,
    stop_at_first: bool,
) -> (Vec<Match>, Vec<Candidate>) {
    let mut matching = Vec::new();
    let mut failed = Vec::new();
    for (index, sub) in php::values(rules.get(keyword).unwrap_or(&Value::Null))
        .iter()
        .enumerate()
    {
        let schema = with_parent_type(sub, rules);
        match validate_value(value, &Value::Object(schema.clone()), param) {
            Ok(()) => {
                matching.push((index, schema));
                if stop_at_first {
                    break;
                }
            }
            Err(error) => failed.push(Candidate {
                error,
                schema,
                index,
            }),
        }
    }
    (matching, failed)
}

fn multiple_matches(matching: &[Match], param: &str) -> WpError {
    let positions: Vec<usize> = matching.iter().map(|(i, _)| *i).collect();
    let titles: Vec<String> = matching
        .iter()
        .filter_map(|(_, s)| s.get("title").map(php::to_string))
        .collect();
    let message = if titles.len() == matching.len() {
        with_list_l(
            &format!("{param} matches "),
            &titles,
            ", but should match only one.",
        )
    } else {
        format!("{param} matches more than one of the expected formats.")
    };
    WpError::new("rest_one_of_multiple_matches", message)
        .with_data(json!({ "positions": positions }))
}

/// `wp_sprintf( "{before}%l{after}", $items )`: the list as "A", "A and B" or "A, B, and C". An
/// empty list writes nothing of its fragment, which runs to the next `%`, so `after` goes too
/// (WordPress 6.1 and 6.9: "p is not one of ").
pub fn with_list_l(before: &str, items: &[String], after: &str) -> String {
    let list = match items {
        [] => return before.to_owned(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    };
    format!("{before}{list}{after}")
}

/// `rest_get_combining_operation_error`.
fn combining_error(value: &Value, param: &str, failed: Vec<Candidate>) -> WpError {
    if failed.len() == 1 {
        return format_candidate(param, &failed[0]);
    }
    // Type errors of this very value say least; errors deeper down are kept.
    let kept: Vec<&Candidate> = failed
        .iter()
        .filter(|c| {
            let param_of_error = c
                .error
                .data
                .as_deref()
                .and_then(|d| d.get("param"))
                .and_then(Value::as_str);
            c.error.code != "rest_invalid_type" || param_of_error.is_some_and(|p| p != param)
        })
        .collect();
    if kept.len() == 1 {
        return format_candidate(param, kept[0]);
    }
    if kept.len() > 1 && kept[0].schema.get("type").and_then(Value::as_str) == Some("object") {
        let shared = |c: &Candidate| {
            let props = c
                .schema
                .get("properties")
                .map(php::entries)
                .unwrap_or_default();
            props.iter().filter(|(k, _)| php::has_key(value, k)).count()
        };
        let mut best: Option<(&Candidate, usize)> = None;
        for c in &kept {
            let n = shared(c);
            if n > best.map_or(0, |(_, m)| m) {
                best = Some((c, n));
            }
        }
        if let Some((c, _)) = best {
            return format_candidate(param, c);
        }
    }
    let titles: Vec<String> = failed
        .iter()
        .filter_map(|c| c.schema.get("title").map(php::to_string))
        .collect();
    if titles.len() == failed.len() {
        return WpError::new(
            "rest_no_matching_schema",
            with_list_l(&format!("{param} is not a valid "), &titles, "."),
        );
    }
    WpError::new(
        "rest_no_matching_schema",
        format!("{param} does not match any of the expected formats."),
    )
}

/// `rest_format_combining_operation_error`.
fn format_candidate(param: &str, c: &Candidate) -> WpError {
    let reason = &c.error.message;
    let message = match c.schema.get("title") {
        Some(title) => format!(
            "{param} is not a valid {}. Reason: {reason}",
            php::to_string(title)
        ),
        None => format!("{param} does not match the expected format. Reason: {reason}"),
    };
    WpError::new("rest_no_matching_schema", message).with_data(json!({ "position": c.index }))
}
