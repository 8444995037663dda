//! The generated argument parsers against error bodies recorded from WordPress 6.9.7 and 6.1.9
//! (`tests/fixtures/wp-*/errors/`, made by `scripts/record-wp-fixtures.py`).
//!
//! A request WordPress rejects while checking arguments must give the same body, byte for byte
//! after parsing; one it rejects later (in the handler) or accepts must parse.

use serde_json::Value;
use wp_schema_runtime::args::RequestState;
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::WpError;

/// What WordPress knew of the request: an admin updating an attachment, or a visitor.
struct Recorded {
    logged_in: bool,
}

impl RequestState for Recorded {
    fn current_status(&self) -> Option<&str> {
        Some("inherit")
    }
    fn current_template(&self) -> Option<&str> {
        Some("")
    }
    fn can_query_status(&self, _status: &str) -> bool {
        self.logged_in
    }
    fn is_logged_in(&self) -> bool {
        self.logged_in
    }
}

/// The runtime follows 6.9: WordPress before 6.5 rejected the Unix epoch as a date.
const OLDER_THAN_6_5: [&str; 1] = ["update-date-gmt-epoch.json"];

const ARGUMENT_ERRORS: [&str; 3] = [
    "rest_invalid_param",
    "rest_missing_callback_param",
    "rest_invalid_json",
];

fn cases(version: &str) -> Vec<(String, Value)> {
    let dir = format!("{}/fixtures/{version}/errors", env!("CARGO_MANIFEST_DIR"));
    let mut out: Vec<(String, Value)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|entry| {
            let path = entry.unwrap().path();
            let case = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                case,
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Which endpoint a recorded request reached.
enum Endpoint {
    List,
    Get,
    Update,
    Delete,
}

fn params_of(case: &Value) -> (Endpoint, Params, Recorded) {
    let request = &case["request"];
    let method = request["method"].as_str().unwrap();
    let full = request["path"].as_str().unwrap();
    let (path, query) = full.split_once('?').unwrap_or((full, ""));
    let id = path
        .strip_prefix("/wp-json/wp/v2/media/")
        .map(str::to_owned);
    let body = match &request["body"] {
        Value::Null => Vec::new(),
        Value::String(raw) => raw.clone().into_bytes(),
        other => other.to_string().into_bytes(),
    };
    let content_type = (!body.is_empty()).then_some("application/json");
    let parts = RequestParts {
        method,
        query,
        content_type,
        body: &body,
        url: id.iter().map(|id| ("id".to_owned(), id.clone())).collect(),
        multipart_fields: None,
    };
    let endpoint = match (method, id.is_some()) {
        ("GET", false) => Endpoint::List,
        ("GET", true) => Endpoint::Get,
        ("DELETE", _) => Endpoint::Delete,
        _ => Endpoint::Update,
    };
    let state = Recorded {
        logged_in: !request["auth"].is_null(),
    };
    (endpoint, Params::from_request(&parts), state)
}

macro_rules! check_version {
    ($module:ident, $version:literal) => {{
        use wp_schema_tests::$module as media;
        let mut checked = 0;
        for (name, case) in cases($version) {
            if $version == "wp-6.1" && OLDER_THAN_6_5.contains(&name.as_str()) {
                continue;
            }
            let (endpoint, params, state) = params_of(&case);
            let result: Result<(), WpError> = match endpoint {
                Endpoint::List => {
                    media::AttachmentListArgs::from_params_with(&params, &state).map(drop)
                }
                Endpoint::Get => {
                    media::AttachmentGetArgs::from_params_with(&params, &state).map(drop)
                }
                Endpoint::Update => {
                    media::AttachmentUpdateArgs::from_params_with(&params, &state).map(drop)
                }
                Endpoint::Delete => {
                    media::AttachmentDeleteArgs::from_params_with(&params, &state).map(drop)
                }
            };
            let code = case["body"]["code"].as_str().unwrap_or("");
            if ARGUMENT_ERRORS.contains(&code) {
                let error = result.expect_err(&name);
                assert_eq!(
                    error.to_json().to_string(),
                    case["body"].to_string(),
                    "{} {name}",
                    $version
                );
                assert_eq!(
                    u64::from(error.status()),
                    case["status"].as_u64().unwrap(),
                    "{name}"
                );
            } else if let Err(e) = result {
                panic!(
                    "{} {name}: WordPress got past the arguments, we said {}",
                    $version,
                    e.to_json()
                );
            }
            checked += 1;
        }
        assert!(checked >= 39, "{checked} cases");
    }};
}

#[test]
fn media_arguments_fail_as_wordpress_6_9_does() {
    check_version!(wp69_media, "wp-6.9");
}

#[test]
fn media_arguments_fail_as_wordpress_6_1_does() {
    check_version!(wp61_media, "wp-6.1");
}
