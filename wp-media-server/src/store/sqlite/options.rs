//! Rows of the `options` table.

use rusqlite::{params, Connection, OptionalExtension};

pub fn get(conn: &Connection, name: &str) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM options WHERE name = ?1", [name], |row| {
        row.get(0)
    })
    .optional()
}

pub fn set(conn: &Connection, name: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO options (name, value) VALUES (?1, ?2)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        params![name, value],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::super::options::{BLOGDESCRIPTION, BLOGNAME};
    use super::*;

    #[test]
    fn a_new_site_is_named_as_wordpress_names_one_and_can_be_renamed() {
        let mut conn = Connection::open_in_memory().unwrap();
        super::super::migrations::migrate(&mut conn).unwrap();
        assert_eq!(get(&conn, BLOGNAME).unwrap().as_deref(), Some("My Site"));
        assert_eq!(get(&conn, BLOGDESCRIPTION).unwrap().as_deref(), Some(""));
        set(&conn, BLOGNAME, "Kitchen notes").unwrap();
        assert_eq!(
            get(&conn, BLOGNAME).unwrap().as_deref(),
            Some("Kitchen notes")
        );
        assert_eq!(get(&conn, "no_such_option").unwrap(), None);
    }
}
