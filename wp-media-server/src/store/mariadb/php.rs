//! PHP's serialize format, in which WordPress keeps structured meta and options (attachment
//! metadata, capabilities, application passwords), as the JSON values the server works in.
//!
//! Values read as WordPress's answers show them (`json_encode`): a PHP array is a list when its
//! keys are 0, 1, 2… in order, and an object otherwise, with integer keys as their decimal text;
//! a float without a fraction is an integer. Writing goes the other way: a JSON
//! array is a list, an object an array with its keys (PHP reads a key such as `"5"` as the
//! integer 5, as it would have stored it).

use serde_json::{Map, Value};
use wp_schema_runtime::php::trim_bytes as trim;

/// Why stored text is not a PHP value the store can read.
#[derive(Debug)]
pub struct Unreadable(String);

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `unserialize`: the value the text begins with. What follows it is ignored, as PHP ignores it
/// (8.2 silently; 8.3 with a warning).
pub fn unserialize(text: &[u8]) -> Result<Value, Unreadable> {
    read(&mut phpserz::PhpParser::new(text))
}

/// `serialize( $value )`, for a value as the server holds it.
pub fn serialize(value: &Value) -> Vec<u8> {
    // Every JSON value has a PHP form: serde_php refuses only what JSON cannot hold (lengths not
    // known ahead, which serde_json's values always give).
    serde_php::to_vec(value).expect("a JSON value is always serializable")
}

/// `maybe_serialize` of a string: kept as it is, unless it looks serialized itself, when it is
/// serialized once more (so that reading it back gives the string, not what it spells).
pub fn maybe_serialize(text: &str) -> Vec<u8> {
    if is_serialized(text.as_bytes(), false) {
        serialize(&Value::String(text.to_owned()))
    } else {
        text.as_bytes().to_vec()
    }
}

/// A text meta value as `get_post_meta( …, true )` gives it: serialized text is unserialized
/// (a string gives itself; anything else, or text that does not unserialize, gives `''`, as
/// `false` and arrays print), plain text is as stored.
pub fn maybe_unserialize_text(stored: &[u8]) -> String {
    if !is_serialized(stored, true) {
        return String::from_utf8_lossy(stored).into_owned();
    }
    match unserialize(trim(stored)) {
        Ok(Value::String(s)) => s,
        Ok(Value::Number(n)) => n.to_string(),
        Ok(Value::Bool(true)) => "1".to_owned(),
        _ => String::new(),
    }
}

/// `is_serialized( $data, $strict )`: whether stored text has the shape of a serialized value
/// (WordPress's test of shape, not a parse).
pub fn is_serialized(data: &[u8], strict: bool) -> bool {
    let data = trim(data);
    if data == b"N;" {
        return true;
    }
    if data.len() < 4 || data[1] != b':' {
        return false;
    }
    if strict {
        if !matches!(data.last(), Some(b';' | b'}')) {
            return false;
        }
    } else {
        let semicolon = data.iter().position(|&c| c == b';');
        let brace = data.iter().position(|&c| c == b'}');
        if (semicolon.is_none() && brace.is_none())
            || semicolon.is_some_and(|at| at < 3)
            || brace.is_some_and(|at| at < 4)
        {
            return false;
        }
    }
    let rest = &data[2..];
    match data[0] {
        b's' | b'a' | b'O' | b'E' => {
            if data[0] == b's' {
                let quoted = if strict {
                    data[data.len() - 2] == b'"'
                } else {
                    data.contains(&b'"')
                };
                if !quoted {
                    return false;
                }
            }
            // `^T:[0-9]+:`
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            digits > 0 && rest.get(digits) == Some(&b':')
        }
        b'b' | b'i' | b'd' => {
            // `^T:[0-9.E+-]+;`, and in strict mode `$` after it (the text is trimmed, so no last
            // newline is left for `$` to allow).
            let body = rest
                .iter()
                .take_while(|c| c.is_ascii_digit() || b".E+-".contains(c))
                .count();
            if body == 0 || rest.get(body) != Some(&b';') {
                return false;
            }
            !strict || body + 1 == rest.len()
        }
        _ => false,
    }
}

fn read(parser: &mut phpserz::PhpParser<'_>) -> Result<Value, Unreadable> {
    let token = parser
        .read_token()
        .map_err(|e| Unreadable(format!("at byte {}: {e}", parser.position())))?;
    read_from(parser, token)
}

