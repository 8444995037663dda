//! How an answer's data is written out (`WP_REST_Server::serve_request`): JSON, pretty-printed for
//! `_pretty`, or wrapped in the `_jsonp` callback.

use crate::request::{App, Data, RestRequest, RestResponse};
use serde_json::{json, Map, Value};
use wp_schema_runtime::php_json;

/// What `_jsonp` asks for.
#[derive(Debug, PartialEq)]
pub enum Jsonp {
    /// Absent, or one of PHP's falsy strings ("" and "0"): plain JSON.
    NotAsked,
    Callback(String),
    /// Not a string of letters, digits, `_` and `.` (`wp_check_jsonp_callback`).
    Invalid,
}

impl Jsonp {
    pub fn of(query: &Map<String, Value>) -> Jsonp {
        match query.get("_jsonp") {
            None => Jsonp::NotAsked,
            Some(Value::String(name)) if name.is_empty() || name == "0" => Jsonp::NotAsked,
            Some(Value::String(name))
                if name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.') =>
            {
                Jsonp::Callback(name.clone())
            }
            Some(_) => Jsonp::Invalid,
        }
    }

    pub fn content_type(&self) -> &'static str {
        match self {
            Jsonp::NotAsked => "application/json; charset=UTF-8",
            _ => "application/javascript; charset=UTF-8",
        }
    }
}

/// The answer to an invalid `_jsonp` callback, which WordPress gives before it authenticates or
/// routes anything: only the headers sent so far, and an error without `data`.
pub fn refuse_invalid_callback(app: &App, req: &RestRequest) -> Option<RestResponse> {
    let jsonp = Jsonp::of(&req.query_params);
    (jsonp == Jsonp::Invalid).then(|| RestResponse {
        status: 400,
        headers: vec![
            ("Content-Type".to_owned(), jsonp.content_type().to_owned()),
            ("X-Robots-Tag".to_owned(), "noindex".to_owned()),
            ("Link".to_owned(), root_link(app)),
            ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
        ],
        body: php_json::to_vec(&json!({
            "code": "rest_callback_invalid",
            "message": "Invalid JSONP callback function.",
        }))
        .unwrap_or_default(),
    })
}

/// The API root's `Link` header.
pub fn root_link(app: &App) -> String {
    format!(
        "<{}/wp-json/>; rel=\"https://api.w.org/\"",
        app.config.site_url
    )
}

/// The body: `data` as `wp_json_encode` writes it (PHP's escapes), with `JSON_PRETTY_PRINT`'s
/// layout when `pretty`, inside the callback for JSONP.
pub fn body(data: Data, pretty: bool, jsonp: &Jsonp) -> Vec<u8> {
    let json = match (data, pretty) {
        (Data::Written(json), false) => json,
        (Data::Tree(tree), false) => php_json::to_vec(&tree).unwrap_or_default(),
        (Data::Tree(tree), true) => pretty_printed(&tree),
        (Data::Written(json), true) => {
            pretty_printed(&serde_json::from_slice::<Value>(&json).unwrap_or_default())
        }
    };
    match jsonp {
        // `/**/` first, against the Rosetta Flash attack, as WordPress writes it.
        Jsonp::Callback(name) => [b"/**/", name.as_bytes(), b"(", &json, b")"].concat(),
        _ => json,
    }
}

/// `JSON_PRETTY_PRINT`'s layout.
fn pretty_printed(data: &Value) -> Vec<u8> {
    php_json::to_vec_pretty(data).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(text: &str) -> Map<String, Value> {
        wp_schema_runtime::php_query::parse_str(text.as_bytes())
    }

    /// The answers WordPress 6.9.7 gave (2026-12-01) to these `_jsonp` values.
    #[test]
    fn callbacks_as_wordpress_reads_them() {
        let callback = |name: &str| Jsonp::Callback(name.to_owned());
        assert_eq!(Jsonp::of(&query("")), Jsonp::NotAsked);
        assert_eq!(Jsonp::of(&query("_jsonp=")), Jsonp::NotAsked);
        assert_eq!(Jsonp::of(&query("_jsonp=0")), Jsonp::NotAsked);
        assert_eq!(Jsonp::of(&query("_jsonp=cb")), callback("cb"));
        assert_eq!(Jsonp::of(&query("_jsonp=a.b_c1")), callback("a.b_c1"));
        assert_eq!(Jsonp::of(&query("_jsonp=bad-cb")), Jsonp::Invalid);
        assert_eq!(Jsonp::of(&query("_jsonp=%C3%A9")), Jsonp::Invalid);
        assert_eq!(Jsonp::of(&query("_jsonp%5B%5D=x")), Jsonp::Invalid);
    }

    #[test]
    fn bodies_as_wordpress_writes_them() {
        let data = || Data::Tree(json!([{ "id": 5, "title": { "rendered": "b" }, "tags": [] }]));
        let callback = Jsonp::Callback("cb".to_owned());
        assert_eq!(
            body(data(), false, &callback),
            br#"/**/cb([{"id":5,"title":{"rendered":"b"},"tags":[]}])"#
        );
        let pretty = "[\n    {\n        \"id\": 5,\n        \"title\": {\n            \"rendered\": \"b\"\n        },\n        \"tags\": []\n    }\n]";
        assert_eq!(body(data(), true, &Jsonp::NotAsked), pretty.as_bytes());
        let written = Data::Written(br#"[{"id":5,"title":{"rendered":"b"},"tags":[]}]"#.to_vec());
        assert_eq!(body(written, true, &Jsonp::NotAsked), pretty.as_bytes());
    }
}
