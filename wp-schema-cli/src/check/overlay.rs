//! `--write-overlay`: the rules that make each finding hold, merged into an overlay document with
//! a `why` for each, naming the response that needed it.

use super::findings::Findings;
use crate::pull::write::write_document;
use serde_json::{json, Map, Value};
use std::path::Path;
use wp_schema_codegen::recording::Recording;
use wp_schema_codegen::roundtrip::{json_type_of, Fix};

/// Merges the findings' rules into the overlay at `file` (created when missing); returns how many
/// rules were added or widened.
pub fn write(file: &Path, findings: &Findings, recording: &Recording) -> Result<usize, String> {
    let mut document = match std::fs::read_to_string(file) {
        Ok(text) => serde_json::from_str::<Value>(&text)
            .map_err(|e| format!("{}: malformed JSON: {e}", file.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => new_overlay(recording),
        Err(e) => return Err(format!("{}: cannot read: {e}", file.display())),
    };
    let items = document
        .get_mut("overlay")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| {
            format!(
                "{}: not an overlay document (an object with `overlay`)",
                file.display()
            )
        })?
        .entry("items")
        .or_insert_with(|| json!({}))
        .as_object_mut()
        .ok_or_else(|| format!("{}: `overlay.items` must be an object", file.display()))?;
    let version = recording
        .wordpress_version
        .as_deref()
        .unwrap_or("(version unknown)");
    let mut added = 0;
    for group in &findings.groups {
        for (path, fix) in group.finding.fixes() {
            let rules = items
                .entry(group.title.clone())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .ok_or_else(|| {
                    format!(
                        "{}: the rules of `{}` must be an object",
                        file.display(),
                        group.title
                    )
                })?;
            if merge(rules, &path, &fix) {
                added += 1;
                let seen = &group.seen[0];
                let why = format!(
                    "WordPress {version}: {} sent {} at {}",
                    seen.request,
                    json_type_of(&group.finding.sent),
                    seen.pointer
                );
                entry_map(rules, "why")
                    .entry(path)
                    .or_insert(Value::String(why));
            }
        }
    }
    added += write_answers(&mut document, findings, file)?;
    write_document(file, &document)?;
    Ok(added)
}

/// `answers`: whether each route answered with a collection or an item (OPTIONS does not say:
/// `/wp/v2/users/me` has no path variables and answers one user; `/wp/v2/posts/1/autosaves` has
/// one and answers a list). Returns how many entries were added or changed.
fn write_answers(document: &mut Value, findings: &Findings, file: &Path) -> Result<usize, String> {
    let overlay = document
        .get_mut("overlay")
        .and_then(Value::as_object_mut)
        .ok_or_else(|| format!("{}: not an overlay document", file.display()))?;
    let answers = entry_map(overlay, "answers");
    let mut changed = 0;
    for (document, &collection) in &findings.collections {
        let shape = Value::from(if collection { "collection" } else { "item" });
        // Another recording (another theme, a site with more content) may have seen this route
        // answer a collection where this one saw none: a collection stays one.
        let known_collection = answers.get(document).and_then(Value::as_str) == Some("collection");
        if !known_collection && answers.get(document) != Some(&shape) {
            answers.insert(document.clone(), shape);
            changed += 1;
        }
    }
    answers.sort_keys();
    Ok(changed)
}

fn new_overlay(recording: &Recording) -> Value {
    json!({"overlay": {
        "wordpress": recording.wordpress_version,
        "about": "What the site's responses need beyond its route documents, as `wp-schema check --write-overlay` found it.",
        "items": {},
    }})
}

/// Adds `fix` at `path` to an item's rules; whether anything changed.
fn merge(rules: &mut Map<String, Value>, path: &str, fix: &Fix) -> bool {
    match fix {
        Fix::Nullable => {
            let list = entry_list(rules, "nullable");
            let new = Value::String(path.to_owned());
            if list.contains(&new) {
                return false;
            }
            list.push(new);
            true
        }
        Fix::Types(types) => widen(entry_map(rules, "types").entry(path), types),
        Fix::Contexts(contexts) => widen(entry_map(rules, "contexts").entry(path), contexts),
        Fix::Property(schema) => {
            let properties = entry_map(rules, "properties");
            match properties.get_mut(path) {
                None => {
                    properties.insert(path.to_owned(), schema.clone());
                    true
                }
                Some(existing) => {
                    let new: Vec<String> = names(schema.get("type"));
                    match existing.as_object_mut() {
                        Some(map) => widen(map.entry("type"), &new),
                        None => false,
                    }
                }
            }
        }
    }
}

/// Adds `names` not yet listed to the list (or single name) at `entry`; whether any was added.
fn widen(entry: serde_json::map::Entry<'_>, names_to_add: &[String]) -> bool {
    let value = entry.or_insert_with(|| json!([]));
    let mut list = names(Some(value));
    let before = list.len();
    for name in names_to_add {
        if !list.contains(name) {
            list.push(name.clone());
        }
    }
    let changed = list.len() != before || before == 0;
    *value = match list.as_slice() {
        [one] => json!(one),
        _ => json!(list),
    };
    changed
}

/// A name or a list of names, as a list.
fn names(value: Option<&Value>) -> Vec<String> {
    match value {
        Some(Value::String(one)) => vec![one.clone()],
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

fn entry_map<'a>(rules: &'a mut Map<String, Value>, key: &str) -> &'a mut Map<String, Value> {
    let value = rules.entry(key).or_insert_with(|| json!({}));
    if !value.is_object() {
        *value = json!({});
    }
    value.as_object_mut().expect("made an object above")
}

fn entry_list<'a>(rules: &'a mut Map<String, Value>, key: &str) -> &'a mut Vec<Value> {
    let value = rules.entry(key).or_insert_with(|| json!([]));
    if !value.is_array() {
        *value = json!([]);
    }
    value.as_array_mut().expect("made a list above")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_merged_not_duplicated() {
        let mut rules = Map::new();
        assert!(merge(&mut rules, "a.b", &Fix::Nullable));
        assert!(!merge(&mut rules, "a.b", &Fix::Nullable));
        let types = |list: &[&str]| Fix::Types(list.iter().map(|s| s.to_string()).collect());
        assert!(merge(&mut rules, "c", &types(&["boolean", "object"])));
        assert!(!merge(&mut rules, "c", &types(&["object"])));
        assert!(merge(&mut rules, "c", &types(&["boolean", "string"])));
        assert!(merge(
            &mut rules,
            "d",
            &Fix::Property(json!({"type": "string"}))
        ));
        assert!(merge(
            &mut rules,
            "d",
            &Fix::Property(json!({"type": "null"}))
        ));
        assert_eq!(
            Value::Object(rules),
            json!({
                "nullable": ["a.b"],
                "types": {"c": ["boolean", "object", "string"]},
                "properties": {"d": {"type": ["string", "null"]}},
            })
        );
    }
}
