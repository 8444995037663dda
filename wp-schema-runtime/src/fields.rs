//! `_fields`: WordPress's global response filter (`rest_filter_response_fields`) and the
//! controllers' `rest_is_field_included`.
//!
//! The parameter is a comma/space list (or an array) of dotted paths. They become a tree; a path
//! whose parent was already selected whole stops the reading of every later path (WordPress's
//! `break 2`: `_fields=title,title.raw,id` keeps only `title`). The tree then keeps, at each level,
//! the keys it names, in the data's order.

use crate::php;
use serde_json::{Map, Value};

/// The selected keys of one level, in the order they were first named.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldTree {
    entries: Vec<(String, FieldNode)>,
}

/// What the tree says of one key: keep it whole, or keep what the sub-tree names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldNode {
    All,
    Sub(FieldTree),
}

/// What a selection says of one property, for generated serializers.
#[derive(Clone, Copy, Debug)]
pub enum Selected<'a> {
    No,
    All,
    Sub(&'a FieldTree),
}

impl FieldTree {
    /// The tree for a `_fields` parameter; `None` when it names nothing, and nothing is filtered.
    pub fn parse(param: &Value) -> Option<FieldTree> {
        let fields: Vec<String> = php::parse_list(param)
            .iter()
            .map(|f| {
                php::to_string(f)
                    .trim_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
                    .to_owned()
            })
            .collect();
        if fields.is_empty() {
            return None;
        }
        let mut root = FieldTree::default();
        for field in &fields {
            if !root.insert(field) {
                break;
            }
        }
        Some(root)
    }

    /// Adds one dotted path; false when a parent was already selected whole (WordPress stops there).
    fn insert(&mut self, path: &str) -> bool {
        let parts: Vec<&str> = path.split('.').collect();
        let (last, parents) = parts.split_last().expect("split always yields one part");
        let mut level = self;
        for part in parents {
            let at = match level.entries.iter().position(|(k, _)| k == part) {
                Some(at) => at,
                None => {
                    level
                        .entries
                        .push(((*part).to_owned(), FieldNode::Sub(FieldTree::default())));
                    level.entries.len() - 1
                }
            };
            match &mut level.entries[at].1 {
                FieldNode::All => return false,
                FieldNode::Sub(tree) => level = tree,
            }
        }
        match level.entries.iter_mut().find(|(k, _)| k == last) {
            Some(entry) => entry.1 = FieldNode::All,
            None => level.entries.push(((*last).to_owned(), FieldNode::All)),
        }
        true
    }

    pub fn get(&self, key: &str) -> Option<&FieldNode> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, n)| n)
    }

    /// `_rest_array_intersect_key_recursive`: the data's keys the tree names, recursively.
    pub fn intersect(&self, data: &Value) -> Value {
        match data {
            Value::Object(map) => {
                let kept = self.intersect_entries(map.iter().map(|(k, v)| (k.clone(), v)));
                // A PHP array emptied by the selection is written as `[]`.
                if kept.is_empty() && !map.is_empty() {
                    Value::Array(Vec::new())
                } else {
                    Value::Object(kept)
                }
            }
            Value::Array(list) => {
                let kept = self
                    .intersect_entries(list.iter().enumerate().map(|(i, v)| (i.to_string(), v)));
                // Kept indexes `0..n` stay a list, others become an object's keys; what the
                // items hold is written as it came.
                if kept.is_empty() {
                    Value::Array(Vec::new())
                } else {
                    php::to_php_json_keeping_empty_objects(&Value::Object(kept))
                }
            }
            other => other.clone(),
        }
    }

    fn intersect_entries<'a>(
        &self,
        entries: impl Iterator<Item = (String, &'a Value)>,
    ) -> Map<String, Value> {
        entries
            .filter_map(|(k, v)| {
                let value = match self.get(&k)? {
                    FieldNode::Sub(sub) if php::is_array(v) => sub.intersect(v),
                    _ => v.clone(),
                };
                Some((k, value))
            })
            .collect()
    }

    /// `rest_filter_response_fields` on a response body: a list is filtered item by item.
    pub fn filter_response(&self, data: &Value) -> Value {
        match data {
            Value::Array(items) => {
                Value::Array(items.iter().map(|item| self.intersect(item)).collect())
            }
            other => self.intersect(other),
        }
    }
}

/// What `fields` (none: no `_fields`) says of the property `key`.
pub fn select<'a>(fields: Option<&'a FieldTree>, key: &str) -> Selected<'a> {
    match fields {
        None => Selected::All,
        Some(tree) => match tree.get(key) {
            None => Selected::No,
            Some(FieldNode::All) => Selected::All,
            Some(FieldNode::Sub(sub)) => Selected::Sub(sub),
        },
    }
}

/// Whether `fields` keeps anything of `key`.
pub fn is_selected(fields: Option<&FieldTree>, key: &str) -> bool {
    fields.is_none_or(|tree| tree.get(key).is_some())
}

/// `rest_is_field_included`: `field` is requested, or is a parent or a child of a requested path.
pub fn rest_is_field_included(field: &str, requested: &[String]) -> bool {
    requested.iter().any(|accepted| {
        accepted == field
            || accepted
                .strip_prefix(field)
                .is_some_and(|rest| rest.starts_with('.'))
            || field
                .strip_prefix(accepted.as_str())
                .is_some_and(|rest| rest.starts_with('.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filtered(fields: &str, data: Value) -> Value {
        FieldTree::parse(&json!(fields)).map_or(data.clone(), |tree| tree.filter_response(&data))
    }

    // Behaviour of rest_filter_response_fields in WordPress 6.9.7 (spec §g.4).
    #[test]
    fn keeps_named_paths_in_data_order() {
        let item =
            json!({"id": 5, "title": {"raw": "r", "rendered": "R"}, "slug": "s", "_links": {}});
        assert_eq!(
            filtered("slug,id", item.clone()),
            json!({"id": 5, "slug": "s"})
        );
        assert_eq!(
            filtered("title.raw", item.clone()),
            json!({"title": {"raw": "r"}})
        );
        assert_eq!(
            filtered(" id , title ", item.clone()),
            json!({"id": 5, "title": {"raw": "r", "rendered": "R"}})
        );
        assert_eq!(
            filtered("title.raw,title", item.clone()),
            json!({"title": {"raw": "r", "rendered": "R"}})
        );
        // `title.raw` after `title` stops the reading of the list: `id` is never seen.
        assert_eq!(
            filtered("title,title.raw,id", item.clone()),
            json!({"title": {"raw": "r", "rendered": "R"}})
        );
        assert_eq!(filtered("", item.clone()), item);
        assert_eq!(
            filtered("id", json!([{"id": 1, "x": 2}, {"id": 3}])),
            json!([{"id": 1}, {"id": 3}])
        );
    }

    #[test]
    fn field_inclusion() {
        let requested = vec!["title.raw".to_owned(), "id".to_owned()];
        assert!(rest_is_field_included("title", &requested));
        assert!(rest_is_field_included("title.raw", &requested));
        assert!(rest_is_field_included("id", &requested));
        assert!(!rest_is_field_included("titles", &requested));
        assert!(rest_is_field_included("id.x", &requested));
    }
}
