//! An attachment row as the REST API answers it: the generated `Attachment`, filtered to the
//! context and the controller's `_fields` rules, with its `_links`.

use super::players::{self, Kind};
use super::render;
use crate::api::media::{
    Attachment, AttachmentCaption, AttachmentDescription, AttachmentGuid, AttachmentTitle,
};
use crate::clock::to_rfc3339;
use crate::names::permalinks::{plain_attachment_link, PostTags};
use crate::request::Call;
use crate::store::posts::{AttachmentMeta, PostRow};
use crate::store::Generation;
use serde_json::{json, Map, Value};
use wp_schema_runtime::fields::rest_is_field_included;
use wp_schema_runtime::{php_json, Absent, Context, WpError};

/// Fields the attachments controller adds itself; it keeps them only when named exactly.
const ATTACHMENT_FIELDS: &[&str] = &[
    "description",
    "caption",
    "alt_text",
    "media_type",
    "mime_type",
    "media_details",
    "post",
    "source_url",
    "missing_image_sizes",
];

const IMAGE_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "jpe", "gif", "png", "webp", "avif", "heic", "heif",
];

/// An attachment's meta, as the item is made from it.
type Stored = AttachmentMeta;

/// The meta of `row`, or the error for a store that cannot give it.
fn load(call: &Call<'_>, row: &PostRow) -> Result<Stored, WpError> {
    call.attachment_meta(row.id)
        .map_err(crate::request::internal)
}

/// Whether the attachment is an image WordPress makes sizes of.
fn is_image(stored: &Stored, row: &PostRow) -> bool {
    let ext = stored
        .file
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    row.mime_type.starts_with("image/") && IMAGE_EXTENSIONS.contains(&ext.as_str())
}

/// The URL of the folder the attachment's files are in.
fn dir_url(stored: &Stored, call: &Call<'_>) -> String {
    call.app.config.uploads_url(stored.dir())
}

/// The response data for `row` in `ctx`.
pub fn prepare(call: &Call<'_>, row: &PostRow, ctx: Context) -> Result<Value, WpError> {
    prepare_with(call, row, ctx, crate::request::requested_fields(call))
}

/// `_embedded['wp:featuredmedia'][0]`: the attachment `id` as a request of its own for it in the
/// embed context answers (the embedding request's `_fields` are not its); `None` when no
/// attachment has the id.
pub fn embedded(call: &Call<'_>, id: i64) -> Option<Value> {
    let row = call.app.store.post(id).ok()??;
    if row.post_type != "attachment" {
        return None;
    }
    if !super::perms::can_read(call, &row) {
        let refusal = call.forbidden("rest_forbidden", "Sorry, you are not allowed to do that.");
        return Some(refusal.to_json());
    }
    Some(match prepare_with(call, &row, Context::Embed, None) {
        Ok(item) => item,
        Err(error) => error.to_json(),
    })
}

/// [`prepare`] for the fields `requested` (`None`: all of them).
fn prepare_with(
    call: &Call<'_>,
    row: &PostRow,
    ctx: Context,
    requested: Option<Vec<String>>,
) -> Result<Value, WpError> {
    let stored = load(call, row)?;
    let featured = stored.thumbnail_id;
    let item = attachment(call, row, stored, ctx, requested.as_deref());
    let mut data =
        serde_json::to_value(item.serialize_in(ctx)).map_err(crate::request::internal)?;
    if let (Some(requested), Value::Object(map)) = (&requested, &mut data) {
        map.retain(|key, _| {
            if ATTACHMENT_FIELDS.contains(&key.as_str()) {
                requested.iter().any(|f| f == key)
            } else {
                rest_is_field_included(key, requested)
            }
        });
    }
    if let (true, Value::Object(map)) = (
        crate::request::includes_links(requested.as_deref()),
        &mut data,
    ) {
        map.insert(
            "_links".to_owned(),
            serde_json::to_value(super::links::links(call, row, featured, ctx))
                .map_err(crate::request::internal)?,
        );
    }
    Ok(data)
}

/// Whether an answer can be [`write`]n: no `_fields`, `_embed` or `_envelope` will reshape it.
pub fn writes_straight(call: &Call<'_>) -> bool {
    !call.req.reshapes_data() && crate::request::requested_fields(call).is_none()
}

