//! The generated client (`routes! { client; … }` over the WordPress 6.9 media routes) against what
//! a user would write instead, on the same bytes: a WordPress 6.9.7 media list in the view
//! context.
//!
//! Bodies. The largest real list recorded in the view context is six items
//! (`tests/fixtures/wp-6.9/recorded/block-theme/wp-v2-media/list.view.json`: three files and three
//! images, one with all its sizes and `image_meta`), about 15 kB as WordPress sends it. `list-100`
//! repeats those six real items in turn, each copy given its own `id` (100 down to 1; nothing else
//! is changed), about 254 kB: the page `per_page=100` asks for. Both are written as WordPress's
//! `wp_json_encode` writes them: compact, every `/` escaped as `\/`, with the recording's
//! `{{site_url}}` replaced by a site address.
//!
//! Groups, each measured on `list-6` and `list-100` unless named otherwise:
//! - `client/decode`, bytes to values, no request:
//!   - `generated`: `ListBody<AttachmentView>` through `serde_json::from_slice`, which is what
//!     `Client::send` does with a body that decodes (its decoder is private);
//!   - `with_path`: the same type read with `serde_path_to_error` around `serde_json`, then the
//!     check for trailing bytes: what the client does again, only after a failure, for the
//!     error's JSON pointer (and did on every body before 2026-12-07, BENCHMARKS.md §11);
//!   - `value`: `serde_json::Value`;
//!   - `hand_structs`: `Vec<HandAttachment>`, a derived struct of the fields a user typically reads.
//! - `client/memory`, a whole request over a `Transport` answering from memory (no socket):
//!   building the request, encoding its query, its headers, the timeout, the status check and the
//!   decoding, also on `empty` (`[]`, an empty page), where little but the request's own cost is
//!   left. `generated` is `client.attachment_list().per_page(100).send()`; `untyped_value` and
//!   `untyped_hand_structs` are the same `Call` through `wp_schema_client::Client::send`.
//! - `client/loopback/list-100`, a whole request over HTTP/1.1 on 127.0.0.1 to an axum server
//!   started once, serving the body at `/wp-json/wp/v2/media`: `generated` with its default reqwest
//!   transport; `reqwest_value` and `reqwest_hand_structs`, plain reqwest, its body read whole and
//!   decoded with `serde_json`, as reqwest's own `json()` does (that feature is not enabled here).
//!
//! `cargo bench -p wp-schema-client --bench client` (or `scripts/bench-client.sh`, which also
//! prints the medians and their ratios).

use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion};
use serde::Deserialize;
use serde_json::Value;
use std::sync::LazyLock;
use std::time::Duration;
use tokio::runtime::Runtime;
use wp_schema_client::{BoxError, BoxFuture, Call, ListBody, Root, Transport};

mod media {
    wp_schema_macros::routes! {
        client;
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/routes.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
        "../../schemas/wp-6.9/wp-v2-media-id.json",
    }
}

use media::AttachmentView;

/// What a user who does not generate types would write for the fields they read.
#[derive(Deserialize)]
#[allow(dead_code)] // Only decoded: reading the fields is not what is measured.
struct HandAttachment {
    id: u64,
    date: String,
    slug: String,
    status: String,
    link: String,
    title: Rendered,
    author: u64,
    alt_text: String,
    media_type: String,
    mime_type: String,
    source_url: String,
    media_details: Value,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Rendered {
    rendered: String,
}

const RECORDED: &str =
    include_str!("../../tests/fixtures/wp-6.9/recorded/block-theme/wp-v2-media/list.view.json");

/// The address the recorded `{{site_url}}` stands for; the loopback server's own address is not
/// used, so that every group decodes the very same bytes.
const SITE: &str = "http://127.0.0.1:8069";

/// A list as WordPress sends it over the wire.
fn wire(items: &[Value]) -> Vec<u8> {
    let compact = serde_json::to_string(items).unwrap();
    // `/` can only occur inside JSON strings, so escaping every one of them is exactly what
    // `wp_json_encode` does to the strings; the recording has no character beyond ASCII, which it
    // would escape too.
    compact.replace('/', "\\/").into_bytes()
}

/// `(name, bytes)` of the two bodies the doc comment describes.
fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    let recorded: Vec<Value> =
        serde_json::from_str(&RECORDED.replace("{{site_url}}", SITE)).unwrap();
    let repeated: Vec<Value> = (0..100)
        .map(|i| {
            let mut item = recorded[i % recorded.len()].clone();
            item["id"] = Value::from(100 - i);
            item
        })
        .collect();
    vec![("list-6", wire(&recorded)), ("list-100", wire(&repeated))]
}

