//! Decoded answers: one item, or a collection's list.

use http::{HeaderMap, StatusCode};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A 2xx answer with its body decoded.
#[derive(Clone, Debug)]
pub struct Reply<T> {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: T,
}

impl<T> Reply<T> {
    /// `X-WP-Total`: how many items the whole collection has.
    pub fn total(&self) -> Option<u64> {
        header_number(&self.headers, "x-wp-total")
    }

    /// `X-WP-TotalPages`: how many pages of this size the collection has.
    pub fn total_pages(&self) -> Option<u64> {
        header_number(&self.headers, "x-wp-totalpages")
    }
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<u64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

/// A collection's body. Most collections are JSON arrays; a few (`/wp/v2/types`,
/// `/wp/v2/taxonomies`, `/wp/v2/statuses`) are objects keyed by slug, whose keys are kept.
#[derive(Clone, Debug, PartialEq)]
pub struct ListBody<T> {
    pub items: Vec<T>,
    /// The slugs, in the body's order, when it was an object.
    pub keys: Option<Vec<String>>,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for ListBody<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = ListBody<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list, or an object keyed by slug")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // The size hint comes from the body: trusted only as far as a small start.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(ListBody { items, keys: None })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::new();
        let mut keys = Vec::new();
        while let Some((key, item)) = map.next_entry()? {
            keys.push(key);
            items.push(item);
        }
        Ok(ListBody {
            items,
            keys: Some(keys),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Type {
        name: String,
    }

    #[test]
    fn from_an_array() {
        let body: ListBody<Type> =
            serde_json::from_value(json!([{"name": "Posts"}, {"name": "Pages"}])).unwrap();
        let names: Vec<&str> = body.items.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Posts", "Pages"]);
        assert_eq!(body.keys, None);
    }

    #[test]
    fn from_an_object_keeping_its_keys_in_order() {
        let body: ListBody<Type> = serde_json::from_str(
            r#"{"post": {"name": "Posts"}, "page": {"name": "Pages"}, "attachment": {"name": "Media"}}"#,
        )
        .unwrap();
        let names: Vec<&str> = body.items.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Posts", "Pages", "Media"]);
        assert_eq!(body.keys.unwrap(), ["post", "page", "attachment"]);
    }

    #[test]
    fn anything_else_is_an_error() {
        for text in ["5", "\"x\"", "null", "[1]"] {
            assert!(
                serde_json::from_str::<ListBody<Type>>(text).is_err(),
                "{text}"
            );
        }
    }

    #[test]
    fn totals_from_headers() {
        let mut headers = HeaderMap::new();
        headers.insert("X-WP-Total", "42".parse().unwrap());
        headers.insert("X-WP-TotalPages", " 5 ".parse().unwrap());
        let reply = Reply {
            status: StatusCode::OK,
            headers,
            body: (),
        };
        assert_eq!((reply.total(), reply.total_pages()), (Some(42), Some(5)));
        let bare = Reply {
            status: StatusCode::OK,
            headers: HeaderMap::new(),
            body: (),
        };
        assert_eq!((bare.total(), bare.total_pages()), (None, None));
    }
}
