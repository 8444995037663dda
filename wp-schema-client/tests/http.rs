//! Over real HTTP to a server in this process: discovery, and the reqwest transport.

use axum::body::Body as HttpBody;
use axum::http::{HeaderMap, Uri};
use axum::Router;
use http::{Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use wp_schema_client::{
    AppPassword, Body, Call, Client, Error, ReqwestTransport, Retry, Root, Transport, Upload,
};

/// Serves `app` (given the server's base URL, `http://127.0.0.1:PORT`) and gives that URL.
async fn serve(app: impl FnOnce(String) -> Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app(base.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });
    base
}

/// A site answering every request with `respond(path, query)`, and the requests it saw:
/// `path?query` and the Authorization header.
type Log = Arc<Mutex<Vec<(String, Option<String>)>>>;

async fn site<F>(respond: F) -> (String, Log)
where
    F: Fn(&str, &str, &str) -> Response<HttpBody> + Clone + Send + Sync + 'static,
{
    let log: Log = Arc::default();
    let seen = log.clone();
    let base = serve(move |base| {
        Router::new().fallback(move |uri: Uri, headers: HeaderMap| {
            let respond = respond.clone();
            let seen = seen.clone();
            async move {
                let query = uri.query().unwrap_or_default();
                let auth = headers
                    .get("authorization")
                    .map(|v| v.to_str().unwrap_or_default().to_owned());
                let shown = match uri.query() {
                    Some(query) => format!("{}?{query}", uri.path()),
                    None => uri.path().to_owned(),
                };
                seen.lock().unwrap().push((shown, auth));
                respond(&base, uri.path(), query)
            }
        })
    })
    .await;
    (base, log)
}

fn answer(status: u16, content_type: &str, body: impl Into<HttpBody>) -> Response<HttpBody> {
    Response::builder()
        .status(status)
        .header("content-type", content_type)
        .body(body.into())
        .unwrap()
}

fn html(status: u16) -> Response<HttpBody> {
    answer(
        status,
        "text/html; charset=UTF-8",
        "<html><body>Hi</body></html>",
    )
}

fn index() -> Response<HttpBody> {
    let body = json!({"name": "Site", "namespaces": ["wp/v2"], "routes": {}});
    answer(200, "application/json; charset=UTF-8", body.to_string())
}

fn paths(log: &Log) -> Vec<String> {
    log.lock().unwrap().iter().map(|(p, _)| p.clone()).collect()
}

async fn discover(site: &str) -> Result<Client, Error> {
    Client::builder()
        .auth(AppPassword::new("admin", "secret"))
        .retry(Retry::none())
        .discover(site)
        .await
}

#[derive(Debug, Deserialize, PartialEq)]
struct Post {
    id: u64,
}

