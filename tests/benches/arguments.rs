//! Argument parsing of the media routes against what a user would write instead:
//! - `generated`: the generated `from_request`, from the raw request to the struct (WordPress's
//!   coercions, sanitizing and errors): a typed path for plain query strings, else the full one;
//! - `generated_full`: the generated `from_params` over `Params`, the full path every request took
//!   before the typed one (and every invalid request still takes);
//! - `dynamic`: the runtime's schema-driven validator and sanitizer, argument by argument;
//! - `jsonschema`: the `jsonschema` crate with a compiled validator, after converting the query
//!   string to typed JSON by the obvious rules (numbers, comma lists), then `serde` into a struct;
//!   `jsonschema_messages` also renders each error's message and path, as an API must to answer.
//!
//! Inputs: a typical list query (7 arguments), a typical create body, and a query with several bad
//! arguments. `cargo bench -p wp-schema-tests --bench arguments`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde::Deserialize;
use serde_json::{Map, Value};
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::{php_query, sanitize, validate};
use wp_schema_tests::wp69_media as media;

const OVERLAY: &str = include_str!("../../schemas/wp-6.9/overlay.json");
const LIST_QUERY: &str =
    "page=2&per_page=20&search=sky&orderby=title&order=asc&media_type=image&include=5,6,7";
const BAD_QUERY: &str = "per_page=0&page=abc&order=sideways&include=x&context=nope";
const CREATE_BODY: &str = r#"{"title":"Harbour","alt_text":"Boats at dawn","caption":"Seen from the pier","post":1,"date":"2024-01-02T03:04:05","comment_status":"closed","ping_status":"closed"}"#;

#[derive(Deserialize)]
#[allow(dead_code)]
struct ListQuery {
    page: Option<i64>,
    per_page: Option<i64>,
    search: Option<String>,
    orderby: Option<String>,
    order: Option<String>,
    media_type: Option<Vec<String>>,
    include: Option<Vec<i64>>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct CreateBody {
    title: Option<String>,
    alt_text: Option<String>,
    caption: Option<String>,
    post: Option<i64>,
    date: Option<String>,
    comment_status: Option<String>,
    ping_status: Option<String>,
}

/// The arguments of one endpoint of the collection route, as OPTIONS shows them, less those
/// WordPress does not validate at all (the overlay's `"validate": null`, such as `title` on
/// create): every approach passes those through untouched.
fn endpoint_args(index: usize, endpoint: &str) -> Map<String, Value> {
    let document: Value = serde_json::from_str(media::WP_V2_MEDIA_DOCUMENT).unwrap();
    let overlay: Value = serde_json::from_str(OVERLAY).unwrap();
    let callbacks = &overlay["overlay"]["args"]["attachment"][endpoint]["callbacks"];
    let mut args = document["endpoints"][index]["args"]
        .as_object()
        .unwrap()
        .clone();
    args.retain(|name, _| callbacks[name].get("validate") != Some(&Value::Null));
    args
}

/// A WordPress argument schema as standard JSON Schema: its own keywords (`required` as a
/// boolean, `context`, `readonly`, callbacks) left out, and PHP's empty array read as the empty
/// object it stands for (`"properties": []`).
fn standard(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| !is_wordpress_keyword(k, v))
                .map(|(k, v)| match v {
                    Value::Array(items) if k == "properties" && items.is_empty() => {
                        (k.clone(), Value::Object(Map::new()))
                    }
                    _ => (k.clone(), standard(v)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(standard).collect()),
        other => other.clone(),
    }
}

fn is_wordpress_keyword(key: &str, value: &Value) -> bool {
    matches!(key, "context" | "readonly" | "arg_options" | "default")
        || (key == "required" && value.is_boolean())
}

fn validator(args: &Map<String, Value>) -> jsonschema::Validator {
    let properties: Map<String, Value> = args
        .iter()
        .map(|(name, schema)| (name.clone(), standard(schema)))
        .collect();
    jsonschema::validator_for(&serde_json::json!({ "type": "object", "properties": properties }))
        .unwrap()
}

/// The query string as typed JSON: integers where the schema says integer, comma lists where it
/// says array.
fn typed_query(query: &str, args: &Map<String, Value>) -> Value {
    let typed = php_query::parse_str(query.as_bytes())
        .into_iter()
        .map(|(name, value)| {
            let text = value.as_str().unwrap_or_default().to_owned();
            let schema = args.get(&name).cloned().unwrap_or_default();
            (name, typed_value(&text, &schema))
        })
        .collect();
    Value::Object(typed)
}

fn typed_value(text: &str, schema: &Value) -> Value {
    match schema["type"].as_str() {
        Some("integer") => text.parse::<i64>().map_or(Value::from(text), Value::from),
        Some("array") => Value::Array(
            text.split(',')
                .map(|part| typed_value(part, &schema["items"]))
                .collect(),
        ),
        _ => Value::from(text),
    }
}

fn query_parts(query: &str) -> RequestParts<'_> {
    RequestParts {
        method: "GET",
        query,
        ..RequestParts::default()
    }
}

