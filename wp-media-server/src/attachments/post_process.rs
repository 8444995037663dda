//! `POST /wp/v2/media/{id}/post-process`: what the block editor asks for after an upload whose
//! sizes the server could not all make in time (`create-image-subsizes`).

use super::{perms, prepare};
use crate::api::media::WpV2MediaIdPostProcessUpdateArgs;
use crate::request::{Call, Reply};
use wp_schema_runtime::{Context, WpError};

/// The arguments, then the update permission (the attachment must exist and be editable by the
/// user), then the action; the answer is the attachment in the edit context, whatever context was
/// asked for. `create-image-subsizes` makes the sizes `missing_image_sizes` lists: this server
/// makes every size at upload, so there are none unless a file of one could not be written then,
/// which it does not try again (the answer then lists it as WordPress would before retrying).
pub fn post_process(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = WpV2MediaIdPostProcessUpdateArgs::from_request_with(&call.request_parts(), &*call)?;
    let row = perms::update(call, args.id.unwrap_or(0))?;
    Ok(Reply::ok(prepare::prepare(call, &row, Context::Edit)?))
}
