//! `wp-schema generate`: code or the fallback report, on stdout or into a file replaced whole.

use std::process::Command;

const MEDIA: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../schemas/wp-6.9/wp-v2-media-id.json"
);

fn wp_schema(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn output_file_is_written_and_left_alone_when_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("media.rs");
    let file_arg = file.to_str().unwrap();
    let (code, stdout, stderr) = wp_schema(&["generate", MEDIA, "-o", file_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.is_empty());
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("pub struct Attachment {"));
    assert_eq!(
        written,
        wp_schema(&["generate", MEDIA]).1,
        "the same as on stdout"
    );

    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert_eq!(wp_schema(&["generate", MEDIA, "-o", file_arg]).0, 0);
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn report_lists_each_property_typed_as_a_json_value() {
    let (code, stdout, stderr) = wp_schema(&["generate", "--report", MEDIA]);
    assert_eq!(code, 0, "{stderr}");
    let mut lines = stdout.lines();
    // WordPress 6.9.7's attachment schema: 29 properties and 8 in title, caption, description and
    // guid; `meta` and `media_details` are open objects.
    assert_eq!(
        lines.next(),
        Some(
            "2 of 37 properties (5.4%) are typed as JSON values, and 0 more (0.0%) as lists of \
             JSON values: 5.4% in all."
        )
    );
    let rows: Vec<&str> = lines.filter(|l| l.starts_with("| `")).collect();
    assert_eq!(rows.len(), 2, "{stdout}");
    assert!(rows[0].starts_with("| `Attachment` | `meta` | an object without declared properties"));
}

#[test]
fn a_bad_document_fails_with_its_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    let out = dir.path().join("out.rs");
    let (code, _, stderr) = wp_schema(&[
        "generate",
        bad.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(stderr.contains("bad.json: malformed JSON"), "{stderr}");
    assert!(!out.exists());
}
