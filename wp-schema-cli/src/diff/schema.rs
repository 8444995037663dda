//! Comparing two JSON Schemas keyword by keyword, as WordPress writes them: named members (args,
//! properties) become entries of their own, other keywords changes inside their entry.

use super::model::{EntryDiff, EntryKind, KeywordChange};
use serde_json::Value;
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
    let (Value::Object(old_map), Value::Object(new_map)) = (old, new) else {
        push_if_changed(changes, path.trim_end_matches('.'), Some(old), Some(new));
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

/// Both absent-or-PHP-arrays, so comparable name by name.
fn named_or_absent(old: Option<&Value>, new: Option<&Value>) -> bool {
    [old, new].iter().all(|v| v.is_none_or(php::is_array))
}
