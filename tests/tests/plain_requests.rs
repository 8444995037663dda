//! The typed path of the generated parsers (`from_request`) gives exactly what the full path
//! (`from_params` over `Params`) gives, on made-up query strings and JSON bodies of the arguments'
//! own names and values PHP reads in odd ways; and it does take the requests a client usually
//! sends.
//!
//! `PROPTEST_CASES` sets the number of cases (default 2,000 per parser). The cases come from a
//! fixed seed: how many of them the typed path takes is then the same on every run (from random
//! seeds, the JSON bodies' share once fell under the bar in CI, 92 of 2,000), and a failure can
//! be replayed. `PROPTEST_RNG_SEED` picks another seed.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;
use std::cell::Cell;
use std::fmt::Debug;
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::WpError;
use wp_schema_tests::{wp69_media as media, wp69_posts as posts, wp69_users as users};

/// One generated parser, its two paths side by side.
struct Parser<T> {
    full: fn(&Params) -> Result<T, WpError>,
    request: fn(&RequestParts<'_>) -> Result<T, WpError>,
    plain: fn(&RequestParts<'_>) -> Option<T>,
}

macro_rules! parser {
    ($ty:path) => {{
        use $ty as Args;
        Parser {
            full: Args::from_params,
            request: Args::from_request,
            plain: Args::from_plain_request,
        }
    }};
}

/// The names of one endpoint's arguments, as OPTIONS shows them.
fn arg_names(document: &str, endpoint: usize) -> Vec<String> {
    let doc: Value = serde_json::from_str(document).unwrap();
    doc["endpoints"][endpoint]["args"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

/// Names: the endpoint's arguments, and names PHP rewrites into them or into arrays.
fn names(args: Vec<String>) -> impl Strategy<Value = String> {
    let odd = [
        "_fields",
        "per.page",
        "per page",
        "include[]",
        "page[x]",
        "%70age",
        "",
    ];
    prop_oneof![
        4 => proptest::sample::select(args),
        1 => proptest::sample::select(odd.map(str::to_owned).to_vec()),
    ]
}

/// Values, URL-encoded as a client might send them.
fn values() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{1,3}",
        "0[0-9]{1,2}|-0|[0-9]{15,17}|1\\.0|1e2|\\+1|%201|1%20",
        "view|embed|edit|asc|desc|date|title|id|include|relevance|image|video|publish|inherit|private",
        "[0-9]{1,2}(,[0-9]{1,2}){0,3}|[0-9]+(%2C|\\+|%20)[0-9]+|,,1,|x,1",
        "[a-zA-Z0-9 ,+%<>&]{0,12}",
        "%[0-9A-Fa-f]{2}|%FF|%E2%80%93|caf%C3%A9|%",
    ]
}

/// JSON values: strings (some with escapes), numbers, dates, and what the typed path leaves alone
/// (other types, a lone surrogate, bad JSON).
fn json_values() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => values().prop_map(|text| serde_json::to_string(&text).unwrap()),
        3 => r"-?[0-9]{1,3}|-0|0|[0-9]{15,17}|1\.0|1e2|-1\.5E-1|1e400",
        2 => r#""(2024-0[1-9]-[0-3][0-9][T ][0-2][0-9]:[0-5][0-9]:[0-6][0-9](\.[0-9]{1,3})?(Z|[+-][0-2][0-9](:[0-5][0-9])?)?|2024-13-01T00:00:00|yesterday)(\\n)?""#,
        1 => r#"true|false|null|\[\]|\{\}|\[1,"a"\]|\{"raw":"x"\}"#,
        1 => r#""caf\\u00e9"|"a\\"b"|"\\ud800"|01|"x|"a\u{1}""#,
    ]
}

