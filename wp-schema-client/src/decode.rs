//! An answer's body into the generated type, or into the error it tells of.

use crate::error::Error;
use crate::reply::Reply;
use http::{Method, Response, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use serde_path_to_error::Segment;
use wp_schema_runtime::WpError;

/// How much of a body that is not WordPress's error is kept in [`Error::Status`].
const SNIPPET: usize = 500;

/// The request an answer belongs to, for errors.
pub(crate) struct Asked<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a str,
    pub(crate) route: &'static str,
}

/// A 2xx answer decoded as `T`; any other status as the error it carries.
pub(crate) fn reply<T: DeserializeOwned>(
    asked: &Asked<'_>,
    response: Response<Vec<u8>>,
) -> Result<Reply<T>, Error> {
    let raw = raw_reply(asked, response)?;
    Ok(Reply {
        body: body(asked, &raw.body)?,
        status: raw.status,
        headers: raw.headers,
    })
}

/// A 2xx answer's bytes as they came (a file: the block editor's export is a zip); any other
/// status as the error it carries.
pub(crate) fn raw_reply(
    asked: &Asked<'_>,
    response: Response<Vec<u8>>,
) -> Result<Reply<Vec<u8>>, Error> {
    let (parts, bytes) = response.into_parts();
    if !parts.status.is_success() {
        return Err(failure(asked, parts.status, &bytes));
    }
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body: bytes,
    })
}

/// An empty body is read as `null`, so that a 204 or an empty 200 decodes as `()` or `None`.
///
/// Read once without tracking where the reader is, which costs a quarter to a third of a decode
/// (BENCHMARKS.md §11), and only when that fails again with it, for the error's pointer.
fn body<T: DeserializeOwned>(asked: &Asked<'_>, bytes: &[u8]) -> Result<T, Error> {
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"null"
    } else {
        bytes
    };
    if let Ok(value) = serde_json::from_slice(bytes) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let decode_error = |pointer: String, error: serde_json::Error| Error::Decode {
        method: asked.method.clone(),
        url: asked.url.to_owned(),
        route: asked.route,
        pointer,
        message: error.to_string(),
    };
    let value = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| decode_error(pointer(e.path()), e.into_inner()))?;
    deserializer
        .end()
        .map_err(|e| decode_error(String::new(), e))?;
    Ok(value)
}

/// The path as a JSON pointer (RFC 6901). A segment serde could not name ends it: what follows
/// would be relative to a place the pointer cannot say.
fn pointer(path: &serde_path_to_error::Path) -> String {
    let mut out = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => {
                out.push('/');
                out.push_str(&index.to_string());
            }
            Segment::Map { key } => push_key(&mut out, key),
            Segment::Enum { variant } => push_key(&mut out, variant),
            Segment::Unknown => break,
        }
    }
    out
}

fn push_key(out: &mut String, key: &str) {
    out.push('/');
    out.push_str(&key.replace('~', "~0").replace('/', "~1"));
}

/// WordPress's error body (`{"code", "message", "data", "additional_errors"}`) as [`Error::Wp`],
/// anything else as [`Error::Status`].
fn failure(asked: &Asked<'_>, status: StatusCode, bytes: &[u8]) -> Error {
    let parsed = serde_json::from_slice::<Value>(bytes).ok();
    if let Some(Value::Object(body)) = &parsed {
        if let Some(mut error) = wp_error(body) {
            error.additional = body
                .get("additional_errors")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|entry| wp_error(entry.as_object()?))
                .collect();
            return Error::Wp {
                method: asked.method.clone(),
                url: asked.url.to_owned(),
                status,
                error: Box::new(error),
            };
        }
    }
    let kept = bytes.get(..SNIPPET).unwrap_or(bytes);
    Error::Status {
        method: asked.method.clone(),
        url: asked.url.to_owned(),
        status,
        body: String::from_utf8_lossy(kept).into_owned(),
    }
}

