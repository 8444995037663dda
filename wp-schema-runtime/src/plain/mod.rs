//! The typed fast path of generated argument parsers: a request whose parameters are plain
//! query-string pairs, or the pairs of a flat JSON object body, is read straight into the argument
//! types, with no `Value` maps between.
//!
//! "Plain" is what the full path would read the same way without effort: names made only of
//! `A-Z a-z 0-9 _ -` in the query string (so PHP rewrites none of them and none makes an array),
//! values that decode to UTF-8, at most `max_input_vars` pairs, and no body other than a JSON
//! object (see [`json`]). The functions here answer `None` whenever they are not
//! sure, and the generated parser then runs the full path (`Params`), which also makes every error
//! body. The fast path never decides a request is invalid.

mod json;

use crate::params::RequestParts;
use crate::php_query::{url_decode_bytes, MAX_VARS};
use crate::schema::validate::{is_date_time, Bounds};
use json::each_json_pair;
use std::borrow::Cow;

/// One parameter's value as the typed path sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlainValue<'a> {
    /// A query-string value or a JSON string, decoded.
    Text(&'a str),
    /// A JSON number, as written.
    Number(&'a str),
    /// Any other JSON value: `null`, a boolean, an array or an object.
    Other,
}

impl<'a> PlainValue<'a> {
    /// The value of an argument that takes only strings (a JSON number is not a string to
    /// WordPress's type check, and a sanitizer without one would keep it a number).
    pub fn text(self) -> Option<&'a str> {
        match self {
            PlainValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value of an integer argument: WordPress reads a JSON number and a string of the same
    /// digits alike (`rest_is_integer`, then an `(int)` cast or `absint`).
    pub fn text_or_number(self) -> Option<&'a str> {
        match self {
            PlainValue::Text(text) | PlainValue::Number(text) => Some(text),
            PlainValue::Other => None,
        }
    }
}

/// Calls `each` with every parameter of a plain request, lowest precedence first (URL captures,
/// then the query string in order, then a JSON body's pairs in order), so that the last call for
/// a name holds the value `get_param` would return. `None` when the request is not plain or
/// `each` gives up.
pub fn each_pair(
    parts: &RequestParts<'_>,
    mut each: impl FnMut(&str, PlainValue<'_>) -> Option<()>,
) -> Option<()> {
    // A body that is not JSON is a form (PHP's `$_POST`, or WordPress's own parse), or ignored;
    // the full path knows which.
    let has_body = !parts.body.is_empty();
    if parts.multipart_fields.is_some() || (has_body && !parts.is_json()) {
        return None;
    }
    for (name, value) in &parts.url {
        each(name, PlainValue::Text(value))?;
    }
    each_query_pair(parts.query, &mut each)?;
    if has_body {
        each_json_pair(parts.body, &mut each)?;
    }
    Some(())
}

/// The query string's pairs, in order.
fn each_query_pair(
    query: &str,
    each: &mut impl FnMut(&str, PlainValue<'_>) -> Option<()>,
) -> Option<()> {
    let bytes = query.as_bytes();
    let (mut start, mut count) = (0, 0);
    // One pass over each pair: where its name ends, whether the name is plain, and whether the
    // value needs decoding. Slicing the `&str` at ASCII separators keeps it a `&str`.
    while start < bytes.len() {
        let (mut at, mut name_end, mut encoded) = (start, None, false);
        while at < bytes.len() && bytes[at] != b'&' {
            match (name_end, bytes[at]) {
                (None, b'=') => name_end = Some(at),
                (None, b) if !is_plain_name_byte(b) => return None,
                (Some(_), b'%' | b'+') => encoded = true,
                _ => {}
            }
            at += 1;
        }
        if at > start {
            count += 1;
            if count > MAX_VARS {
                return None;
            }
            let name = &query[start..name_end.unwrap_or(at)];
            let value = name_end.map_or("", |end| &query[end + 1..at]);
            // PHP drops a variable with an empty name.
            if !name.is_empty() {
                let value = if encoded {
                    Cow::Owned(decode(value)?)
                } else {
                    Cow::Borrowed(value)
                };
                each(name, PlainValue::Text(&value))?;
            }
        }
        start = at + 1;
    }
    Some(())
}

/// Bytes PHP keeps as they are in a variable name, and that no URL encoding hides.
fn is_plain_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// A query value URL-decoded, when it is UTF-8 (the full path would replace bad bytes).
fn decode(value: &str) -> Option<String> {
    String::from_utf8(url_decode_bytes(value.as_bytes())).ok()
}

/// An integer argument given as plain decimal digits (an optional `-`, at most 15 digits, so the
/// value and its float agree) and within `bounds`. Anything PHP might read differently (spaces,
/// `+`, a fraction, an exponent) is left to the full path.
pub fn integer(text: &str, bounds: &Bounds) -> Option<i64> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, text),
    };
    if digits.is_empty() || digits.len() > 15 {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(b - b'0');
    }
    let n = if negative { -n } else { n };
    bounds.contains(n as f64).then_some(n)
}

