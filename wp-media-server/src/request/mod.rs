//! The bottom layer of the server: a request as the REST server sees it, the call serving it (who
//! asks, the parsed parameters, the route), what a handler answers, and the errors every layer
//! raises. Everything above imports from here; this imports only the store and the configuration.

mod call;
mod errors;
mod fields;

pub use call::{raw_id, request_parts_of, App, Call, PlayerCounts};
pub use errors::{context_of, internal, no_route};
pub use fields::{includes_links, requested_fields};

use serde_json::Value;
use std::borrow::Cow;

/// One file part of a multipart body (`$_FILES`).
#[derive(Clone, Debug)]
pub struct UploadedFile {
    pub field: String,
    pub file_name: String,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A request as the REST server sees it, after the HTTP layer has read it whole.
#[derive(Clone, Debug, Default)]
pub struct RestRequest {
    /// Upper-case, after `_method` / `X-HTTP-Method-Override`.
    pub method: String,
    /// The REST route, e.g. `/wp/v2/media/5`.
    pub route: String,
    /// The raw query string, without `?`.
    pub query: String,
    /// The query string read as PHP reads it into `$_GET`.
    pub query_params: serde_json::Map<String, Value>,
    pub headers: http::HeaderMap,
    pub body: Vec<u8>,
    /// Set for `multipart/form-data` bodies: the ordinary fields and the files.
    pub multipart: Option<(serde_json::Map<String, Value>, Vec<UploadedFile>)>,
}

impl RestRequest {
    /// A header's value as text. PHP passes header bytes through as they are, so UTF-8 beyond ASCII
    /// (a file name like `café.jpg` in Content-Disposition) is read, not dropped.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| std::str::from_utf8(v.as_bytes()).ok())
    }

    /// Whether the server's `_fields`, `_embed` or `_envelope` options will reshape the answer's
    /// data (`WP_REST_Server::serve_request`).
    pub fn reshapes_data(&self) -> bool {
        ["_fields", "_embed", "_envelope"]
            .iter()
            .any(|option| self.query_params.contains_key(*option))
    }

    /// Every value of a header, in order. PHP passes header bytes through as they are: UTF-8 is
    /// read as such, and other bytes as ISO-8859-1, the encoding `remove_accents` then assumes
    /// (a client that writes `filename="Ünïcødé.png"` in Latin-1 gets `Unicode.png`).
    pub fn header_values(&self, name: &str) -> Vec<Cow<'_, str>> {
        self.headers
            .get_all(name)
            .iter()
            .map(|v| match std::str::from_utf8(v.as_bytes()) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => Cow::Owned(v.as_bytes().iter().map(|&b| char::from(b)).collect()),
            })
            .collect()
    }
}

/// A successful answer before the server's envelope: status, the handler's own headers, and data
/// that may carry `_links`.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    /// Headers a controller sends itself (PHP's `header()`), outside the REST response: they
    /// stay HTTP headers when the answer is enveloped.
    pub sent_headers: Vec<(String, String)>,
    pub data: Data,
}

/// The data of an answer.
#[derive(Clone, Debug)]
pub enum Data {
    /// A tree the server's `_fields`, `_embed` and `_envelope` options can work on.
    Tree(Value),
    /// The data already written as JSON, straight from the handler's structs: only for requests
    /// that [`RestRequest::reshapes_data`] says are answered as they are.
    Written(Vec<u8>),
}

impl Reply {
    pub fn ok(data: Value) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            sent_headers: Vec::new(),
            data: Data::Tree(data),
        }
    }

    pub fn written(json: Vec<u8>) -> Reply {
        Reply {
            status: 200,
            headers: Vec::new(),
            sent_headers: Vec::new(),
            data: Data::Written(json),
        }
    }

    pub fn with_header(mut self, name: &str, value: String) -> Reply {
        self.headers.push((name.to_owned(), value));
        self
    }

    /// The attachment id an upload or edit sends at once (`X-WP-Upload-Attachment-ID`), which
    /// lets a client resume making sizes after a failure; it is never part of an envelope.
    pub fn with_upload_attachment_id(mut self, id: i64) -> Reply {
        self.sent_headers
            .push(("X-WP-Upload-Attachment-ID".to_owned(), id.to_string()));
        self
    }
}

/// The finished response the HTTP layer writes out.
#[derive(Clone, Debug)]
pub struct RestResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}
