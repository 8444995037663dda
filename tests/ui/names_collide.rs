// The property `view` makes a struct `WidgetView`, the name of the view-context type too.
wp_schema_macros::routes!("../fixtures/bad/nested-name-collision.json");

mod renamed {
    // Two documents whose schemas share a title get distinct names: `Widget`, then `Widget2`.
    wp_schema_macros::routes!(
        "../fixtures/bad/collision-a.json",
        "../fixtures/bad/collision-b.json",
    );
}

fn main() {
    let _item: Option<Widget> = None;
    let _first: Option<renamed::WidgetView> = None;
    let _second: Option<renamed::Widget2View> = None;
}
