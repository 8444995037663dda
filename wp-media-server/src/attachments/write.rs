//! `POST /wp/v2/media`, `POST|PUT|PATCH /wp/v2/media/{id}` and `DELETE /wp/v2/media/{id}`.

use super::read::bad_request;
use super::{perms, prepare};
use crate::api::media::{AttachmentCreateArgs, AttachmentDeleteArgs, AttachmentUpdateArgs};
use crate::names::files;
use crate::names::slugs::{slug_of_id, unique_slug};
use crate::request::internal;
use crate::request::Call;
use crate::request::Reply;
use crate::store::posts::PostRow;
use crate::store::users::Cap;
use crate::store::MetaChanges;
use crate::text::kses;
use crate::uploads::{store_file, upload};
use serde_json::{json, Value};
use wp_schema_runtime::{Context, WpError};

/// What `prepare_item_for_database` reads from create and update arguments alike.
#[derive(Default)]
pub(super) struct Changes {
    pub title: Option<String>,
    pub caption: Option<String>,
    pub description: Option<String>,
    pub slug: Option<String>,
    pub status: Option<String>,
    pub author: Option<i64>,
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub comment_status: Option<String>,
    pub ping_status: Option<String>,
    pub post: Option<i64>,
    pub alt_text: Option<String>,
    pub template: Option<String>,
}

/// The create and update parsers are distinct generated types with the same fields.
macro_rules! changes_of {
    ($args:expr) => {{
        let args = $args;
        Changes {
            title: text(args.title.as_ref()),
            caption: text(args.caption.as_ref()),
            description: text(args.description.as_ref()),
            slug: args.slug.clone(),
            status: args.status.clone(),
            author: args.author,
            date: args.date.clone(),
            date_gmt: args.date_gmt.clone(),
            comment_status: args.comment_status.clone(),
            ping_status: args.ping_status.clone(),
            post: args.post,
            alt_text: args.alt_text.clone(),
            template: args.template.clone(),
        }
    }};
}

/// A text field given as a string or as `{ "raw": … }`; anything else is ignored.
pub(super) fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o
            .get("raw")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        _ => None,
    }
}

fn check_parent_type(call: &Call<'_>, post: Option<i64>) -> Result<(), WpError> {
    let Some(post) = post.filter(|p| *p != 0) else {
        return Ok(());
    };
    let parent = call.app.store.post(post).map_err(internal)?;
    if parent.is_some_and(|p| matches!(p.post_type.as_str(), "revision" | "attachment")) {
        return Err(bad_request("rest_invalid_param", "Invalid parent type."));
    }
    Ok(())
}

/// Applies the changes to `row` in WordPress's order; errors for forbidden statuses and authors.
pub(super) fn apply(call: &Call<'_>, row: &mut PostRow, changes: &Changes) -> Result<(), WpError> {
    // `wp_insert_post` filters HTML for users who may not post it unfiltered.
    let site = &call.app.config.site_url;
    let filter = |text: &str, rules| match call.can(Cap::UnfilteredHtml) {
        true => text.to_owned(),
        false => kses::kses(text, rules, site),
    };
    // `title_save_pre` trims a title before kses sees it, whether given or made from the file
    // name (6.9.7 titles `  notes (1).txt` "notes (1)").
    if let Some(title) = &changes.title {
        row.title = filter(wp_schema_runtime::php::trim(title), kses::Rules::Title);
    }
    if let Some(caption) = &changes.caption {
        row.excerpt = filter(caption, kses::Rules::Post);
    }
    if let Some(description) = &changes.description {
        row.content = filter(description, kses::Rules::Post);
    }
    if let Some(status) = &changes.status {
        if matches!(status.as_str(), "private" | "publish" | "future")
            && !call.can(Cap::PublishPosts)
        {
            return Err(call.forbidden(
                "rest_cannot_publish",
                "Sorry, you are not allowed to publish posts in this post type.",
            ));
        }
        row.status = if matches!(status.as_str(), "inherit" | "private" | "trash") {
            status.clone()
        } else {
            "inherit".into()
        };
    }
    if let Some(author) = changes.author.filter(|a| *a != 0) {
        if author != call.user_id() && call.app.store.user(author).map_err(internal)?.is_none() {
            return Err(bad_request("rest_invalid_author", "Invalid author ID."));
        }
        row.author = author;
    }
    // `date` wins over `date_gmt` when both are given (the site's timezone is UTC, so one value
    // serves both columns).
    let mut given = [&changes.date, &changes.date_gmt].into_iter().flatten();
    if let Some(date) = given.find(|d| !d.is_empty()) {
        if let Some(mysql) = crate::clock::from_rfc3339(date) {
            row.date = mysql.clone();
            row.date_gmt = mysql;
        }
    }
    // A parameter that is there but null (a JSON `null` that no other source overrides) resets
    // both, and `wp_insert_post` then stamps the post with now.
    if ["date", "date_gmt"]
        .iter()
        .any(|name| call.params.has(name) && call.params.get(name).is_none())
    {
        let now = crate::clock::now_mysql();
        row.date = now.clone();
        row.date_gmt = now;
    }
    if let Some(s) = &changes.comment_status {
        row.comment_status = s.clone();
    }
    if let Some(s) = &changes.ping_status {
        row.ping_status = s.clone();
    }
    if let Some(post) = changes.post {
        // `post_parent` is unsigned, and MySQL outside strict mode (WordPress turns it off)
        // stores a negative value as 0.
        row.parent = post.max(0);
    }
    Ok(())
}

