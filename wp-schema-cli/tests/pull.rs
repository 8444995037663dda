//! `wp-schema pull` against a small HTTP server that answers as a WordPress site would (or as a
//! site that is not WordPress would). The folders under `schemas/` were pulled from real WordPress
//! 6.9.7 and 6.1.9 with the same command.

mod support;

use std::net::TcpListener;
use std::path::Path;
use support::{assert_contains, json, serve, wp_schema};

/// A `?context=help` index of two routes, with the site's own address `http://site.test`.
fn index(server: &str) -> serde_json::Value {
    serde_json::json!({
        "name": "A site",
        "url": "http://site.test",
        "home": "http://site.test",
        "routes": {
            "/x/v1/things": {
                "namespace": "x/v1",
                "methods": ["GET"],
                "endpoints": [{"methods": ["GET"], "args": {"zeta": {"type": "string"}, "alpha": {"type": "integer"}}}],
                "_links": {"self": [{"href": "http://site.test/wp-json/x/v1/things"}]},
            },
            "/x/v1/things/(?P<id>[\\d]+)": {
                "namespace": "x/v1",
                "methods": ["GET"],
                "endpoints": [{"methods": ["GET"], "args": {"id": {"type": "integer"}}}],
                "schema": {"title": "thing", "description": format!("See {server}/about.")},
            },
        },
    })
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs `wp-schema pull SITE --all -o DIR`; returns the exit code and stderr.
fn pull_all(site: &str, dir: &str) -> (i32, String) {
    wp_schema(&["pull", site, "--all", "-o", dir])
}

#[test]
fn all_writes_one_file_per_route_and_removes_routes_gone() {
    let (site, seen) = serve(|request| json(index(&format!("http://{}", request.host))));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    std::fs::write(dir.join("overlay.json"), r#"{"overlay": {}}"#).unwrap();
    std::fs::write(dir.join("x-v1-gone.json"), r#"{"endpoints": []}"#).unwrap();

    let (code, stderr) = pull_all(&site, dir.to_str().unwrap());
    assert_eq!(code, 0, "{stderr}");

    let things = read(&dir.join("x-v1-things.json"));
    assert!(things.find("\"zeta\"").unwrap() < things.find("\"alpha\"").unwrap());
    assert_contains(&things, "\"href\": \"{{site_url}}/wp-json/x/v1/things\"");
    let item = read(&dir.join("x-v1-things-id.json"));
    assert_contains(&item, "See {{site_url}}/about.");
    assert!(item.ends_with("}\n"));
    assert!(!dir.join("x-v1-gone.json").exists());
    assert!(dir.join("overlay.json").exists());
    assert_contains(&stderr, "[2/2]");
    assert_contains(&stderr, "2 new, 0 updated, 0 unchanged, 1 removed");

    let (code, stderr) = pull_all(&site, dir.to_str().unwrap());
    assert_eq!(code, 0, "{stderr}");
    assert_contains(&stderr, "0 new, 0 updated, 2 unchanged, 0 removed");
    assert!(seen.lock().unwrap().iter().all(|s| s.method == "GET"
        && s.target == "/wp-json/?context=help"
        && s.authorization.is_none()));
}

#[test]
fn a_route_is_asked_with_options_and_a_pattern_from_the_index() {
    let (site, seen) = serve(|request| match request.method.as_str() {
        "OPTIONS" => json(index("http://other.test")["routes"]["/x/v1/things"].clone()),
        _ => json(index("http://other.test")),
    });
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let (code, stderr) = wp_schema(&[
        "pull",
        &format!("{site}/wp-json/"),
        "--route",
        "/x/v1/things",
        "--route",
        r"/x/v1/things/(?P<id>[\d]+)",
        "-o",
        dir,
    ]);
    assert_eq!(code, 0, "{stderr}");
    let requests: Vec<(String, String)> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| (s.method.clone(), s.target.clone()))
        .collect();
    assert_eq!(
        requests,
        [
            ("OPTIONS".into(), "/wp-json/x/v1/things".into()),
            ("GET".into(), "/wp-json/?context=help".into()),
        ]
    );
    assert!(out.path().join("x-v1-things.json").exists());
    assert!(out.path().join("x-v1-things-id.json").exists());

    let (code, stderr) = wp_schema(&["pull", &site, "--route", "/x/v1/(?P<nope>x)", "-o", dir]);
    assert_eq!(code, 2);
    assert_contains(&stderr, "the site has no route /x/v1/(?P<nope>x)");
}

#[test]
fn plain_permalinks_are_reached_through_rest_route() {
    let (site, seen) = serve(|request| {
        if request.target.starts_with("/wp-json") {
            (404, "text/html", "<html>Not Found</html>".into())
        } else {
            json(index("http://other.test"))
        }
    });
    let out = tempfile::tempdir().unwrap();
    let (code, stderr) = pull_all(&site, out.path().to_str().unwrap());
    assert_eq!(code, 0, "{stderr}");
    let targets: Vec<String> = seen
        .lock()
        .unwrap()
        .iter()
        .map(|s| s.target.clone())
        .collect();
    assert_eq!(
        targets,
        ["/wp-json/?context=help", "/?rest_route=/&context=help"]
    );
}

#[test]
fn credentials_go_as_basic_auth_and_a_refusal_says_what_to_check() {
    let (site, seen) = serve(|request| {
        match request.authorization.as_deref() {
        // "admin:abcd efgh"
        Some("Basic YWRtaW46YWJjZCBlZmdo") => json(index("http://other.test")),
        _ => (
            401,
            "application/json",
            r#"{"code":"incorrect_password","message":"The provided password is an invalid application password.","data":{"status":401}}"#.into(),
        ),
    }
    });
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let pull = |password: &str| {
        wp_schema(&[
            "pull",
            &site,
            "--all",
            "-o",
            dir,
            "--user",
            "admin",
            "--password",
            password,
        ])
    };
    assert_eq!(pull("abcd efgh").0, 0);
    let (code, stderr) = pull("wrong");
    assert_eq!(code, 2);
    assert_contains(
        &stderr,
        "answered 401 (incorrect_password: The provided password is an invalid application \
         password.)",
    );
    assert_contains(&stderr, "check --user and --password");
    assert_eq!(seen.lock().unwrap().len(), 2);
}

#[test]
fn a_site_that_is_not_wordpress_is_named_as_such() {
    let (html, _) = serve(|_| {
        (
            200,
            "text/html",
            "<!doctype html><title>Shop</title>".into(),
        )
    });
    let (other_json, _) = serve(|_| json(serde_json::json!({"hello": "world"})));
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();

    let (code, stderr) = pull_all(&html, dir);
    assert_eq!(code, 2);
    assert_contains(&stderr, "did not answer as a WordPress REST API (HTTP 200");
    assert_contains(&stderr, "<!doctype html><title>Shop</title>");

    let (code, stderr) = pull_all(&other_json, dir);
    assert_eq!(code, 2);
    assert_contains(&stderr, "no `routes` object");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn an_unreachable_site_and_a_bad_address_are_clear_errors() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    let (code, stderr) = pull_all(&format!("http://127.0.0.1:{port}"), dir);
    assert_eq!(code, 2);
    assert_contains(
        &stderr,
        &format!("cannot reach http://127.0.0.1:{port}/wp-json/?context=help"),
    );

    let (code, stderr) = pull_all("example.com", dir);
    assert_eq!(code, 2);
    assert_contains(&stderr, "must start with http:// or https://");

    let (code, stderr) = wp_schema(&["pull", "http://x.test", "-o", dir]);
    assert_eq!(code, 2, "clap's usage error");
    assert_contains(&stderr, "--route");
}
