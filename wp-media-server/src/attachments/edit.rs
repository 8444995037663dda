//! `POST /wp/v2/media/{id}/edit`: the block editor's crop, rotate and flip. The edits apply to the
//! attachment's original picture, and the result becomes a new attachment of its own, with its own
//! sizes, named after the original with `-edited`.

use super::write::{apply, text, Changes};
use super::{perms, prepare};
use crate::api::media::WpV2MediaIdEditUpdateArgs;
use crate::images::{decode, edit as images, profiles};
use crate::request::{internal, Call, Reply};
use crate::store::posts::{AttachmentMeta, PostRow};
use crate::store::MetaChanges;
use crate::uploads::store_file;
use serde_json::{json, Map, Value};
use wp_schema_runtime::php;
use wp_schema_runtime::{Context, WpError};

/// The picture types WordPress's editor route accepts.
const EDITABLE_TYPES: [&str; 6] = [
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/avif",
    "image/heic",
];

/// One edit, as `edit_media_item` hands it to the editor.
#[derive(Debug, PartialEq)]
enum Modifier {
    /// `flip( vertical, horizontal )`: the first mirrors top and bottom.
    Flip { vertical: bool, horizontal: bool },
    /// Clockwise degrees.
    Rotate(f64),
    /// Percentages of the picture as it is at that step.
    Crop {
        left: f64,
        top: f64,
        width: f64,
        height: f64,
    },
}

pub fn edit(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = WpV2MediaIdEditUpdateArgs::from_request_with(&call.request_parts(), &*call)?;
    let original = perms::edit(call, crate::request::raw_id(call))?;
    let stored = call
        .app
        .store
        .attachment_meta(original.id)
        .map_err(internal)?;
    let Some(original_relative) = original_image(&original, &stored)
        .filter(|_| matches_image_meta(&args.src, &stored.metadata))
    else {
        return Err(WpError::new(
            "rest_unknown_attachment",
            "Unable to get meta information for file.",
        )
        .with_data(json!({ "status": 404 })));
    };
    if !EDITABLE_TYPES.contains(&original.mime_type.as_str()) {
        return Err(WpError::new(
            "rest_cannot_edit_file_type",
            "This type of file cannot be edited.",
        )
        .with_data(json!({ "status": 400 })));
    }
    let modifiers = modifiers(call, &args)?;
    // A file that is gone is an image the editor cannot open; storage that fails is the
    // server's error.
    let bytes = match call.app.uploads.read(&original_relative) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(internal(e)),
    };
    let (Some(mut img), Ok(format)) = (decode::decode(&bytes), image::guess_format(&bytes)) else {
        return Err(
            WpError::new("rest_unknown_image_file_type", "Unable to edit this image.")
                .with_data(json!({ "status": 500 })),
        );
    };
    // Rotations and flips set the EXIF orientation to upright; a crop keeps it, and the edited
    // copy is then turned upright when its metadata is made (both seen on 6.9.7).
    let mut upright = false;
    // The editor rotates on a background of `none`, which ImageMagick then keeps as the
    // picture's background colour: a PNG's bKGD turns black (6.9.7).
    let mut rotated = false;
    // ImageMagick's page (virtual canvas): what a GIF's logical screen is written from.
    let mut page = decode::dimensions(&bytes).map_or((0, 0), |(w, h)| (u64::from(w), u64::from(h)));
    for modifier in &modifiers {
        img = match *modifier {
            Modifier::Flip {
                vertical,
                horizontal,
            } => {
                upright = true;
                images::flip(img, vertical, horizontal)
            }
            Modifier::Rotate(degrees) => {
                upright = true;
                rotated = true;
                // The editor's `rotate` takes counter-clockwise degrees and hands ImageMagick
                // `360 - angle` of them; it then sets the page to the turned picture.
                let turned = images::rotate(&img, 360.0 + degrees);
                page = (u64::from(turned.width()), u64::from(turned.height()));
                turned
            }
            Modifier::Crop {
                left,
                top,
                width,
                height,
            } => crop(img, left, top, width, height, &mut page)?,
        };
    }
    let mut edited = encode(&img, format, &bytes, upright, rotated).map_err(internal)?;
    if format == image::ImageFormat::Gif {
        images::set_gif_screen(&mut edited, page);
    }
    let file_name = edited_name(&original_relative);
    let mut staged = store_file::write(call, &edited, &file_name, &original.mime_type)
        .map_err(|e| internal(std::io::Error::other(e.to_string())))?;
    describe_edit(
        &mut staged.metadata,
        &stored.metadata,
        call,
        &original_relative,
    );
    let mut row = PostRow {
        guid: call.app.config.uploads_url(&staged.original_relative()),
        ..PostRow::new_attachment(
            call.user_id(),
            &original.mime_type,
            &crate::clock::now_mysql(),
        )
    };
    // The new attachment takes what the request gives, and the original's title, caption and
    // description where it gives none; a parent only when the request names one.
    let originals = Changes {
        title: Some(original.title.clone()),
        caption: Some(original.excerpt.clone()),
        description: Some(original.content.clone()),
        post: Some(0),
        ..Changes::default()
    };
    let changes = Changes {
        title: text(args.title.as_ref()).or(originals.title.clone()),
        caption: given_text(args.caption.as_ref()).or(originals.caption.clone()),
        description: given_text(args.description.as_ref()).or(originals.description.clone()),
        post: args.post.or(Some(0)),
        ..unregistered_changes(call)
    };
    let alt = args.alt_text.clone().unwrap_or_else(|| stored.alt.clone());
    let (applied, slug) = match apply(call, &mut row, &changes) {
        // As on a create, `edit_media_item` inserts what `prepare_item_for_database` gave back
        // without checking it: a status or author it refuses leaves an error object, which keeps
        // only what the attachments controller sets on it afterwards (caption, description,
        // parent), so the copy takes the original's title (6.9.7, `author=999`).
        Err(e) if matches!(&*e.code, "rest_invalid_author" | "rest_cannot_publish") => {
            row = PostRow {
                guid: row.guid.clone(),
                ..PostRow::new_attachment(call.user_id(), &row.mime_type, &row.date)
            };
            let kept = Changes {
                title: originals.title.clone(),
                caption: changes.caption.clone(),
                description: changes.description.clone(),
                post: changes.post,
                ..Changes::default()
            };
            (apply(call, &mut row, &kept), None)
        }
        applied => (applied, changes.slug.clone()),
    };
    // `wp_insert_post` stamps a new post's modification with the date it was given.
    row.modified = row.date.clone();
    row.modified_gmt = row.date_gmt.clone();
    let committed = applied.and_then(|()| {
        let meta = MetaChanges {
            alt_text: Some(alt.as_str()).filter(|a| !a.is_empty()),
            ..MetaChanges::default()
        };
        staged.commit(call, &mut row, &slug, &meta, &internal)
    });
    row.id = match committed {
        Ok(id) => id,
        Err(e) => {
            staged.discard();
            return Err(e);
        }
    };
    // The route registers no `context`, so whatever is sent names the context the answer is
    // filtered by: one no property lists leaves only the links (6.9.7, `context=foo`).
    let context = call.param_str("context").unwrap_or_default();
    let data = match context.as_str() {
        "edit" => prepare::prepare(call, &row, Context::Edit)?,
        "embed" => prepare::prepare(call, &row, Context::Embed)?,
        "" | "view" => prepare::prepare(call, &row, Context::View)?,
        _ => {
            let mut item = prepare::prepare(call, &row, Context::View)?;
            if let Value::Object(map) = &mut item {
                map.retain(|key, _| key == "_links");
            }
            item
        }
    };
    let location = call
        .app
        .config
        .rest_url(&format!("/wp/v2/media/{}", row.id));
    Ok(Reply {
        status: 201,
        ..Reply::ok(data)
    }
    .with_header("Location", location)
    .with_upload_attachment_id(row.id))
}

