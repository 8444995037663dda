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

/// One property typed as a JSON value.
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
}

impl FallbackReport {
    pub fn new(api: &Api, space: &TypeSpace) -> Self {
        let mut properties = 0;
        let mut fallbacks = Vec::new();
        for def in &space.structs {
            properties += def.fields.len();
            for field in &def.fields {
                if let Some(reason) = reason_of(&field.shape) {
                    fallbacks.push(FallbackEntry {
                        type_name: def.name.clone(),
                        property: field.json.clone(),
                        file: api.items[def.item].file.clone(),
                        pointer: field.schema.pointer.clone(),
                        reason,
                    });
                }
            }
        }
        FallbackReport {
            properties,
            fallbacks,
        }
    }

    /// Fallbacks as a share of all properties, in percent.
    pub fn percent(&self) -> f64 {
        if self.properties == 0 {
            return 0.0;
        }
        100.0 * self.fallbacks.len() as f64 / self.properties as f64
    }
}

/// Why a property's shape rests on a JSON value: the value itself, or the items of its list.
fn reason_of(shape: &Shape) -> Option<String> {
    match shape {
        Shape::Json(fallback) => Some(fallback.reason()),
        Shape::Option(inner) => reason_of(inner),
        Shape::Vec(inner) => reason_of(inner).map(|reason| format!("its items: {reason}")),
        _ => None,
    }
}

/// Markdown: a summary line, then one table row per fallback in generation order.
impl fmt::Display for FallbackReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} of {} properties ({:.1}%) are typed as JSON values.",
            self.fallbacks.len(),
            self.properties,
            self.percent()
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
