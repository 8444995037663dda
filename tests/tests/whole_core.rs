//! Every core route of WordPress 6.9.7 and 6.1.9 (`schemas/wp-6.9/` and `schemas/wp-6.1/`, pulled
//! with `wp-schema pull --all`) expands and compiles; the core's types read recorded responses.

mod wp69 {
    wp_schema_macros::routes!("../../schemas/wp-6.9");
}

mod wp61 {
    wp_schema_macros::routes!("../../schemas/wp-6.1");
}

fn fixture(name: &str) -> serde_json::Value {
    wp_schema_tests::recorded::response("wp-6.9", name)
}

#[test]
fn core_types_read_recorded_responses() {
    let post: wp69::PostView = serde_json::from_value(fixture("posts-1-view")).unwrap();
    assert_eq!(post.id, 1);
    let user: wp69::UserEmbed = serde_json::from_value(fixture("users-1-embed")).unwrap();
    assert_eq!(user.slug, "admin");
    let media: wp69::AttachmentEdit = serde_json::from_value(fixture("media-photo-edit")).unwrap();
    assert_eq!(media.media_type, wp69::AttachmentMediaType::Image);
}

#[test]
fn same_titled_schemas_get_distinct_predictable_names() {
    // Revisions and autosaves both call their schema `post-revision`.
    assert_eq!(wp69::PostRevision::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp69::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp61::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
}
