//! PHP's value model as WordPress sees decoded JSON and request parameters: the one home of
//! PHP's value rules for the generator (which evaluates schema keywords as PHP would), the runtime
//! and the server.
//!
//! `json_decode($body, true)` turns objects and lists into one PHP type, the array, so `{}` and `[]`
//! are the same value, and an object whose keys are all integers is a list. Numbers keep PHP's
//! int/float distinction. These functions answer PHP's questions (`is_numeric`, `(int)`, `(string)`,
//! …) about a `serde_json::Value` in that model.

use serde_json::{Map, Number, Value};
use std::cmp::Ordering;

/// The characters PHP's `trim` takes off by default.
const TRIMMED: [char; 6] = [' ', '\t', '\n', '\r', '\0', '\x0b'];

/// PHP's `trim` with its default characters.
pub fn trim(s: &str) -> &str {
    s.trim_matches(TRIMMED)
}

/// PHP's `trim` of bytes that need not be UTF-8 (what a database column holds).
pub fn trim_bytes(b: &[u8]) -> &[u8] {
    let trimmed = |c: &u8| TRIMMED.contains(&char::from(*c));
    let start = b.iter().position(|c| !trimmed(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !trimmed(c))
        .map_or(start, |at| at + 1);
    &b[start..end]
}

/// `is_array`: PHP has one array type for JSON objects and lists.
pub fn is_array(v: &Value) -> bool {
    matches!(v, Value::Array(_) | Value::Object(_))
}

/// `is_scalar`: strings, numbers and booleans (not null).
pub fn is_scalar(v: &Value) -> bool {
    matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
}

/// A JSON object key as a PHP array key: canonical decimal integers become integers.
pub fn int_key(key: &str) -> Option<i64> {
    let digits = key.strip_prefix('-').unwrap_or(key);
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
        && key != "-0";
    if canonical {
        key.parse().ok()
    } else {
        None
    }
}

/// `wp_is_numeric_array`: an array none of whose keys is a string. An empty array is one.
pub fn is_list(v: &Value) -> bool {
    match v {
        Value::Array(_) => true,
        Value::Object(map) => map.keys().all(|k| int_key(k).is_some()),
        _ => false,
    }
}

/// `array_values`: the elements of a PHP array, in order.
pub fn values(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(list) => list.iter().collect(),
        Value::Object(map) => map.values().collect(),
        _ => Vec::new(),
    }
}

/// The number of elements of a PHP array (`count`).
pub fn count(v: &Value) -> usize {
    match v {
        Value::Array(list) => list.len(),
        Value::Object(map) => map.len(),
        _ => 0,
    }
}

/// The entries of a PHP array as `(key, value)`, list indexes as keys.
pub fn entries(v: &Value) -> Vec<(String, &Value)> {
    match v {
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), x))
            .collect(),
        Value::Object(map) => map.iter().map(|(k, x)| (k.clone(), x)).collect(),
        _ => Vec::new(),
    }
}

/// `array_key_exists`.
pub fn has_key(v: &Value, key: &str) -> bool {
    match v {
        Value::Object(map) => map.contains_key(key),
        Value::Array(list) => key
            .parse::<usize>()
            .is_ok_and(|i| i < list.len() && int_key(key).is_some()),
        _ => false,
    }
}

/// PHP's whitespace for numeric strings: space, tab, newline, carriage return, vertical tab, form feed.
fn is_php_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The length of the longest numeric prefix of `s` (after leading whitespace), and whether the whole
/// string is numeric (PHP 8: trailing whitespace allowed).
fn numeric_prefix(s: &str) -> (usize, bool) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() && is_php_space(b[i]) {
        i += 1;
    }
    let start = i;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let int_digits = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        frac_digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if int_digits + frac_digits > 0 {
            i += 1 + frac_digits;
        }
    }
    if int_digits + frac_digits == 0 {
        return (0, false);
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        let mut j = i + 1;
        if j < b.len() && (b[j] == b'+' || b[j] == b'-') {
            j += 1;
        }
        let exp_digits = b[j..].iter().take_while(|c| c.is_ascii_digit()).count();
        if exp_digits > 0 {
            i = j + exp_digits;
        }
    }
    let end = i;
    while i < b.len() && is_php_space(b[i]) {
        i += 1;
    }
    let _ = start;
    (end, i == b.len())
}

