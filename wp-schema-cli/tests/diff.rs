//! `wp-schema diff`: the report, exit codes and errors of DESIGN.md, on small documents and on the
//! real 6.1 and 6.9 indexes.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use support::assert_contains;

/// Runs `wp-schema diff ARGS`; returns stdout, stderr and the exit code.
fn diff(args: &[&str]) -> (String, String, i32) {
    let output = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .arg("diff")
        .args(args)
        .output()
        .expect("the binary runs");
    (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// `wp-schema diff ARGS` says "no differences", nothing on stderr, and exits 0.
#[track_caller]
fn assert_no_differences(args: &[&str]) {
    assert_eq!(
        diff(args),
        ("no differences\n".into(), String::new(), 0),
        "diff {args:?}"
    );
}

/// A fresh folder under the system's temp folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new() -> Folder {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("wp-schema-diff-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&path).unwrap();
        Folder(path)
    }

    /// Writes `name` (which may have a subfolder) and returns its path.
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        path.to_string_lossy().into_owned()
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The whole `/wp-json/?context=help` index of WordPress `version`, from the shared WordPress
/// captures (`/work/shared/wordpress`).
fn help_index(version: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/wordpress/");
    format!("{root}{version}/wp-json-help.json")
}

/// `wp-schema diff ARGS` from the 6.1 index to the 6.9 one, which differ (exit 1); returns stdout
/// and stderr.
fn changelog_6_1_to_6_9(args: &[&str]) -> (String, String) {
    let (old, new) = (help_index("6.1"), help_index("6.9"));
    let (out, err, code) = diff(&[args, &[&old, &new]].concat());
    assert_eq!(code, 1, "{err}");
    (out, err)
}

/// A folder of this workspace's `schemas/`.
fn schemas(version: &str) -> String {
    format!("{}/../schemas/wp-{version}", env!("CARGO_MANIFEST_DIR"))
}

const OLD_MEDIA: &str = r#"{
  "namespace": "wp/v2",
  "methods": ["GET", "POST"],
  "endpoints": [
    {"methods": ["GET"], "args": {
      "context": {"type": "string", "enum": ["view", "embed", "edit"], "default": "view", "required": false},
      "media_type": {"description": "Limit to a media type.", "type": "string", "enum": ["image", "video"], "required": false},
      "parent": {"type": "array", "items": {"type": "integer"}, "default": [], "required": false}
    }},
    {"methods": ["DELETE"], "args": []}
  ],
  "schema": {
    "title": "attachment",
    "type": "object",
    "properties": {
      "title": {"type": "object", "context": ["view", "edit"], "properties": {
        "raw": {"type": "string", "context": ["edit"]},
        "rendered": {"type": "string", "context": ["view", "edit"], "readonly": true}
      }},
      "alt_text": {"description": "Alternative text.", "type": "string", "context": ["view", "edit"]},
      "post": {"type": "integer", "minimum": 1, "context": ["view", "edit"]}
    },
    "links": [{"rel": "https://api.w.org/action-assign-author", "href": "x"}]
  },
  "_links": {"self": [{"href": "http://old.test/wp-json/wp/v2/media"}]}
}"#;

// The same route later: key order shuffled, PHP `[]` for `{}`, and one change of each kind.
const NEW_MEDIA: &str = r#"{
  "methods": ["GET", "POST", "PUT"],
  "namespace": "wp/v2",
  "endpoints": [
    {"methods": ["GET"], "args": {
      "media_type": {"description": "Limit to media types.", "type": "array", "items": {"type": "string", "enum": ["image", "video", "text"]}, "required": false},
      "context": {"required": false, "default": "view", "enum": ["view", "edit", "preview"], "type": "string"},
      "search_columns": {"type": "array", "items": {"type": "string", "enum": ["post_title"]}, "default": [], "required": false}
    }},
    {"methods": ["POST", "PUT"], "args": {"featured_media": {"type": "integer", "required": false}}}
  ],
  "schema": {
    "type": "object",
    "title": "attachment",
    "properties": {
      "alt_text": {"description": "The alternative text.", "type": "string", "context": ["edit", "view"]},
      "title": {"context": ["view", "edit", "embed"], "type": "object", "properties": {
        "rendered": {"readonly": true, "context": ["view", "edit", "embed"], "type": "string"},
        "raw": {"type": "string", "context": ["edit"], "format": "text-field"}
      }},
      "post": {"type": ["integer", "null"], "minimum": 0, "context": ["view", "edit"]},
      "class_list": {"type": "array", "items": {"type": "string"}, "readonly": true, "context": ["view", "edit"]}
    },
    "links": [{"rel": "https://api.w.org/action-unfiltered-html", "href": "y"}]
  },
  "_links": {"self": [{"href": "http://new.test/wp-json/wp/v2/media"}]}
}"#;

