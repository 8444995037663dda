//! Authorization per role, anonymous included: for every identity, item and context the server
//! answers as WordPress's capability rules say, and no answer carries an edit-only field or a
//! private item to someone who may not see it. Also the credential edge cases: wrong, unknown,
//! malformed and revoked application passwords.
//!
//! The rules are WordPress 6.9.7's `get_item_permissions_check` and `check_read_permission` for
//! attachments, with the default roles' capabilities; the conformance suite pins the same answers
//! against a real WordPress for one identity each.

mod server;

use base64::Engine;
use serde_json::{json, Value};
use server::TestServer;
use wp_media_server::store::{users, SqliteStore};

const ADMIN_PASSWORD: &str = "rolesrolesrolesroles1234";

/// What WordPress writes only in the edit context.
const EDIT_ONLY: &[&str] = &[
    "/title/raw",
    "/caption/raw",
    "/description/raw",
    "/guid/raw",
    "/permalink_template",
    "/generated_slug",
    "/missing_image_sizes",
];

#[derive(Clone, Copy, Debug, PartialEq)]
enum Role {
    Anonymous,
    Administrator,
    Editor,
    Author,
    Contributor,
    Subscriber,
}

impl Role {
    fn edits_others(self) -> bool {
        matches!(self, Role::Administrator | Role::Editor)
    }
    fn edits_own(self) -> bool {
        !matches!(self, Role::Anonymous | Role::Subscriber)
    }
    fn reads_private(self) -> bool {
        self.edits_others()
    }
    /// 401 for visitors, 403 for users (`rest_authorization_required_code`).
    fn refused(self) -> u16 {
        if self == Role::Anonymous {
            401
        } else {
            403
        }
    }
}

struct Identity {
    name: &'static str,
    role: Role,
    user_id: i64,
    authorization: Option<String>,
}

struct Item {
    id: i64,
    author: i64,
    private: bool,
}

impl Identity {
    fn can_edit(&self, item: &Item) -> bool {
        self.role.edits_others() || (self.role.edits_own() && item.author == self.user_id)
    }
    fn can_read(&self, item: &Item) -> bool {
        !item.private || self.role.reads_private() || item.author == self.user_id
    }
}

/// The server, its users, and its data folder (kept for as long as the server runs).
fn start() -> (TestServer, Vec<Identity>, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    std::env::set_var("WP_MEDIA_ADMIN_APP_PASSWORD", ADMIN_PASSWORD);
    // Seeded here, to add the users before the server starts; the server is told its own address.
    let store = SqliteStore::open(data.path(), "http://127.0.0.1")
        .unwrap()
        .store;
    let mut identities = vec![
        Identity {
            name: "anonymous",
            role: Role::Anonymous,
            user_id: 0,
            authorization: None,
        },
        Identity {
            name: "admin",
            role: Role::Administrator,
            user_id: 1,
            authorization: Some(server::basic("admin", ADMIN_PASSWORD)),
        },
    ];
    for (login, role_name, role) in [
        ("editor1", "editor", Role::Editor),
        ("author1", "author", Role::Author),
        ("author2", "author", Role::Author),
        ("contributor1", "contributor", Role::Contributor),
        ("subscriber1", "subscriber", Role::Subscriber),
    ] {
        let user = users::create_user(&store, login, role_name, None).unwrap();
        let password = users::create_app_password(&store, login).unwrap();
        identities.push(Identity {
            name: login,
            role,
            user_id: user.id,
            authorization: Some(server::basic(login, &users::chunked(&password))),
        });
    }
    drop(store);
    let server = server::spawn(data.path(), ADMIN_PASSWORD, &[]);
    (server, identities, data)
}

fn request(
    server: &TestServer,
    method: &str,
    path: &str,
    authorization: Option<&str>,
) -> ureq::Request {
    let mut request = ureq::request(method, &format!("{}{path}", server.base));
    if let Some(value) = authorization {
        request = request.set("Authorization", value);
    }
    request
}