/// A string argument with the `date-time` format: `rest_parse_date` must accept it, and
/// `sanitize_text_field` is the format's sanitizer (it drops the one final newline the pattern's
/// `$` lets through).
pub fn date_time(text: &str) -> Option<String> {
    is_date_time(text).then(|| crate::callbacks::sanitize_text_field(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(parts: &RequestParts<'_>) -> Option<Vec<(String, String)>> {
        let mut seen = Vec::new();
        each_pair(parts, |name, value| {
            let value = match value {
                PlainValue::Text(text) => text.to_owned(),
                other => format!("{other:?}"),
            };
            seen.push((name.to_owned(), value));
            Some(())
        })?;
        Some(seen)
    }

    fn owned(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn query(query: &str) -> RequestParts<'_> {
        RequestParts {
            method: "GET",
            query,
            ..RequestParts::default()
        }
    }

    #[test]
    fn plain_pairs_are_decoded_in_order_after_url_captures() {
        let parts = RequestParts {
            url: vec![("id".to_owned(), "7".to_owned())],
            ..query("a=1&&b=x+y%2Cz&c&id=8")
        };
        let expected = [
            ("id", "7"),
            ("a", "1"),
            ("b", "x y,z"),
            ("c", ""),
            ("id", "8"),
        ];
        assert_eq!(pairs(&parts), Some(owned(&expected)));
    }

    #[test]
    fn names_php_would_rewrite_are_not_plain() {
        for q in ["a[]=1", "a.b=1", "a+b=1", "a%5B%5D=1", " a=1", "a%00b=1"] {
            assert_eq!(pairs(&query(q)), None, "{q}");
        }
    }

    #[test]
    fn a_json_body_comes_after_the_query_string() {
        let parts = RequestParts {
            method: "POST",
            content_type: Some("application/json; charset=UTF-8"),
            body: br#"{"a":"json","n":5}"#,
            ..query("a=get")
        };
        let expected = [("a", "get"), ("a", "json"), ("n", r#"Number("5")"#)];
        assert_eq!(pairs(&parts), Some(owned(&expected)));
    }

    #[test]
    fn other_bodies_and_bad_utf8_are_not_plain() {
        for content_type in [
            None,
            Some("application/x-www-form-urlencoded"),
            Some("text/json"),
        ] {
            let with_body = RequestParts {
                method: "POST",
                content_type,
                body: b"a=1",
                ..query("")
            };
            assert_eq!(pairs(&with_body), None, "{content_type:?}");
        }
        assert_eq!(pairs(&query("a=%FF")), None);
    }

    #[test]
    fn date_times_are_checked_then_sanitized() {
        assert_eq!(
            date_time("2024-01-02T03:04:05+01:00"),
            Some("2024-01-02T03:04:05+01:00".to_owned())
        );
        // PCRE's `$` lets one final newline through the check; the sanitizer drops it.
        assert_eq!(
            date_time("2024-01-02T03:04:05\n"),
            Some("2024-01-02T03:04:05".to_owned())
        );
        assert_eq!(date_time("2024-13-02T03:04:05"), None);
        assert_eq!(date_time("yesterday"), None);
    }

    #[test]
    fn past_max_input_vars_is_not_plain() {
        let many = vec!["a=1"; MAX_VARS].join("&");
        assert!(pairs(&query(&many)).is_some());
        assert_eq!(pairs(&query(&format!("{many}&b=2"))), None);
    }

    #[test]
    fn integers_are_plain_digits_within_bounds() {
        let bounds = Bounds {
            minimum: Some(1.0),
            maximum: Some(100.0),
            ..Bounds::default()
        };
        assert_eq!(integer("20", &bounds), Some(20));
        assert_eq!(integer("020", &bounds), Some(20));
        for text in ["0", "101", "", "-", "1.0", " 1", "+1", "1e1", "x"] {
            assert_eq!(integer(text, &bounds), None, "{text}");
        }
        assert_eq!(integer("-0", &Bounds::default()), Some(0));
        assert_eq!(integer(&"9".repeat(16), &Bounds::default()), None);
    }
}
