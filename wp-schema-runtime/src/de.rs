//! Lenient reading of WordPress's output: PHP writes an empty map as `[]`, so an object-typed
//! property may arrive as an empty JSON list.

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// Reads `T` from a JSON object, or from `[]` as PHP writes an empty one; says which it was
/// (`true`: the list), so that the object can be written back the same way.
pub fn object_or_empty_list<'de, T, D>(deserializer: D) -> Result<(T, bool), D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_any(ObjectOrEmptyList(PhantomData))
}

struct ObjectOrEmptyList<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectOrEmptyList<T> {
    type Value = (T, bool);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or [] for an empty one")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(T, bool), A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|value| (value, false))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(T, bool), A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let empty =
            de::value::MapDeserializer::<_, A::Error>::new(std::iter::empty::<(String, String)>());
        T::deserialize(empty).map(|value| (value, true))
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

    fn read(json: &str) -> Result<(Meta, bool), serde_json::Error> {
        object_or_empty_list(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn empty_list_is_an_empty_object_and_says_so() {
        assert_eq!(read("[]").unwrap(), (Meta::default(), true));
        assert_eq!(read("{}").unwrap(), (Meta::default(), false));
        let (meta, from_list) = read(r#"{"footnotes": "x"}"#).unwrap();
        assert_eq!((meta.footnotes.as_str(), from_list), ("x", false));
    }

    #[test]
    fn other_values_are_still_errors() {
        for json in ["[1]", r#""x""#, "null", "3"] {
            assert!(read(json).is_err(), "{json}");
        }
    }
}
