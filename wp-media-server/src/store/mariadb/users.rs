//! Users as WordPress keeps them: a row of `wp_users`, their role in the `wp_capabilities` user
//! meta, and their application passwords in `_application_passwords`.

use super::super::users::{Grants, NewAppPassword, NewUser, Role, User};
use super::super::StoreError;
use super::{php, Tables};
use mysql::prelude::Queryable;
use mysql::PooledConn;
use mysql::Row;
use serde_json::{json, Value};

const COLUMNS: &str = "ID, user_login, user_email, user_nicename, display_name, user_url, \
    CAST(user_registered AS CHAR)";

/// The meta key of a user's application passwords.
const APP_PASSWORDS: &str = "_application_passwords";

/// The site's roles (`SITE_user_roles`): each role's name to its `name` and `capabilities`.
pub type SiteRoles = serde_json::Map<String, Value>;

fn user(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    row: Row,
) -> Result<User, StoreError> {
    let (id, login, email, nicename, display_name, url, registered): (
        i64,
        String,
        String,
        String,
        String,
        String,
        String,
    ) = mysql::from_row_opt(row).map_err(|e| StoreError::Database(Box::new(e)))?;
    let meta: Vec<(String, Vec<u8>)> = conn.exec(
        format!(
            "SELECT meta_key, meta_value FROM {} WHERE user_id = ? AND meta_key IN (?, ?)
             ORDER BY umeta_id DESC",
            t.usermeta
        ),
        (id, "description", &t.capabilities_key),
    )?;
    let mut description = String::new();
    let mut own = serde_json::Map::new();
    for (key, value) in meta {
        if key == "description" {
            description = php::maybe_unserialize_text(&value);
        } else if let Ok(Value::Object(caps)) = php::unserialize(&value) {
            // `WP_User::for_site`: meta that is not an array grants nothing.
            own = caps;
        }
    }
    let role = own
        .iter()
        .filter(|(_, held)| wp_schema_runtime::php::is_truthy(held))
        .find_map(|(name, _)| Role::parse(name));
    Ok(User {
        id,
        login,
        email,
        nicename,
        display_name,
        url,
        description,
        role: role.unwrap_or(Role::Subscriber),
        grants: std::sync::Arc::new(Grants::of(own, roles)),
        registered,
    })
}

fn one(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    column: &str,
    value: mysql::Value,
) -> Result<Option<User>, StoreError> {
    let row: Option<Row> = conn.exec_first(
        format!(
            "SELECT {COLUMNS} FROM {} WHERE {column} = ? ORDER BY ID LIMIT 1",
            t.users
        ),
        (value,),
    )?;
    row.map(|row| user(conn, t, roles, row)).transpose()
}

pub fn by_id(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    id: i64,
) -> Result<Option<User>, StoreError> {
    one(conn, t, roles, "ID", id.into())
}

/// Compared by the column's own collation, as `get_user_by( 'login' )` is.
pub fn by_login(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    login: &str,
) -> Result<Option<User>, StoreError> {
    one(conn, t, roles, "user_login", login.into())
}

pub fn by_email(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    email: &str,
) -> Result<Option<User>, StoreError> {
    one(conn, t, roles, "user_email", email.into())
}