/// One `{code, message, data}` entry.
pub(crate) fn wp_error(entry: &Map<String, Value>) -> Option<WpError> {
    let code = entry.get("code")?.as_str()?;
    let message = entry.get("message")?.as_str()?;
    let error = WpError::new(code.to_owned(), message);
    Some(match entry.get("data") {
        None | Some(Value::Null) => error,
        Some(data) => error.with_data(data.clone()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    const ASKED: Asked<'static> = Asked {
        method: &Method::GET,
        url: "https://s/wp-json/wp/v2/posts",
        route: "/wp/v2/posts",
    };

    #[derive(Debug, Deserialize)]
    struct Post {
        title: Title,
    }

    #[derive(Debug, Deserialize)]
    struct Title {
        rendered: String,
    }

    fn answer(status: u16, body: &[u8]) -> Response<Vec<u8>> {
        let mut response = Response::new(body.to_vec());
        *response.status_mut() = StatusCode::from_u16(status).unwrap();
        response
    }

    fn decode_pointer<T: DeserializeOwned + std::fmt::Debug>(body: &[u8]) -> (String, String) {
        match reply::<T>(&ASKED, answer(200, body)) {
            Err(Error::Decode {
                pointer, message, ..
            }) => (pointer, message),
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn a_matching_body_is_decoded_with_its_status_and_headers() {
        let mut response = answer(201, br#"[{"title": {"rendered": "Hello"}, "extra": 1}]"#);
        response
            .headers_mut()
            .insert("x-wp-total", "1".parse().unwrap());
        let reply = reply::<Vec<Post>>(&ASKED, response).unwrap();
        assert_eq!(reply.status, StatusCode::CREATED);
        assert_eq!(reply.total(), Some(1));
        assert_eq!(reply.body[0].title.rendered, "Hello");
    }

    #[test]
    fn a_mismatch_is_pointed_at() {
        let body = br#"[{"title": {"rendered": "a"}}, {"title": {"rendered": 5}}]"#;
        let (pointer, message) = decode_pointer::<Vec<Post>>(body);
        assert_eq!(pointer, "/1/title/rendered");
        assert!(message.contains("invalid type: integer `5`"), "{message}");
    }

    #[test]
    fn keys_are_escaped_as_json_pointer_says() {
        let body = br#"{"a/b~c": {"ok": 1, "x~/y": "not a number"}}"#;
        let (pointer, _) = decode_pointer::<BTreeMap<String, BTreeMap<String, u32>>>(body);
        assert_eq!(pointer, "/a~1b~0c/x~0~1y");
    }

    #[test]
    fn any_bytes_give_an_error_not_a_panic() {
        let bodies: [&[u8]; 5] = [
            b"",
            b"<html>Error</html>",
            b"\xff\xfe{",
            b"[] trailing",
            b"{",
        ];
        for body in bodies {
            let (pointer, _) = decode_pointer::<Vec<Post>>(body);
            assert_eq!(pointer, "", "{body:?}");
        }
        let nested_deep = "[".repeat(100_000);
        decode_pointer::<Value>(nested_deep.as_bytes());
    }

    #[test]
    fn an_empty_body_is_null() {
        let reply = reply::<Option<Post>>(&ASKED, answer(204, b"")).unwrap();
        assert!(reply.body.is_none());
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
    }

    #[test]
    fn wordpress_errors_are_told_from_other_failures() {
        let body = json!({
            "code": "rest_post_invalid_id",
            "message": "Invalid post ID.",
            "data": {"status": 404},
            "additional_errors": [
                {"code": "second", "message": "Another.", "data": null},
                {"code": 5},
            ],
        });
        let bytes = serde_json::to_vec(&body).unwrap();
        let Err(error) = reply::<Value>(&ASKED, answer(404, &bytes)) else {
            panic!("a 404 is an error")
        };
        assert_eq!(error.code(), Some("rest_post_invalid_id"));
        assert_eq!(error.status(), Some(StatusCode::NOT_FOUND));
        let Error::Wp { error, .. } = error else {
            panic!("{error:?}")
        };
        assert_eq!(error.message, "Invalid post ID.");
        assert_eq!(error.status(), 404);
        assert_eq!(error.additional.len(), 1);
        assert_eq!(error.additional[0].code, "second");
        assert_eq!(error.additional[0].data, None);

        let page = format!("<html><body>{}</body></html>", "Bad gateway ".repeat(100));
        match reply::<Value>(&ASKED, answer(502, page.as_bytes())) {
            Err(Error::Status { status, body, .. }) => {
                assert_eq!(status, StatusCode::BAD_GATEWAY);
                assert_eq!(body, page[..SNIPPET]);
            }
            other => panic!("{other:?}"),
        }
        for not_wp in [
            json!({"code": 500, "message": "x"}),
            json!(["code"]),
            json!({"code": "x"}),
        ] {
            let bytes = serde_json::to_vec(&not_wp).unwrap();
            assert!(
                matches!(
                    reply::<Value>(&ASKED, answer(500, &bytes)),
                    Err(Error::Status { .. })
                ),
                "{not_wp}"
            );
        }
    }

    #[test]
    fn a_cut_multibyte_character_is_replaced_not_a_panic() {
        let body = format!("a{}", "é".repeat(SNIPPET));
        match reply::<Value>(&ASKED, answer(500, body.as_bytes())) {
            Err(Error::Status { body, .. }) => {
                let expected = format!("a{}\u{FFFD}", "é".repeat(SNIPPET / 2 - 1));
                assert_eq!(body, expected);
            }
            other => panic!("{other:?}"),
        }
    }
}
