//! Rows of the `users` and `app_passwords` tables.

use super::super::users::{Grants, NewAppPassword, NewUser, Role, User};
use super::super::StoreError;
use rusqlite::{params, Connection, OptionalExtension, Row};

fn from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let role: String = row.get("role")?;
    let role = Role::parse(&role).unwrap_or(Role::Subscriber);
    Ok(User {
        id: row.get("id")?,
        login: row.get("login")?,
        email: row.get("email")?,
        nicename: row.get("nicename")?,
        display_name: row.get("display_name")?,
        url: row.get("url")?,
        description: row.get("description")?,
        role,
        grants: Grants::of_role(role),
        registered: row.get("registered")?,
    })
}

/// Adds `user`, unless another has its login (as `get_user_by( 'login' )` finds it) or its email.
pub fn insert_user(conn: &Connection, user: &NewUser) -> Result<i64, StoreError> {
    let login = wp_schema_runtime::callbacks::sanitize_user(&user.login);
    if by_login(conn, &login)?.is_some() || by_email(conn, &user.email)?.is_some() {
        return Err(StoreError::DuplicateUser(user.login.clone()));
    }
    conn.execute(
        "INSERT INTO users (login, email, nicename, display_name, url, role, registered)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            user.login,
            user.email,
            user.nicename,
            user.display_name,
            user.url,
            user.role.as_str(),
            user.registered
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn by_id(conn: &Connection, id: i64) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached("SELECT * FROM users WHERE id = ?1")?
        .query_row([id], from_row)
        .optional()
}

/// The login compared as MariaDB's `utf8mb4_unicode_520_ci` compares. The exact match is tried
/// first, on the index.
pub fn by_login(conn: &Connection, login: &str) -> rusqlite::Result<Option<User>> {
    let exact = conn
        .prepare_cached("SELECT * FROM users WHERE login = ?1")?
        .query_row([login], from_row)
        .optional()?;
    if exact.is_some() {
        return Ok(exact);
    }
    conn.prepare_cached("SELECT * FROM users WHERE login = ?1 COLLATE wp_ci ORDER BY id LIMIT 1")?
        .query_row([login], from_row)
        .optional()
}

pub fn by_email(conn: &Connection, email: &str) -> rusqlite::Result<Option<User>> {
    conn.prepare_cached("SELECT * FROM users WHERE email = ?1 COLLATE NOCASE")?
        .query_row([email], from_row)
        .optional()
}

pub fn insert_app_password(
    conn: &Connection,
    user_id: i64,
    password: &NewAppPassword,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO app_passwords (uuid, user_id, name, hash, created) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            password.uuid,
            user_id,
            password.name,
            password.hash,
            password.created
        ],
    )?;
    Ok(())
}

pub fn app_password_hashes(conn: &Connection, user_id: i64) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT hash FROM app_passwords WHERE user_id = ?1")?;
    let rows = stmt.query_map([user_id], |r| r.get(0))?;
    rows.collect()
}
