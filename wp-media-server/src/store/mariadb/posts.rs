//! Rows of `wp_posts` and `wp_postmeta`, as WordPress reads and writes them.

use super::super::posts::{
    AttachmentMeta, PostRow, ATTACHED_FILE, ATTACHMENT_METADATA, COVER_HASH, IMAGE_ALT,
    PAGE_TEMPLATE, THUMBNAIL_ID,
};
use super::super::{MetaChanges, StoreError};
use super::{php, Tables};
use mysql::prelude::Queryable;
use mysql::PooledConn;
use mysql::{Row, Value as Sql};
use std::collections::HashMap;

/// The columns [`from_row`] reads, in its order. Dates are read as text, as `mysqli` gives them
/// to WordPress (`0000-00-00 00:00:00` included).
pub const COLUMNS: &str = "ID, post_type, post_status, post_author, CAST(post_date AS CHAR), \
    CAST(post_date_gmt AS CHAR), CAST(post_modified AS CHAR), CAST(post_modified_gmt AS CHAR), \
    post_name, post_title, post_content, post_excerpt, post_parent, post_mime_type, guid, \
    comment_status, ping_status";

pub fn from_row(mut row: Row) -> Result<PostRow, StoreError> {
    let mut text = |i: usize| -> Result<String, StoreError> {
        row.take_opt::<String, usize>(i)
            .unwrap_or(Ok(String::new()))
            .map_err(|e| StoreError::Database(Box::new(e)))
    };
    let (post_type, status) = (text(1)?, text(2)?);
    let (date, date_gmt, modified, modified_gmt) = (text(4)?, text(5)?, text(6)?, text(7)?);
    let (slug, title, content, excerpt) = (text(8)?, text(9)?, text(10)?, text(11)?);
    let (mime_type, guid, comment_status, ping_status) =
        (text(13)?, text(14)?, text(15)?, text(16)?);
    let mut int = |i: usize| -> Result<i64, StoreError> {
        row.take_opt::<i64, usize>(i)
            .unwrap_or(Ok(0))
            .map_err(|e| StoreError::Database(Box::new(e)))
    };
    Ok(PostRow {
        id: int(0)?,
        author: int(3)?,
        parent: int(12)?,
        post_type,
        status,
        date,
        date_gmt,
        modified,
        modified_gmt,
        slug,
        title,
        content,
        excerpt,
        mime_type,
        guid,
        comment_status,
        ping_status,
    })
}

pub fn get(conn: &mut PooledConn, t: &Tables, id: i64) -> Result<Option<PostRow>, StoreError> {
    let row: Option<Row> = conn.exec_first(
        format!("SELECT {COLUMNS} FROM {} WHERE ID = ?", t.posts),
        (id,),
    )?;
    row.map(from_row).transpose()
}

/// The rows with these ids, in the order of `ids` (`_prime_post_caches` after a `WP_Query` of
/// ids).
pub fn by_ids(conn: &mut PooledConn, t: &Tables, ids: &[i64]) -> Result<Vec<PostRow>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let rows: Vec<Row> = conn.exec(
        format!("SELECT {COLUMNS} FROM {} WHERE ID IN ({marks})", t.posts),
        ids.to_vec(),
    )?;
    let mut found = rows
        .into_iter()
        .map(from_row)
        .collect::<Result<Vec<_>, _>>()?;
    found.sort_by_key(|row| ids.iter().position(|&id| id == row.id));
    Ok(found)
}

/// The stored columns after `ID`, in the order the statements below name them.
fn columns(row: &PostRow) -> Vec<Sql> {
    vec![
        row.post_type.as_str().into(),
        row.status.as_str().into(),
        row.author.into(),
        row.date.as_str().into(),
        row.date_gmt.as_str().into(),
        row.modified.as_str().into(),
        row.modified_gmt.as_str().into(),
        row.slug.as_str().into(),
        row.title.as_str().into(),
        row.content.as_str().into(),
        row.excerpt.as_str().into(),
        row.parent.into(),
        row.mime_type.as_str().into(),
        row.guid.as_str().into(),
        row.comment_status.as_str().into(),
        row.ping_status.as_str().into(),
    ]
}

/// `wp_insert_attachment`: the row, its attached file, its metadata and the meta `meta` gives.
/// The text columns WordPress fills with `''` have no default in its schema.
pub fn insert_attachment(
    conn: &mut PooledConn,
    t: &Tables,
    row: &PostRow,
    file: &str,
    metadata: &serde_json::Value,
    meta: &MetaChanges<'_>,
) -> Result<i64, StoreError> {
    conn.exec_drop(
        format!(
            "INSERT INTO {} (post_type, post_status, post_author, post_date, post_date_gmt,
                post_modified, post_modified_gmt, post_name, post_title, post_content,
                post_excerpt, post_parent, post_mime_type, guid, comment_status, ping_status,
                to_ping, pinged, post_content_filtered, post_password)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '')",
            t.posts
        ),
        columns(row),
    )?;
    let id = i64::try_from(conn.last_insert_id())
        .map_err(|_| StoreError::Database("the insert gave no id".into()))?;
    set_files(conn, t, id, file, metadata)?;
    set_changed_meta(conn, t, id, meta)?;
    Ok(id)
}

