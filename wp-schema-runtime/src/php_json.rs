//! PHP's JSON: `json_decode($text, true)`, what it accepts and the error code and message it
//! reports; and `json_encode`'s escaping, which WordPress's answers are written with.

use serde::{Deserialize, Serialize};
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};
use serde_json::Value;
use std::io;

/// PHP's nesting limit for `json_decode` (its default `$depth`).
const MAX_DEPTH: usize = 512;

/// A `json_last_error()` code with its `json_last_error_msg()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub code: u8,
    pub message: &'static str,
}

impl JsonError {
    const fn new(code: u8, message: &'static str) -> JsonError {
        JsonError { code, message }
    }
}

const DEPTH: JsonError = JsonError::new(1, "Maximum stack depth exceeded");
const CTRL_CHAR: JsonError =
    JsonError::new(3, "Control character error, possibly incorrectly encoded");
const SYNTAX: JsonError = JsonError::new(4, "Syntax error");
const UTF8: JsonError = JsonError::new(
    5,
    "Malformed UTF-8 characters, possibly incorrectly encoded",
);
const UTF16: JsonError = JsonError::new(10, "Single unpaired UTF-16 surrogate in unicode escape");

/// A PHP float as the value `json_encode` writes: without a fraction when it has none and is
/// below 10^17 in size (`22050.0` is written `22050`; from 10^17 PHP writes an exponent).
pub fn float(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e17 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// Decodes `text` as PHP does: nesting past 512 levels is an error (checked before parsing, so no
/// input can exhaust the stack), and integers past PHP's `int` become floats.
pub fn decode(text: &[u8]) -> Result<Value, JsonError> {
    if std::str::from_utf8(text).is_err() {
        return Err(UTF8);
    }
    if nesting_depth(text) > MAX_DEPTH {
        return Err(DEPTH);
    }
    let value = match parse(text) {
        Err(e) if e.to_string().contains("number out of range") => {
            parse(saturate_infinite_numbers(text).as_bytes())
        }
        parsed => parsed,
    };
    value.map(php_numbers).map_err(|e| classify(&e, text))
}

fn parse(text: &[u8]) -> serde_json::Result<Value> {
    let mut de = serde_json::Deserializer::from_slice(text);
    de.disable_recursion_limit();
    Value::deserialize(&mut de).and_then(|v| de.end().map(|()| v))
}

/// PHP decodes a number too large for a double (`1e400`) as `INF`, which a JSON value cannot hold.
/// The largest double stands in for it: WordPress's checks treat the two alike (an integer, past
/// every bound, 0 as an `int`).
fn saturate_infinite_numbers(text: &[u8]) -> String {
    let text = String::from_utf8_lossy(text);
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            out.push(c);
            continue;
        }
        if c == '"' {
            in_string = true;
        }
        if !(c == '-' || c.is_ascii_digit()) {
            out.push(c);
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, next)) = chars.peek() {
            if !(next.is_ascii_digit() || matches!(next, '.' | 'e' | 'E' | '+' | '-')) {
                break;
            }
            end = i + next.len_utf8();
            chars.next();
        }
        let literal = &text[start..end];
        match literal.parse::<f64>() {
            Ok(f) if f.is_infinite() => out.push_str(&format!("{:e}", f64::MAX.copysign(f))),
            _ => out.push_str(literal),
        }
    }
    out
}

/// The deepest nesting of arrays and objects, ignoring brackets inside strings.
fn nesting_depth(text: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0usize, false, false);
    for &b in text {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

fn classify(e: &serde_json::Error, input: &[u8]) -> JsonError {
    let text = e.to_string();
    if text.contains("control character") {
        CTRL_CHAR
    } else if text.contains("hex escape") && has_lone_surrogate_escape(input) {
        UTF16
    } else {
        SYNTAX
    }
}

/// Whether a `\uD800`–`\uDFFF` escape stands without its partner.
fn has_lone_surrogate_escape(input: &[u8]) -> bool {
    let escape_at = |i: usize| -> Option<u16> {
        let hex = input.get(i + 2..i + 6)?;
        (input.get(i..i + 2)? == b"\\u").then_some(())?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut i = 0;
    while i < input.len() {
        match escape_at(i) {
            Some(0xD800..=0xDBFF) => match escape_at(i + 6) {
                Some(0xDC00..=0xDFFF) => i += 12,
                _ => return true,
            },
            Some(0xDC00..=0xDFFF) => return true,
            Some(_) => i += 6,
            None if input[i] == b'\\' => i += 2,
            None => i += 1,
        }
    }
    false
}

/// PHP has one integer type, i64; larger JSON integers decode as floats.
fn php_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) if n.is_u64() && n.as_i64().is_none() => n
            .as_f64()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::Null, Value::Number),
        Value::Array(list) => Value::Array(list.into_iter().map(php_numbers).collect()),
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, php_numbers(v))).collect())
        }
        other => other,
    }
}

