//! A request's parameters as WordPress sees them (`WP_REST_Request`): JSON body, form body, query
//! string, URL captures and defaults, looked up in that order of precedence.

use crate::php_query::parse_str;
use crate::WpError;
use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// Where a parameter came from, in WordPress's order of precedence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Json,
    Post,
    Get,
    Url,
    Defaults,
}

/// The raw parts of a request that parameters come from.
#[derive(Clone, Debug, Default)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    /// The query string, without `?`.
    pub query: &'a str,
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    /// Route captures such as `id`.
    pub url: Vec<(String, String)>,
    /// Form fields PHP would have put in `$_POST` from a multipart body (files aside).
    pub multipart_fields: Option<Map<String, Value>>,
}

/// One source's parameters. The defaults are usually the endpoint's static map, copied only when
/// sanitizing rewrites them (a request that fails validation never copies them).
type SourceMap = Cow<'static, Map<String, Value>>;

/// The parameters of one request, by source.
#[derive(Clone, Debug, Default)]
pub struct Params {
    sources: Vec<(Source, SourceMap)>,
    json_error: Option<WpError>,
}

impl RequestParts<'_> {
    /// `is_json_content_type`: whether WordPress reads the body as JSON.
    pub fn is_json(&self) -> bool {
        self.content_type
            .and_then(media_type)
            .is_some_and(|media| is_json_media_type(&media))
    }
}

impl Params {
    /// Reads a request the way `WP_REST_Request` does.
    pub fn from_request(parts: &RequestParts<'_>) -> Params {
        let content_type = parts.content_type.and_then(media_type);
        let is_json = content_type.as_deref().is_some_and(is_json_media_type);
        let mut params = Params::default();
        if is_json {
            match parse_json_body(parts.body) {
                Ok(map) => params.sources.push((Source::Json, Cow::Owned(map))),
                Err(e) => {
                    params.json_error = Some(e);
                    params.sources.push((Source::Json, Cow::Owned(Map::new())));
                }
            }
        }
        if accepts_body(parts.method) {
            let form = form_params(parts, content_type.as_deref());
            params.sources.push((Source::Post, Cow::Owned(form)));
        }
        let query = parse_str(parts.query.as_bytes());
        params.sources.push((Source::Get, Cow::Owned(query)));
        let url = parts
            .url
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.clone())))
            .collect();
        params.sources.push((Source::Url, Cow::Owned(url)));
        params
    }

    /// Adds the matched endpoint's argument defaults, the last source consulted.
    pub fn set_defaults(&mut self, defaults: Cow<'static, Map<String, Value>>) {
        self.sources.retain(|(s, _)| *s != Source::Defaults);
        self.sources.push((Source::Defaults, defaults));
    }

    /// Every parameter of every source, in order of precedence, to be rewritten in place (the
    /// sanitizing step).
    pub fn values_mut(&mut self) -> impl Iterator<Item = (&str, &mut Value)> {
        self.sources
            .iter_mut()
            .flat_map(|(_, map)| map.to_mut().iter_mut().map(|(k, v)| (k.as_str(), v)))
    }

    /// Moves out the value [`Params::get`] would return, leaving null in its place.
    pub fn take(&mut self, name: &str) -> Option<Value> {
        let (_, map) = self
            .sources
            .iter_mut()
            .find(|(_, map)| map.get(name).is_some_and(|v| !v.is_null()))?;
        map.to_mut().get_mut(name).map(Value::take)
    }

    /// `rest_invalid_json`, when the body claimed to be JSON and was not.
    pub fn json_error(&self) -> Option<&WpError> {
        self.json_error.as_ref()
    }

    /// `get_param`: the value from the first source where it is set and not null.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.get_with_source(name).map(|(_, v)| v)
    }

    /// Like [`Params::get`], also saying which source answered.
    pub fn get_with_source(&self, name: &str) -> Option<(Source, &Value)> {
        self.sources
            .iter()
            .find_map(|(source, map)| map.get(name).filter(|v| !v.is_null()).map(|v| (*source, v)))
    }

    /// `has_param`: whether any source has the key, even as null.
    pub fn has(&self, name: &str) -> bool {
        self.sources.iter().any(|(_, map)| map.contains_key(name))
    }

    /// `get_params`: every parameter merged, higher sources winning.
    pub fn merged(&self) -> Map<String, Value> {
        let mut out = Map::new();
        for (_, map) in self.sources.iter().rev() {
            for (k, v) in map.iter() {
                out.insert(k.clone(), v.clone());
            }
        }
        out
    }
}

