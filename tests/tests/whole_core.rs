//! Every core route of WordPress 6.9.7 and 6.1.9 (`schemas/wp-6.9/` and `schemas/wp-6.1/`, pulled
//! with `wp-schema pull --all`) expands and compiles, and the core's types hold on every response
//! recorded from a seeded site of that version: `tests/fixtures/wp-X.Y/recorded/`, written by
//! `scripts/record-responses.sh` (every GET route, every context, as admin and as a visitor, under
//! a block theme and a classic one).
//!
//! Each recorded item:
//! - reads into its context's type, which writes back exactly what WordPress sent;
//! - is judged the same way by `wp-schema check`'s model of the types (`Model::check`), so the
//!   command says of a site's responses what the generated code would do;
//! - when it is the admin's answer in view or embed, equals the admin's edit item of the same
//!   request read into the full type and written with `serialize_in(ctx)`, and converted into the
//!   context type. Visitors' answers are only read: WordPress's controllers answer visitors with
//!   less than the admin, which is controller logic, not the schema's context filter.
//!
//! Two more differences between the edit answer and the view or embed one come from WordPress's
//! controllers, not from its schemas, and the test makes them on the edit item before comparing
//! (`as_controller_writes`):
//! - a password-protected post or page has `content.rendered` and `excerpt.rendered` emptied
//!   outside the edit context, for the admin too, unless the request gives the password (6.9.7 and
//!   6.1.9); generated types write what they hold, so a server built on them empties them itself;
//! - block markup rendered with a per-request instance number (`wp-block-gallery-2`) counts the
//!   blocks the request rendered before; the edit answer renders more of them, so the number is
//!   compared as `N`;
//! - a reusable block's top-level `wp_pattern_sync_status` is copied from its `meta`, which the
//!   embed context leaves out, so in embed it is always `""` (6.9.7).
//!
//! JSON is compared as `serde_json::Value`, without `_links` and `_embedded`.

#[macro_use]
extern crate wp_schema_tests;

mod wp69 {
    wp_schema_macros::routes!(client; "../../schemas/wp-6.9");
}

mod wp61 {
    wp_schema_macros::routes!(client; "../../schemas/wp-6.1");
}

use std::path::PathBuf;
use wp_schema_runtime::items::ItemTypes;
use wp_schema_tests::client_routes::assert_all_read;
use wp_schema_tests::recorded_sites::{
    assert_holds, check, mutations_agree, recordings, workspace,
};

/// The route documents of WordPress `minor` (`6.9`) and the answers recorded from its site.
fn documents_and_recordings(minor: &str) -> (PathBuf, PathBuf) {
    (
        workspace(&format!("schemas/wp-{minor}")),
        workspace(&format!("tests/fixtures/wp-{minor}/recorded")),
    )
}

/// Every item recorded from the site of WordPress `minor` holds with `types`; `site` names the
/// version in messages.
fn assert_recorded_items_hold(site: &str, minor: &str, types: &ItemTypes) {
    let (docs, recorded) = documents_and_recordings(minor);
    assert_holds(site, check(&docs, &recorded, types), 5000);
}

#[test]
fn every_recorded_item_of_wordpress_6_9_7_holds() {
    assert_recorded_items_hold("WordPress 6.9.7", "6.9", &ItemTypes::of(wp69::visit_items));
}

#[test]
fn every_recorded_item_of_wordpress_6_1_9_holds() {
    assert_recorded_items_hold("WordPress 6.1.9", "6.1", &ItemTypes::of(wp61::visit_items));
}