/// What [`prepare`] gives when no `_fields` asks for less, written as JSON straight from the
/// generated struct, without a `Value` tree in between; the item itself comes from the cache
/// while the database is at `generation`, which was read before `row` (none: not cached).
pub fn write(
    call: &Call<'_>,
    row: &PostRow,
    ctx: Context,
    generation: Option<Generation>,
    out: &mut Vec<u8>,
) -> Result<(), WpError> {
    // The links name the featured media, which the item's meta gives.
    let featured = std::cell::Cell::new(None);
    let render = || {
        let stored = load(call, row)?;
        featured.set(Some(stored.thumbnail_id));
        let item = attachment(call, row, stored, ctx, None);
        php_json::to_vec(&item.serialize_in(ctx)).map_err(crate::request::internal)
    };
    // A player carries the request's instance numbers, so its item is never the same twice.
    let item: std::sync::Arc<[u8]> = match generation {
        Some(generation) if Kind::of(&row.mime_type).is_none() => call
            .app
            .items
            .get_or_write(generation, row.id, ctx, render)?,
        _ => render()?.into(),
    };
    out.extend_from_slice(&item);
    // `_links` joins as the last key, where `prepare` inserts it.
    let was_empty = item.len() == 2;
    out.pop();
    if !was_empty {
        out.push(b',');
    }
    out.extend_from_slice(b"\"_links\":");
    let featured = match featured.get() {
        Some(featured) => featured,
        // A cached item was not rendered again.
        None => load(call, row)?.thumbnail_id,
    };
    php_json::to_writer(&mut *out, &super::links::links(call, row, featured, ctx))
        .map_err(crate::request::internal)?;
    out.push(b'}');
    Ok(())
}

fn attachment(
    call: &Call<'_>,
    row: &PostRow,
    mut stored: Stored,
    ctx: Context,
    requested: Option<&[String]>,
) -> Attachment {
    let config = &call.app.config;
    let source_url = config.uploads_url(&stored.file);
    let is_image = is_image(&stored, row);
    // WordPress renders the description and the caption only for an answer that keeps them (the
    // context has them, `_fields` names them exactly), and a render may count a player instance.
    let named = |field: &str| requested.is_none_or(|r| r.iter().any(|f| f == field));
    let renders_description = ctx != Context::Embed && named("description");
    let renders_caption = named("caption");
    // `wp_attachment_is` wants an attached file.
    let player = Kind::of(&row.mime_type).filter(|_| !stored.file.is_empty());
    // A video shows its featured media's file before it plays (`prepend_attachment`).
    let poster = (player == Some(Kind::Video) && stored.thumbnail_id != 0)
        .then(|| call.app.store.attachment_meta(stored.thumbnail_id).ok())
        .flatten()
        .filter(|thumbnail| !thumbnail.file.is_empty())
        .map(|thumbnail| config.uploads_url(&thumbnail.file));
    let render_description = || {
        let prepended = match player {
            Some(kind) => players::markup(
                kind,
                row.id,
                kind.next_instance(&call.players),
                &source_url,
                video_size(&stored.metadata),
                poster.as_deref(),
            ),
            None => render::attachment_paragraph(&render::attachment_link(
                &source_url,
                &row.title,
                is_image
                    .then(|| medium_image(call, &stored, &source_url))
                    .as_deref(),
            )),
        };
        render::description(&prepended, &row.content)
    };
    let description = if renders_description {
        render_description()
    } else {
        String::new()
    };
    // `wp_trim_excerpt` makes one when the caption is nothing but PHP's white space.
    let blank_caption = wp_schema_runtime::php::trim(&row.excerpt).is_empty();
    let caption = match (renders_caption, blank_caption) {
        (false, _) => String::new(),
        // The excerpt is made from a render of its own: a player counts another instance.
        (true, true) if player.is_some() || !renders_description => {
            render::caption("", &render_description())
        }
        (true, _) => render::caption(&row.excerpt, &description),
    };
    let (link, permalink_template) = permalinks(call, row);
    let missing_image_sizes = match (ctx, is_image) {
        (Context::Edit, true) => missing_sizes(call, &stored),
        _ => Vec::new(),
    };
    Attachment {
        date: to_rfc3339(&row.date),
        date_gmt: to_rfc3339(&row.date_gmt),
        guid: AttachmentGuid {
            rendered: row.guid.clone(),
            raw: row.guid.clone(),
            absent: Absent::NONE,
            extra: Default::default(),
        },
        id: row.id,
        link,
        modified: to_rfc3339(&row.modified).unwrap_or_default(),
        modified_gmt: to_rfc3339(&row.modified_gmt).unwrap_or_default(),
        slug: row.slug.clone(),
        status: row.status.as_str().into(),
        r#type: "attachment".to_owned(),
        permalink_template,
        generated_slug: if ctx == Context::Edit {
            generated_slug(call, row)
        } else {
            String::new()
        },
        class_list: [
            format!("post-{}", row.id),
            "attachment".to_owned(),
            "type-attachment".to_owned(),
            format!("status-{}", row.status),
        ]
        .into_iter()
        // `get_post_class`: the theme supports post thumbnails, and a REST request is no
        // attachment page.
        .chain((stored.thumbnail_id != 0).then(|| "has-post-thumbnail".to_owned()))
        .chain(["hentry".to_owned()])
        .collect(),
        title: AttachmentTitle {
            raw: row.title.clone(),
            rendered: crate::text::texturize::the_title(&row.title),
            absent: Absent::NONE,
            extra: Default::default(),
        },
        author: row.author,
        featured_media: stored.thumbnail_id,
        comment_status: row.comment_status.as_str().into(),
        ping_status: row.ping_status.as_str().into(),
        meta: Value::Array(Vec::new()),
        template: std::mem::take(&mut stored.template),
        alt_text: std::mem::take(&mut stored.alt),
        caption: AttachmentCaption {
            raw: row.excerpt.clone(),
            rendered: caption,
            absent: Absent::NONE,
            extra: Default::default(),
        },
        description: AttachmentDescription {
            raw: row.content.clone(),
            rendered: description,
            absent: Absent::NONE,
            extra: Default::default(),
        },
        media_type: if is_image { "image" } else { "file" }.into(),
        mime_type: row.mime_type.clone(),
        media_details: media_details(
            std::mem::take(&mut stored.metadata),
            &source_url,
            &row.mime_type,
            &dir_url(&stored, call),
        ),
        post: (row.parent != 0).then_some(row.parent),
        source_url,
        missing_image_sizes,
        absent: Absent::NONE,
        extra: Default::default(),
    }
}

