//! What a response left out, and what it held beyond its schema. WordPress writes fewer
//! properties than its schemas list (revisions' `content` has no `protected`, a block type's
//! `example` may lack `attributes`, a plugin's controller skips what it has no value for), and
//! sometimes more (a field registered without a schema, keys a block's `block.json` adds), at any
//! depth. Generated types read such an object with the missing properties at their defaults,
//! remember which were missing, and keep the unlisted ones as JSON, so that writing it again gives
//! back what WordPress sent.

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

/// The properties of one object that were absent when it was read, by their position in the
/// generated struct, and whether the object came as PHP's empty array `[]`.
///
/// An item built in code has none absent and writes every property.
///
/// Two sets are equal when the same properties are absent: how an empty object was spelled (`[]`
/// or `{}`) is no part of the value.
#[derive(Clone, Debug, Default)]
pub struct Absent {
    /// One bit per property position; no trailing zero word, so equal sets are equal.
    bits: Vec<u64>,
    from_list: bool,
}

impl Absent {
    /// Nothing absent: every property is written.
    pub const NONE: Absent = Absent {
        bits: Vec::new(),
        from_list: false,
    };

    /// The set for an object being read, from `[]` or from a map; positions are added as the
    /// object's slots are taken.
    #[inline]
    pub fn read(from_list: bool) -> Absent {
        Absent {
            bits: Vec::new(),
            from_list,
        }
    }

    /// Whether the property at `position` was absent.
    #[inline]
    pub fn contains(&self, position: usize) -> bool {
        self.bits
            .get(position / 64)
            .is_some_and(|word| word & (1 << (position % 64)) != 0)
    }

    /// Marks the property at `position` absent: it is no longer written.
    pub fn insert(&mut self, position: usize) {
        let word = position / 64;
        if self.bits.len() <= word {
            self.bits.resize(word + 1, 0);
        }
        self.bits[word] |= 1 << (position % 64);
    }

    /// Marks the property at `position` present again.
    pub fn remove(&mut self, position: usize) {
        if let Some(word) = self.bits.get_mut(position / 64) {
            *word &= !(1 << (position % 64));
        }
        // Trailing empty words would make equal sets compare unequal.
        while self.bits.last() == Some(&0) {
            self.bits.pop();
        }
    }

    /// Whether no property is absent.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bits.is_empty()
    }

    /// Whether all `count` properties are absent: the object was empty.
    #[inline]
    pub fn is_all(&self, count: usize) -> bool {
        (0..count).all(|position| self.contains(position))
    }

    /// The object came as `[]`, as PHP writes an empty array where the schema says object.
    #[inline]
    pub fn from_list(&self) -> bool {
        self.from_list
    }

    /// Whether an object with `count` properties, none of them written, is written as `[]`: it
    /// came so, or it held properties that a filter left out (PHP's emptied array). An object that
    /// came as `{}` (a PHP `stdClass`) stays `{}`.
    #[inline]
    pub fn empty_as_list(&self, count: usize) -> bool {
        self.from_list || !self.is_all(count)
    }

    /// The absent set of a type holding some of this one's `count` properties: `positions[j]` is
    /// the position here of the other type's property `j`. When a property that was there is
    /// dropped, the other object is one a filter made smaller: written empty, it is `[]`.
    pub fn select(&self, positions: &[usize], count: usize) -> Absent {
        let dropped_present =
            (0..count).any(|position| !self.contains(position) && !positions.contains(&position));
        let mut selected = Absent {
            bits: Vec::new(),
            from_list: self.from_list || dropped_present,
        };
        for (j, &position) in positions.iter().enumerate() {
            if self.contains(position) {
                selected.insert(j);
            }
        }
        selected
    }
}

impl PartialEq for Absent {
    fn eq(&self, other: &Absent) -> bool {
        self.bits == other.bits
    }
}

impl Eq for Absent {}

impl std::hash::Hash for Absent {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}

impl Absent {
    /// The value read for the property at `position`, or its default with the position marked
    /// absent.
    #[inline]
    pub fn take<T: Default>(&mut self, slot: Option<T>, position: usize) -> T {
        match slot {
            Some(value) => value,
            None => {
                self.insert(position);
                T::default()
            }
        }
    }
}

/// The properties of an object the schema does not list, as WordPress sent them.
pub type Extra = Map<String, Value>;

/// What generated code implements for the private struct it reads an object into: one `Option`
/// per property, filled as the object names it.
pub trait Slots: Default {
    /// Reads the value of property `key` into its slot; `false` when the schema lists no such
    /// property (the value is then kept among the extra properties).
    fn read_entry<'de, A: MapAccess<'de>>(
        &mut self,
        key: &str,
        map: &mut A,
    ) -> Result<bool, A::Error>;
}

