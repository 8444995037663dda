//! The `wp-schema` command.

fn main() {}