/// A JSON object of the endpoint's argument names (an escaped one among them), sometimes with a
/// trailing comma.
fn json_body(args: Vec<String>) -> impl Strategy<Value = String> {
    let key = prop_oneof![
        9 => names(args).prop_map(|name| serde_json::to_string(&name).unwrap()),
        1 => Just(r#""\u0070ost""#.to_owned()),
    ];
    let pairs = proptest::collection::vec((key, json_values()), 0..6);
    (pairs, proptest::bool::weighted(0.05)).prop_map(|(pairs, trailing_comma)| {
        let pairs: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}:{v}")).collect();
        let comma = if trailing_comma { "," } else { "" };
        format!("{{{}{comma}}}", pairs.join(","))
    })
}

fn query(args: Vec<String>) -> impl Strategy<Value = String> {
    proptest::collection::vec((names(args), values()), 0..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// Query strings alone, as `(query, body)` requests.
fn queries(args: Vec<String>) -> impl Strategy<Value = (String, String)> {
    query(args).prop_map(|query| (query, String::new()))
}

fn parts<'a>(method: &'a str, query: &'a str, url: &[(&str, &str)]) -> RequestParts<'a> {
    RequestParts {
        method,
        query,
        url: url
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        ..RequestParts::default()
    }
}

/// Runs the property for one parser over `(query, body)` requests (a body is sent as JSON) and
/// answers how many cases the typed path took.
fn same_as_full_path<T: PartialEq + Debug>(
    parser: Parser<T>,
    requests: impl Strategy<Value = (String, String)>,
    method: &str,
    url: &[(&str, &str)],
) -> u32 {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let seed: u64 = std::env::var("PROPTEST_RNG_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_261_206);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let mut runner = TestRunner::new_with_rng(Config::with_cases(cases), rng);
    let taken = Cell::new(0);
    runner
        .run(&requests, |(query, body)| {
            let parts = RequestParts {
                content_type: (!body.is_empty()).then_some("application/json"),
                body: body.as_bytes(),
                ..parts(method, &query, url)
            };
            let full = (parser.full)(&Params::from_request(&parts));
            let typed = (parser.plain)(&parts);
            if let Some(typed) = &typed {
                taken.set(taken.get() + 1);
                prop_assert_eq!(Ok(typed), full.as_ref(), "typed path on {} {}", query, body);
            }
            let answer = (parser.request)(&parts);
            if answer != full {
                return Err(TestCaseError::fail(format!(
                    "{query} {body}: from_request {answer:?}, full path {full:?}"
                )));
            }
            Ok(())
        })
        .unwrap();
    taken.get()
}

/// The typed path must take a real share of the made-up requests, or the property above says little.
fn assert_often_taken(taken: u32) {
    assert!(taken >= 100, "the typed path took only {taken} cases");
}

/// The property over query strings of the arguments of `document`'s `endpoint`, sent with `method`
/// to a URL without captures; the typed path must take them often.
fn queries_match_the_full_path<T: PartialEq + Debug>(
    parser: Parser<T>,
    document: &str,
    endpoint: usize,
    method: &str,
) {
    let args = arg_names(document, endpoint);
    assert_often_taken(same_as_full_path(parser, queries(args), method, &[]));
}

#[test]
fn media_list_matches_the_full_path() {
    queries_match_the_full_path(
        parser!(media::AttachmentListArgs),
        media::WP_V2_MEDIA_DOCUMENT,
        0,
        "GET",
    );
}

#[test]
fn media_create_query_matches_the_full_path() {
    queries_match_the_full_path(
        parser!(media::AttachmentCreateArgs),
        media::WP_V2_MEDIA_DOCUMENT,
        1,
        "POST",
    );
}

#[test]
fn media_create_and_update_json_bodies_match_the_full_path() {
    let args = arg_names(media::WP_V2_MEDIA_DOCUMENT, 1);
    let requests = (query(args.clone()), json_body(args));
    let taken = same_as_full_path(parser!(media::AttachmentCreateArgs), requests, "POST", &[]);
    assert_often_taken(taken);
    let args = arg_names(media::WP_V2_MEDIA_ID_DOCUMENT, 1);
    let requests = (Just(String::new()), json_body(args));
    let taken = same_as_full_path(
        parser!(media::AttachmentUpdateArgs),
        requests,
        "POST",
        &[("id", "7")],
    );
    assert_often_taken(taken);
}

#[test]
fn posts_create_json_bodies_match_the_full_path() {
    let args = arg_names(posts::WP_V2_POSTS_DOCUMENT, 1);
    let requests = (Just(String::new()), json_body(args));
    let taken = same_as_full_path(parser!(posts::PostCreateArgs), requests, "POST", &[]);
    assert_often_taken(taken);
}

#[test]
fn media_item_with_url_capture_matches_the_full_path() {
    let args = arg_names(media::WP_V2_MEDIA_ID_DOCUMENT, 0);
    same_as_full_path(
        parser!(media::AttachmentGetArgs),
        queries(args),
        "GET",
        &[("id", "7")],
    );
}

#[test]
fn posts_and_users_lists_match_the_full_path() {
    queries_match_the_full_path(
        parser!(posts::PostListArgs),
        posts::WP_V2_POSTS_DOCUMENT,
        0,
        "GET",
    );
    queries_match_the_full_path(
        parser!(users::UserListArgs),
        users::WP_V2_USERS_DOCUMENT,
        0,
        "GET",
    );
}

#[test]
fn usual_list_queries_take_the_typed_path() {
    for query in [
        "",
        "per_page=10",
        "page=2&per_page=20&search=sky&orderby=title&order=asc&media_type=image&include=5,6,7",
        "context=edit&per_page=100&_fields=id,title&_embed=1",
        "search=caf%C3%A9+noir&orderby=relevance",
        "exclude=3%2C4&parent=0&offset=5&slug=a,b",
    ] {
        let parts = parts("GET", query, &[]);
        let typed = media::AttachmentListArgs::from_plain_request(&parts);
        let full = media::AttachmentListArgs::from_params(&Params::from_request(&parts));
        assert_eq!(typed.as_ref(), full.as_ref().ok(), "{query}");
    }
}

#[test]
fn what_the_typed_path_leaves_to_the_full_path() {
    for query in [
        "per_page=0",
        "per_page=abc",
        "status=private",
        "after=2024-13-02T03:04:05",
        "include[]=5",
        "per.page=5",
        "search=%FF",
    ] {
        let parts = parts("GET", query, &[]);
        assert_eq!(
            media::AttachmentListArgs::from_plain_request(&parts),
            None,
            "{query}"
        );
    }
    for body in [
        r#"{"title":{"raw":"x"}}"#,
        r#"{"post":"1","alt_text":5}"#,
        r#"{"date":null}"#,
        r#"{"post":1.0}"#,
    ] {
        let parts = json_parts(body);
        assert_eq!(
            media::AttachmentCreateArgs::from_plain_request(&parts),
            None,
            "{body}"
        );
    }
}

fn json_parts(body: &str) -> RequestParts<'_> {
    RequestParts {
        method: "POST",
        body: body.as_bytes(),
        content_type: Some("application/json"),
        ..RequestParts::default()
    }
}

#[test]
fn usual_json_bodies_take_the_typed_path() {
    for body in [
        r#"{"title":"Harbour","alt_text":"Boats at dawn","caption":"Seen from the pier","post":1,"date":"2024-01-02T03:04:05","comment_status":"closed","ping_status":"closed"}"#,
        r#"{"alt_text":"caf\u00e9","post":"12","date_gmt":"2024-01-02 03:04:05Z"}"#,
        "{}",
    ] {
        let parts = json_parts(body);
        let typed = media::AttachmentCreateArgs::from_plain_request(&parts);
        let full = media::AttachmentCreateArgs::from_params(&Params::from_request(&parts));
        assert!(typed.is_some(), "{body}");
        assert_eq!(typed.as_ref(), full.as_ref().ok(), "{body}");
    }
}
