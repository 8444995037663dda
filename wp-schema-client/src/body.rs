//! Request bodies: JSON, a raw upload, or a multipart form, and the bytes and headers of each.

use crate::error::Error;
use crate::query::form_pairs;
use http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use http::{HeaderName, HeaderValue};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{Map, Value};

/// RFC 8187's `attr-char`: what `filename*` keeps unencoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// A request's body.
#[derive(Clone, Debug)]
pub enum Body {
    Empty,
    /// Sent as `application/json`, which WordPress reads into the request's parameters.
    Json(Map<String, Value>),
    /// The file as the whole body, as the media route takes it; other fields go in the query.
    File(Upload),
    /// `multipart/form-data`: the fields as PHP form fields, then the file as the part `file`.
    Multipart {
        fields: Map<String, Value>,
        file: Upload,
    },
}

/// A file to upload.
#[derive(Clone, Debug)]
pub struct Upload {
    pub bytes: Vec<u8>,
    pub filename: String,
    pub content_type: String,
}

impl Upload {
    pub fn new(
        bytes: impl Into<Vec<u8>>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
    ) -> Upload {
        Upload {
            bytes: bytes.into(),
            filename: filename.into(),
            content_type: content_type.into(),
        }
    }
}

/// A body ready to send: made once per call and copied into each attempt.
#[derive(Debug, Default)]
pub(crate) struct Encoded {
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) bytes: Vec<u8>,
}

impl Body {
    pub(crate) fn encode(&self) -> Result<Encoded, Error> {
        match self {
            Body::Empty => Ok(Encoded::default()),
            Body::Json(map) => {
                let bytes = serde_json::to_vec(map)
                    .map_err(|e| Error::Config(format!("the JSON body cannot be written: {e}")))?;
                Ok(Encoded {
                    headers: vec![(CONTENT_TYPE, HeaderValue::from_static("application/json"))],
                    bytes,
                })
            }
            Body::File(upload) => Ok(Encoded {
                headers: vec![
                    (CONTENT_TYPE, content_type(upload)?),
                    (CONTENT_DISPOSITION, attachment(&upload.filename)?),
                ],
                bytes: upload.bytes.clone(),
            }),
            Body::Multipart { fields, file } => multipart(fields, file),
        }
    }
}

fn content_type(upload: &Upload) -> Result<HeaderValue, Error> {
    HeaderValue::try_from(upload.content_type.as_str()).map_err(|_| {
        Error::Config(format!(
            "{:?} cannot be sent as a Content-Type",
            upload.content_type
        ))
    })
}

/// `attachment; filename="…"`, plus `filename*` with the exact name when the quoted one had to
/// change. WordPress (`get_filename_from_disposition`) reads `filename` only and splits the
/// header at every `;` before unquoting, so the quoted name is plain ASCII without `;`.
fn attachment(filename: &str) -> Result<HeaderValue, Error> {
    let mut fallback = String::new();
    let mut exact = true;
    for c in filename.chars() {
        match c {
            '"' | '\\' => {
                fallback.push('\\');
                fallback.push(c);
            }
            ' '..='~' if c != ';' => fallback.push(c),
            _ => {
                fallback.push('_');
                exact = false;
            }
        }
    }
    let mut value = format!("attachment; filename=\"{fallback}\"");
    if !exact {
        value.push_str("; filename*=UTF-8''");
        value.extend(utf8_percent_encode(filename, ATTR_CHAR));
    }
    HeaderValue::try_from(value)
        .map_err(|e| Error::Config(format!("no Content-Disposition for {filename:?}: {e}")))
}

/// The fields as PHP reads form fields (the same names as in a query: `tags[]`, `meta[key]`),
/// then the file. Names are quoted with `\` escapes, which PHP's multipart parser removes.
fn multipart(fields: &Map<String, Value>, file: &Upload) -> Result<Encoded, Error> {
    let mut pairs = Vec::new();
    for (name, value) in fields {
        form_pairs(name, value, &mut pairs);
    }
    let mut parts: Vec<(String, &[u8])> = pairs
        .iter()
        .map(|(name, value)| {
            let head = format!("Content-Disposition: form-data; name=\"{}\"", quote(name));
            (head, value.as_bytes())
        })
        .collect();
    // Checked as a header value: one cannot hold the line break that would end the part's header.
    content_type(file)?;
    let file_head = format!(
        "Content-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\nContent-Type: {}",
        quote(&file.filename),
        file.content_type,
    );
    parts.push((file_head, &file.bytes));

    let boundary = loop {
        let candidate = format!("wp-schema-client-{:032x}", rand::random::<u128>());
        let clashes = parts.iter().any(|(head, content)| {
            memchr::memmem::find(content, candidate.as_bytes()).is_some()
                || head.contains(&candidate)
        });
        if !clashes {
            break candidate;
        }
    };
    let size: usize = parts.iter().map(|(h, c)| h.len() + c.len() + 80).sum();
    let mut bytes = Vec::with_capacity(size);
    for (head, content) in &parts {
        bytes.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        bytes.extend_from_slice(content);
        bytes.extend_from_slice(b"\r\n");
    }
    bytes.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let content_type = HeaderValue::try_from(format!("multipart/form-data; boundary={boundary}"))
        .map_err(|e| Error::Config(format!("no multipart Content-Type: {e}")))?;
    Ok(Encoded {
        headers: vec![(CONTENT_TYPE, content_type)],
        bytes,
    })
}

