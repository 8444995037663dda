//! The scenario of `reference_server.rs` against WordPress itself.
//!
//! `tests/recordings/wordpress-6.9.7.json` was recorded from WordPress 6.9.7 (PHP 8.2, pretty
//! permalinks) and is replayed by default: each request the client makes must be the next one
//! recorded (method, URL, content type and body length), and gets the recorded answer, so the
//! replay still proves that the client builds the requests WordPress answered.
//!
//! - `WP_MEDIA_CLIENT_WP=FILE` runs against a running site instead, with the lines
//!   `BASE_URL=http://127.0.0.1:8069`, `USER=admin` and `APP_PASSWORD='…'` of FILE. It uploads
//!   four files whose titles start with `mc-demo` and deletes them again.
//! - `WP_MEDIA_CLIENT_RECORD=1` beside it writes the exchanges to the recording, the site's
//!   address replaced by `{{site_url}}`; the credentials are not written.

mod common;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use wp_schema_client::{BoxError, BoxFuture, ReqwestTransport, Transport};

const VERSION: &str = "6.9.7";
const RECORDING: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/recordings/wordpress-6.9.7.json"
);
const PLACEHOLDER: &str = "{{site_url}}";
/// The address a replay is made at: not the recorded one, so that a URL the client took from an
/// answer is seen to come from it.
const REPLAY_SITE: &str = "http://wordpress.invalid";
/// The response headers a client reads.
const KEPT_HEADERS: [&str; 4] = ["content-type", "x-wp-total", "x-wp-totalpages", "link"];

#[derive(Debug, Serialize, Deserialize)]
struct Recording {
    wordpress: String,
    exchanges: Vec<Exchange>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Exchange {
    method: String,
    url: String,
    /// Without parameters: a multipart boundary is new on every request.
    request_content_type: Option<String>,
    request_body_length: usize,
    status: u16,
    headers: Vec<(String, String)>,
    body: RecordedBody,
}

/// JSON kept as JSON, so that the recording reads and compares as such; anything else as text.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RecordedBody {
    Json(Value),
    Text(String),
}

#[tokio::test]
async fn uploads_lists_edits_and_deletes_on_wordpress() {
    match std::env::var_os("WP_MEDIA_CLIENT_WP") {
        Some(env_file) => live(Path::new(&env_file)).await,
        None => replay().await,
    }
}

async fn live(env_file: &Path) {
    let text =
        std::fs::read_to_string(env_file).unwrap_or_else(|e| panic!("{}: {e}", env_file.display()));
    let setting = |name: &str| {
        text.lines()
            .filter_map(|line| line.split_once('='))
            .find(|(key, _)| key.trim() == name)
            .map(|(_, value)| value.trim().trim_matches(['\'', '"']).to_owned())
    };
    let need = |name: &str| {
        setting(name).unwrap_or_else(|| panic!("{} has no {name}", env_file.display()))
    };
    let target = common::Target {
        site_url: need("BASE_URL").trim_end_matches('/').to_owned(),
        user: need("USER"),
        password: need("APP_PASSWORD"),
    };
    let record = std::env::var("WP_MEDIA_CLIENT_RECORD").is_ok_and(|v| v == "1");
    if record {
        if let Some(version) = setting("WP_VERSION") {
            assert_eq!(version, VERSION, "the recording's name says {VERSION}");
        }
    }
    let recorder = Recorder {
        inner: Arc::new(ReqwestTransport::new().expect("an HTTP client")),
        site_url: target.site_url.clone(),
        exchanges: Arc::default(),
    };
    common::scenario(&target, || recorder.clone()).await;
    if record {
        let recording = Recording {
            wordpress: VERSION.to_owned(),
            exchanges: std::mem::take(&mut *recorder.exchanges.lock().unwrap()),
        };
        let mut text = serde_json::to_string_pretty(&recording).unwrap();
        text.push('\n');
        std::fs::create_dir_all(Path::new(RECORDING).parent().unwrap()).unwrap();
        std::fs::write(RECORDING, text).unwrap();
    }
}

