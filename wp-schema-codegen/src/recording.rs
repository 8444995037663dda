//! A recording: a folder of WordPress responses with `manifest.json` naming the request behind
//! each, what `wp-schema check --live --save` writes and `check --responses` and the tests read. Bodies are kept as
//! WordPress sent them, with the site's address replaced by `{{site_url}}`.
//!
//! ```json
//! {"wordpress_version": "6.9.7", "recorded_by": "…", "responses": [
//!   {"file": "wp-v2-posts-id/5.view.json", "route": "/wp/v2/posts/(?P<id>[\\d]+)",
//!    "path": "/wp/v2/posts/5", "query": "context=view", "context": "view", "user": "admin",
//!    "status": 200}]}
//! ```

use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

/// The manifest's name in a recording's folder.
pub const MANIFEST: &str = "manifest.json";

/// Responses recorded from one site.
#[derive(Debug, Default)]
pub struct Recording {
    /// As the site names itself (its front page's `generator`), when it does.
    pub wordpress_version: Option<String>,
    pub recorded_by: String,
    pub responses: Vec<Recorded>,
}

/// One response and the request behind it.
#[derive(Clone, Debug, PartialEq)]
pub struct Recorded {
    /// The body's file, relative to the folder; answers with the same body share one.
    pub file: String,
    /// The route as the site's index lists it.
    pub route: String,
    pub path: String,
    pub query: String,
    /// The context asked for; `None` when the route takes no `context`.
    pub context: Option<String>,
    /// The login the request was made with; `None` for a visitor.
    pub user: Option<String>,
    pub status: u16,
    pub body: Value,
}

impl Recorded {
    /// The name of the route's document, as `wp-schema pull` names its file (`wp-v2-posts-id`),
    /// by which generated code lists the routes of each item type.
    pub fn document(&self) -> String {
        crate::route_file::stem(&self.route)
    }

    /// `GET /wp/v2/posts/5?context=view as admin`, for messages.
    pub fn request(&self) -> String {
        let query = if self.query.is_empty() {
            String::new()
        } else {
            format!("?{}", self.query)
        };
        let who = self.user.as_deref().unwrap_or("a visitor");
        format!("GET {}{query} as {who}", self.path)
    }
}

impl Recording {
    /// Reads `DIR/manifest.json` and every body it names.
    pub fn read(dir: &Path) -> Result<Recording, String> {
        let manifest_path = dir.join(MANIFEST);
        let manifest = read_json(&manifest_path)?;
        let bad = |what: &str| format!("{}: {what}", manifest_path.display());
        let entries = manifest
            .get("responses")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no `responses` list; is this a recording `check --save` wrote?"))?;
        let mut responses = Vec::with_capacity(entries.len());
        for (n, entry) in entries.iter().enumerate() {
            let text = |key: &str| entry.get(key).and_then(Value::as_str).map(str::to_owned);
            let (Some(file), Some(route), Some(path)) = (text("file"), text("route"), text("path"))
            else {
                return Err(bad(&format!(
                    "response {n} needs `file`, `route` and `path` strings"
                )));
            };
            let status = entry
                .get("status")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok())
                .ok_or_else(|| bad(&format!("response {n} needs a `status`")))?;
            let body = read_json(&dir.join(&file))?;
            responses.push(Recorded {
                file,
                route,
                path,
                query: text("query").unwrap_or_default(),
                context: text("context"),
                user: text("user"),
                status,
                body,
            });
        }
        Ok(Recording {
            wordpress_version: manifest
                .get("wordpress_version")
                .and_then(Value::as_str)
                .map(str::to_owned),
            recorded_by: manifest
                .get("recorded_by")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            responses,
        })
    }

    /// The manifest, naming for each response the file its body is in.
    pub fn manifest(&self, files: &[String]) -> Value {
        let responses: Vec<Value> = self
            .responses
            .iter()
            .zip(files)
            .map(|(r, file)| {
                let mut entry = Map::new();
                entry.insert("file".into(), file.clone().into());
                entry.insert("route".into(), r.route.clone().into());
                entry.insert("path".into(), r.path.clone().into());
                entry.insert("query".into(), r.query.clone().into());
                entry.insert("context".into(), r.context.clone().into());
                entry.insert("user".into(), r.user.clone().into());
                entry.insert("status".into(), r.status.into());
                Value::Object(entry)
            })
            .collect();
        json!({
            "wordpress_version": self.wordpress_version,
            "recorded_by": self.recorded_by,
            "responses": responses,
        })
    }
}

