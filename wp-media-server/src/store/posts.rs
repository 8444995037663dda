//! Rows of the `posts` table and their meta, the way WordPress keeps attachments and the posts they
//! are attached to.

use rusqlite::{params, Connection, OptionalExtension, Row};

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

/// The columns [`PostRow::from_row`] reads, in its order. Read by position: looking each column
/// up by name was a quarter of a list request.
const COLUMNS: &str = "id, post_type, status, author, date, date_gmt, modified, modified_gmt, slug, title, content, excerpt, parent, mime_type, guid, comment_status, ping_status";

impl PostRow {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<PostRow> {
        Ok(PostRow {
            id: row.get(0)?,
            post_type: row.get(1)?,
            status: row.get(2)?,
            author: row.get(3)?,
            date: row.get(4)?,
            date_gmt: row.get(5)?,
            modified: row.get(6)?,
            modified_gmt: row.get(7)?,
            slug: row.get(8)?,
            title: row.get(9)?,
            content: row.get(10)?,
            excerpt: row.get(11)?,
            parent: row.get(12)?,
            mime_type: row.get(13)?,
            guid: row.get(14)?,
            comment_status: row.get(15)?,
            ping_status: row.get(16)?,
        })
    }
}

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<PostRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM posts WHERE id = ?1"))?
        .query_row([id], PostRow::from_row)
        .optional()
}

/// The rows with these ids, in one query.
pub fn select(
    conn: &Connection,
    sql_where: &str,
    args: &[rusqlite::types::Value],
) -> rusqlite::Result<Vec<PostRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM posts WHERE {sql_where}"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), PostRow::from_row)?;
    rows.collect()
}

impl PostRow {
    /// The stored columns after `id`, in the order the statements below name them.
    fn columns(&self) -> [&dyn rusqlite::ToSql; 16] {
        [
            &self.post_type,
            &self.status,
            &self.author,
            &self.date,
            &self.date_gmt,
            &self.modified,
            &self.modified_gmt,
            &self.slug,
            &self.title,
            &self.content,
            &self.excerpt,
            &self.parent,
            &self.mime_type,
            &self.guid,
            &self.comment_status,
            &self.ping_status,
        ]
    }
}

pub fn insert(conn: &Connection, row: &PostRow) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO posts (post_type, status, author, date, date_gmt, modified, modified_gmt, slug,
            title, content, excerpt, parent, mime_type, guid, comment_status, ping_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        &row.columns()[..],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Rewrites every column but `id` and `post_type`, which never change.
pub fn update(conn: &Connection, row: &PostRow) -> rusqlite::Result<()> {
    let columns = row.columns();
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&row.id];
    args.extend_from_slice(&columns[1..]);
    conn.execute(
        "UPDATE posts SET status = ?2, author = ?3, date = ?4, date_gmt = ?5, modified = ?6,
            modified_gmt = ?7, slug = ?8, title = ?9, content = ?10, excerpt = ?11, parent = ?12,
            mime_type = ?13, guid = ?14, comment_status = ?15, ping_status = ?16
         WHERE id = ?1",
        &args[..],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM postmeta WHERE post_id = ?1", [id])?;
    conn.execute("DELETE FROM posts WHERE id = ?1", [id])?;
    Ok(())
}

pub fn meta(conn: &Connection, id: i64, key: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT value FROM postmeta WHERE post_id = ?1 AND key = ?2")?
        .query_row(params![id, key], |r| r.get(0))
        .optional()
}

/// Every meta key and value of a post, in one query.
pub fn all_meta(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM postmeta WHERE post_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// What an attachment keeps in its meta: its file under the uploads folder, its metadata (sizes,
/// `image_meta`), its alternative text and its template.
#[derive(Debug, Default)]
pub struct AttachmentMeta {
    pub file: String,
    pub metadata: serde_json::Value,
    pub alt: String,
    pub template: String,
}

/// The meta of attachment `id`. Metadata that is not JSON is an error: the store writes JSON, so
/// anything else is a damaged database, not an attachment without metadata.
pub fn attachment_meta(conn: &Connection, id: i64) -> rusqlite::Result<AttachmentMeta> {
    let mut meta = AttachmentMeta::default();
    for (key, value) in all_meta(conn, id)? {
        match key.as_str() {
            "_wp_attached_file" => meta.file = value,
            "_wp_attachment_metadata" => {
                meta.metadata = serde_json::from_str(&value).map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?
            }
            "_wp_attachment_image_alt" => meta.alt = value,
            "_wp_page_template" => meta.template = value,
            _ => {}
        }
    }
    Ok(meta)
}

pub fn set_meta(conn: &Connection, id: i64, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO postmeta (post_id, key, value) VALUES (?1, ?2, ?3)
         ON CONFLICT (post_id, key) DO UPDATE SET value = excluded.value",
        params![id, key, value],
    )?;
    Ok(())
}

/// Whether another post already uses `slug` (attachment slugs are unique across all post types).
pub fn slug_taken(conn: &Connection, slug: &str, except_id: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM posts WHERE slug = ?1 AND id != ?2)")?
        .query_row(params![slug, except_id], |r| r.get(0))
}

/// Every attached file path (`_wp_attached_file`) with its attachment id.
pub fn attached_files(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt =
        conn.prepare("SELECT post_id, value FROM postmeta WHERE key = '_wp_attached_file'")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
