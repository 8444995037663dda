//! The SQL functions the store's queries use, registered on every connection: text compared and
//! searched case- and accent-insensitively, as MariaDB's `utf8mb4_unicode_520_ci` does.

use rusqlite::Connection;

/// The folded form text is compared in: accents removed, lower case.
pub fn fold(s: &str) -> String {
    wp_schema_runtime::slug::remove_accents(s).to_lowercase()
}

/// Registers the collation and the search functions the queries use: `wp_contains` (a term
/// within `%…%`) and `wp_equals` (an exact search's term, `LIKE` without wildcards). A missing
/// value (no attached file) matches neither.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation("wp_ci", |a, b| fold(a).cmp(&fold(b)))?;
    let flags = rusqlite::functions::FunctionFlags::SQLITE_UTF8
        | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("wp_contains", 2, flags, |ctx| {
        let haystack: String = ctx.get::<Option<String>>(0)?.unwrap_or_default();
        let needle: String = ctx.get(1)?;
        Ok(fold(&haystack).contains(&fold(&needle)))
    })?;
    conn.create_scalar_function("wp_equals", 2, flags, |ctx| {
        let value: Option<String> = ctx.get(0)?;
        let term: String = ctx.get(1)?;
        Ok(value.is_some_and(|value| fold(&value) == fold(&term)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_folds_case_and_accents() {
        assert_eq!(fold("Éclair"), fold("eclair"));
        assert_ne!(fold("eclair"), fold("eclairs"));
    }
}
