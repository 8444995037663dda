//! Lenient reading of WordPress's output: PHP writes an empty map as `[]`, so an object-typed
//! property may arrive as an empty JSON list.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Reads a struct from a JSON object, or from `[]` as PHP writes an empty one.
pub fn php_object<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(PhpObject(PhantomData))
}

/// [`php_object`] for an optional struct: `null` is `None`.
pub fn php_object_opt<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    deserializer.deserialize_any(OptionalPhpObject(PhantomData))
}

struct PhpObject<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for PhpObject<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or [] for an empty one")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        T::deserialize(de::value::MapDeserializer::<_, A::Error>::new(
            std::iter::empty::<(String, String)>(),
        ))
    }
}

struct OptionalPhpObject<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OptionalPhpObject<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, [] for an empty one, or null")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Option<T>, A::Error> {
        PhpObject(PhantomData).visit_map(map).map(Some)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Option<T>, A::Error> {
        PhpObject(PhantomData).visit_seq(seq).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Default, Deserialize, PartialEq)]
    #[serde(default)]
    struct Meta {
        footnotes: String,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Post {
        #[serde(deserialize_with = "php_object")]
        meta: Meta,
        #[serde(default, deserialize_with = "php_object_opt")]
        extra: Option<Meta>,
    }

    #[test]
    fn empty_list_is_an_empty_object() {
        let post: Post = serde_json::from_str(r#"{"meta": [], "extra": []}"#).unwrap();
        assert_eq!(post.meta, Meta::default());
        assert_eq!(post.extra, Some(Meta::default()));
        let post: Post =
            serde_json::from_str(r#"{"meta": {"footnotes": "x"}, "extra": null}"#).unwrap();
        assert_eq!(post.meta.footnotes, "x");
        assert_eq!(post.extra, None);
        let post: Post = serde_json::from_str(r#"{"meta": {}}"#).unwrap();
        assert_eq!(post.extra, None);
    }

    #[test]
    fn other_values_are_still_errors() {
        assert!(serde_json::from_str::<Post>(r#"{"meta": [1]}"#).is_err());
        assert!(serde_json::from_str::<Post>(r#"{"meta": "x"}"#).is_err());
    }
}
