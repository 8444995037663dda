//! The dynamic validator: `rest_validate_value_from_schema` for any schema and JSON value.