/// An object as generated types read it: the slots of its listed properties, the unlisted ones,
/// and whether it came as PHP's empty array `[]`.
pub struct ReadObject<S> {
    pub slots: S,
    pub extra: Extra,
    pub from_list: bool,
}

/// Reads an object into slots `S`, from a JSON object or from `[]`.
pub fn read_object<'de, S: Slots, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<ReadObject<S>, D::Error> {
    deserializer.deserialize_any(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<S>(PhantomData<S>);

impl<'de, S: Slots> Visitor<'de> for ObjectVisitor<S> {
    type Value = ReadObject<S>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object, or [] for an empty one")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ReadObject<S>, A::Error> {
        let mut slots = S::default();
        let mut extra = Extra::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            if !slots.read_entry(&key, &mut map)? {
                extra.insert(key.into_owned(), map.next_value()?);
            }
        }
        Ok(ReadObject {
            slots,
            extra,
            from_list: false,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ReadObject<S>, A::Error> {
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        Ok(ReadObject {
            slots: S::default(),
            extra: Extra::new(),
            from_list: true,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_past_one_word_are_kept() {
        let mut absent = Absent::default();
        assert!(absent.is_empty());
        absent.insert(3);
        absent.insert(70);
        assert!(absent.contains(3) && absent.contains(70));
        assert!(!absent.contains(4) && !absent.contains(64) && !absent.contains(500));
        absent.remove(70);
        assert!(!absent.contains(70) && !absent.is_empty());
        absent.remove(3);
        assert!(absent.is_empty());
        assert_eq!(absent, {
            let mut other = Absent::NONE;
            other.insert(1);
            other.remove(1);
            other
        });
    }

    #[test]
    fn an_empty_object_is_written_as_it_came() {
        let mut from_map = Absent::read(false);
        from_map.insert(0);
        from_map.insert(1);
        assert!(from_map.is_all(2));
        // `{}` stays `{}`; `[]` stays `[]`; an object a filter emptied is PHP's empty array.
        assert!(!from_map.empty_as_list(2));
        let mut from_list = Absent::read(true);
        from_list.insert(0);
        from_list.insert(1);
        assert!(from_list.empty_as_list(2));
        assert!(Absent::NONE.empty_as_list(2));
    }

    #[test]
    fn a_context_type_selects_its_properties() {
        let mut full = Absent::read(true);
        full.insert(1);
        full.insert(4);
        let view = full.select(&[0, 4, 5], 6);
        assert!(!view.contains(0) && view.contains(1) && !view.contains(2));
        assert!(view.from_list());
        // A type that drops a property that was there writes `[]` when it has nothing left.
        let mut edit = Absent::read(false);
        edit.insert(1);
        assert!(edit.select(&[1], 2).from_list());
        assert!(!edit.select(&[0, 1], 2).from_list());
    }

    #[test]
    fn slots_take_their_value_or_mark_the_position() {
        let mut absent = Absent::default();
        assert_eq!(absent.take(Some(5), 0), 5);
        assert_eq!(absent.take::<i64>(None, 2), 0);
        assert!(!absent.contains(0) && absent.contains(2));
    }

    #[derive(Debug, Default, PartialEq)]
    struct Pair {
        id: Option<i64>,
        name: Option<String>,
    }

    impl Slots for Pair {
        fn read_entry<'de, A: MapAccess<'de>>(
            &mut self,
            key: &str,
            map: &mut A,
        ) -> Result<bool, A::Error> {
            match key {
                "id" => self.id = Some(map.next_value()?),
                "name" => self.name = Some(map.next_value()?),
                _ => return Ok(false),
            }
            Ok(true)
        }
    }

    fn read(json: &str) -> Result<ReadObject<Pair>, serde_json::Error> {
        read_object(&mut serde_json::Deserializer::from_str(json))
    }

    #[test]
    fn listed_properties_fill_slots_and_the_others_are_kept() {
        let object = read(r#"{"id": 3, "plugin_field": {"a": [1]}, "name": "x\"y"}"#).unwrap();
        assert_eq!(
            object.slots,
            Pair {
                id: Some(3),
                name: Some("x\"y".into())
            }
        );
        assert_eq!(
            Value::Object(object.extra),
            serde_json::json!({"plugin_field": {"a": [1]}})
        );
        assert!(!object.from_list);
        let empty = read("[]").unwrap();
        assert_eq!(
            (empty.slots, empty.extra.len(), empty.from_list),
            (Pair::default(), 0, true)
        );
        for bad in ["[1]", "\"x\"", "null", r#"{"id": "3"}"#] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
