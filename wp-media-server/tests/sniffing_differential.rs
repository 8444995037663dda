//! Content sniffing against PHP's own fileinfo (libmagic), which `wp_check_filetype_and_ext`
//! asks, on the kinds of text that decide whether an upload is refused: HTML, PHP, scripts, XML,
//! SVG, JSON, calendars, RTF and plain text. Without php the test says so and passes, except under
//! CI, where it fails.

use serde_json::Value;
use wp_media_server::names::files::sniffed_mime;

const SAMPLES: &[&str] = &[
    "<p>hi</p>",
    "<!DOCTYPE html><p>x</p>",
    "hello <a href=\"x\">y</a>",
    "hello\n\n<HTML>x",
    "<html lang=en>",
    "<TITLE>t</TITLE>",
    "x <table border=1>",
    "<body>",
    "<script>x</script>",
    "  <head>",
    "x<head>",
    "<b>bold</b>",
    "<A HREF=\"x\">",
    "<svg></svg>",
    "{\"a\":1}",
    "[1,2]",
    "\"str\"",
    "{\"a\":",
    "a,b\n1,2\n",
    "<?php echo 1;",
    "<?PHP",
    "x <?php echo 1;",
    "<?= 1 ?>",
    "<?xml version=\"1.0\"?><a/>",
    "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    "BEGIN:VCALENDAR\nEND:VCALENDAR\n",
    "{\\rtf1 x}",
    "body { color: red }",
    "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n",
    "function x() { return 1; }",
    "#!/bin/sh\necho",
    "a\tb\n1\t2\n",
    "plain text ü",
    "hello world\n",
    "x",
    "%PDF-1.4\n",
];

#[test]
fn sniffed_types_are_what_php_fileinfo_reports() {
    if !wp_php_oracle::php_found() {
        wp_php_oracle::skip("CI must have php", "no php");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<Value> = SAMPLES
        .iter()
        .enumerate()
        .map(|(i, sample)| {
            let path = dir.path().join(format!("sample-{i}"));
            std::fs::write(&path, sample).unwrap();
            Value::from(path.to_string_lossy())
        })
        .collect();
    // One path in and one MIME type out per line, as JSON like every oracle; a `false` from
    // finfo_file stays visible as `false`.
    let answers: Vec<String> = wp_php_oracle::ask(
        &[
            "-r",
            "$f = finfo_open(FILEINFO_MIME_TYPE); while (($l = fgets(STDIN)) !== false) { echo json_encode(finfo_file($f, json_decode($l))), \"\\n\"; }",
        ],
        &[],
        &paths,
    )
    .into_iter()
    .map(|answer| match answer {
        Value::String(mime) => mime,
        other => other.to_string(),
    })
    .collect();
    let failures: Vec<String> = SAMPLES
        .iter()
        .zip(&answers)
        .filter(|(sample, php)| sniffed_mime(sample.as_bytes()) != php.as_str())
        .map(|(sample, php)| {
            format!(
                "{sample:?}: fileinfo {php}, ours {}",
                sniffed_mime(sample.as_bytes())
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