/// `wp_json_encode( $value )`: JSON with `/` written `\/` and every character beyond ASCII as a
/// `\uXXXX` escape (a pair of them beyond the BMP), as PHP's `json_encode` writes without
/// `JSON_UNESCAPED_SLASHES` or `JSON_UNESCAPED_UNICODE`.
pub fn to_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    to_writer(&mut out, value)?;
    Ok(out)
}

/// [`to_vec`] into a writer.
pub fn to_writer<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut serializer =
        serde_json::Serializer::with_formatter(writer, PhpEscapes(CompactFormatter));
    value.serialize(&mut serializer)
}

/// [`to_vec`] with `JSON_PRETTY_PRINT`: four spaces a level and `": "` between key and value.
pub fn to_vec_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::new();
    let formatter = PhpEscapes(PrettyFormatter::with_indent(b"    "));
    value.serialize(&mut serde_json::Serializer::with_formatter(
        &mut out, formatter,
    ))?;
    Ok(out)
}

/// A formatter that writes strings as PHP escapes them and leaves the layout to `F`.
struct PhpEscapes<F>(F);

impl<F: Formatter> Formatter for PhpEscapes<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let plain = |b: &u8| b.is_ascii() && *b != b'/';
        if fragment.bytes().all(|b| plain(&b)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut units = [0u16; 2];
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if c.is_ascii() && c != '/' {
                continue;
            }
            writer.write_all(&fragment.as_bytes()[start..at])?;
            start = at + c.len_utf8();
            if c == '/' {
                writer.write_all(b"\\/")?;
                continue;
            }
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }

    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }

    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// WordPress 6.9.7 takes `{"post": 1e400}` (PHP's `INF`) as an integer that casts to 0.
    #[test]
    fn numbers_past_a_double_decode_as_the_largest_double() {
        let decoded = decode(br#"{"a": 1e400, "b": [-1e999], "c": "1e400", "d": 1.5}"#).unwrap();
        assert_eq!(decoded["a"], json!(f64::MAX));
        assert_eq!(decoded["b"][0], json!(-f64::MAX));
        assert_eq!(decoded["c"], json!("1e400"));
        assert_eq!(decoded["d"], json!(1.5));
        assert_eq!(crate::php::to_int(&decoded["a"]), 0);
        assert!(decode(b"[1e400").is_err());
    }

    #[test]
    fn errors_carry_php_codes() {
        let cases: [(&[u8], Result<Value, JsonError>); 11] = [
            (b"{\"a\":1}", Ok(json!({"a": 1}))),
            (b"{nope", Err(SYNTAX)),
            (b"[1,]", Err(SYNTAX)),
            (b"\"a\x01\"", Err(CTRL_CHAR)),
            (b"\"\xff\"", Err(UTF8)),
            (b"\"\\ud800\"", Err(UTF16)),
            (b"\"\\udc00x\"", Err(UTF16)),
            (b"\"\\u12\"", Err(SYNTAX)),
            (b"\"\\ud83d\\ude00\"", Ok(json!("\u{1F600}"))),
            (b"18446744073709551615", Ok(json!(18446744073709551615.0))),
            (b"9223372036854775807", Ok(json!(9223372036854775807i64))),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(text), expected, "{}", String::from_utf8_lossy(text));
        }
    }

    #[test]
    fn depth_limit_is_php_s_and_deep_input_is_safe() {
        let ok = format!("{}{}", "[".repeat(512), "]".repeat(512));
        assert!(decode(ok.as_bytes()).is_ok());
        let deep = format!("{}{}", "[".repeat(513), "]".repeat(513));
        assert_eq!(decode(deep.as_bytes()), Err(DEPTH));
        let hostile = "[".repeat(100_000);
        assert_eq!(decode(hostile.as_bytes()), Err(DEPTH));
    }

    /// What PHP 8.2's `json_encode` writes for the same values.
    #[test]
    fn strings_are_escaped_as_json_encode_escapes_them() {
        let value = serde_json::json!({
            "url": "http://x/a b",
            "text": "é😀\u{7f}\"\\\n",
            "list": ["/"],
        });
        assert_eq!(
            String::from_utf8(to_vec(&value).unwrap()).unwrap(),
            "{\"url\":\"http:\\/\\/x\\/a b\",\"text\":\"\\u00e9\\ud83d\\ude00\u{7f}\\\"\\\\\\n\",\"list\":[\"\\/\"]}"
        );
        assert_eq!(
            String::from_utf8(to_vec_pretty(&serde_json::json!({"a": ["/"]})).unwrap()).unwrap(),
            "{\n    \"a\": [\n        \"\\/\"\n    ]\n}"
        );
    }
}
