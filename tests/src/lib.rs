//! The `routes!` macro expanded on real and fixture documents, compiled once and shared by the tests
//! in `tests/tests/`. That this crate builds is itself a test: every expansion type-checks.

/// WordPress 6.9.7's media routes.
pub mod wp69_media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
        "../../schemas/wp-6.9/wp-v2-media-id.json",
    }
}

/// WordPress 6.1.9's media routes (Debian's package): the same generator takes both.
pub mod wp61_media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.1/overlay.json",
        "../../schemas/wp-6.1/wp-v2-media.json",
        "../../schemas/wp-6.1/wp-v2-media-id.json",
    }
}

/// Small schemas, each exercising one construct.
pub mod fixtures {
    pub mod nested_objects {
        wp_schema_macros::routes!("../fixtures/schemas/nested-objects.json");
    }
    pub mod arrays_of_objects {
        wp_schema_macros::routes!("../fixtures/schemas/arrays-of-objects.json");
    }
    pub mod type_lists_and_enums {
        wp_schema_macros::routes!("../fixtures/schemas/type-lists-and-enums.json");
    }
    pub mod any_of {
        wp_schema_macros::routes!("../fixtures/schemas/any-of.json");
    }
    pub mod type_list_unions {
        wp_schema_macros::routes!("../fixtures/schemas/type-list-unions.json");
    }
}

/// WordPress 6.9.7's post routes: nothing in the generator is specific to attachments.
pub mod wp69_posts {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/wp-v2-posts.json",
        "../../schemas/wp-6.9/wp-v2-posts-id.json",
    }
}

/// WordPress 6.9.7's user routes.
pub mod wp69_users {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/wp-v2-users.json",
        "../../schemas/wp-6.9/wp-v2-users-id.json",
    }
}

/// Responses recorded from WordPress, as `scripts/record-*.py` left them under `fixtures/`.
pub mod recorded {
    use serde_json::Value;

    /// `fixtures/VERSION/responses/NAME.json`; NAME may go into a folder (`core/posts-1-view`).
    pub fn response(version: &str, name: &str) -> Value {
        let path = format!(
            "{}/fixtures/{version}/responses/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// WordPress's item without the links the controller adds beside the schema's properties.
    pub fn without_links(mut item: Value) -> Value {
        if let Some(map) = item.as_object_mut() {
            map.remove("_links");
        }
        item
    }

    /// A value as JSON, to compare with what WordPress wrote.
    pub fn json<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("serializes")
    }
}
