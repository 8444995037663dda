//! The rows of a fresh WordPress 6.9.7 install (seen on one: `--reset` of the shared start script).

use super::super::users::{self, NewAppPassword, NewUser, Role};
use super::super::StoreError;
use super::users::{insert_app_password, insert_user};
use rusqlite::{params, Connection};

/// Seeds an empty database; returns the admin's new application password, or `None` when the
/// database already had users.
pub fn seed_if_empty(conn: &mut Connection, site_url: &str) -> Result<Option<String>, StoreError> {
    let users: i64 = conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0))?;
    if users > 0 {
        return Ok(None);
    }
    let tx = conn.transaction()?;
    let now = crate::clock::now_mysql();
    let admin = NewUser::new(
        "admin",
        "admin@example.com",
        "admin",
        Role::Administrator,
        site_url,
        &now,
    );
    insert_user(&tx, &admin)?;
    // A fresh install holds a post, a page, the draft privacy page and the navigation menu, so the
    // first upload is id 5.
    let rows = [
        (
            "post",
            "publish",
            1,
            "hello-world",
            "Hello world!",
            HELLO_CONTENT,
            "open",
        ),
        (
            "page",
            "publish",
            1,
            "sample-page",
            "Sample Page",
            SAMPLE_CONTENT,
            "closed",
        ),
        (
            "page",
            "draft",
            1,
            "privacy-policy",
            "Privacy Policy",
            "",
            "closed",
        ),
        (
            "wp_navigation",
            "publish",
            0,
            "navigation",
            "Navigation",
            "",
            "closed",
        ),
    ];
    for (id, (post_type, status, author, slug, title, content, comments)) in (1..).zip(rows) {
        tx.execute(
            "INSERT INTO posts (id, post_type, status, author, date, date_gmt, modified, modified_gmt,
                slug, title, content, excerpt, parent, mime_type, guid, comment_status, ping_status)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?5, ?5, ?6, ?7, ?8, '', 0, '', ?9, ?10, ?11)",
            params![
                id,
                post_type,
                status,
                author,
                now,
                slug,
                title,
                content,
                format!("{site_url}/?p={id}"),
                comments,
                if post_type == "post" { "open" } else { "closed" },
            ],
        )?;
    }
    super::options::set(&tx, crate::store::options::PAGE_FOR_PRIVACY_POLICY, "3")?;
    let password = std::env::var("WP_MEDIA_ADMIN_APP_PASSWORD")
        .ok()
        .map(|p| users::normalize_app_password(&p))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(users::generate_app_password);
    let stored = NewAppPassword::new("wp-media-server", &password, &now);
    insert_app_password(&tx, 1, &stored)?;
    tx.commit()?;
    Ok(Some(password))
}

const HELLO_CONTENT: &str = "<!-- wp:paragraph -->\n<p>Welcome to WordPress. This is your first post. Edit or delete it, then start writing!</p>\n<!-- /wp:paragraph -->";
const SAMPLE_CONTENT: &str =
    "<!-- wp:paragraph -->\n<p>This is an example page.</p>\n<!-- /wp:paragraph -->";
