//! The types and argument parsers generated from WordPress 6.9.7's route documents.

/// `/wp/v2/media` and `/wp/v2/media/{id}`.
pub mod media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
        "../../schemas/wp-6.9/wp-v2-media-id.json",
    }
}

/// `/wp/v2/users/{id}`, which author links and `_embed` point to.
pub mod users {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/wp-v2-users-id.json",
    }
}
