//! Posts as WordPress keeps attachments and the posts they are attached to: a row of `wp_posts`,
//! and the meta an attachment is made from.

/// One row of `posts`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostRow {
    pub id: i64,
    pub post_type: String,
    pub status: String,
    pub author: i64,
    /// `YYYY-MM-DD HH:MM:SS`, as MySQL's DATETIME; the site's timezone is UTC.
    pub date: String,
    pub date_gmt: String,
    pub modified: String,
    pub modified_gmt: String,
    pub slug: String,
    pub title: String,
    pub content: String,
    pub excerpt: String,
    pub parent: i64,
    pub mime_type: String,
    pub guid: String,
    pub comment_status: String,
    pub ping_status: String,
}

impl PostRow {
    /// A new attachment as `wp_insert_attachment` makes it before the request's fields apply:
    /// inherited status, by `author`, dated `now` (`YYYY-MM-DD HH:MM:SS`), comments open and
    /// pings closed (an upload, an edited copy and a cover picture alike).
    pub fn new_attachment(author: i64, mime_type: &str, now: &str) -> PostRow {
        PostRow {
            post_type: "attachment".into(),
            status: "inherit".into(),
            author,
            date: now.to_owned(),
            date_gmt: now.to_owned(),
            modified: now.to_owned(),
            modified_gmt: now.to_owned(),
            mime_type: mime_type.to_owned(),
            comment_status: "open".into(),
            ping_status: "closed".into(),
            ..PostRow::default()
        }
    }
}

/// What an attachment keeps in its meta: its file under the uploads folder, its metadata (sizes,
/// `image_meta`), its alternative text and its template. A key the attachment lacks reads as empty
/// (`Value::Null` for the metadata), as `get_post_meta( …, true )` gives `''`.
#[derive(Debug, Default)]
pub struct AttachmentMeta {
    pub file: String,
    pub metadata: serde_json::Value,
    pub alt: String,
    pub template: String,
    /// `_thumbnail_id`: the featured media (an audio or video's cover picture), 0 for none.
    pub thumbnail_id: i64,
}

impl AttachmentMeta {
    /// The folder of the attached file, under the uploads folder (`YYYY/MM`), where its sizes and
    /// its original are too.
    pub fn dir(&self) -> &str {
        self.file.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// The meta keys of [`AttachmentMeta`], as WordPress names them.
pub const ATTACHED_FILE: &str = "_wp_attached_file";
pub const ATTACHMENT_METADATA: &str = "_wp_attachment_metadata";
pub const IMAGE_ALT: &str = "_wp_attachment_image_alt";
pub const PAGE_TEMPLATE: &str = "_wp_page_template";
pub const THUMBNAIL_ID: &str = "_thumbnail_id";
/// The md5 of a cover picture's bytes, on the attachment made of it, by which a later upload
/// embedding the same picture finds it.
pub const COVER_HASH: &str = "_cover_hash";
