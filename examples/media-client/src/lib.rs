//! A minimal user of wp-schema: the media routes of WordPress 6.9 generated from their route
//! documents, a list response read into the view-context type, a list query checked as
//! WordPress checks it, and a command-line client for any WordPress site ([`cli`]).

pub mod cli;

/// Types, serializers, argument parsers and a typed client for `/wp/v2/media`, generated at
/// compile time. Editing a document rebuilds this crate.
pub mod media {
    wp_schema_macros::routes! {
        client;
        "../../../schemas/wp-6.9/overlay.json",
        "../../../schemas/wp-6.9/routes.json",
        "../../../schemas/wp-6.9/wp-v2-media.json",
        "../../../schemas/wp-6.9/wp-v2-media-id.json",
    }
}

use wp_schema_runtime::params::RequestParts;
use wp_schema_runtime::WpError;

/// One line per attachment: id, MIME type, title and the image sizes WordPress made.
pub fn summarize(list_json: &str) -> serde_json::Result<Vec<String>> {
    let items: Vec<media::AttachmentView> = serde_json::from_str(list_json)?;
    Ok(items.iter().map(summary_line).collect())
}

fn summary_line(item: &media::AttachmentView) -> String {
    let sizes = item
        .media_details
        .get("sizes")
        .and_then(|sizes| sizes.as_object())
        .map(|sizes| sizes.keys().cloned().collect::<Vec<_>>().join(","))
        .unwrap_or_default();
    format!(
        "{} {} {:?} [{}]",
        item.id, item.mime_type, item.title.rendered, sizes
    )
}

/// A `GET /wp/v2/media` query string read, coerced and checked as WordPress does; a bad query
/// gives WordPress's own `rest_invalid_param` error.
pub fn list_args(query: &str) -> Result<media::AttachmentListArgs, WpError> {
    media::AttachmentListArgs::from_request(&RequestParts {
        method: "GET",
        query,
        ..RequestParts::default()
    })
}
