//! The client over a scripted transport: what it sends, how it retries and times out, how it
//! reads answers, and how it walks pages.

use futures_util::{StreamExt, TryStreamExt};
use http::{HeaderMap, Method, Request, Response, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;
use wp_schema_client::{
    AppPassword, Body, BoxError, BoxFuture, Call, Client, Error, Retry, Root, Transport,
};

/// What the scripted site does with one request.
enum Answer {
    Reply {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: Vec<u8>,
    },
    /// No answer: a reset connection.
    Fail,
    /// No answer ever.
    Hang,
}

fn json_answer(status: u16, body: Value) -> Answer {
    Answer::Reply {
        status,
        headers: vec![("content-type", "application/json".into())],
        body: serde_json::to_vec(&body).unwrap(),
    }
}

fn with_header(answer: Answer, name: &'static str, value: impl Into<String>) -> Answer {
    match answer {
        Answer::Reply {
            status,
            mut headers,
            body,
        } => {
            headers.push((name, value.into()));
            Answer::Reply {
                status,
                headers,
                body,
            }
        }
        other => other,
    }
}

/// A request as the transport was given it, and when.
struct Seen {
    method: Method,
    uri: String,
    headers: HeaderMap,
    body: Vec<u8>,
    at: Instant,
}

#[derive(Clone)]
struct Script {
    answers: Arc<Mutex<VecDeque<Answer>>>,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Script {
    fn new(answers: impl IntoIterator<Item = Answer>) -> Script {
        Script {
            answers: Arc::new(Mutex::new(answers.into_iter().collect())),
            seen: Arc::new(Mutex::new(Vec::new())),
        }
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Vec<Seen>> {
        self.seen.lock().unwrap()
    }

    fn uris(&self) -> Vec<String> {
        self.seen().iter().map(|s| s.uri.clone()).collect()
    }

    /// The time between consecutive attempts.
    fn gaps(&self) -> Vec<Duration> {
        let seen = self.seen();
        seen.windows(2).map(|w| w[1].at - w[0].at).collect()
    }
}

impl Transport for Script {
    fn send(
        &self,
        request: Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<Response<Vec<u8>>, BoxError>> {
        let (parts, body) = request.into_parts();
        self.seen().push(Seen {
            method: parts.method,
            uri: parts.uri.to_string(),
            headers: parts.headers,
            body,
            at: Instant::now(),
        });
        let answer = self.answers.lock().unwrap().pop_front();
        Box::pin(async move {
            match answer {
                Some(Answer::Reply {
                    status,
                    headers,
                    body,
                }) => {
                    let mut response = Response::new(body);
                    *response.status_mut() = StatusCode::from_u16(status)?;
                    for (name, value) in headers {
                        response.headers_mut().append(name, value.parse()?);
                    }
                    Ok(response)
                }
                Some(Answer::Fail) => Err("connection reset by peer".into()),
                Some(Answer::Hang) => std::future::pending().await,
                None => Err("the script has no more answers".into()),
            }
        })
    }
}

const SITE: &str = "https://example.com/wp-json";

fn client(script: &Script, retry: Retry) -> Client {
    Client::builder()
        .transport(script.clone())
        .auth(AppPassword::new("admin", "pass word"))
        .retry(retry)
        .timeout(Duration::from_secs(10))
        .build(Root::Pretty(SITE.into()))
        .unwrap()
}

fn get(path: &str) -> Call {
    Call::new(Method::GET, "/wp/v2/posts", path.to_owned())
}

#[derive(Debug, Deserialize, PartialEq)]
struct Post {
    id: u64,
}

#[tokio::test(start_paused = true)]
async fn a_get_is_retried_after_503_with_credentials_each_time() {
    let script = Script::new([
        json_answer(503, json!({"code": "busy", "message": "Busy."})),
        json_answer(200, json!({"id": 7})),
    ]);
    let reply = client(&script, Retry::default())
        .send::<Post>(get("/wp/v2/posts/7"))
        .await
        .unwrap();
    assert_eq!(reply.body, Post { id: 7 });
    assert_eq!(script.gaps(), [Duration::from_millis(200)]);
    for seen in script.seen().iter() {
        assert_eq!(seen.method, Method::GET);
        assert_eq!(seen.uri, "https://example.com/wp-json/wp/v2/posts/7");
        assert!(seen.headers["authorization"]
            .to_str()
            .unwrap()
            .starts_with("Basic "));
        assert_eq!(seen.headers["accept"], "application/json");
        assert!(seen.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("wp-schema-client/"));
    }
}

#[tokio::test(start_paused = true)]
async fn a_post_is_not_retried_unless_all_methods_are() {
    let busy = || json_answer(503, json!({"code": "busy", "message": "Busy."}));
    let mut map = serde_json::Map::new();
    map.insert("title".into(), json!("Hello"));
    let mut post = Call::new(Method::POST, "/wp/v2/posts", "/wp/v2/posts".into());
    post.body = Body::Json(map);

    let script = Script::new([busy(), json_answer(201, json!({"id": 1}))]);
    let error = client(&script, Retry::default())
        .send::<Post>(post.clone())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("busy"));
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(script.seen().len(), 1);

    let script = Script::new([busy(), json_answer(201, json!({"id": 1}))]);
    let reply = client(&script, Retry::default().all_methods())
        .send::<Post>(post)
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::CREATED);
    let seen = script.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(seen[1].headers["content-type"], "application/json");
    let sent: Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(sent, json!({"title": "Hello"}));
}

#[tokio::test(start_paused = true)]
async fn retry_after_is_honoured_up_to_the_max_backoff() {
    let script = Script::new([
        with_header(json_answer(429, json!({})), "retry-after", "3"),
        with_header(json_answer(503, json!({})), "retry-after", "60"),
        json_answer(200, json!({"id": 1})),
    ]);
    let retry = Retry::default().backoff(Duration::from_millis(100), Duration::from_secs(5));
    client(&script, retry)
        .send::<Post>(get("/wp/v2/posts/1"))
        .await
        .unwrap();
    assert_eq!(
        script.gaps(),
        [Duration::from_secs(3), Duration::from_secs(5)]
    );
}

#[tokio::test(start_paused = true)]
async fn attempts_are_limited_and_the_last_answer_is_the_error() {
    let script = Script::new((0..10).map(|_| Answer::Reply {
        status: 502,
        headers: vec![("content-type", "text/html".into())],
        body: b"<h1>Bad Gateway</h1>".to_vec(),
    }));
    let retry = Retry::default().attempts(4);
    let error = client(&script, retry)
        .send::<Post>(get("/wp/v2/posts/1"))
        .await
        .unwrap_err();
    match error {
        Error::Status { status, body, .. } => {
            assert_eq!(status, StatusCode::BAD_GATEWAY);
            assert_eq!(body, "<h1>Bad Gateway</h1>");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(script.gaps(), [200, 400, 800].map(Duration::from_millis));

    let script = Script::new((0..10).map(|_| json_answer(502, json!({}))));
    client(&script, Retry::none())
        .send::<Post>(get("/wp/v2/posts/1"))
        .await
        .unwrap_err();
    assert_eq!(script.seen().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn lost_connections_are_retried_then_reported() {
    let script = Script::new([Answer::Fail, json_answer(200, json!({"id": 2}))]);
    let reply = client(&script, Retry::default())
        .send::<Post>(get("/wp/v2/posts/2"))
        .await
        .unwrap();
    assert_eq!(reply.body.id, 2);

    let script = Script::new([Answer::Fail, Answer::Fail, Answer::Fail, Answer::Fail]);
    let error = client(&script, Retry::default())
        .send::<Post>(get("/wp/v2/posts/2"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport { source, .. } if source.to_string().contains("reset")),
        "{error:?}"
    );
    assert_eq!(script.seen().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn an_attempt_that_never_answers_times_out() {
    let script = Script::new([Answer::Hang]);
    let client = Client::builder()
        .transport(script.clone())
        .timeout(Duration::from_secs(2))
        .retry(Retry::none())
        .build(Root::Pretty(SITE.into()))
        .unwrap();
    let started = Instant::now();
    let error = client
        .send::<Post>(get("/wp/v2/posts/3"))
        .await
        .unwrap_err();
    assert_eq!(started.elapsed(), Duration::from_secs(2));
    match error {
        Error::Timeout { method, url, after } => {
            assert_eq!(method, Method::GET);
            assert_eq!(url, "https://example.com/wp-json/wp/v2/posts/3");
            assert_eq!(after, Duration::from_secs(2));
        }
        other => panic!("{other:?}"),
    }

    let script = Script::new([Answer::Hang, json_answer(200, json!({"id": 3}))]);
    let reply = client_with_timeout(&script, Duration::from_secs(2))
        .send::<Post>(get("/wp/v2/posts/3"))
        .await
        .unwrap();
    assert_eq!(reply.body.id, 3);
    assert_eq!(script.gaps(), [Duration::from_millis(2200)]);
}

fn client_with_timeout(script: &Script, timeout: Duration) -> Client {
    Client::builder()
        .transport(script.clone())
        .timeout(timeout)
        .build(Root::Pretty(SITE.into()))
        .unwrap()
}

#[tokio::test]
async fn a_body_that_does_not_match_names_the_route_and_the_place() {
    let script = Script::new([json_answer(200, json!([{"id": 1}, {"id": "two"}]))]);
    let mut call = get("/wp/v2/posts");
    call.query.push(("per_page".into(), json!(2)));
    let error = client(&script, Retry::none())
        .send::<Vec<Post>>(call)
        .await
        .unwrap_err();
    match error {
        Error::Decode {
            method,
            url,
            route,
            pointer,
            ..
        } => {
            assert_eq!(method, Method::GET);
            assert_eq!(url, "https://example.com/wp-json/wp/v2/posts?per_page=2");
            assert_eq!(route, "/wp/v2/posts");
            assert_eq!(pointer, "/1/id");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_file_is_given_as_its_bytes_and_an_error_still_as_wordpress_s() {
    let zip = b"PK\x03\x04 not JSON".to_vec();
    let file = Answer::Reply {
        status: 200,
        headers: vec![("content-type", "application/zip".into())],
        body: zip.clone(),
    };
    let refused = json_answer(
        403,
        json!({"code": "rest_cannot_export_templates", "message": "No.", "data": {"status": 403}}),
    );
    let script = Script::new([file, refused]);
    let client = client(&script, Retry::none());
    let reply = client
        .send_raw(get("/wp-block-editor/v1/export"))
        .await
        .unwrap();
    assert_eq!(reply.body, zip);
    assert_eq!(reply.headers["content-type"], "application/zip");
    let error = client
        .send_raw(get("/wp-block-editor/v1/export"))
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("rest_cannot_export_templates"));
}

#[tokio::test]
async fn plain_roots_carry_the_route_in_the_query() {
    let script = Script::new([json_answer(200, json!([]))]);
    let client = Client::builder()
        .transport(script.clone())
        .build(Root::Plain("https://example.com/index.php".into()))
        .unwrap();
    let mut call = get("/wp/v2/posts");
    call.query.push(("categories".into(), json!([1, 2])));
    client.send::<Vec<Post>>(call).await.unwrap();
    assert_eq!(
        script.uris(),
        ["https://example.com/index.php?rest_route=/wp/v2/posts&categories%5B%5D=1&categories%5B%5D=2"]
    );
}

#[tokio::test]
async fn a_failing_auth_hook_stops_the_request_before_it_is_sent() {
    let script = Script::new([json_answer(200, json!({"id": 1}))]);
    let client = Client::builder()
        .transport(script.clone())
        .auth(|_: &mut Request<Vec<u8>>| -> Result<(), BoxError> { Err("token expired".into()) })
        .build(Root::Pretty(SITE.into()))
        .unwrap();
    let error = client
        .send::<Post>(get("/wp/v2/posts/1"))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Config(message) if message.contains("token expired")),
        "{error:?}"
    );
    assert!(script.seen().is_empty());
}

#[tokio::test]
async fn a_root_that_is_not_a_url_is_a_config_error() {
    let script = Script::new([json_answer(200, json!({"id": 1}))]);
    let client = Client::builder()
        .transport(script.clone())
        .build(Root::Pretty("example.com/wp-json".into()))
        .unwrap();
    let error = client
        .send::<Post>(get("/wp/v2/posts/1"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(script.seen().is_empty());
}

fn page(ids: &[u64], total_pages: Option<u64>, next: Option<&str>) -> Answer {
    let items: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    let mut answer = json_answer(200, Value::Array(items));
    if let Some(total_pages) = total_pages {
        answer = with_header(answer, "x-wp-totalpages", total_pages.to_string());
        answer = with_header(answer, "x-wp-total", "5");
    }
    if let Some(next) = next {
        let link = format!("<{next}>; rel=\"next\"");
        answer = with_header(answer, "link", link);
    }
    answer
}

fn list_call() -> Call {
    let mut call = get("/wp/v2/posts");
    call.query.push(("per_page".into(), json!(2)));
    call.query.push(("status".into(), json!("publish")));
    call
}

#[tokio::test]
async fn pages_by_total_pages() {
    let script = Script::new([
        page(&[1, 2], Some(3), None),
        page(&[3, 4], Some(3), None),
        page(&[5], Some(3), None),
        page(&[6], Some(3), None),
    ]);
    let pages: Vec<_> = client(&script, Retry::none())
        .pages::<Post>(list_call())
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<u64> = pages.iter().map(|p| p.number).collect();
    assert_eq!(numbers, [1, 2, 3]);
    let ids: Vec<u64> = pages.iter().flat_map(|p| &p.items).map(|p| p.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert!(pages
        .iter()
        .all(|p| p.total == Some(5) && p.total_pages == Some(3)));
    let base = "https://example.com/wp-json/wp/v2/posts?per_page=2&status=publish";
    assert_eq!(
        script.uris(),
        [
            base.to_owned(),
            format!("{base}&page=2"),
            format!("{base}&page=3")
        ]
    );
}

#[tokio::test]
async fn pages_from_a_given_page_replace_it() {
    let script = Script::new([page(&[3], Some(3), None), page(&[5], Some(3), None)]);
    let mut call = get("/wp/v2/posts");
    call.query.push(("page".into(), json!("2")));
    call.query.push(("per_page".into(), json!(1)));
    let numbers: Vec<u64> = client(&script, Retry::none())
        .pages::<Post>(call)
        .map_ok(|page| page.number)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers, [2, 3]);
    assert_eq!(
        script.uris()[1],
        "https://example.com/wp-json/wp/v2/posts?page=3&per_page=1"
    );
}

#[tokio::test]
async fn pages_by_link_next() {
    let second = "https://example.com/wp-json/wp/v2/posts?cursor=b";
    let third = "https://example.com/wp-json/wp/v2/posts?cursor=c";
    let script = Script::new([
        page(&[1, 2], None, Some(second)),
        page(&[3, 4], Some(9), Some(third)),
        page(&[5], None, None),
        page(&[6], None, None),
    ]);
    let ids: Vec<u64> = client(&script, Retry::none())
        .pages::<Post>(list_call())
        .items()
        .map_ok(|post| post.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    let uris = script.uris();
    assert_eq!(uris[1..], [second, third]);
}

#[tokio::test]
async fn an_error_ends_the_pages_and_keeps_the_route() {
    let second = "https://example.com/wp-json/wp/v2/posts?cursor=b";
    let script = Script::new([
        page(&[1], Some(5), Some(second)),
        json_answer(200, json!([{"id": "x"}])),
        page(&[3], Some(5), None),
    ]);
    let mut items = client(&script, Retry::none())
        .pages::<Post>(list_call())
        .items();
    assert_eq!(items.next().await.unwrap().unwrap().id, 1);
    match items.next().await {
        Some(Err(Error::Decode {
            url,
            route,
            pointer,
            ..
        })) => {
            assert_eq!(url, second);
            assert_eq!(route, "/wp/v2/posts");
            assert_eq!(pointer, "/0/id");
        }
        other => panic!("{other:?}"),
    }
    assert!(items.next().await.is_none());
    assert_eq!(script.seen().len(), 2);
}

#[tokio::test]
async fn an_empty_page_or_a_link_to_itself_ends_the_walk() {
    let walk = |script: Script| async move {
        let pages: Vec<_> = client(&script, Retry::none())
            .pages::<Post>(list_call())
            .try_collect()
            .await
            .unwrap();
        pages
    };
    let pages = walk(Script::new([
        page(&[], Some(4), None),
        page(&[1], Some(4), None),
    ]))
    .await;
    assert_eq!(pages.len(), 1);
    assert!(pages[0].items.is_empty());

    let itself = "https://example.com/wp-json/wp/v2/posts?per_page=2&status=publish";
    let pages = walk(Script::new([
        page(&[1], None, Some(itself)),
        page(&[2], None, None),
    ]))
    .await;
    assert_eq!(pages.len(), 1);
}

#[derive(Debug, Deserialize)]
struct Status {
    name: String,
}

#[tokio::test]
async fn a_collection_keyed_by_slug_keeps_its_keys() {
    let body = json!({"publish": {"name": "Published"}, "future": {"name": "Scheduled"}});
    let script = Script::new([json_answer(200, body)]);
    let call = Call::new(Method::GET, "/wp/v2/statuses", "/wp/v2/statuses".into());
    let pages: Vec<_> = client(&script, Retry::none())
        .pages::<Status>(call)
        .try_collect()
        .await
        .unwrap();
    let names: Vec<&str> = pages[0].items.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Published", "Scheduled"]);
    assert_eq!(pages[0].keys.as_deref().unwrap(), ["publish", "future"]);
}
