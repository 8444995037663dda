//! Post slugs: an attachment's from its title or the one asked for, unique across every post, as
//! `wp_insert_post` and `wp_unique_post_slug` make them, and the permalink a slug gives at the root.

use crate::store::StoreError;

/// `wp_unique_post_slug` for an attachment: unique across every post type, feeds reserved.
/// `taken` says whether another post has a slug: the store's committed rows, or a transaction's.
pub fn unique_slug(
    slug: &str,
    taken: impl Fn(&str) -> Result<bool, StoreError>,
) -> Result<String, StoreError> {
    let reserved = |s: &str| matches!(s, "feed" | "rdf" | "rss" | "rss2" | "atom" | "embed");
    if !taken(slug)? && !reserved(slug) {
        return Ok(slug.to_owned());
    }
    let mut suffix = 2;
    loop {
        let candidate = format!("{slug}-{suffix}");
        if !taken(&candidate)? {
            return Ok(candidate);
        }
        suffix += 1;
    }
}

/// The slug an attachment is stored with: the one asked for, else its title's, made unique.
pub fn slug_for(
    requested: &Option<String>,
    title: &str,
    taken: impl Fn(&str) -> Result<bool, StoreError>,
) -> Result<String, StoreError> {
    let base = requested
        .clone()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| wp_schema_runtime::slug::sanitize_title(title));
    unique_slug(&base, taken)
}

/// What `wp_insert_post` does after writing a post whose slug came out empty (a title of only
/// punctuation, say): `sanitize_title`'s fallback, the post's id, made unique (6.9.7 slugs an
/// upload titled `{}` as its id).
pub fn slug_of_id(
    id: i64,
    taken: impl Fn(&str) -> Result<bool, StoreError>,
) -> Result<String, StoreError> {
    unique_slug(&id.to_string(), taken)
}
