//! The refusals the async worker answers itself (`dispatch::answer_without_store`: a visitor's
//! list request whose arguments fail) are exactly what `dispatch::handle` answers, and they need no
//! database: the data folder is gone before they are asked.

use std::sync::Arc;
use wp_media_server::request::App;
use wp_media_server::request::{RestRequest, RestResponse};
use wp_media_server::rest::dispatch::{answer_without_store, handle};
use wp_media_server::storage::Folder;
use wp_media_server::store::SqliteStore;

/// An app on a fresh store, with its data folder deleted and no connection read from yet: any
/// read of the store fails from here on.
fn app_without_store() -> Arc<App> {
    let data = tempfile::tempdir().unwrap();
    let site_url = "http://127.0.0.1:8080".to_owned();
    let opened = SqliteStore::open(data.path(), &site_url).unwrap();
    let config = wp_media_server::Config {
        addr: "127.0.0.1:8080".parse().unwrap(),
        data: data.path().to_owned(),
        site_url,
        max_upload_size: 1 << 20,
        image_sizes: Default::default(),
        uploads_url: None,
        permalinks: Default::default(),
        year_month_folders: true,
    };
    let uploads = Folder::new(opened.store.uploads_dir().to_owned());
    let app = Arc::new(App::new(config, opened.store, uploads));
    drop(data);
    app
}

fn request(method: &str, route: &str, query: &str, authorization: Option<&str>) -> RestRequest {
    let mut headers = http::HeaderMap::new();
    if let Some(value) = authorization {
        headers.insert("authorization", value.parse().unwrap());
    }
    RestRequest {
        method: method.to_owned(),
        route: route.to_owned(),
        query: query.to_owned(),
        query_params: wp_schema_runtime::php_query::parse_str(query.as_bytes()),
        headers,
        ..RestRequest::default()
    }
}

fn same(a: &RestResponse, b: &RestResponse) -> bool {
    a.status == b.status && a.headers == b.headers && a.body == b.body
}

#[test]
fn a_visitor_s_bad_list_query_is_refused_without_the_store_as_handle_refuses_it() {
    let app = app_without_store();
    for query in [
        "per_page=0&orderby=nope&media_type=zip",
        "page=abc&_envelope=1",
        "after=yesterday&_pretty=1",
        "context=edit&per_page=500",
        "_jsonp=a%28b%29",
    ] {
        let req = request("GET", "/wp/v2/media", query, None);
        let early = answer_without_store(&app, &req).unwrap_or_else(|| panic!("{query}"));
        // `_envelope` answers 200 with the error inside.
        let body = String::from_utf8_lossy(&early.body);
        assert!(
            body.contains("rest_invalid_param") || body.contains("rest_callback_invalid"),
            "{query}: {body}"
        );
        assert!(same(&early, &handle(&app, &req)), "{query}");
    }
}

#[test]
fn everything_else_is_left_to_handle() {
    let app = app_without_store();
    // The premise of the test above: reading the store fails here.
    let valid = request("GET", "/wp/v2/media", "per_page=5", None);
    assert_eq!(handle(&app, &valid).status, 500);
    let cases = [
        ("GET", "/wp/v2/media", "per_page=5", None),
        (
            "GET",
            "/wp/v2/media",
            "per_page=0",
            Some("Basic YWRtaW46eA=="),
        ),
        ("POST", "/wp/v2/media", "per_page=0", None),
        ("HEAD", "/wp/v2/media", "per_page=0", None),
        ("GET", "/wp/v2/media/5", "context=nope", None),
        ("GET", "/wp/v2/users/1", "context=nope", None),
        ("GET", "/wp/v2/nothing", "", None),
    ];
    for (method, route, query, authorization) in cases {
        let req = request(method, route, query, authorization);
        assert!(
            answer_without_store(&app, &req).is_none(),
            "{method} {route}?{query}"
        );
    }
    // A body (a GET may carry JSON) is parsed on a blocking thread, however bad the query.
    let with_body = RestRequest {
        body: br#"{"per_page":0}"#.to_vec(),
        ..request("GET", "/wp/v2/media", "per_page=0", None)
    };
    assert!(answer_without_store(&app, &with_body).is_none());
}
