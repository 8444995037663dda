//! An attachment's files: written under temporary names, placed in the uploads storage just
//! before the rows commit, and removed with the rows.

use crate::images::{decode, image_meta, sizes as images};
use crate::names::slugs::{slug_for, slug_of_id};
use crate::request::internal;
use crate::request::Call;
use crate::storage::{join, Storage};
use crate::store::posts::PostRow;
use crate::store::{MetaChanges, StoreError, Transaction};
use serde_json::{json, Map, Value};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use wp_schema_runtime::WpError;

/// An upload written to local files under temporary names, not yet visible.
pub struct Staged {
    /// `YYYY/MM/name.ext`, relative to the uploads folder, of the file that stands for the upload.
    pub relative: String,
    /// The stored file name of the upload itself (before any `-scaled` copy).
    pub file_name: String,
    pub metadata: Value,
    /// Each staged file and where it goes in the uploads.
    moves: Vec<(PathBuf, String)>,
    storage: Arc<dyn Storage>,
    /// The names chosen, kept from other uploads until this one is committed or discarded.
    _reservations: Vec<Reservation>,
    /// The attachment an audio or video file's embedded picture becomes, unless an earlier upload
    /// made one of the same picture.
    cover: Option<Box<Cover>>,
}

/// An embedded picture staged as the attachment `wp_generate_attachment_metadata` makes of it.
struct Cover {
    staged: Staged,
    mime: String,
    /// `_cover_hash`: the md5 of the picture's bytes.
    hash: String,
}

/// The files of uploads still being written, which exist under their own names only once their
/// rows commit; choosing a name skips them, so two uploads of one name cannot pick the same one,
/// while each resizes its images in parallel with the others. They are named with their storage's
/// location, so one set serves every storage the process opens.
static RESERVED_FILES: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());

/// A file's entry in [`RESERVED_FILES`].
fn reserved_key(storage: &dyn Storage, relative: &str) -> String {
    format!("{}/{relative}", storage.location())
}

/// The reserved files; a panic elsewhere leaves the set whole, so a poisoned lock is still safe.
fn reserved_files() -> MutexGuard<'static, BTreeSet<String>> {
    RESERVED_FILES
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A file name held for an upload in progress; dropping it frees the name.
struct Reservation {
    key: String,
    /// The marker other processes on the same storage see the name held by, if this holds one.
    marker: Option<(Arc<dyn Storage>, String)>,
}

impl Drop for Reservation {
    fn drop(&mut self) {
        reserved_files().remove(&self.key);
        if let Some((storage, marker)) = self.marker.take() {
            remove_soon(storage, marker);
        }
    }
}

/// Removes a file of the uploads now, or, when the storage fails (a bucket that does not
/// answer), keeps trying from a thread of its own for up to an hour, so that what a failed
/// write had put there does not outlive the outage. What a stop of the server leaves, the
/// start-up check removes.
fn remove_soon(storage: Arc<dyn Storage>, relative: String) {
    let Err(error) = storage.remove(&relative) else {
        return;
    };
    tracing::warn!(%error, "{relative} could not be removed; trying again");
    std::thread::spawn(move || {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3600);
        let mut pause = std::time::Duration::from_secs(1);
        while std::time::Instant::now() < deadline {
            std::thread::sleep(pause);
            match storage.remove(&relative) {
                Ok(()) => return,
                Err(_) => pause = (pause * 2).min(std::time::Duration::from_secs(30)),
            }
        }
        tracing::error!("{relative} is left: the uploads storage did not answer for an hour");
    });
}

/// The name of the empty file that holds `name` in its folder for one upload across every
/// process serving the uploads (several servers on one site); the start-up check removes those
/// left by a crash.
fn marker(name: &str) -> String {
    format!(".{name}{RESERVED_SUFFIX}")
}

/// The ends and start of the names an upload's files and folders have while it is written: a
/// [`marker`], a [`temp_name`], and the folder its sizes are made in.
const RESERVED_SUFFIX: &str = ".wp-reserved";
const TEMP_SUFFIX: &str = ".wp-tmp";
const SIZES_DIR_PREFIX: &str = ".sizes-";