async fn replay() {
    let text = std::fs::read_to_string(RECORDING).expect("the recording");
    let recording: Recording = serde_json::from_str(&text).expect("a readable recording");
    assert_eq!(recording.wordpress, VERSION);
    let exchanges = Arc::new(Mutex::new(VecDeque::from(recording.exchanges)));
    let target = common::Target {
        site_url: REPLAY_SITE.to_owned(),
        user: "admin".to_owned(),
        password: "not sent anywhere".to_owned(),
    };
    common::scenario(&target, || Replayer {
        exchanges: Arc::clone(&exchanges),
    })
    .await;
    let left = exchanges.lock().unwrap();
    assert!(
        left.is_empty(),
        "the client made {} requests fewer than recorded, the next being {} {}",
        left.len(),
        left[0].method,
        left[0].url
    );
}

/// The media type of a request, without its parameters.
fn request_content_type(request: &http::Request<Vec<u8>>) -> Option<String> {
    let value = request.headers().get(http::header::CONTENT_TYPE)?;
    let value = value.to_str().ok()?;
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
    )
}

/// Sends through reqwest and notes each exchange, the site's address replaced.
#[derive(Clone)]
struct Recorder {
    inner: Arc<ReqwestTransport>,
    site_url: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl Recorder {
    fn anonymize(&self, text: &str) -> String {
        // WordPress writes its JSON with `\/`.
        let escaped = self.site_url.replace('/', "\\/");
        text.replace(&self.site_url, PLACEHOLDER)
            .replace(&escaped, PLACEHOLDER)
    }

    fn anonymize_json(&self, value: &mut Value) {
        match value {
            Value::String(text) => *text = self.anonymize(text),
            Value::Array(items) => items.iter_mut().for_each(|item| self.anonymize_json(item)),
            Value::Object(map) => map.values_mut().for_each(|item| self.anonymize_json(item)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }
}

impl Transport for Recorder {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        Box::pin(async move {
            let method = request.method().to_string();
            let url = self.anonymize(&request.uri().to_string());
            let request_content_type = request_content_type(&request);
            let request_body_length = request.body().len();
            let response = self.inner.send(request).await?;
            let mut headers = Vec::new();
            for name in KEPT_HEADERS {
                for value in response.headers().get_all(name) {
                    let value = String::from_utf8_lossy(value.as_bytes());
                    headers.push((name.to_owned(), self.anonymize(&value)));
                }
            }
            let body = match serde_json::from_slice::<Value>(response.body()) {
                Ok(mut value) => {
                    self.anonymize_json(&mut value);
                    RecordedBody::Json(value)
                }
                // A page that is not JSON (the front page discovery reads the Link header of)
                // is kept as far as an error message would quote it.
                Err(_) => {
                    let text = String::from_utf8_lossy(response.body());
                    let start: String = text.chars().take(500).collect();
                    RecordedBody::Text(self.anonymize(&start))
                }
            };
            self.exchanges.lock().unwrap().push(Exchange {
                method,
                url,
                request_content_type,
                request_body_length,
                status: response.status().as_u16(),
                headers,
                body,
            });
            Ok(response)
        })
    }
}

/// Answers each request with the next recorded exchange, after checking it is the one recorded.
struct Replayer {
    exchanges: Arc<Mutex<VecDeque<Exchange>>>,
}

impl Transport for Replayer {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        let next = self.exchanges.lock().unwrap().pop_front();
        let asked = format!("{} {}", request.method(), request.uri());
        let Some(recorded) = next else {
            panic!("more requests than recorded: {asked}");
        };
        let expected = format!(
            "{} {}",
            recorded.method,
            recorded.url.replace(PLACEHOLDER, REPLAY_SITE)
        );
        assert_eq!(asked, expected, "not the request recorded next");
        assert_eq!(
            (request_content_type(&request), request.body().len()),
            (recorded.request_content_type, recorded.request_body_length),
            "{asked}: not the body recorded"
        );
        let mut response = http::Response::builder().status(recorded.status);
        for (name, value) in &recorded.headers {
            response = response.header(name, value.replace(PLACEHOLDER, REPLAY_SITE));
        }
        let body = match recorded.body {
            RecordedBody::Json(value) => value.to_string(),
            RecordedBody::Text(text) => text,
        };
        let response = response
            .body(body.replace(PLACEHOLDER, REPLAY_SITE).into_bytes())
            .map_err(BoxError::from);
        Box::pin(async move { response })
    }
}
