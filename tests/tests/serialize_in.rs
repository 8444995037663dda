//! `serialize_in(ctx)` on small schemas: each case is an item, a context and the JSON WordPress's
//! `rest_filter_response_by_context` leaves of it (rules of spec §c, WordPress 6.9.7).

use serde_json::{json, Value};
use wp_schema_runtime::{Absent, Context};
use wp_schema_tests::fixtures::{
    arrays_of_objects as gallery, nested_objects as note, type_list_unions as template,
    type_lists_and_enums as event,
};

fn written<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("serializing to a Value cannot fail")
}

fn sample_note() -> note::Note {
    note::Note {
        id: 7,
        content: note::NoteContent {
            raw: "r".into(),
            rendered: "<p>r</p>".into(),
            meta: note::NoteContentMeta {
                words: 3,
                lang: "en".into(),
                absent: Absent::NONE,
                extra: Default::default(),
            },
            absent: Absent::NONE,
            extra: Default::default(),
        },
        absent: Absent::NONE,
        extra: Default::default(),
    }
}

#[test]
fn nested_objects_are_filtered_at_every_level() {
    let item = sample_note();
    assert_contexts(
        |ctx| written(&item.serialize_in(ctx)),
        json!({"id": 7, "content": {"rendered": "<p>r</p>"}}),
        json!({"id": 7, "content": {"raw": "r", "rendered": "<p>r</p>", "meta": {"words": 3, "lang": "en"}}}),
        json!({"id": 7}),
    );
}

/// What `write` (an item's `serialize_in`, as JSON) gives in the view, edit and embed contexts.
#[track_caller]
fn assert_contexts(write: impl Fn(Context) -> Value, view: Value, edit: Value, embed: Value) {
    let cases = [
        (Context::View, view),
        (Context::Edit, edit),
        (Context::Embed, embed),
    ];
    for (ctx, expected) in cases {
        assert_eq!(write(ctx), expected, "{ctx}");
    }
}

#[test]
fn fields_come_in_schema_order() {
    let text = serde_json::to_string(&sample_note().serialize_in(Context::Edit)).unwrap();
    assert_eq!(
        text,
        r#"{"id":7,"content":{"raw":"r","rendered":"<p>r</p>","meta":{"words":3,"lang":"en"}}}"#
    );
}

fn sample_gallery() -> gallery::Gallery {
    gallery::Gallery {
        images: vec![gallery::GalleryImagesItem {
            src: "https://example.org/a.jpg".into(),
            alt: "A".into(),
            absent: Absent::NONE,
            extra: Default::default(),
        }],
        tags: vec!["t".into()],
        untouched: vec![gallery::GalleryUntouchedItem {
            secret: "s".into(),
            absent: Absent::NONE,
            extra: Default::default(),
        }],
        absent: Absent::NONE,
        extra: Default::default(),
    }
}

#[test]
fn arrays_follow_their_item_schema() {
    let item = sample_gallery();
    assert_contexts(
        |ctx| written(&item.serialize_in(ctx)),
        // `untouched` has items without `context`: kept whole, even their edit-only property.
        json!({"images": [{"src": "https://example.org/a.jpg"}], "tags": ["t"], "untouched": [{"secret": "s"}]}),
        json!({"images": [{"src": "https://example.org/a.jpg", "alt": "A"}], "untouched": [{"secret": "s"}]}),
        // The item schema of `images` lacks embed: WordPress empties the whole array.
        json!({"images": []}),
    );
}

/// The per-context type `V` made from `item` writes what `in_context` (the item's `serialize_in` of
/// that context) writes.
#[track_caller]
fn assert_context_type_writes<T: Clone, V: From<T> + serde::Serialize>(
    item: &T,
    in_context: impl serde::Serialize,
) {
    assert_eq!(written(&V::from(item.clone())), written(&in_context));
}

#[test]
fn per_context_types_write_what_serialize_in_writes() {
    let item = sample_gallery();
    assert_context_type_writes::<_, gallery::GalleryView>(&item, item.serialize_in(Context::View));
    assert_context_type_writes::<_, gallery::GalleryEdit>(&item, item.serialize_in(Context::Edit));
    assert_context_type_writes::<_, gallery::GalleryEmbed>(
        &item,
        item.serialize_in(Context::Embed),
    );
    let item = sample_note();
    assert_context_type_writes::<_, note::NoteView>(&item, item.serialize_in(Context::View));
    assert_context_type_writes::<_, note::NoteEmbed>(&item, item.serialize_in(Context::Embed));
}