fn get(server: &TestServer, path: &str, who: &Identity) -> (u16, Value) {
    server::answer(request(server, "GET", path, who.authorization.as_deref()).call())
}

/// Updates attachment `id` with `changes` as `who`; the status.
fn update(server: &TestServer, who: &Identity, id: i64, changes: Value) -> u16 {
    let path = format!("/wp-json/wp/v2/media/{id}");
    let authorization = who.authorization.as_deref();
    server::answer(request(server, "POST", &path, authorization).send_json(changes)).0
}

fn upload(server: &TestServer, who: &Identity, name: &str) -> i64 {
    upload_sample(server, who, name, "blue.png", "image/png")
}

fn upload_sample(
    server: &TestServer,
    who: &Identity,
    name: &str,
    sample: &str,
    content_type: &str,
) -> i64 {
    let bytes = server::sample(sample);
    let (status, body) = server::answer(
        request(
            server,
            "POST",
            "/wp-json/wp/v2/media",
            who.authorization.as_deref(),
        )
        .set("Content-Type", content_type)
        .set(
            "Content-Disposition",
            &format!("attachment; filename={name}"),
        )
        .send_bytes(&bytes),
    );
    assert_eq!(status, 201, "{} uploads: {body}", who.name);
    body["id"].as_i64().unwrap()
}

/// No edit-only field in `body` (an item, or a list of items) for an item `who` may not edit.
fn assert_no_leak(body: &Value, who: &Identity, items: &[Item], what: &str) {
    let entries: Vec<&Value> = match body {
        Value::Array(list) => list.iter().collect(),
        other => vec![other],
    };
    for entry in entries {
        let Some(id) = entry.get("id").and_then(Value::as_i64) else {
            continue;
        };
        let item = items.iter().find(|i| i.id == id).unwrap();
        assert!(who.can_read(item), "{what}: {} sees item {id}", who.name);
        if !who.can_edit(item) {
            for pointer in EDIT_ONLY {
                assert!(
                    entry.pointer(pointer).is_none(),
                    "{what}: {} sees {pointer} of item {id}",
                    who.name
                );
            }
        }
    }
}

