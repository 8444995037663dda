//! The fallback report: every property the generator types as a JSON value, and why, so users
//! see where a schema is too loose for a Rust type (an open object, a `oneOf` over unrelated shapes).

use crate::ir::Api;
use crate::shape::{Shape, TypeSpace};
use std::fmt;

/// Every property of every generated struct, and those that fell back to a JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FallbackReport {
    /// Properties of all item types and their nested objects.
    pub properties: usize,
    pub fallbacks: Vec<FallbackEntry>,
}

/// One property typed as a JSON value, or as a list of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FallbackEntry {
    /// The generated struct, e.g. `Post`.
    pub type_name: String,
    /// The property as WordPress names it.
    pub property: String,
    /// The document and JSON pointer of the property's schema.
    pub file: String,
    pub pointer: String,
    pub reason: String,
    /// The property is a list (`Vec<Value>`) and only its items are JSON values.
    pub items_only: bool,
}

impl FallbackReport {
    pub fn new(api: &Api, space: &TypeSpace) -> Self {
        let mut properties = 0;
        let mut fallbacks = Vec::new();
        for def in &space.structs {
            properties += def.fields.len();
            for field in &def.fields {
                if let Some((reason, items_only)) = reason_of(&field.shape) {
                    fallbacks.push(FallbackEntry {
                        type_name: def.name.clone(),
                        property: field.json.clone(),
                        file: api.items[def.item].file.clone(),
                        pointer: field.schema.pointer.clone(),
                        reason,
                        items_only,
                    });
                }
            }
        }
        FallbackReport {
            properties,
            fallbacks,
        }
    }

    /// Properties that are JSON values themselves.
    pub fn values(&self) -> usize {
        self.fallbacks.iter().filter(|f| !f.items_only).count()
    }

    /// Properties that are lists of JSON values.
    pub fn lists(&self) -> usize {
        self.fallbacks.iter().filter(|f| f.items_only).count()
    }

    /// `count` as a share of all properties, in percent.
    pub fn percent(&self, count: usize) -> f64 {
        if self.properties == 0 {
            return 0.0;
        }
        100.0 * count as f64 / self.properties as f64
    }
}

/// Why a property's shape rests on a JSON value, and whether only its list's items do.
fn reason_of(shape: &Shape) -> Option<(String, bool)> {
    match shape {
        Shape::Json(fallback) => Some((fallback.reason(), false)),
        Shape::Option(inner) => reason_of(inner),
        Shape::Vec(inner) => {
            reason_of(inner).map(|(reason, _)| (format!("its items: {reason}"), true))
        }
        _ => None,
    }
}

/// Markdown: a summary line, then one table row per fallback in generation order.
impl fmt::Display for FallbackReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (values, lists) = (self.values(), self.lists());
        writeln!(
            f,
            "{values} of {} properties ({:.1}%) are typed as JSON values, and {lists} more ({:.1}%) \
             as lists of JSON values: {:.1}% in all.",
            self.properties,
            self.percent(values),
            self.percent(lists),
            self.percent(values + lists)
        )?;
        if self.fallbacks.is_empty() {
            return Ok(());
        }
        writeln!(f)?;
        writeln!(f, "| type | property | why | where |")?;
        writeln!(f, "|---|---|---|---|")?;
        for entry in &self.fallbacks {
            writeln!(
                f,
                "| `{}` | `{}` | {} | {} `{}` |",
                entry.type_name, entry.property, entry.reason, entry.file, entry.pointer
            )?;
        }
        Ok(())
    }
}