/// The media type of a `Content-Type` header as `WP_REST_Request::get_content_type` reads it:
/// lower-cased, parameters cut at a `;` that is not the first character, and it must contain `/`.
fn media_type(header: &str) -> Option<String> {
    let value = match header.find(';') {
        Some(at) if at > 0 => &header[..at],
        _ => header,
    };
    let value = value.to_lowercase();
    value.contains('/').then(|| value.trim().to_owned())
}

/// `wp_is_json_media_type` of a whole header (`Accept: text/html, application/json;q=0.9`): whether
/// any media type in it is JSON.
pub fn wp_is_json_media_type(header: &str) -> bool {
    header
        .to_ascii_lowercase()
        .split([',', ' ', '\t', '\n', '\r', '\x0b', '\x0c'])
        .any(is_json_media_type)
}

/// One media type of `wp_is_json_media_type`: `application/json`, `application/…+json`,
/// `application/json+oembed`.
fn is_json_media_type(media: &str) -> bool {
    let Some(rest) = media.strip_prefix("application/") else {
        return false;
    };
    let subtype = rest.split([' ', ';', ',']).next().unwrap_or("");
    let base = subtype.strip_suffix("+oembed").unwrap_or(subtype);
    base == "json" || (base.ends_with("+json") && base.len() > "+json".len())
}

fn accepts_body(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH" | "DELETE")
}

/// `$_POST` for POST, or the body `parse_body_params` parses for the other methods.
fn form_params(parts: &RequestParts<'_>, content_type: Option<&str>) -> Map<String, Value> {
    if let Some(fields) = &parts.multipart_fields {
        return fields.clone();
    }
    let urlencoded = content_type == Some("application/x-www-form-urlencoded");
    // PHP fills `$_POST` only for a form Content-Type; WordPress parses other methods' bodies itself
    // and treats a missing Content-Type as a form.
    let parse = if parts.method == "POST" {
        urlencoded
    } else {
        !parts.body.is_empty() && (content_type.is_none() || urlencoded)
    };
    if parse {
        parse_str(parts.body)
    } else {
        Map::new()
    }
}

