wp_schema_macros::routes!("../fixtures/bad/no-such-file.json");

fn main() {}