/// The files an interrupted upload had placed, from the name marker it left (`marker_text`),
/// when its rows were not kept (`kept` says whether an attachment has that file): they are to go.
/// A marker without a journal (the upload stopped before placing anything) names none.
pub fn leftover_journal(
    marker_text: &[u8],
    kept: impl FnOnce(&str) -> Result<bool, StoreError>,
) -> Result<Vec<String>, StoreError> {
    let text = String::from_utf8_lossy(marker_text);
    let files: Vec<String> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect();
    match files.first() {
        Some(attached) if !kept(attached)? => Ok(files),
        _ => Ok(Vec::new()),
    }
}

/// Whether a name is a name marker, whose journal [`leftover_journal`] reads.
pub fn is_marker(name: &str) -> bool {
    name.ends_with(RESERVED_SUFFIX)
}

/// Whether a file (or, `is_dir`, a folder) of this name is one an upload has only while it is
/// written: what an interrupted upload leaves behind.
pub fn is_in_flight(name: &str, is_dir: bool) -> bool {
    if is_dir {
        name.starts_with(SIZES_DIR_PREFIX)
    } else {
        name.ends_with(TEMP_SUFFIX) || name.ends_with(RESERVED_SUFFIX)
    }
}

/// `wp_unique_filename` in `subdir`, counting the names other uploads hold (of this process, and
/// of others by their markers), and the name held. Creating the marker is what takes the name: of
/// two processes that chose the same one, the second to create it chooses again.
fn reserve_unique_name(
    storage: &Arc<dyn Storage>,
    subdir: &str,
    wanted: &str,
) -> std::io::Result<(String, Reservation)> {
    let mut reserved = reserved_files();
    let files = storage.names_in(subdir)?;
    let markers: BTreeSet<&str> = files
        .iter()
        .map(String::as_str)
        .filter(|name| is_marker(name))
        .collect();
    let mut taken_meanwhile = BTreeSet::new();
    loop {
        let name = crate::names::files::unique_filename(&files, wanted, |candidate| {
            reserved.contains(&reserved_key(&**storage, &join(subdir, candidate)))
                || taken_meanwhile.contains(candidate)
                || markers.contains(marker(candidate).as_str())
        });
        let held = join(subdir, &marker(&name));
        if storage.create_new(&held)? {
            let key = reserved_key(&**storage, &join(subdir, &name));
            reserved.insert(key.clone());
            let reservation = Reservation {
                key,
                marker: Some((storage.clone(), held)),
            };
            return Ok((name, reservation));
        }
        taken_meanwhile.insert(name);
    }
}

/// Holds a name derived from a unique one (`photo-scaled.jpg` from `photo.jpg`): WordPress's
/// editor writes it as it is, since the unique name was chosen so that no such file exists.
fn reserve_derived_name(
    storage: &dyn Storage,
    subdir: &str,
    name: String,
) -> (String, Reservation) {
    let key = reserved_key(storage, &join(subdir, &name));
    reserved_files().insert(key.clone());
    (name, Reservation { key, marker: None })
}

static TEMP_COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A temporary sibling of `target`, recognisable by the start-up check.
pub fn temp_name(target: &Path) -> PathBuf {
    let n = TEMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.{}-{n}{TEMP_SUFFIX}", std::process::id()))
}

impl Staged {
    /// Writes the file that goes to `subdir/name` in the uploads, by `write`, under a temporary
    /// name in `staging` (the folder [`Storage::staging_dir`] gave for `subdir`).
    fn stage(
        &mut self,
        staging: &Path,
        subdir: &str,
        name: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let temp = temp_name(&staging.join(name));
        if let Err(error) = write(&temp) {
            let _ = std::fs::remove_file(&temp);
            return Err(error);
        }
        self.moves.push((temp, join(subdir, name)));
        Ok(())
    }