/// A JSON file, with its path in any error.
pub fn read_json(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("{}: no such file", path.display()),
        _ => format!("{}: cannot read: {e}", path.display()),
    })?;
    serde_json::from_str(&text).map_err(|e| format!("{}: malformed JSON: {e}", path.display()))
}

/// A body's file name: the route's document name as folder, the path variables' values (or
/// `list`), then the context and `visitor`, each a safe file-name word.
pub fn file_name(
    stem: &str,
    values: &[String],
    query: &str,
    context: Option<&str>,
    user: bool,
) -> PathBuf {
    let mut name = if values.is_empty() {
        "list".to_owned()
    } else {
        values.iter().map(|v| safe(v)).collect::<Vec<_>>().join("_")
    };
    // Every list is asked for its longest page; the name tells lists apart by the rest only.
    let query: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && *pair != "per_page=100")
        .collect();
    if !query.is_empty() {
        name.push('~');
        name.push_str(&safe(&query.join("&")));
    }
    if let Some(ctx) = context {
        name.push('.');
        name.push_str(&safe(ctx));
    }
    if !user {
        name.push_str(".visitor");
    }
    name.push_str(".json");
    Path::new(stem).join(name)
}

/// Letters, digits, `-` and `_` kept; every other run of characters becomes one `-`.
fn safe(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let trimmed = out.trim_matches('-');
    if trimmed.is_empty() {
        "-".to_owned()
    } else {
        trimmed.chars().take(80).collect()
    }
}

/// Whether an answer is a collection: a list, or an object keyed by name (`/wp/v2/types`: every
/// value an object, and some key not a property of the item, which `is_property` tells). Anything
/// else is one item. The generated client reads a route's answers by what its recordings were.
pub fn is_collection(body: &Value, is_property: &dyn Fn(&str) -> bool) -> bool {
    match body {
        Value::Array(_) => true,
        Value::Object(map) => {
            !map.is_empty()
                && !map.keys().all(|k| is_property(k))
                && map.values().all(Value::is_object)
        }
        _ => false,
    }
}

/// The items of an answer with their JSON pointers: a collection's ([`is_collection`]) elements
/// or values, or the answer itself.
pub fn items_of<'a>(
    body: &'a Value,
    is_property: &dyn Fn(&str) -> bool,
) -> Vec<(String, &'a Value)> {
    match body {
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/{i}"), v))
            .collect(),
        Value::Object(map) if is_collection(body, is_property) => map
            .iter()
            .map(|(k, v)| (format!("/{}", k.replace('~', "~0").replace('/', "~1")), v))
            .collect(),
        _ => vec![(String::new(), body)],
    }
}

/// An item without the links and embeds the controller adds beside the schema's properties.
pub fn without_links(item: &Value) -> Value {
    let mut item = item.clone();
    if let Some(map) = item.as_object_mut() {
        map.shift_remove("_links");
        map.shift_remove("_embedded");
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_come_from_the_route_and_the_request() {
        let name = |values: &[&str], query, ctx, user| {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            file_name("wp-v2-x", &values, query, ctx, user)
                .to_string_lossy()
                .into_owned()
        };
        assert_eq!(name(&[], "", Some("view"), true), "wp-v2-x/list.view.json");
        assert_eq!(
            name(&["5", "12"], "", Some("edit"), true),
            "wp-v2-x/5_12.edit.json"
        );
        assert_eq!(
            name(&["twentytwentyfive//index"], "", Some("embed"), false),
            "wp-v2-x/twentytwentyfive-index.embed.visitor.json"
        );
        assert_eq!(
            name(&[], "per_page=100&status=draft", None, true),
            "wp-v2-x/list~status-draft.json"
        );
        assert_eq!(
            name(&[], "per_page=100", Some("view"), true),
            "wp-v2-x/list.view.json"
        );
    }
}
