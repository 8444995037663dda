// A misspelt argument in the overlay is an error, not a silently ignored line.
wp_schema_macros::routes!(
    "../fixtures/bad/overlay-unknown-arg.json",
    "../../schemas/wp-6.9/wp-v2-media.json",
);

fn main() {
    let _item: Option<Attachment> = None;
}
