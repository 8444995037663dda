//! WordPress and the server on one database and one uploads folder: what either one writes, the
//! other serves alike. Each writes an upload, each edits the other's, both answer for every item
//! in every context and for a search of them, and each deletes the other's.
//!
//! Needs a live WordPress on MariaDB (`../shared/wordpress/start-wp.sh`), named by three
//! variables, which scripts/test.sh sets when it starts one:
//! - `WP_MEDIA_SHARED_WP`: its env file (BASE_URL, APP_PASSWORD, WP_VERSION);
//! - `WP_MEDIA_SHARED_DATABASE`: its database, as `--database` takes it;
//! - `WP_MEDIA_SHARED_UPLOADS`: its uploads folder.
//!
//! Against WordPress 6.9.7 the answers must be byte for byte alike. Against another version (CI
//! has Debian's 6.1.9) what that version renders differently is left out of the comparison (the
//! fields 6.9 added, `_links`, and the description's HTML: 6.9/NOTES.md beside start-wp.sh);
//! everything read from the rows must still agree.

mod server;

use serde_json::Value;
use server::{answer, basic, files_under, sample, spawn_with, TestServer};
use std::collections::BTreeMap;
use std::path::PathBuf;

struct Site {
    base: String,
    auth: String,
    version: String,
    database: String,
    uploads: PathBuf,
}

impl Site {
    fn from_env() -> Option<Site> {
        let env_file = std::env::var("WP_MEDIA_SHARED_WP").ok()?;
        let database = std::env::var("WP_MEDIA_SHARED_DATABASE").ok()?;
        let uploads = std::env::var("WP_MEDIA_SHARED_UPLOADS").ok()?;
        let text = std::fs::read_to_string(&env_file)
            .unwrap_or_else(|e| panic!("WP_MEDIA_SHARED_WP={env_file}: {e}"));
        let vars: BTreeMap<&str, &str> = text
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(k, v)| (k, v.trim_matches('\'')))
            .collect();
        Some(Site {
            base: vars["BASE_URL"].to_owned(),
            auth: basic(vars["USER"], vars["APP_PASSWORD"]),
            version: vars.get("WP_VERSION").unwrap_or(&"").to_string(),
            database,
            uploads: uploads.into(),
        })
    }
}

/// One side: WordPress or the server, reached over HTTP with the admin's application password.
struct Side<'a> {
    name: &'static str,
    base: String,
    auth: &'a str,
}

impl Side<'_> {
    fn url(&self, route: &str) -> String {
        format!("{}/wp-json/wp/v2{route}", self.base)
    }

    fn get(&self, route: &str) -> (u16, Value, Option<String>) {
        let result = ureq::get(&self.url(route))
            .set("Authorization", self.auth)
            .call();
        let total = match &result {
            Ok(r) => r.header("X-WP-Total").map(str::to_owned),
            Err(_) => None,
        };
        let (status, body) = answer(result);
        (status, body, total)
    }

    fn upload(&self, name: &str, mime: &str, bytes: &[u8]) -> i64 {
        let (status, body) = answer(
            ureq::post(&self.url("/media"))
                .set("Authorization", self.auth)
                .set("Content-Type", mime)
                .set(
                    "Content-Disposition",
                    &format!("attachment; filename=\"{name}\""),
                )
                .send_bytes(bytes),
        );
        assert_eq!(status, 201, "{} upload of {name}: {body}", self.name);
        body["id"].as_i64().unwrap()
    }

    fn update(&self, id: i64, fields: Value) {
        let (status, body) = answer(
            ureq::post(&self.url(&format!("/media/{id}")))
                .set("Authorization", self.auth)
                .send_json(fields),
        );
        assert_eq!(status, 200, "{} update of {id}: {body}", self.name);
    }

    fn delete(&self, id: i64) -> u16 {
        answer(
            ureq::delete(&self.url(&format!("/media/{id}?force=true")))
                .set("Authorization", self.auth)
                .call(),
        )
        .0
    }
}