    /// Places the files (the upload's, then its cover's), then inserts the rows and commits;
    /// a failure leaves neither rows nor files. `not_placed` answers for files the uploads
    /// storage would not take.
    pub fn commit(
        &self,
        call: &Call<'_>,
        row: &mut PostRow,
        slug: &Option<String>,
        meta: &MetaChanges<'_>,
        not_placed: &dyn Fn(std::io::Error) -> WpError,
    ) -> Result<i64, WpError> {
        let rows = || {
            let tx = call.app.store.begin()?;
            row.slug = slug_for(slug, &row.title, |s| tx.slug_taken(s, 0))?;
            let id = tx.insert_attachment(row, &self.relative, &self.metadata, meta)?;
            row.id = id;
            let mut later = MetaChanges::default();
            let new_slug = row.slug.is_empty();
            if new_slug {
                row.slug = slug_of_id(id, |s| tx.slug_taken(s, id))?;
            }
            let mut new_cover = false;
            if let Some(cover) = &self.cover {
                let (cover_id, inserted) = cover.insert(call, &*tx)?;
                later.thumbnail_id = Some(cover_id);
                new_cover = inserted;
            }
            if new_slug || later.thumbnail_id.is_some() {
                tx.update_attachment(row, &later)?;
            }
            tx.commit()?;
            Ok((id, new_cover))
        };
        self.place_then_write(rows, not_placed, not_inserted)
    }

    /// Places the staged files, the cover's too, then writes the rows by `rows`, which answers
    /// the attachment's id and whether the cover's rows were written (an earlier upload's cover
    /// may stand for it, and its files then go again). When the rows are not written, neither
    /// are the files (`not_written` names the error).
    fn place_then_write(
        &self,
        rows: impl FnOnce() -> Result<(i64, bool), StoreError>,
        not_placed: &dyn Fn(std::io::Error) -> WpError,
        not_written: fn(StoreError) -> WpError,
    ) -> Result<i64, WpError> {
        self.journal().map_err(not_placed)?;
        let own = self.place(&self.moves).map_err(not_placed)?;
        let cover = match self.cover.as_ref().map(|c| self.place(&c.staged.moves)) {
            None => Vec::new(),
            Some(Ok(placed)) => placed,
            Some(Err(error)) => {
                self.unplace(&own);
                return Err(not_placed(error));
            }
        };
        match rows() {
            Ok((id, cover_kept)) => {
                if !cover_kept {
                    self.unplace(&cover);
                }
                Ok(id)
            }
            // A write the database may have kept keeps its files: a file without its row is
            // the lesser harm than a row without its files.
            Err(e @ StoreError::CommitUnknown(_)) => {
                tracing::error!("{e}; its files are kept: {own:?} {cover:?}");
                Err(not_written(e))
            }
            Err(e) => {
                self.unplace(&own);
                self.unplace(&cover);
                Err(not_written(e))
            }
        }
    }

    /// Writes into the upload's name marker the files about to be placed, its attached file
    /// first: should the server stop before the rows commit, the start-up check of a shared
    /// site (which lists no rows) knows from it which files to take away ([`leftover_journal`]).
    fn journal(&self) -> std::io::Result<()> {
        let Some((storage, marker)) = self._reservations.iter().find_map(|r| r.marker.as_ref())
        else {
            return Ok(());
        };
        let cover = self.cover.iter().flat_map(|c| &c.staged.moves);
        let mut files = vec![self.relative.as_str()];
        files.extend(
            self.moves
                .iter()
                .chain(cover)
                .map(|(_, relative)| relative.as_str())
                .filter(|relative| *relative != self.relative),
        );
        storage.write(marker, files.join("\n").as_bytes())
    }

    /// Puts staged files in the uploads; on a failure, takes away what was put.
    fn place(&self, moves: &[(PathBuf, String)]) -> std::io::Result<Vec<String>> {
        let mut placed = Vec::with_capacity(moves.len());
        for (temp, relative) in moves {
            if let Err(error) = self.storage.place(temp, relative) {
                // The failed one too: a put cut off may have left part of it behind.
                placed.push(relative.clone());
                self.unplace(&placed);
                return Err(error);
            }
            placed.push(relative.clone());
        }
        Ok(placed)
    }

    /// Removes placed files whose rows were not written.
    fn unplace(&self, placed: &[String]) {
        for relative in placed {
            remove_soon(self.storage.clone(), relative.clone());
        }
    }

    /// Places the files [`regenerate`] made and writes its metadata: a failure leaves neither.
    pub fn commit_files(&self, call: &Call<'_>, id: i64) -> Result<(), WpError> {
        let rows = || {
            let tx = call.app.store.begin()?;
            tx.set_attachment_files(id, &self.relative, &self.metadata)?;
            tx.commit()?;
            Ok((id, false))
        };
        self.place_then_write(rows, &internal, internal).map(|_| ())
    }