/// `json_decode($body, true)`; an empty body is no parameters, and a body that decodes to
/// something other than an object or list gives none either.
fn parse_json_body(body: &[u8]) -> Result<Map<String, Value>, WpError> {
    if body.is_empty() {
        return Ok(Map::new());
    }
    match crate::php_json::decode(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Array(list)) => Ok(list
            .into_iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect()),
        Ok(_) => Ok(Map::new()),
        Err(e) => Err(
            WpError::new("rest_invalid_json", "Invalid JSON body passed.").with_data(json!({
                "status": 400,
                "json_error_code": e.code,
                "json_error_message": e.message,
            })),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_found_anywhere_in_an_accept_header() {
        assert!(wp_is_json_media_type("application/json"));
        assert!(wp_is_json_media_type("text/html, Application/JSON;q=0.9"));
        assert!(wp_is_json_media_type("application/vnd.api+json"));
        assert!(!wp_is_json_media_type("text/html"));
        assert!(!wp_is_json_media_type("application/jsonp"));
        assert!(!wp_is_json_media_type("text/json"));
    }

    fn parts<'a>(
        method: &'a str,
        query: &'a str,
        content_type: Option<&'a str>,
        body: &'a [u8],
    ) -> RequestParts<'a> {
        RequestParts {
            method,
            query,
            content_type,
            body,
            url: vec![("id".into(), "5".into())],
            multipart_fields: None,
        }
    }

    #[test]
    fn json_outranks_form_outranks_query_outranks_url() {
        let p = Params::from_request(&parts(
            "POST",
            "a=get&b=get&id=7",
            Some("application/json"),
            br#"{"a":"json"}"#,
        ));
        assert_eq!(p.get("a"), Some(&json!("json")));
        assert_eq!(p.get("b"), Some(&json!("get")));
        // A query-string `id` overrides the URL capture, as in WordPress.
        assert_eq!(p.get("id"), Some(&json!("7")));
    }

    #[test]
    fn null_in_json_falls_through_but_counts_as_present() {
        let p = Params::from_request(&parts(
            "POST",
            "a=get",
            Some("application/json; charset=utf-8"),
            br#"{"a":null}"#,
        ));
        assert_eq!(p.get("a"), Some(&json!("get")));
        assert!(p.has("a"));
    }

    #[test]
    fn malformed_json_is_reported() {
        let p = Params::from_request(&parts("POST", "", Some("application/json"), b"{nope"));
        assert_eq!(
            p.json_error().map(|e| e.code.as_ref()),
            Some("rest_invalid_json")
        );
        assert_eq!(p.json_error().unwrap().status(), 400);
    }

    #[test]
    fn form_bodies_by_method() {
        let form = Some("application/x-www-form-urlencoded");
        let p = Params::from_request(&parts("PUT", "", None, b"a=1"));
        assert_eq!(p.get("a"), Some(&json!("1")));
        let p = Params::from_request(&parts("POST", "", None, b"a=1"));
        assert_eq!(p.get("a"), None);
        let p = Params::from_request(&parts("POST", "", form, b"a[]=1&a[]=2"));
        assert_eq!(p.get("a"), Some(&json!(["1", "2"])));
        let p = Params::from_request(&parts("GET", "", form, b"a=1"));
        assert_eq!(p.get("a"), None);
    }

    #[test]
    fn json_media_types() {
        let cases = [
            ("application/json", true),
            ("application/vnd.api+json", true),
            ("application/json+oembed", true),
            ("application/+json", false),
            ("text/json", false),
            ("application/jsonx", false),
        ];
        for (media, expected) in cases {
            assert_eq!(is_json_media_type(media), expected, "{media}");
        }
        assert_eq!(
            media_type("Application/JSON; charset=UTF-8").as_deref(),
            Some("application/json")
        );
        assert_eq!(media_type("json").as_deref(), None);
    }

    #[test]
    fn defaults_come_last() {
        let mut p = Params::from_request(&parts("GET", "per_page=5", None, b""));
        p.set_defaults(Cow::Owned(
            [
                ("per_page".to_owned(), json!(10)),
                ("page".to_owned(), json!(1)),
            ]
            .into_iter()
            .collect(),
        ));
        assert_eq!(p.get("per_page"), Some(&json!("5")));
        assert_eq!(
            p.get_with_source("page"),
            Some((Source::Defaults, &json!(1)))
        );
    }

    #[test]
    fn taking_or_rewriting_defaults_leaves_the_shared_ones_alone() {
        static SHARED: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        let shared = SHARED.get_or_init(|| [("page".to_owned(), json!(1))].into_iter().collect());
        let mut p = Params::from_request(&parts("GET", "", None, b""));
        p.set_defaults(Cow::Borrowed(shared));
        assert_eq!(p.take("page"), Some(json!(1)));
        assert_eq!(p.get("page"), None);
        let mut p = Params::from_request(&parts("GET", "", None, b""));
        p.set_defaults(Cow::Borrowed(shared));
        for (_, value) in p.values_mut() {
            *value = json!(2);
        }
        assert_eq!(p.get("page"), Some(&json!(2)));
        assert_eq!(shared.get("page"), Some(&json!(1)));
    }
}
