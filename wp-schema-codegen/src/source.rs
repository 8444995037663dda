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

/// The sources with every folder replaced by the `.json` files directly in it, by file name, so a
/// folder written by `wp-schema pull` is one argument. `as Name` cannot apply to a folder.
pub fn expand_folders(sources: &[DocumentSource]) -> Result<Vec<DocumentSource>, Vec<Error>> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for source in sources {
        if !source.path.is_dir() {
            files.push(source.clone());
            continue;
        }
        if source.name.is_some() {
            errors.push(Error::new(
                &source.display,
                "",
                "`as Name` names one route's types; name the folder's files one by one instead",
            ));
            continue;
        }
        match json_files(&source.path) {
            Ok(names) if names.is_empty() => errors.push(Error::new(
                &source.display,
                "",
                "the folder holds no `.json` documents",
            )),
            Ok(names) => files.extend(names.into_iter().map(|name| {
                let display = format!("{}/{name}", source.display.trim_end_matches('/'));
                DocumentSource::new(source.path.join(&name), display)
            })),
            Err(e) => errors.push(read_error(source, &source.path, e)),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

fn json_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && entry.file_type()?.is_file() {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
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

/// What a document is, by its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// `{"overlay": {…}}`: what OPTIONS does not show, checked in beside the documents.
    Overlay,
    /// What `OPTIONS` on a route answers: an object with an `endpoints` list.
    Route,
    /// A `/wp-json/` index: an object with a `routes` map, which PHP writes as `[]` when empty.
    Index,
    /// A bare item schema: an object with `properties` or `$schema`.
    Schema,
}

/// The kind of a document, or `None` for JSON that is none of them. `generate`, `check` and
/// `diff` all ask this one function.
pub fn document_kind(json: &Value) -> Option<DocumentKind> {
    let obj = json.as_object()?;
    let is_map = |v: &Value| v.is_object() || v.as_array().is_some_and(Vec::is_empty);
    if obj.get("overlay").is_some_and(Value::is_object) {
        Some(DocumentKind::Overlay)
    } else if obj.get("endpoints").is_some_and(Value::is_array) {
        Some(DocumentKind::Route)
    } else if obj.get("routes").is_some_and(is_map) {
        Some(DocumentKind::Index)
    } else if obj.contains_key("properties") || obj.contains_key("$schema") {
        Some(DocumentKind::Schema)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_are_told_apart_by_their_shape() {
        let cases = [
            (json!({"overlay": {}}), Some(DocumentKind::Overlay)),
            (
                json!({"endpoints": [], "schema": {}}),
                Some(DocumentKind::Route),
            ),
            (json!({"routes": {"/": {}}}), Some(DocumentKind::Index)),
            // PHP writes an empty map as a list: an index without routes.
            (json!({"routes": []}), Some(DocumentKind::Index)),
            (json!({"routes": [1]}), None),
            (json!({"endpoints": 5}), None),
            (json!({"properties": {}}), Some(DocumentKind::Schema)),
            (json!([1]), None),
        ];
        for (json, kind) in cases {
            assert_eq!(document_kind(&json), kind, "{json}");
        }
    }
}
