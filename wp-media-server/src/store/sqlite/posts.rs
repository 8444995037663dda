//! Rows of the `posts` and `postmeta` tables.

use super::super::posts::{
    AttachmentMeta, PostRow, ATTACHED_FILE, ATTACHMENT_METADATA, COVER_HASH, IMAGE_ALT,
    PAGE_TEMPLATE, THUMBNAIL_ID,
};
use super::super::{MetaChanges, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The columns [`from_row`] reads, in its order. Read by position: looking each column up by name
/// was a quarter of a list request.
const COLUMNS: &str = "id, post_type, status, author, date, date_gmt, modified, modified_gmt, slug, title, content, excerpt, parent, mime_type, guid, comment_status, ping_status";

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

pub fn get(conn: &Connection, id: i64) -> rusqlite::Result<Option<PostRow>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM posts WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The rows `sql_where` (with `args` bound in its order) selects, in one query.
pub fn select(
    conn: &Connection,
    sql_where: &str,
    args: &[rusqlite::types::Value],
) -> rusqlite::Result<Vec<PostRow>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM posts WHERE {sql_where}"))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), from_row)?;
    rows.collect()
}

/// The stored columns after `id`, in the order the statements below name them.
fn columns(row: &PostRow) -> [&dyn rusqlite::ToSql; 16] {
    [
        &row.post_type,
        &row.status,
        &row.author,
        &row.date,
        &row.date_gmt,
        &row.modified,
        &row.modified_gmt,
        &row.slug,
        &row.title,
        &row.content,
        &row.excerpt,
        &row.parent,
        &row.mime_type,
        &row.guid,
        &row.comment_status,
        &row.ping_status,
    ]
}

/// The row, its attached file, its metadata (as JSON) and the meta `meta` gives.
pub fn insert_attachment(
    conn: &Connection,
    row: &PostRow,
    file: &str,
    metadata: &serde_json::Value,
    meta: &MetaChanges<'_>,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO posts (post_type, status, author, date, date_gmt, modified, modified_gmt, slug,
            title, content, excerpt, parent, mime_type, guid, comment_status, ping_status)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        &columns(row)[..],
    )?;
    let id = conn.last_insert_rowid();
    set_meta(conn, id, ATTACHED_FILE, file)?;
    set_meta(conn, id, ATTACHMENT_METADATA, &metadata.to_string())?;
    set_changed_meta(conn, id, meta)?;
    Ok(id)
}

/// Rewrites every column but `id` and `post_type`, which never change, and the meta `meta` gives.
pub fn update_attachment(
    conn: &Connection,
    row: &PostRow,
    meta: &MetaChanges<'_>,
) -> rusqlite::Result<()> {
    let columns = columns(row);
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&row.id];
    args.extend_from_slice(&columns[1..]);
    conn.execute(
        "UPDATE posts SET status = ?2, author = ?3, date = ?4, date_gmt = ?5, modified = ?6,
            modified_gmt = ?7, slug = ?8, title = ?9, content = ?10, excerpt = ?11, parent = ?12,
            mime_type = ?13, guid = ?14, comment_status = ?15, ping_status = ?16
         WHERE id = ?1",
        &args[..],
    )?;
    set_changed_meta(conn, row.id, meta)
}

/// The attached file and the metadata of attachment `id`, replaced.
pub fn set_attachment_files(
    conn: &Connection,
    id: i64,
    file: &str,
    metadata: &serde_json::Value,
) -> rusqlite::Result<()> {
    set_meta(conn, id, ATTACHED_FILE, file)?;
    set_meta(conn, id, ATTACHMENT_METADATA, &metadata.to_string())
}

fn set_changed_meta(conn: &Connection, id: i64, meta: &MetaChanges<'_>) -> rusqlite::Result<()> {
    for (key, value) in [
        (IMAGE_ALT, meta.alt_text),
        (PAGE_TEMPLATE, meta.template),
        (COVER_HASH, meta.cover_hash),
    ] {
        if let Some(value) = value {
            set_meta(conn, id, key, value)?;
        }
    }
    match meta.thumbnail_id {
        Some(0) => {
            conn.execute(
                "DELETE FROM postmeta WHERE post_id = ?1 AND key = ?2",
                params![id, THUMBNAIL_ID],
            )?;
        }
        Some(thumbnail) => set_meta(conn, id, THUMBNAIL_ID, &thumbnail.to_string())?,
        None => {}
    }
    Ok(())
}

pub fn delete(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM postmeta WHERE post_id = ?1", [id])?;
    // A deleted picture is no post's featured media any more.
    conn.execute(
        "DELETE FROM postmeta WHERE key = ?1 AND value = ?2",
        params![THUMBNAIL_ID, id.to_string()],
    )?;
    conn.execute("DELETE FROM posts WHERE id = ?1", [id])?;
    Ok(())
}

/// Every meta key and value of a post, in one query.
fn all_meta(conn: &Connection, id: i64) -> rusqlite::Result<Vec<(String, String)>> {
    let mut stmt = conn.prepare_cached("SELECT key, value FROM postmeta WHERE post_id = ?1")?;
    let rows = stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}

/// The meta of attachment `id`. Metadata that is not JSON is an error: the store writes JSON, so
/// anything else is a damaged database, not an attachment without metadata.
pub fn attachment_meta(conn: &Connection, id: i64) -> Result<AttachmentMeta, StoreError> {
    let mut meta = AttachmentMeta::default();
    for (key, value) in all_meta(conn, id)? {
        match key.as_str() {
            ATTACHED_FILE => meta.file = value,
            ATTACHMENT_METADATA => {
                meta.metadata =
                    serde_json::from_str(&value).map_err(|e| StoreError::DamagedMeta {
                        post_id: id,
                        key: ATTACHMENT_METADATA,
                        cause: e.to_string(),
                    })?
            }
            IMAGE_ALT => meta.alt = value,
            PAGE_TEMPLATE => meta.template = value,
            // `get_post_thumbnail_id` casts the value to an integer.
            THUMBNAIL_ID => meta.thumbnail_id = value.trim().parse().unwrap_or(0),
            _ => {}
        }
    }
    Ok(meta)
}

fn set_meta(conn: &Connection, id: i64, key: &str, value: &str) -> rusqlite::Result<()> {
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

pub fn has_published_posts(conn: &Connection, author: i64) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM posts WHERE author = ?1 AND status = 'publish')",
    )?
    .query_row([author], |r| r.get(0))
}

/// The newest `inherit` attachment of `mime` with `_cover_hash` `hash` (`get_posts` orders by
/// date, newest first).
pub fn find_cover(conn: &Connection, mime: &str, hash: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached(
        "SELECT p.id FROM posts p JOIN postmeta m ON m.post_id = p.id
         WHERE p.post_type = 'attachment' AND p.status = 'inherit' AND p.mime_type = ?1
           AND m.key = ?2 AND m.value = ?3
         ORDER BY p.date DESC, p.id DESC LIMIT 1",
    )?
    .query_row(params![mime, COVER_HASH, hash], |r| r.get(0))
    .optional()
}

/// Every attached file path (`_wp_attached_file`) with its attachment id.
pub fn has_attachment_with_file(conn: &Connection, file: &str) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM postmeta WHERE key = ?1 AND value = ?2)",
        params![ATTACHED_FILE, file],
        |r| r.get(0),
    )
}

pub fn attached_files(conn: &Connection) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare("SELECT post_id, value FROM postmeta WHERE key = ?1")?;
    let rows = stmt.query_map([ATTACHED_FILE], |r| Ok((r.get(0)?, r.get(1)?)))?;
    rows.collect()
}
