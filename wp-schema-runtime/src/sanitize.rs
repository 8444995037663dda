//! The dynamic sanitizer: `rest_sanitize_value_from_schema` for any schema and JSON value.