/// `is_numeric`: numbers, and strings that are wholly a decimal number (PHP 8).
pub fn is_numeric(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::String(s) => numeric_prefix(s).1,
        _ => false,
    }
}

/// `(float)`: PHP's conversion, taking the numeric prefix of strings.
pub fn to_float(v: &Value) -> f64 {
    match v {
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        Value::String(s) => {
            let (end, _) = numeric_prefix(s);
            s[..end]
                .trim_start_matches(|c: char| c.is_ascii() && is_php_space(c as u8))
                .parse()
                .unwrap_or(0.0)
        }
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Null => 0.0,
        Value::Array(_) | Value::Object(_) => f64::from(u8::from(count(v) > 0)),
    }
}

/// `(int)` of a float: truncation; NaN and infinities are 0, and values out of range wrap modulo
/// 2^64, as PHP 8 does on 64 bits (`(int) 1e19` is `-8446744073709551616`).
pub fn float_to_int(f: f64) -> i64 {
    if !f.is_finite() {
        return 0;
    }
    if (-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        return f.trunc() as i64;
    }
    let two64 = 18_446_744_073_709_551_616.0_f64;
    let mut m = f.trunc() % two64;
    if m < 0.0 {
        m += two64;
    }
    (m as u64) as i64
}

/// `(int)` of a numeric string's float value: saturating, as PHP's `zend_dval_to_lval_cap`.
fn float_to_int_capped(f: f64) -> i64 {
    if f.is_finite() {
        f as i64
    } else {
        0
    }
}

/// `(int)`: PHP's conversion.
pub fn to_int(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n
            .as_i64()
            .unwrap_or_else(|| float_to_int(n.as_f64().unwrap_or(0.0))),
        Value::String(s) => {
            let (end, _) = numeric_prefix(s);
            let text = s[..end].trim_start_matches(|c: char| c.is_ascii() && is_php_space(c as u8));
            match text.parse::<i64>() {
                Ok(n) => n,
                // Integer strings past i64 saturate; others ("1e3", "1.5") go through a float.
                Err(_) if !text.contains(['.', 'e', 'E']) && !text.is_empty() => {
                    if text.starts_with('-') {
                        i64::MIN
                    } else {
                        i64::MAX
                    }
                }
                Err(_) => float_to_int_capped(text.parse().unwrap_or(0.0)),
            }
        }
        Value::Bool(b) => i64::from(*b),
        Value::Null => 0,
        Value::Array(_) | Value::Object(_) => i64::from(count(v) > 0),
    }
}

/// `(bool)`: PHP's truthiness.
pub fn is_truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !(s.is_empty() || s == "0"),
        Value::Array(_) | Value::Object(_) => count(v) > 0,
    }
}

/// `empty()`: not truthy.
pub fn is_empty(v: Option<&Value>) -> bool {
    v.is_none_or(|v| !is_truthy(v))
}

/// `(string)` of a float, as PHP prints it in messages: `%.14G` (the `precision` setting), with
/// `1.0E+25` style exponents.
pub fn float_to_string(f: f64) -> String {
    if f.is_nan() {
        return "NAN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "INF".into() } else { "-INF".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Round to 14 significant digits first; the exponent is that of the rounded value.
    let sci = format!("{f:.13e}");
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits = mantissa.trim_start_matches('-').replace('.', "");
    let digits = digits.trim_end_matches('0');
    let sign = if f < 0.0 { "-" } else { "" };
    if !(-4..14).contains(&exponent) {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}.{rest}E{exp_sign}{}", exponent.abs());
    }
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("{sign}0.{zeros}{digits}");
    }
    let int_len = exponent as usize + 1;
    if digits.len() <= int_len {
        format!("{sign}{digits}{}", "0".repeat(int_len - digits.len()))
    } else {
        format!("{sign}{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

/// A JSON number as PHP prints it: ints in decimal, floats as [`float_to_string`].
pub fn number_to_string(n: &Number) -> String {
    match n.as_i64() {
        Some(i) => i.to_string(),
        None => float_to_string(n.as_f64().unwrap_or(0.0)),
    }
}

/// `(string)`: `true` is `"1"`, `false` and null are `""`; arrays print `Array`.
pub fn to_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => number_to_string(n),
        Value::Bool(true) => "1".into(),
        Value::Bool(false) | Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => "Array".into(),
    }
}