/// `wp_insert_user`: the row, and the meta WordPress gives a new user, so that WordPress finds
/// the user as it finds its own.
pub fn insert_user(
    conn: &mut PooledConn,
    t: &Tables,
    roles: &SiteRoles,
    new: &NewUser,
) -> Result<User, StoreError> {
    let login = wp_schema_runtime::callbacks::sanitize_user(&new.login);
    if by_login(conn, t, roles, &login)?.is_some()
        || by_email(conn, t, roles, &new.email)?.is_some()
    {
        return Err(StoreError::DuplicateUser(new.login.clone()));
    }
    conn.exec_drop(
        format!(
            "INSERT INTO {} (user_login, user_pass, user_nicename, user_email, user_url,
                user_registered, user_activation_key, user_status, display_name)
             VALUES (?, '', ?, ?, ?, ?, '', 0, ?)",
            t.users
        ),
        (
            &new.login,
            &new.nicename,
            &new.email,
            &new.url,
            &new.registered,
            &new.display_name,
        ),
    )?;
    let id = i64::try_from(conn.last_insert_id())
        .map_err(|_| StoreError::Database("the insert gave no id".into()))?;
    let capabilities = php::serialize(&json!({ new.role.as_str(): true }));
    let level = new.role.user_level().to_string();
    let meta: [(&str, &[u8]); 14] = [
        ("nickname", new.login.as_bytes()),
        ("first_name", b""),
        ("last_name", b""),
        ("description", b""),
        ("rich_editing", b"true"),
        ("syntax_highlighting", b"true"),
        ("comment_shortcuts", b"false"),
        ("admin_color", b"fresh"),
        ("use_ssl", b"0"),
        ("show_admin_bar_front", b"true"),
        ("locale", b""),
        (&t.capabilities_key, &capabilities),
        (&t.user_level_key, level.as_bytes()),
        ("dismissed_wp_pointers", b""),
    ];
    for (key, value) in meta {
        conn.exec_drop(
            format!(
                "INSERT INTO {} (user_id, meta_key, meta_value) VALUES (?, ?, ?)",
                t.usermeta
            ),
            (id, key, value),
        )?;
    }
    by_id(conn, t, roles, id)?.ok_or_else(|| {
        StoreError::Database(format!("user {id} is not found after its insert").into())
    })
}

/// The user's application passwords, as `WP_Application_Passwords::get_user_application_passwords`
/// reads them: a list of records; anything else is none.
fn app_passwords(
    conn: &mut PooledConn,
    t: &Tables,
    user_id: i64,
    for_update: bool,
) -> Result<(Option<i64>, Vec<Value>), StoreError> {
    let lock = if for_update { " FOR UPDATE" } else { "" };
    let row: Option<(i64, Vec<u8>)> = conn.exec_first(
        format!(
            "SELECT umeta_id, meta_value FROM {} WHERE user_id = ? AND meta_key = ?
             ORDER BY umeta_id LIMIT 1{lock}",
            t.usermeta
        ),
        (user_id, APP_PASSWORDS),
    )?;
    let Some((meta_id, stored)) = row else {
        return Ok((None, Vec::new()));
    };
    let records = match php::unserialize(&stored) {
        Ok(Value::Array(records)) => records,
        Ok(Value::Object(records)) => records.into_iter().map(|(_, r)| r).collect(),
        _ => Vec::new(),
    };
    Ok((Some(meta_id), records))
}

pub fn app_password_hashes(
    conn: &mut PooledConn,
    t: &Tables,
    user_id: i64,
) -> Result<Vec<String>, StoreError> {
    let (_, records) = app_passwords(conn, t, user_id, false)?;
    Ok(records
        .iter()
        .filter_map(|r| r.get("password").and_then(Value::as_str))
        .map(str::to_owned)
        .collect())
}

/// Adds a record as `WP_Application_Passwords::create_new_application_password` writes it. The
/// caller holds a transaction, so that two additions cannot lose one another.
pub fn insert_app_password(
    conn: &mut PooledConn,
    t: &Tables,
    user_id: i64,
    password: &NewAppPassword,
) -> Result<(), StoreError> {
    let (meta_id, mut records) = app_passwords(conn, t, user_id, true)?;
    let created = chrono::NaiveDateTime::parse_from_str(&password.created, "%Y-%m-%d %H:%M:%S")
        .map_or(0, |at| at.and_utc().timestamp());
    records.push(json!({
        "uuid": password.uuid,
        "app_id": "",
        "name": password.name,
        "password": password.hash,
        "created": created,
        "last_used": null,
        "last_ip": null,
    }));
    let value = php::serialize(&Value::Array(records));
    match meta_id {
        Some(meta_id) => conn.exec_drop(
            format!(
                "UPDATE {} SET meta_value = ? WHERE umeta_id = ?",
                t.usermeta
            ),
            (value, meta_id),
        )?,
        None => conn.exec_drop(
            format!(
                "INSERT INTO {} (user_id, meta_key, meta_value) VALUES (?, ?, ?)",
                t.usermeta
            ),
            (user_id, APP_PASSWORDS, value),
        )?,
    }
    Ok(())
}