/// `wp_update_post`: every column but `ID` and `post_type`, and the meta `meta` gives.
pub fn update_attachment(
    conn: &mut PooledConn,
    t: &Tables,
    row: &PostRow,
    meta: &MetaChanges<'_>,
) -> Result<(), StoreError> {
    let mut args = columns(row);
    args.remove(0);
    args.push(row.id.into());
    conn.exec_drop(
        format!(
            "UPDATE {} SET post_status = ?, post_author = ?, post_date = ?, post_date_gmt = ?,
                post_modified = ?, post_modified_gmt = ?, post_name = ?, post_title = ?,
                post_content = ?, post_excerpt = ?, post_parent = ?, post_mime_type = ?,
                guid = ?, comment_status = ?, ping_status = ?
             WHERE ID = ?",
            t.posts
        ),
        args,
    )?;
    set_changed_meta(conn, t, row.id, meta)
}

/// `update_attached_file` and `wp_update_attachment_metadata`.
pub fn set_files(
    conn: &mut PooledConn,
    t: &Tables,
    id: i64,
    file: &str,
    metadata: &serde_json::Value,
) -> Result<(), StoreError> {
    set_meta(conn, t, id, ATTACHED_FILE, &php::maybe_serialize(file))?;
    set_meta(conn, t, id, ATTACHMENT_METADATA, &php::serialize(metadata))
}

fn set_changed_meta(
    conn: &mut PooledConn,
    t: &Tables,
    id: i64,
    meta: &MetaChanges<'_>,
) -> Result<(), StoreError> {
    for (key, value) in [
        (IMAGE_ALT, meta.alt_text),
        (PAGE_TEMPLATE, meta.template),
        (COVER_HASH, meta.cover_hash),
    ] {
        if let Some(value) = value {
            set_meta(conn, t, id, key, &php::maybe_serialize(value))?;
        }
    }
    match meta.thumbnail_id {
        Some(0) => conn.exec_drop(
            format!(
                "DELETE FROM {} WHERE post_id = ? AND meta_key = ?",
                t.postmeta
            ),
            (id, THUMBNAIL_ID),
        )?,
        Some(thumbnail) => set_meta(conn, t, id, THUMBNAIL_ID, thumbnail.to_string().as_bytes())?,
        None => {}
    }
    Ok(())
}

/// `update_post_meta`: every row of the key rewritten, or one added when there is none.
fn set_meta(
    conn: &mut PooledConn,
    t: &Tables,
    id: i64,
    key: &str,
    value: &[u8],
) -> Result<(), StoreError> {
    let existing: Option<i64> = conn.exec_first(
        format!(
            "SELECT meta_id FROM {} WHERE post_id = ? AND meta_key = ? LIMIT 1",
            t.postmeta
        ),
        (id, key),
    )?;
    let sql = if existing.is_some() {
        format!(
            "UPDATE {} SET meta_value = ? WHERE post_id = ? AND meta_key = ?",
            t.postmeta
        )
    } else {
        format!(
            "INSERT INTO {} (meta_value, post_id, meta_key) VALUES (?, ?, ?)",
            t.postmeta
        )
    };
    conn.exec_drop(sql, (value, id, key))?;
    Ok(())
}

/// The rows `wp_delete_attachment` removes: the post, its meta, and every `_thumbnail_id` that
/// names it.
pub fn delete(conn: &mut PooledConn, t: &Tables, id: i64) -> Result<(), StoreError> {
    conn.exec_drop(
        format!("DELETE FROM {} WHERE post_id = ?", t.postmeta),
        (id,),
    )?;
    conn.exec_drop(
        format!(
            "DELETE FROM {} WHERE meta_key = ? AND meta_value = ?",
            t.postmeta
        ),
        (THUMBNAIL_ID, id.to_string()),
    )?;
    conn.exec_drop(format!("DELETE FROM {} WHERE ID = ?", t.posts), (id,))?;
    Ok(())
}

/// The meta keys an attachment is made from, as SQL's list of them.
const META_KEYS: [&str; 5] = [
    ATTACHED_FILE,
    ATTACHMENT_METADATA,
    IMAGE_ALT,
    PAGE_TEMPLATE,
    THUMBNAIL_ID,
];

/// The meta of attachment `id`. Of a key stored twice, the first row counts, as
/// `get_post_meta( …, true )` takes it.
pub fn attachment_meta(
    conn: &mut PooledConn,
    t: &Tables,
    id: i64,
) -> Result<AttachmentMeta, StoreError> {
    let rows: Vec<(String, Vec<u8>)> = conn.exec(
        format!(
            "SELECT meta_key, meta_value FROM {} WHERE post_id = ? AND meta_key IN (?, ?, ?, ?, ?)
             ORDER BY meta_id DESC",
            t.postmeta
        ),
        (
            id,
            META_KEYS[0],
            META_KEYS[1],
            META_KEYS[2],
            META_KEYS[3],
            META_KEYS[4],
        ),
    )?;
    meta_of(id, rows)
}