    /// The upload's own path, which the `guid` keeps even when a `-scaled` copy stands in for it.
    pub fn original_relative(&self) -> String {
        let dir = self.relative.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{dir}/{}", self.file_name)
    }

    /// Removes the temporary files of an upload that will not be kept.
    pub fn discard(&self) {
        for (temp, _) in &self.moves {
            let _ = std::fs::remove_file(temp);
        }
        if let Some(cover) = &self.cover {
            cover.staged.discard();
        }
    }

    /// The upload as it is before WordPress generates its metadata: the file alone, no `-scaled`
    /// copy, no sizes, no metadata. What an upload keeps when the create stops between the insert
    /// and `wp_generate_attachment_metadata` (a refused `featured_media`): no cover either.
    pub fn without_metadata(&mut self) {
        if let Some(cover) = self.cover.take() {
            cover.staged.discard();
        }
        for (temp, _) in self.moves.drain(1..) {
            let _ = std::fs::remove_file(temp);
        }
        self.relative = self.original_relative();
        self.metadata = Value::Null;
    }
}

/// Why an upload's files could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// The upload itself could not be written under its name in `uploads/SUBDIR` (a name longer
    /// than the file system takes, a full disk): `_wp_handle_upload`'s "could not be moved".
    NotMoved {
        subdir: String,
        cause: std::io::Error,
    },
    Other(std::io::Error),
}

impl From<std::io::Error> for WriteError {
    fn from(e: std::io::Error) -> Self {
        WriteError::Other(e)
    }
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::NotMoved { subdir, cause } => {
                write!(
                    f,
                    "the upload could not be written to uploads/{subdir}: {cause}"
                )
            }
            WriteError::Other(e) => write!(f, "{e}"),
        }
    }
}

/// Writes `bytes` (already named and typed by WordPress's rules) and its image sizes.
pub fn write(call: &Call<'_>, bytes: &[u8], name: &str, mime: &str) -> Result<Staged, WriteError> {
    let subdir = crate::clock::upload_subdir(call.app.config.year_month_folders);
    let storage = &call.app.uploads;
    let not_moved = |cause| WriteError::NotMoved {
        subdir: subdir.clone(),
        cause,
    };
    let staging = storage.staging_dir(&subdir).map_err(not_moved)?;
    let mut staged = stage_unique(storage, &staging, &subdir, name, bytes).map_err(not_moved)?;
    let file_name = staged.file_name.clone();
    let names = Names {
        storage,
        staging: &staging,
        subdir: &subdir,
        file_name: &file_name,
        sizes: &call.app.config.image_sizes,
    };
    if mime.starts_with("image/") {
        describe_image(&mut staged, bytes, &names, mime)?;
    } else if mime.starts_with("audio/") || mime.starts_with("video/") {
        staged.metadata = super::audio_video::metadata(bytes, mime);
        staged.cover = stage_cover(&staged.metadata, bytes, &names);
    }
    Ok(staged)
}

/// `bytes` staged in `staging` under `wp_unique_filename`'s name for `wanted` in `subdir` of the
/// uploads, with no metadata but its size yet.
fn stage_unique(
    storage: &Arc<dyn Storage>,
    staging: &Path,
    subdir: &str,
    wanted: &str,
    bytes: &[u8],
) -> std::io::Result<Staged> {
    let (file_name, reservation) = reserve_unique_name(storage, subdir, wanted)?;
    let mut staged = Staged {
        relative: join(subdir, &file_name),
        file_name: file_name.clone(),
        metadata: json!({ "filesize": bytes.len() }),
        moves: Vec::new(),
        storage: storage.clone(),
        _reservations: vec![reservation],
        cover: None,
    };
    staged.stage(staging, subdir, &file_name, |p| std::fs::write(p, bytes))?;
    Ok(staged)
}

