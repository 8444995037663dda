wp_schema_macros::routes!("../fixtures/bad/variant-collision.json");

fn main() {
    let _item: Option<Switch> = None;
}
