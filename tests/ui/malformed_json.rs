wp_schema_macros::routes!("../fixtures/bad/malformed.json");

fn main() {}
