//! Categories, as `get_permalink` names a post's for a `%category%` permalink structure: from
//! `wp_terms`, `wp_term_taxonomy` and `wp_term_relationships`.

use super::super::StoreError;
use super::Tables;
use mysql::prelude::Queryable;
use mysql::PooledConn;

/// How many categories up a category's parents are followed; WordPress follows them all.
const MAX_ANCESTORS: usize = 64;

/// The `%category%` of a post: the slug of its category of the lowest id, after the slugs of
/// that category's ancestors (`get_category_parents`), or, for a post without one, the slug of
/// the site's default category alone; `None` when there is neither.
pub fn post_category_path(
    conn: &mut PooledConn,
    t: &Tables,
    post_id: i64,
) -> Result<Option<String>, StoreError> {
    let first: Option<(String, i64)> = conn.exec_first(
        format!(
            "SELECT t.slug, tt.parent FROM {} t
             JOIN {} tt ON tt.term_id = t.term_id
             JOIN {} tr ON tr.term_taxonomy_id = tt.term_taxonomy_id
             WHERE tr.object_id = ? AND tt.taxonomy = 'category'
             ORDER BY t.term_id ASC LIMIT 1",
            t.terms, t.term_taxonomy, t.term_relationships
        ),
        (post_id,),
    )?;
    let Some((slug, mut parent)) = first else {
        let default: Option<String> = conn.exec_first(
            format!(
                "SELECT t.slug FROM {} t JOIN {} tt ON tt.term_id = t.term_id
                 WHERE t.term_id = (SELECT option_value FROM {} WHERE option_name = 'default_category')
                 AND tt.taxonomy = 'category' LIMIT 1",
                t.terms, t.term_taxonomy, t.options
            ),
            (),
        )?;
        return Ok(default);
    };
    let mut path = slug;
    for _ in 0..MAX_ANCESTORS {
        if parent == 0 {
            break;
        }
        let ancestor: Option<(String, i64)> = conn.exec_first(
            format!(
                "SELECT t.slug, tt.parent FROM {} t JOIN {} tt ON tt.term_id = t.term_id
                 WHERE t.term_id = ? AND tt.taxonomy = 'category' LIMIT 1",
                t.terms, t.term_taxonomy
            ),
            (parent,),
        )?;
        let Some((slug, next)) = ancestor else {
            break;
        };
        path = format!("{slug}/{path}");
        parent = next;
    }
    Ok(Some(path))
}
