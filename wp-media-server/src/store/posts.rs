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

/// What an attachment keeps in its meta: its file under the uploads folder, its metadata (sizes,
/// `image_meta`), its alternative text and its template. A key the attachment lacks reads as empty
/// (`Value::Null` for the metadata), as `get_post_meta( …, true )` gives `''`.
#[derive(Debug, Default)]
pub struct AttachmentMeta {
    pub file: String,
    pub metadata: serde_json::Value,
    pub alt: String,
    pub template: String,
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
