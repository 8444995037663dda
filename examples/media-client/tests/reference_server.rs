//! The command-line client against the project's reference server, served in process: each
//! request goes to the server's router as it is, without a socket, and its answer comes back
//! whole.

mod common;

use axum::body::Body;
use media_client::cli::{self, Failure, Site};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use wp_media_server::request::App;
use wp_media_server::storage::Folder;
use wp_media_server::store::SqliteStore;
use wp_schema_client::{BoxError, BoxFuture, Transport};

const SITE_URL: &str = "http://127.0.0.1:8080";

/// A transport that hands each request to `router`, noting the content type of each upload.
#[derive(Clone)]
struct InProcess {
    router: axum::Router,
    uploads: Arc<Mutex<Vec<String>>>,
}

impl InProcess {
    fn new(router: axum::Router) -> Self {
        InProcess {
            router,
            uploads: Arc::default(),
        }
    }
}

impl Transport for InProcess {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        if request.method() == http::Method::POST && request.uri().path() == "/wp-json/wp/v2/media"
        {
            let content_type = request.headers().get(http::header::CONTENT_TYPE);
            let media_type = content_type
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.split(';').next())
                .unwrap_or_default();
            self.uploads.lock().unwrap().push(media_type.to_owned());
        }
        let router = self.router.clone();
        Box::pin(async move {
            let response = router.oneshot(request.map(Body::from)).await?;
            let (parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX).await?;
            Ok(http::Response::from_parts(parts, bytes.to_vec()))
        })
    }
}

/// The reference server on a new data folder, and the admin's application password.
fn reference_server(data: &std::path::Path) -> (axum::Router, String) {
    let opened = SqliteStore::open(data, SITE_URL).expect("a new store");
    let password = opened
        .admin_password
        .expect("a new folder has an admin password");
    let config = wp_media_server::Config {
        addr: "127.0.0.1:8080".parse().unwrap(),
        data: data.to_owned(),
        site_url: SITE_URL.to_owned(),
        max_upload_size: 1 << 20,
        image_sizes: Default::default(),
        uploads_url: None,
        permalinks: Default::default(),
        // Addresses without the month they were uploaded in keep the transcript the same.
        year_month_folders: false,
    };
    let uploads = Folder::new(opened.store.uploads_dir().to_owned());
    let app = App::new(config, opened.store, uploads);
    (wp_media_server::server::router(Arc::new(app)), password)
}

fn visitor(site_url: &str) -> Site {
    Site {
        url: site_url.to_owned(),
        user: None,
        password: None,
    }
}

#[tokio::test]
async fn uploads_lists_edits_and_deletes_on_the_reference_server() {
    let data = tempfile::tempdir().unwrap();
    let (router, password) = reference_server(data.path());
    let target = common::Target {
        site_url: SITE_URL.to_owned(),
        user: "admin".to_owned(),
        password,
    };
    let transport = InProcess::new(router);
    let transcript = common::scenario(&target, || transport.clone()).await;
    insta::assert_snapshot!(transcript);
    // The content type from the file's extension, and the form for `--multipart`.
    assert_eq!(
        *transport.uploads.lock().unwrap(),
        [
            "image/png",
            "image/png",
            "multipart/form-data",
            "text/plain"
        ]
    );
}

#[tokio::test]
async fn a_visitor_lists_without_logging_in() {
    let data = tempfile::tempdir().unwrap();
    let (router, _) = reference_server(data.path());
    let client = cli::connect(&visitor(SITE_URL), InProcess::new(router))
        .await
        .expect("discovery needs no login");
    let mut out = Vec::new();
    let mut progress = Vec::new();
    let list = cli::Command::List(cli::List {
        per_page: None,
        search: None,
        all: true,
    });
    cli::run(list, &client, &mut out, &mut progress)
        .await
        .expect("an empty library lists");
    assert_eq!(
        (
            String::from_utf8(out).unwrap(),
            String::from_utf8(progress).unwrap()
        ),
        (String::new(), "page 1/1, 0 of 0 items\n".to_owned())
    );
}

