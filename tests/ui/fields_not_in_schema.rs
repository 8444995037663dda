// `fields!` checks the names of a `_fields` selection against the item's schema at compile time.
mod media {
    wp_schema_macros::routes! {
        client;
        "../../schemas/wp-6.9/routes.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
    }
}

fn main() {
    let fine = wp_schema_client::fields!(media::AttachmentFields: "id", "title.rendered");
    let wrong = wp_schema_client::fields!(media::AttachmentFields: "id", "title.rendred");
    let _ = (fine, wrong);
}
