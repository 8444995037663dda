//! The example's outputs, pinned: a list recorded from WordPress 6.9.7 (`?context=view`, three
//! uploads: a photograph, a PNG and a text file) and WordPress's error for a bad query.

use media_client::{list_args, summarize};

#[test]
fn a_recorded_list_reads_into_the_view_type() {
    let body = include_str!("../../../tests/fixtures/wp-6.9/responses/media-list-view.json");
    insta::assert_snapshot!(summarize(body).unwrap().join("\n"));
}

#[test]
fn a_list_query_is_coerced_as_wordpress_coerces_it() {
    let args = list_args("per_page=5&include=7,8&media_type=image").unwrap();
    assert_eq!(args.per_page, 5);
    assert_eq!(args.include, vec![7, 8]);
}

#[test]
fn a_bad_list_query_gets_wordpress_error_body() {
    let error = list_args("per_page=0&order=sideways").unwrap_err();
    assert_eq!(error.status(), 400);
    insta::assert_json_snapshot!(error.to_json());
}
