//! Reading OLD and NEW: a route document, a `/wp-json/?context=help` index, or a folder of route
//! documents, each turned into routes keyed by file stem.

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use wp_schema_codegen::route_file;
use wp_schema_codegen::source::{document_kind, DocumentKind};
use wp_schema_runtime::{php, php_json};

/// A route document, with the route's path where the input names it (an index does, a file not).
pub struct Route {
    pub path: Option<String>,
    pub doc: Value,
}

/// Routes by file stem, the name `pull` gives a route's file.
pub type Routes = BTreeMap<String, Route>;

/// What one path holds.
enum Input {
    /// One route document, named by its file stem.
    Single(String, Route),
    Many(Routes),
}

/// Reads both sides. Two single documents are the same route, named by NEW's file; a single
/// document against an index or folder is one route among many, named by its file.
pub fn both(old: &Path, new: &Path) -> Result<(Routes, Routes), String> {
    let (old, new) = (read(old)?, read(new)?);
    Ok(match (old, new) {
        (Input::Single(_, old), Input::Single(stem, new)) => (
            Routes::from([(stem.clone(), old)]),
            Routes::from([(stem, new)]),
        ),
        (old, new) => (routes(old), routes(new)),
    })
}

fn routes(input: Input) -> Routes {
    match input {
        Input::Single(stem, route) => Routes::from([(stem, route)]),
        Input::Many(routes) => routes,
    }
}

fn read(path: &Path) -> Result<Input, String> {
    let meta =
        std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.is_dir() {
        return read_folder(path).map(Input::Many);
    }
    let doc = read_json(path)?;
    match document_kind(&doc) {
        Some(DocumentKind::Route) => Ok(Input::Single(file_stem(path), Route { path: None, doc })),
        Some(DocumentKind::Index) => read_index(path, doc).map(Input::Many),
        Some(DocumentKind::Overlay) => Err(format!(
            "{}: an argument-callback overlay, not a route document or index",
            path.display()
        )),
        _ => Err(not_a_document(path)),
    }
}

/// Every `*.json` file directly in the folder, overlays skipped; subfolders are not read.
fn read_folder(folder: &Path) -> Result<Routes, String> {
    let listing =
        std::fs::read_dir(folder).map_err(|e| format!("cannot read {}: {e}", folder.display()))?;
    let mut files = Vec::new();
    for entry in listing {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", folder.display()))?
            .path();
        if path.extension().is_some_and(|ext| ext == "json") && path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut routes = Routes::new();
    for path in files {
        let doc = read_json(&path)?;
        match document_kind(&doc) {
            Some(DocumentKind::Route) => {
                routes.insert(file_stem(&path), Route { path: None, doc });
            }
            Some(DocumentKind::Overlay) => {}
            Some(DocumentKind::Index) => {
                return Err(format!(
                    "{}: an index; a folder holds one route document per file",
                    path.display()
                ))
            }
            _ => return Err(not_a_document(&path)),
        }
    }
    Ok(routes)
}

/// The index's routes, named as `pull --all` names their files.
fn read_index(file: &Path, mut index: Value) -> Result<Routes, String> {
    let listed = index.get_mut("routes").map(Value::take).unwrap_or_default();
    let entries = php::entries(&listed);
    let stems = route_file::unique_stems(entries.iter().map(|(path, _)| path.as_str()));
    let mut routes = Routes::new();
    for ((path, stem), (_, doc)) in stems.into_iter().zip(&entries) {
        if !matches!(document_kind(doc), Some(DocumentKind::Route)) {
            return Err(format!(
                "{}: route {path} is not a route document (it has no \"endpoints\" list)",
                file.display()
            ));
        }
        let route = Route {
            path: Some(path.to_owned()),
            doc: (*doc).clone(),
        };
        routes.insert(stem, route);
    }
    Ok(routes)
}

fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    php_json::decode(&text).map_err(|e| {
        // PHP's messages carry no position; serde_json's say where the text goes wrong.
        let detail = serde_json::from_slice::<Value>(&text)
            .err()
            .map_or_else(|| e.message.to_owned(), |e| e.to_string());
        format!("{}: not JSON ({detail})", path.display())
    })
}

fn not_a_document(path: &Path) -> String {
    format!(
        "{}: neither a route document (no \"endpoints\" list) nor a /wp-json/ index (no \"routes\")",
        path.display()
    )
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}
