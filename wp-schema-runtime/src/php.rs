//! PHP's value model, from `wp-schema-php`, where the generator and the server find it too.

pub use wp_schema_php::*;