/// `rest_is_boolean`: booleans, the strings `true`/`false`/`1`/`0` in any case, and the ints 0 and 1.
pub fn rest_is_boolean(v: &Value) -> bool {
    match v {
        Value::Bool(_) => true,
        Value::String(s) => matches!(s.to_lowercase().as_str(), "false" | "true" | "0" | "1"),
        Value::Number(n) => matches!(n.as_i64(), Some(0 | 1)) && !n.is_f64(),
        _ => false,
    }
}

/// `rest_is_integer`: numeric, and its float value has no fraction.
pub fn rest_is_integer(v: &Value) -> bool {
    if !is_numeric(v) {
        return false;
    }
    let f = to_float(v);
    php_round(f) == f
}

/// PHP's `round()`: half away from zero.
pub fn php_round(f: f64) -> f64 {
    f.round()
}

/// `wp_parse_list` for a scalar: split on runs of commas and whitespace, empty pieces dropped.
pub fn parse_list(v: &Value) -> Vec<Value> {
    if is_array(v) {
        return values(v).into_iter().cloned().collect();
    }
    split_list(&to_string(v))
        .map(|piece| Value::String(piece.to_owned()))
        .collect()
}

/// The pieces `wp_parse_list` makes of a string.
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c == ',' || is_pcre_space(c))
        .filter(|piece| !piece.is_empty())
}

/// `\s` in a PCRE pattern without the `u` flag: ASCII whitespace, the vertical tab and form feed
/// included.
pub fn is_pcre_space(c: char) -> bool {
    PCRE_SPACE_CHARS.contains(&c)
}

/// The characters of [`is_pcre_space`], for `trim_matches`.
pub const PCRE_SPACE_CHARS: [char; 6] = [' ', '\t', '\n', '\r', '\x0b', '\x0c'];

macro_rules! pcre_space_members {
    () => {
        r" \t\n\x0B\x0C\r"
    };
}

/// [`is_pcre_space`] as a character class, for patterns translated from PHP's: WordPress writes
/// most of its patterns without `u`, so their `\s` matches these and no other space.
pub const PCRE_SPACE: &str = concat!("[", pcre_space_members!(), "]");

/// The members of [`PCRE_SPACE`], for a class that adds to them or negates them (`[^…"']`).
pub const PCRE_SPACE_MEMBERS: &str = pcre_space_members!();

/// `absint` of an integer: `abs( (int) $v )`. PHP's `abs( PHP_INT_MIN )` is the float
/// 9.223372036854776E+18 (PHP 8.2); the nearest integer stands for it.
pub fn abs_int(n: i64) -> i64 {
    n.saturating_abs()
}

/// `absint`: `abs( (int) $v )`.
pub fn absint(v: &Value) -> i64 {
    abs_int(to_int(v))
}

/// `rest_is_array`: a list, or a scalar that `wp_parse_list` turns into one.
pub fn rest_is_array(v: &Value) -> bool {
    is_scalar(v) || is_list(v)
}

/// `rest_sanitize_array`: scalars split, arrays re-indexed, anything else empty.
pub fn rest_sanitize_array(v: &Value) -> Vec<Value> {
    if is_scalar(v) {
        parse_list(v)
    } else {
        values(v).into_iter().cloned().collect()
    }
}

/// `rest_is_object`: `""` (an empty object) or any PHP array.
pub fn rest_is_object(v: &Value) -> bool {
    matches!(v, Value::String(s) if s.is_empty()) || is_array(v)
}

