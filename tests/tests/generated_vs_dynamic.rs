//! The generated argument parsers agree with the dynamic validator and sanitizer, argument by
//! argument, on values of every JSON shape: verdict, error body and sanitized value.
//!
//! Each case sends one argument in a JSON body to a generated parser (the media routes', and a
//! fixture's whose arguments take every step of the plan: unique items of lists and objects,
//! `anyOf` items, `oneOf`, type lists, mixed enums, bounds, formats, closed objects), and compares
//! the outcome with what the schema-driven functions (checked against WordPress's PHP) say
//! WordPress does with that argument's schema and callbacks. `PROPTEST_CASES` sets the number of cases
//! (100,000 in the documented release run: `PROPTEST_CASES=100000 cargo test --release -p
//! wp-schema-tests --test generated_vs_dynamic`).

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Map, Value};
use wp_schema_runtime::args::InvalidParams;
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::{callbacks, sanitize, validate, WpError};
use wp_schema_tests::fixtures::odd_args as odd;
use wp_schema_tests::wp69_media as media;

/// The list endpoint's arguments, as OPTIONS shows them.
fn list_args() -> Map<String, Value> {
    let doc: Value = serde_json::from_str(media::WP_V2_MEDIA_DOCUMENT).unwrap();
    doc["endpoints"][0]["args"].as_object().unwrap().clone()
}

/// The update endpoint's arguments that keep the schema's own callbacks.
fn update_args() -> Vec<(String, Value)> {
    let doc: Value = serde_json::from_str(media::WP_V2_MEDIA_ID_DOCUMENT).unwrap();
    let args = doc["endpoints"][1]["args"].as_object().unwrap().clone();
    let plain = [
        "date",
        "date_gmt",
        "author",
        "featured_media",
        "comment_status",
        "ping_status",
        "post",
    ];
    args.into_iter()
        .filter(|(name, _)| plain.contains(&name.as_str()))
        .collect()
}

/// What WordPress does with `name = value` alone, from the schema-driven functions.
fn expected(name: &str, value: &Value, schema: &Value) -> Result<Value, WpError> {
    let fail = |e: WpError| {
        let mut invalid = InvalidParams::default();
        invalid.record(name, e.into());
        invalid.into_result().map(|()| Value::Null)
    };
    // Validated in WordPress's validate step: the list's callbacks, and every schema-derived
    // argument of create and update.
    let validated_first = matches!(
        name,
        "context"
            | "page"
            | "per_page"
            | "search"
            | "date"
            | "date_gmt"
            | "author"
            | "featured_media"
            | "comment_status"
            | "ping_status"
            | "post"
    );
    if validated_first {
        if let Err(e) = validate::validate_value(value, schema, name) {
            return fail(e);
        }
    }
    match name {
        "context" => Ok(Value::String(callbacks::sanitize_key(value))),
        "page" | "per_page" => Ok(Value::from(callbacks::absint(value))),
        "search" => Ok(Value::String(callbacks::sanitize_text_field_value(value))),
        _ => match validate::validate_value(value, schema, name)
            .and_then(|()| sanitize::sanitize_value(value, schema, name))
        {
            Ok(v) => Ok(v),
            Err(e) => fail(e),
        },
    }
}

fn json_values() -> impl Strategy<Value = Value> {
    let scalar = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z0-9 ,._:-]{0,12}".prop_map(Value::from),
        prop_oneof![
            Just("1"),
            Just("0"),
            Just("-1"),
            Just("1.0"),
            Just("1e3"),
            Just(" 5 "),
            Just("TRUE"),
            Just("false"),
            Just("a,b"),
            Just("1,2,3"),
            Just(""),
            Just("view"),
            Just("edit"),
            Just("asc"),
            Just("date"),
            Just("image"),
            Just("image/jpeg"),
            Just("post_title"),
            Just("exact"),
            Just("2024-05-06T07:08:09"),
            Just("inherit"),
        ]
        .prop_map(Value::from),
    ];
    scalar.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c0-2]", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Values a client can send for an argument: a JSON `null` counts as not sent, so it is left out.
fn sent_values() -> impl Strategy<Value = Value> {
    json_values().prop_map(|v| if v.is_null() { Value::from("null") } else { v })
}

/// The request a client makes to send `name = value` in a JSON body.
fn json_request(method: &str, name: &str, value: &Value) -> Params {
    let body = json!({ name: value }).to_string();
    Params::from_request(&RequestParts {
        method,
        content_type: Some("application/json"),
        body: body.as_bytes(),
        ..RequestParts::default()
    })
}

