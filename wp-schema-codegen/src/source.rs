//! Reading input documents from disk into JSON, with WordPress's key order kept.

use crate::error::Error;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A document the user named, optionally with the Rust name its types should take.
#[derive(Clone, Debug)]
pub struct DocumentSource {
    /// Where to read it.
    pub path: PathBuf,
    /// The path as the user wrote it, for messages.
    pub display: String,
    /// `"file.json" as Name`: the prefix for the route's generated names.
    pub name: Option<String>,
}

impl DocumentSource {
    pub fn new(path: impl Into<PathBuf>, display: impl Into<String>) -> Self {
        DocumentSource {
            path: path.into(),
            display: display.into(),
            name: None,
        }
    }
}

/// A document read and decoded.
#[derive(Clone, Debug)]
pub struct Document {
    pub source: DocumentSource,
    pub json: Value,
}

/// Reads and decodes one document; a missing file or malformed JSON is an error naming the file.
pub fn load(source: &DocumentSource) -> Result<Document, Error> {
    let text =
        std::fs::read_to_string(&source.path).map_err(|e| read_error(source, &source.path, e))?;
    let json = serde_json::from_str(&text)
        .map_err(|e| Error::new(&source.display, "", format!("malformed JSON: {e}")))?;
    Ok(Document {
        source: source.clone(),
        json,
    })
}

fn read_error(source: &DocumentSource, path: &Path, e: std::io::Error) -> Error {
    let what = match e.kind() {
        std::io::ErrorKind::NotFound => format!("no such file ({})", path.display()),
        _ => format!("cannot read {}: {e}", path.display()),
    };
    Error::new(&source.display, "", what)
}
