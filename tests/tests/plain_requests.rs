//! The typed path of the generated parsers (`from_request`) gives exactly what the full path
//! (`from_params` over `Params`) gives, on made-up query strings of the arguments' own names and
//! values PHP reads in odd ways; and it does take the requests a client usually sends.
//!
//! `PROPTEST_CASES` sets the number of cases (default 2,000 per parser).

use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
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

fn query(args: Vec<String>) -> impl Strategy<Value = String> {
    proptest::collection::vec((names(args), values()), 0..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(n, v)| format!("{n}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
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

/// Runs the property for one parser and answers how many cases the typed path took.
fn same_as_full_path<T: PartialEq + Debug>(
    parser: Parser<T>,
    args: Vec<String>,
    method: &str,
    url: &[(&str, &str)],
) -> u32 {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000);
    let mut runner = TestRunner::new(Config::with_cases(cases));
    let taken = Cell::new(0);
    runner
        .run(&query(args), |query| {
            let parts = parts(method, &query, url);
            let full = (parser.full)(&Params::from_request(&parts));
            let typed = (parser.plain)(&parts);
            if let Some(typed) = &typed {
                taken.set(taken.get() + 1);
                prop_assert_eq!(Ok(typed), full.as_ref(), "typed path on {}", query);
            }
            let answer = (parser.request)(&parts);
            if answer != full {
                return Err(TestCaseError::fail(format!(
                    "{query}: from_request {answer:?}, full path {full:?}"
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

#[test]
fn media_list_matches_the_full_path() {
    let args = arg_names(media::WP_V2_MEDIA_DOCUMENT, 0);
    let taken = same_as_full_path(parser!(media::AttachmentListArgs), args, "GET", &[]);
    assert_often_taken(taken);
}

#[test]
fn media_create_query_matches_the_full_path() {
    let args = arg_names(media::WP_V2_MEDIA_DOCUMENT, 1);
    let taken = same_as_full_path(parser!(media::AttachmentCreateArgs), args, "POST", &[]);
    assert_often_taken(taken);
}

#[test]
fn media_item_with_url_capture_matches_the_full_path() {
    let args = arg_names(media::WP_V2_MEDIA_ID_DOCUMENT, 0);
    same_as_full_path(
        parser!(media::AttachmentGetArgs),
        args,
        "GET",
        &[("id", "7")],
    );
}

#[test]
fn posts_and_users_lists_match_the_full_path() {
    let args = arg_names(posts::WP_V2_POSTS_DOCUMENT, 0);
    assert_often_taken(same_as_full_path(
        parser!(posts::PostListArgs),
        args,
        "GET",
        &[],
    ));
    let args = arg_names(users::WP_V2_USERS_DOCUMENT, 0);
    assert_often_taken(same_as_full_path(
        parser!(users::UserListArgs),
        args,
        "GET",
        &[],
    ));
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
        "after=2024-01-02T03:04:05",
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
    let body = RequestParts {
        method: "POST",
        body: br#"{"title":"x"}"#,
        content_type: Some("application/json"),
        ..RequestParts::default()
    };
    assert_eq!(media::AttachmentCreateArgs::from_plain_request(&body), None);
}