/// The generated parser's outcome for `name = value` against the dynamic path's, `expected`.
fn agree<T: serde::Serialize>(
    generated: Result<T, WpError>,
    expected: Result<Value, WpError>,
    name: &str,
    value: &Value,
) -> Result<(), TestCaseError> {
    match (generated, expected) {
        (Ok(parsed), Ok(sanitized)) => {
            let written = serde_json::to_value(&parsed).unwrap();
            prop_assert_eq!(&written[name], &sanitized, "{} = {}", name, value);
        }
        (Err(ours), Err(theirs)) => {
            prop_assert_eq!(ours.to_json(), theirs.to_json(), "{} = {}", name, value)
        }
        (ours, theirs) => prop_assert!(
            false,
            "{} = {}: generated {:?}, dynamic {:?}",
            name,
            value,
            ours.map(drop),
            theirs
        ),
    }
    Ok(())
}

/// Sends the argument `index` picks of `args` with `value` to the generated parser `parse`, and
/// compares its outcome with what `expect` says WordPress does.
fn check<T: serde::Serialize>(
    args: &[(String, Value)],
    index: usize,
    value: &Value,
    method: &str,
    parse: impl Fn(&Params) -> Result<T, WpError>,
    expect: fn(&str, &Value, &Value) -> Result<Value, WpError>,
) -> Result<(), TestCaseError> {
    let (name, schema) = &args[index % args.len()];
    let generated = parse(&json_request(method, name, value));
    agree(generated, expect(name, value, schema), name, value)
}

proptest! {
    #[test]
    fn list_arguments_match_the_dynamic_path(index in 0usize..64, value in sent_values()) {
        // `status` asks who is querying; it has its own cases in argument_errors.rs.
        let args: Vec<(String, Value)> = list_args().into_iter().filter(|(name, _)| name != "status").collect();
        check(&args, index, &value, "GET", media::AttachmentListArgs::from_params, expected)?;
    }

    #[test]
    fn update_arguments_match_the_dynamic_path(index in 0usize..64, value in sent_values()) {
        check(&update_args(), index, &value, "POST", media::AttachmentUpdateArgs::from_params, expected)?;
    }
}

/// The fixture's arguments, each with its schema.
fn odd_args() -> Vec<(String, Value)> {
    let doc: Value = serde_json::from_str(odd::ODD_ARGS_DOCUMENT).unwrap();
    doc["endpoints"][0]["args"]
        .as_object()
        .unwrap()
        .clone()
        .into_iter()
        .collect()
}

/// What WordPress does with an argument registered without callbacks: `rest_parse_request_arg`
/// when it has a type (`! empty( $arg['type'] )`), and nothing when it has none.
fn expected_without_callbacks(name: &str, value: &Value, schema: &Value) -> Result<Value, WpError> {
    if !schema
        .get("type")
        .is_some_and(wp_schema_runtime::php::is_truthy)
    {
        return Ok(value.clone());
    }
    expected(name, value, schema)
}

/// Values shaped for the fixture's schemas, besides any JSON.
fn odd_values() -> impl Strategy<Value = Value> {
    let shaped = prop_oneof![
        Just(json!([[1, 2], [1, 2]])),
        Just(json!([[1, 2], [2, 1]])),
        Just(json!([[1], ["1"]])),
        Just(json!([{ "a": "x" }, { "a": "x" }])),
        Just(json!([{ "a": "x" }, { "a": "y" }, { "a": "z" }, { "a": "w" }])),
        Just(json!([0, "a", "b", 3, "c", -1])),
        Just(json!({ "n": 1 })),
        Just(json!({ "n": "1", "m": 2 })),
        Just(json!({})),
        Just(json!([["x", "y"], ["y"]])),
        Just(json!([["x", "y", "x"]])),
        Just(json!({ "a": 1.5, "b": "2" })),
        Just(json!("#aabbcc")),
        Just(json!("#ABC")),
        Just(json!("#abcd")),
        Just(json!("123e4567-e89b-12d3-a456-426614174000")),
        Just(json!("123e4567e89b12d3a456426614174000")),
        Just(json!("abc")),
        Just(json!("a")),
        Just(json!("red")),
        Just(json!(3)),
        Just(json!("3")),
        Just(json!(0)),
        Just(json!(0.5)),
        Just(json!(10)),
        Just(json!(10.5)),
        Just(json!("2.5")),
        Just(json!(true)),
        Just(json!("x")),
    ];
    prop_oneof![sent_values(), shaped]
}

proptest! {
    #[test]
    fn arguments_taking_every_step_of_the_plan_match_the_dynamic_path(index in 0usize..64, value in odd_values()) {
        check(&odd_args(), index, &value, "GET", odd::OddThingListArgs::from_params, expected_without_callbacks)?;
    }
}
