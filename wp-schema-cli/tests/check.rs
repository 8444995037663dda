//! `wp-schema check` against a small HTTP server that answers as a WordPress site with one plugin
//! route would, and on the recordings it saves: what is recorded, what is reported, the overlay it
//! writes, and the sentence for each site that cannot be checked.

mod support;

use serde_json::{json, Value};
use std::path::Path;
use support::{assert_contains, json as json_reply, serve, serve_raw, wp_schema_output, Seen};

/// A temporary folder of the site's route documents: a collection and its items, one item schema.
fn documents() -> tempfile::TempDir {
    let schema = json!({
        "$schema": "http://json-schema.org/draft-04/schema#",
        "title": "thing",
        "type": "object",
        "properties": {
            "id": {"type": "integer", "context": ["view", "edit", "embed"]},
            "title": {
                "type": "object",
                "context": ["view", "edit", "embed"],
                "properties": {
                    "raw": {"type": "string", "context": ["edit"]},
                    "rendered": {"type": "string", "context": ["view", "edit", "embed"]},
                },
            },
            "note": {"type": "string", "context": ["view", "edit"]},
        },
    });
    let endpoint = json!([{"methods": ["GET"], "args": {
        "context": {"type": "string", "enum": ["view", "embed", "edit"], "default": "view"},
    }}]);
    let collection = json!({"namespace": "x/v1", "methods": ["GET"], "endpoints": endpoint,
        "schema": schema, "_links": {"self": [{"href": "{{site_url}}/wp-json/x/v1/things"}]}});
    let item =
        json!({"namespace": "x/v1", "methods": ["GET"], "endpoints": endpoint, "schema": schema});
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x-v1-things.json"), collection.to_string()).unwrap();
    std::fs::write(dir.path().join("x-v1-things-id.json"), item.to_string()).unwrap();
    // A route without an item schema, answering one object.
    let status = json!({"namespace": "x/v1", "methods": ["GET"],
        "endpoints": [{"methods": ["GET"], "args": {}}],
        "_links": {"self": [{"href": "{{site_url}}/wp-json/x/v1/status"}]}});
    std::fs::write(dir.path().join("x-v1-status.json"), status.to_string()).unwrap();
    dir
}

/// The site's index: the two routes, a route without an item schema and one no document
/// describes.
fn index(base: &str) -> Value {
    let context = json!({"type": "string", "enum": ["view", "embed", "edit"]});
    json!({
        "name": "A site", "url": base, "home": base,
        "routes": {
            "/x/v1/things": {"namespace": "x/v1", "methods": ["GET"], "endpoints": [
                {"methods": ["GET"], "args": {"context": context, "per_page": {"type": "integer"}}}]},
            "/x/v1/things/(?P<id>[\\d]+)": {"namespace": "x/v1", "methods": ["GET"], "endpoints": [
                {"methods": ["GET"], "args": {"context": context, "id": {"type": "integer"}}}]},
            "/x/v1/status": {"namespace": "x/v1", "methods": ["GET"], "endpoints": [
                {"methods": ["GET"], "args": {}}]},
            "/x/v1/untyped": {"namespace": "x/v1", "methods": ["GET"], "endpoints": [
                {"methods": ["GET"], "args": {}}]},
        },
    })
}

/// Item `id` as the site writes it in `ctx`: item 2 has a `null` note, which its schema does not
/// allow, and a property no schema lists.
fn thing(base: &str, id: u64, ctx: &str) -> Value {
    let mut item = json!({"id": id, "title": {"rendered": format!("Thing {id}")}});
    if ctx == "edit" {
        item["title"]["raw"] = json!(format!("Thing {id}"));
    }
    if ctx != "embed" {
        item["note"] = if id == 2 {
            Value::Null
        } else {
            json!("a note")
        };
    }
    if id == 2 {
        item["reading_minutes"] = json!(4);
    }
    item["_links"] = json!({"self": [{"href": format!("{base}/wp-json/x/v1/things/{id}")}]});
    item
}

/// "admin:pass word"
const ADMIN: &str = "Basic YWRtaW46cGFzcyB3b3Jk";

/// A 401 answer as WordPress writes its REST errors.
fn unauthorized(code: &str, message: &str) -> support::Reply {
    let body = json!({"code": code, "message": message, "data": {"status": 401}});
    (401, "application/json", body.to_string())
}