#[test]
fn type_lists_enums_and_fallbacks() {
    let item = event::Event {
        starts: None,
        capacity: Some(40),
        price: event::EventPrice::String("12.50".into()),
        state: event::EventState::SoldOut,
        visibility: Some(event::EventVisibility::Unknown("friends".into())),
        flag: json!(true),
        free: false,
        extra: json!({"k": [1, 2]}),
        untyped: json!([1, "two"]),
        no_context: "always".into(),
        // The schema has a property `extra`: the struct's own extra properties take `extra_`.
        absent: Absent::NONE,
        extra_: Default::default(),
    };
    assert_eq!(
        written(&item.serialize_in(Context::Edit)),
        json!({"starts": null, "capacity": 40, "state": "sold-out", "visibility": "friends",
               "flag": true, "free": false, "extra": {"k": [1, 2]}, "no_context": "always"})
    );
    assert_eq!(
        written(&item.serialize_in(Context::Embed)),
        json!({"state": "sold-out", "no_context": "always"})
    );
}

#[test]
fn enums_keep_unknown_values_both_ways() {
    let state: event::EventState = serde_json::from_value(json!("1536x1536")).unwrap();
    assert_eq!(state, event::EventState::V1536x1536);
    let other: event::EventState = serde_json::from_value(json!("archived")).unwrap();
    assert_eq!(other, event::EventState::Unknown("archived".into()));
    assert_eq!(written(&other), json!("archived"));
}

#[test]
fn objects_may_arrive_as_php_empty_arrays_and_go_back_so() {
    let sent = json!({"id": 1, "content": []});
    let item: note::Note = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(item.content.raw, "");
    assert!(item.content.is_absent("raw") && item.content.is_absent("meta"));
    assert_eq!(written(&item), sent);
    let view: note::NoteView = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(written(&view), sent);
    // `{}` (a PHP stdClass) stays `{}`.
    let sent = json!({"id": 1, "content": {}});
    let item: note::Note = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(written(&item), sent);
    assert_eq!(written(&item.serialize_in(Context::Edit)), sent);
    let view: note::NoteView =
        serde_json::from_value(json!({"id": 1, "content": {"rendered": "x"}})).unwrap();
    assert_eq!(view.content.rendered, "x");
}

#[test]
fn properties_left_out_stay_out_at_every_depth() {
    let sent = json!({"content": {"rendered": "<p>r</p>", "meta": {"lang": "en"}}});
    let item: note::Note = serde_json::from_value(sent.clone()).unwrap();
    assert!(item.is_absent("id") && !item.is_absent("content"));
    assert!(item.content.is_absent("raw") && item.content.meta.is_absent("words"));
    assert_eq!(written(&item), sent);
    assert_eq!(written(&item.serialize_in(Context::Edit)), sent);
    assert_eq!(
        written(&item.serialize_in(Context::View)),
        json!({"content": {"rendered": "<p>r</p>"}})
    );
    let view: note::NoteView = serde_json::from_value(json!({"content": {}})).unwrap();
    assert_eq!(written(&view), json!({"content": {}}));
    // An object the filter empties is PHP's empty array, whatever it held before.
    let edit_only = json!({"id": 2, "content": {"raw": "r"}});
    let item: note::Note = serde_json::from_value(edit_only).unwrap();
    assert_eq!(
        written(&item.serialize_in(Context::View)),
        json!({"id": 2, "content": []})
    );
    assert_eq!(
        written(&note::NoteView::from(item)),
        json!({"id": 2, "content": []})
    );
}

#[test]
fn json_values_with_contexts_inside_are_filtered_dynamically() {
    use wp_schema_tests::fixtures::any_of as setting;
    let item = setting::Setting {
        value: json!({"label": "secret", "other": 1}),
        // oneOf a string or an integer, with no contexts inside: a union.
        choice: setting::SettingChoice::Integer(3),
        // oneOf two strings: a string.
        token: String::new(),
        absent: Absent::NONE,
        extra: Default::default(),
    };
    assert_eq!(
        written(&item.serialize_in(Context::View)),
        json!({"value": {"other": 1}, "token": ""})
    );
    assert_eq!(
        written(&item.serialize_in(Context::Edit)),
        json!({"value": {"label": "secret", "other": 1}, "choice": 3})
    );
    let only_label = setting::Setting {
        value: json!({"label": "x"}),
        choice: setting::SettingChoice::default(),
        token: "a".into(),
        absent: Absent::NONE,
        extra: Default::default(),
    };
    // Emptied by the filter, the PHP array is written as `[]`.
    assert_eq!(
        written(&only_label.serialize_in(Context::View)),
        json!({"value": [], "token": "a"})
    );
    assert_eq!(
        written(&setting::SettingView::from(item)),
        json!({"value": {"other": 1}, "token": ""})
    );
    // The integer branch of anyOf has no contexts: kept as it is.
    let number = setting::Setting {
        value: json!(7),
        choice: setting::SettingChoice::default(),
        token: "a".into(),
        absent: Absent::NONE,
        extra: Default::default(),
    };
    assert_eq!(
        written(&number.serialize_in(Context::View)),
        json!({"value": 7, "token": "a"})
    );
}