/// What `featured_media` does to an attachment of type `mime` (`handle_featured_media`): the
/// theme supports thumbnails of posts, audio and video, not of other attachments, which are
/// refused whatever the id. An id (PHP's `absint` of it) sets the thumbnail when it names an image
/// attachment (`set_post_thumbnail`: `wp_get_attachment_image` gives markup); when it names another
/// post the thumbnail is removed and the answer is "invalid", as it is for an id no post has,
/// which changes nothing. 0 removes the thumbnail (`delete_post_thumbnail`), never an error.
fn featured_media(
    call: &Call<'_>,
    mime: &str,
    id: i64,
) -> Result<Option<i64>, (WpError, Option<i64>)> {
    if !(mime.starts_with("audio/") || mime.starts_with("video/")) {
        let message = format!(
            "This site does not support post thumbnails on attachments with MIME type {mime}."
        );
        return Err((bad_request("rest_no_featured_media", &message), None));
    }
    if id == 0 {
        return Ok(Some(0));
    }
    let id = id.unsigned_abs() as i64;
    let invalid = || bad_request("rest_invalid_featured_media", "Invalid featured media ID.");
    let Some(post) = call.app.store.post(id).map_err(|e| (internal(e), None))? else {
        return Err((invalid(), None));
    };
    // `wp_attachment_is( 'image' )`: an attached file, and an image's type.
    let file = call
        .app
        .store
        .attachment_meta(id)
        .map_err(|e| (internal(e), None))?
        .file;
    match post.post_type == "attachment" && post.mime_type.starts_with("image/") && !file.is_empty()
    {
        true => Ok(Some(id)),
        false => Err((invalid(), Some(0))),
    }
}