/// A quoted-string's content; line breaks would end the part's header, so they become spaces.
fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::stream;
    use percent_encoding::percent_decode_str;
    use serde_json::json;

    fn header<'a>(encoded: &'a Encoded, name: &HeaderName) -> &'a str {
        let (_, value) = encoded
            .headers
            .iter()
            .find(|(n, _)| n == name)
            .expect("header");
        value.to_str().unwrap()
    }

    #[test]
    fn json_body() {
        let mut map = Map::new();
        map.insert("title".into(), json!("Été"));
        map.insert("alt_text".into(), json!(null));
        let encoded = Body::Json(map).encode().unwrap();
        assert_eq!(header(&encoded, &CONTENT_TYPE), "application/json");
        let back: Value = serde_json::from_slice(&encoded.bytes).unwrap();
        assert_eq!(back, json!({"title": "Été", "alt_text": null}));
    }

    #[test]
    fn a_file_is_the_body_with_its_name_in_the_disposition() {
        let upload = Upload::new(b"\x89PNG".to_vec(), "photo.png", "image/png");
        let encoded = Body::File(upload).encode().unwrap();
        assert_eq!(encoded.bytes, b"\x89PNG");
        assert_eq!(header(&encoded, &CONTENT_TYPE), "image/png");
        assert_eq!(
            header(&encoded, &CONTENT_DISPOSITION),
            r#"attachment; filename="photo.png""#
        );
    }

    #[test]
    fn a_name_that_is_not_plain_ascii_has_a_fallback_and_its_exact_form() {
        let name = "日本 \"tea\"; été\\.jpg";
        let value = attachment(name).unwrap();
        let value = value.to_str().expect("the header is ASCII");
        let (quoted, exact) = value
            .strip_prefix("attachment; filename=\"")
            .and_then(|rest| rest.split_once("\"; filename*=UTF-8''"))
            .expect(value);
        assert_eq!(quoted, r#"__ \"tea\"_ _t_\\.jpg"#);
        assert!(!exact.contains([';', ' ', '"', '\'']), "{exact}");
        assert_eq!(percent_decode_str(exact).decode_utf8().unwrap(), name);
        assert!(!attachment("a \"b\".jpg")
            .unwrap()
            .to_str()
            .unwrap()
            .contains('*'));
    }

    #[test]
    fn an_unusable_content_type_is_an_error() {
        let upload = Upload::new(Vec::new(), "a.txt", "text/plain\r\nX-Evil: 1");
        assert!(matches!(Body::File(upload).encode(), Err(Error::Config(_))));
    }

    /// Reads the body as a server would, with `multer`: (name, file name, content type, bytes).
    async fn parts(encoded: Encoded) -> Vec<(String, Option<String>, Option<String>, Vec<u8>)> {
        let boundary = multer::parse_boundary(header(&encoded, &CONTENT_TYPE)).unwrap();
        let chunk = multer::bytes::Bytes::from(encoded.bytes);
        let body = stream::iter([Ok::<_, std::convert::Infallible>(chunk)]);
        let mut multipart = multer::Multipart::new(body, boundary);
        let mut out = Vec::new();
        while let Some(field) = multipart.next_field().await.unwrap() {
            let name = field.name().unwrap_or_default().to_owned();
            let file_name = field.file_name().map(str::to_owned);
            let content_type = field.content_type().map(|m| m.to_string());
            out.push((
                name,
                file_name,
                content_type,
                field.bytes().await.unwrap().to_vec(),
            ));
        }
        out
    }

    #[tokio::test]
    async fn multipart_fields_are_php_form_fields_and_the_file_comes_last() {
        let fields = json!({
            "title": "Été \"quoted\"",
            "post": 12,
            "featured": true,
            "categories": [3, 4],
            "meta": {"credit": "me", "skip": null},
        });
        let fields = fields.as_object().cloned().unwrap();
        // Bytes that look like a part boundary and line breaks must arrive unchanged.
        let file_bytes = b"--wp-schema-client-\r\n\r\n--\x00\xff".to_vec();
        let upload = Upload::new(file_bytes.clone(), "日本.png", "image/png");
        let encoded = Body::Multipart {
            fields,
            file: upload,
        }
        .encode()
        .unwrap();
        let text = |s: &str| s.as_bytes().to_vec();
        assert_eq!(
            parts(encoded).await,
            [
                ("title".into(), None, None, text("Été \"quoted\"")),
                ("post".into(), None, None, text("12")),
                ("featured".into(), None, None, text("true")),
                ("categories[]".into(), None, None, text("3")),
                ("categories[]".into(), None, None, text("4")),
                ("meta[credit]".into(), None, None, text("me")),
                (
                    "file".into(),
                    Some("日本.png".into()),
                    Some("image/png".into()),
                    file_bytes
                ),
            ]
        );
    }
}
