//! The generated item types, each with the route documents whose responses it reads, handed to a
//! visitor: how code that works on every route at once (snapshot tests of a whole site, checks of
//! recorded responses) reaches the types without naming each one.

use crate::{Context, ContextSerialize};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// One generated item type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ItemInfo {
    /// The item schema's `title` (`post`, `attachment`).
    pub title: &'static str,
    /// The Rust name of its full type (`Post`).
    pub name: &'static str,
    /// Its top-level properties, as WordPress names them.
    pub properties: &'static [&'static str],
    /// The route documents whose responses hold this item, by file stem as `wp-schema pull`
    /// names them (`wp-v2-posts-id` for `/wp/v2/posts/(?P<id>[\d]+)`).
    pub documents: &'static [&'static str],
}

/// A full item type: every property, written in any context with `serialize_in`.
pub trait Item:
    ContextSerialize + Serialize + DeserializeOwned + Default + Clone + 'static
{
}

impl<T> Item for T where
    T: ContextSerialize + Serialize + DeserializeOwned + Default + Clone + 'static
{
}

/// What the generated `visit_items` calls, for each item type and then each of its context types.
/// An item whose properties name no context has no context types: its full type is the type of
/// every context.
pub trait ItemVisitor {
    fn item<T: Item>(&mut self, info: &'static ItemInfo);
    fn context<T: Item, C>(&mut self, info: &'static ItemInfo, ctx: Context)
    where
        C: Serialize + DeserializeOwned + From<T> + 'static;
}