fn query_params(query: &str) -> Params {
    Params::from_request(&query_parts(query))
}

/// The runtime's path: every argument present validated, then sanitized, by its schema.
fn dynamic(params: &Params, args: &Map<String, Value>) -> Result<Map<String, Value>, usize> {
    let mut out = Map::new();
    let mut errors = 0;
    for (name, schema) in args {
        let Some(value) = params.get(name) else {
            continue;
        };
        match validate::validate_value(value, schema, name)
            .and_then(|()| sanitize::sanitize_value(value, schema, name))
        {
            Ok(clean) => {
                out.insert(name.clone(), clean);
            }
            Err(_) => errors += 1,
        }
    }
    if errors == 0 {
        Ok(out)
    } else {
        Err(errors)
    }
}

fn list_query(c: &mut Criterion) {
    let args = endpoint_args(0, "list");
    let compiled = validator(&args);
    for (name, query, valid) in [
        ("list_query", LIST_QUERY, true),
        ("invalid_query", BAD_QUERY, false),
    ] {
        // The three ways must agree on the verdict, or the comparison means nothing.
        let typed = typed_query(query, &args);
        assert_eq!(
            media::AttachmentListArgs::from_params(&query_params(query)).is_ok(),
            valid
        );
        // The typed path takes the valid query, and leaves the invalid one to the full path.
        assert_eq!(
            media::AttachmentListArgs::from_plain_request(&query_parts(query)).is_some(),
            valid
        );
        assert_eq!(dynamic(&query_params(query), &args).is_ok(), valid);
        assert_eq!(compiled.is_valid(&typed), valid);
        if valid {
            assert!(serde_json::from_value::<ListQuery>(typed).is_ok());
        }
        let mut group = c.benchmark_group(format!("arguments/{name}"));
        group.bench_function("generated", |b| {
            b.iter(|| media::AttachmentListArgs::from_request(&query_parts(black_box(query))))
        });
        group.bench_function("generated_full", |b| {
            b.iter(|| media::AttachmentListArgs::from_params(&query_params(black_box(query))))
        });
        group.bench_function("dynamic", |b| {
            b.iter(|| dynamic(&query_params(black_box(query)), &args))
        });
        group.bench_function("jsonschema", |b| {
            b.iter(|| {
                let typed = typed_query(black_box(query), &args);
                let errors = compiled.iter_errors(&typed).count();
                (errors == 0).then(|| serde_json::from_value::<ListQuery>(typed).ok())
            })
        });
        // What an API answering with its errors would do: each error's message and where it is.
        group.bench_function("jsonschema_messages", |b| {
            b.iter(|| {
                let typed = typed_query(black_box(query), &args);
                let errors: Vec<(String, String)> = compiled
                    .iter_errors(&typed)
                    .map(|e| (e.instance_path().to_string(), e.to_string()))
                    .collect();
                if errors.is_empty() {
                    Ok(serde_json::from_value::<ListQuery>(typed).ok())
                } else {
                    Err(errors)
                }
            })
        });
        group.finish();
    }
}

fn create_body(c: &mut Criterion) {
    let args = endpoint_args(1, "create");
    let compiled = validator(&args);
    let body_parts = |body| RequestParts {
        method: "POST",
        content_type: Some("application/json"),
        body,
        ..RequestParts::default()
    };
    let body_params = |body| Params::from_request(&body_parts(body));
    let body: Value = serde_json::from_str(CREATE_BODY).unwrap();
    let full = media::AttachmentCreateArgs::from_params(&body_params(CREATE_BODY.as_bytes()));
    // The typed path takes this body, with the full path's answer.
    assert_eq!(
        media::AttachmentCreateArgs::from_plain_request(&body_parts(CREATE_BODY.as_bytes())),
        Some(full.unwrap())
    );
    assert!(dynamic(&body_params(CREATE_BODY.as_bytes()), &args).is_ok());
    assert!(compiled.is_valid(&body));
    assert!(serde_json::from_value::<CreateBody>(body).is_ok());
    let mut group = c.benchmark_group("arguments/create_body");
    group.bench_function("generated", |b| {
        b.iter(|| {
            media::AttachmentCreateArgs::from_request(&body_parts(black_box(
                CREATE_BODY.as_bytes(),
            )))
        })
    });
    group.bench_function("generated_full", |b| {
        b.iter(|| {
            media::AttachmentCreateArgs::from_params(&body_params(black_box(
                CREATE_BODY.as_bytes(),
            )))
        })
    });
    group.bench_function("dynamic", |b| {
        b.iter(|| dynamic(&body_params(black_box(CREATE_BODY.as_bytes())), &args))
    });
    group.bench_function("jsonschema", |b| {
        b.iter(|| {
            let body: Value = serde_json::from_slice(black_box(CREATE_BODY.as_bytes())).unwrap();
            let errors = compiled.iter_errors(&body).count();
            (errors == 0).then(|| serde_json::from_value::<CreateBody>(body).ok())
        })
    });
    group.finish();
}

criterion_group!(benches, list_query, create_body);
criterion_main!(benches);
