//! Responses recorded from WordPress 6.9.7 (`tests/fixtures/wp-6.9/responses/`, made by
//! `scripts/record-wp-fixtures.py`) read into the generated types and written back.
//!
//! Each item must deserialize into its context's type, and, read into the full type and written
//! with `serialize_in(ctx)`, give JSON equal to WordPress's (key order and `_links` aside).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use wp_schema_runtime::{Context, ContextSerialize, InContext};
use wp_schema_tests::{wp69_media as media, wp69_posts as posts, wp69_users as users};

use wp_schema_tests::recorded::{json, response as fixture_of, without_links};

fn fixture(name: &str) -> Value {
    fixture_of("wp-6.9", name)
}

/// The round trips one recorded item must survive, for a full type `Full` and context type `View`.
fn check_item<Full, View>(name: &str, ctx: Context)
where
    Full: DeserializeOwned + ContextSerialize + Clone,
    View: DeserializeOwned + Serialize + From<Full>,
{
    check_recorded::<Full, View>(without_links(fixture(name)), name, ctx);
}

fn check_recorded<Full, View>(recorded: Value, name: &str, ctx: Context)
where
    Full: DeserializeOwned + ContextSerialize + Clone,
    View: DeserializeOwned + Serialize + From<Full>,
{
    let view: View = serde_json::from_value(recorded.clone())
        .unwrap_or_else(|e| panic!("{name} as its context type: {e}"));
    assert_eq!(
        json(&view),
        recorded,
        "{name}: the context type writes back what WordPress wrote"
    );
    let full: Full = serde_json::from_value(recorded.clone())
        .unwrap_or_else(|e| panic!("{name} as the full type: {e}"));
    assert_eq!(
        json(&InContext::new(&full, ctx)),
        recorded,
        "{name}: serialize_in({ctx})"
    );
    assert_eq!(
        json(&View::from(full)),
        recorded,
        "{name}: converted from the full type"
    );
}

#[test]
fn attachments_in_every_context() {
    for kind in ["photo", "png", "text"] {
        check_item::<media::Attachment, media::AttachmentView>(
            &format!("media-{kind}-view"),
            Context::View,
        );
        check_item::<media::Attachment, media::AttachmentEdit>(
            &format!("media-{kind}-edit"),
            Context::Edit,
        );
        check_item::<media::Attachment, media::AttachmentEmbed>(
            &format!("media-{kind}-embed"),
            Context::Embed,
        );
    }
}

/// The same generator takes WordPress 6.1.9's documents, and its types read 6.1.9's responses.
#[test]
fn attachments_of_wordpress_6_1_in_every_context() {
    use wp_schema_tests::wp61_media as media61;
    for kind in ["photo", "png", "text"] {
        let name = |ctx: &str| format!("media-{kind}-{ctx}");
        let get = |ctx: &str| without_links(fixture_of("wp-6.1", &name(ctx)));
        check_recorded::<media61::Attachment, media61::AttachmentView>(
            get("view"),
            &name("view"),
            Context::View,
        );
        check_recorded::<media61::Attachment, media61::AttachmentEdit>(
            get("edit"),
            &name("edit"),
            Context::Edit,
        );
        check_recorded::<media61::Attachment, media61::AttachmentEmbed>(
            get("embed"),
            &name("embed"),
            Context::Embed,
        );
    }
}

#[test]
fn attachments_as_created_and_updated_are_edit_context() {
    for name in [
        "media-photo-create",
        "media-png-create",
        "media-text-create",
        "media-photo-update",
    ] {
        check_item::<media::Attachment, media::AttachmentEdit>(name, Context::Edit);
    }
}

#[test]
fn attachment_lists() {
    for (name, ctx) in [
        ("media-list-view", Context::View),
        ("media-list-edit", Context::Edit),
    ] {
        let recorded: Vec<Value> = match fixture(name) {
            Value::Array(items) => items.into_iter().map(without_links).collect(),
            other => panic!("{name} is not a list: {other}"),
        };
        assert_eq!(recorded.len(), 3, "{name}");
        let items: Vec<media::Attachment> =
            serde_json::from_value(Value::Array(recorded.clone())).unwrap();
        assert_eq!(
            json(&InContext::new(&items, ctx)),
            Value::Array(recorded),
            "{name}"
        );
    }
}