/// What is compared of an answer: all of it on 6.9.7; on another version, what it renders as
/// 6.9.7 does (item by item for a list).
fn comparable(body: &Value, version: &str) -> Value {
    if version == "6.9.7" {
        return body.clone();
    }
    match body {
        Value::Array(items) => Value::Array(items.iter().map(|i| comparable(i, version)).collect()),
        Value::Object(item) if item.contains_key("id") => {
            let mut item = item.clone();
            for field in ["class_list", "featured_media", "_links", "description"] {
                item.remove(field);
            }
            Value::Object(item)
        }
        other => other.clone(),
    }
}

/// Deletes through WordPress whatever the test made, should it stop half-way.
struct Cleanup<'a> {
    wordpress: &'a Side<'a>,
    ids: Vec<i64>,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for &id in &self.ids {
            self.wordpress.delete(id);
        }
    }
}

#[test]
fn wordpress_and_the_server_serve_each_others_writes_alike() {
    let Some(site) = Site::from_env() else {
        eprintln!(
            "SKIPPED: no live WordPress on MariaDB (set WP_MEDIA_SHARED_WP, \
             WP_MEDIA_SHARED_DATABASE and WP_MEDIA_SHARED_UPLOADS; scripts/test.sh does)"
        );
        return;
    };
    let _server: TestServer = spawn_with(
        |_| {
            vec![
                "--database".into(),
                site.database.clone(),
                "--uploads".into(),
                site.uploads.to_str().unwrap().into(),
                "--site-url".into(),
                site.base.clone(),
            ]
        },
        "",
    );
    let wordpress = Side {
        name: "WordPress",
        base: site.base.clone(),
        auth: &site.auth,
    };
    let ours = Side {
        name: "the server",
        base: _server.base.clone(),
        auth: &site.auth,
    };
    let token = format!(
        "shared{}x{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    );
    let mut cleanup = Cleanup {
        wordpress: &wordpress,
        ids: Vec::new(),
    };

    // Each side uploads; each edits the other's upload.
    let by_wordpress = wordpress.upload(
        &format!("{token}-a.jpg"),
        "image/jpeg",
        &sample("enc-gray.jpg"),
    );
    cleanup.ids.push(by_wordpress);
    let by_ours = ours.upload(
        &format!("{token}-b.png"),
        "image/png",
        &sample("enc-pal-alpha.png"),
    );
    cleanup.ids.push(by_ours);
    ours.update(
        by_wordpress,
        serde_json::json!({"alt_text": "i:42;", "caption": "Ça <b>va</b>", "post": 1}),
    );
    wordpress.update(
        by_ours,
        serde_json::json!({"alt_text": "a:1:{i:0;s:1:\"x\";}", "title": "Zèbre", "description": "Two\n\nparagraphs"}),
    );

    let compare = |route: &str| {
        let (ws, wb, wt) = wordpress.get(route);
        let (os, ob, ot) = ours.get(route);
        assert_eq!(
            (os, comparable(&ob, &site.version), ot),
            (ws, comparable(&wb, &site.version), wt),
            "GET {route}: the server (left) and WordPress {} (right)",
            site.version
        );
        wb
    };
    for id in [by_wordpress, by_ours] {
        for context in ["view", "edit", "embed"] {
            compare(&format!("/media/{id}?context={context}"));
        }
    }
    let found = compare(&format!(
        "/media?search={token}&orderby=title&order=asc&context=edit"
    ));
    assert_eq!(found.as_array().map(Vec::len), Some(2), "{found}");
    let edited = compare(&format!("/media/{by_ours}?context=edit"));
    assert_eq!(
        edited["alt_text"], "a:1:{i:0;s:1:\"x\";}",
        "text that looks serialized stays text"
    );
    assert_eq!(edited["title"]["raw"], "Zèbre");

    // Each deletes the other's: rows and files are gone for both.
    assert_eq!(ours.delete(by_wordpress), 200);
    assert_eq!(wordpress.delete(by_ours), 200);
    cleanup.ids.clear();
    for id in [by_wordpress, by_ours] {
        compare(&format!("/media/{id}"));
        assert_eq!(ours.get(&format!("/media/{id}")).0, 404);
    }
    let left: Vec<PathBuf> = files_under(&site.uploads)
        .into_iter()
        .filter(|path| path.to_string_lossy().contains(&token))
        .collect();
    assert!(left.is_empty(), "files left after both deletes: {left:?}");
}
