//! Responses of WordPress 6.9.7's core routes (`tests/fixtures/wp-6.9/responses/core/`, recorded by
//! `scripts/record-core-responses.py` on a fresh install) read into the whole core's generated types.
//!
//! Every recorded item (single, in a list, or a value of an object keyed by name) is checked three ways:
//! - `reads`: it deserializes into its context's type (`PostView`, `CommentEdit`, …) and that type writes
//!   back exactly what WordPress sent;
//! - `serialize_in`: the same item as WordPress sent it in the edit context (search: view; settings: its
//!   only form), read into the full type and written with `serialize_in(ctx)`, equals WordPress's item of
//!   that context;
//! - `from_full`: the context type converted from that full value writes the same JSON.
//!
//! JSON is compared as `serde_json::Value`, without `_links` (the controller adds them beside the schema).
//! Schemas of 6.9.7 that lie are corrected by `schemas/wp-6.9/overlay.json`; without it, these fail:
//! - comment meta `_wp_note_status` is `null` when unset: its registered default `""` fails its enum,
//!   and `WP_REST_Meta_Fields::prepare_value` writes an invalid value as `null` (`nullable`);
//! - the setting `site_logo` is `null` on a site without a logo: `WP_REST_Settings_Controller` writes a
//!   value its schema rejects as `null` (`nullable`);
//! - a theme's templates and template parts have `origin` `null` and `modified` `false` where the
//!   schema says strings (`nullable`, `types`).
//!
//! Properties WordPress leaves out (search results of terms have no `subtype`, templates no
//! `plugin`) need no overlay: every generated type keeps which properties were absent.

mod wp69 {
    wp_schema_macros::routes!("../../schemas/wp-6.9");
}

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use wp_schema_runtime::{Context, ContextSerialize, InContext};

/// The version `manifest.json` says the responses come from.
const RECORDED_ON: &str = "6.9.7";

use wp_schema_tests::recorded::{json, without_links};

fn fixture(name: &str) -> Value {
    wp_schema_tests::recorded::response("wp-6.9", &format!("core/{name}"))
}

/// One schema's types: the full type and the type of each context its route allows.
trait Family {
    type Full: DeserializeOwned + ContextSerialize;
    /// `item` read into `ctx`'s type and written back; `None` when the family has no type for `ctx`.
    fn read_in(ctx: Context, item: &Value) -> Option<Result<Value, String>>;
    /// `full` converted into `ctx`'s type and written.
    fn convert(ctx: Context, full: Self::Full) -> Option<Value>;
}

fn read_as<T: DeserializeOwned + Serialize>(item: &Value) -> Result<Value, String> {
    let value: T = serde_json::from_value(item.clone()).map_err(|e| e.to_string())?;
    Ok(json(&value))
}