/// The steps of the client's private decoder (`decode::body`) when the first reading fails and
/// it reads again for the error's pointer.
fn decode_with_path<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).unwrap();
    deserializer.end().unwrap();
    value
}

/// Every case decodes every body, and the four decoders agree on the ids: a body the generated
/// type rejected would otherwise be measured as a fast failure.
fn check(bytes: &[u8]) {
    let generated: ListBody<AttachmentView> = decode_with_path(bytes);
    let value: Value = serde_json::from_slice(bytes).unwrap();
    let hand: Vec<HandAttachment> = serde_json::from_slice(bytes).unwrap();
    let ids: Vec<u64> = generated.items.iter().map(|i| i.id as u64).collect();
    let value_ids: Vec<u64> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_u64().unwrap())
        .collect();
    assert_eq!(ids, value_ids);
    assert_eq!(ids, hand.iter().map(|i| i.id).collect::<Vec<_>>());
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("client/decode");
    for (name, bytes) in bodies() {
        check(&bytes);
        group.bench_with_input(BenchmarkId::new("generated", name), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<ListBody<AttachmentView>>(black_box(bytes)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("with_path", name), &bytes, |b, bytes| {
            b.iter(|| decode_with_path::<ListBody<AttachmentView>>(black_box(bytes)))
        });
        group.bench_with_input(BenchmarkId::new("value", name), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(bytes)).unwrap())
        });
        group.bench_with_input(
            BenchmarkId::new("hand_structs", name),
            &bytes,
            |b, bytes| {
                b.iter(|| serde_json::from_slice::<Vec<HandAttachment>>(black_box(bytes)).unwrap())
            },
        );
    }
    group.finish();
}

/// One runtime for the whole bench: the loopback server's tasks and reqwest's connections run on
/// its workers while `block_on` drives each measured request from criterion's thread.
static RUNTIME: LazyLock<Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
});

/// Answers every request with the same list, as WordPress would answer `per_page=100`.
struct Canned {
    body: Vec<u8>,
    items: usize,
}

impl Transport for Canned {
    fn send(
        &self,
        _request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        // The copy of the body stands for the buffer a real transport fills for each answer.
        let mut response = http::Response::new(self.body.clone());
        let headers = response.headers_mut();
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        headers.insert("x-wp-total", http::HeaderValue::from(self.items));
        headers.insert("x-wp-totalpages", http::HeaderValue::from(1));
        Box::pin(async move { Ok(response) })
    }
}

/// The call the generated `attachment_list().per_page(100)` makes, written by hand.
fn list_call() -> Call {
    let mut call = Call::new(http::Method::GET, "/wp/v2/media", "/wp/v2/media".to_owned());
    call.query.push(("per_page".to_owned(), Value::from(100)));
    call
}