/// `rest_sanitize_object`: arrays kept, as a map; anything else is empty.
pub fn rest_sanitize_object(v: &Value) -> Map<String, Value> {
    match v {
        Value::Object(map) => map.clone(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, x)| (i.to_string(), x.clone()))
            .collect(),
        _ => Map::new(),
    }
}

/// PHP's `==`-free identity used by `uniqueItems`: `serialize(rest_stabilize_value($v))`, where
/// nested arrays have their keys sorted. Ints, floats, strings and booleans stay distinct.
pub fn stable_identity(v: &Value) -> String {
    match v {
        Value::Null => "N;".into(),
        Value::Bool(b) => format!("b:{};", u8::from(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) if !n.is_f64() => format!("i:{i};"),
            // Any exact, one-to-one form serves: PHP compares the serialized strings.
            _ => format!("d:{:?};", n.as_f64().unwrap_or(0.0)),
        },
        Value::String(s) => format!("s:{}:\"{s}\";", s.len()),
        Value::Array(_) | Value::Object(_) => {
            let mut items: Vec<(String, &Value)> = entries(v);
            items.sort_by(|a, b| compare_keys(&a.0, &b.0));
            let body: String = items
                .iter()
                .map(|(k, x)| {
                    let key = match int_key(k) {
                        Some(i) => format!("i:{i};"),
                        None => format!("s:{}:\"{k}\";", k.len()),
                    };
                    key + &stable_identity(x)
                })
                .collect();
            format!("a:{}:{{{body}}}", items.len())
        }
    }
}

/// `ksort`'s order: integer keys numerically; an integer against a string compares as strings.
fn compare_keys(a: &str, b: &str) -> Ordering {
    match (int_key(a), int_key(b)) {
        (Some(x), Some(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// `number_format_i18n($n)` in English: rounded, with `,` between thousands.
pub fn number_format(n: f64) -> String {
    let rounded = php_round(n);
    let digits = format!("{}", rounded.abs() as u64);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if rounded < 0.0 {
        out.insert(0, '-');
    }
    out
}

/// The value as PHP's `json_encode` writes the PHP value it stands for: an empty map is `[]`, a map
/// whose keys are exactly `0..n-1` in order is a list, and a float with no fraction is written
/// without one (`1.0` as `1`; WordPress does not ask for `JSON_PRESERVE_ZERO_FRACTION`).
pub fn to_php_json(v: &Value) -> Value {
    encoded(v, true)
}

/// [`to_php_json`] for a value that kept the input's own objects: an empty object stays `{}`, as
/// WordPress writes a `stdClass` (`media_details.sizes` of a file without sizes); an object the
/// runtime itself empties is `[]` already.
pub fn to_php_json_keeping_empty_objects(v: &Value) -> Value {
    encoded(v, false)
}

fn encoded(v: &Value, empty_map_is_list: bool) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let f = n.as_f64().unwrap_or(0.0);
            if f.fract() == 0.0 && f.abs() < 1e17 {
                Value::from(f as i64)
            } else {
                v.clone()
            }
        }
        Value::Object(map) if map.is_empty() && !empty_map_is_list => v.clone(),
        Value::Object(map) => {
            let sequential = map
                .keys()
                .enumerate()
                .all(|(i, k)| int_key(k) == Some(i as i64));
            if sequential {
                Value::Array(
                    map.values()
                        .map(|x| encoded(x, empty_map_is_list))
                        .collect(),
                )
            } else {
                Value::Object(
                    map.iter()
                        .map(|(k, x)| (k.clone(), encoded(x, empty_map_is_list)))
                        .collect(),
                )
            }
        }
        Value::Array(list) => {
            Value::Array(list.iter().map(|x| encoded(x, empty_map_is_list)).collect())
        }
        other => other.clone(),
    }
}

/// `sprintf('%d', $n)` of a schema bound: floats truncate toward zero.
pub fn format_d(v: &Value) -> String {
    to_int(v).to_string()
}

/// PHP's `strip_tags`: markup from `<` to its `>` removed (quotes inside a tag respected, comments
/// removed whole); a `<` followed by white space is text.
pub fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            out.push(c);
            continue;
        }
        match chars.peek() {
            Some((_, next)) if next.is_whitespace() => out.push(c),
            None => {}
            _ if s[i..].starts_with("<!--") => {
                let end = s[i + 4..].find("-->").map_or(s.len(), |e| i + 4 + e + 3);
                while chars.peek().is_some_and(|(j, _)| *j < end) {
                    chars.next();
                }
            }
            _ => {
                let mut quote: Option<char> = None;
                for (_, t) in chars.by_ref() {
                    match (quote, t) {
                        (Some(q), t) if t == q => quote = None,
                        (Some(_), _) => {}
                        (None, '"' | '\'') => quote = Some(t),
                        (None, '>') => break,
                        _ => {}
                    }
                }
            }
        }
    }
    out
}

