//! Comparing two JSON Schemas keyword by keyword, as WordPress writes them: named members (args,
//! properties) become entries of their own, other keywords changes inside their entry.

use super::model::{EntryDiff, EntryKind, KeywordChange};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use wp_schema_runtime::php;

/// A description that changed, inside entry `entry` at keyword path `keyword`.
pub struct Described {
    pub entry: String,
    pub keyword: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// What a comparison found, entries in name order.
#[derive(Default)]
pub struct Found {
    pub entries: Vec<EntryDiff>,
    pub descriptions: Vec<Described>,
}

/// Compares two maps of named schemas (an endpoint's `args`, a schema's `properties`): a name on
/// one side only is an entry added or removed; on both, its changes. Entries are named `prefix`
/// followed by the name.
pub fn compare_named(old: Option<&Value>, new: Option<&Value>, prefix: &str, found: &mut Found) {
    let (old, new) = (members(old), members(new));
    for name in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        let entry = format!("{prefix}{name}");
        match (old.get(name), new.get(name)) {
            (Some(old), Some(new)) => compare_entry(entry, old, new, found),
            (Some(old), None) => found.push(entry, EntryKind::Removed((*old).clone())),
            (None, Some(new)) => found.push(entry, EntryKind::Added((*new).clone())),
            (None, None) => {}
        }
    }
    found.entries.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Compares one entry's schema; its properties are compared as entries `entry.name`.
pub fn compare_entry(entry: String, old: &Value, new: &Value, found: &mut Found) {
    let mut changes = Vec::new();
    compare_keywords(&entry, "", old, new, &mut changes, found);
    if !changes.is_empty() {
        found.push(entry, EntryKind::Changed(changes));
    }
}

impl Found {
    fn push(&mut self, name: String, kind: EntryKind) {
        self.entries.push(EntryDiff { name, kind });
    }
}

/// Walks the keywords of two schemas at `path` (`""`, `items.`, `oneOf[0].`) inside `entry`.
fn compare_keywords(
    entry: &str,
    path: &str,
    old: &Value,
    new: &Value,
    changes: &mut Vec<KeywordChange>,
    found: &mut Found,
) {
    let empty = Map::new();
    let (Some(old_map), Some(new_map)) = (keywords_of(old, &empty), keywords_of(new, &empty))
    else {
        // A schema that is no object (`true`) is compared whole, as the keyword it sits under.
        let at = match path.trim_end_matches('.') {
            "" => "(schema)",
            at => at,
        };
        push_if_changed(changes, at, Some(old), Some(new));
        return;
    };
    let keywords: BTreeSet<&String> = old_map.keys().chain(new_map.keys()).collect();
    for keyword in keywords {
        let (old, new) = (old_map.get(keyword), new_map.get(keyword));
        let at = format!("{path}{keyword}");
        match (keyword.as_str(), old, new) {
            ("description", ..) => {
                if !same_option(old, new) {
                    found.descriptions.push(Described {
                        entry: entry.to_owned(),
                        keyword: at,
                        old: old.cloned(),
                        new: new.cloned(),
                    });
                }
            }
            // Properties directly under an entry are entries themselves (`title.raw`), so a
            // reader finds them by name as they find args.
            ("properties", ..) if path.is_empty() && named_or_absent(old, new) => {
                let prefix = if entry.is_empty() {
                    String::new()
                } else {
                    format!("{entry}.")
                };
                compare_named(old, new, &prefix, found);
            }
            ("properties" | "patternProperties", ..) if named_or_absent(old, new) => {
                compare_members(entry, &at, old, new, changes, found);
            }
            (
                "items" | "additionalProperties",
                Some(old @ Value::Object(_)),
                Some(new @ Value::Object(_)),
            ) => compare_keywords(entry, &format!("{at}."), old, new, changes, found),
            ("anyOf" | "oneOf" | "allOf", Some(Value::Array(old)), Some(Value::Array(new))) => {
                compare_alternatives(entry, &at, old, new, changes, found);
            }
            // WordPress asks `in_array( $context, $schema['context'] )`: the list is a set.
            ("context", ..) => {
                if !same_set(old, new) {
                    changes.push(change(&at, old, new));
                }
            }
            _ => push_if_changed(changes, &at, old, new),
        }
    }
}

/// Named schemas below a keyword path (`items.properties`): each compared at `path.name.`.
fn compare_members(
    entry: &str,
    path: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    changes: &mut Vec<KeywordChange>,
    found: &mut Found,
) {
    let (old, new) = (members(old), members(new));
    for name in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        let at = format!("{path}.{name}");
        match (old.get(name), new.get(name)) {
            (Some(old), Some(new)) => {
                compare_keywords(entry, &format!("{at}."), old, new, changes, found);
            }
            (old, new) => changes.push(change(&at, old.copied(), new.copied())),
        }
    }
}

