//! Parameters written as PHP reads a query string or form (`$_GET`, `$_POST`): nested values as
//! bracketed names.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

/// Everything but RFC 3986's unreserved characters, so that no byte of a name or value can be
/// read as a delimiter by the server, a proxy or the URL parser of the transport.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The query string of `params`, in their order, without a leading `?`.
pub(crate) fn encode(params: &[(String, Value)]) -> String {
    let mut pairs = Vec::new();
    for (name, value) in params {
        form_pairs(name, value, &mut pairs);
    }
    pairs
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                utf8_percent_encode(name, COMPONENT),
                utf8_percent_encode(value, COMPONENT)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The flat `name=value` pairs PHP rebuilds `value` from: strings as they are, numbers as written,
/// booleans as `true`/`false` (which WordPress's boolean parameters accept), `null` left out (a
/// form cannot say it), arrays as `name[]` or `name[i]`, objects as `name[key]`.
pub(crate) fn form_pairs(name: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Bool(b) => out.push((name.to_owned(), b.to_string())),
        Value::Number(n) => out.push((name.to_owned(), n.to_string())),
        Value::String(s) => out.push((name.to_owned(), s.clone())),
        Value::Array(items) => {
            let nested = items
                .iter()
                .any(|item| matches!(item, Value::Array(_) | Value::Object(_)));
            if !nested {
                for item in items {
                    form_pairs(&format!("{name}[]"), item, out);
                }
                return;
            }
            // `name[][k]=a&name[][j]=b` would make two entries of one object, so entries are
            // numbered; only the ones written count, so that PHP still sees a list.
            let mut index = 0usize;
            for item in items {
                let before = out.len();
                form_pairs(&format!("{name}[{index}]"), item, out);
                if out.len() > before {
                    index += 1;
                }
            }
        }
        Value::Object(members) => {
            for (key, member) in members {
                form_pairs(&format!("{name}[{key}]"), member, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use wp_schema_runtime::php_query::parse_str;

    /// What PHP makes of the encoded query.
    fn php_reads(params: &[(&str, Value)]) -> Value {
        let params: Vec<(String, Value)> = params
            .iter()
            .map(|(name, value)| (name.to_string(), value.clone()))
            .collect();
        Value::Object(parse_str(encode(&params).as_bytes()))
    }

    #[test]
    fn scalars_reach_php_as_strings() {
        let read = php_reads(&[
            ("per_page", json!(100)),
            ("ratio", json!(1.5)),
            ("offset", json!(-3)),
            ("sticky", json!(true)),
            ("hide_empty", json!(false)),
            ("search", json!("a&b=c+d%20e/?#[]; ,'\"")),
            ("slug", json!("日本語-ü")),
            ("after", json!(null)),
            ("empty", json!("")),
        ]);
        assert_eq!(
            read,
            json!({
                "per_page": "100",
                "ratio": "1.5",
                "offset": "-3",
                "sticky": "true",
                "hide_empty": "false",
                "search": "a&b=c+d%20e/?#[]; ,'\"",
                "slug": "日本語-ü",
                "empty": "",
            })
        );
    }

    #[test]
    fn arrays_and_objects_rebuild_nested() {
        let read = php_reads(&[
            ("include", json!([3, 1, 2])),
            ("status", json!(["publish", null, "draft"])),
            (
                "meta",
                json!({"color": "red", "size": {"w": 10, "tags": ["a", "b"]}}),
            ),
            ("rows", json!([[1, 2], {"k": "v"}, null, [], {"x": [true]}])),
            (
                "tax_query",
                json!([{"taxonomy": "category", "terms": [4, 5]}]),
            ),
        ]);
        assert_eq!(
            read,
            json!({
                "include": ["3", "1", "2"],
                "status": ["publish", "draft"],
                "meta": {"color": "red", "size": {"w": "10", "tags": ["a", "b"]}},
                "rows": [["1", "2"], {"k": "v"}, {"x": ["true"]}],
                "tax_query": [{"taxonomy": "category", "terms": ["4", "5"]}],
            })
        );
    }

    #[test]
    fn only_unreserved_characters_stay_unencoded() {
        let query = encode(&[
            ("a b[c]".to_string(), json!("x/y?z#&=+%日")),
            ("list".to_string(), json!([1])),
        ]);
        let stray = query
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-._~%=&".contains(*c)));
        assert_eq!(stray, None, "{query}");
        assert_eq!(query.matches('&').count(), 1, "{query}");
    }

    #[test]
    fn order_is_kept_and_nothing_is_written_for_null_or_empty() {
        assert_eq!(
            encode(&[
                ("b".to_string(), json!(1)),
                ("a".to_string(), json!(2)),
                ("n".to_string(), json!(null)),
                ("e".to_string(), json!([])),
            ]),
            "b=1&a=2"
        );
    }
}
