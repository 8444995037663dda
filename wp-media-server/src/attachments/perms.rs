//! Who may do what to an attachment: the posts controller's permission checks and the meta
//! capabilities (`read_post`, `edit_post`, `delete_post`) as `map_meta_cap` maps them.

use crate::request::Call;
use crate::store::posts::PostRow;
use crate::store::users::Cap;
use serde_json::json;
use wp_schema_runtime::WpError;

pub fn invalid_id() -> WpError {
    WpError::new("rest_post_invalid_id", "Invalid post ID.").with_data(json!({ "status": 404 }))
}

/// `get_post()` of the attachments controller: only attachments, only positive ids.
pub fn attachment(call: &Call<'_>, id: i64) -> Result<PostRow, WpError> {
    if id <= 0 {
        return Err(invalid_id());
    }
    let row = call.app.store.post(id).map_err(crate::request::internal)?;
    row.filter(|r| r.post_type == "attachment")
        .ok_or_else(invalid_id)
}

fn is_own(call: &Call<'_>, row: &PostRow) -> bool {
    row.author != 0 && row.author == call.user_id()
}

/// The primitive capabilities a post type's meta capabilities map to (`capability_type`):
/// attachments take the post ones, pages their own.
struct TypeCaps {
    edit: [Cap; 4],
    delete: [Cap; 4],
    read_private: Cap,
}

const POST_CAPS: TypeCaps = TypeCaps {
    edit: [
        Cap::EditPosts,
        Cap::EditOthersPosts,
        Cap::EditPublishedPosts,
        Cap::EditPrivatePosts,
    ],
    delete: [
        Cap::DeletePosts,
        Cap::DeleteOthersPosts,
        Cap::DeletePublishedPosts,
        Cap::DeletePrivatePosts,
    ],
    read_private: Cap::ReadPrivatePosts,
};

const PAGE_CAPS: TypeCaps = TypeCaps {
    edit: [
        Cap::EditPages,
        Cap::EditOthersPages,
        Cap::EditPublishedPages,
        Cap::EditPrivatePages,
    ],
    delete: [
        Cap::DeletePages,
        Cap::DeleteOthersPages,
        Cap::DeletePublishedPages,
        Cap::DeletePrivatePages,
    ],
    read_private: Cap::ReadPrivatePages,
};

/// Navigation menus map every capability to `edit_theme_options`: only administrators may edit
/// one, or attach media to it (6.9.7 refuses an editor's upload with `post=4`).
const NAVIGATION_CAPS: TypeCaps = TypeCaps {
    edit: [Cap::EditThemeOptions; 4],
    delete: [Cap::EditThemeOptions; 4],
    read_private: Cap::EditThemeOptions,
};

fn caps_of(row: &PostRow) -> &'static TypeCaps {
    match row.post_type.as_str() {
        "page" => &PAGE_CAPS,
        "wp_navigation" => &NAVIGATION_CAPS,
        _ => &POST_CAPS,
    }
}

/// `edit_post` (and `delete_post` with the delete capabilities), mapped on the raw status: the
/// capabilities for one's own, others', published and private items.
fn may_change(call: &Call<'_>, row: &PostRow, caps: &[Cap; 4]) -> bool {
    let [own, others, published, private] = *caps;
    if is_privacy_policy_page(call, row) && !call.can(Cap::ManageOptions) {
        return false;
    }
    if is_own(call, row) {
        return if matches!(row.status.as_str(), "publish" | "future") {
            call.can(published)
        } else {
            call.can(own)
        };
    }
    call.can(others)
        && match row.status.as_str() {
            "publish" | "future" => call.can(published),
            "private" => call.can(private),
            _ => true,
        }
}

pub fn can_edit(call: &Call<'_>, row: &PostRow) -> bool {
    may_change(call, row, &caps_of(row).edit)
}

pub fn can_delete(call: &Call<'_>, row: &PostRow) -> bool {
    may_change(call, row, &caps_of(row).delete)
}

/// Whether `row` is the site's privacy policy page, which takes `manage_privacy_options` to edit
/// or delete (an editor may not attach media to it: 6.9.7 answers `rest_cannot_edit`).
fn is_privacy_policy_page(call: &Call<'_>, row: &PostRow) -> bool {
    row.post_type == "page"
        && call
            .app
            .store
            .option(crate::store::options::PAGE_FOR_PRIVACY_POLICY)
            .ok()
            .flatten()
            .and_then(|id| id.trim().parse::<i64>().ok())
            == Some(row.id)
}

/// The status `get_post_status()` reports: an attachment inherits its parent's.
fn effective_status(call: &Call<'_>, row: &PostRow) -> String {
    if row.post_type != "attachment" || row.status != "inherit" {
        return row.status.clone();
    }
    match (row.parent > 0 && row.parent != row.id)
        .then(|| call.app.store.post(row.parent).ok().flatten())
        .flatten()
    {
        Some(parent) => effective_status(call, &parent),
        None => "publish".to_owned(),
    }
}

/// `read_post`.
fn can_read_post(call: &Call<'_>, row: &PostRow) -> bool {
    match effective_status(call, row).as_str() {
        "publish" | "inherit" => true,
        "private" => is_own(call, row) || call.can(caps_of(row).read_private),
        _ => can_edit(call, row),
    }
}

/// `check_read_permission`.
pub fn can_read(call: &Call<'_>, row: &PostRow) -> bool {
    if row.status == "publish" || can_read_post(call, row) {
        return true;
    }
    if row.status == "inherit" && row.parent > 0 {
        if let Ok(Some(parent)) = call.app.store.post(row.parent) {
            return can_read(call, &parent);
        }
    }
    row.status == "inherit"
}