#[tokio::test]
async fn discovery_by_link_header_without_credentials() {
    let (base, log) = site(|base, path, query| match (path, query) {
        ("/", "") => Response::builder()
            .header("content-type", "text/html")
            .header("link", format!("<{base}/?p=5>; rel=shortlink"))
            .header(
                "link",
                format!(
                    "<{base}/wp-json/wp/v2/pages/5>; rel=\"alternate\"; title=\"JSON, too\", \
                     <{base}/wp-json/>; rel=\"https://api.w.org/\""
                ),
            )
            .body(HttpBody::from("<html></html>"))
            .unwrap(),
        ("/wp-json/wp/v2/posts/5", "") => answer(200, "application/json", r#"{"id": 5}"#),
        _ => html(404),
    })
    .await;
    let client = discover(&base).await.unwrap();
    assert_eq!(client.root(), &Root::Pretty(format!("{base}/wp-json")));
    assert_eq!(*log.lock().unwrap(), [("/".to_owned(), None)]);

    let call = Call::new(
        Method::GET,
        "/wp/v2/posts/(?P<id>[\\d]+)",
        "/wp/v2/posts/5".into(),
    );
    let reply = client.send::<Post>(call).await.unwrap();
    assert_eq!(reply.body, Post { id: 5 });
    let (path, auth) = log.lock().unwrap()[1].clone();
    assert_eq!(path, "/wp-json/wp/v2/posts/5");
    assert!(auth.unwrap().starts_with("Basic "));
}

#[tokio::test]
async fn discovery_by_the_pretty_index() {
    let (base, log) = site(|_, path, _| match path {
        "/" => html(200),
        "/wp-json/" => index(),
        _ => html(404),
    })
    .await;
    let client = discover(&format!("{base}/")).await.unwrap();
    assert_eq!(client.root(), &Root::Pretty(format!("{base}/wp-json")));
    assert_eq!(paths(&log), ["/", "/wp-json/"]);
    assert!(log.lock().unwrap().iter().all(|(_, auth)| auth.is_none()));
}

#[tokio::test]
async fn discovery_by_rest_route() {
    let (base, log) = site(|_, path, query| match (path, query) {
        ("/", "rest_route=/") => index(),
        ("/", _) => html(200),
        _ => html(404),
    })
    .await;
    let client = discover(&base).await.unwrap();
    assert_eq!(client.root(), &Root::Plain(format!("{base}/")));
    assert_eq!(paths(&log), ["/", "/wp-json/", "/?rest_route=/"]);
}

#[tokio::test]
async fn discovery_through_an_api_closed_to_visitors() {
    let closed = json!({
        "code": "rest_not_logged_in",
        "message": "You are not currently logged in.",
        "data": {"status": 401},
    });
    let (base, _) = site(move |_, path, _| match path {
        "/wp-json/" => answer(401, "application/json", closed.to_string()),
        _ => html(404),
    })
    .await;
    let client = discover(&base).await.unwrap();
    assert_eq!(client.root(), &Root::Pretty(format!("{base}/wp-json")));

    // Not every JSON error is WordPress's REST API saying no.
    let (base, _) = site(move |_, path, _| match path {
        "/wp-json/" => answer(
            404,
            "application/json",
            r#"{"code": "nf", "message": "No."}"#,
        ),
        _ => html(404),
    })
    .await;
    assert!(matches!(
        discover(&base).await,
        Err(Error::NotWordPress { .. })
    ));
}

#[tokio::test]
async fn no_rest_api_lists_what_was_tried() {
    let (base, _) = site(|_, _, _| html(404)).await;
    match discover(&base).await {
        Err(Error::NotWordPress { site, tried }) => {
            assert_eq!(site, base);
            assert_eq!(
                tried,
                [
                    format!("{base}/: 404 text/html, no Link rel=\"https://api.w.org/\""),
                    format!("{base}/wp-json/: 404 text/html"),
                    format!("{base}/?rest_route=/: 404 text/html"),
                ]
            );
        }
        Err(other) => panic!("{other:?}"),
        Ok(client) => panic!("found {:?}", client.root()),
    }
}

#[tokio::test]
async fn an_unreachable_site_is_a_transport_error_with_its_reason() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    match discover(&base).await {
        Err(error @ Error::Transport { .. }) => {
            let message = error.to_string();
            assert!(message.contains(&format!("GET {base}/")), "{message}");
            // The reason from the bottom of reqwest's chain of causes.
            assert!(message.to_lowercase().contains("refused"), "{message}");
        }
        Err(other) => panic!("{other:?}"),
        Ok(client) => panic!("found {:?}", client.root()),
    }
    for bad in [
        "example.com",
        "https://example.com/?p=1",
        "ftp://example.com",
    ] {
        assert!(
            matches!(discover(bad).await, Err(Error::Config(_))),
            "{bad}"
        );
    }
}

fn echo(method: Method, headers: HeaderMap, body: axum::body::Bytes) -> Response<HttpBody> {
    let mut reversed = body.to_vec();
    reversed.reverse();
    Response::builder()
        .status(201)
        .header("x-method", method.as_str())
        .header(
            "x-content-type",
            headers
                .get("content-type")
                .cloned()
                .unwrap_or_else(|| "none".parse().unwrap()),
        )
        .header("x-wp-total", "3")
        .body(HttpBody::from(reversed))
        .unwrap()
}

