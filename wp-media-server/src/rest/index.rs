//! `GET /wp-json/`: the site and the routes this server serves.

use super::dispatch::Call;
use super::Reply;
use crate::api;
use serde_json::{json, Map, Value};
use wp_schema_runtime::WpError;

pub fn index(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let site = &call.app.config.site_url;
    let mut routes = Map::new();
    let served = [
        ("/wp/v2/media", api::media::WP_V2_MEDIA_DOCUMENT),
        (
            "/wp/v2/media/(?P<id>[\\d]+)",
            api::media::WP_V2_MEDIA_ID_DOCUMENT,
        ),
        (
            "/wp/v2/users/(?P<id>[\\d]+)",
            api::users::WP_V2_USERS_ID_DOCUMENT,
        ),
    ];
    for (path, document) in served {
        let text = document.replace("{{site_url}}", site);
        let Ok(Value::Object(mut route)) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        route.remove("schema");
        routes.insert(path.to_owned(), Value::Object(route));
    }
    Ok(Reply::ok(json!({
        "name": "WP REST Oracle",
        "description": "",
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
        "_links": { "help": [{ "href": "https://developer.wordpress.org/rest-api/" }] },
    })))
}
