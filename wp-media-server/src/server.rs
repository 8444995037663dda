//! The HTTP side: hyper serves each connection, axum reads each request whole, maps `/wp-json/…`
//! and `/?rest_route=…` to a REST route, and hands it to the synchronous REST server on a blocking
//! thread.

use crate::request::App;
use crate::request::{RestRequest, RestResponse, UploadedFile};
use crate::rest::dispatch;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::response::Response;
use axum::Router;
use serde_json::{json, Map, Value};
use std::sync::Arc;
use tokio::sync::Semaphore;

/// What every request handler shares.
#[derive(Clone)]
struct Shared {
    app: Arc<App>,
    /// Writes run at most one per core at a time: an upload decodes and resizes images, and 64 of
    /// them at once would only share the cores worse and hold 64 decoded images in memory.
    writes: Arc<Semaphore>,
}

/// The most hyper reads from a connection at once. Its default (about 400 KiB) is reached by every
/// connection that uploads over loopback, and stays allocated for as long as the connection is
/// kept alive: with 64 connections uploading that was some 20 MiB for no gain in speed.
const READ_BUFFER_BYTES: usize = 64 << 10;

/// Serves `router` on `listener` until `shutdown` completes, then lets the open connections finish.
pub async fn run(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.max_buf_size(READ_BUFFER_BYTES);
    let connections = hyper_util::server::graceful::GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Out of file descriptors, say: wait for some to close rather than spin.
                    tracing::warn!("accepting a connection failed: {e}");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let connection = http.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
        let connection = connections.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!("connection ended with an error: {e}");
            }
        });
    }
    connections.shutdown().await;
}

pub fn router(app: Arc<App>) -> Router {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let router = match app.uploads.folder() {
        // Uploads kept elsewhere are served from their own public address.
        Some(folder) => Router::new().nest_service(
            "/wp-content/uploads",
            tower_http::services::ServeDir::new(folder),
        ),
        None => Router::new(),
    };
    router
        .fallback(serve)
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(Shared {
            app,
            writes: Arc::new(Semaphore::new(cores)),
        })
}

async fn serve(State(shared): State<Shared>, request: Request) -> Response {
    let app = shared.app;
    let (parts, body) = request.into_parts();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let query_params = wp_schema_runtime::php_query::parse_str(query.as_bytes());
    let route = match rest_route(parts.uri.path(), &query_params) {
        Addressed::Route(route) => route,
        Addressed::NotRest => return plain(404, "Not Found"),
        Addressed::NotAString => return route_not_a_string(&parts.headers),
    };
    let limit = usize::try_from(app.config.max_upload_size).unwrap_or(usize::MAX);
    let body = match axum::body::to_bytes(body, limit).await {
        // Takes the buffer over when nothing else holds it, rather than copying it.
        Ok(bytes) => Vec::from(bytes),
        Err(_) => return too_large(&app),
    };
    let mut req = RestRequest {
        method: method_of(&parts, &query_params),
        route,
        query,
        query_params,
        headers: parts.headers,
        body,
        multipart: None,
    };
    if let Some(boundary) = req
        .header("content-type")
        .and_then(|ct| multer::parse_boundary(ct).ok())
    {
        match read_multipart(std::mem::take(&mut req.body), boundary).await {
            Ok(parts) => req.multipart = Some(parts),
            Err(e) => tracing::warn!("unreadable multipart body: {e}"),
        }
    }
    if let Some(refused) = dispatch::answer_without_store(&app, &req) {
        return into_http(refused);
    }
    // Bodies are read before the turn is taken, so that a client slow to send its body holds
    // up no one else's write.
    let _write_turn = match req.method.as_str() {
        "GET" | "HEAD" | "OPTIONS" => None,
        _ => shared.writes.acquire_owned().await.ok(),
    };
    let response = tokio::task::spawn_blocking(move || dispatch::handle(&app, &req)).await;
    match response {
        Ok(response) => into_http(response),
        Err(e) => {
            tracing::error!("request handler failed: {e}");
            plain(500, "Internal Server Error")
        }
    }
}

/// What a URL asks of the REST API.
enum Addressed {
    Route(String),
    NotRest,
    /// `rest_route[]=…`: WordPress stops with `rest_path_invalid_type`.
    NotAString,
}

/// The REST route a URL addresses: `rest_route` in the query on any path (WordPress reads it from
/// `$_GET` before the permalink's, and a value PHP's `empty` calls empty is no REST request), else
/// the path after `/wp-json`.
fn rest_route(path: &str, query_params: &Map<String, Value>) -> Addressed {
    match query_params.get("rest_route") {
        Some(Value::Array(_) | Value::Object(_)) => return Addressed::NotAString,
        Some(route) if wp_schema_runtime::php::is_empty(Some(route)) => return Addressed::NotRest,
        Some(route) => return Addressed::Route(wp_schema_runtime::php::to_string(route)),
        None => {}
    }
    // `/index.php/wp-json/…` too, as the site's links are when its permalinks keep `index.php`.
    let path = path.strip_prefix("/index.php").unwrap_or(path);
    let Some(rest) = path.strip_prefix("/wp-json") else {
        return Addressed::NotRest;
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Addressed::NotRest;
    }
    let decoded = percent_encoding::percent_decode_str(rest)
        .decode_utf8_lossy()
        .into_owned();
    Addressed::Route(if decoded.is_empty() {
        "/".to_owned()
    } else {
        decoded
    })
}

