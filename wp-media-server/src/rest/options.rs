//! `OPTIONS` on a route: its document as WordPress describes it (`context=help`).

use super::index;
use super::route::Route;
use crate::api;
use crate::request::{Call, Reply};
use wp_schema_runtime::WpError;

pub fn options(call: &Call<'_>, route: &Route) -> Result<Reply, WpError> {
    let document = match route {
        Route::Media => api::media::WP_V2_MEDIA_DOCUMENT,
        Route::MediaItem(_) => api::media::WP_V2_MEDIA_ID_DOCUMENT,
        Route::UserItem(_) => api::users::WP_V2_USERS_ID_DOCUMENT,
        Route::Index => return Ok(Reply::ok(index::index_route(call))),
        Route::Namespace => return Ok(Reply::ok(index::namespace_route(call))),
    };
    let text = document.replace("{{site_url}}", &call.app.config.site_url);
    let data = serde_json::from_str(&text).map_err(crate::request::internal)?;
    Ok(Reply::ok(data))
}
