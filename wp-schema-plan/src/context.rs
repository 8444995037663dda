//! The rule of `rest_filter_response_by_context` for one child of a value: a property, or the items
//! of a list, which share one schema. The runtime's filter applies it to any schema; the generated
//! `serialize_in` decides it for each context when generating.

use serde_json::Value;
use wp_schema_php as php;

/// What the context filter does with a child in a context.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    /// Its schema has no `context` (or it has no schema): kept as it is, not looked into.
    Untouched,
    /// Its `context` lacks the requested one: a property is removed; items empty their list.
    Removed,
    /// Its `context` lists the requested one: kept, and filtered inside by its own schema.
    Filtered,
}

impl Child {
    /// The rule for a child whose schema is `schema`, in `context`.
    pub fn of(schema: Option<&Value>, context: &str) -> Child {
        match schema.and_then(|schema| schema.get("context")) {
            None | Some(Value::Null) => Child::Untouched,
            Some(list) if lists(list, context) => Child::Filtered,
            Some(_) => Child::Removed,
        }
    }
}

/// `in_array( $context, $schema['context'], true )`: any PHP array of names.
fn lists(list: &Value, context: &str) -> bool {
    php::values(list)
        .iter()
        .any(|name| name.as_str() == Some(context))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_child_is_untouched_removed_or_filtered() {
        let cases = [
            (None, Child::Untouched),
            (Some(json!({"type": "string"})), Child::Untouched),
            (Some(json!({"context": null})), Child::Untouched),
            (Some(json!({"context": ["view", "edit"]})), Child::Filtered),
            (
                Some(json!({"context": {"a": "edit", "b": "view"}})),
                Child::Filtered,
            ),
            (Some(json!({"context": ["edit"]})), Child::Removed),
            (Some(json!({"context": []})), Child::Removed),
        ];
        for (schema, expected) in cases {
            assert_eq!(Child::of(schema.as_ref(), "view"), expected, "{schema:?}");
        }
    }
}