/// `anyOf` / `oneOf` / `allOf`. WordPress titles its alternatives where it has several
/// (`Rotation`, `Crop`, `Flip` in 6.9's image edit modifiers, where `Flip` came first), so they are
/// paired by title (`oneOf[Flip]`) when every one has its own; otherwise by position (`oneOf[0]`).
fn compare_alternatives(
    entry: &str,
    path: &str,
    old: &[Value],
    new: &[Value],
    changes: &mut Vec<KeywordChange>,
    found: &mut Found,
) {
    let (old, new) = match (by_title(old), by_title(new)) {
        (Some(old), Some(new)) => (old, new),
        _ => (by_position(old), by_position(new)),
    };
    for label in old.keys().chain(new.keys()).collect::<BTreeSet<_>>() {
        let at = format!("{path}[{label}]");
        match (old.get(label), new.get(label)) {
            (Some(old), Some(new)) => {
                compare_keywords(entry, &format!("{at}."), old, new, changes, found);
            }
            (old, new) => changes.push(change(&at, old.copied(), new.copied())),
        }
    }
}

/// What an alternative is known by; positions sort as numbers.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum Label {
    Position(usize),
    Title(String),
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        match self {
            Label::Position(i) => write!(f, "{i}"),
            Label::Title(title) => f.write_str(title),
        }
    }
}

/// Alternatives by title, when each has a title no other has.
fn by_title(alternatives: &[Value]) -> Option<BTreeMap<Label, &Value>> {
    let titled: BTreeMap<Label, &Value> = alternatives
        .iter()
        .map(|alternative| {
            let title = alternative.get("title")?.as_str()?;
            Some((Label::Title(title.to_owned()), alternative))
        })
        .collect::<Option<_>>()?;
    (titled.len() == alternatives.len()).then_some(titled)
}

fn by_position(alternatives: &[Value]) -> BTreeMap<Label, &Value> {
    alternatives
        .iter()
        .enumerate()
        .map(|(i, alternative)| (Label::Position(i), alternative))
        .collect()
}

fn push_if_changed(
    changes: &mut Vec<KeywordChange>,
    at: &str,
    old: Option<&Value>,
    new: Option<&Value>,
) {
    if !same_option(old, new) {
        changes.push(change(at, old, new));
    }
}

fn change(at: &str, old: Option<&Value>, new: Option<&Value>) -> KeywordChange {
    KeywordChange {
        keyword: at.to_owned(),
        old: old.cloned(),
        new: new.cloned(),
    }
}

/// Equal as the PHP values WordPress encoded: `[]` is `{}`, key order does not count, `1.0` is `1`.
pub fn same(a: &Value, b: &Value) -> bool {
    // serde_json's map equality ignores key order, also with `preserve_order`.
    php::to_php_json(a) == php::to_php_json(b)
}

