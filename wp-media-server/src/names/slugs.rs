//! Post slugs: an attachment's from its title or the one asked for, unique across every post, as
//! `wp_insert_post` and `wp_unique_post_slug` make them.

use crate::store::posts;

/// `wp_unique_post_slug` for an attachment: unique across every post type, feeds reserved.
pub fn unique_slug(conn: &rusqlite::Connection, slug: &str, id: i64) -> rusqlite::Result<String> {
    let reserved = |s: &str| matches!(s, "feed" | "rdf" | "rss" | "rss2" | "atom" | "embed");
    if !posts::slug_taken(conn, slug, id)? && !reserved(slug) {
        return Ok(slug.to_owned());
    }
    let mut suffix = 2;
    loop {
        let candidate = format!("{slug}-{suffix}");
        if !posts::slug_taken(conn, &candidate, id)? {
            return Ok(candidate);
        }
        suffix += 1;
    }
}

/// The slug an attachment is stored with: the one asked for, else its title's, made unique.
pub fn slug_for(
    conn: &rusqlite::Connection,
    requested: &Option<String>,
    title: &str,
    id: i64,
) -> rusqlite::Result<String> {
    let base = requested
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| wp_schema_runtime::slug::sanitize_title(title));
    unique_slug(conn, &base, id)
}
