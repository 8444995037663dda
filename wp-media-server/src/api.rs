//! The types and argument parsers generated from WordPress 6.9.7's route documents.

/// `/wp/v2/media`, `/wp/v2/media/{id}`, `/wp/v2/media/{id}/post-process` and
/// `/wp/v2/media/{id}/edit`.
pub mod media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
        "../../schemas/wp-6.9/wp-v2-media-id.json",
        "../../schemas/wp-6.9/wp-v2-media-id-post-process.json",
        "../../schemas/wp-6.9/wp-v2-media-id-edit.json",
    }
}

/// `/wp/v2/users/{id}`, which author links and `_embed` point to, and `/wp/v2/users/me`, which
/// clients ask first to check their credentials.
pub mod users {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/wp-v2-users-id.json",
        "../../schemas/wp-6.9/wp-v2-users-me.json",
    }
}

/// The route documents this server answers `OPTIONS` and the index with, read once, with the
/// site's address in place of the placeholder the documents were pulled with.
pub struct Documents {
    pub media: serde_json::Value,
    pub media_item: serde_json::Value,
    pub media_post_process: serde_json::Value,
    pub media_edit: serde_json::Value,
    pub user_item: serde_json::Value,
    pub user_me: serde_json::Value,
}

impl Documents {
    /// The documents for a site at `site_url`. They are the generator's own input, so they parse;
    /// a build whose documents did not would fail here, at start, and not on a request.
    pub fn new(site_url: &str) -> Documents {
        let read = |text: &str| {
            serde_json::from_str(&text.replace("{{site_url}}", site_url))
                .expect("the route documents the types were generated from are JSON")
        };
        Documents {
            media: read(media::WP_V2_MEDIA_DOCUMENT),
            media_item: read(media::WP_V2_MEDIA_ID_DOCUMENT),
            media_post_process: read(media::WP_V2_MEDIA_ID_POST_PROCESS_DOCUMENT),
            media_edit: read(media::WP_V2_MEDIA_ID_EDIT_DOCUMENT),
            user_item: read(users::WP_V2_USERS_ID_DOCUMENT),
            user_me: read(users::WP_V2_USERS_ME_DOCUMENT),
        }
    }
}
