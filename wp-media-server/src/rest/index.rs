//! `GET /wp-json/` and `GET /wp-json/wp/v2`: the site, its namespace, and the routes this server
//! serves.

use crate::request::{Call, Reply};
use crate::store::options;
use serde_json::{json, Map, Value};
use wp_schema_runtime::WpError;

pub fn index(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let site = &call.app.config.site_url;
    let option = |name| {
        call.app
            .store
            .option(name)
            .map_err(crate::request::internal)
    };
    let (name, description) = (
        option(options::BLOGNAME)?,
        option(options::BLOGDESCRIPTION)?,
    );
    let mut routes = Map::new();
    routes.insert("/".to_owned(), index_route(call));
    routes.extend(namespace_routes(call));
    let mut index = json!({
        "name": name.unwrap_or_default(),
        "description": description.unwrap_or_default(),
        "url": site,
        "home": site,
        "gmt_offset": 0,
        "timezone_string": "UTC",
        "page_for_posts": 0,
        "page_on_front": 0,
        "show_on_front": "posts",
        "namespaces": ["wp/v2"],
        "authentication": {
            "application-passwords": { "endpoints": { "authorization": format!("{site}/wp-admin/authorize-application.php") } }
        },
        "routes": routes,
        "site_logo": 0,
        "site_icon": 0,
        "site_icon_url": "",
    });
    if wants_links(call) {
        index["_links"] =
            json!({ "help": [{ "href": "https://developer.wordpress.org/rest-api/" }] });
    }
    Ok(Reply::ok(index))
}

/// The index has links as an item has them, and also whenever `_embed` is given.
fn wants_links(call: &Call<'_>) -> bool {
    let requested = crate::request::requested_fields(call);
    call.params.has("_embed") || crate::request::includes_links(requested.as_deref())
}

/// `GET /wp-json/wp/v2`: the namespace and its routes.
pub fn namespace(call: &mut Call<'_>) -> Result<Reply, WpError> {
    Ok(Reply::ok(json!({
        "namespace": "wp/v2",
        "routes": namespace_routes(call),
        "_links": { "up": [{ "href": call.app.config.rest_url("/") }] },
    })))
}

/// The routes of `wp/v2` this server serves, as the index describes them: the namespace's own,
/// then each route's document without its schema.
fn namespace_routes(call: &Call<'_>) -> Map<String, Value> {
    let documents = &call.app.documents;
    let mut routes = Map::new();
    routes.insert("/wp/v2".to_owned(), namespace_route(call));
    let served = [
        ("/wp/v2/media", &documents.media),
        ("/wp/v2/media/(?P<id>[\\d]+)", &documents.media_item),
        (
            "/wp/v2/media/(?P<id>[\\d]+)/post-process",
            &documents.media_post_process,
        ),
        ("/wp/v2/media/(?P<id>[\\d]+)/edit", &documents.media_edit),
        ("/wp/v2/users/(?P<id>[\\d]+)", &documents.user_item),
        ("/wp/v2/users/me", &documents.user_me),
    ];
    for (path, document) in served {
        let mut route = document.clone();
        if let Some(map) = route.as_object_mut() {
            map.remove("schema");
        }
        routes.insert(path.to_owned(), route);
    }
    routes
}

/// How WordPress describes the index route (its `OPTIONS` answer, and its entry in the index).
pub fn index_route(call: &Call<'_>) -> Value {
    json!({
        "namespace": "",
        "methods": ["GET"],
        "endpoints": [{ "methods": ["GET"], "args": { "context": { "default": "view", "required": false } } }],
        "_links": { "self": [{ "href": call.app.config.rest_url("/") }] },
    })
}

/// How WordPress describes the `wp/v2` namespace's own route.
pub fn namespace_route(call: &Call<'_>) -> Value {
    json!({
        "namespace": "wp/v2",
        "methods": ["GET"],
        "endpoints": [{
            "methods": ["GET"],
            "args": {
                "namespace": { "default": "wp/v2", "required": false },
                "context": { "default": "view", "required": false },
            },
        }],
        "_links": { "self": [{ "href": call.app.config.rest_url("/wp/v2") }] },
    })
}
