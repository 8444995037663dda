wp_schema_macros::routes!(
    "../fixtures/bad/collision-a.json",
    "../fixtures/bad/collision-b.json",
);

mod renamed {
    // Naming one document's types resolves the collision.
    wp_schema_macros::routes!(
        "../fixtures/bad/collision-a.json",
        "../fixtures/bad/collision-b.json" as OtherWidget,
    );
}

fn main() {
    let _item: Option<Widget> = None;
    let _renamed: Option<renamed::OtherWidgetView> = None;
}
