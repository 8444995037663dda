//! Every case of WordPress's PHPUnit file `rest-schema-validation.php`, written down as data in
//! `tests/cases/rest-schema-validation.json` (data providers expanded), with what WordPress 6.9.7
//! answers: the dynamic validator must give the same verdict, code, message and data.

use serde_json::Value;
use wp_schema_runtime::validate::validate_value;

fn cases() -> Vec<Value> {
    let text = include_str!("cases/rest-schema-validation.json");
    let file: Value = serde_json::from_str(text).expect("the case file is JSON");
    file["cases"].as_array().expect("cases").clone()
}

#[test]
fn every_validation_case_of_wordpress_passes() {
    let cases = cases();
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