/// `wp_get_original_image_path` of an attachment with metadata: the uploaded picture, before any
/// `-scaled` or `-rotated` copy, relative to the uploads folder. `None` for what is no picture.
fn original_image(row: &PostRow, stored: &AttachmentMeta) -> Option<String> {
    let has_metadata = stored.metadata.as_object().is_some_and(|m| !m.is_empty());
    if stored.file.is_empty() || !row.mime_type.starts_with("image/") || !has_metadata {
        return None;
    }
    let original = stored
        .metadata
        .get("original_image")
        .and_then(Value::as_str);
    Some(match original.filter(|name| !name.is_empty()) {
        Some(name) if stored.dir().is_empty() => name.to_owned(),
        Some(name) => format!("{}/{name}", stored.dir()),
        None => stored.file.clone(),
    })
}

/// `wp_image_file_matches_image_meta`: whether `src`, its query left out, ends with the
/// attachment's file, its original, or one of its sizes.
fn matches_image_meta(src: &str, metadata: &Value) -> bool {
    let Some(file) = metadata.get("file").and_then(Value::as_str) else {
        return false;
    };
    if file.len() <= 4 {
        return false;
    }
    let location = src.split('?').next().unwrap_or("");
    if location.ends_with(file) {
        return true;
    }
    let dir = match file.rsplit_once('/') {
        Some((dir, _)) if !dir.is_empty() && dir != "." => format!("{dir}/"),
        _ => String::new(),
    };
    let original = metadata
        .get("original_image")
        .and_then(Value::as_str)
        .filter(|name| !name.is_empty());
    let sizes = metadata.get("sizes").and_then(Value::as_object);
    let size_files = sizes
        .into_iter()
        .flat_map(|s| s.values())
        .filter_map(|size| size.get("file").and_then(Value::as_str));
    original
        .into_iter()
        .chain(size_files)
        .any(|name| location.ends_with(&format!("{dir}{name}")))
}