fn site(request: &Seen) -> support::Reply {
    let base = format!("http://{}", request.host);
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    let ctx = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("context="))
        .unwrap_or("view");
    let user = request.authorization.as_deref() == Some(ADMIN);
    if request.authorization.is_some() && !user {
        return unauthorized(
            "incorrect_password",
            "The provided password is an invalid application password.",
        );
    }
    if ctx == "edit" && !user {
        return unauthorized(
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit posts in this post type.",
        );
    }
    match path {
        "/" => (
            200,
            "text/html",
            r#"<meta name="generator" content="WordPress 6.9.7" />"#.into(),
        ),
        "/wp-json/" => json_reply(index(&base)),
        "/wp-json/wp/v2/users/me" if user => json_reply(json!({"id": 1})),
        "/wp-json/x/v1/things" => json_reply(json!([thing(&base, 1, ctx), thing(&base, 2, ctx)])),
        "/wp-json/x/v1/things/1" => json_reply(thing(&base, 1, ctx)),
        "/wp-json/x/v1/things/2" => json_reply(thing(&base, 2, ctx)),
        "/wp-json/x/v1/status" => json_reply(json!({"ok": true, "checked": {"at": 1}})),
        _ => (
            404,
            "application/json",
            json!({"code": "rest_no_route"}).to_string(),
        ),
    }
}

