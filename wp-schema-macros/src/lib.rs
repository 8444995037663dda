//! The `routes!` macro: Rust types, context-filtered serializers and argument parsers from WordPress
//! route documents. All the work is done by `wp-schema-codegen`.