/// The attachment `wp_generate_attachment_metadata` makes of the picture an audio or video file
/// embeds (the theme supports thumbnails of both), its file named after the upload's with its dots
/// as dashes (`tone-mp3-image.jpg`). `None` without a picture, or when its file cannot be written,
/// which WordPress passes over as well (`wp_upload_bits` failing).
fn stage_cover(metadata: &Value, bytes: &[u8], upload: &Names<'_>) -> Option<Box<Cover>> {
    use md5::Digest;
    let mime = metadata.pointer("/image/mime").and_then(Value::as_str)?;
    let picture = super::audio_video::picture_bytes(bytes)?;
    let ext = match mime {
        "image/gif" => "gif",
        "image/png" => "png",
        "image/webp" => "webp",
        _ => "jpg",
    };
    let wanted = format!("{}-image.{ext}", upload.file_name.replace('.', "-"));
    let written = stage_unique(
        upload.storage,
        upload.staging,
        upload.subdir,
        &wanted,
        &picture,
    )
    .map_err(WriteError::from)
    .and_then(|mut staged| {
        let file_name = staged.file_name.clone();
        let names = Names {
            file_name: &file_name,
            ..*upload
        };
        // A picture that fails has its staged files taken away by `describe_image`.
        describe_image(&mut staged, &picture, &names, mime).map(|()| staged)
    });
    let staged = match written {
        Ok(staged) => staged,
        Err(error) => {
            tracing::warn!(%error, "the embedded picture is left out");
            return None;
        }
    };
    Some(Box::new(Cover {
        staged,
        mime: mime.to_owned(),
        hash: format!("{:x}", md5::Md5::digest(&picture)),
    }))
}

impl Cover {
    /// The cover's id, and whether it is new: an attachment of the same picture (its hash and
    /// type) is reused, or else this one is inserted as `wp_insert_attachment` inserts it with no
    /// title, by the current user, at no parent, its slug and guid then made from its id.
    fn insert(&self, call: &Call<'_>, tx: &dyn Transaction) -> Result<(i64, bool), StoreError> {
        if let Some(existing) = tx.find_cover(&self.mime, &self.hash)? {
            return Ok((existing, false));
        }
        let now = crate::clock::now_mysql();
        let mut row = PostRow::new_attachment(call.user_id(), &self.mime, &now);
        let meta = MetaChanges {
            cover_hash: Some(&self.hash),
            ..MetaChanges::default()
        };
        let id = tx.insert_attachment(&row, &self.staged.relative, &self.staged.metadata, &meta)?;
        row.id = id;
        row.slug = slug_of_id(id, |s| tx.slug_taken(s, id))?;
        // `wp_insert_post` gives a post without a guid its permalink once the slug is set; a
        // cover has no parent, so that is the root one.
        let config = &call.app.config;
        row.guid = config
            .permalinks
            .root_attachment_link(&config.site_url, id, &row.slug);
        tx.update_attachment(&row, &MetaChanges::default())?;
        Ok((id, true))
    }
}

/// `wp_create_image_subsizes` of an image already in place at `relative` whose metadata is gone
/// (the create that refused `featured_media` stopped before making it): its copy, sizes and
/// metadata, staged beside it. `None` for a file that is no image, which keeps no metadata.
pub fn regenerate(
    call: &Call<'_>,
    relative: &str,
    mime: &str,
) -> Result<Option<Staged>, WriteError> {
    let (subdir, file_name) = relative.rsplit_once('/').unwrap_or(("", relative));
    let storage = &call.app.uploads;
    let bytes = storage.read(relative)?;
    if !mime.starts_with("image/") || decode::dimensions(&bytes).is_none() {
        return Ok(None);
    }
    let mut staged = Staged {
        relative: relative.to_owned(),
        file_name: file_name.to_owned(),
        metadata: json!({ "filesize": bytes.len() }),
        moves: Vec::new(),
        storage: storage.clone(),
        _reservations: Vec::new(),
        cover: None,
    };
    let staging = storage.staging_dir(subdir)?;
    let names = Names {
        storage,
        staging: &staging,
        subdir,
        file_name,
        sizes: &call.app.config.image_sizes,
    };
    describe_image(&mut staged, &bytes, &names, mime)?;
    Ok(Some(staged))
}