pub fn create(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = AttachmentCreateArgs::from_params_with(&call.params, &*call)?;
    perms::create(call)?;
    check_parent_type(call, args.post)?;
    let incoming = upload::incoming(call.req)?;
    let unfiltered = call.can(Cap::UnfilteredHtml);
    let sideload_code = if incoming.from_form {
        "rest_upload_unknown_error"
    } else {
        "rest_upload_sideload_error"
    };
    let fail =
        |message: &str| WpError::new(sideload_code, message).with_data(json!({ "status": 500 }));
    if incoming.bytes.is_empty() {
        return Err(fail("File is empty. Please upload something more substantial. This error could also be caused by uploads being disabled in your php.ini file or by post_max_size being defined as smaller than upload_max_filesize in php.ini."));
    }
    let name = files::sanitize_file_name(&incoming.name, unfiltered);
    let Some((mime, name)) = files::check_filetype_and_ext(&incoming.bytes, &name, unfiltered)
    else {
        return Err(fail("Sorry, you are not allowed to upload this file type."));
    };
    let now = crate::clock::now_mysql();
    let mut changes = changes_of!(&args);
    // WordPress names the folder from the uploads folder's own name when it is not under the
    // WordPress tree, as here.
    // `wp_upload_dir()`'s `subdir` carries its own slash, and is empty without year and month
    // folders.
    let not_moved = |subdir: &str| {
        let subdir = if subdir.is_empty() {
            String::new()
        } else {
            format!("/{subdir}")
        };
        fail(&format!(
            "The uploaded file could not be moved to uploads{subdir}."
        ))
    };
    let stored = store_file::write(call, &incoming.bytes, &name, mime).map_err(|e| match e {
        store_file::WriteError::NotMoved { ref subdir, .. } => {
            tracing::warn!("{e}");
            not_moved(subdir)
        }
        store_file::WriteError::Other(e) => internal(e),
    })?;
    if let Some(meta) = stored.metadata.get("image_meta") {
        // `empty( $request['title'] )`: the parameter as sent, so a title given as
        // `{"rendered": …}` (which sets nothing) still keeps the picture's own out (6.9.7).
        let given = |name: &str| !wp_schema_runtime::php::is_empty(call.params.get(name));
        let meta_title = trimmed_text(meta, "title");
        if !given("title")
            && !meta_title.is_empty()
            && !wp_schema_runtime::slug::sanitize_title(&meta_title)
                .bytes()
                .all(|b| b.is_ascii_digit())
        {
            changes.title = Some(meta_title);
        }
        let meta_caption = trimmed_text(meta, "caption");
        if !given("caption") && !meta_caption.is_empty() {
            changes.caption = Some(meta_caption);
        }
    }
    let file_title = {
        let source = if incoming.from_form {
            incoming.name.as_str()
        } else {
            stored.file_name.as_str()
        };
        source
            .rsplit_once('.')
            .map_or(source, |(stem, _)| stem)
            .to_owned()
    };
    if changes.title.as_deref().unwrap_or("").is_empty() {
        changes.title = Some(file_title.clone());
    }
    // The create saves the attachment, then sets or refuses `featured_media`, before it
    // generates the metadata: a refused one leaves the attachment as uploaded, without sizes,
    // metadata or cover (a thumbnail it removes was never there).
    let (thumbnail_id, refused_featured_media) =
        match args.featured_media.map(|id| featured_media(call, mime, id)) {
            None => (None, None),
            Some(Ok(thumbnail)) => (thumbnail.filter(|id| *id != 0), None),
            Some(Err((refused, _))) => (None, Some(refused)),
        };
    let mut stored = stored;
    if refused_featured_media.is_some() {
        stored.without_metadata();
    }
    let new_row = || PostRow {
        guid: call.app.config.uploads_url(&stored.original_relative()),
        ..PostRow::new_attachment(call.user_id(), mime, &now)
    };
    let mut row = new_row();
    let applied = match apply(call, &mut row, &changes) {
        // WordPress's create does not check what `prepare_item_for_database` gives back: an
        // author or status it refuses leaves an error object, which is inserted as the post. Only
        // what the attachments controller sets on it afterwards survives (caption, description,
        // parent), with the title from the file name; meta is written after the insert as usual
        // (6.9.7 answers 201 to an upload with `author=999`).
        Err(e) if matches!(&*e.code, "rest_invalid_author" | "rest_cannot_publish") => {
            changes = Changes {
                title: Some(file_title),
                caption: changes.caption,
                description: changes.description,
                post: changes.post,
                alt_text: changes.alt_text,
                template: changes.template,
                ..Changes::default()
            };
            row = new_row();
            apply(call, &mut row, &changes)
        }
        applied => applied,
    };
    let result = applied.and_then(|()| {
        // `wp_insert_post` stamps a new post's modification with the date it was given.
        row.modified = row.date.clone();
        row.modified_gmt = row.date_gmt.clone();
        let meta = MetaChanges {
            alt_text: changes.alt_text.as_deref(),
            template: changes.template.as_deref(),
            thumbnail_id,
            ..MetaChanges::default()
        };
        // Files the uploads storage would not take (a bucket that does not answer) were not
        // moved to the uploads.
        let subdir = stored.relative.rsplit_once('/').map_or("", |(dir, _)| dir);
        let not_placed = |cause: std::io::Error| {
            tracing::warn!("the upload's files could not be placed in uploads/{subdir}: {cause}");
            not_moved(subdir)
        };
        stored.commit(call, &mut row, &changes.slug, &meta, &not_placed)
    });
    let id = match result {
        Ok(id) => id,
        Err(e) => {
            stored.discard();
            return Err(e);
        }
    };
    row.id = id;
    if let Some(refused) = refused_featured_media {
        return Err(refused);
    }
    let data = prepare::prepare(call, &row, Context::Edit)?;
    let location = call.app.config.rest_url(&format!("/wp/v2/media/{id}"));
    Ok(Reply {
        status: 201,
        ..Reply::ok(data)
    }
    .with_header("Location", location)
    .with_upload_attachment_id(id))
}