/// `Family` for a marker type, naming the context types of each context.
macro_rules! family {
    ($marker:ident: $full:ty { $($ctx:ident => $ty:ty),* $(,)? }) => {
        struct $marker;
        impl Family for $marker {
            type Full = $full;
            fn read_in(ctx: Context, item: &Value) -> Option<Result<Value, String>> {
                match ctx {
                    $(Context::$ctx => Some(read_as::<$ty>(item)),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
            fn convert(ctx: Context, full: $full) -> Option<Value> {
                match ctx {
                    $(Context::$ctx => Some(json(&<$ty>::from(full))),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}

family!(Posts: wp69::Post { View => wp69::PostView, Edit => wp69::PostEdit, Embed => wp69::PostEmbed });
family!(Pages: wp69::Page { View => wp69::PageView, Edit => wp69::PageEdit, Embed => wp69::PageEmbed });
family!(Users: wp69::User { View => wp69::UserView, Edit => wp69::UserEdit, Embed => wp69::UserEmbed });
family!(Comments: wp69::Comment {
    View => wp69::CommentView, Edit => wp69::CommentEdit, Embed => wp69::CommentEmbed,
});
family!(Categories: wp69::Category {
    View => wp69::CategoryView, Edit => wp69::CategoryEdit, Embed => wp69::CategoryEmbed,
});
family!(Tags: wp69::Tag { View => wp69::TagView, Edit => wp69::TagEdit, Embed => wp69::TagEmbed });
family!(Taxonomies: wp69::Taxonomy {
    View => wp69::TaxonomyView, Edit => wp69::TaxonomyEdit, Embed => wp69::TaxonomyEmbed,
});
family!(Types: wp69::Type { View => wp69::TypeView, Edit => wp69::TypeEdit, Embed => wp69::TypeEmbed });
family!(Statuses: wp69::Status {
    View => wp69::StatusView, Edit => wp69::StatusEdit, Embed => wp69::StatusEmbed,
});
// Search's `context` allows view and embed only (WordPress answers 400 to edit).
family!(Search: wp69::SearchResult { View => wp69::SearchResultView, Embed => wp69::SearchResultEmbed });
// No property of `settings` names a context, so the macro makes no per-context type: `Settings` is the
// type of every context (WordPress 6.9.7 ignores `?context=` on this route and filters nothing).
family!(Settings: wp69::Settings {
    View => wp69::Settings, Edit => wp69::Settings, Embed => wp69::Settings,
});

// Schemas with type lists (`["object", "string"]` and the like), typed as unions.
family!(Templates: wp69::WpTemplate {
    View => wp69::WpTemplateView, Edit => wp69::WpTemplateEdit, Embed => wp69::WpTemplateEmbed,
});
family!(TemplateParts: wp69::WpTemplatePart {
    View => wp69::WpTemplatePartView, Edit => wp69::WpTemplatePartEdit,
    Embed => wp69::WpTemplatePartEmbed,
});
family!(MenuItems: wp69::NavMenuItem {
    View => wp69::NavMenuItemView, Edit => wp69::NavMenuItemEdit, Embed => wp69::NavMenuItemEmbed,
});
family!(FontFaces: wp69::WpFontFace {
    View => wp69::WpFontFaceView, Edit => wp69::WpFontFaceEdit, Embed => wp69::WpFontFaceEmbed,
});
// Themes and global styles take no `context` argument; a theme's properties name no context.
family!(Themes: wp69::Theme { View => wp69::Theme });
family!(GlobalStyles: wp69::WpGlobalStyles { View => wp69::WpGlobalStylesView });

/// How a recorded file holds its items.
#[derive(Clone, Copy)]
enum Shape {
    /// The file is one item.
    Item,
    /// A list; items are matched across contexts by `id`.
    List,
    /// An object keyed by name (`/types`, `/taxonomies`, `/statuses`).
    Keyed,
}

/// A recorded file in one context, and the file its full value is read from (`None`: itself).
struct Recorded {
    name: String,
    ctx: Context,
    shape: Shape,
    source: Option<String>,
    /// Keys the file must hold, so that a check over its items cannot pass on an empty answer.
    must_hold: &'static [&'static str],
}

fn items(name: &str, shape: Shape) -> Vec<(String, Value)> {
    match (shape, fixture(name)) {
        (Shape::Item, item) => vec![(String::new(), without_links(item))],
        (Shape::List, Value::Array(list)) => list
            .into_iter()
            .map(|item| (key_of(&item), without_links(item)))
            .collect(),
        (Shape::Keyed, Value::Object(map)) => map
            .into_iter()
            .map(|(key, item)| (key, without_links(item)))
            .collect(),
        (_, other) => panic!("{name} is not of the expected shape: {other}"),
    }
}

fn key_of(item: &Value) -> String {
    match &item["id"] {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Every recorded item of the files, by case name (`file` or `file[key]`), with its outcome.
fn outcomes<F: Family>(files: &[Recorded]) -> BTreeMap<String, Result<(), String>> {
    let mut out = BTreeMap::new();
    for file in files {
        let found = items(&file.name, file.shape);
        let keys: Vec<&str> = found.iter().map(|(key, _)| key.as_str()).collect();
        for wanted in file.must_hold {
            assert!(
                keys.contains(wanted),
                "{} holds no {wanted}: {keys:?}",
                file.name
            );
        }
        let source_name = file.source.as_deref().unwrap_or(&file.name);
        let sources: Map<String, Value> = items(source_name, file.shape).into_iter().collect();
        for (key, item) in found {
            let case = if key.is_empty() {
                file.name.clone()
            } else {
                format!("{}[{key}]", file.name)
            };
            let outcome = check_item::<F>(file.ctx, &item, source_name, sources.get(&key));
            out.insert(case, outcome);
        }
    }
    out
}

/// The three checks of one recorded item in `ctx`; `source` is the same item from `source_name`.
fn check_item<F: Family>(
    ctx: Context,
    item: &Value,
    source_name: &str,
    source: Option<&Value>,
) -> Result<(), String> {
    let mut errors = Vec::new();
    let read = F::read_in(ctx, item).unwrap_or_else(|| panic!("no type for {ctx}"));
    if let Err(error) = read.and_then(|written| same(&written, item)) {
        errors.push(format!("reads: {error}"));
    }
    let Some(source) = source else {
        errors.push(format!("{source_name} has no such item"));
        return Err(errors.join("; "));
    };
    match serde_json::from_value::<F::Full>(source.clone()) {
        Err(error) => errors.push(format!("{source_name} as the full type: {error}")),
        Ok(full) => {
            if let Err(error) = same(&json(&InContext::new(&full, ctx)), item) {
                errors.push(format!("serialize_in: {error}"));
            }
            let converted = F::convert(ctx, full).expect("a type per context, read above");
            if let Err(error) = same(&converted, item) {
                errors.push(format!("from_full: {error}"));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; "))
    }
}

/// `Ok` when the written JSON is WordPress's; otherwise the first differences, pointer by pointer.
fn same(written: &Value, recorded: &Value) -> Result<(), String> {
    let mut differences = Vec::new();
    differ("", written, recorded, &mut differences);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(differences.join("; "))
    }
}

fn differ(at: &str, written: &Value, recorded: &Value, out: &mut Vec<String>) {
    match (written, recorded) {
        (Value::Object(w), Value::Object(r)) => {
            for (key, value) in r {
                match w.get(key) {
                    Some(mine) => differ(&format!("{at}/{key}"), mine, value, out),
                    None => out.push(format!("{at}/{key}: missing, WordPress {value}")),
                }
            }
            for (key, value) in w {
                if !r.contains_key(key) {
                    out.push(format!("{at}/{key}: written {value}, WordPress has none"));
                }
            }
        }
        _ if written == recorded => {}
        _ => out.push(format!("{at}: written {written}, WordPress {recorded}")),
    }
}

/// Fails naming every case whose round trip differs from WordPress's answer.
fn check(outcomes: BTreeMap<String, Result<(), String>>) {
    assert!(!outcomes.is_empty(), "no case was checked");
    let wrong: Vec<String> = outcomes
        .iter()
        .filter_map(|(case, outcome)| outcome.as_ref().err().map(|e| format!("{case}: {e}")))
        .collect();
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

/// The recorded files of a route with items `ids` (each in every context, read from its edit context)
/// and a list in every context.
fn items_and_lists(route: &str, ids: &[&str], in_lists: &'static [&'static str]) -> Vec<Recorded> {
    let mut files: Vec<Recorded> = ids
        .iter()
        .flat_map(|id| in_every_context(&format!("{route}-{id}")))
        .collect();
    files.extend(list_in_every_context(route, in_lists));
    files
}

/// What WordPress answered to a create request: the new item in the edit context.
fn created(names: &[&str]) -> Vec<Recorded> {
    names
        .iter()
        .map(|name| Recorded {
            name: format!("{name}-create"),
            ctx: Context::Edit,
            shape: Shape::Item,
            source: None,
            must_hold: &[""],
        })
        .collect()
}

/// `/types`, `/taxonomies` and `/statuses` in every context (view both anonymous and as admin), and
/// one of their items.
fn keyed(route: &str, item: &str, must_hold: &'static [&'static str]) -> Vec<Recorded> {
    let mut files = Vec::new();
    for (suffix, ctx) in [
        ("view", Context::View),
        ("view-admin", Context::View),
        ("edit", Context::Edit),
        ("embed", Context::Embed),
    ] {
        files.push(Recorded {
            name: format!("{route}-all-{suffix}"),
            ctx,
            shape: Shape::Keyed,
            source: Some(format!("{route}-all-edit")),
            must_hold,
        });
    }
    files.extend(in_every_context(&format!("{route}-{item}")));
    files
}

#[test]
fn posts_of_wordpress_6_9_7_in_every_context() {
    let mut files = items_and_lists("posts", &["1", "5"], &["1", "5"]);
    files.extend(created(&["posts-soup"]));
    check(outcomes::<Posts>(&files));
}

#[test]
fn pages_of_wordpress_6_9_7_in_every_context() {
    let mut files = items_and_lists("pages", &["2", "6"], &["2", "6"]);
    files.extend(created(&["pages-child"]));
    check(outcomes::<Pages>(&files));
}

#[test]
fn users_of_wordpress_6_9_7_in_every_context() {
    let files = items_and_lists("users", &["1", "2"], &["1", "2"]);
    check(outcomes::<Users>(&files));
}

#[test]
fn comments_of_wordpress_6_9_7_in_every_context() {
    // Comment 4 is held for moderation: only its moderators read it, so its view and embed were asked
    // as admin; the anonymous lists leave it out.
    let mut files = items_and_lists("comments", &["1", "2", "3", "4"], &["1", "2", "3"]);
    files.extend(created(&[
        "comments-admin",
        "comments-reply",
        "comments-held",
    ]));
    check(outcomes::<Comments>(&files));
}

#[test]
fn categories_of_wordpress_6_9_7_in_every_context() {
    let mut files = items_and_lists("categories", &["1", "2", "3"], &["1", "2", "3"]);
    files.extend(created(&["categories-recipes", "categories-soups"]));
    check(outcomes::<Categories>(&files));
}

#[test]
fn tags_of_wordpress_6_9_7_in_every_context() {
    let mut files = items_and_lists("tags", &["4", "5"], &["4", "5"]);
    files.extend(created(&["tags-quick", "tags-vegan"]));
    check(outcomes::<Tags>(&files));
}

#[test]
fn post_types_of_wordpress_6_9_7_in_every_context() {
    let files = keyed("types", "post", &["post", "page", "attachment", "wp_block"]);
    check(outcomes::<Types>(&files));
}

#[test]
fn taxonomies_of_wordpress_6_9_7_in_every_context() {
    let files = keyed("taxonomies", "category", &["category", "post_tag"]);
    check(outcomes::<Taxonomies>(&files));
}

#[test]
fn post_statuses_of_wordpress_6_9_7_in_every_context() {
    // An anonymous client sees only `publish`; the admin's view also lists draft, future, pending,
    // private and trash.
    let mut files = keyed("statuses", "publish", &["publish"]);
    files.push(Recorded {
        name: "statuses-draft-edit".into(),
        ctx: Context::Edit,
        shape: Shape::Item,
        source: None,
        must_hold: &[""],
    });
    for file in &mut files {
        if file.name == "statuses-all-view-admin" || file.name == "statuses-all-edit" {
            file.must_hold = &["publish", "draft", "private", "trash"];
        }
    }
    check(outcomes::<Statuses>(&files));
}

/// Search results come per `type`; there is no edit context, so the full value is read from view.
#[test]
fn search_results_of_wordpress_6_9_7_per_type() {
    let mut files = Vec::new();
    for (kind, must_hold) in [
        ("post", &["1", "2", "5", "6"] as &'static [&'static str]),
        ("term", &["1", "2", "3", "4", "5"]),
        ("post-format", &["aside"]),
    ] {
        for (suffix, ctx) in [("view", Context::View), ("embed", Context::Embed)] {
            files.push(Recorded {
                name: format!("search-{kind}-{suffix}"),
                ctx,
                shape: Shape::List,
                source: Some(format!("search-{kind}-view")),
                must_hold,
            });
        }
    }
    check(outcomes::<Search>(&files));
}

#[test]
fn search_rejects_the_edit_context() {
    let answer = fixture("search-edit-rejected");
    assert_eq!(answer["code"], "rest_invalid_param");
    assert_eq!(
        answer["data"]["params"]["context"],
        "context is not one of view and embed."
    );
}

/// Settings has no `context` argument and WordPress 6.9.7 answers the same object whatever `?context=`
/// says; the one `Settings` type reads it and writes it whole in every context.
#[test]
fn settings_of_wordpress_6_9_7_in_every_context() {
    let files: Vec<Recorded> = Context::ALL
        .into_iter()
        .map(|ctx| Recorded {
            name: format!("settings-context-{ctx}"),
            ctx,
            shape: Shape::Item,
            source: Some("settings".into()),
            must_hold: &[""],
        })
        .collect();
    for file in &files {
        assert_eq!(fixture(&file.name), fixture("settings"), "{}", file.name);
    }
    check(outcomes::<Settings>(&files));
}

/// The manifest names the request behind every file, all made on WordPress 6.9.7, and nothing else.
#[test]
fn every_fixture_is_in_the_manifest_of_wordpress_6_9_7() {
    let manifest = fixture("manifest");
    assert_eq!(manifest["wordpress_version"], RECORDED_ON);
    let listed: Vec<&String> = manifest["files"].as_object().unwrap().keys().collect();
    let dir = format!(
        "{}/fixtures/wp-6.9/responses/core",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != "manifest.json")
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = listed.into_iter().cloned().collect();
    listed.sort();
    assert_eq!(listed, on_disk);
}

/// One file per context of an item named `name`, its full value read from the edit context.
fn in_every_context(prefix: &str) -> Vec<Recorded> {
    Context::ALL
        .into_iter()
        .map(|ctx| Recorded {
            name: format!("{prefix}-{ctx}"),
            ctx,
            shape: Shape::Item,
            source: Some(format!("{prefix}-edit")),
            must_hold: &[""],
        })
        .collect()
}

/// A list in every context, its items' full values read from the edit context's list.
fn list_in_every_context(route: &str, must_hold: &'static [&'static str]) -> Vec<Recorded> {
    Context::ALL
        .into_iter()
        .map(|ctx| Recorded {
            name: format!("{route}-list-{ctx}"),
            ctx,
            shape: Shape::List,
            source: Some(format!("{route}-list-edit")),
            must_hold,
        })
        .collect()
}

fn as_is(name: &str, shape: Shape, must_hold: &'static [&'static str]) -> Recorded {
    Recorded {
        name: name.into(),
        ctx: Context::View,
        shape,
        source: None,
        must_hold,
    }
}

#[test]
fn templates_of_wordpress_6_9_7_with_object_or_string_titles() {
    let mut files = in_every_context("templates-index");
    files.extend(list_in_every_context(
        "templates",
        &["twentytwentyfive//index", "twentytwentyfive//single"],
    ));
    check(outcomes::<Templates>(&files));
    let index: wp69::WpTemplate = serde_json::from_value(fixture("templates-index-edit")).unwrap();
    assert!(
        matches!(&index.title, wp69::WpTemplateTitle::Object(t) if t.rendered == "Index"),
        "{:?}",
        index.title
    );
}

#[test]
fn template_parts_of_wordpress_6_9_7() {
    let mut files = in_every_context("template-parts-header");
    files.extend(list_in_every_context(
        "template-parts",
        &["twentytwentyfive//header", "twentytwentyfive//footer"],
    ));
    check(outcomes::<TemplateParts>(&files));
}

#[test]
fn menu_items_of_wordpress_6_9_7() {
    let mut files = in_every_context("menu-items-7");
    files.extend(list_in_every_context("menu-items", &["7"]));
    files.push(Recorded {
        name: "menu-items-home-create".into(),
        ctx: Context::Edit,
        shape: Shape::Item,
        source: None,
        must_hold: &[""],
    });
    check(outcomes::<MenuItems>(&files));
}

#[test]
fn font_faces_of_wordpress_6_9_7_with_string_weights() {
    let mut files = in_every_context("font-faces-9");
    files.extend(in_every_context("font-faces-10"));
    check(outcomes::<FontFaces>(&files));
    // Sent as the integer 400, the weight comes back as the string "400".
    let regular: wp69::WpFontFace = serde_json::from_value(fixture("font-faces-9-edit")).unwrap();
    assert_eq!(
        regular.font_face_settings.font_weight,
        wp69::WpFontFaceFontFaceSettingsFontWeight::String("400".into())
    );
    // Settings the face does not set are left out, and stay out when written again.
    assert!(regular.font_face_settings.is_absent("fontDisplay"));
    assert!(!regular.font_face_settings.is_absent("fontWeight"));
}

#[test]
fn themes_and_global_styles_of_wordpress_6_9_7() {
    check(outcomes::<Themes>(&[
        as_is("themes-active", Shape::List, &[]),
        as_is("themes-twentytwentyfive", Shape::Item, &[""]),
    ]));
    check(outcomes::<GlobalStyles>(&[as_is(
        "global-styles-user",
        Shape::Item,
        &[""],
    )]));
    let theme: wp69::Theme = serde_json::from_value(fixture("themes-twentytwentyfive")).unwrap();
    assert_eq!(
        theme.theme_supports.html5,
        wp69::ThemeThemeSupportsHtml5::Array(
            [
                "comment-form",
                "comment-list",
                "search-form",
                "gallery",
                "caption",
                "style",
                "script"
            ]
            .map(wp69::ThemeThemeSupportsHtml5ArrayItem::from)
            .to_vec()
        )
    );
    assert_eq!(
        theme.theme_supports.custom_logo,
        wp69::ThemeThemeSupportsCustomLogo::Boolean(false)
    );
}