#[test]
fn every_role_sees_what_wordpress_lets_it_see_and_nothing_more() {
    let (server, identities, _data) = start();
    let by_name = |name: &str| identities.iter().find(|i| i.name == name).unwrap();
    let (admin, author1) = (by_name("admin"), by_name("author1"));
    let public = upload(&server, admin, "public.png");
    let owned = upload(&server, author1, "owned.png");
    let private = upload(&server, admin, "private.png");
    assert_eq!(
        update(&server, admin, private, json!({ "status": "private" })),
        200
    );
    let items = [
        Item {
            id: public,
            author: 1,
            private: false,
        },
        Item {
            id: owned,
            author: author1.user_id,
            private: false,
        },
        Item {
            id: private,
            author: 1,
            private: true,
        },
    ];

    let mut checked = 0;
    for who in &identities {
        for item in &items {
            let path = format!("/wp-json/wp/v2/media/{}", item.id);
            let edit = format!("{path}?context=edit");
            // The edit context is checked before reading (`get_item_permissions_check`).
            for (target, allowed, refusal) in [
                (&path, who.can_read(item), "rest_forbidden"),
                (&edit, who.can_edit(item), "rest_forbidden_context"),
            ] {
                let (status, body) = get(&server, target, who);
                let expected = if allowed { 200 } else { who.role.refused() };
                assert_eq!(status, expected, "{} GET {target}: {body}", who.name);
                if status != 200 {
                    assert_eq!(body["code"], refusal, "{} GET {target}", who.name);
                }
            }
            for context in ["view", "embed"] {
                for extra in [
                    "",
                    "&_fields=id,title.raw,caption,permalink_template",
                    "&_embed=1",
                ] {
                    let target = format!("{path}?context={context}{extra}");
                    let (_, body) = get(&server, &target, who);
                    assert_no_leak(&body, who, &items, &target);
                    checked += 1;
                }
            }
            checked += 2;
        }
        for target in [
            "/wp-json/wp/v2/media",
            "/wp-json/wp/v2/media?context=edit",
            "/wp-json/wp/v2/media?context=embed",
            "/wp-json/wp/v2/media?status=private",
            "/wp-json/wp/v2/media?status=inherit,private&context=edit",
            "/wp-json/wp/v2/media?_fields=id,title.raw,missing_image_sizes",
        ] {
            let (status, body) = get(&server, target, who);
            checked += 1;
            let asks_edit = target.contains("context=edit");
            let asks_private = target.contains("private");
            // Statuses are sanitized before permissions are checked, and a forbidden one is an
            // invalid parameter whose details carry `rest_forbidden_status` (seen on 6.9.7). Any
            // user who may edit posts may ask for private ones, and then sees those it may read.
            if asks_private && !who.role.edits_own() && !who.role.reads_private() {
                assert_eq!(
                    (
                        status,
                        body["code"].as_str(),
                        body.pointer("/data/details/status/code"),
                        body.pointer("/data/details/status/data/status"),
                    ),
                    (
                        400,
                        Some("rest_invalid_param"),
                        Some(&json!("rest_forbidden_status")),
                        Some(&json!(who.role.refused())),
                    ),
                    "{} GET {target}",
                    who.name
                );
                continue;
            }
            if asks_edit && !who.role.edits_own() {
                assert_eq!(
                    (status, body["code"].as_str()),
                    (who.role.refused(), Some("rest_forbidden_context")),
                    "{} GET {target}",
                    who.name
                );
                continue;
            }
            assert_eq!(status, 200, "{} GET {target}: {body}", who.name);
            assert_no_leak(&body, who, &items, target);
            let mut listed: Vec<i64> = body
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|e| e["id"].as_i64())
                .collect();
            listed.sort_unstable();
            // The edit context lists only what the user may edit (WordPress 6.9).
            let expected: Vec<i64> = items
                .iter()
                .filter(|i| i.private == asks_private || target.contains("inherit,private"))
                .filter(|i| who.can_read(i))
                .filter(|i| !asks_edit || who.can_edit(i))
                .map(|i| i.id)
                .collect();
            assert_eq!(listed, expected, "{} GET {target}", who.name);
        }
    }
    eprintln!(
        "{checked} requests across {} identities, no leak",
        identities.len()
    );
}

/// WordPress 6.9.7 reads credentials only after its authentication-error check has run, so
/// rejected ones leave a visitor: no `incorrect_password` body, but a visitor's answer.
#[test]
fn bad_credentials_leave_a_visitor_and_revoking_takes_effect_at_once() {
    let (server, identities, data) = start();
    let db = data.path().join("wp.sqlite");
    let editor = identities.iter().find(|i| i.name == "editor1").unwrap();
    let with = |target: &str, authorization: &str| {
        server::answer(request(&server, "GET", target, Some(authorization)).call())
    };
    let visitor = |authorization: &str| {
        let (status, body) = with("/wp-json/wp/v2/media?context=edit", authorization);
        assert_eq!(
            (status, body["code"].as_str()),
            (401, Some("rest_forbidden_context")),
            "{authorization}"
        );
        let (status, _) = with("/wp-json/wp/v2/media", authorization);
        assert_eq!(status, 200, "{authorization}");
    };
    for authorization in [
        server::basic("admin", "wrongwrongwrongwrongwrong"),
        server::basic("nobody", ADMIN_PASSWORD),
        server::basic("nobody@example.com", ADMIN_PASSWORD),
        server::basic("admin", ""),
        server::basic("admin", &format!("{ADMIN_PASSWORD}x")),
        "Basic !!!".to_owned(),
        "Bearer abc".to_owned(),
        format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode("no-colon")
        ),
    ] {
        visitor(&authorization);
    }

    // A password that worked, and is remembered, stops working the moment its row is gone.
    let authorization = editor.authorization.clone().unwrap();
    let edit_list = "/wp-json/wp/v2/media?context=edit";
    assert_eq!(with(edit_list, &authorization).0, 200);
    assert_eq!(with(edit_list, &authorization).0, 200);
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute(
        "DELETE FROM app_passwords WHERE user_id = ?1",
        [editor.user_id],
    )
    .unwrap();
    visitor(&authorization);
}

