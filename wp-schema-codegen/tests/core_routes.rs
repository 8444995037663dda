//! The whole core of WordPress 6.9.7 as `wp-schema pull --all` wrote it (`schemas/wp-6.9/`), and
//! of 6.1.9: the generated code of every route, and the report of every property typed as a JSON
//! value. Reviewed like code: a changed snapshot is a change to what users get.

use std::path::Path;
use wp_schema_codegen::{DocumentSource, TextMode};

/// The route documents of a pulled folder (not its overlays), as paths relative to this crate,
/// by file name.
fn route_documents(version: &str) -> Vec<String> {
    let dir = format!("../schemas/{version}");
    let mut names: Vec<String> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(&dir))
            .expect("the pulled folder")
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| {
                name.ends_with(".json") && !["overlay.json", "routes.json"].contains(&name.as_str())
            })
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

/// Fewer than 5% of the core's properties are JSON values, and no more than 6% are JSON values or
/// lists of them, overlay rules included (a rule that retypes a property to an open object would
/// add one).
fn assert_few_fallbacks(report: &wp_schema_codegen::FallbackReport) {
    let share = report.percent(report.values());
    assert!(share < 5.0, "{share:.1}% of the properties are JSON values");
    let all = report.percent(report.values() + report.lists());
    assert!(
        all <= 6.0,
        "{all:.1}% of the properties are JSON values or lists of them"
    );
}

#[test]
fn fallback_report_of_wordpress_6_9() {
    let report = fallback_report("wp-6.9");
    assert_few_fallbacks(&report);
    insta::assert_snapshot!(report.to_string());
}

#[test]
fn fallback_report_of_wordpress_6_1() {
    let report = fallback_report("wp-6.1");
    assert_few_fallbacks(&report);
    insta::assert_snapshot!(report.to_string());
}

/// What `cargo doc` shows: every public type, field, variant and constant of the whole core has a
/// doc comment (the schema's description, or what the item is where WordPress gives none).
#[test]
fn every_generated_item_is_documented() {
    let folder = source("../schemas/wp-6.9");
    let tokens = wp_schema_codegen::expand(&[folder], TextMode::Include).unwrap();
    let file: syn::File = syn::parse2(tokens).unwrap();
    let mut undocumented = Vec::new();
    for item in &file.items {
        let (name, attrs) = match item {
            syn::Item::Struct(s) => {
                for field in &s.fields {
                    if matches!(field.vis, syn::Visibility::Public(_)) && !has_doc(&field.attrs) {
                        let field_name = field.ident.as_ref().map(ToString::to_string);
                        undocumented.push(format!(
                            "{}.{}",
                            s.ident,
                            field_name.unwrap_or_default()
                        ));
                    }
                }
                (s.ident.to_string(), &s.attrs)
            }
            syn::Item::Enum(e) => {
                for variant in &e.variants {
                    if !has_doc(&variant.attrs) {
                        undocumented.push(format!("{}::{}", e.ident, variant.ident));
                    }
                }
                (e.ident.to_string(), &e.attrs)
            }
            syn::Item::Const(c) if matches!(c.vis, syn::Visibility::Public(_)) => {
                (c.ident.to_string(), &c.attrs)
            }
            _ => continue,
        };
        if !has_doc(attrs) {
            undocumented.push(name);
        }
    }
    assert!(
        undocumented.is_empty(),
        "{} undocumented: {undocumented:#?}",
        undocumented.len()
    );
}

fn has_doc(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("doc"))
}
