//! Context-filtered serialization: what generated types implement, and the wrapper that writes them.

use crate::Context;
use serde::{Serialize, Serializer};

/// A value that can write itself as WordPress's context filter would leave it.
///
/// Generated item types implement this; their `serialize_in` methods return [`InContext`].
pub trait ContextSerialize {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        serializer: S,
    ) -> Result<S::Ok, S::Error>;
}

/// `value` written in `ctx`: implements [`Serialize`], so it goes straight to `serde_json::to_writer`
/// and friends, with no `serde_json::Value` in between.
#[derive(Clone, Copy, Debug)]
pub struct InContext<'a, T: ?Sized> {
    pub value: &'a T,
    pub ctx: Context,
}

impl<'a, T: ?Sized> InContext<'a, T> {
    pub fn new(value: &'a T, ctx: Context) -> Self {
        InContext { value, ctx }
    }
}

impl<T: ContextSerialize + ?Sized> Serialize for InContext<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize_in_context(self.ctx, serializer)
    }
}

impl<T: ContextSerialize> ContextSerialize for Vec<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|item| InContext::new(item, ctx)))
    }
}

impl<T: ContextSerialize> ContextSerialize for Option<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => value.serialize_in_context(ctx, serializer),
            None => serializer.serialize_none(),
        }
    }
}

impl<T: ContextSerialize + ?Sized> ContextSerialize for Box<T> {
    fn serialize_in_context<S: Serializer>(
        &self,
        ctx: Context,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        (**self).serialize_in_context(ctx, serializer)
    }
}
