//! WordPress's schema rules for any value: `rest_validate_value_from_schema` and
//! `rest_sanitize_value_from_schema`. They call each other as they do in WordPress's
//! `rest-api.php` (an `enum` is checked on the sanitized value; sanitizing an `anyOf` asks which
//! alternative validates), so they are one module.

pub mod sanitize;
pub mod validate;