/// The meta of each of `ids`, in one query (`update_meta_cache`); an attachment whose meta cannot
/// be read back is left out.
pub fn prefetch_meta(
    conn: &mut PooledConn,
    t: &Tables,
    ids: &[i64],
) -> Result<HashMap<i64, AttachmentMeta>, StoreError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let marks = vec!["?"; ids.len()].join(", ");
    let mut args: Vec<Sql> = ids.iter().map(|&id| Sql::from(id)).collect();
    args.extend(META_KEYS.iter().map(|&key| Sql::from(key)));
    let rows: Vec<(i64, String, Vec<u8>)> = conn.exec(
        format!(
            "SELECT post_id, meta_key, meta_value FROM {} WHERE post_id IN ({marks})
               AND meta_key IN (?, ?, ?, ?, ?)
             ORDER BY meta_id DESC",
            t.postmeta
        ),
        args,
    )?;
    let mut by_post: HashMap<i64, Vec<(String, Vec<u8>)>> =
        ids.iter().map(|&id| (id, Vec::new())).collect();
    for (id, key, value) in rows {
        by_post.entry(id).or_default().push((key, value));
    }
    Ok(by_post
        .into_iter()
        .filter_map(|(id, rows)| Some((id, meta_of(id, rows).ok()?)))
        .collect())
}

/// An attachment's meta from its rows, the later first.
fn meta_of(id: i64, rows: Vec<(String, Vec<u8>)>) -> Result<AttachmentMeta, StoreError> {
    let mut meta = AttachmentMeta::default();
    for (key, value) in rows {
        match key.as_str() {
            ATTACHED_FILE => meta.file = php::maybe_unserialize_text(&value),
            ATTACHMENT_METADATA => {
                meta.metadata = if value.is_empty() {
                    serde_json::Value::Null
                } else {
                    php::unserialize(&value).map_err(|e| StoreError::DamagedMeta {
                        post_id: id,
                        key: ATTACHMENT_METADATA,
                        cause: e.to_string(),
                    })?
                }
            }
            IMAGE_ALT => meta.alt = php::maybe_unserialize_text(&value),
            PAGE_TEMPLATE => meta.template = php::maybe_unserialize_text(&value),
            // `get_post_thumbnail_id` casts the value to an integer.
            THUMBNAIL_ID => {
                meta.thumbnail_id = php::maybe_unserialize_text(&value)
                    .trim()
                    .parse()
                    .unwrap_or(0)
            }
            _ => {}
        }
    }
    Ok(meta)
}

/// Whether another post already uses `slug`.
pub fn slug_taken(
    conn: &mut PooledConn,
    t: &Tables,
    slug: &str,
    except_id: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> = conn.exec_first(
        format!(
            "SELECT ID FROM {} WHERE post_name = ? AND ID != ? LIMIT 1",
            t.posts
        ),
        (slug, except_id),
    )?;
    Ok(found.is_some())
}

pub fn has_published_posts(
    conn: &mut PooledConn,
    t: &Tables,
    author: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> = conn.exec_first(
        format!(
            "SELECT ID FROM {} WHERE post_author = ? AND post_status = 'publish' LIMIT 1",
            t.posts
        ),
        (author,),
    )?;
    Ok(found.is_some())
}

/// The newest `inherit` attachment of `mime` with `_cover_hash` `hash`.
pub fn find_cover(
    conn: &mut PooledConn,
    t: &Tables,
    mime: &str,
    hash: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(conn.exec_first(
        format!(
            "SELECT p.ID FROM {} p JOIN {} m ON m.post_id = p.ID
             WHERE p.post_type = 'attachment' AND p.post_status = 'inherit'
               AND p.post_mime_type = ? AND m.meta_key = ? AND m.meta_value = ?
             ORDER BY p.post_date DESC, p.ID DESC LIMIT 1",
            t.posts, t.postmeta
        ),
        (mime, COVER_HASH, php::maybe_serialize(hash)),
    )?)
}

/// Every attachment's id with its attached file.
/// Compared with the meta as WordPress writes a text (`maybe_serialize`).
pub fn has_attachment_with_file(
    conn: &mut PooledConn,
    t: &Tables,
    file: &str,
) -> Result<bool, StoreError> {
    let found: Option<i64> = conn.exec_first(
        format!(
            "SELECT 1 FROM {} WHERE meta_key = ? AND meta_value = ? LIMIT 1",
            t.postmeta
        ),
        (ATTACHED_FILE, php::maybe_serialize(file)),
    )?;
    Ok(found.is_some())
}

pub fn attached_files(conn: &mut PooledConn, t: &Tables) -> Result<Vec<(i64, String)>, StoreError> {
    let rows: Vec<(i64, Vec<u8>)> = conn.exec(
        format!(
            "SELECT m.post_id, m.meta_value FROM {} m JOIN {} p ON p.ID = m.post_id
             WHERE m.meta_key = ? AND p.post_type = 'attachment'",
            t.postmeta, t.posts
        ),
        (ATTACHED_FILE,),
    )?;
    Ok(rows
        .into_iter()
        .map(|(id, file)| (id, php::maybe_unserialize_text(&file)))
        .collect())
}
