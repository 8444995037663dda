//! Context-filtered serialization: what generated types implement, and the wrappers that write them.

use crate::fields::{FieldNode, FieldTree, Selected};
use crate::Context;
use serde::ser::{Error as _, SerializeMap};
use serde::{Serialize, Serializer};

/// A value that can write itself as WordPress's context filter would leave it, restricted to a
/// `_fields` selection when there is one.
///
/// Generated item types implement this; their `serialize_in` methods return [`InContext`].
pub trait ContextSerialize {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        fields: Option<&FieldTree>,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;
}

/// `value` written in `ctx` (and to `fields`): implements [`Serialize`], so it goes straight to
/// `serde_json::to_writer` and friends, with no `serde_json::Value` in between.
#[derive(Clone, Copy, Debug)]
pub struct InContext<'a, T: ?Sized> {
    pub value: &'a T,
    pub ctx: Context,
    pub fields: Option<&'a FieldTree>,
}

impl<'a, T: ?Sized> InContext<'a, T> {
    pub fn new(value: &'a T, ctx: Context) -> Self {
        InContext {
            value,
            ctx,
            fields: None,
        }
    }

    pub fn with_fields(value: &'a T, ctx: Context, fields: Option<&'a FieldTree>) -> Self {
        InContext { value, ctx, fields }
    }
}

impl<T: ContextSerialize + ?Sized> Serialize for InContext<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value
            .serialize_in_context(self.ctx, self.fields, serializer)
    }
}

/// A collection response: every item written in `ctx`, each restricted by the same `_fields`, as
/// `rest_filter_response_fields` treats a list.
#[derive(Clone, Copy, Debug)]
pub struct EachInContext<'a, T> {
    pub items: &'a [T],
    pub ctx: Context,
    pub fields: Option<&'a FieldTree>,
}

impl<T: ContextSerialize> Serialize for EachInContext<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.items
                .iter()
                .map(|item| InContext::with_fields(item, self.ctx, self.fields)),
        )
    }
}

/// A nested list: `_fields` below it selects by index (`tags.0`), as `array_intersect_key` does;
/// when the kept indexes are not `0..n`, PHP writes an object.
impl<T: ContextSerialize> ContextSerialize for Vec<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        fields: Option<&FieldTree>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let Some(tree) = fields else {
            return serializer.collect_seq(self.iter().map(|item| InContext::new(item, ctx)));
        };
        let kept: Vec<(usize, Option<&FieldTree>)> = (0..self.len())
            .filter_map(|i| match tree.get(&i.to_string())? {
                FieldNode::All => Some((i, None)),
                FieldNode::Sub(sub) => Some((i, Some(sub))),
            })
            .collect();
        if kept.iter().enumerate().all(|(n, (i, _))| n == *i) {
            serializer.collect_seq(
                kept.iter()
                    .map(|(i, sub)| InContext::with_fields(&self[*i], ctx, *sub)),
            )
        } else {
            serializer.collect_map(
                kept.iter()
                    .map(|(i, sub)| (i.to_string(), InContext::with_fields(&self[*i], ctx, *sub))),
            )
        }
    }
}

impl<T: ContextSerialize> ContextSerialize for Option<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        fields: Option<&FieldTree>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_in_context(ctx, fields, serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: ContextSerialize + ?Sized> ContextSerialize for Box<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        fields: Option<&FieldTree>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        (**self).serialize_in_context(ctx, fields, serializer)
    }
}

/// Writes a property that the filters do not recurse into, keeping what a `_fields` sub-selection
/// names of it (generated code calls this).
pub fn write_selected<M: SerializeMap, T: Serialize + ?Sized>(
    map: &mut M,
    key: &str,
    value: &T,
    selected: Selected<'_>,
) -> Result<(), M::Error> {
    match selected {
        Selected::No => Ok(()),
        Selected::All => map.serialize_entry(key, value),
        Selected::Sub(tree) => {
            let value = serde_json::to_value(value).map_err(M::Error::custom)?;
            map.serialize_entry(key, &tree.intersect(&value))
        }
    }
}

/// An object with no property to write: `[]` when `as_list` (PHP's empty array), else `{}` (an
/// empty `stdClass`, as WordPress writes `media_details.sizes` of a file without sizes).
pub fn empty_object<S: Serializer>(serializer: S, as_list: bool) -> Result<S::Ok, S::Error> {
    if as_list {
        serializer.collect_seq(std::iter::empty::<()>())
    } else {
        serializer.serialize_map(Some(0))?.end()
    }
}

/// The sub-selection of a selected property: `None` when it is kept whole.
pub fn sub_selection<'a>(selected: Selected<'a>) -> Option<&'a FieldTree> {
    match selected {
        Selected::Sub(tree) => Some(tree),
        Selected::All | Selected::No => None,
    }
}