fn memory(c: &mut Criterion) {
    let mut group = c.benchmark_group("client/memory");
    // An empty page leaves little but the request's own cost: its building, the query's encoding,
    // the headers, the timeout and the status check.
    let empty = ("empty", b"[]".to_vec());
    for (name, bytes) in std::iter::once(empty).chain(bodies()) {
        let items = serde_json::from_slice::<Vec<Value>>(&bytes).unwrap().len();
        let inner = wp_schema_client::Client::builder()
            .transport(Canned { body: bytes, items })
            .build(Root::parse(&format!("{SITE}/wp-json/")).unwrap())
            .unwrap();
        let client = media::Client::new(inner.clone());
        let page = RUNTIME
            .block_on(client.attachment_list().per_page(100).send())
            .unwrap();
        assert_eq!((page.items.len(), page.total), (items, Some(items as u64)));

        group.bench_function(BenchmarkId::new("generated", name), |b| {
            b.iter(|| {
                RUNTIME
                    .block_on(client.attachment_list().per_page(100).send())
                    .unwrap()
            })
        });
        group.bench_function(BenchmarkId::new("untyped_value", name), |b| {
            b.iter(|| RUNTIME.block_on(inner.send::<Value>(list_call())).unwrap())
        });
        group.bench_function(BenchmarkId::new("untyped_hand_structs", name), |b| {
            b.iter(|| {
                RUNTIME
                    .block_on(inner.send::<Vec<HandAttachment>>(list_call()))
                    .unwrap()
            })
        });
    }
    group.finish();
}

/// Starts the server on the bench's runtime and returns its address.
fn serve(body: Vec<u8>, items: usize) -> std::net::SocketAddr {
    use axum::http::header::{HeaderName, CONTENT_TYPE};
    let body = axum::body::Bytes::from(body);
    let total = items.to_string();
    let app = axum::Router::new().route(
        "/wp-json/wp/v2/media",
        axum::routing::get(move || {
            let body = body.clone();
            let total = total.clone();
            async move {
                (
                    [
                        (CONTENT_TYPE, "application/json; charset=UTF-8".to_owned()),
                        (HeaderName::from_static("x-wp-total"), total),
                        (HeaderName::from_static("x-wp-totalpages"), "1".to_owned()),
                    ],
                    body,
                )
            }
        }),
    );
    let listener = RUNTIME
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    RUNTIME.spawn(async move { axum::serve(listener, app).await });
    addr
}

/// Plain reqwest, as its documentation shows a GET of JSON, and the one status check a careful
/// user adds.
async fn reqwest_get<T: serde::de::DeserializeOwned>(
    http: &reqwest::Client,
    url: &str,
) -> Result<T, BoxError> {
    let bytes = http
        .get(url)
        .send()
        .await?
        .error_for_status()?
        .bytes()
        .await?;
    Ok(serde_json::from_slice(&bytes)?)
}

fn loopback(c: &mut Criterion) {
    let (name, bytes) = bodies().pop().unwrap();
    let items = serde_json::from_slice::<Vec<Value>>(&bytes).unwrap().len();
    let addr = serve(bytes, items);
    // The default transport installs ring as rustls's provider; plain reqwest needs one as well
    // (reqwest is built without its own), and either call may come first.
    let _ = rustls::crypto::ring::default_provider().install_default();

    let inner = wp_schema_client::Client::builder()
        .build(Root::parse(&format!("http://{addr}/wp-json/")).unwrap())
        .unwrap();
    let client = media::Client::new(inner);
    let http = reqwest::Client::new();
    let url = format!("http://{addr}/wp-json/wp/v2/media?per_page=100");
    let page = RUNTIME
        .block_on(client.attachment_list().per_page(100).send())
        .unwrap();
    assert_eq!(page.items.len(), items);
    let hand: Vec<HandAttachment> = RUNTIME.block_on(reqwest_get(&http, &url)).unwrap();
    assert_eq!(hand.len(), items);

    let mut group = c.benchmark_group(format!("client/loopback/{name}"));
    group.bench_function("generated", |b| {
        b.iter(|| {
            RUNTIME
                .block_on(client.attachment_list().per_page(100).send())
                .unwrap()
        })
    });
    group.bench_function("reqwest_value", |b| {
        b.iter(|| RUNTIME.block_on(reqwest_get::<Value>(&http, &url)).unwrap())
    });
    group.bench_function("reqwest_hand_structs", |b| {
        b.iter(|| {
            RUNTIME
                .block_on(reqwest_get::<Vec<HandAttachment>>(&http, &url))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    // About 90 s for the 20 cases on two busy cores; a flag on the command line overrides these.
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = decode, memory, loopback
}
criterion_main!(benches);
