//! The typed fast path of generated argument parsers: a request whose parameters are plain
//! query-string pairs is read straight into the argument types, with no `Value` maps between.
//!
//! "Plain" is what the full path would read the same way without effort: no body, names made only
//! of `A-Z a-z 0-9 _ -` (so PHP rewrites none of them and none makes an array), values that decode
//! to UTF-8, and at most `max_input_vars` pairs. The functions here answer `None` whenever they are
//! not sure, and the generated parser then runs the full path (`Params`), which also makes every
//! error body. The fast path never decides a request is invalid.

use crate::params::RequestParts;
use crate::php_query::{url_decode_bytes, MAX_VARS};
use crate::validate::Bounds;
use std::borrow::Cow;

/// Calls `each` with every parameter of a plain request, lowest precedence first (URL captures,
/// then the query string in order), so that the last call for a name holds the value
/// `get_param` would return. `None` when the request is not plain or `each` gives up.
pub fn each_pair(
    parts: &RequestParts<'_>,
    mut each: impl FnMut(&str, &str) -> Option<()>,
) -> Option<()> {
    if !parts.body.is_empty() || parts.multipart_fields.is_some() {
        return None;
    }
    for (name, value) in &parts.url {
        each(name, value)?;
    }
    let query = parts.query;
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
                each(name, &value)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(parts: &RequestParts<'_>) -> Option<Vec<(String, String)>> {
        let mut seen = Vec::new();
        each_pair(parts, |name, value| {
            seen.push((name.to_owned(), value.to_owned()));
            Some(())
        })?;
        Some(seen)
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
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect();
        assert_eq!(pairs(&parts), Some(expected));
    }

    #[test]
    fn names_php_would_rewrite_are_not_plain() {
        for q in ["a[]=1", "a.b=1", "a+b=1", "a%5B%5D=1", " a=1", "a%00b=1"] {
            assert_eq!(pairs(&query(q)), None, "{q}");
        }
    }

    #[test]
    fn bodies_and_bad_utf8_are_not_plain() {
        let with_body = RequestParts {
            body: b"a=1",
            ..query("")
        };
        assert_eq!(pairs(&with_body), None);
        assert_eq!(pairs(&query("a=%FF")), None);
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