#[tokio::test]
async fn a_site_that_answers_only_html_is_not_wordpress() {
    let shop = axum::Router::new().fallback(|| async {
        axum::response::Html("<!DOCTYPE html><html><body><h1>Our shop</h1></body></html>")
    });
    let site_url = "http://shop.example";
    let Err(error) = cli::connect(&visitor(site_url), InProcess::new(shop)).await else {
        panic!("a shop's pages were taken for WordPress");
    };
    let message = cli::describe(&Failure::Site(error), site_url);
    insta::assert_snapshot!(message, @r#"no WordPress REST API at http://shop.example (tried: http://shop.example/: 200 text/html, no Link rel="https://api.w.org/"; http://shop.example/wp-json/: 200 text/html; http://shop.example/?rest_route=/: 200 text/html)"#);
}

/// A transport whose every request fails as a refused connection does.
struct Refused;

impl Transport for Refused {
    fn send(
        &self,
        _: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        Box::pin(async move { Err(BoxError::from(refused)) })
    }
}

#[tokio::test]
async fn a_site_that_never_answers_cannot_be_reached() {
    let site_url = "http://127.0.0.1:9";
    let Err(error) = cli::connect(&visitor(site_url), Refused).await else {
        panic!("connected without an answer");
    };
    let message = cli::describe(&Failure::Site(error), site_url);
    assert_eq!(
        message,
        "cannot reach http://127.0.0.1:9: connection refused"
    );
}

/// The ten lines of the workspace's README on the reference server: the same calls, formatted by
/// rustfmt, and `.transport(…)` added to hand the requests to the server in process (the README's
/// `discover` goes over the network).
#[tokio::test]
async fn the_readme_example_runs() -> Result<(), wp_schema_client::Error> {
    use futures_util::StreamExt;
    use media_client::media as wp_media;
    use wp_schema_client::{AppPassword, Client, Upload};
    let data = tempfile::tempdir().unwrap();
    let (router, password) = reference_server(data.path());
    let jpeg = common::png([200, 120, 40]);
    let mut listed = Vec::new();

    let site = Client::builder()
        .transport(InProcess::new(router))
        .auth(AppPassword::new("admin", password))
        .discover(SITE_URL)
        .await?;
    let wp = wp_media::Client::new(site);
    let photo = wp
        .attachment_create(Upload::new(jpeg, "heron.png", "image/png"))
        .alt_text("A heron")
        .send()
        .await?;
    let mut pages = wp.attachment_list().per_page(100).context_edit().pages();
    while let Some(page) = pages.next().await {
        for item in page?.items {
            listed.push(format!("{} {:?}", item.id, item.alt_text));
        }
    }
    wp.attachment_delete(photo.id).force(true).send().await?;

    assert_eq!(listed, [format!("{} \"A heron\"", photo.id)]);
    let gone = wp.attachment_get(photo.id).send().await;
    assert_eq!(
        gone.err().and_then(|e| e.status()).map(|s| s.as_u16()),
        Some(404)
    );
    Ok(())
}

/// `_fields` answers read into the sparse type: what was asked for is there, the rest is `None`.
#[tokio::test]
async fn a_fields_selection_reads_into_the_sparse_type() -> Result<(), wp_schema_client::Error> {
    use media_client::media::AttachmentFields;
    use wp_schema_client::{fields, AppPassword, Client, Upload};
    let data = tempfile::tempdir().unwrap();
    let (router, password) = reference_server(data.path());
    let site = Client::builder()
        .transport(InProcess::new(router))
        .auth(AppPassword::new("admin", password))
        .discover(SITE_URL)
        .await?;
    let wp = media_client::media::Client::new(site);
    let upload = Upload::new(common::png([10, 20, 30]), "dot.png", "image/png");
    let made = wp
        .attachment_create(upload)
        .alt_text("A dot")
        .send()
        .await?;
    let chosen = fields!(AttachmentFields: "id", "alt_text", "title.rendered");
    let sparse = wp.attachment_get(made.id).fields(chosen).send().await?;
    assert_eq!(sparse.id, Some(made.id));
    assert_eq!(sparse.alt_text.as_deref(), Some("A dot"));
    let title = sparse.title.expect("title.rendered was asked for");
    assert_eq!(title.rendered, made.title.rendered);
    assert!(title.is_absent("raw"), "only `rendered` was asked for");
    assert_eq!((sparse.slug, sparse.source_url), (None, None));
    Ok(())
}

/// An endpoint answered to several methods has a method of the client (`attachment_update`, sent
/// as POST) and a way to send each other one: PATCH goes out as PATCH, its arguments in a JSON
/// body, and the server takes it.
#[tokio::test]
async fn an_update_can_go_out_as_patch() -> Result<(), wp_schema_client::Error> {
    use wp_schema_client::{AppPassword, Client, Upload};
    /// Notes each request's method and content type, then hands it to the server.
    struct Noting(InProcess, Arc<Mutex<Vec<String>>>);
    impl Transport for Noting {
        fn send(
            &self,
            request: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
            let content_type = request
                .headers()
                .get(http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_owned();
            self.1
                .lock()
                .unwrap()
                .push(format!("{} {content_type}", request.method()));
            self.0.send(request)
        }
    }
    let data = tempfile::tempdir().unwrap();
    let (router, password) = reference_server(data.path());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let root = wp_schema_client::Root::parse(&format!("{SITE_URL}/wp-json/"))?;
    let site = Client::builder()
        .transport(Noting(InProcess::new(router), Arc::clone(&seen)))
        .auth(AppPassword::new("admin", password))
        .build(root)?;
    let wp = media_client::media::Client::new(site);
    let upload = Upload::new(common::png([1, 2, 3]), "patched.png", "image/png");
    let made = wp.attachment_create(upload).send().await?;
    let patched = wp
        .attachment_update(made.id)
        .via_patch()
        .alt_text("Patched")
        .send()
        .await?;
    assert_eq!(patched.alt_text, "Patched");
    assert_eq!(
        seen.lock().unwrap().last().map(String::as_str),
        Some("PATCH application/json")
    );
    Ok(())
}
