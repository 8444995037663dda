//! The pairs of a JSON object body for the typed argument path: read in one pass, each value as
//! written, without building a `Value`.
//!
//! It accepts exactly the documents the full path's decoder accepts (both are serde_json's
//! grammar after a UTF-8 check), so a body it reads is one PHP's `json_decode` reads too. It gives
//! up on whatever it cannot hand over as a plain value without doubt: a body that is not an
//! object, a key with escapes, nesting past serde_json's recursion limit.

use super::PlainValue;
use serde::de::{Deserializer as _, Error as _, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;

/// Calls `each` with every pair of the JSON object `body`, in the order written (a repeated key
/// is called again, and the last value wins, as in PHP's array). `None` when the body is not one
/// the typed path reads, or `each` gives up.
pub(crate) fn each_json_pair(
    body: &[u8],
    each: &mut impl FnMut(&str, PlainValue<'_>) -> Option<()>,
) -> Option<()> {
    let text = std::str::from_utf8(body).ok()?;
    let mut reader = serde_json::Deserializer::from_str(text);
    reader.deserialize_map(Pairs { each }).ok()?;
    reader.end().ok()
}

struct Pairs<'f, F> {
    each: &'f mut F,
}

impl<'de, F: FnMut(&str, PlainValue<'_>) -> Option<()>> Visitor<'de> for Pairs<'_, F> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // A key written with escapes is not a borrowed `&str`; serde_json refuses it, and the
        // full path reads the body instead.
        while let Some(name) = map.next_key::<&'de str>()? {
            let raw: &'de RawValue = map.next_value()?;
            let decoded;
            let value = match raw.get().as_bytes().first() {
                Some(b'"') => {
                    decoded = string(raw.get()).ok_or_else(|| A::Error::custom("bad string"))?;
                    PlainValue::Text(&decoded)
                }
                Some(b'-' | b'0'..=b'9') => PlainValue::Number(raw.get()),
                _ => PlainValue::Other,
            };
            (self.each)(name, value).ok_or_else(|| A::Error::custom("left to the full path"))?;
        }
        Ok(())
    }
}

/// A JSON string token's text: borrowed when it has no escapes. `None` for an escape PHP would
/// refuse (a lone UTF-16 surrogate), which the full path reports.
fn string(token: &str) -> Option<std::borrow::Cow<'_, str>> {
    let inner = &token[1..token.len() - 1];
    if inner.contains('\\') {
        serde_json::from_str::<String>(token).ok().map(Into::into)
    } else {
        Some(inner.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(body: &str) -> Option<Vec<String>> {
        let mut seen = Vec::new();
        each_json_pair(body.as_bytes(), &mut |name, value| {
            seen.push(format!("{name}={value:?}"));
            Some(())
        })?;
        Some(seen)
    }

    #[test]
    fn values_come_as_written_in_order() {
        let body = r#" {"a":"x","n":-12,"f":1.5e3,"b":true,"z":null,"o":{"k":[1]},"e":"caf\u00e9\n","a":"y"} "#;
        let expected = [
            r#"a=Text("x")"#,
            r#"n=Number("-12")"#,
            r#"f=Number("1.5e3")"#,
            "b=Other",
            "z=Other",
            "o=Other",
            r#"e=Text("café\n")"#,
            r#"a=Text("y")"#,
        ];
        assert_eq!(pairs(body), Some(expected.map(str::to_owned).to_vec()));
        assert_eq!(pairs("{}"), Some(vec![]));
    }

    /// Each of these either fails PHP's `json_decode` (the full path reports it) or is a shape the
    /// typed path leaves alone.
    #[test]
    fn what_is_left_to_the_full_path() {
        for body in [
            r#"{"a":1,}"#,
            r#"{"a":01}"#,
            r#"{"a":"x"} x"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\ud800"}"#,
            r#"{"\u0061":1}"#,
            r#"[1,2]"#,
            r#""text""#,
            r#"{"a":tru}"#,
        ] {
            assert_eq!(pairs(body), None, "{body}");
        }
        let mut never = |_: &str, _: PlainValue<'_>| None;
        assert_eq!(each_json_pair(br#"{"a":1}"#, &mut never), None);
        assert_eq!(
            each_json_pair(b"{\"a\":\"\xff\"}", &mut |_, _| Some(())),
            None
        );
    }

    #[test]
    fn the_full_path_decoder_agrees_on_what_is_json() {
        for body in [
            r#"{"a":1e400}"#,
            r#"{"a":"\ud83d\ude00"}"#,
            "{\"a\":\"\u{7f}\"}",
        ] {
            assert!(crate::php_json::decode(body.as_bytes()).is_ok(), "{body}");
            assert!(pairs(body).is_some(), "{body}");
        }
    }
}