fn read_from(
    parser: &mut phpserz::PhpParser<'_>,
    token: phpserz::PhpToken<'_>,
) -> Result<Value, Unreadable> {
    use phpserz::PhpToken;
    Ok(match token {
        PhpToken::Null => Value::Null,
        PhpToken::Boolean(b) => Value::Bool(b),
        PhpToken::Integer(i) => Value::from(i),
        // As WordPress's answers show it (`json_encode` cannot write infinities or NaN either).
        PhpToken::Float(f) => wp_schema_runtime::php_json::float(f),
        PhpToken::String(s) => Value::String(text(s)),
        PhpToken::Array { elements } => {
            let mut entries = Vec::with_capacity(elements as usize);
            for _ in 0..elements {
                let key = match parser.read_token().map_err(at(parser))? {
                    PhpToken::Integer(i) => Key::Int(i),
                    PhpToken::String(s) => Key::of_text(text(s)),
                    other => return Err(Unreadable(format!("an array key of {other:?}"))),
                };
                entries.push((key, read(parser)?));
            }
            end(parser)?;
            let is_list = entries
                .iter()
                .enumerate()
                .all(|(i, (key, _))| matches!(key, Key::Int(k) if *k == i as i64));
            if is_list {
                Value::Array(entries.into_iter().map(|(_, v)| v).collect())
            } else {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(key, v)| (key.into_text(), v))
                        .collect::<Map<_, _>>(),
                )
            }
        }
        // An object's public properties, as `json_encode` gives them.
        PhpToken::Object { properties, .. } => {
            let mut map = Map::new();
            for _ in 0..properties {
                let name = match parser.read_token().map_err(at(parser))? {
                    PhpToken::String(s) => text(s),
                    other => return Err(Unreadable(format!("a property name of {other:?}"))),
                };
                let value = read(parser)?;
                if !name.starts_with('\0') {
                    map.insert(name, value);
                }
            }
            end(parser)?;
            Value::Object(map)
        }
        other @ (PhpToken::CustomObject { .. } | PhpToken::Reference { .. } | PhpToken::End) => {
            return Err(Unreadable(format!("{other:?} where a value was expected")))
        }
    })
}

fn end(parser: &mut phpserz::PhpParser<'_>) -> Result<(), Unreadable> {
    match parser.read_token().map_err(at(parser))? {
        phpserz::PhpToken::End => Ok(()),
        other => Err(Unreadable(format!("{other:?} where `}}` was expected"))),
    }
}

fn at<'p>(parser: &'p phpserz::PhpParser<'_>) -> impl Fn(phpserz::Error) -> Unreadable + 'p {
    move |e| Unreadable(format!("at byte {}: {e}", parser.position()))
}

/// PHP strings are bytes; WordPress's text is UTF-8, and what is not reads as `json_encode`
/// would refuse it, replaced.
fn text(s: phpserz::PhpBstr<'_>) -> String {
    String::from_utf8_lossy(s.as_bytes()).into_owned()
}

enum Key {
    Int(i64),
    Text(String),
}

impl Key {
    /// PHP stores a key that is an integer's own decimal text (`"5"`, not `"05"` or `"+5"`) as
    /// that integer, and so reads it back.
    fn of_text(s: String) -> Key {
        match s.parse::<i64>() {
            Ok(i) if i.to_string() == s => Key::Int(i),
            _ => Key::Text(s),
        }
    }

    fn into_text(self) -> String {
        match self {
            Key::Int(i) => i.to_string(),
            Key::Text(s) => s,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrays_are_lists_only_when_keyed_in_order_from_zero() {
        assert_eq!(
            unserialize(br#"a:2:{i:0;s:1:"a";i:1;s:1:"b";}"#).unwrap(),
            json!(["a", "b"])
        );
        assert_eq!(
            unserialize(br#"a:2:{i:0;s:1:"a";i:2;s:1:"b";}"#).unwrap(),
            json!({"0": "a", "2": "b"})
        );
        assert_eq!(
            unserialize(br#"a:2:{i:1;s:1:"a";i:0;s:1:"b";}"#).unwrap(),
            json!({"1": "a", "0": "b"})
        );
        assert_eq!(unserialize(b"a:0:{}").unwrap(), json!([]));
        assert_eq!(
            unserialize(br#"a:2:{s:1:"0";s:1:"a";s:1:"1";s:1:"b";}"#).unwrap(),
            json!(["a", "b"]),
            "integers' text is an integer key"
        );
        assert_eq!(
            unserialize(br#"a:1:{s:2:"00";s:1:"a";}"#).unwrap(),
            json!({"00": "a"})
        );
    }

    #[test]
    fn scalars_keep_their_kind() {
        assert_eq!(
            unserialize(
                br#"a:5:{s:1:"i";i:-3;s:1:"d";d:0.5;s:1:"w";d:128000;s:1:"b";b:1;s:1:"n";N;}"#
            )
            .unwrap(),
            json!({"i": -3, "d": 0.5, "w": 128000, "b": true, "n": null})
        );
    }

    #[test]
    fn a_value_cut_short_is_unreadable_and_what_follows_one_is_ignored() {
        assert_eq!(unserialize(b"i:1;i:2;").unwrap(), json!(1));
        for text in [&b"a:1:{i:0;}"[..], b"s:5:\"abc\";", b"", b"x:1;"] {
            assert!(
                unserialize(text).is_err(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn what_is_written_reads_back_alike() {
        let value = json!({
            "width": 1200, "file": "2026/12/été.jpg", "filesize": 52_113,
            "sizes": {"medium": {"file": "a-300x200.jpg", "width": 300}},
            "image_meta": {"aperture": "0", "keywords": [], "ratio": 0.0907, "rate": 44100},
        });
        assert_eq!(unserialize(&serialize(&value)).unwrap(), value);
    }
}
