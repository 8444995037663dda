//! Putting pulled documents on disk: the site's address replaced by a placeholder, each file written
//! whole or not at all, and route documents the site no longer has removed.

use serde_json::Value;
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What stands for the site's address in written documents, so documents of different sites compare.
pub const SITE_URL_PLACEHOLDER: &str = "{{site_url}}";

/// Replaces every occurrence of the site's addresses in the document's strings by the placeholder.
/// Longer addresses go first, so `http://x/blog` is not half-replaced as `http://x`.
pub fn replace_site_urls(value: &mut Value, addresses: &[String]) {
    let mut addresses: Vec<&str> = addresses
        .iter()
        .map(|a| a.trim_end_matches('/'))
        .filter(|a| !a.is_empty())
        .collect();
    addresses.sort_by_key(|a| std::cmp::Reverse(a.len()));
    addresses.dedup();
    replace_in(value, &addresses);
}

fn replace_in(value: &mut Value, addresses: &[&str]) {
    match value {
        Value::String(text) => {
            for address in addresses {
                if text.contains(address) {
                    *text = text.replace(address, SITE_URL_PLACEHOLDER);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_in(v, addresses)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_in(v, addresses)),
        _ => {}
    }
}

/// What writing a document did to its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    New,
    Updated,
    Unchanged,
}

/// Writes the document as pretty JSON (WordPress's key order kept) through a temporary file and a
/// rename, so an interrupted pull leaves the old file or the new one, never half of one.
pub fn write_document(path: &Path, document: &Value) -> Result<Written, String> {
    let mut text = serde_json::to_string_pretty(document)
        .map_err(|e| format!("{}: cannot encode: {e}", path.display()))?;
    text.push('\n');
    let outcome = match std::fs::read(path) {
        Ok(old) if old == text.as_bytes() => return Ok(Written::Unchanged),
        Ok(_) => Written::Updated,
        Err(_) => Written::New,
    };
    write_atomically(path, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))?;
    Ok(outcome)
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// The file `pull` keeps the routes' patterns in, an overlay the generator reads with the documents.
pub const ROUTES_FILE: &str = "routes.json";

/// The overlay of route patterns in `dir` with `routes` (document name, route) entered: the
/// entries already there are kept unless `replace`, which `--all` asks for since it pulled every
/// route the site has.
pub fn routes_overlay(
    dir: &Path,
    routes: &[(String, String)],
    replace: bool,
) -> Result<Value, String> {
    let path = dir.join(ROUTES_FILE);
    let mut entries = serde_json::Map::new();
    if !replace {
        match std::fs::read(&path) {
            Ok(bytes) => {
                let old: Value = serde_json::from_slice(&bytes)
                    .map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
                let old = old
                    .pointer("/overlay/routes")
                    .and_then(Value::as_object)
                    .ok_or_else(|| {
                        format!(
                            "{}: not an overlay of routes (`overlay.routes`)",
                            path.display()
                        )
                    })?;
                entries.extend(old.clone());
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("{}: {e}", path.display())),
        }
    }
    for (document, route) in routes {
        entries.insert(document.clone(), Value::String(route.clone()));
    }
    entries.sort_keys();
    Ok(serde_json::json!({"overlay": {
        "about": "Where each route document's route lives: OPTIONS on a route with path variables \
                  does not say. Written by `wp-schema pull`; the generated client fills these in.",
        "routes": entries,
    }}))
}

/// The route documents in `dir` (JSON files with `endpoints`) whose names are not in `kept`.
/// Overlays and any other file are left alone.
pub fn stale_documents(dir: &Path, kept: &HashSet<String>) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut stale = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !name.ends_with(".json") || kept.contains(name) || !is_route_document(&path) {
            continue;
        }
        stale.push(path);
    }
    stale.sort();
    Ok(stale)
}

fn is_route_document(path: &Path) -> bool {
    std::fs::read(path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).ok())
        .is_some_and(|doc| doc.get("endpoints").is_some_and(Value::is_array))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn site_addresses_become_the_placeholder_longest_first() {
        let mut doc = json!({
            "_links": {"self": [{"href": "http://x.test/blog/wp-json/wp/v2/media"}]},
            "other": ["see http://x.test/about", 3],
        });
        replace_site_urls(
            &mut doc,
            &["http://x.test".into(), "http://x.test/blog/".into()],
        );
        assert_eq!(
            doc,
            json!({
                "_links": {"self": [{"href": "{{site_url}}/wp-json/wp/v2/media"}]},
                "other": ["see {{site_url}}/about", 3],
            })
        );
    }

    #[test]
    fn writing_reports_new_updated_and_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("wp-v2-x.json");
        let doc = json!({"b": 1, "a": [2]});
        assert_eq!(write_document(&path, &doc).unwrap(), Written::New);
        assert_eq!(write_document(&path, &doc).unwrap(), Written::Unchanged);
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\n  \"b\": 1,\n  \"a\": [\n    2\n  ]\n}\n"
        );
        assert_eq!(
            write_document(&path, &json!({"b": 2})).unwrap(),
            Written::Updated
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_routes_overlay_keeps_other_entries_unless_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let first = [(
            "wp-v2-media-id".to_owned(),
            "/wp/v2/media/(?P<id>[\\d]+)".to_owned(),
        )];
        let written = routes_overlay(dir.path(), &first, false).unwrap();
        write_document(&dir.path().join(ROUTES_FILE), &written).unwrap();
        let second = [("wp-v2-posts".to_owned(), "/wp/v2/posts".to_owned())];
        let merged = routes_overlay(dir.path(), &second, false).unwrap();
        let names = |v: &Value| -> Vec<String> {
            v["overlay"]["routes"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        assert_eq!(names(&merged), ["wp-v2-media-id", "wp-v2-posts"]);
        assert_eq!(merged["overlay"]["routes"]["wp-v2-media-id"], first[0].1);
        assert_eq!(
            names(&routes_overlay(dir.path(), &second, true).unwrap()),
            ["wp-v2-posts"]
        );
        std::fs::write(dir.path().join(ROUTES_FILE), "{\"overlay\": {}}").unwrap();
        let refused = routes_overlay(dir.path(), &second, false).unwrap_err();
        assert!(refused.contains("not an overlay of routes"), "{refused}");
    }

    #[test]
    fn only_route_documents_not_kept_are_stale() {
        let dir = tempfile::tempdir().unwrap();
        let put = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
        put("wp-v2-kept.json", r#"{"endpoints": []}"#);
        put("wp-v2-gone.json", r#"{"endpoints": []}"#);
        put("overlay.json", r#"{"overlay": {}}"#);
        put("notes.txt", "text");
        put("broken.json", "{");
        let kept = HashSet::from(["wp-v2-kept.json".to_owned()]);
        let stale = stale_documents(dir.path(), &kept).unwrap();
        assert_eq!(stale, [dir.path().join("wp-v2-gone.json")]);
    }
}
