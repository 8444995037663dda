//! The site's title and tagline, as the REST index names them: a new site's are WordPress's
//! defaults (`My Site`, no tagline), `--site-name` and `--site-description` set them, and the store
//! keeps them for later starts.

use std::process::Command;
use std::sync::Arc;
use wp_media_server::request::{App, RestRequest};
use wp_media_server::rest::dispatch::handle;
use wp_media_server::storage::Folder;
use wp_media_server::store::{options, SqliteStore, Store};

fn index_of(data: &std::path::Path) -> serde_json::Value {
    let site_url = "http://127.0.0.1:8080".to_owned();
    let opened = SqliteStore::open(data, &site_url).unwrap();
    let config = wp_media_server::Config {
        addr: "127.0.0.1:8080".parse().unwrap(),
        data: data.to_owned(),
        site_url,
        max_upload_size: 1 << 20,
        image_sizes: Default::default(),
        uploads_url: None,
        permalinks: Default::default(),
        year_month_folders: true,
    };
    let uploads = Folder::new(opened.store.uploads_dir().to_owned());
    let app = Arc::new(App::new(config, opened.store, uploads));
    let req = RestRequest {
        method: "GET".into(),
        route: "/".into(),
        ..RestRequest::default()
    };
    let response = handle(&app, &req);
    assert_eq!(response.status, 200);
    serde_json::from_slice(&response.body).unwrap()
}

#[test]
fn a_new_site_is_my_site_without_a_tagline() {
    let data = tempfile::tempdir().unwrap();
    let index = index_of(data.path());
    assert_eq!(index["name"], "My Site");
    assert_eq!(index["description"], "");
}

#[test]
fn the_flags_set_the_title_and_tagline_and_the_store_keeps_them() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_wp-media-server"))
            .arg("--data")
            .arg(data.path())
            .args(args)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    run(&[
        "--site-name",
        "Kitchen notes",
        "--site-description",
        "Soups & stews",
        "app-password",
        "create",
        "admin",
    ]);
    let index = index_of(data.path());
    assert_eq!(index["name"], "Kitchen notes");
    assert_eq!(index["description"], "Soups & stews");
    // A start without the flags keeps what was set.
    run(&["app-password", "create", "admin"]);
    let index = index_of(data.path());
    assert_eq!(index["name"], "Kitchen notes");
    let opened = SqliteStore::open(data.path(), "http://127.0.0.1:8080").unwrap();
    let kept = opened.store.option(options::BLOGNAME).unwrap();
    assert_eq!(kept.as_deref(), Some("Kitchen notes"));
}