/// Status and body text of a GET, error statuses included.
fn get_text(server: &TestServer, path: &str, who: &Identity) -> (u16, String) {
    match request(server, "GET", path, who.authorization.as_deref()).call() {
        Ok(r) => (r.status(), r.into_string().unwrap()),
        Err(ureq::Error::Status(status, r)) => (status, r.into_string().unwrap()),
        Err(e) => panic!("GET {path}: {e}"),
    }
}

/// Items are written as JSON straight from their structs unless `_fields`, `_embed` or
/// `_envelope` reshapes them. `_envelope` takes the path through a `Value` tree, so its body must
/// be the same text, for every identity (the links' `targetHints` differ) and context.
#[test]
fn answers_written_straight_are_the_tree_answers() {
    let (server, identities, _data) = start();
    let by_name = |name: &str| identities.iter().find(|i| i.name == name).unwrap();
    let (admin, author1) = (by_name("admin"), by_name("author1"));
    let photo = upload_sample(&server, admin, "photo.jpg", "photo.jpg", "image/jpeg");
    let changes = json!({
        "alt_text": "a \"quoted\" <b>sky</b> \u{e9}",
        "caption": "Caption & more\nsecond line",
        "description": "One\n\nTwo \u{1f600}",
    });
    assert_eq!(update(&server, admin, photo, changes), 200);
    let owned = upload(&server, author1, "owned.png");
    let mut compared = 0;
    for who in [by_name("anonymous"), admin, author1] {
        for target in [
            "/wp-json/wp/v2/media".to_owned(),
            "/wp-json/wp/v2/media?context=edit".to_owned(),
            "/wp-json/wp/v2/media?context=embed&per_page=1&page=2".to_owned(),
            format!("/wp-json/wp/v2/media/{photo}"),
            format!("/wp-json/wp/v2/media/{photo}?context=edit"),
            format!("/wp-json/wp/v2/media/{owned}?context=embed"),
        ] {
            let (status, plain) = get_text(&server, &target, who);
            let separator = if target.contains('?') { '&' } else { '?' };
            let (_, enveloped) = get(&server, &format!("{target}{separator}_envelope"), who);
            assert_eq!(enveloped["status"], status, "{} GET {target}", who.name);
            if status == 200 {
                assert_eq!(
                    plain,
                    String::from_utf8(
                        wp_schema_runtime::php_json::to_vec(&enveloped["body"]).unwrap()
                    )
                    .unwrap(),
                    "{} GET {target}",
                    who.name
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 12, "only {compared} answers compared");

    // Written items are kept until the database changes; an update shows at once.
    let item = format!("/wp-json/wp/v2/media/{photo}");
    let changes = json!({ "title": "Renamed", "alt_text": "new alt" });
    assert_eq!(update(&server, admin, photo, changes), 200);
    let (_, single) = get(&server, &item, admin);
    let (_, list) = get(&server, "/wp-json/wp/v2/media", admin);
    let listed = list.as_array().unwrap().iter().find(|i| i["id"] == photo);
    for answer in [&single, listed.unwrap()] {
        assert_eq!(answer["title"]["rendered"], "Renamed");
        assert_eq!(answer["alt_text"], "new alt");
    }
}