pub fn update(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let id = crate::request::raw_id(call);
    if let Ok(Some(row)) = call.app.store.post(id) {
        // Only `check_template` reads these, and only when `template` is sent: the meta is read
        // then, not on every update.
        if call.params.has("template") {
            let meta = call.app.store.attachment_meta(id).map_err(internal)?;
            call.current_template = Some(meta.template);
            call.allowed_templates = crate::theme::page_templates(&row.post_type)
                .iter()
                .map(|t| t.to_string())
                .collect();
        }
        call.current_status = Some(row.status);
    }
    let args = AttachmentUpdateArgs::from_request_with(&call.request_parts(), &*call)?;
    let mut row = perms::update(call, args.id.unwrap_or(0))?;
    check_parent_type(call, args.post)?;
    let changes = changes_of!(&args);
    apply(call, &mut row, &changes)?;
    let now = crate::clock::now_mysql();
    row.modified = now.clone();
    row.modified_gmt = now;
    let tx = call.app.store.begin().map_err(internal)?;
    // An empty slug asks for the title's again, and the id's when the title gives none.
    if let Some(slug) = changes.slug.as_deref() {
        let title_slug = wp_schema_runtime::slug::sanitize_title(&row.title);
        row.slug = match (slug, title_slug.as_str()) {
            ("", "") => slug_of_id(row.id, |s| tx.slug_taken(s, row.id)),
            ("", title) => unique_slug(title, |s| tx.slug_taken(s, row.id)),
            (slug, _) => unique_slug(slug, |s| tx.slug_taken(s, row.id)),
        }
        .map_err(internal)?;
    }
    // The posts controller's update sets `featured_media` and does not look at what came of it
    // (the attachments controller's own check reads a `$schema` it never set): a refusal changes
    // nothing and the update answers 200, while an id that is no image still removes the
    // thumbnail (6.9.7).
    let thumbnail_id = match args
        .featured_media
        .map(|id| featured_media(call, &row.mime_type, id))
    {
        Some(Ok(thumbnail) | Err((_, thumbnail))) => thumbnail,
        None => None,
    };
    let meta = MetaChanges {
        alt_text: changes.alt_text.as_deref(),
        template: changes.template.as_deref(),
        thumbnail_id,
        ..MetaChanges::default()
    };
    tx.update_attachment(&row, &meta).map_err(internal)?;
    tx.commit().map_err(internal)?;
    // WordPress prepares an updated attachment twice (the posts controller's answer, then the
    // attachments controller's own), and an audio or video player's number counts both renders
    // (6.9.7 answers `audio-5-2`); the first answer is thrown away, so only they need it.
    if row.mime_type.starts_with("audio/") || row.mime_type.starts_with("video/") {
        prepare::prepare(call, &row, Context::Edit)?;
    }
    Ok(Reply::ok(prepare::prepare(call, &row, Context::Edit)?))
}

pub fn delete(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = AttachmentDeleteArgs::from_params_with(&call.params, &*call)?;
    let row = perms::delete(call, args.id.unwrap_or(0))?;
    if !args.force {
        return Err(WpError::new(
            "rest_trash_not_supported",
            "The post does not support trashing. Set 'force=true' to delete.",
        )
        .with_data(json!({ "status": 501 })));
    }
    let mut previous = prepare::prepare(call, &row, Context::Edit)?;
    if let Value::Object(map) = &mut previous {
        map.remove("_links");
    }
    store_file::remove(call, &row).map_err(internal)?;
    Ok(Reply::ok(json!({ "deleted": true, "previous": previous })))
}

/// A text of an image's `image_meta`, trimmed; empty when it has none.
fn trimmed_text(meta: &Value, key: &str) -> String {
    meta.get(key)
        .and_then(Value::as_str)
        .unwrap_or("")
        .trim()
        .to_owned()
}
