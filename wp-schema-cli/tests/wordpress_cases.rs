//! WordPress's PHPUnit validation cases (`wp-schema-runtime/tests/cases/`) through `wp-schema validate`.

use serde_json::{json, Value};
use std::io::Write;
use std::process::{Command, Stdio};

#[test]
fn every_validation_case_passes_through_the_command() {
    let text = include_str!("../../wp-schema-runtime/tests/cases/rest-schema-validation.json");
    let file: Value = serde_json::from_str(text).unwrap();
    let dir = std::env::temp_dir().join(format!("wp-schema-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cases = file["cases"].as_array().unwrap();
    for (i, case) in cases.iter().enumerate() {
        let schema = dir.join(format!("{i}.json"));
        std::fs::write(&schema, case["schema"].to_string()).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
            .args([
                "validate",
                schema.to_str().unwrap(),
                "--param",
                case["param"].as_str().unwrap(),
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "{}", case["value"]).unwrap();
        let output = child.wait_with_output().unwrap();
        let line: Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut expected = json!({"valid": case["valid"]});
        if case["valid"] == json!(true) {
            // As DESIGN.md's contract says: printed as json_encode prints it, `{}` kept.
            expected["value"] =
                wp_schema_runtime::php::to_php_json_keeping_empty_objects(&case["value"]);
        } else {
            for (k, v) in case["wordpress"].as_object().unwrap() {
                expected[k.as_str()] = v.clone();
            }
        }
        assert_eq!(line, expected, "{} with {}", case["test"], case["value"]);
    }
}