/// The edits asked for: `modifiers` when it is there, else the older `flip`, `rotation` and
/// `x`/`y`/`width`/`height` (in that order), of which at least one must be.
fn modifiers(call: &Call<'_>, args: &WpV2MediaIdEditUpdateArgs) -> Result<Vec<Modifier>, WpError> {
    if let Some(given) = &args.modifiers {
        return Ok(given.iter().filter_map(modifier).collect());
    }
    let mut modifiers = Vec::new();
    let flip = call.params.get("flip");
    let direction = |name: &str| {
        flip.and_then(|f| php_offset(f, name))
            .filter(|v| !v.is_null())
    };
    if direction("horizontal").is_some() || direction("vertical").is_some() {
        modifiers.push(Modifier::Flip {
            vertical: direction("vertical").is_some_and(php::is_truthy),
            horizontal: direction("horizontal").is_some_and(php::is_truthy),
        });
    }
    if let Some(rotation) = args.rotation.filter(|r| *r != 0) {
        modifiers.push(Modifier::Rotate(rotation as f64));
    }
    if let (Some(left), Some(top), Some(width), Some(height)) =
        (args.x, args.y, args.width, args.height)
    {
        modifiers.push(Modifier::Crop {
            left,
            top,
            width,
            height,
        });
    }
    if modifiers.is_empty() {
        return Err(WpError::new(
            "rest_image_not_edited",
            "The image was not edited. Edit the image before applying the changes.",
        )
        .with_data(json!({ "status": 400 })));
    }
    Ok(modifiers)
}

/// `$value['key']` of a request value: an array's element; a string has none by a word's name.
fn php_offset<'v>(value: &'v Value, key: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(key),
        Value::Array(list) => key.parse::<usize>().ok().and_then(|i| list.get(i)),
        _ => None,
    }
}

/// One element of `modifiers`, which the arguments' `oneOf` has already checked; the numbers
/// are floats after sanitizing, so a rotation by 0 still rotates (and sets the orientation).
fn modifier(value: &Value) -> Option<Modifier> {
    let args = value.get("args")?;
    let number = |v: &Value, key: &str| v.get(key).map(php::to_float);
    match value.get("type")?.as_str()? {
        "flip" => {
            let flip = args.get("flip")?;
            let direction = |key: &str| flip.get(key).is_some_and(php::is_truthy);
            Some(Modifier::Flip {
                vertical: direction("vertical"),
                horizontal: direction("horizontal"),
            })
        }
        "rotate" => Some(Modifier::Rotate(number(args, "angle")?)),
        "crop" => Some(Modifier::Crop {
            left: number(args, "left")?,
            top: number(args, "top")?,
            width: number(args, "width")?,
            height: number(args, "height")?,
        }),
        _ => None,
    }
}

/// A crop by percentages: rounded to pixels, and none when it would keep the whole picture. The
/// editor then sets the page to the size asked for, clipped or not (a GIF's logical screen shows
/// it: 6.9.7 reports a 768×6 GIF cropped at 50.5% to a width of 66% as 507 wide, of which 380
/// pixels are the picture).
fn crop(
    img: image::DynamicImage,
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    page: &mut (u64, u64),
) -> Result<image::DynamicImage, WpError> {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let pixels =
        |extent: f64, percent: f64| php::float_to_int(php::php_round(extent * percent / 100.0));
    let (x, y) = (pixels(w, left), pixels(h, top));
    let (new_w, new_h) = (pixels(w, width), pixels(h, height));
    if new_w == i64::from(img.width()) && new_h == i64::from(img.height()) {
        return Ok(img);
    }
    let cropped = images::crop(&img, x, y, new_w, new_h).map_err(|images::NothingLeft| {
        WpError::new("rest_image_crop_failed", "Unable to crop this image.")
            .with_data(json!({ "status": 500 }))
    })?;
    // Imagick takes the sizes as unsigned: a negative one wraps.
    *page = (new_w as u64, new_h as u64);
    Ok(cropped)
}

/// The edited picture in the original's format; a JPEG keeps the original's chroma sampling,
/// EXIF, IPTC and colour profile, as ImageMagick does, with the orientation made upright when the edits turned
/// or flipped it.
fn encode(
    img: &image::DynamicImage,
    format: image::ImageFormat,
    original: &[u8],
    upright: bool,
    rotated: bool,
) -> image::ImageResult<Vec<u8>> {
    let encoded = crate::images::sizes::encode_edited(img, format, original, rotated)?;
    Ok(match format {
        image::ImageFormat::Jpeg => profiles::keep_jpeg_profiles(original, encoded, upright, false),
        _ => encoded,
    })
}

