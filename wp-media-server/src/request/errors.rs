//! The errors any layer raises the same way: a failure of the server itself (WordPress's generic
//! 500) and a route nothing serves.

use wp_schema_runtime::WpError;

/// A failure of the server itself (the database, the disk), logged with its cause and answered as
/// a 500 that tells the client nothing more.
pub fn internal(e: impl std::fmt::Display) -> WpError {
    tracing::error!("{e}");
    WpError::new(
        "internal_server_error",
        "The server could not complete the request.",
    )
    .with_data(serde_json::json!({ "status": 500 }))
}

pub fn no_route() -> WpError {
    WpError::new(
        "rest_no_route",
        "No route was found matching the URL and request method.",
    )
    .with_data(serde_json::json!({ "status": 404 }))
}

/// The context a parsed `context` argument names. The argument's `enum` lets only WordPress's
/// three names through, so another is the server's own failure, answered as one.
pub fn context_of(name: &str) -> Result<wp_schema_runtime::Context, WpError> {
    name.parse().map_err(internal)
}
