//! `POST /wp/v2/media/{id}/post-process`: what the block editor asks for after an upload whose
//! sizes the server could not all make in time (`create-image-subsizes`).

use super::{perms, prepare};
use crate::api::media::WpV2MediaIdPostProcessUpdateArgs;
use crate::request::{internal, Call, Reply};
use crate::uploads::store_file;
use wp_schema_runtime::{Context, WpError};

/// The arguments, then the update permission (the attachment must exist and be editable by the
/// user), then the action; the answer is the attachment in the edit context, whatever context was
/// asked for. `create-image-subsizes` (`wp_update_image_subsizes`) makes an image's metadata,
/// copy and sizes when it has no metadata (an upload whose create refused `featured_media`).
/// Sizes missing beside metadata (a file that could not be written at upload) are not made again
/// here, where WordPress would make them.
pub fn post_process(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = WpV2MediaIdPostProcessUpdateArgs::from_request_with(&call.request_parts(), &*call)?;
    let row = perms::update(call, args.id.unwrap_or(0))?;
    if args.action == "create-image-subsizes" {
        let stored = call.app.store.attachment_meta(row.id).map_err(internal)?;
        let no_metadata = stored.metadata.as_object().is_none_or(|m| m.is_empty());
        if no_metadata && !stored.file.is_empty() {
            let regenerated =
                store_file::regenerate(call, &stored.file, &row.mime_type).map_err(internal)?;
            if let Some(staged) = regenerated {
                staged.commit_files(call, row.id)?;
            }
        }
    }
    Ok(Reply::ok(prepare::prepare(call, &row, Context::Edit)?))
}
