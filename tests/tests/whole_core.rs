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

mod wp69 {
    wp_schema_macros::routes!("../../schemas/wp-6.9");
}

mod wp61 {
    wp_schema_macros::routes!("../../schemas/wp-6.1");
}

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use wp_schema_codegen::recording::{items_of, without_links, Recorded, Recording};
use wp_schema_codegen::roundtrip::Finding;
use wp_schema_codegen::{DocumentSource, Model};
use wp_schema_runtime::items::{differences, ItemTypes};
use wp_schema_runtime::Context;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn model(version: &str) -> Model {
    let dir = root().join("schemas").join(format!("wp-{version}"));
    let source = DocumentSource::new(&dir, format!("schemas/wp-{version}"));
    wp_schema_codegen::model(&[source]).unwrap_or_else(|f| panic!("{:?}", f.errors))
}

/// The recordings of a version: one folder per theme.
fn recordings(version: &str) -> Vec<(String, Recording)> {
    let dir = root().join(format!("tests/fixtures/wp-{version}/recorded"));
    let mut folders: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("manifest.json").is_file())
        .collect();
    folders.sort();
    folders
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                Recording::read(&path).unwrap_or_else(|e| panic!("{e}")),
            )
        })
        .collect()
}

/// What checking a version's recordings came to.
#[derive(Default)]
struct Tally {
    items: usize,
    paired: usize,
    untyped_answers: usize,
    failures: Vec<String>,
}

impl Tally {
    fn fail(&mut self, at: &str, what: String) {
        self.failures.push(format!("{at}: {what}"));
    }
}

/// A request with its context taken out, to find the same request's edit answer.
fn request_key(recorded: &Recorded) -> (String, String, Option<String>) {
    let query: Vec<&str> = recorded
        .query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("context="))
        .collect();
    (
        recorded.path.clone(),
        query.join("&"),
        recorded.user.clone(),
    )
}

fn check_version(version: &str, types: &ItemTypes) -> Tally {
    assert!(!types.is_empty());
    let model = model(version);
    let mut tally = Tally::default();
    let recordings = recordings(version);
    assert!(!recordings.is_empty(), "no recording of {version}");
    for (folder, recording) in &recordings {
        let edits: HashMap<_, &Recorded> = recording
            .responses
            .iter()
            .filter(|r| r.context.as_deref() == Some("edit"))
            .map(|r| (request_key(r), r))
            .collect();
        for recorded in &recording.responses {
            if !(200..300).contains(&recorded.status) {
                continue;
            }
            let Some(family) = types.for_document(&recorded.document()) else {
                tally.untyped_answers += 1;
                continue;
            };
            let model_item = model
                .item_of_route(&recorded.route)
                .unwrap_or_else(|| panic!("the model has no item for {}", recorded.route));
            let ctx: Option<Context> = recorded.context.as_deref().map(|c| c.parse().unwrap());
            let edit = match (ctx, &recorded.user) {
                (Some(Context::View | Context::Embed), Some(_)) => {
                    edits.get(&request_key(recorded)).copied()
                }
                _ => None,
            };
            let is_property = |key: &str| family.info.properties.contains(&key);
            let edit_items: HashMap<String, &Value> = edit
                .map(|e| items_of(&e.body, &is_property).into_iter().collect())
                .unwrap_or_default();
            for (pointer, item) in items_of(&recorded.body, &is_property) {
                tally.items += 1;
                let item = without_links(item);
                let at = format!(
                    "{folder}/{}#{pointer} ({})",
                    recorded.file,
                    recorded.request()
                );
                let read = family
                    .read(ctx, &item)
                    .map(|written| differences(&written, &item));
                let reads = matches!(&read, Ok(d) if d.is_empty());
                match read {
                    Err(error) => tally.fail(&at, format!("does not read: {error}")),
                    Ok(found) if !found.is_empty() => {
                        tally.fail(&at, format!("written back otherwise: {}", found.join("; ")))
                    }
                    Ok(_) => {}
                }
                let model_says = model.check(&model_item, recorded.context.as_deref(), &item);
                if model_says.iter().all(Finding::reads) != reads {
                    tally.fail(
                        &at,
                        format!("the model says {model_says:?}, the generated types read: {reads}"),
                    );
                }
                let (Some(ctx), Some(edit_item)) = (ctx, edit_items.get(&pointer)) else {
                    continue;
                };
                let edit_item = as_controller_writes(without_links(edit_item), ctx);
                let item = instance_numbers_masked(&item);
                if edit_item.get("id") != item.get("id") {
                    tally.fail(&at, "the edit answer holds another item here".into());
                    continue;
                }
                tally.paired += 1;
                for (check, written) in [
                    ("serialize_in", Some(family.serialize_in(&edit_item, ctx))),
                    ("from_full", family.from_full(&edit_item, ctx)),
                ] {
                    match written {
                        None => {}
                        Some(Err(error)) => tally.fail(
                            &at,
                            format!("{check}: the edit item does not read: {error}"),
                        ),
                        Some(Ok(written)) => {
                            let found = differences(&written, &item);
                            if !found.is_empty() {
                                tally.fail(&at, format!("{check}: {}", found.join("; ")));
                            }
                        }
                    }
                }
            }
        }
    }
    tally
}