/// `wp_get_missing_image_subsizes`: the registered sizes the uploaded image allows that its
/// metadata lacks, every size when it has no metadata. The uploaded image is the original when a
/// `-scaled` or `-rotated` copy stands in for it, measured by its header: a 1024x11 JPEG turned
/// upright to 11x1024 misses `medium_large`, which the original allows (6.9.7).
fn missing_sizes(call: &Call<'_>, stored: &Stored) -> Vec<String> {
    let sizes = &call.app.config.image_sizes;
    let Some(meta) = stored.metadata.as_object().filter(|m| !m.is_empty()) else {
        return sizes.registered().map(|s| s.name.clone()).collect();
    };
    let dim = |key: &str| meta.get(key).and_then(Value::as_i64).unwrap_or(0);
    let original = meta
        .get("original_image")
        .and_then(Value::as_str)
        .and_then(|name| {
            let relative = crate::storage::join(stored.dir(), name);
            let bytes = call.app.uploads.read(&relative).ok()?;
            crate::images::decode::dimensions(&bytes)
        });
    let (width, height) = original.map_or((dim("width"), dim("height")), |(w, h)| {
        (i64::from(w), i64::from(h))
    });
    let made = meta.get("sizes").and_then(Value::as_object);
    sizes
        .registered()
        .filter(|size| {
            crate::images::sizes::resize_dimensions(
                width,
                height,
                size.width,
                size.height,
                size.crop,
            )
            .is_some()
                && !made.is_some_and(|made| made.contains_key(&size.name))
        })
        .map(|size| size.name.clone())
        .collect()
}

/// The slug the title would get now (`get_sample_permalink`): unique among the other posts. A
/// title that leaves no slug falls back to the post's id (`sanitize_title( $title, $post->ID )`).
/// It is shown as `editable_slug` filters it: URL-decoded, then HTML-escaped (6.9.7: `rawAzz`
/// for the slug `raw%41zz`; `""` where the decoded bytes are not UTF-8).
fn generated_slug(call: &Call<'_>, row: &PostRow) -> String {
    let mut base = wp_schema_runtime::slug::sanitize_title(&row.title);
    if base.is_empty() {
        base = row.id.to_string();
    }
    let slug =
        crate::names::slugs::unique_slug(&base, |slug| call.app.store.slug_taken(slug, row.id))
            .unwrap_or(base);
    wp_schema_runtime::php::htmlspecialchars(&wp_schema_runtime::php::urldecode(&slug))
}

/// `link` and `permalink_template` (`get_attachment_link`, with and without the slug filled in).
pub fn permalinks(call: &Call<'_>, row: &PostRow) -> (String, String) {
    permalinks_within(call, row, MAX_ATTACHMENT_ANCESTORS)
}