fn same_option(a: Option<&Value>, b: Option<&Value>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => same(a, b),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// Equal as sets of values (method lists, context lists); values that are not lists as values.
pub fn same_set(a: Option<&Value>, b: Option<&Value>) -> bool {
    let as_set = |v: &Value| -> Option<BTreeSet<String>> {
        php::is_list(v).then(|| {
            php::values(v)
                .iter()
                .map(|x| php::to_php_json(x).to_string())
                .collect()
        })
    };
    match (a.and_then(as_set), b.and_then(as_set)) {
        (Some(a), Some(b)) => a == b,
        _ => same_option(a, b),
    }
}

/// A PHP array's members by name; nothing for an absent value.
fn members(v: Option<&Value>) -> BTreeMap<String, &Value> {
    v.map(php::entries)
        .unwrap_or_default()
        .into_iter()
        .collect()
}

/// A schema's keywords; PHP writes a schema with none as `[]`.
fn keywords_of<'a>(
    schema: &'a Value,
    empty: &'a Map<String, Value>,
) -> Option<&'a Map<String, Value>> {
    match schema {
        Value::Object(map) => Some(map),
        Value::Array(list) if list.is_empty() => Some(empty),
        _ => None,
    }
}

/// Both absent-or-PHP-arrays, so comparable name by name.
fn named_or_absent(old: Option<&Value>, new: Option<&Value>) -> bool {
    [old, new].iter().all(|v| v.is_none_or(php::is_array))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What comparing arg `a` of OLD with arg `a` of NEW finds, one line per entry or keyword:
    /// `+ name`, `- name`, `~ name keyword: old → new`, `description name keyword: old → new`.
    fn found(old: Value, new: Value) -> Vec<String> {
        let mut found = Found::default();
        let (old, new) = (json!({ "a": old }), json!({ "a": new }));
        compare_named(Some(&old), Some(&new), "", &mut found);
        let shown = |v: &Option<Value>| v.as_ref().map_or("-".to_owned(), Value::to_string);
        let mut lines = Vec::new();
        for entry in &found.entries {
            match &entry.kind {
                EntryKind::Added(_) => lines.push(format!("+ {}", entry.name)),
                EntryKind::Removed(_) => lines.push(format!("- {}", entry.name)),
                EntryKind::Changed(changes) => lines.extend(changes.iter().map(|c| {
                    let (old, new) = (shown(&c.old), shown(&c.new));
                    format!("~ {} {}: {old} → {new}", entry.name, c.keyword)
                })),
            }
        }
        lines.extend(found.descriptions.iter().map(|d| {
            let (old, new) = (shown(&d.old), shown(&d.new));
            format!("description {} {}: {old} → {new}", d.entry, d.keyword)
        }));
        lines
    }

    #[test]
    fn every_keyword_change_is_found_at_its_path() {
        let cases = [
            (
                json!({"type": "string"}),
                json!({"type": "array"}),
                r#"~ a type: "string" → "array""#,
            ),
            (
                json!({"type": ["string", "null"]}),
                json!({"type": "string"}),
                r#"~ a type: ["string","null"] → "string""#,
            ),
            (
                json!({"enum": ["a"]}),
                json!({"enum": ["a", "b"]}),
                r#"~ a enum: ["a"] → ["a","b"]"#,
            ),
            (
                json!({"readonly": true}),
                json!({}),
                "~ a readonly: true → -",
            ),
            (
                json!({"format": "uri"}),
                json!({"format": "date-time"}),
                r#"~ a format: "uri" → "date-time""#,
            ),
            (
                json!({"default": []}),
                json!({"default": ["x"]}),
                r#"~ a default: [] → ["x"]"#,
            ),
            (json!({"default": null}), json!({}), "~ a default: null → -"),
            (
                json!({"minimum": 1}),
                json!({"minimum": 0}),
                "~ a minimum: 1 → 0",
            ),
            (
                json!({"maximum": 100}),
                json!({"maximum": 50}),
                "~ a maximum: 100 → 50",
            ),
            (
                json!({}),
                json!({"exclusiveMinimum": true}),
                "~ a exclusiveMinimum: - → true",
            ),
            (
                json!({}),
                json!({"exclusiveMaximum": true}),
                "~ a exclusiveMaximum: - → true",
            ),
            (json!({"minLength": 1}), json!({}), "~ a minLength: 1 → -"),
            (json!({}), json!({"maxLength": 9}), "~ a maxLength: - → 9"),
            (
                json!({"minItems": 1}),
                json!({"minItems": 2}),
                "~ a minItems: 1 → 2",
            ),
            (json!({}), json!({"maxItems": 3}), "~ a maxItems: - → 3"),
            (json!({}), json!({"multipleOf": 2}), "~ a multipleOf: - → 2"),
            (
                json!({}),
                json!({"pattern": "^x$"}),
                r#"~ a pattern: - → "^x$""#,
            ),
            (
                json!({"uniqueItems": true}),
                json!({}),
                "~ a uniqueItems: true → -",
            ),
            (
                json!({"required": false}),
                json!({"required": true}),
                "~ a required: false → true",
            ),
            (
                json!({"context": ["view"]}),
                json!({"context": ["view", "edit"]}),
                r#"~ a context: ["view"] → ["view","edit"]"#,
            ),
            (
                json!({"items": {"enum": ["a"]}}),
                json!({"items": {"enum": ["b"]}}),
                r#"~ a items.enum: ["a"] → ["b"]"#,
            ),
            (
                json!({}),
                json!({"items": {"type": "string"}}),
                r#"~ a items: - → {"type":"string"}"#,
            ),
            (
                json!({"additionalProperties": false}),
                json!({"additionalProperties": {"type": "string"}}),
                r#"~ a additionalProperties: false → {"type":"string"}"#,
            ),
            (
                json!({"additionalProperties": {"type": "string"}}),
                json!({"additionalProperties": {"type": "integer"}}),
                r#"~ a additionalProperties.type: "string" → "integer""#,
            ),
            (
                json!({"patternProperties": {"^x": {"type": "string"}}}),
                json!({"patternProperties": {"^x": {"type": "integer"}}}),
                r#"~ a patternProperties.^x.type: "string" → "integer""#,
            ),
            (
                json!({"items": {"properties": {"id": {}}}}),
                json!({"items": {"properties": {"id": {"type": "integer"}}}}),
                r#"~ a items.properties.id.type: - → "integer""#,
            ),
            (
                json!({"items": {"properties": {}}}),
                json!({"items": {"properties": {"id": {}}}}),
                "~ a items.properties.id: - → {}",
            ),
            (
                json!({"anyOf": [{"type": "string"}]}),
                json!({"anyOf": [{"type": "integer"}]}),
                r#"~ a anyOf[0].type: "string" → "integer""#,
            ),
            (
                json!({"oneOf": [{}]}),
                json!({"oneOf": [{}, {"type": "null"}]}),
                r#"~ a oneOf[1]: - → {"type":"null"}"#,
            ),
            (
                json!({"title": "A"}),
                json!({"title": "B"}),
                r#"~ a title: "A" → "B""#,
            ),
        ];
        for (old, new, expected) in cases {
            assert_eq!(found(old.clone(), new.clone()), [expected], "{old} → {new}");
        }
    }

    #[test]
    fn entries_added_and_removed_are_whole() {
        let mut found = Found::default();
        let old = json!({"gone": {"type": "string"}, "kept": {}});
        let new = json!({"kept": {}, "new": {"type": "array", "items": {"type": "string"}}});
        compare_named(Some(&old), Some(&new), "", &mut found);
        let names: Vec<(&str, bool)> = found
            .entries
            .iter()
            .map(|e| (e.name.as_str(), matches!(e.kind, EntryKind::Added(_))))
            .collect();
        assert_eq!(names, [("gone", false), ("new", true)]);
    }

    #[test]
    fn properties_are_entries_named_by_dotted_path() {
        let old = json!({"type": "object", "properties": {"raw": {"type": "string"}, "old": {}}});
        let new =
            json!({"type": "object", "properties": {"raw": {"type": "integer"}, "rendered": {}}});
        assert_eq!(
            found(old, new),
            [
                "- a.old",
                r#"~ a.raw type: "string" → "integer""#,
                "+ a.rendered"
            ]
        );
        // An entry that had no properties gains them one by one.
        assert_eq!(
            found(json!({}), json!({"properties": {"raw": {}}})),
            ["+ a.raw"]
        );
    }

    // WordPress writes PHP's empty array as `[]` also where an object is meant.
    #[test]
    fn php_empty_array_equals_empty_object() {
        let cases = [
            (json!({"properties": []}), json!({"properties": {}})),
            (json!({"default": []}), json!({"default": {}})),
            (
                json!({"items": {"properties": []}}),
                json!({"items": {"properties": {}}}),
            ),
            (json!({"properties": []}), json!({})),
            (json!([]), json!({})),
            (json!({"items": []}), json!({"items": {}})),
        ];
        for (old, new) in cases {
            assert_eq!(
                found(old.clone(), new.clone()),
                Vec::<String>::new(),
                "{old} vs {new}"
            );
        }
        assert!(same(&json!([]), &json!({})));
        assert!(!same(&json!([]), &json!({"a": 1})));
    }

    #[test]
    fn key_order_does_not_count() {
        let old: Value = serde_json::from_str(
            r#"{"type":"object","default":{"x":1,"y":2},"properties":{"b":{"type":"string","enum":["p"]},"a":{}}}"#,
        )
        .unwrap();
        let new: Value = serde_json::from_str(
            r#"{"properties":{"a":{},"b":{"enum":["p"],"type":"string"}},"default":{"y":2,"x":1},"type":"object"}"#,
        )
        .unwrap();
        assert_eq!(found(old, new), Vec::<String>::new());
    }

    #[test]
    fn list_order_counts_except_for_context() {
        assert_eq!(
            found(
                json!({"context": ["view", "edit"]}),
                json!({"context": ["edit", "view"]})
            ),
            Vec::<String>::new()
        );
        // WordPress lists the enum in its "is not one of" message, in this order.
        assert_eq!(
            found(json!({"enum": ["a", "b"]}), json!({"enum": ["b", "a"]})),
            [r#"~ a enum: ["a","b"] → ["b","a"]"#]
        );
    }

    #[test]
    fn descriptions_are_kept_apart_at_any_depth() {
        let old = json!({
            "description": "Old.",
            "items": {"description": "Each."},
            "properties": {"description": {"type": "string", "description": "Text."}},
        });
        let new = json!({
            "description": "New.",
            "items": {"description": "Every."},
            "properties": {"description": {"type": "object", "description": "Text."}},
        });
        assert_eq!(
            found(old, new),
            [
                r#"~ a.description type: "string" → "object""#,
                r#"description a description: "Old." → "New.""#,
                r#"description a items.description: "Each." → "Every.""#,
            ]
        );
    }

    #[test]
    fn alternatives_pair_by_title_when_all_have_one() {
        let rotate = json!({"title": "Rotation", "properties": {"angle": {"type": "number"}}});
        let crop = json!({"title": "Crop", "properties": {"left": {"type": "number"}}});
        let flip = json!({"title": "Flip", "properties": {}});
        let old = json!({"oneOf": [rotate, crop]});
        let new = json!({"oneOf": [flip, rotate, crop]});
        assert_eq!(
            found(old, new),
            [r#"~ a oneOf[Flip]: - → {"title":"Flip","properties":{}}"#]
        );
        let untitled = json!({"oneOf": [{"type": "string"}, {"title": "Crop"}]});
        let moved = json!({"oneOf": [{"title": "Crop"}, {"type": "string"}]});
        assert_eq!(
            found(untitled, moved),
            [
                r#"~ a oneOf[0].title: - → "Crop""#,
                r#"~ a oneOf[0].type: "string" → -"#,
                r#"~ a oneOf[1].title: "Crop" → -"#,
                r#"~ a oneOf[1].type: - → "string""#,
            ]
        );
    }
}