/// The edited copy's name: the original's with `-edited` before the extension, once
/// (`photo-edited-2.jpg` edited again is `photo-edited.jpg` before it is made unique).
fn edited_name(original_relative: &str) -> String {
    let name = original_relative
        .rsplit_once('/')
        .map_or(original_relative, |(_, name)| name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, Some(ext)),
        None => (name, None),
    };
    let stem = match edited_suffix_start(stem) {
        Some(start) => format!("{}-edited", &stem[..start]),
        None => format!("{stem}-edited"),
    };
    match ext {
        Some(ext) => format!("{stem}.{ext}"),
        None => format!("{stem}."),
    }
}

/// Where a stem's `-edited` or `-edited-N` ending starts.
fn edited_suffix_start(stem: &str) -> Option<usize> {
    let start = stem.rfind("-edited")?;
    let rest = &stem[start + "-edited".len()..];
    let numbered = rest
        .strip_prefix('-')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    (rest.is_empty() || numbered).then_some(start)
}

/// The metadata of the edited copy as `edit_media_item` finishes it: the original's `image_meta`
/// fills what the copy's own leaves empty, a non-empty orientation becomes 1 (the picture is
/// upright now), and `parent_image` names the original by the id as the URL wrote it.
fn describe_edit(metadata: &mut Value, original: &Value, call: &Call<'_>, original_file: &str) {
    let Some(meta) = metadata.as_object_mut() else {
        return;
    };
    if let (Some(Value::Object(own)), Some(Value::Object(theirs))) =
        (meta.get_mut("image_meta"), original.get("image_meta"))
    {
        for (key, value) in theirs {
            if php::is_empty(own.get(key)) && !php::is_empty(Some(value)) {
                own.insert(key.clone(), value.clone());
            }
        }
        if !php::is_empty(own.get("orientation")) {
            own.insert("orientation".into(), json!(1));
        }
    }
    let id = call.url_id.clone().unwrap_or_default();
    let mut parent = Map::new();
    parent.insert("attachment_id".into(), Value::String(id));
    parent.insert("file".into(), Value::String(original_file.to_owned()));
    meta.insert("parent_image".into(), Value::Object(parent));
}

/// The post fields `prepare_item_for_database` reads from any parameter the request holds, though
/// this route registers none of them, so nothing checks or sanitizes them first (6.9.7 gives an
/// edited copy the `slug`, `status`, `date`, `author`, `comment_status` and `ping_status` sent).
fn unregistered_changes(call: &Call<'_>) -> Changes {
    let given = |name: &str| call.params.get(name).filter(|v| !php::is_empty(Some(v)));
    let string = |name: &str| given(name).and_then(Value::as_str).map(str::to_owned);
    let slug = call
        .params
        .get("slug")
        .filter(|v| php::is_scalar(v))
        .map(|v| wp_schema_runtime::slug::sanitize_title(&php::to_string(v)));
    Changes {
        slug,
        status: string("status").filter(|s| s != "inherit"),
        author: given("author").map(php::to_int),
        date: string("date"),
        date_gmt: string("date_gmt"),
        comment_status: string("comment_status"),
        ping_status: string("ping_status"),
        ..Changes::default()
    }
}

/// A caption or description as `prepare_item_for_database` takes it: a string, or an object's
/// `raw` when it is set, even empty.
fn given_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("raw").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edited_names_end_in_edited_once() {
        assert_eq!(edited_name("2026/12/photo.jpg"), "photo-edited.jpg");
        assert_eq!(edited_name("2026/12/photo-edited.jpg"), "photo-edited.jpg");
        assert_eq!(
            edited_name("2026/12/photo-edited-4.jpg"),
            "photo-edited.jpg"
        );
        assert_eq!(
            edited_name("2026/12/photo-edited-x.jpg"),
            "photo-edited-x-edited.jpg"
        );
    }

    #[test]
    fn src_matches_the_file_the_original_or_a_size() {
        let metadata = json!({
            "file": "2026/12/big-scaled.jpg",
            "original_image": "big.jpg",
            "sizes": { "thumbnail": { "file": "big-150x150.jpg" } },
        });
        let site = "http://example.test/wp-content/uploads/";
        for src in [
            "2026/12/big-scaled.jpg",
            "2026/12/big.jpg?x=1",
            "2026/12/big-150x150.jpg",
        ] {
            assert!(
                matches_image_meta(&format!("{site}{src}"), &metadata),
                "{src}"
            );
        }
        for src in [
            "2026/11/big.jpg",
            "big-scaled.jpg.png",
            "2026/12/big-300x300.jpg",
        ] {
            assert!(
                !matches_image_meta(&format!("{site}{src}"), &metadata),
                "{src}"
            );
        }
    }
}
