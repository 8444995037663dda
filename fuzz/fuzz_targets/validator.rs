//! The dynamic validator, sanitizer and context filter on any schema and value: no panic, and a
//! value the validator accepts is one the sanitizer can sanitize.
//! Input: a JSON schema, a newline, a JSON value.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use wp_schema_runtime::{filter, sanitize, validate};

fuzz_target!(|data: &[u8]| {
    let Some(split) = data.iter().position(|&b| b == b'\n') else {
        return;
    };
    let (Ok(schema), Ok(value)) = (
        serde_json::from_slice::<Value>(&data[..split]),
        serde_json::from_slice::<Value>(&data[split + 1..]),
    ) else {
        return;
    };
    let valid = validate::validate_value(&value, &schema, "param").is_ok();
    let sanitized = sanitize::sanitize_value(&value, &schema, "param");
    if valid {
        assert!(sanitized.is_ok(), "valid but not sanitizable: {schema} {value}");
    }
    for context in ["view", "edit", "embed"] {
        let _ = filter::filter_by_context(&value, &schema, context);
    }
});