/// How many attachments up a chain of attachment parents is followed; WordPress follows it
/// without end, and a cycle of parents would never return there.
const MAX_ATTACHMENT_ANCESTORS: usize = 16;

fn permalinks_within(call: &Call<'_>, row: &PostRow, depth: usize) -> (String, String) {
    let home = &call.app.config.site_url;
    let permalinks = &call.app.config.permalinks;
    let fallback = plain_attachment_link(home, row.id);
    if row.parent == 0 {
        return (
            permalinks.root_attachment_link(home, row.id, &row.slug),
            fallback,
        );
    }
    // A post that is its own parent, or whose parent is gone, gets the plain link.
    let parent = (row.parent != row.id)
        .then(|| call.app.store.post(row.parent).ok().flatten())
        .flatten();
    // An attachment's link is its parent's permalink and its slug; the parent's permalink is an
    // attachment link again when the parent is an attachment (6.9.7 links an edited copy
    // attached to its original as `/original/copy/`), and a plain one leaves the plain link.
    let base = parent
        .as_ref()
        .filter(|_| permalinks.using_permalinks())
        .and_then(|parent| match parent.post_type.as_str() {
            "attachment" if depth > 0 => {
                let (link, _) = permalinks_within(call, parent, depth - 1);
                (!link.contains('?')).then_some(link)
            }
            _ => parent_link(call, parent),
        });
    match base {
        Some(base) => {
            // `<permalink>/<number>/` is a page of the parent, and `%category%` structures
            // take the marker too.
            let marked = row.slug.bytes().all(|b| b.is_ascii_digit()) || permalinks.has_category();
            let name = if marked {
                format!("attachment/{}", row.slug)
            } else {
                row.slug.clone()
            };
            let base = base.trim_end_matches('/');
            (
                permalinks.user_trailingslashit(&format!("{base}/{name}")),
                permalinks.user_trailingslashit(&format!("{base}/%postname%")),
            )
        }
        None => (fallback.clone(), fallback),
    }
}

/// A parent's permalink (`get_permalink`, `_get_page_link`), or `None` where it has none but
/// the plain link (drafts, plain permalinks).
pub(super) fn parent_link(call: &Call<'_>, parent: &PostRow) -> Option<String> {
    let config = &call.app.config;
    if parent.status != "publish" {
        return None;
    }
    match parent.post_type.as_str() {
        "post" => {
            let author = if config.permalinks.has_author() {
                let user = call.app.store.user(parent.author).ok().flatten();
                user.map(|u| u.nicename).unwrap_or_default()
            } else {
                String::new()
            };
            let category = if config.permalinks.has_category() {
                let path = call.app.store.post_category_path(parent.id).ok().flatten();
                path.unwrap_or_default()
            } else {
                String::new()
            };
            let tags = PostTags {
                id: parent.id,
                date: &parent.date,
                slug: &parent.slug,
                author: &author,
                category: &category,
            };
            config.permalinks.post_link(&config.site_url, &tags)
        }
        "page" => config
            .permalinks
            .page_link(&config.site_url, &page_uri(call, parent)),
        _ => None,
    }
}

/// How many pages up `get_page_uri` follows a page's parents here; WordPress follows them all.
const MAX_PAGE_ANCESTORS: usize = 64;

/// `get_page_uri`: the slugs of a page's ancestors and its own, joined by `/`.
fn page_uri(call: &Call<'_>, page: &PostRow) -> String {
    let mut uri = page.slug.clone();
    let mut parent = page.parent;
    for _ in 0..MAX_PAGE_ANCESTORS {
        if parent == 0 {
            break;
        }
        let Some(ancestor) = call.app.store.post(parent).ok().flatten() else {
            break;
        };
        if !ancestor.slug.is_empty() {
            uri = format!("{}/{uri}", ancestor.slug);
        }
        parent = ancestor.parent;
    }
    uri
}

/// A video's width and height from its metadata, when it has both (`prepend_attachment`).
fn video_size(metadata: &Value) -> Option<(i64, i64)> {
    let dim = |key: &str| metadata.get(key).map_or(0, wp_schema_runtime::php::to_int);
    let (width, height) = (dim("width"), dim("height"));
    (width != 0 && height != 0).then_some((width, height))
}