#[test]
fn equal_documents_exit_0_whatever_their_key_order_and_empty_arrays() {
    let folder = Folder::new();
    let old = folder.write(
        "old/wp-v2-media.json",
        r#"{"namespace":"wp/v2","methods":["GET"],"endpoints":[{"methods":["GET"],"args":[]}],
            "schema":{"title":"t","type":"object","properties":[]}}"#,
    );
    let new = folder.write(
        "new/wp-v2-media.json",
        r#"{"endpoints":[{"args":{},"methods":["GET"]}],"methods":["GET"],
            "schema":{"properties":{},"type":"object","title":"t"},"namespace":"wp/v2",
            "_links":{"self":[{"href":"http://elsewhere.test/wp-json/wp/v2/media"}]}}"#,
    );
    assert_no_differences(&[&old, &new]);
}

#[test]
fn a_changed_route_is_reported_section_by_section() {
    let folder = Folder::new();
    let old = folder.write("old.json", OLD_MEDIA);
    let new = folder.write("wp-v2-media.json", NEW_MEDIA);
    let (out, err, code) = diff(&[&old, &new]);
    assert_eq!((err.as_str(), code), ("", 1));
    insta::assert_snapshot!("changed_route_text", out);
}

#[test]
fn the_json_report_has_the_documented_shape() {
    let folder = Folder::new();
    let old = folder.write("old.json", OLD_MEDIA);
    let new = folder.write("wp-v2-media.json", NEW_MEDIA);
    let (out, _, code) = diff(&["--format", "json", &old, &new]);
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["equivalent", "counts", "routes", "descriptions"]);
    insta::assert_snapshot!("changed_route_json", out);
}

#[test]
fn ignore_descriptions_drops_them_and_they_no_longer_differ() {
    let folder = Folder::new();
    let doc = |description: &str| {
        format!(
            r#"{{"endpoints":[{{"methods":["GET"],"args":{{"page":{{"type":"integer","description":"{description}"}}}}}}]}}"#
        )
    };
    let old = folder.write("old.json", &doc("Page."));
    let new = folder.write("new.json", &doc("Current page."));
    let (out, _, code) = diff(&[&old, &new]);
    assert_eq!(code, 1);
    assert_eq!(
        out,
        "routes: 0 added, 0 removed, 0 changed; endpoints: 0 added, 0 removed, 0 changed; \
         args: 0 added, 0 removed, 0 changed; properties: 0 added, 0 removed, 0 changed; \
         descriptions: 1 changed\n\
         \n\
         Descriptions:\n  new GET arg page\n    - \"Page.\"\n    + \"Current page.\"\n"
    );
    assert_no_differences(&["--ignore-descriptions", &old, &new]);
    let (json, _, code) = diff(&["--ignore-descriptions", "--format", "json", &old, &new]);
    assert_eq!(code, 0);
    assert_contains(&json, "\"equivalent\": true");
}