/// `wp_die` of `rest_path_invalid_type`: JSON for a client that asks for JSON
/// (`wp_is_json_request`), else WordPress's error page, reduced to its message.
fn route_not_a_string(headers: &http::HeaderMap) -> Response {
    const MESSAGE: &str = "The REST route parameter must be a string.";
    let names_json = |name: http::header::HeaderName| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .is_some_and(wp_schema_runtime::params::wp_is_json_media_type)
    };
    let (content_type, body) = if names_json(http::header::ACCEPT)
        || names_json(http::header::CONTENT_TYPE)
    {
        let error = json!({
            "code": "rest_path_invalid_type",
            "message": MESSAGE,
            "data": { "status": 400 },
            "additional_errors": [],
        });
        ("application/json; charset=UTF-8", error.to_string())
    } else {
        let page = format!(
                "<!DOCTYPE html>\n<html lang=\"en-US\">\n<head>\n\t<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\" />\n\t<title>WordPress &rsaquo; Error</title>\n</head>\n<body id=\"error-page\">\n\t<div class=\"wp-die-message\">{MESSAGE}</div></body>\n</html>\n"
            );
        ("text/html; charset=UTF-8", page)
    };
    http::Response::builder()
        .status(400)
        .header("Content-Type", content_type)
        .body(Body::from(body))
        .unwrap_or_else(|_| plain(500, "Internal Server Error"))
}

/// The method after `_method` in the query, else `X-HTTP-Method-Override`. WordPress applies either
/// to any method, so `GET …?_method=DELETE` deletes. An array `_method` (a fatal `TypeError` in
/// WordPress 6.9.7) reads as PHP's string for it, a method no route has.
fn method_of(parts: &http::request::Parts, query_params: &Map<String, Value>) -> String {
    if let Some(method) = query_params.get("_method") {
        return wp_schema_runtime::php::to_string(method).to_ascii_uppercase();
    }
    parts
        .headers
        .get("x-http-method-override")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(parts.method.as_str())
        .to_ascii_uppercase()
}

/// A multipart body's form fields (read with PHP's `$_POST` rules) and files. The body is in
/// memory, so the future never waits.
pub async fn read_multipart(
    body: Vec<u8>,
    boundary: String,
) -> Result<(Map<String, Value>, Vec<UploadedFile>), multer::Error> {
    let stream = futures_once(body);
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut fields = Vec::new();
    let mut files = Vec::new();
    while let Some(field) = multipart.next_field().await? {
        let name = field.name().unwrap_or_default().to_owned();
        match field.file_name().map(str::to_owned) {
            Some(file_name) => {
                let content_type = field.content_type().map(|m| m.to_string());
                let bytes = field.bytes().await?.to_vec();
                files.push(UploadedFile {
                    field: name,
                    file_name,
                    content_type,
                    bytes,
                });
            }
            None => {
                let text = field.text().await?;
                fields.push(format!(
                    "{}={}",
                    wp_schema_runtime::php::urlencode(&name),
                    wp_schema_runtime::php::urlencode(&text)
                ));
            }
        }
    }
    // PHP builds `$_POST` from form fields with the same rules as a query string.
    let form = wp_schema_runtime::php_query::parse_str(fields.join("&").as_bytes());
    Ok((form, files))
}

fn futures_once(
    body: Vec<u8>,
) -> impl futures_util::Stream<Item = Result<bytes::Bytes, std::io::Error>> {
    futures_util::stream::once(async move { Ok(bytes::Bytes::from(body)) })
}

fn into_http(response: RestResponse) -> Response {
    let mut builder = http::Response::builder().status(response.status);
    for (name, value) in &response.headers {
        builder = builder.header(name, value);
    }
    builder
        .body(Body::from(response.body))
        .unwrap_or_else(|_| plain(500, "Internal Server Error"))
}

fn too_large(app: &App) -> Response {
    let error = json!({
        "code": "rest_upload_file_too_big",
        "message": format!("The request body is larger than the {} bytes this server accepts.", app.config.max_upload_size),
        "data": { "status": 413 },
    });
    http::Response::builder()
        .status(413)
        .header("Content-Type", "application/json; charset=UTF-8")
        .body(Body::from(error.to_string()))
        .unwrap_or_else(|_| plain(500, "Internal Server Error"))
}

fn plain(status: u16, text: &'static str) -> Response {
    let mut response = Response::new(Body::from(text));
    *response.status_mut() =
        http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    response
}