#[test]
fn posts_and_users_in_every_context() {
    check_item::<posts::Post, posts::PostView>("posts-1-view", Context::View);
    check_item::<posts::Post, posts::PostEdit>("posts-1-edit", Context::Edit);
    check_item::<posts::Post, posts::PostEmbed>("posts-1-embed", Context::Embed);
    check_item::<users::User, users::UserView>("users-1-view", Context::View);
    check_item::<users::User, users::UserEdit>("users-1-edit", Context::Edit);
    check_item::<users::User, users::UserEmbed>("users-1-embed", Context::Embed);
}

#[test]
fn typed_fields_hold_wordpress_values() {
    let photo: media::AttachmentEdit = serde_json::from_value(fixture("media-photo-edit")).unwrap();
    assert_eq!(photo.media_type, media::AttachmentMediaType::Image);
    assert_eq!(
        photo.status,
        media::AttachmentStatus::Unknown("inherit".into())
    );
    assert_eq!(photo.caption.raw, "Seen from <em>below</em>");
    // WordPress writes `post: null` for an attachment without a parent; the overlay says so.
    assert_eq!(photo.post, None);
    let png: media::AttachmentView = serde_json::from_value(fixture("media-png-view")).unwrap();
    assert_eq!(png.post, Some(1));
}

/// The dynamic filter on WordPress's edit-context item gives exactly what WordPress sent for the other
/// contexts, key order included.
#[test]
fn dynamic_filter_reproduces_wordpress_in_its_key_order() {
    let schema = media::Attachment::item_schema();
    for kind in ["photo", "png", "text"] {
        let edit = without_links(fixture(&format!("media-{kind}-edit")));
        for ctx in ["view", "embed", "edit"] {
            let recorded = without_links(fixture(&format!("media-{kind}-{ctx}")));
            let filtered = wp_schema_runtime::filter::filter_by_context(&edit, schema, ctx);
            assert_eq!(
                filtered.to_string(),
                recorded.to_string(),
                "media-{kind} filtered to {ctx}"
            );
        }
    }
    let edit = without_links(fixture("posts-1-edit"));
    for ctx in ["view", "embed"] {
        let recorded = without_links(fixture(&format!("posts-1-{ctx}")));
        let filtered =
            wp_schema_runtime::filter::filter_by_context(&edit, posts::Post::item_schema(), ctx);
        assert_eq!(
            filtered.to_string(),
            recorded.to_string(),
            "posts-1 filtered to {ctx}"
        );
    }
}

/// `serialize_in_fields` writes what WordPress's `_fields` filter leaves of the context-filtered item
/// (the dynamic path, itself checked against WordPress's PHP).
#[test]
fn fields_selection_matches_the_dynamic_filters() {
    use wp_schema_runtime::fields::FieldTree;
    let lists = [
        "id",
        "id,title",
        "title.rendered",
        "title,title.raw,id",
        "media_details.sizes.thumbnail.file",
        "media_details.width,caption.raw",
        "guid",
        "missing_image_sizes,post",
        "nope",
        "class_list.0",
        "meta",
        "description.raw,description.rendered,alt_text",
    ];
    for kind in ["photo", "png", "text"] {
        let recorded = without_links(fixture(&format!("media-{kind}-edit")));
        let item: media::Attachment = serde_json::from_value(recorded.clone()).unwrap();
        for ctx in [Context::View, Context::Edit, Context::Embed] {
            let in_context = wp_schema_runtime::filter::filter_by_context(
                &recorded,
                media::Attachment::item_schema(),
                ctx.as_str(),
            );
            for list in lists {
                let tree = FieldTree::parse(&Value::String(list.into())).unwrap();
                let expected = tree.filter_response(&in_context);
                let written = json(&item.serialize_in_fields(ctx, &tree));
                // Generated code writes schema order, WordPress its controller's: equal as JSON.
                assert_eq!(
                    written, expected,
                    "media-{kind} in {ctx} with _fields={list}"
                );
            }
        }
    }
}