/// An image's metadata, and its copy and sizes staged beside it.
fn describe_image(
    staged: &mut Staged,
    bytes: &[u8],
    names: &Names<'_>,
    mime: &str,
) -> Result<(), WriteError> {
    let Some(img) = decode::decode(bytes) else {
        // WordPress reads the size from the header (`wp_getimagesize`) before its editor tries the
        // file; when the editor fails, the attachment keeps that size and has no sub-sizes.
        if let Some((w, h)) = decode::dimensions(bytes) {
            staged.metadata = Value::Object(base_metadata(w, h, &staged.relative, bytes));
        }
        return Ok(());
    };
    if let Err(e) = image_metadata(staged, &img, bytes, names, mime) {
        staged.discard();
        return Err(std::io::Error::other(e).into());
    }
    Ok(())
}

/// Where an upload's files go (and are staged first), the name it was given, and the sizes the
/// site makes of images.
struct Names<'n> {
    storage: &'n Arc<dyn Storage>,
    staging: &'n Path,
    subdir: &'n str,
    file_name: &'n str,
    sizes: &'n images::SiteSizes,
}

fn image_metadata(
    staged: &mut Staged,
    img: &image::DynamicImage,
    bytes: &[u8],
    names: &Names<'_>,
    mime: &str,
) -> image::ImageResult<()> {
    let Names {
        storage,
        staging,
        subdir,
        file_name,
        sizes,
    } = *names;
    let format = image::guess_format(bytes)?;
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let (w, h) = (img.width() as i64, img.height() as i64);
    let mut meta = base_metadata(img.width(), img.height(), &staged.relative, bytes);
    // WordPress turns only JPEGs upright, and then writes the orientation as the integer 1.
    let orientation = (mime == "image/jpeg")
        .then(|| {
            meta["image_meta"]["orientation"]
                .as_str()?
                .parse::<i64>()
                .ok()
        })
        .flatten()
        .unwrap_or(0);
    let upright = images::exif_upright(img, orientation);
    let threshold = sizes.big_image_threshold.filter(|&t| w > t || h > t);
    let replacement = if let Some(threshold) = threshold {
        // The editor refuses a resize within a pixel of the original (2561 px to 2560), and
        // WordPress then keeps the original as it is: not scaled, and not turned upright by its
        // EXIF orientation either (both seen on 6.9.7).
        images::resize_dimensions(w, h, threshold, threshold, false).map(|resize| {
            // Without the editor's pre-sampling: for a picture over about 7,700 pixels a side
            // it would sample up to 12,800 pixels a side first (a gigabyte of quanta).
            let whole = (0, 0, img.width(), img.height());
            let (width, height) = (resize.width as u32, resize.height as u32);
            let scaled = images::scale(img, whole, width, height, bytes);
            let scaled = images::finish_resize(scaled, bytes);
            let scaled = images::exif_upright(&scaled, orientation).unwrap_or(scaled);
            ("scaled", scaled)
        })
    } else {
        upright.clone().map(|rotated| ("rotated", rotated))
    };
    if let Some((suffix, replacement)) = replacement {
        let (name, reservation) =
            reserve_derived_name(&**storage, subdir, format!("{stem}-{suffix}.{ext}"));
        staged._reservations.push(reservation);
        let mut size = 0;
        let written = staged.stage(staging, subdir, &name, |p| {
            images::write_made_from(&replacement, format, p, bytes, suffix == "scaled")
                .map_err(std::io::Error::other)?;
            size = std::fs::metadata(p)?.len();
            Ok(())
        });
        match written {
            Ok(()) => {
                staged.relative = join(subdir, &name);
                meta.insert("width".into(), json!(replacement.width()));
                meta.insert("height".into(), json!(replacement.height()));
                meta.insert("file".into(), json!(staged.relative));
                meta.insert("filesize".into(), json!(size));
                meta.insert("original_image".into(), json!(file_name));
                if upright.is_some() {
                    meta["image_meta"]["orientation"] = json!(1);
                }
            }
            // WordPress keeps the original as the attachment's file when its editor fails to save
            // the `-scaled` (or `-rotated`) copy.
            Err(error) => tracing::warn!(%error, "the -{suffix} copy is left out"),
        }
    }
    // Sub-sizes come from the original, turned upright.
    let img = upright.as_ref().unwrap_or(img);
    let temp_dir = staging.join(format!(
        "{SIZES_DIR_PREFIX}{}-{}",
        std::process::id(),
        TEMP_COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&temp_dir)?;
    let (made, written) =
        images::make_subsizes(img, format, &temp_dir, file_name, mime, bytes, sizes);
    for path in written {
        if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
            let temp = temp_name(&staging.join(name));
            std::fs::rename(&path, &temp)?;
            staged.moves.push((temp, join(subdir, name)));
        }
    }
    let _ = std::fs::remove_dir_all(&temp_dir);
    meta.insert("sizes".into(), Value::Object(made));
    staged.metadata = Value::Object(meta);
    Ok(())
}