#[test]
fn a_missing_path_exits_2_naming_it() {
    let folder = Folder::new();
    let present = folder.write("wp-v2-media.json", OLD_MEDIA);
    let missing = format!("{}/nope.json", folder.path());
    let (out, err, code) = diff(&[&present, &missing]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert!(
        err.starts_with(&format!("error: cannot read {missing}: ")),
        "{err}"
    );
}

#[test]
fn a_json_file_that_is_no_route_document_exits_2_naming_it() {
    let folder = Folder::new();
    let route = folder.write("wp-v2-media.json", OLD_MEDIA);
    let other = folder.write("other.json", r#"{"title": "attachment", "type": "object"}"#);
    let (out, err, code) = diff(&[&route, &other]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err,
        format!("error: {other}: neither a route document (no \"endpoints\" list) nor a /wp-json/ index (no \"routes\")\n")
    );
}

#[test]
fn malformed_json_exits_2_naming_the_file_and_place() {
    let folder = Folder::new();
    let route = folder.write("wp-v2-media.json", OLD_MEDIA);
    let broken = folder.write("in/wp-v2-posts.json", "{\"endpoints\": [\n}");
    let (_, err, code) = diff(&[&route, &format!("{}/in", folder.path())]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!("error: {broken}: not JSON (expected value at line 2 column 1)\n")
    );
}

#[test]
fn an_index_route_that_is_no_route_document_exits_2() {
    let folder = Folder::new();
    let index = folder.write(
        "index.json",
        r#"{"routes": {"/wp/v2": {"namespace": "wp/v2"}}}"#,
    );
    let (_, err, code) = diff(&[&index, &index]);
    assert_eq!(code, 2);
    assert_contains(&err, "index.json: route /wp/v2 is not a route document");
}

#[test]
fn a_folder_skips_overlays_other_files_and_subfolders() {
    let folder = Folder::new();
    let route = r#"{"endpoints": [{"methods": ["GET"], "args": {}}]}"#;
    folder.write("old/wp-v2-a.json", route);
    folder.write("new/wp-v2-a.json", route);
    folder.write("new/overlay.json", r#"{"overlay": {"wordpress": "6.9.7"}}"#);
    folder.write("new/NOTES.md", "not JSON");
    folder.write("new/older/wp-v2-b.json", route);
    let (old, new) = (
        format!("{}/old", folder.path()),
        format!("{}/new", folder.path()),
    );
    assert_no_differences(&[&old, &new]);
}

#[test]
fn an_index_names_its_routes_as_pull_names_their_files() {
    let folder = Folder::new();
    let route = |arg: &str| {
        format!(r#"{{"endpoints": [{{"methods": ["GET"], "args": {{"{arg}": {{}}}}}}]}}"#)
    };
    folder.write("files/wp-v2-media.json", &route("page"));
    folder.write("files/wp-v2-media-id.json", &route("id"));
    folder.write("files/wp-v2-media-id-2.json", &route("other"));
    let index = folder.write(
        "index.json",
        &format!(
            r#"{{"namespaces": ["wp/v2"], "routes": {{"/wp/v2/media": {}, "/wp/v2/media/(?P<id>[\\d]+)": {}, "/wp/v2/media/id": {}}}}}"#,
            route("page"),
            route("id"),
            route("other")
        ),
    );
    let files = format!("{}/files", folder.path());
    assert_eq!(diff(&[&files, &index]).2, 0);
    assert_eq!(diff(&[&index, &files]).2, 0);
}

#[test]
fn a_single_file_against_a_folder_is_one_route_named_by_its_file() {
    let folder = Folder::new();
    let route = r#"{"endpoints": [{"methods": ["GET"], "args": {}}], "methods": ["GET"]}"#;
    folder.write("all/wp-v2-a.json", route);
    folder.write("all/wp-v2-b.json", route);
    let single = folder.write("wp-v2-a.json", route);
    let (out, _, code) = diff(&[&single, &format!("{}/all", folder.path())]);
    assert_eq!(code, 1);
    assert_contains(&out, "Routes added:\n  + wp-v2-b: GET\n");
    assert!(!out.contains("wp-v2-a"), "{out}");
}

#[test]
fn the_6_1_to_6_9_media_changes_are_all_there() {
    let (out, err) = changelog_6_1_to_6_9(&[]);
    assert_eq!(err, "");
    let media = out
        .split("\n\n")
        .find(|section| section.starts_with("Route wp-v2-media (/wp/v2/media)"))
        .expect("a section for the media collection");
    let expected = [
        "  endpoint GET",
        "    ~ media_type",
        r#"        enum: ["image","video","text","application","audio"] → (none)"#,
        r#"        items: (none) → {"type":"string","enum":["image","video","text","application","audio"]}"#,
        r#"        type: "string" → "array""#,
        "    ~ mime_type",
        r#"        items: (none) → {"type":"string"}"#,
        "    + search_columns: array of string, enum [post_title, post_content, post_excerpt], default []",
        "    + search_semantics: string, enum [exact]",
        "  endpoint POST",
        "    + featured_media: integer",
        "    + class_list: array of string, readonly, context [view, edit]",
        "    + featured_media: integer, context [view, edit, embed]",
    ];
    for line in expected {
        assert!(
            media.lines().any(|l| l == line),
            "missing {line:?} in\n{media}"
        );
    }
}

#[test]
fn changelog_6_1_to_6_9_text() {
    let (out, _) = changelog_6_1_to_6_9(&[]);
    insta::assert_snapshot!("changelog_6_1_to_6_9_text", out);
}

#[test]
fn changelog_6_1_to_6_9_json() {
    let (out, _) = changelog_6_1_to_6_9(&["--format", "json"]);
    insta::assert_snapshot!("changelog_6_1_to_6_9_json", out);
}

#[test]
fn folder_and_index_agree() {
    for version in ["6.1", "6.9"] {
        assert_no_differences(&[&schemas(version), &help_index(version)]);
    }
}

#[test]
fn the_folder_changelog_equals_the_index_changelog() {
    let report = |old: &str, new: &str| {
        let (out, _, code) = diff(&["--format", "json", old, new]);
        assert_eq!(code, 1);
        let mut report: serde_json::Value = serde_json::from_str(&out).unwrap();
        without_paths(&mut report);
        report
    };
    let from_folders = report(&schemas("6.1"), &schemas("6.9"));
    let from_indexes = report(&help_index("6.1"), &help_index("6.9"));
    assert_eq!(from_folders, from_indexes);
}

/// Drops the routes' paths, which only an index knows.
fn without_paths(report: &mut serde_json::Value) {
    for route in report["routes"].as_array_mut().unwrap() {
        route.as_object_mut().unwrap().shift_remove("path");
    }
}

#[test]
fn the_shared_captures_exist() {
    for path in [help_index("6.1"), help_index("6.9")] {
        assert!(Path::new(&path).is_file(), "{path}");
    }
}
