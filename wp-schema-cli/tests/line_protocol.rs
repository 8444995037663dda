//! `wp-schema validate` and `wp-schema filter` follow the line protocol of DESIGN.md.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `wp-schema ARGS` with `input` on stdin; returns stdout and the exit code.
fn wp_schema(args: &[&str], input: &str) -> (String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (
        String::from_utf8(output.stdout).unwrap(),
        output.status.code().unwrap_or(-1),
    )
}

/// Runs `wp-schema filter` on one line, `item`, with `document` (of this workspace's WordPress 6.9
/// routes) in `context`; returns stdout and the exit code.
fn filter(document: &str, context: &str, item: &str) -> (String, i32) {
    let document = format!(
        "{}/../schemas/wp-6.9/{document}",
        env!("CARGO_MANIFEST_DIR")
    );
    wp_schema(
        &["filter", &document, "--context", context],
        &format!("{item}\n"),
    )
}

fn schema_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("wp-schema-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

// Answers seen on WordPress 6.9.7 for the same schema and values.
#[test]
fn validate_writes_one_line_per_value() {
    let schema = schema_file(
        "per-page.json",
        r#"{"type":"integer","minimum":1,"maximum":100}"#,
    );
    let (out, code) = wp_schema(
        &["validate", &schema, "--param", "per_page"],
        "0\n\n\"5\"\n\"x\"\n",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        concat!(
            r#"{"valid":false,"code":"rest_out_of_bounds","message":"per_page must be between 1 (inclusive) and 100 (inclusive)"}"#,
            "\n",
            r#"{"valid":true,"value":"5"}"#,
            "\n",
            r#"{"valid":false,"code":"rest_invalid_type","message":"per_page is not of type integer.","data":{"param":"per_page"}}"#,
            "\n",
        )
    );
}

#[test]
fn sanitize_prints_php_values() {
    let schema = schema_file(
        "list.json",
        r#"{"type":"array","items":{"type":"integer"}}"#,
    );
    let (out, code) = wp_schema(
        &["validate", &schema, "--sanitize"],
        "\"1,2\"\n{}\n{\"a\":\"3\"}\n",
    );
    assert_eq!(code, 0);
    assert_eq!(out, "{\"valid\":true,\"value\":[1,2]}\n{\"valid\":true,\"value\":[]}\n{\"valid\":true,\"value\":[3]}\n");
}

#[test]
fn a_line_that_is_not_json_is_reported_and_exits_1() {
    let schema = schema_file("string.json", r#"{"type":"string"}"#);
    let (out, code) = wp_schema(&["validate", &schema], "{nope\n\"ok\"\n");
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with(r#"{"error":"#), "{out}");
    assert_eq!(lines[1], r#"{"valid":true,"value":"ok"}"#);
}

#[test]
fn filter_takes_a_route_document_and_keeps_key_order() {
    let item = r#"{"title":{"rendered":"T","raw":"t"},"id":5,"guid":{"raw":"g","rendered":"G"},"extra":[]}"#;
    let (out, code) = filter("wp-v2-media.json", "embed", item);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "{\"title\":{\"rendered\":\"T\"},\"id\":5,\"extra\":[]}\n"
    );
    let (out, _) = filter("wp-v2-media.json", "edit", item);
    assert_eq!(out, format!("{item}\n"));
}

#[test]
fn a_missing_schema_file_is_a_clear_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .args(["validate", "/no/such/schema.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/no/such/schema.json"));
}

// WordPress 6.9.7 writes `media_details.sizes` of a file without image sizes as `{}` (a stdClass),
// and an object whose properties the context filter removes as `[]` (an emptied PHP array).
#[test]
fn filter_keeps_an_empty_object_and_writes_one_it_empties_as_a_list() {
    let item = r#"{"id":7,"media_details":{"sizes":{}},"title":{"raw":"t"},"meta":{}}"#;
    let (out, code) = filter("wp-v2-media-id.json", "view", item);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "{\"id\":7,\"media_details\":{\"sizes\":{}},\"title\":[],\"meta\":{}}\n"
    );
}
