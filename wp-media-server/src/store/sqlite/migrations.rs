//! Versioned schema migrations: each step runs once, in order, inside the transaction that records it.

use rusqlite::{Connection, Transaction};

/// The steps, oldest first. A step is never edited once released; changes come as new steps.
const MIGRATIONS: &[&str] = &[
    // 1: the rows a fresh WordPress keeps for users, posts and their meta.
    "CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        login TEXT NOT NULL UNIQUE,
        email TEXT NOT NULL UNIQUE,
        nicename TEXT NOT NULL,
        display_name TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        role TEXT NOT NULL,
        registered TEXT NOT NULL
    );
    CREATE TABLE app_passwords (
        uuid TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        name TEXT NOT NULL,
        hash TEXT NOT NULL,
        created TEXT NOT NULL
    );
    CREATE TABLE posts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        post_type TEXT NOT NULL,
        status TEXT NOT NULL,
        author INTEGER NOT NULL,
        date TEXT NOT NULL,
        date_gmt TEXT NOT NULL,
        modified TEXT NOT NULL,
        modified_gmt TEXT NOT NULL,
        slug TEXT NOT NULL,
        title TEXT NOT NULL,
        content TEXT NOT NULL,
        excerpt TEXT NOT NULL,
        parent INTEGER NOT NULL DEFAULT 0,
        mime_type TEXT NOT NULL DEFAULT '',
        guid TEXT NOT NULL,
        comment_status TEXT NOT NULL,
        ping_status TEXT NOT NULL
    );
    CREATE INDEX posts_type_status_date ON posts (post_type, status, date);
    CREATE INDEX posts_slug ON posts (slug);
    CREATE TABLE postmeta (
        post_id INTEGER NOT NULL REFERENCES posts(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (post_id, key)
    );",
    // 2: the site's options the answers name: its title and tagline, as a fresh WordPress 6.9.7
    // install of no title of its own has them (`populate_options`).
    "CREATE TABLE options (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    INSERT INTO options (name, value) VALUES ('blogname', 'My Site'), ('blogdescription', '');",
];

/// Brings `conn` up to the newest schema version; returns the versions applied.
pub fn migrate(conn: &mut Connection) -> rusqlite::Result<Vec<usize>> {
    conn.execute_batch("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")?;
    let mut applied = Vec::new();
    loop {
        let tx = conn.transaction()?;
        let current = current_version(&tx)?;
        let Some(step) = MIGRATIONS.get(current) else {
            return Ok(applied);
        };
        tx.execute_batch(step)?;
        tx.execute("DELETE FROM schema_version", [])?;
        tx.execute(
            "INSERT INTO schema_version (version) VALUES (?1)",
            [current + 1],
        )?;
        tx.commit()?;
        applied.push(current + 1);
    }
}

fn current_version(tx: &Transaction<'_>) -> rusqlite::Result<usize> {
    let version: Option<i64> =
        tx.query_row("SELECT MAX(version) FROM schema_version", [], |row| {
            row.get(0)
        })?;
    Ok(version.unwrap_or(0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrating_twice_applies_each_step_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(
            migrate(&mut conn).unwrap(),
            (1..=MIGRATIONS.len()).collect::<Vec<_>>()
        );
        assert!(migrate(&mut conn).unwrap().is_empty());
        let version: i64 = conn
            .query_row("SELECT version FROM schema_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version as usize, MIGRATIONS.len());
    }
}
