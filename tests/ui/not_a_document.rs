wp_schema_macros::routes!("../fixtures/bad/not-a-document.json");

fn main() {}
