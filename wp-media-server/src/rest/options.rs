//! `OPTIONS` on a route: its document as WordPress describes it (`context=help`).

use super::index;
use super::route::Route;
use crate::request::{Call, Reply};
use wp_schema_runtime::WpError;

pub fn options(call: &Call<'_>, route: &Route) -> Result<Reply, WpError> {
    let documents = &call.app.documents;
    let document = match route {
        Route::Media => &documents.media,
        Route::MediaItem(_) => &documents.media_item,
        Route::MediaPostProcess(_) => &documents.media_post_process,
        Route::MediaEdit(_) => &documents.media_edit,
        Route::UserItem(_) => &documents.user_item,
        Route::UserMe => &documents.user_me,
        Route::Index => return Ok(Reply::ok(index::index_route(call))),
        Route::Namespace => return Ok(Reply::ok(index::namespace_route(call))),
    };
    Ok(Reply::ok(document.clone()))
}
