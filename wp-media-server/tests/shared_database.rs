//! WordPress and the server on one database and one uploads folder: what either one writes, the
//! other serves alike. Each writes an upload, each edits the other's, both answer for every item
//! in every context and for a search of them, and each deletes the other's.
//!
//! Needs a live WordPress on MariaDB (`../shared/wordpress/start-wp.sh`), named by the variables
//! of `server::SharedSite`, which scripts/test.sh sets when it starts one.
//!
//! Against WordPress 6.9.7 the answers must be byte for byte alike. Against another version (CI
//! has Debian's 6.1.9) what that version renders differently is left out of the comparison (the
//! fields 6.9 added, `_links`, and the description's HTML: 6.9/NOTES.md beside start-wp.sh);
//! everything read from the rows must still agree.

mod server;

use serde_json::Value;
use server::{answer, files_under, sample, SharedSite, TestServer};
use std::path::PathBuf;

/// The tests of this file take turns: one changes the site's settings, which the others' answers
/// depend on.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner())
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

/// WordPress, and the server serving its site.
fn sides<'a>(site: &'a SharedSite, server: &TestServer) -> (Side<'a>, Side<'a>) {
    let side = |name, base: &str| Side {
        name,
        base: base.to_owned(),
        auth: &site.auth,
    };
    (
        side("WordPress", &site.base),
        side("the server", &server.base),
    )
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
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let server = site.serve();
    let (wordpress, ours) = sides(&site, &server);
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

/// WordPress and the server updating one attachment at the same time, twenty times each: every
/// update answers 200, and after them both sides serve the attachment alike, whole (its metadata
/// readable, its files there), with the fields one of the writers last gave it. WordPress takes
/// no lock, so which writer's update lands last is the database's to decide, as between two
/// WordPress requests; the item's fields may even come from two updates (WordPress writes the row
/// and each meta key apart), but each field is one writer's value, never a mix or a loss.
#[test]
fn wordpress_and_the_server_updating_one_attachment_at_once_leave_it_whole() {
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let server = site.serve();
    let (wordpress, ours) = sides(&site, &server);
    let token = format!("race{}", std::process::id());
    let mut cleanup = Cleanup {
        wordpress: &wordpress,
        ids: Vec::new(),
    };
    let id = wordpress.upload(
        &format!("{token}.png"),
        "image/png",
        &sample("enc-pal-alpha.png"),
    );
    cleanup.ids.push(id);
    let written: Vec<String> = std::thread::scope(|scope| {
        let writers: Vec<_> = [&wordpress, &ours]
            .into_iter()
            .map(|side| {
                let token = &token;
                scope.spawn(move || {
                    (0..20)
                        .map(|n| {
                            let value = format!("{token} {} {n}", side.name);
                            side.update(
                                id,
                                serde_json::json!({"alt_text": value, "title": value, "caption": value}),
                            );
                            value
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        writers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let route = format!("/media/{id}?context=edit");
    let (ws, wb, _) = wordpress.get(&route);
    let (os, ob, _) = ours.get(&route);
    assert_eq!(
        (os, comparable(&ob, &site.version)),
        (ws, comparable(&wb, &site.version)),
        "after the race, the server (left) and WordPress (right)"
    );
    for field in [&wb["alt_text"], &wb["title"]["raw"], &wb["caption"]["raw"]] {
        let value = field.as_str().unwrap_or_default();
        assert!(
            written.iter().any(|w| w == value),
            "{value:?} is no writer's"
        );
    }
    let file = site
        .uploads
        .join(wb["media_details"]["file"].as_str().unwrap());
    assert!(file.is_file(), "{}", file.display());
    assert_eq!(wordpress.delete(id), 200);
    cleanup.ids.clear();
}

/// The site's Media settings shape the sizes: with other bounds for medium and large, an
/// uncropped thumbnail and no medium_large, the server (started after the change, as it reads
/// them once) makes of a picture the sizes WordPress makes of it.
#[test]
fn the_sites_media_settings_shape_the_sizes_as_in_wordpress() {
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let store = wp_media_server::store::MariaDbStore::open(&site.database, "wp_")
        .expect("the site's database");
    use wp_media_server::store::Store;
    let settings = [
        ("medium_size_w", "400"),
        ("medium_size_h", "250"),
        ("large_size_w", "700"),
        ("large_size_h", "0"),
        ("thumbnail_crop", ""),
        ("medium_large_size_w", "0"),
    ];
    /// Puts the settings back as they were, however the test ends.
    struct Restore<'a>(&'a dyn Store, Vec<(&'static str, Option<String>)>);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            for (name, value) in &self.1 {
                let _ = self
                    .0
                    .set_option(name, value.as_deref().unwrap_or_default());
            }
        }
    }
    let _restore = Restore(
        &store,
        settings
            .iter()
            .map(|(name, _)| (*name, store.option(name).unwrap()))
            .collect(),
    );
    for (name, value) in settings {
        store.set_option(name, value).unwrap();
    }
    let server = site.serve();
    let (wordpress, ours) = sides(&site, &server);
    let mut cleanup = Cleanup {
        wordpress: &wordpress,
        ids: Vec::new(),
    };
    let token = format!("settings{}", std::process::id());
    let picture = sample("enc-444.jpg");
    let sizes_of = |side: &Side<'_>, name: &str| {
        let id = side.upload(name, "image/jpeg", &picture);
        let (_, item, _) = wordpress.get(&format!("/media/{id}?context=edit"));
        let sizes: Vec<(String, Value, Value)> = item["media_details"]["sizes"]
            .as_object()
            .unwrap()
            .iter()
            .filter(|(name, _)| *name != "full")
            .map(|(name, size)| (name.clone(), size["width"].clone(), size["height"].clone()))
            .collect();
        (id, sizes)
    };
    let (theirs_id, theirs) = sizes_of(&wordpress, &format!("{token}-a.jpg"));
    cleanup.ids.push(theirs_id);
    let (ours_id, ours_sizes) = sizes_of(&ours, &format!("{token}-b.jpg"));
    cleanup.ids.push(ours_id);
    assert_eq!(
        ours_sizes, theirs,
        "the server's sizes (left) and WordPress's (right)"
    );
    assert!(
        theirs
            .iter()
            .any(|(name, _, h)| name == "medium" && h.as_i64() == Some(250)),
        "the settings took: {theirs:?}"
    );
    assert!(!theirs.iter().any(|(name, ..)| name == "medium_large"));
}

/// A role of the site's own (added to `wp_user_roles`, as `add_role` stores it) and a capability
/// given to one user beyond it: the server reckons the user's roles and capabilities as WordPress
/// does (`/users/me`), and allows and refuses what WordPress allows and refuses.
#[test]
fn a_custom_role_grants_in_the_server_what_it_grants_in_wordpress() {
    use mysql::prelude::Queryable;
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let mut db = mysql::Conn::new(mysql::Opts::from_url(&site.database).unwrap()).unwrap();
    let original: Vec<u8> = db
        .query_first("SELECT option_value FROM wp_options WHERE option_name = 'wp_user_roles'")
        .unwrap()
        .expect("the site's roles");
    // `a:N:{…}` becomes `a:N+1:{…ROLE}`, written here by hand rather than by the code tested.
    let text = String::from_utf8(original.clone()).unwrap();
    let (count, rest) = text
        .strip_prefix("a:")
        .and_then(|t| t.split_once(":{"))
        .unwrap();
    let count: usize = count.parse().unwrap();
    let role = "s:13:\"media_manager\";a:2:{s:4:\"name\";s:13:\"Media manager\";\
        s:12:\"capabilities\";a:4:{s:4:\"read\";b:1;s:12:\"upload_files\";b:1;\
        s:10:\"edit_posts\";b:1;s:12:\"delete_posts\";b:1;}}";
    let with_role = format!(
        "a:{}:{{{}{role}}}",
        count + 1,
        rest.strip_suffix('}').unwrap()
    );
    /// Puts the roles back and removes the user, however the test ends.
    struct Restore<'a> {
        db: mysql::Conn,
        roles: Vec<u8>,
        wordpress: &'a Side<'a>,
        user: Option<i64>,
    }
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            if let Some(user) = self.user {
                let _ = ureq::delete(
                    &self
                        .wordpress
                        .url(&format!("/users/{user}?force=true&reassign=1")),
                )
                .set("Authorization", self.wordpress.auth)
                .call();
            }
            let _ = self.db.exec_drop(
                "UPDATE wp_options SET option_value = ? WHERE option_name = 'wp_user_roles'",
                (&self.roles,),
            );
        }
    }
    db.exec_drop(
        "UPDATE wp_options SET option_value = ? WHERE option_name = 'wp_user_roles'",
        (&with_role,),
    )
    .unwrap();
    let wordpress_admin = Side {
        name: "WordPress",
        base: site.base.clone(),
        auth: &site.auth,
    };
    let mut restore = Restore {
        db,
        roles: original,
        wordpress: &wordpress_admin,
        user: None,
    };
    let token = format!("roles{}", std::process::id());
    let (status, user) = answer(
        ureq::post(&wordpress_admin.url("/users"))
            .set("Authorization", &site.auth)
            .send_json(serde_json::json!({
                "username": token,
                "email": format!("{token}@example.com"),
                "password": "not-used-here-1A!",
                "roles": ["media_manager"],
            })),
    );
    assert_eq!(status, 201, "{user}");
    let user_id = user["id"].as_i64().unwrap();
    restore.user = Some(user_id);
    // One capability beyond the role, as a plugin grants it (`WP_User::add_cap`).
    restore
        .db
        .exec_drop(
            "UPDATE wp_usermeta SET meta_value = ? WHERE user_id = ? AND meta_key = 'wp_capabilities'",
            (
                "a:2:{s:13:\"media_manager\";b:1;s:17:\"edit_others_posts\";b:1;}",
                user_id,
            ),
        )
        .unwrap();
    let (status, password) = answer(
        ureq::post(&wordpress_admin.url(&format!("/users/{user_id}/application-passwords")))
            .set("Authorization", &site.auth)
            .send_json(serde_json::json!({ "name": "test" })),
    );
    assert_eq!(status, 201, "{password}");
    let auth = server::basic(&token, password["password"].as_str().unwrap());

    let server = site.serve();
    let (wordpress, ours) = (
        Side {
            name: "WordPress",
            base: site.base.clone(),
            auth: &auth,
        },
        Side {
            name: "the server",
            base: server.base.clone(),
            auth: &auth,
        },
    );
    let me = |side: &Side<'_>| {
        let (status, body, _) = side.get("/users/me?context=edit");
        assert_eq!(status, 200, "{}: {body}", side.name);
        ["id", "roles", "capabilities", "extra_capabilities"].map(|k| body[k].clone())
    };
    let theirs = me(&wordpress);
    assert_eq!(theirs[1], serde_json::json!(["media_manager"]));
    assert_eq!(me(&ours), theirs, "the server (left) and WordPress (right)");

    // Allowed by the role (uploads), by the user's own capability (editing another's upload),
    // and refused (deleting another's upload: no delete_others_posts).
    let mut cleanup = Cleanup {
        wordpress: &wordpress_admin,
        ids: Vec::new(),
    };
    let picture = sample("blue.png");
    for side in [&wordpress, &ours] {
        let id = side.upload(&format!("{token}.png"), "image/png", &picture);
        cleanup.ids.push(id);
    }
    let admins = wordpress_admin.upload(&format!("{token}-admin.png"), "image/png", &picture);
    cleanup.ids.push(admins);
    for side in [&wordpress, &ours] {
        side.update(admins, serde_json::json!({ "alt_text": side.name }));
    }
    let refusals: Vec<(u16, Value)> = [&wordpress, &ours]
        .map(|side| {
            let (status, body) = answer(
                ureq::delete(&side.url(&format!("/media/{admins}?force=true")))
                    .set("Authorization", side.auth)
                    .call(),
            );
            (status, body["code"].clone())
        })
        .into();
    assert_eq!(refusals[0].0, 403, "{refusals:?}");
    assert_eq!(
        refusals[1], refusals[0],
        "the server (right) and WordPress (left)"
    );
}

/// The site's permalink structure shapes the addresses both sides give: an attachment's `link`
/// and `permalink_template` (with no parent, under a post, under a child page, with a numeric
/// slug), the REST addresses in `_links`, and a list's page links, under pretty, dated, numbered,
/// author, category (a category under another), `index.php` and plain structures. The server is started after each change, as it
/// reads the structure once.
#[test]
fn the_permalink_structure_shapes_the_addresses_as_in_wordpress() {
    use mysql::prelude::Queryable;
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let mut db = mysql::Conn::new(mysql::Opts::from_url(&site.database).unwrap()).unwrap();
    let original: String = db
        .query_first(
            "SELECT option_value FROM wp_options WHERE option_name = 'permalink_structure'",
        )
        .unwrap()
        .unwrap_or_default();
    /// Sets the structure as the Permalinks screen does (the rewrite rules made again).
    fn set_structure(db: &mut mysql::Conn, structure: &str) {
        db.exec_drop(
            "UPDATE wp_options SET option_value = ? WHERE option_name = 'permalink_structure'",
            (structure,),
        )
        .unwrap();
        db.query_drop(
            "UPDATE wp_options SET option_value = '' WHERE option_name = 'rewrite_rules'",
        )
        .unwrap();
    }
    struct Restore(mysql::Conn, String);
    impl Drop for Restore {
        fn drop(&mut self) {
            set_structure(&mut self.0, &self.1);
        }
    }
    let mut restore = Restore(db, original.clone());
    let admin = Side {
        name: "WordPress",
        base: site.base.clone(),
        auth: &site.auth,
    };
    let mut cleanup = Cleanup {
        wordpress: &admin,
        ids: Vec::new(),
    };
    let token = format!("links{}", std::process::id());
    let create = |route: &str, fields: Value| -> i64 {
        let (status, body) = answer(
            ureq::post(&admin.url(route))
                .set("Authorization", &site.auth)
                .send_json(fields),
        );
        assert_eq!(status, 201, "{route}: {body}");
        body["id"].as_i64().unwrap()
    };
    // A category under another, for `%category%`: the post's link names both.
    let news = create(
        "/categories",
        serde_json::json!({"name": format!("{token} news")}),
    );
    let local = create(
        "/categories",
        serde_json::json!({"name": format!("{token} local"), "parent": news}),
    );
    let post = create(
        "/posts",
        serde_json::json!({"title": token, "status": "publish", "date": "2026-03-04T05:06:07", "categories": [local]}),
    );
    let parent_page = create(
        "/pages",
        serde_json::json!({"title": format!("{token} parent"), "status": "publish"}),
    );
    let child_page = create(
        "/pages",
        serde_json::json!({"title": format!("{token} child"), "status": "publish", "parent": parent_page}),
    );
    let picture = sample("blue.png");
    let mut media = Vec::new();
    for (n, parent, slug) in [
        (0, 0, None),
        (1, post, None),
        (2, child_page, None),
        (3, post, Some("4567")),
    ] {
        let id = admin.upload(&format!("{token}-{n}.png"), "image/png", &picture);
        cleanup.ids.push(id);
        let mut fields = serde_json::json!({ "post": parent });
        if let Some(slug) = slug {
            fields["slug"] = slug.into();
        }
        admin.update(id, fields);
        media.push(id);
    }
    let posts = [
        (post, "posts"),
        (parent_page, "pages"),
        (child_page, "pages"),
    ];

    for structure in [
        "/%postname%/",
        "/%year%/%monthnum%/%day%/%postname%/",
        "/archives/%post_id%",
        "/%author%/%postname%",
        "/%category%/%postname%/",
        "/index.php/%postname%/",
        "",
    ] {
        set_structure(&mut restore.0, structure);
        let server = site.serve();
        // The REST address each side answers at under this structure.
        let address = |base: &str, route: &str| -> String {
            let (path, query) = route.split_once('?').unwrap_or((route, ""));
            if structure.is_empty() {
                format!("{base}/index.php?rest_route=/wp/v2{path}&{query}")
            } else if structure.starts_with("/index.php") {
                format!("{base}/index.php/wp-json/wp/v2{path}?{query}")
            } else {
                format!("{base}/wp-json/wp/v2{path}?{query}")
            }
        };
        let ask = |base: &str, route: &str| {
            let result = ureq::get(&address(base, route))
                .set("Authorization", &site.auth)
                .call();
            let link = match &result {
                Ok(r) => r.header("Link").map(str::to_owned),
                Err(_) => None,
            };
            let (status, body) = answer(result);
            assert_eq!(status, 200, "{structure:?} {route}: {body}");
            (body, link)
        };
        for &id in &media {
            let route = format!("/media/{id}?context=edit");
            let (theirs, _) = ask(&site.base, &route);
            let (ours, _) = ask(&server.base, &route);
            let shown = |item: &Value| {
                [
                    item["link"].clone(),
                    item["permalink_template"].clone(),
                    item["_links"]["self"][0]["href"].clone(),
                    item["_links"]["collection"][0]["href"].clone(),
                    item["_links"]["author"][0]["href"].clone(),
                ]
            };
            assert_eq!(
                shown(&ours),
                shown(&theirs),
                "{structure:?}, attachment {id}: the server (left) and WordPress {} (right)",
                site.version
            );
        }
        // The parent as `_embed` shows it: its own permalink.
        let route = format!("/media/{}?_embed=up", media[2]);
        let (theirs, _) = ask(&site.base, &route);
        let (ours, _) = ask(&server.base, &route);
        assert_eq!(
            ours["_embedded"]["up"][0]["link"], theirs["_embedded"]["up"][0]["link"],
            "{structure:?}: the child page's link"
        );
        let route = format!("/media?search={token}&per_page=1&page=2&orderby=id");
        let (_, theirs) = ask(&site.base, &route);
        let (_, ours) = ask(&server.base, &route);
        assert_eq!(ours, theirs, "{structure:?}: the page links");
        drop(server);
    }
    let terms = [(local, "categories"), (news, "categories")];
    for (id, route) in posts.iter().rev().chain(&terms) {
        let _ = ureq::delete(&admin.url(&format!("/{route}/{id}?force=true")))
            .set("Authorization", &site.auth)
            .call();
    }
}

/// With year and month folders off (`uploads_use_yearmonth_folders`), both sides put uploads at
/// the top of the uploads folder, and serve each other's alike.
#[test]
fn uploads_without_year_and_month_folders_go_to_the_top_on_both_sides() {
    let _turn = one_at_a_time();
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let store = wp_media_server::store::MariaDbStore::open(&site.database, "wp_")
        .expect("the site's database");
    use wp_media_server::store::Store;
    let before = store.option("uploads_use_yearmonth_folders").unwrap();
    /// Puts the option back, however the test ends.
    struct Restore<'a>(&'a dyn Store, Option<String>);
    impl Drop for Restore<'_> {
        fn drop(&mut self) {
            let _ = self.0.set_option(
                "uploads_use_yearmonth_folders",
                self.1.as_deref().unwrap_or("1"),
            );
        }
    }
    let _restore = Restore(&store, before);
    store
        .set_option("uploads_use_yearmonth_folders", "0")
        .unwrap();
    let server = site.serve();
    let (wordpress, ours) = sides(&site, &server);
    let mut cleanup = Cleanup {
        wordpress: &wordpress,
        ids: Vec::new(),
    };
    let token = format!("flat{}", std::process::id());
    let theirs = wordpress.upload(&format!("{token}-a.png"), "image/png", &sample("blue.png"));
    cleanup.ids.push(theirs);
    let mine = ours.upload(&format!("{token}-b.png"), "image/png", &sample("blue.png"));
    cleanup.ids.push(mine);
    for id in [theirs, mine] {
        let route = format!("/media/{id}?context=edit");
        let (ws, wb, _) = wordpress.get(&route);
        let (os, ob, _) = ours.get(&route);
        assert_eq!(
            (os, comparable(&ob, &site.version)),
            (ws, comparable(&wb, &site.version)),
            "GET {route}: the server (left) and WordPress (right)"
        );
        let file = wb["media_details"]["file"].as_str().unwrap();
        assert!(!file.contains('/'), "{file} is at the top");
        assert!(site.uploads.join(file).is_file(), "{file}");
    }
}
