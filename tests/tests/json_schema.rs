//! The schema generated code reports (`item_schema()` and `schemars::JsonSchema`) is rebuilt from the
//! IR; it must be equivalent to the schema in the source document.

use schemars::JsonSchema;
use serde_json::Value;
use wp_schema_tests::{fixtures, wp61_media, wp69_media, wp69_posts, wp69_users};

/// The `schema` member of a route document, or the document itself when it is a schema.
fn source_schema(document: &str) -> Value {
    let doc: Value = serde_json::from_str(document).expect("document is JSON");
    doc.get("schema").cloned().unwrap_or(doc)
}

fn schemars_output<T: JsonSchema>() -> Value {
    let schema = T::json_schema(&mut schemars::SchemaGenerator::default());
    serde_json::to_value(schema).expect("a schema is JSON")
}

/// `T`'s `schemars::JsonSchema` output is the schema of `document`.
#[track_caller]
fn assert_schemars_equals_source<T: JsonSchema>(document: &str) {
    assert_eq!(schemars_output::<T>(), source_schema(document));
}

fn without_meta_schema(mut schema: Value) -> Value {
    if let Some(map) = schema.as_object_mut() {
        map.remove("$schema");
    }
    schema
}

#[test]
fn attachment_schema_equals_the_source_in_both_versions() {
    assert_schemars_equals_source::<wp69_media::Attachment>(wp69_media::WP_V2_MEDIA_DOCUMENT);
    assert_schemars_equals_source::<wp69_media::Attachment>(wp69_media::WP_V2_MEDIA_ID_DOCUMENT);
    assert_schemars_equals_source::<wp61_media::Attachment>(wp61_media::WP_V2_MEDIA_DOCUMENT);
    assert_eq!(
        wp69_media::Attachment::item_schema(),
        &source_schema(wp69_media::WP_V2_MEDIA_DOCUMENT)
    );
}

#[test]
fn post_and_user_schemas_equal_their_sources() {
    assert_schemars_equals_source::<wp69_posts::Post>(wp69_posts::WP_V2_POSTS_DOCUMENT);
    assert_schemars_equals_source::<wp69_users::User>(wp69_users::WP_V2_USERS_DOCUMENT);
    assert_schemars_equals_source::<wp69_users::User>(wp69_users::WP_V2_USERS_ID_DOCUMENT);
}

#[test]
fn fixture_schemas_equal_their_sources() {
    use fixtures::*;
    assert_schemars_equals_source::<nested_objects::Note>(nested_objects::NESTED_OBJECTS_DOCUMENT);
    assert_schemars_equals_source::<arrays_of_objects::Gallery>(
        arrays_of_objects::ARRAYS_OF_OBJECTS_DOCUMENT,
    );
    assert_schemars_equals_source::<type_lists_and_enums::Event>(
        type_lists_and_enums::TYPE_LISTS_AND_ENUMS_DOCUMENT,
    );
    assert_schemars_equals_source::<any_of::Setting>(any_of::ANY_OF_DOCUMENT);
}

#[test]
fn schema_for_names_the_item_and_keeps_its_properties() {
    let root = serde_json::to_value(schemars::schema_for!(wp69_media::Attachment)).unwrap();
    let source = source_schema(wp69_media::WP_V2_MEDIA_DOCUMENT);
    assert_eq!(root["title"], "attachment");
    assert_eq!(without_meta_schema(root), without_meta_schema(source));
}