/// Runs `wp-schema check ARGS`, which must give up (exit 2); returns what it said on stderr.
fn check_gives_up(args: &[&str]) -> String {
    let (code, _, stderr) = wp_schema_output(&[&["check"], args].concat());
    assert_eq!(code, 2, "{stderr}");
    stderr
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

#[test]
fn a_live_site_is_recorded_reported_and_mended_by_the_overlay_it_writes() {
    let (base, _) = serve(site);
    let folder = documents();
    let docs = folder.path();
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("recording");
    let overlay = docs.join("overlay.json");
    let (code, stdout, stderr) = wp_schema_output(&[
        "check",
        docs.to_str().unwrap(),
        "--live",
        &base,
        "--user",
        "admin",
        "--password",
        "pass word",
        "--visitor",
        "--save",
        saved.to_str().unwrap(),
        "--write-overlay",
        overlay.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    for said in [
        // The null note: where, what was sent, what the schema says, and the rule.
        "thing: `note` is null, and its type is not nullable",
        "at /1/note in GET /x/v1/things?per_page=100&context=view as admin \
         (x-v1-things/list.view.json)",
        "WordPress sent: null",
        r#"the schema says: type "string", context ["view","edit"]"#,
        r#"overlay: {"thing":{"nullable":["note"]}}"#,
        // The property no schema lists is kept, and noted with the rule that types it.
        "thing: `reading_minutes` is not in the schema: kept as JSON",
        r#"{"thing":{"properties":{"reading_minutes":{"type":"integer"}}}}"#,
    ] {
        assert_contains(&stdout, said);
    }
    // Items are reached through the collection's links; edit is asked as the user only.
    let manifest = read_json(&saved.join("manifest.json"));
    assert_eq!(manifest["wordpress_version"], "6.9.7");
    let requests: Vec<String> = manifest["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{} {} {}",
                r["path"].as_str().unwrap(),
                r["query"].as_str().unwrap(),
                r["user"]
            )
        })
        .collect();
    assert!(
        requests.contains(&"/x/v1/things/2 context=edit \"admin\"".to_owned()),
        "{requests:?}"
    );
    assert!(
        requests.contains(&"/x/v1/things/2 context=embed null".to_owned()),
        "{requests:?}"
    );
    assert!(
        !requests.iter().any(|r| r.contains("edit null")),
        "{requests:?}"
    );
    assert!(
        !requests.iter().any(|r| r.contains("untyped")),
        "{requests:?}"
    );
    assert_contains(
        &stderr,
        "not asked: 1 GET routes the documents do not describe",
    );
    // The site's address becomes the placeholder.
    let body = std::fs::read_to_string(saved.join("x-v1-things/list.view.json")).unwrap();
    assert!(body.contains("{{site_url}}/wp-json/x/v1/things/1") && !body.contains(&base));
    // The overlay: a rule and a reason per finding, and what each route answers; the route
    // without an item schema was asked for that alone.
    let written = read_json(&overlay);
    assert_eq!(
        written["overlay"]["answers"],
        json!({"x-v1-status": "item", "x-v1-things": "collection", "x-v1-things-id": "item"})
    );
    let rules = &written["overlay"]["items"]["thing"];
    assert_eq!(rules["nullable"], json!(["note"]));
    assert_eq!(
        rules["properties"]["reading_minutes"],
        json!({"type": "integer"})
    );
    assert!(rules["why"]["note"].as_str().unwrap().starts_with(
        "WordPress 6.9.7: GET /x/v1/things?per_page=100&context=view as admin sent null"
    ));
    // With the overlay, the recording holds, and the saved answers are read back as recorded.
    let (code, stdout, _) = wp_schema_output(&[
        "check",
        docs.to_str().unwrap(),
        "--responses",
        saved.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert_contains(&stdout, "every item reads and is written back as it came");
}

#[test]
fn the_json_report_names_each_finding_and_where_it_was_seen() {
    let (base, _) = serve(site);
    let docs = documents();
    let (code, stdout, _) = wp_schema_output(&[
        "check",
        docs.path().to_str().unwrap(),
        "--live",
        &base,
        "--format",
        "json",
    ]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    // As a visitor: view and embed of the list and of each item.
    assert_eq!(report["answers"], 6);
    assert_eq!(report["items"], 8);
    let null_note = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "note")
        .expect("the null note is found");
    assert_eq!(null_note["holds"], false);
    assert_eq!(null_note["overlay"], json!([{"nullable": ["note"]}]));
    let seen: Vec<&str> = null_note["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["request"].as_str().unwrap())
        .collect();
    assert_eq!(
        seen,
        [
            "GET /x/v1/things?per_page=100&context=view as a visitor",
            "GET /x/v1/things/2?context=view as a visitor"
        ]
    );
}

#[test]
fn a_refused_login_a_site_that_is_not_wordpress_and_a_cut_off_answer_each_say_so() {
    let dir = documents();
    let docs = dir.path().to_str().unwrap();
    let (base, _) = serve(site);
    let stderr = check_gives_up(&[
        docs,
        "--live",
        &base,
        "--user",
        "admin",
        "--password",
        "wrong",
    ]);
    assert_contains(&stderr, "answered 401 (incorrect_password");
    assert_contains(&stderr, "check --user and --password");

    let (shop, _) = serve(|_| {
        (
            200,
            "text/html",
            "<!doctype html><title>Shop</title>".into(),
        )
    });
    let stderr = check_gives_up(&[docs, "--live", &shop]);
    assert_contains(&stderr, "did not answer as a WordPress REST API (HTTP 200");

    let cut = serve_raw(|_| {
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\
          Connection: close\r\n\r\n{\"routes\": {\"/x/v1/things\": {\"endpoints\": ["
            .to_vec()
    });
    let stderr = check_gives_up(&[docs, "--live", &cut]);
    assert_contains(&stderr, "the answer was cut off");
}

#[test]
fn a_recording_is_saved_only_where_nothing_else_would_be_lost() {
    let (base, _) = serve(site);
    let dir = documents();
    let docs = dir.path().to_str().unwrap();
    let busy = tempfile::tempdir().unwrap();
    std::fs::write(busy.path().join("notes.txt"), "mine").unwrap();
    let stderr = check_gives_up(&[
        docs,
        "--live",
        &base,
        "--save",
        busy.path().to_str().unwrap(),
    ]);
    assert_contains(&stderr, "holds other files and no recording");
    assert_eq!(
        std::fs::read_to_string(busy.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // An earlier recording is replaced whole: a body it had and the new one has not goes.
    let saved = tempfile::tempdir().unwrap();
    let path = saved.path().to_str().unwrap();
    assert_eq!(
        wp_schema_output(&["check", docs, "--live", &base, "--save", path]).0,
        1
    );
    let stale = saved.path().join("x-v1-things/9.view.visitor.json");
    std::fs::write(&stale, "{}").unwrap();
    let mut manifest = read_json(&saved.path().join("manifest.json"));
    // Two answers that shared the stale body: it is removed once.
    for _ in 0..2 {
        manifest["responses"].as_array_mut().unwrap().push(json!({
            "file": "x-v1-things/9.view.visitor.json", "route": "/x/v1/things",
            "path": "/x/v1/things/9", "status": 200,
        }));
    }
    std::fs::write(saved.path().join("manifest.json"), manifest.to_string()).unwrap();
    assert_eq!(
        wp_schema_output(&["check", docs, "--live", &base, "--save", path]).0,
        1
    );
    assert!(!stale.exists());
    assert!(saved
        .path()
        .join("x-v1-things/list.view.visitor.json")
        .exists());
}

#[test]
fn a_recording_that_is_not_one_is_a_clear_error() {
    let dir = documents();
    let docs = dir.path().to_str().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let stderr = check_gives_up(&[docs, "--responses", empty.path().to_str().unwrap()]);
    assert_contains(&stderr, "manifest.json: no such file");
    let stderr = check_gives_up(&[
        docs,
        "--responses",
        empty.path().to_str().unwrap(),
        "--user",
        "admin",
        "--password",
        "x",
    ]);
    assert_contains(&stderr, "--user and --password are for --live");
    std::fs::write(
        empty.path().join("manifest.json"),
        r#"{"responses": [{"file": "a.json"}]}"#,
    )
    .unwrap();
    let stderr = check_gives_up(&[docs, "--responses", empty.path().to_str().unwrap()]);
    assert_contains(
        &stderr,
        "response 0 needs `file`, `route` and `path` strings",
    );
}
