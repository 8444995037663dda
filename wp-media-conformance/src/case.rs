//! One request as the conformance suite writes it (`cases.json`, and the steps of a sequence),
//! and the files its uploads send.

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Case {
    pub name: String,
    pub method: String,
    /// From the site's root: `/wp-json/wp/v2/media?…` or `/?rest_route=…`. It may hold the
    /// placeholders of [`fill_placeholders`], as a JSON or text body may.
    pub path: String,
    /// A role's user (`admin`, `editor`, `author`, `contributor`, `subscriber`), `anonymous`, or
    /// one of the bad credentials of [`crate::target::Target::authorization`].
    pub auth: String,
    /// Sent as they are, except `__MD5__`, which stands for the body's MD5 (`Content-MD5`).
    #[serde(default, skip_serializing_if = "Map::is_empty")]
    pub headers: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Body>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// A file of the corpus, sent as the raw body.
    File(String),
    Json(Value),
    /// Sent as it is, with the case's `Content-Type`.
    Text(String),
    Multipart(Multipart),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Multipart {
    #[serde(default)]
    pub fields: Map<String, Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FilePart>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilePart {
    pub field: String,
    /// The file name the client gives.
    pub name: String,
    /// The corpus file sent.
    pub source: String,
    #[serde(rename = "type")]
    pub content_type: String,
}

/// Where upload bodies come from: the suite's `files/`, and pictures the fuzzer made, held in
/// memory until a finding that uses one is written out.
#[derive(Default)]
pub struct Corpus {
    dir: PathBuf,
    made: BTreeMap<String, Vec<u8>>,
}

impl Corpus {
    pub fn new(dir: &Path) -> Corpus {
        Corpus {
            dir: dir.to_owned(),
            made: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, name: String, bytes: Vec<u8>) {
        self.made.insert(name, bytes);
    }

    /// Forgets the made files: a new sequence makes its own (an hour's run would otherwise hold
    /// every picture it made).
    pub fn clear_made(&mut self) {
        self.made.clear();
    }

    pub fn read(&self, name: &str) -> std::io::Result<Vec<u8>> {
        match self.made.get(name) {
            Some(bytes) => Ok(bytes.clone()),
            None => std::fs::read(self.dir.join(name)),
        }
    }

    /// Writes the made files `cases` send into the folder, so that the cases replay without the
    /// fuzzer (a temporary file renamed into place: a file there is always whole).
    pub fn persist(&self, cases: &[Case]) -> std::io::Result<()> {
        for case in cases {
            let Some(name) = case.body.as_ref().and_then(Body::source) else {
                continue;
            };
            let (Some(bytes), false) = (self.made.get(name), self.dir.join(name).exists()) else {
                continue;
            };
            let tmp = self.dir.join(format!(".{name}.tmp"));
            std::fs::write(&tmp, bytes)?;
            std::fs::rename(tmp, self.dir.join(name))?;
        }
        Ok(())
    }
}

impl Body {
    /// The corpus file the body sends, if any.
    pub fn source(&self) -> Option<&str> {
        match self {
            Body::File(name) => Some(name),
            Body::Multipart(Multipart {
                file: Some(file), ..
            }) => Some(&file.source),
            _ => None,
        }
    }
}

const BOUNDARY: &str = "conformance-boundary-7MA4YWxkTrZu0gW";

impl Case {
    /// The bytes of the body and the `Content-Type` it implies (multipart's boundary).
    pub fn body_bytes(
        &self,
        corpus: &Corpus,
        site_url: &str,
    ) -> std::io::Result<(Vec<u8>, Option<String>)> {
        let Some(body) = &self.body else {
            return Ok((Vec::new(), None));
        };
        Ok(match body {
            Body::File(name) => (corpus.read(name)?, None),
            Body::Json(json) => (
                fill_placeholders(&json.to_string(), site_url).into_bytes(),
                None,
            ),
            Body::Text(text) => (fill_placeholders(text, site_url).into_bytes(), None),
            Body::Multipart(form) => {
                let mut out = Vec::new();
                for (name, value) in &form.fields {
                    let value = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    out.extend(
                        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                            .as_bytes(),
                    );
                }
                if let Some(f) = &form.file {
                    out.extend(
                        format!(
                            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {}\r\n\r\n",
                            f.field, f.name, f.content_type
                        )
                        .as_bytes(),
                    );
                    out.extend(corpus.read(&f.source)?);
                    out.extend(b"\r\n");
                }
                out.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
                (
                    out,
                    Some(format!("multipart/form-data; boundary={BOUNDARY}")),
                )
            }
        })
    }

    /// The headers as sent: `__MD5__` replaced by the body's digest.
    pub fn header_values(&self, body: &[u8]) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(name, value)| {
                let value = value.as_str().unwrap_or_default();
                let value = if value == "__MD5__" {
                    Md5::digest(body)
                        .iter()
                        .map(|b| format!("{b:02x}"))
                        .collect()
                } else {
                    value.to_owned()
                };
                (name.clone(), value)
            })
            .collect()
    }
}

/// `text` with `{{site_url}}` as the target's address and `{{yyyy/mm}}` as this month's uploads
/// folder: what a request names of files the run uploaded (`/edit`'s `src`), written as the
/// answers are masked.
pub fn fill_placeholders(text: &str, site_url: &str) -> String {
    let month = chrono::Utc::now().format("%Y/%m").to_string();
    let escaped = |s: &str| s.replace(':', "%3A").replace('/', "%2F");
    // As written, and as a query string or form body percent-encodes them.
    text.replace("{{site_url}}", site_url)
        .replace("{{yyyy/mm}}", &month)
        .replace("%7B%7Bsite_url%7D%7D", &escaped(site_url))
        .replace("%7B%7Byyyy%2Fmm%7D%7D", &escaped(&month))
}
/// Reads a JSON file of the suite; the error names the file.
pub fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}