/// The edit item as the controller writes it in `ctx` (view or embed): a protected post's
/// rendered content and excerpt emptied; a reusable block's sync status read from the `meta`
/// that embed leaves out; block instance numbers masked.
fn as_controller_writes(mut edit: Value, ctx: Context) -> Value {
    if ctx == Context::Embed {
        if let Some(status) = edit.get_mut("wp_pattern_sync_status") {
            *status = Value::String(String::new());
        }
    }
    let protected = edit.pointer("/content/protected") == Some(&Value::Bool(true));
    if protected {
        for pointer in ["/content/rendered", "/excerpt/rendered"] {
            if let Some(rendered) = edit.pointer_mut(pointer) {
                *rendered = Value::String(String::new());
            }
        }
    }
    instance_numbers_masked(&edit)
}

/// `wp-block-gallery-12` → `wp-block-gallery-N` in every string: the number counts the galleries
/// the request rendered before this one.
fn instance_numbers_masked(value: &Value) -> Value {
    match value {
        Value::String(text) if text.contains("wp-block-gallery-") => {
            let mut out = String::with_capacity(text.len());
            let mut rest = text.as_str();
            while let Some(at) = rest.find("wp-block-gallery-") {
                let after = at + "wp-block-gallery-".len();
                out.push_str(&rest[..after]);
                let digits = rest[after..].bytes().take_while(u8::is_ascii_digit).count();
                out.push_str(if digits > 0 { "N" } else { "" });
                rest = &rest[after + digits..];
            }
            out.push_str(rest);
            Value::String(out)
        }
        Value::Array(list) => Value::Array(list.iter().map(instance_numbers_masked).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), instance_numbers_masked(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

fn assert_holds(version: &str, tally: Tally) {
    eprintln!(
        "WordPress {version}: {} items checked, {} of them against the edit item; {} answers of \
         routes without an item type",
        tally.items, tally.paired, tally.untyped_answers
    );
    assert!(
        tally.items > 1000,
        "too few items recorded: {}",
        tally.items
    );
    for failure in &tally.failures {
        eprintln!("{failure}");
    }
    let shown: Vec<&String> = tally.failures.iter().take(60).collect();
    assert!(
        tally.failures.is_empty(),
        "{} failures, the first ones:\n{}",
        tally.failures.len(),
        shown
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn every_recorded_item_of_wordpress_6_9_7_holds() {
    let mut types = ItemTypes::default();
    wp69::visit_items(&mut types);
    assert_holds("6.9.7", check_version("6.9", &types));
}

#[test]
fn every_recorded_item_of_wordpress_6_1_9_holds() {
    let mut types = ItemTypes::default();
    wp61::visit_items(&mut types);
    assert_holds("6.1.9", check_version("6.1", &types));
}

#[test]
fn same_titled_schemas_get_distinct_predictable_names() {
    // Revisions and autosaves both call their schema `post-revision`.
    assert_eq!(wp69::PostRevision::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp69::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
    assert_eq!(wp61::PostRevisionAutosaves::SCHEMA_TITLE, "post-revision");
}

/// Every place of `value`, as JSON pointers, the root excepted, at most `limit` of them.
fn places(value: &Value, at: &str, limit: usize, out: &mut Vec<String>) {
    let children: Vec<(String, &Value)> = match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
            .collect(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect(),
        _ => return,
    };
    for (key, child) in children {
        if out.len() >= limit {
            return;
        }
        let pointer = format!("{at}/{key}");
        out.push(pointer.clone());
        places(child, &pointer, limit, out);
    }
}

/// The model (`wp-schema check`) and the generated types agree on items that do not hold: the
/// first item of each admin answer of each route and context, with every place (up to 150 an
/// item) replaced by a value of each JSON type, or removed.
fn mutations_agree(version: &str, types: &ItemTypes) -> (usize, Vec<String>) {
    let model = model(version);
    let replacements = [
        Value::Null,
        Value::Bool(true),
        serde_json::json!(7),
        serde_json::json!(1.5),
        serde_json::json!(u64::MAX),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
        serde_json::json!([1]),
        serde_json::json!({"k": 1}),
    ];
    let (mut cases, mut disagreements) = (0, Vec::new());
    let mut seen = std::collections::HashSet::new();
    let (_, recording) = &recordings(version)[0];
    for recorded in &recording.responses {
        let key = (recorded.route.clone(), recorded.context.clone());
        if recorded.user.is_none() || !(200..300).contains(&recorded.status) || !seen.insert(key) {
            continue;
        }
        let Some(family) = types.for_document(&recorded.document()) else {
            continue;
        };
        let model_item = model.item_of_route(&recorded.route).unwrap();
        let is_property = |key: &str| family.info.properties.contains(&key);
        let Some((_, first)) = items_of(&recorded.body, &is_property).into_iter().next() else {
            continue;
        };
        let item = without_links(first);
        let ctx: Option<Context> = recorded.context.as_deref().map(|c| c.parse().unwrap());
        let mut pointers = Vec::new();
        places(&item, "", 150, &mut pointers);
        for pointer in &pointers {
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            let mut variants: Vec<Value> = replacements
                .iter()
                .map(|replacement| {
                    let mut mutated = item.clone();
                    *mutated.pointer_mut(pointer).unwrap() = replacement.clone();
                    mutated
                })
                .collect();
            let mut removed = item.clone();
            if let Some(Value::Object(map)) = removed.pointer_mut(parent) {
                map.shift_remove(&key.replace("~1", "/").replace("~0", "~"));
                variants.push(removed);
            }
            for mutated in variants {
                cases += 1;
                let reads = matches!(family.read(ctx, &mutated), Ok(w) if differences(&w, &mutated).is_empty());
                let model_reads = model
                    .check(&model_item, recorded.context.as_deref(), &mutated)
                    .iter()
                    .all(Finding::reads);
                if reads != model_reads {
                    disagreements.push(format!(
                        "{} {pointer} = {}: the generated types read it: {reads}, the model: {model_reads}",
                        recorded.request(),
                        mutated.pointer(pointer).map_or("(removed)".into(), Value::to_string)
                    ));
                }
            }
        }
    }
    (cases, disagreements)
}

#[test]
fn the_model_and_the_generated_types_agree_on_items_that_do_not_hold() {
    let mut types69 = ItemTypes::default();
    wp69::visit_items(&mut types69);
    let mut types61 = ItemTypes::default();
    wp61::visit_items(&mut types61);
    for (version, types) in [("6.9", &types69), ("6.1", &types61)] {
        let (cases, disagreements) = mutations_agree(version, types);
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