fn sample_template(title: template::TemplateTitle) -> template::Template {
    template::Template {
        id: template::TemplateId::String("twentytwentyfive//index".into()),
        title,
        html5: template::TemplateHtml5::Array(vec![template::TemplateHtml5ArrayItem::Gallery]),
        weight: Some(template::TemplateWeight::Integer(400)),
        absent: Absent::NONE,
        extra: Default::default(),
    }
}

#[test]
fn type_lists_are_unions_whose_object_variant_is_filtered_by_context() {
    let object = template::TemplateTitle::Object(template::TemplateTitleObject {
        raw: "Index".into(),
        rendered: "Index".into(),
        absent: Absent::NONE,
        extra: Default::default(),
    });
    let item = sample_template(object);
    assert_eq!(
        written(&item.serialize_in(Context::View)),
        json!({"id": "twentytwentyfive//index", "title": {"rendered": "Index"}, "html5": ["gallery"]})
    );
    assert_eq!(
        written(&item.serialize_in(Context::Edit)),
        json!({"id": "twentytwentyfive//index", "title": {"raw": "Index", "rendered": "Index"},
               "html5": ["gallery"], "weight": 400})
    );
    let plain = sample_template(template::TemplateTitle::String("Index".into()));
    assert_eq!(
        written(&plain.serialize_in(Context::Embed)),
        json!({"id": "twentytwentyfive//index", "title": "Index"})
    );
    // The same as WordPress's rest_filter_response_by_context (the runtime's, checked against PHP).
    for value in [&item, &plain] {
        for ctx in Context::ALL {
            let dynamic = wp_schema_runtime::filter::filter_by_context(
                &written(value),
                template::Template::item_schema(),
                ctx.as_str(),
            );
            assert_eq!(written(&value.serialize_in(ctx)), dynamic, "{ctx:?}");
        }
    }
}

#[test]
fn unions_read_each_json_type_and_default_to_the_schemas_default() {
    let read: template::Template = serde_json::from_value(json!({
        "id": 7, "title": "Plain", "html5": false, "weight": "bold"
    }))
    .unwrap();
    assert_eq!(read.id, template::TemplateId::Integer(7));
    assert_eq!(read.title, template::TemplateTitle::String("Plain".into()));
    assert_eq!(read.html5, template::TemplateHtml5::Boolean(false));
    assert_eq!(
        read.weight,
        Some(template::TemplateWeight::String("bold".into()))
    );
    let empty: template::Template = serde_json::from_value(json!({})).unwrap();
    // `title` defaults to "" and `html5` to false in the schema; `id` lists integer first.
    assert_eq!(empty.title, template::TemplateTitle::String(String::new()));
    assert_eq!(empty.html5, template::TemplateHtml5::Boolean(false));
    assert_eq!(empty.id, template::TemplateId::Integer(0));
    assert!(serde_json::from_value::<template::Template>(json!({"id": true})).is_err());
}

#[test]
fn context_types_of_a_union_take_the_objects_context_type() {
    let wordpress_view = json!({"id": "a//b", "title": {"rendered": "B"}, "html5": true});
    let view: template::TemplateView = serde_json::from_value(wordpress_view.clone()).unwrap();
    assert_eq!(written(&view), wordpress_view);
    let object = template::TemplateTitle::Object(template::TemplateTitleObject {
        raw: "B raw".into(),
        rendered: "B".into(),
        absent: Absent::NONE,
        extra: Default::default(),
    });
    let mut full = sample_template(object);
    full.id = template::TemplateId::String("a//b".into());
    full.html5 = template::TemplateHtml5::Boolean(true);
    assert_eq!(template::TemplateView::from(full.clone()), view);
    assert_context_type_writes::<_, template::TemplateView>(
        &full,
        full.serialize_in(Context::View),
    );
}

#[test]
fn properties_the_schema_does_not_list_are_kept_in_every_context() {
    let sent = json!({
        "id": 1,
        "content": {"rendered": "x", "plugin_note": [1]},
        "reading_minutes": 4,
    });
    let item: note::Note = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(item.extra["reading_minutes"], json!(4));
    assert_eq!(item.content.extra["plugin_note"], json!([1]));
    assert_eq!(written(&item), sent);
    // WordPress's context filter keeps what the schema does not name, at every depth.
    assert_eq!(
        written(&item.serialize_in(Context::View)),
        json!({"id": 1, "content": {"rendered": "x", "plugin_note": [1]}, "reading_minutes": 4})
    );
    assert_eq!(
        written(&item.serialize_in(Context::Embed)),
        json!({"id": 1, "reading_minutes": 4})
    );
    let view: note::NoteView = serde_json::from_value(sent.clone()).unwrap();
    assert_eq!(written(&view), sent);
    assert_eq!(written(&note::NoteView::from(item)), sent);
}
