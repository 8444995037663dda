// A route document of a route with path variables does not state its route: without the
// routes.json that `wp-schema pull` writes beside it, the client cannot be generated.
wp_schema_macros::routes!(client; "../../schemas/wp-6.9/wp-v2-media-id.json");

fn main() {}
