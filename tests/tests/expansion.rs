//! The formatted expansion of the macro, pinned by snapshots: review a change here as code.

use wp_schema_codegen::{DocumentSource, Options, TextMode};

/// The expansion of `paths` (relative to this crate), formatted as `wp-schema generate` writes it.
fn expansion(paths: &[&str]) -> String {
    expansion_with(paths, TextMode::Include.into())
}

fn expansion_with(paths: &[&str], options: Options) -> String {
    let sources: Vec<DocumentSource> = paths.iter().map(|p| DocumentSource::new(p, *p)).collect();
    let tokens = match wp_schema_codegen::expand(&sources, options) {
        Ok(tokens) => tokens,
        Err(failure) => panic!("{paths:?} did not expand: {:?}", failure.errors),
    };
    wp_schema_codegen::format(tokens).expect("generated code parses as Rust")
}

#[test]
fn media_routes_of_wordpress_6_9() {
    insta::assert_snapshot!(expansion(&[
        "../schemas/wp-6.9/overlay.json",
        "../schemas/wp-6.9/wp-v2-media.json",
        "../schemas/wp-6.9/wp-v2-media-id.json",
    ]));
}

/// The client of the media routes, which comes after everything else the macro writes: the client
/// type, a request type per endpoint and the item's sparse type.
#[test]
fn client_of_the_media_routes_of_wordpress_6_9() {
    let options = Options {
        text: TextMode::Include,
        client: true,
    };
    let code = expansion_with(
        &[
            "../schemas/wp-6.9/overlay.json",
            "../schemas/wp-6.9/routes.json",
            "../schemas/wp-6.9/wp-v2-media.json",
            "../schemas/wp-6.9/wp-v2-media-id.json",
        ],
        options,
    );
    let start = code
        .find("/// A typed client")
        .expect("the client is generated");
    insta::assert_snapshot!(&code[start..]);
}

#[test]
fn media_routes_of_wordpress_6_1() {
    insta::assert_snapshot!(expansion(&[
        "../schemas/wp-6.1/overlay.json",
        "../schemas/wp-6.1/wp-v2-media.json",
        "../schemas/wp-6.1/wp-v2-media-id.json",
    ]));
}

#[test]
fn nested_objects() {
    insta::assert_snapshot!(expansion(&["fixtures/schemas/nested-objects.json"]));
}

#[test]
fn arrays_of_objects() {
    insta::assert_snapshot!(expansion(&["fixtures/schemas/arrays-of-objects.json"]));
}

#[test]
fn type_lists_enums_readonly_and_no_context() {
    insta::assert_snapshot!(expansion(&["fixtures/schemas/type-lists-and-enums.json"]));
}

#[test]
fn any_of_and_one_of() {
    insta::assert_snapshot!(expansion(&["fixtures/schemas/any-of.json"]));
}