fn context(call: &Call<'_>) -> String {
    call.param_str("context").unwrap_or_default()
}

/// `get_items_permissions_check`.
pub fn list(call: &Call<'_>) -> Result<(), WpError> {
    if context(call) == "edit" && !call.can(Cap::EditPosts) {
        return Err(call.forbidden(
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit posts in this post type.",
        ));
    }
    Ok(())
}

/// `get_item_permissions_check`.
pub fn get(call: &Call<'_>, id: i64) -> Result<PostRow, WpError> {
    let row = attachment(call, id)?;
    if context(call) == "edit" && !can_edit(call, &row) {
        return Err(call.forbidden(
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit this post.",
        ));
    }
    if gives_wrong_password(call) {
        return Err(
            WpError::new("rest_post_incorrect_password", "Incorrect post password.")
                .with_data(json!({ "status": 403 })),
        );
    }
    if !can_read(call, &row) {
        return Err(call.forbidden("rest_forbidden", "Sorry, you are not allowed to do that."));
    }
    Ok(row)
}

/// Whether the query string carries a `password` (non-empty as PHP's `empty` reads it) that is
/// not the post's. Attachments never have a password, so any such value is wrong. WordPress 6.9.7
/// meets an array here with a fatal `TypeError` (500); it is refused as wrong instead.
fn gives_wrong_password(call: &Call<'_>) -> bool {
    !wp_schema_runtime::php::is_empty(call.req.query_params.get("password"))
}

fn non_empty(call: &Call<'_>, name: &str) -> bool {
    !wp_schema_runtime::php::is_empty(call.params.get(name))
}

fn int_param(call: &Call<'_>, name: &str) -> i64 {
    call.params
        .get(name)
        .map_or(0, wp_schema_runtime::php::to_int)
}

/// `! empty( $request['author'] ) && get_current_user_id() !== $request['author']`, with
/// `author` as the endpoint that took the request parsed it: an integer for a create; for the
/// collection's `GET`, whose request the `Allow` header checks `POST` with, a list of ids, which
/// is never `===` an id, so any author there needs `edit_others_posts` (6.9.7: an author's
/// `?author=2` is answered with `Allow: GET`). Nothing parsed it when the request's arguments
/// were refused: then it is the value sent, a string from a query or form, which is no integer
/// either (6.9.7: an author's `POST ?author=<own id>&comment_status=` is refused for its
/// `comment_status` with `Allow: GET`; fuzzer seed 1700).
fn author_is_someone_else(call: &Call<'_>) -> bool {
    let compared = || non_empty(call, "author") && int_param(call, "author") != call.user_id();
    match (call.req.method.as_str(), call.params.get("author")) {
        // Parsed by a create or update, or sent as a JSON number: an integer.
        ("POST", _) if !call.arguments_refused => compared(),
        ("POST", Some(serde_json::Value::Number(_))) => compared(),
        (_, None) => false,
        (_, Some(serde_json::Value::String(s))) => !s.is_empty(),
        (_, Some(value)) => !wp_schema_runtime::php::is_empty(Some(value)),
    }
}

/// `create_item_permissions_check` of the posts and attachments controllers.
pub fn create(call: &Call<'_>) -> Result<(), WpError> {
    if non_empty(call, "id") {
        return Err(
            WpError::new("rest_post_exists", "Cannot create existing post.")
                .with_data(json!({ "status": 400 })),
        );
    }
    if author_is_someone_else(call) && !call.can(Cap::EditOthersPosts) {
        return Err(call.forbidden(
            "rest_cannot_edit_others",
            "Sorry, you are not allowed to create posts as this user.",
        ));
    }
    if !call.can(Cap::UploadFiles) {
        return Err(call.forbidden(
            "rest_cannot_create",
            "Sorry, you are not allowed to create posts as this user.",
        ));
    }
    if non_empty(call, "post") {
        let parent = call
            .app
            .store
            .post(int_param(call, "post"))
            .map_err(crate::request::internal)?;
        if !parent.is_some_and(|p| can_edit(call, &p)) {
            return Err(call.forbidden(
                "rest_cannot_edit",
                "Sorry, you are not allowed to upload media to this post.",
            ));
        }
    }
    Ok(())
}

/// `update_item_permissions_check`.
pub fn update(call: &Call<'_>, id: i64) -> Result<PostRow, WpError> {
    let row = attachment(call, id)?;
    if !can_edit(call, &row) {
        return Err(call.forbidden(
            "rest_cannot_edit",
            "Sorry, you are not allowed to edit this post.",
        ));
    }
    if author_is_someone_else(call) && !call.can(Cap::EditOthersPosts) {
        return Err(call.forbidden(
            "rest_cannot_edit_others",
            "Sorry, you are not allowed to update posts as this user.",
        ));
    }
    Ok(row)
}

/// `edit_media_item_permissions_check`: uploading first, then the update's own checks.
pub fn edit(call: &Call<'_>, id: i64) -> Result<PostRow, WpError> {
    if !call.can(Cap::UploadFiles) {
        return Err(call.forbidden(
            "rest_cannot_edit_image",
            "Sorry, you are not allowed to upload media on this site.",
        ));
    }
    update(call, id)
}

/// `delete_item_permissions_check`.
pub fn delete(call: &Call<'_>, id: i64) -> Result<PostRow, WpError> {
    let row = attachment(call, id)?;
    if !can_delete(call, &row) {
        return Err(call.forbidden(
            "rest_cannot_delete",
            "Sorry, you are not allowed to delete this post.",
        ));
    }
    Ok(row)
}