/// PHP's `urlencode`: letters, digits and `-_.` kept, a space as `+`, every other byte as `%XX`.
pub fn urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// PHP's `urldecode`: `+` as a space and each `%XX` (either case) as its byte; a `%` not followed
/// by two hex digits stays as it is. The bytes need not be UTF-8.
pub fn urldecode(s: &str) -> Vec<u8> {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

/// PHP's `htmlspecialchars( $s, ENT_QUOTES )` on UTF-8 (`esc_textarea`): `&`, `<`, `>`, `"` and
/// `'` as entities, an `&` of an entity included; bytes that are not UTF-8 give `""`.
pub fn htmlspecialchars(bytes: &[u8]) -> String {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return String::new();
    };
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_trimmed_of_what_trim_takes_off() {
        assert_eq!(trim_bytes(b"\0\x0b \t\xffa b\r\n"), b"\xffa b");
        assert_eq!(
            trim_bytes(b"\x0ca\x0c"),
            b"\x0ca\x0c",
            "form feed stays, as in PHP"
        );
        assert_eq!(trim_bytes(b" \n "), b"");
        assert_eq!(trim(" \x0ba\0"), "a");
    }

    /// What PHP 8.2 answers for each.
    #[test]
    fn urldecode_and_htmlspecialchars_as_php() {
        assert_eq!(urldecode("raw%41zz"), b"rawAzz");
        assert_eq!(urldecode("a+b%2Bc%2bd"), b"a b+c+d");
        assert_eq!(urldecode("%zz%4"), b"%zz%4");
        assert_eq!(urldecode("%f0%9f%98%80-x"), "😀-x".as_bytes());
        assert_eq!(
            htmlspecialchars(b"&amp;<b>'\""),
            "&amp;amp;&lt;b&gt;&#039;&quot;"
        );
        assert_eq!(htmlspecialchars(b"\xe9t\xc3\xa9"), "");
    }

    // PHP 8.2: `abs( PHP_INT_MIN )` is float(9.223372036854776E+18), and `(int) "-9223372036854775809"`
    // saturates to PHP_INT_MIN.
    #[test]
    fn absint_of_the_smallest_int_is_the_largest() {
        assert_eq!(abs_int(i64::MIN), i64::MAX);
        assert_eq!(abs_int(-5), 5);
        assert_eq!(absint(&json!("-5")), 5);
        assert_eq!(absint(&json!("-9223372036854775809")), i64::MAX);
        assert_eq!(absint(&json!("x")), 0);
    }

    #[test]
    fn pcre_space_is_ascii_whitespace_with_vertical_tab_and_form_feed() {
        let spaces: String = (0u8..=127)
            .map(char::from)
            .filter(|&c| is_pcre_space(c))
            .collect();
        assert_eq!(spaces, "\t\n\x0b\x0c\r ");
        assert!(!is_pcre_space('\u{a0}'));
    }
    use serde_json::json;

    // Each: value, is_numeric, (float), (int) — PHP 8.2.
    #[test]
    fn numeric_strings() {
        let cases = [
            (json!("1"), true, 1.0, 1),
            (json!(" 1"), true, 1.0, 1),
            (json!("1 "), true, 1.0, 1),
            (json!("1e3"), true, 1000.0, 1000),
            (json!(".5"), true, 0.5, 0),
            (json!("1."), true, 1.0, 1),
            (json!("-1.5"), true, -1.5, -1),
            (json!(""), false, 0.0, 0),
            (json!(" "), false, 0.0, 0),
            (json!("0x1A"), false, 0.0, 0),
            (json!("1abc"), false, 1.0, 1),
            (json!("abc"), false, 0.0, 0),
            (json!(true), false, 1.0, 1),
            (json!(null), false, 0.0, 0),
            (json!(1.9), true, 1.9, 1),
            (json!([]), false, 0.0, 0),
            (json!([0]), false, 1.0, 1),
            (json!("1e100"), true, 1e100, i64::MAX),
            (json!("123e4567"), true, f64::INFINITY, 0),
            (json!("99999999999999999999"), true, 1e20, i64::MAX),
            (json!(1e19), true, 1e19, -8446744073709551616),
        ];
        // Seen with PHP 8.2.
        for (v, numeric, f, i) in cases {
            assert_eq!(is_numeric(&v), numeric, "is_numeric({v})");
            assert_eq!(to_float(&v), f, "(float) {v}");
            assert_eq!(to_int(&v), i, "(int) {v}");
        }
    }

    #[test]
    fn booleans_and_integers() {
        for (v, b) in [
            (json!("TRUE"), true),
            (json!("0"), true),
            (json!(1), true),
            (json!(2), false),
            (json!(1.0), false),
            (json!("yes"), false),
        ] {
            assert_eq!(rest_is_boolean(&v), b, "{v}");
        }
        for (v, i) in [
            (json!("1.0"), true),
            (json!(1.0), true),
            (json!("1e3"), true),
            (json!(1.1), false),
            (json!("1.5"), false),
            (json!(true), false),
        ] {
            assert_eq!(rest_is_integer(&v), i, "{v}");
        }
    }

    #[test]
    fn lists_and_objects() {
        assert!(is_list(&json!({})));
        assert!(is_list(&json!({"0": 1, "1": 2})));
        assert!(!is_list(&json!({"a": 1})));
        assert_eq!(
            parse_list(&json!("a, b,,c d")),
            vec![json!("a"), json!("b"), json!("c"), json!("d")]
        );
        assert_eq!(parse_list(&json!(true)), vec![json!("1")]);
        assert_eq!(parse_list(&json!(false)), Vec::<Value>::new());
        assert!(
            rest_is_object(&json!(""))
                && rest_is_object(&json!([1]))
                && !rest_is_object(&json!("x"))
        );
    }

    #[test]
    fn printing_like_php() {
        // Seen with PHP 8.2's `(string)`.
        let cases = [
            (1.0, "1"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1e25, "1.0E+25"),
            (1.5e-7, "1.5E-7"),
            (-2.0, "-2"),
            (1e14, "1.0E+14"),
            (1e13, "10000000000000"),
            (123456789012345.6, "1.2345678901235E+14"),
            (0.0001, "0.0001"),
            (0.00001, "1.0E-5"),
            (2.5, "2.5"),
            (-0.5, "-0.5"),
        ];
        for (f, s) in cases {
            assert_eq!(float_to_string(f), s, "{f}");
        }
        assert_eq!(number_format(1000.0), "1,000");
        assert_eq!(number_format(1234567.0), "1,234,567");
        assert_eq!(number_format(5.0), "5");
        assert_eq!(format_d(&json!(1.5)), "1");
    }

    #[test]
    fn unique_identity_distinguishes_php_types() {
        let id = stable_identity;
        assert_ne!(id(&json!(1)), id(&json!(1.0)));
        assert_ne!(id(&json!(1)), id(&json!("1")));
        assert_ne!(id(&json!(1)), id(&json!(true)));
        assert_eq!(id(&json!({"a": 1, "b": 2})), id(&json!({"b": 2, "a": 1})));
        assert_eq!(id(&json!({})), id(&json!([])));
    }
}