#[test]
fn same_titled_schemas_get_distinct_predictable_names() {
    // Revisions and autosaves both call their schema `post-revision`.
    assert_eq!(wp69::PostRevision::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp69::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp61::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
}

#[test]
fn the_model_and_the_generated_types_agree_on_items_that_do_not_hold() {
    let types69 = ItemTypes::of(wp69::visit_items);
    let types61 = ItemTypes::of(wp61::visit_items);
    for (version, types) in [("6.9", &types69), ("6.1", &types61)] {
        let (docs, recorded) = documents_and_recordings(version);
        let (cases, disagreements) = mutations_agree(&docs, &recorded, types);
        eprintln!("WordPress {version}: {cases} mutated items judged");
        assert!(cases > 10_000, "too few cases: {cases}");
        assert!(
            disagreements.is_empty(),
            "{} disagreements, the first ones:\n{}",
            disagreements.len(),
            disagreements
                .iter()
                .take(40)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

/// Every recorded request sent again through the generated client of its version
/// (`client_routes::replay_through!`): each GET request is built as WordPress was asked it, and
/// every answer reads into the type of its route and context (an error answer into
/// `Error::Wp` with the recorded status).
#[test]
fn every_recorded_get_of_wordpress_6_9_7_reads_through_the_generated_client() {
    let (_, recorded) = documents_and_recordings("6.9");
    assert_all_read("WordPress 6.9.7", replay_through!(wp69, &recorded), 3000);
}

#[test]
fn every_recorded_get_of_wordpress_6_1_9_reads_through_the_generated_client() {
    let (_, recorded) = documents_and_recordings("6.1");
    assert_all_read("WordPress 6.1.9", replay_through!(wp61, &recorded), 2000);
}

/// Every GET request of a recording made just before from a live, seeded site (`wp-schema check
/// --live --save`, which finds every route's paths and ids) sent to that site again through the
/// generated client of its version: every answer reads into its type, with the status WordPress
/// gave when it was recorded. `scripts/client-live.sh` records and runs it (`scripts/test.sh`
/// does so on Debian's 6.1.9 before the rest of the suite).
#[test]
fn every_get_of_a_live_site_reads_through_the_generated_client() {
    read_live_recording!("WP_SCHEMA_LIVE_RECORDED", wp69, wp61, "the core", 500);
}

/// The GET routes a recording cannot ask, called through the generated client with arguments
/// chosen here: those that need one (`url`, `term`, `slug`), the theme's global styles and
/// variations (no link leads to them), a menu location (none under a block theme: a made-up one
/// then, which WordPress refuses), the pattern directory (whose error the recording does not
/// keep) and the export, which answers a zip rather than JSON. Each answer must be read: into its
/// type, into WordPress's error body (the directories and a URL's details need the internet,
/// which the site has not), or as bytes. On the live site of
/// `WP_SCHEMA_LIVE_ENV`, with `WP_SCHEMA_LIVE_RECORDED` naming its version's recording
/// (`scripts/client-live.sh`).
macro_rules! read_what_no_recording_reaches {
    ($module:ident, $inner:expr) => {{
        use wp_schema_client::Error;
        let admin = $module::Client::new($inner);
        let read = |what: &str, outcome: Result<(), Error>| match outcome {
            Ok(()) | Err(Error::Wp { .. }) => eprintln!("{what}: {outcome:?}"),
            Err(other) => panic!("{what}: {other}"),
        };
        let post = admin.post_list().per_page(1).send().await.unwrap().items;
        let link = post.first().map(|p| p.link.clone()).unwrap_or_default();
        read(
            "oembed",
            admin
                .oembed10_embed_list()
                .param("url", link.as_str())
                .send()
                .await
                .map(drop),
        );
        read(
            "oembed proxy",
            admin
                .oembed10_proxy_list()
                .param("url", link.as_str())
                .send()
                .await
                .map(drop),
        );
        read(
            "pattern directory",
            admin.pattern_directory_item_list().send().await.map(drop),
        );
        read(
            "block directory",
            admin
                .block_directory_item_list()
                .param("term", "gallery")
                .send()
                .await
                .map(drop),
        );
        read(
            "url details",
            admin
                .wp_block_editor_v1_url_details_list()
                .param("url", "https://wordpress.org/")
                .send()
                .await
                .map(drop),
        );
        read(
            "template lookup",
            admin
                .wp_v2_templates_lookup_list()
                .param("slug", "front-page")
                .send()
                .await
                .map(drop),
        );
        read(
            "part lookup",
            admin
                .wp_v2_template_parts_lookup_list()
                .param("slug", "header")
                .send()
                .await
                .map(drop),
        );
        let themes = admin
            .theme_list()
            .status(["active"])
            .send()
            .await
            .unwrap()
            .items;
        let stylesheet = themes
            .first()
            .map(|t| t.stylesheet.clone())
            .expect("an active theme");
        read(
            "theme styles",
            admin
                .wp_v2_global_styles_themes_stylesheet_get(&stylesheet)
                .send()
                .await
                .map(drop),
        );
        read(
            "variations",
            admin
                .wp_v2_global_styles_themes_stylesheet_variations_get(&stylesheet)
                .send()
                .await
                .map(drop),
        );
        let locations = admin.menu_location_list().send().await.unwrap();
        let location = locations
            .keys
            .into_iter()
            .flatten()
            .next()
            .unwrap_or_else(|| "nowhere".to_owned());
        read(
            "menu location",
            admin.menu_location_get(location).send().await.map(drop),
        );
        let export = admin
            .wp_block_editor_v1_export_list()
            .into_request()
            .bytes()
            .await;
        read(
            "export",
            export.map(|zip| assert!(zip.body.starts_with(b"PK"), "a zip")),
        );
    }};
}

#[test]
fn the_get_routes_no_recording_reaches_on_a_live_site_read_through_the_client() {
    let (Some(env_file), Some(recorded)) = (
        std::env::var_os("WP_SCHEMA_LIVE_ENV"),
        std::env::var_os("WP_SCHEMA_LIVE_RECORDED"),
    ) else {
        eprintln!("not asked for: no live site (scripts/client-live.sh)");
        return;
    };
    let site = wp_schema_tests::client_routes::LiveSite::read(std::path::Path::new(&env_file));
    let version = recordings(std::path::Path::new(&recorded))[0]
        .1
        .wordpress_version
        .clone()
        .unwrap_or_default();
    let inner = site.client(true);
    wp_schema_tests::client_routes::block_on(async {
        if version.starts_with("6.9") {
            read_what_no_recording_reaches!(wp69, inner);
        } else {
            read_what_no_recording_reaches!(wp61, inner);
        }
    });
}
