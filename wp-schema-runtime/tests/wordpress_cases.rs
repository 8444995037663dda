//! Every case of WordPress's PHPUnit files `rest-schema-validation.php` and
//! `rest-schema-sanitization.php`, written down as data in `tests/cases/` (data providers expanded),
//! with what WordPress 6.9.7 answers: the validator must give the same verdict, code, message and
//! data, and the sanitizer the same value (as PHP's json_encode prints it).

use serde_json::Value;
use wp_schema_runtime::php::to_php_json;
use wp_schema_runtime::sanitize::sanitize_value;
use wp_schema_runtime::validate::validate_value;

fn cases(text: &str) -> Vec<Value> {
    let file: Value = serde_json::from_str(text).expect("the case file is JSON");
    file["cases"].as_array().expect("cases").clone()
}

#[test]
fn every_sanitization_case_of_wordpress_passes() {
    let cases = cases(include_str!("cases/rest-schema-sanitization.json"));
    assert!(cases.len() >= 100, "{} cases", cases.len());
    for case in &cases {
        let label = format!("{} with {}", case["test"], case["value"]);
        let wordpress = &case["wordpress"];
        match sanitize_value(&case["value"], &case["schema"], "") {
            Ok(sanitized) => {
                let written = to_php_json(&sanitized).to_string();
                assert_eq!(written, wordpress["value"].to_string(), "{label}");
            }
            Err(e) => {
                assert_eq!(
                    e.code,
                    wordpress["code"].as_str().unwrap_or("(a value)"),
                    "{label}"
                );
                assert_eq!(e.message, wordpress["message"].as_str().unwrap(), "{label}");
            }
        }
    }
}

#[test]
fn every_validation_case_of_wordpress_passes() {
    let cases = cases(include_str!("cases/rest-schema-validation.json"));
    assert!(cases.len() >= 150, "{} cases", cases.len());
    for case in &cases {
        let param = case["param"].as_str().unwrap();
        let result = validate_value(&case["value"], &case["schema"], param);
        let label = format!("{} with {}", case["test"], case["value"]);
        assert_eq!(
            result.is_ok(),
            case["valid"].as_bool().unwrap(),
            "{label}: {result:?}"
        );
        if let Err(e) = result {
            let wordpress = &case["wordpress"];
            assert_eq!(e.code, wordpress["code"].as_str().unwrap(), "{label}");
            assert_eq!(e.message, wordpress["message"].as_str().unwrap(), "{label}");
            assert_eq!(e.data.as_deref(), wordpress.get("data"), "{label}");
        }
    }
}
