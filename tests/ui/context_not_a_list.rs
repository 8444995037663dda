// The stubs keep the names the user refers to, so this one error is the only one.
wp_schema_macros::routes!("../fixtures/bad/bad-context.json");

fn main() {
    let _item: Option<Widget> = None;
    let _view: Option<WidgetView> = None;
}
