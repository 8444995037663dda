//! The overlay's word on argument callbacks, which OPTIONS does not show: an endpoint is named by
//! its item's title, or, on a route without an item schema (WordPress's `/media/{id}/edit`), by
//! the name of the route's document.

use serde_json::json;
use wp_schema_codegen::error::Errors;
use wp_schema_codegen::ir::{Api, Callbacks, SanitizeCallback, ValidateCallback};
use wp_schema_codegen::source::Document;
use wp_schema_codegen::DocumentSource;

/// A route without a schema, as `/wp/v2/media/{id}/edit` is described, and `overlay`.
fn parsed(overlay: serde_json::Value) -> (Api, Vec<String>) {
    let route = json!({
        "namespace": "x/v1",
        "methods": ["POST"],
        "endpoints": [{
            "methods": ["POST"],
            "args": {
                "src": {"type": "string", "required": true},
                "title": {"type": "object", "required": false},
                "alt_text": {"type": "string", "required": false},
            },
        }],
    });
    let documents = [
        ("x-v1-thing-id-edit.json", route),
        ("overlay.json", overlay),
    ]
    .map(|(name, json)| Document {
        source: DocumentSource::new(name, name),
        json,
    });
    let mut errors = Errors::default();
    let api = wp_schema_codegen::parse::parse(&documents, &mut errors);
    let messages = errors.into_vec().iter().map(|e| e.to_string()).collect();
    (api, messages)
}

fn callbacks(api: &Api, arg: &str) -> Callbacks {
    api.routes[0].endpoints[0]
        .args
        .iter()
        .find(|a| a.name == arg)
        .expect("the argument is parsed")
        .callbacks
}

#[test]
fn a_route_without_an_item_is_named_by_its_document() {
    let (api, errors) = parsed(
        json!({"overlay": {"args": {"x-v1-thing-id-edit": {"update": {
            "default": "hand-written",
            "callbacks": {
                "title": {"validate": null, "sanitize": null},
                "alt_text": {"validate": "rest_validate_request_arg", "sanitize": "sanitize_text_field"},
            },
        }}}}}),
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        callbacks(&api, "title"),
        Callbacks {
            validate: None,
            sanitize: None
        }
    );
    assert_eq!(
        callbacks(&api, "alt_text"),
        Callbacks {
            validate: Some(ValidateCallback::Schema),
            sanitize: Some(SanitizeCallback::SanitizeTextField),
        }
    );
    // The endpoint's default for what the overlay does not name.
    assert_eq!(callbacks(&api, "src"), Callbacks::HAND_WRITTEN);
}

#[test]
fn without_the_overlay_an_update_takes_the_schemas_callbacks() {
    let (api, errors) = parsed(json!({"overlay": {}}));
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(callbacks(&api, "title"), Callbacks::FROM_SCHEMA);
}

#[test]
fn an_argument_the_named_route_lacks_is_an_error() {
    let (_, errors) = parsed(
        json!({"overlay": {"args": {"x-v1-thing-id-edit": {"update": {
            "default": "hand-written",
            "callbacks": {"caption": {"validate": null, "sanitize": null}},
        }}}}}),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("no argument `caption`"), "{errors:?}");
}
