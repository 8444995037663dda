//! PHP's `parse_str`: query strings and form bodies into nested arrays, with PHP's name mangling.
//!
//! PHP 8.2 rules (Debian's, which the reference installs run): pairs split on `&`; names and values
//! URL-decoded (`+` is a space); leading spaces dropped from names; `.` and ` ` in the base name
//! become `_`; `a[]` appends and `a[k]` sets a key; text after a closing bracket that does not open
//! another is ignored; an unmatched `[` becomes `_`; nesting past 64 levels drops the variable;
//! only the first 1000 variables count.

use serde_json::{Map, Value};

const MAX_NESTING: usize = 64;
/// PHP's `max_input_vars`.
pub(crate) const MAX_VARS: usize = 1000;

/// A PHP array key: integer for canonical decimal strings, as `zend_symtable_update` makes them.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Key {
    Int(i64),
    Str(String),
}

impl Key {
    fn from_php(s: String) -> Key {
        let digits = s.strip_prefix('-').unwrap_or(&s);
        let canonical = !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit())
            && (digits == "0" || !digits.starts_with('0'))
            && s != "-0";
        match s.parse::<i64>() {
            Ok(n) if canonical => Key::Int(n),
            _ => Key::Str(s),
        }
    }

    fn into_text(self) -> String {
        match self {
            Key::Int(n) => n.to_string(),
            Key::Str(s) => s,
        }
    }
}

/// A PHP value as parse_str builds it.
#[derive(Clone, Debug)]
enum Node {
    Str(String),
    Array(Vec<(Key, Node)>),
}

impl Node {
    fn entry(entries: &mut Vec<(Key, Node)>, key: Key) -> &mut Node {
        let at = match entries.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                entries.push((key, Node::Array(Vec::new())));
                entries.len() - 1
            }
        };
        &mut entries[at].1
    }

    /// PHP's next free integer index: one past the largest integer key, or 0 (seen on PHP 8.2:
    /// `a[-3]=1&a[]=2` gives the key -2).
    fn next_index(entries: &[(Key, Node)]) -> i64 {
        entries
            .iter()
            .filter_map(|(k, _)| match k {
                Key::Int(n) => Some(n.saturating_add(1)),
                Key::Str(_) => None,
            })
            .max()
            .unwrap_or(0)
    }
}

/// Parses a query string or form body into WordPress's parameter map.
pub fn parse_str(input: &[u8]) -> Map<String, Value> {
    let mut root: Vec<(Key, Node)> = Vec::new();
    let pairs = input.split(|&b| b == b'&').filter(|p| !p.is_empty());
    for pair in pairs.take(MAX_VARS) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(at) => (&pair[..at], &pair[at + 1..]),
            None => (pair, &b""[..]),
        };
        register(&mut root, url_decode(name), url_decode(value));
    }
    root.into_iter()
        .map(|(k, v)| (k.into_text(), to_json(v)))
        .collect()
}

/// `php_register_variable_ex` for one name and value.
fn register(root: &mut Vec<(Key, Node)>, raw_name: String, value: String) {
    // Most names are kept as they are: no byte PHP rewrites or stops at, no bracket.
    let kept = !raw_name.is_empty()
        && !raw_name
            .bytes()
            .any(|b| matches!(b, b'\0' | b' ' | b'.' | b'['));
    if kept {
        set(root, Some(Key::from_php(raw_name)), Node::Str(value));
        return;
    }
    // PHP's names are C strings.
    let name = raw_name
        .split('\0')
        .next()
        .unwrap_or("")
        .trim_start_matches(' ');
    let (base, rest) = match name.find('[') {
        Some(at) => (&name[..at], Some(&name[at..])),
        None => (name, None),
    };
    let base: String = base
        .chars()
        .map(|c| if c == ' ' || c == '.' { '_' } else { c })
        .collect();
    if base.is_empty() {
        return;
    }
    let Some(rest) = rest else {
        set(root, Some(Key::from_php(base)), Node::Str(value));
        return;
    };
    let Some(indexes) = bracket_indexes(rest) else {
        // An unmatched `[`: it becomes `_` and the whole name is one plain key.
        let mangled = format!("{base}_{}", &rest[1..]);
        set(root, Some(Key::from_php(mangled)), Node::Str(value));
        return;
    };
    if indexes.len() > MAX_NESTING {
        return;
    }
    let mut path = vec![Some(Key::from_php(base))];
    path.extend(indexes.into_iter().map(|i| i.map(Key::from_php)));
    set_path(root, &path, Node::Str(value));
}