fn media_details(metadata: Value, source_url: &str, mime: &str, dir_url: &str) -> Value {
    let Value::Object(mut details) = metadata else {
        return Value::Object(Map::new());
    };
    if details.is_empty() {
        return Value::Object(details);
    }
    // Taken in place, so that `sizes` keeps its position among the keys when written back.
    let sizes = match details.get_mut("sizes").map(Value::take) {
        Some(Value::Object(sizes)) if !sizes.is_empty() => Some(sizes),
        _ => None,
    };
    let Some(sizes) = sizes else {
        details.insert("sizes".to_owned(), json!({}));
        return Value::Object(details);
    };
    let mut out = Map::new();
    for (name, size) in sizes {
        let Value::Object(mut size) = size else {
            continue;
        };
        if let Some(m) = size.remove("mime-type") {
            size.insert("mime_type".to_owned(), m);
        }
        let file = render::str_of(size.get("file")).to_owned();
        size.insert("source_url".to_owned(), json!(format!("{dir_url}/{file}")));
        out.insert(name, Value::Object(size));
    }
    let file_name = source_url.rsplit('/').next().unwrap_or_default();
    out.insert(
        "full".to_owned(),
        json!({ "file": file_name, "width": details.get("width"), "height": details.get("height"), "mime_type": mime, "source_url": source_url }),
    );
    details.insert("sizes".to_owned(), Value::Object(out));
    Value::Object(details)
}

/// `max_srcset_image_width`: wider sizes are left out of a srcset unless they are the `src`.
const MAX_SRCSET_WIDTH: i64 = 2048;

/// The `<img>` for the medium size (or the full image when there is no medium size).
fn medium_image(call: &Call<'_>, stored: &Stored, source_url: &str) -> String {
    let dir_url = dir_url(stored, call);
    let meta = &stored.metadata;
    let dim = |v: &Value, k| v.get(k).and_then(Value::as_i64).unwrap_or(0);
    let source = |url: String, v: &Value| render::Source {
        url,
        width: dim(v, "width"),
        height: dim(v, "height"),
    };
    let sized = |s: &Value| source(format!("{dir_url}/{}", render::str_of(s.get("file"))), s);
    let sizes = meta.get("sizes").and_then(Value::as_object);
    let medium = match sizes.and_then(|s| s.get("medium")) {
        Some(m) => sized(m),
        // `image_downsize` gives the full image for a missing size, within the size's bounds
        // (`image_constrain_size_for_editor`): a picture without metadata is 0x0, which comes
        // out 1x1 (6.9.7).
        None => {
            let full = source(source_url.to_owned(), meta);
            let (max_w, max_h) = call
                .app
                .config
                .image_sizes
                .get("medium")
                .map_or((0, 0), |m| (m.width, m.height));
            let (width, height) =
                crate::images::sizes::constrain(full.width, full.height, max_w, max_h);
            render::Source {
                width,
                height,
                ..full
            }
        }
    };
    // Sub-sizes of a GIF are one flattened frame: WordPress keeps the full GIF out of a srcset
    // of its sizes, and gives the full GIF itself no srcset, so as not to swap an animation for
    // a still or the reverse (`wp_calculate_image_srcset` decides by the thumbnail's type).
    let flattened = sizes
        .and_then(|s| s.get("thumbnail"))
        .is_some_and(|t| t.get("mime-type").and_then(Value::as_str) == Some("image/gif"));
    let full = (!flattened).then(|| source(source_url.to_owned(), meta));
    if flattened && medium.url == source_url {
        return render::medium_image(&medium, &[], &stored.alt);
    }
    let candidates = sizes
        .into_iter()
        .flat_map(|s| s.values())
        .map(sized)
        .chain(full);
    // `wp_calculate_image_srcset`: one source per width, in the order widths first appear; a
    // later size of the same width takes that place, and the `src` itself goes first.
    let mut srcset: Vec<render::Source> = Vec::new();
    let mut src_matched = false;
    for candidate in candidates {
        let is_src = !src_matched && candidate.url == medium.url;
        src_matched |= is_src;
        let fits = (candidate.width <= MAX_SRCSET_WIDTH || is_src)
            && render::matches_ratio(
                medium.width,
                medium.height,
                candidate.width,
                candidate.height,
            );
        if !fits {
            continue;
        }
        let same_width = srcset.iter().position(|s| s.width == candidate.width);
        match (is_src, same_width) {
            (true, same_width) => {
                if let Some(at) = same_width {
                    srcset.remove(at);
                }
                srcset.insert(0, candidate);
            }
            (false, Some(at)) => srcset[at] = candidate,
            (false, None) => srcset.push(candidate),
        }
    }
    // No size is the `src`: WordPress gives no srcset rather than a wrong one.
    if !src_matched {
        srcset.clear();
    }
    render::medium_image(&medium, &srcset, &stored.alt)
}
