//! The whole core of WordPress 6.9.7 as `wp-schema pull --all` wrote it (`schemas/wp-6.9/`), and
//! of 6.1.9: the generated code of every route, and the report of every property typed as a JSON
//! value. Reviewed like code: a changed snapshot is a change to what users get.

use std::path::Path;
use wp_schema_codegen::{DocumentSource, TextMode};

/// The route documents of a pulled folder, as paths relative to this crate, by file name.
fn route_documents(version: &str) -> Vec<String> {
    let dir = format!("../schemas/{version}");
    let mut names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir))
            .expect("the pulled folder")
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.ends_with(".json") && name != "overlay.json")
            .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| format!("{dir}/{name}"))
        .collect()
}

fn source(path: &str) -> DocumentSource {
    let display = path.trim_start_matches("../");
    DocumentSource::new(Path::new(env!("CARGO_MANIFEST_DIR")).join(path), display)
}

/// The code generated for one route on its own (no overlay: the media overlay names routes that
/// are not there), with `include_str!` of the path relative to this crate.
fn generated(path: &str) -> String {
    let mut source = source(path);
    source.path = path.into();
    let tokens = wp_schema_codegen::expand(&[source], TextMode::Include)
        .unwrap_or_else(|failure| panic!("{path}: {:?}", failure.errors));
    wp_schema_codegen::format(tokens).expect("the generated code parses")
}

#[test]
fn every_route_of_wordpress_6_9() {
    let paths = route_documents("wp-6.9");
    assert_eq!(paths.len(), 127, "the routes of a fresh 6.9.7");
    for path in &paths {
        let name = Path::new(path).file_stem().unwrap().to_string_lossy();
        insta::assert_snapshot!(format!("wp-6.9__{name}"), generated(path));
    }
}

#[test]
fn every_route_of_wordpress_6_1_generates() {
    let paths = route_documents("wp-6.1");
    assert_eq!(paths.len(), 110, "the routes of a fresh 6.1.9");
    for path in &paths {
        let code = generated(path);
        assert!(
            code.contains("pub const "),
            "{path}: no route document constant"
        );
    }
}

fn fallback_report(version: &str) -> wp_schema_codegen::FallbackReport {
    let folder = source(&format!("../schemas/{version}"));
    wp_schema_codegen::fallback_report(&[folder]).unwrap_or_else(|f| panic!("{:?}", f.errors))
}

#[test]
fn fallback_report_of_wordpress_6_9() {
    insta::assert_snapshot!(fallback_report("wp-6.9").to_string());
}

#[test]
fn fallback_report_of_wordpress_6_1() {
    insta::assert_snapshot!(fallback_report("wp-6.1").to_string());
}