/// The keys in `[a][][b]…`, `None` for `[]`; the text after the last bracket pair is ignored. `None`
/// overall when the first bracket is unmatched. A later unmatched bracket ends the list.
fn bracket_indexes(mut rest: &str) -> Option<Vec<Option<String>>> {
    let mut indexes = Vec::new();
    while let Some(inner) = rest.strip_prefix('[') {
        let Some(close) = inner.find(']') else {
            if indexes.is_empty() {
                return None;
            }
            break;
        };
        let index = &inner[..close];
        indexes.push((!index.is_empty()).then(|| index.to_owned()));
        rest = &inner[close + 1..];
    }
    Some(indexes)
}

fn set(entries: &mut Vec<(Key, Node)>, key: Option<Key>, node: Node) {
    let key = key.unwrap_or_else(|| Key::Int(Node::next_index(entries)));
    match entries.iter_mut().find(|(k, _)| *k == key) {
        Some((_, slot)) => *slot = node,
        None => entries.push((key, node)),
    }
}

fn set_path(entries: &mut Vec<(Key, Node)>, path: &[Option<Key>], node: Node) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = entries;
    for key in parents {
        let key = key
            .clone()
            .unwrap_or_else(|| Key::Int(Node::next_index(current)));
        let slot = Node::entry(current, key);
        if !matches!(slot, Node::Array(_)) {
            *slot = Node::Array(Vec::new());
        }
        let Node::Array(children) = slot else {
            return;
        };
        current = children;
    }
    set(current, last.clone(), node);
}

/// `urldecode`: `+` is a space, `%XX` a byte; invalid bytes become U+FFFD, since parameters are
/// JSON strings here (PHP would keep the raw bytes).
fn url_decode(input: &[u8]) -> String {
    let bytes = if input.iter().any(|&b| b == b'%' || b == b'+') {
        url_decode_bytes(input)
    } else {
        input.to_vec()
    };
    String::from_utf8(bytes)
        .unwrap_or_else(|bad| String::from_utf8_lossy(bad.as_bytes()).into_owned())
}

/// `urldecode`'s bytes: `+` is a space, `%` and two hex digits an octet, any other `%` itself.
pub(crate) fn url_decode_bytes(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < input.len() => match hex_pair(input[i + 1], input[i + 2]) {
                Some(byte) => {
                    out.push(byte);
                    i += 2;
                }
                None => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex_pair(hi: u8, lo: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    Some((digit(hi)? * 16 + digit(lo)?) as u8)
}

/// An array whose keys are exactly 0..n-1 in order is a JSON list; any other is an object.
fn to_json(node: Node) -> Value {
    match node {
        Node::Str(s) => Value::String(s),
        Node::Array(entries) => {
            let is_list = entries
                .iter()
                .enumerate()
                .all(|(i, (k, _))| *k == Key::Int(i as i64));
            if is_list {
                Value::Array(entries.into_iter().map(|(_, v)| to_json(v)).collect())
            } else {
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, v)| (k.into_text(), to_json(v)))
                        .collect(),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Each case: query string, the array PHP 8.2's parse_str builds (as JSON), seen with php-cli.
    #[test]
    fn parses_like_php() {
        let cases = [
            ("a=1&b=2", json!({"a": "1", "b": "2"})),
            ("a=1&a=2", json!({"a": "2"})),
            ("a[]=1&a[]=2", json!({"a": ["1", "2"]})),
            ("a[k]=v&a[j]=w", json!({"a": {"k": "v", "j": "w"}})),
            ("a[0][b]=c", json!({"a": [{"b": "c"}]})),
            ("a[5]=x&a[]=y", json!({"a": {"5": "x", "6": "y"}})),
            ("a.b=1&c d=2", json!({"a_b": "1", "c_d": "2"})),
            ("a[b.c]=1", json!({"a": {"b.c": "1"}})),
            ("a[b=1", json!({"a_b": "1"})),
            ("a[b]x=1", json!({"a": {"b": "1"}})),
            ("a[b][c=1", json!({"a": {"b": "1"}})),
            ("x=a+b%20c%2", json!({"x": "a b c%2"})),
            ("=1&&b", json!({"b": ""})),
            ("  lead=1", json!({"lead": "1"})),
            ("a=1&a[]=2", json!({"a": ["2"]})),
            ("a[]=1&a=2", json!({"a": "2"})),
            ("a[-3]=1&a[]=2", json!({"a": {"-3": "1", "-2": "2"}})),
            ("a[01]=1", json!({"a": {"01": "1"}})),
        ];
        for (query, expected) in cases {
            assert_eq!(
                Value::Object(parse_str(query.as_bytes())),
                expected,
                "{query}"
            );
        }
    }

    #[test]
    fn limits() {
        let deep = format!("a{}=1", "[x]".repeat(65));
        assert_eq!(Value::Object(parse_str(deep.as_bytes())), json!({}));
        let many: Vec<String> = (0..1001).map(|i| format!("v{i}=1")).collect();
        assert_eq!(parse_str(many.join("&").as_bytes()).len(), 1000);
    }
}