/// An image's metadata before any copy or size is made, in WordPress's key order.
fn base_metadata(width: u32, height: u32, relative: &str, bytes: &[u8]) -> Map<String, Value> {
    let mut meta = Map::new();
    meta.insert("width".into(), json!(width));
    meta.insert("height".into(), json!(height));
    meta.insert("file".into(), json!(relative));
    meta.insert("filesize".into(), json!(bytes.len()));
    meta.insert("sizes".into(), json!({}));
    meta.insert("image_meta".into(), image_meta::read(bytes));
    meta
}

/// What WordPress answers when `wp_insert_attachment` fails (a full disk, a database that refuses
/// the row): `db_insert_error` with the database's words, then the status 400 the attachments
/// controller adds.
fn not_inserted(e: StoreError) -> WpError {
    tracing::error!("the attachment's rows were not written: {e}");
    WpError::new(
        "db_insert_error",
        "Could not insert attachment into the database.",
    )
    .with_data(Value::String(e.last_error()))
    .add_data(json!({ "status": 400 }))
}

/// The files of the uploads an attachment owns, by its attached file `file` and its metadata: that
/// file, the original a `-scaled` or `-rotated` copy stands for, and its sizes' files.
pub fn owned_files(file: &str, metadata: &Value) -> Vec<String> {
    let dir = file.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut owned = vec![file.to_owned()];
    if let Some(original) = metadata.get("original_image").and_then(Value::as_str) {
        owned.push(join(dir, original));
    }
    let sizes = metadata.get("sizes").and_then(Value::as_object);
    for size in sizes.into_iter().flat_map(|s| s.values()) {
        if let Some(name) = size.get("file").and_then(Value::as_str) {
            owned.push(join(dir, name));
        }
    }
    owned
}

/// Deletes an attachment's rows and every file it owns (original, scaled copy, sizes).
pub fn remove(call: &Call<'_>, row: &PostRow) -> Result<(), StoreError> {
    let store = &call.app.store;
    let stored = store.attachment_meta(row.id)?;
    let doomed = owned_files(&stored.file, &stored.metadata);
    let tx = store.begin()?;
    tx.delete_attachment(row.id)?;
    tx.commit()?;
    for relative in doomed {
        remove_soon(call.app.uploads.clone(), relative);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Folder;

    /// The journal an upload writes into its name marker before placing its files is what the
    /// start-up check reads back: the attached file first, then the others; nothing once an
    /// attachment has that file.
    #[test]
    fn the_marker_journal_names_the_files_about_to_be_placed() {
        let dir = tempfile::tempdir().unwrap();
        let storage: Arc<dyn Storage> = Arc::new(Folder::new(dir.path().to_owned()));
        let staging = storage.staging_dir("2026/12").unwrap();
        let (name, reservation) = reserve_unique_name(&storage, "2026/12", "photo.jpg").unwrap();
        let mut staged = Staged {
            relative: join("2026/12", "photo-scaled.jpg"),
            file_name: name.clone(),
            metadata: Value::Null,
            moves: Vec::new(),
            storage: storage.clone(),
            _reservations: vec![reservation],
            cover: None,
        };
        for file in [name.as_str(), "photo-scaled.jpg", "photo-150x150.jpg"] {
            staged
                .stage(&staging, "2026/12", file, |p| std::fs::write(p, b"x"))
                .unwrap();
        }
        staged.journal().unwrap();
        let marker = storage.read(&join("2026/12", &marker(&name))).unwrap();
        let listed = |kept: bool| leftover_journal(&marker, |_| Ok(kept)).unwrap();
        assert_eq!(
            listed(false),
            [
                "2026/12/photo-scaled.jpg",
                "2026/12/photo.jpg",
                "2026/12/photo-150x150.jpg"
            ]
        );
        assert!(listed(true).is_empty());
        staged.discard();
    }
}
