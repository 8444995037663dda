//! Two plugins' routes, generated from the documents a site with them answers and read back from
//! what it answered: the project's own test plugin (`tests/plugins/wp-schema-test-plugin`, loose
//! schemas on purpose) on WordPress 6.9.7 and 6.1.9, and Simple History 5.26.0
//! (bonny/WordPress-Simple-History) on 6.9.7. `scripts/record-plugins.sh` pulled the documents,
//! recorded every GET route of theirs with `wp-schema check --live`, and let check write the
//! overlay beside them (`tests/fixtures/plugins/wp-X.Y/`).
//!
//! The checks are those of `whole_core.rs`: every item reads into its context's type and is
//! written back as it came, the admin's view and embed items equal the edit item written with
//! `serialize_in`, and check's model agrees with the generated code, on the items and on every
//! mutation of them.

#[macro_use]
extern crate wp_schema_tests;

mod wp69 {
    wp_schema_macros::routes!(client; "../fixtures/plugins/wp-6.9/schemas");
}

mod wp61 {
    wp_schema_macros::routes!(client; "../fixtures/plugins/wp-6.1/schemas");
}

use wp_schema_runtime::items::ItemTypes;
use wp_schema_tests::client_routes::assert_all_read;
use wp_schema_tests::recorded_sites::{assert_holds, check, mutations_agree, workspace};

fn holds(version: &str, types: &ItemTypes) {
    let docs = workspace(&format!("tests/fixtures/plugins/wp-{version}/schemas"));
    let recorded = workspace(&format!("tests/fixtures/plugins/wp-{version}/recorded"));
    assert_holds(
        &format!("plugins on {version}"),
        check(&docs, &recorded, types),
        150,
    );
    let (cases, disagreements) = mutations_agree(&docs, &recorded, types);
    assert!(cases > 1000, "too few cases: {cases}");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn plugin_items_of_wordpress_6_9_7_hold() {
    let types = ItemTypes::of(wp69::visit_items);
    let titles: Vec<&str> = types.titles().collect();
    for title in [
        "wpst_book",
        "wpst_genre",
        "wpst-note",
        "simple-history-event",
    ] {
        assert!(titles.contains(&title), "{title} in {titles:?}");
    }
    holds("6.9", &types);
}

#[test]
fn the_test_plugins_items_of_wordpress_6_1_9_hold() {
    let types = ItemTypes::of(wp61::visit_items);
    holds("6.1", &types);
}

/// What the loose schemas of the test plugin became: a defined Rust type for each, never an error.
#[test]
fn loose_plugin_schemas_get_defined_types() {
    // `"type": "date-time"` and `"type": "mixed"` and `"type": "bool"`: unknown types, checked by
    // nothing in WordPress, read as JSON values.
    let note = wp69::WpstNote::default();
    let _: &serde_json::Value = &note.created;
    let _: &serde_json::Value = &note.payload;
    let _: &serde_json::Value = &note.archived;
    // `"properties": []` on an object: an object that may hold any keys. The property is named
    // `extra`, so the note's own unlisted properties are kept in `extra_`.
    let _: &serde_json::Value = &note.extra;
    let _: &wp_schema_runtime::Extra = &note.extra_;
    // `"required": true` on an item property means nothing for the item: a plain string.
    let _: &String = &note.title;
}

/// Every recorded request of the plugins' routes sent again through the generated client
/// (`client_routes::replay_through!`), every answer read into its type.
#[test]
fn plugin_routes_read_through_the_generated_client() {
    let recorded69 = workspace("tests/fixtures/plugins/wp-6.9/recorded");
    assert_all_read("plugins on 6.9.7", replay_through!(wp69, &recorded69), 100);
    let recorded61 = workspace("tests/fixtures/plugins/wp-6.1/recorded");
    assert_all_read("plugins on 6.1.9", replay_through!(wp61, &recorded61), 30);
}

/// The plugins' GET requests of a recording made just before from a live site with the plugins
/// (`WP_SCHEMA_LIVE_ENV` and `WP_SCHEMA_LIVE_PLUGINS_RECORDED`; `scripts/client-live.sh` makes
/// both) sent to that site through the generated client: every answer reads into its type, with
/// the status WordPress gave when it was recorded.
#[test]
fn plugin_routes_of_a_live_site_read_through_the_generated_client() {
    read_live_recording!(
        "WP_SCHEMA_LIVE_PLUGINS_RECORDED",
        wp69,
        wp61,
        "the plugins",
        30
    );
}
