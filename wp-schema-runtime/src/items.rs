//! The generated item types, each with the route documents whose responses it reads, handed to a
//! visitor: how code that works on every route at once (snapshot tests of a whole site, checks of
//! recorded responses) reaches the types without naming each one. [`ItemTypes`] is such a visitor:
//! it reads any answer by the document of its route.

use crate::{Context, ContextSerialize, InContext};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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

type Json = Result<Value, String>;

/// Every item type of one `routes!` expansion, gathered with its `visit_items`: reads any
/// recorded response by the route document it came from, as a snapshot test of a whole site needs.
#[derive(Default)]
pub struct ItemTypes {
    types: Vec<ItemType>,
}

/// A context type's checks: read and written back, and converted from the full type.
struct ContextChecks {
    ctx: Context,
    read: fn(&Value) -> Json,
    from_full: fn(&Value) -> Json,
}

/// One item type: its full type's checks and each context type's.
pub struct ItemType {
    pub info: &'static ItemInfo,
    read_full: fn(&Value) -> Json,
    full_in: fn(&Value, Context) -> Json,
    contexts: Vec<ContextChecks>,
}

impl ItemVisitor for ItemTypes {
    fn item<T: Item>(&mut self, info: &'static ItemInfo) {
        self.types.push(ItemType {
            info,
            read_full: read_as::<T>,
            full_in: full_in::<T>,
            contexts: Vec::new(),
        });
    }

    fn context<T: Item, C>(&mut self, info: &'static ItemInfo, ctx: Context)
    where
        C: Serialize + DeserializeOwned + From<T> + 'static,
    {
        let item_type = self
            .types
            .iter_mut()
            .find(|f| std::ptr::eq(f.info, info))
            .expect("visit_items gives an item before its context types");
        item_type.contexts.push(ContextChecks {
            ctx,
            read: read_as::<C>,
            from_full: converted::<T, C>,
        });
    }
}

impl ItemTypes {
    /// The item types of a `routes!` expansion: `ItemTypes::of(site::visit_items)`.
    pub fn of(visit: impl FnOnce(&mut ItemTypes)) -> ItemTypes {
        let mut types = ItemTypes::default();
        visit(&mut types);
        types
    }

    /// The item type whose route documents include `stem` (`wp-v2-posts-id`).
    pub fn for_document(&self, stem: &str) -> Option<&ItemType> {
        self.types.iter().find(|f| f.info.documents.contains(&stem))
    }

    /// The schema titles of the item types, in the order the documents gave them.
    pub fn titles(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.types.iter().map(|t| t.info.title)
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }
}

impl ItemType {
    /// `item`, WordPress's answer in `ctx`, read into that context's type (the full type when
    /// the item has none for it) and written back.
    pub fn read(&self, ctx: Option<Context>, item: &Value) -> Json {
        match self.context(ctx) {
            Some(checks) => (checks.read)(item),
            None => (self.read_full)(item),
        }
    }

    /// The edit item read into the full type and written with `serialize_in(ctx)`.
    pub fn serialize_in(&self, edit: &Value, ctx: Context) -> Json {
        (self.full_in)(edit, ctx)
    }

    /// The edit item read into the full type and converted into `ctx`'s type, written; `None`
    /// when the item has no type for `ctx`.
    pub fn from_full(&self, edit: &Value, ctx: Context) -> Option<Json> {
        self.context(Some(ctx))
            .map(|checks| (checks.from_full)(edit))
    }

    fn context(&self, ctx: Option<Context>) -> Option<&ContextChecks> {
        self.contexts.iter().find(|checks| Some(checks.ctx) == ctx)
    }
}

fn read_as<T: Serialize + DeserializeOwned>(item: &Value) -> Json {
    let value: T = serde_json::from_value(item.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(&value).map_err(|e| e.to_string())
}

fn full_in<T: Item>(edit: &Value, ctx: Context) -> Json {
    let full: T = serde_json::from_value(edit.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(InContext::new(&full, ctx)).map_err(|e| e.to_string())
}

fn converted<T: Item, C: Serialize + From<T>>(edit: &Value) -> Json {
    let full: T = serde_json::from_value(edit.clone()).map_err(|e| e.to_string())?;
    serde_json::to_value(C::from(full)).map_err(|e| e.to_string())
}

/// The places where `written` is not what WordPress `sent`, pointer by pointer; empty when
/// they are the same JSON (key order aside).
pub fn differences(written: &Value, sent: &Value) -> Vec<String> {
    let mut out = Vec::new();
    differ("", written, sent, &mut out);
    out
}

fn differ(at: &str, written: &Value, sent: &Value, out: &mut Vec<String>) {
    match (written, sent) {
        (Value::Object(w), Value::Object(s)) => {
            for (key, value) in s {
                match w.get(key) {
                    Some(mine) => differ(&format!("{at}/{key}"), mine, value, out),
                    None => out.push(format!("{at}/{key}: missing, WordPress {value}")),
                }
            }
            for (key, value) in w {
                if !s.contains_key(key) {
                    out.push(format!("{at}/{key}: written {value}, WordPress has none"));
                }
            }
        }
        (Value::Array(w), Value::Array(s)) if w.len() == s.len() => {
            for (i, (mine, theirs)) in w.iter().zip(s).enumerate() {
                differ(&format!("{at}/{i}"), mine, theirs, out);
            }
        }
        _ if written == sent => {}
        _ => out.push(format!("{at}: written {written}, WordPress {sent}")),
    }
}