async fn echo_server() -> String {
    serve(|_| {
        Router::new()
            .route(
                "/echo",
                axum::routing::any(
                    |method, headers, body| async move { echo(method, headers, body) },
                ),
            )
            .route(
                "/moved",
                axum::routing::get(|| async {
                    Response::builder()
                        .status(302)
                        .header("location", "/echo")
                        .body(HttpBody::empty())
                        .unwrap()
                }),
            )
    })
    .await
}

#[tokio::test]
async fn reqwest_carries_status_headers_and_bytes() {
    let base = echo_server().await;
    let transport = ReqwestTransport::new().unwrap();
    let bytes = vec![0u8, 159, 146, 150, 255, b'\r', b'\n'];
    let request = Request::builder()
        .method(Method::PUT)
        .uri(format!("{base}/echo"))
        .header("content-type", "application/octet-stream")
        .body(bytes.clone())
        .unwrap();
    let response = transport.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-method"], "PUT");
    assert_eq!(
        response.headers()["x-content-type"],
        "application/octet-stream"
    );
    let mut expected = bytes;
    expected.reverse();
    assert_eq!(response.body(), &expected);

    let request = Request::builder()
        .uri(format!("{base}/moved"))
        .body(Vec::new())
        .unwrap();
    let response = transport.send(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["x-method"], "GET");

    let request = Request::builder()
        .uri("http://127.0.0.1:1/nothing-listens-here")
        .body(Vec::new())
        .unwrap();
    assert!(transport.send(request).await.is_err());
}

#[tokio::test]
async fn the_default_transport_uploads_a_file() {
    let base = echo_server().await;
    let client = Client::builder().build(Root::Pretty(base.clone())).unwrap();
    let mut call = Call::new(Method::POST, "/echo", "/echo".into());
    call.body = Body::File(Upload::new(*br#""olleh""#, "été.txt", "text/plain"));
    let reply = client.send::<Value>(call).await.unwrap();
    assert_eq!(reply.body, json!("hello"));
    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.total(), Some(3));
    assert_eq!(reply.headers["x-content-type"], "text/plain");
}

/// Discovery on a live WordPress under the permalink structure `WP_SCHEMA_LIVE_PERMALINKS` names,
/// set just before on the site of the env file `WP_SCHEMA_LIVE_ENV` (`scripts/client-live.sh`
/// sets each of plain, `index.php` and pretty in turn), then a list read from the root found,
/// with a query, which the plain form must join to `?rest_route=` with `&`.
#[tokio::test]
async fn live_discovery_follows_the_permalink_structure() {
    let (Some(env_file), Some(structure)) = (
        std::env::var_os("WP_SCHEMA_LIVE_ENV"),
        std::env::var("WP_SCHEMA_LIVE_PERMALINKS").ok(),
    ) else {
        eprintln!("not asked for: WP_SCHEMA_LIVE_PERMALINKS is not set (scripts/client-live.sh)");
        return;
    };
    let text = std::fs::read_to_string(&env_file).unwrap();
    let base = text
        .lines()
        .find_map(|line| line.strip_prefix("BASE_URL="))
        .expect("the env file names the site")
        .to_owned();
    let client = Client::builder().discover(&base).await.unwrap();
    let expected = if structure.is_empty() {
        Root::Plain(format!("{base}/index.php"))
    } else if structure.starts_with("/index.php") {
        Root::Pretty(format!("{base}/index.php/wp-json"))
    } else {
        Root::Pretty(format!("{base}/wp-json"))
    };
    assert_eq!(client.root(), &expected, "under {structure:?}");
    let mut call = Call::new(Method::GET, "/wp/v2/posts", "/wp/v2/posts".to_owned());
    call.query.push(("per_page".to_owned(), json!(1)));
    call.query
        .push(("_fields".to_owned(), json!(["id", "link"])));
    let reply = client.send::<Vec<Value>>(call).await.unwrap();
    assert_eq!(reply.body.len(), 1, "per_page reached WordPress");
    let keys: Vec<&String> = reply.body[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "link"], "_fields reached WordPress");
}
