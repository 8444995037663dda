//! The store: what the controllers and the upload pipeline ask of a WordPress database, as the
//! [`Store`] and [`Transaction`] traits, with the rows and errors they speak in; and the SQLite
//! backends that implement them: SQLite ([`SqliteStore`], the embedded default) and a WordPress
//! site's own MariaDB or MySQL tables ([`MariaDbStore`]), the only code that writes SQL. Nothing
//! above this module names a backend's types but to open one.

pub mod item_cache;
mod mariadb;
pub mod options;
pub mod posts;
pub mod query;
mod sqlite;
pub mod users;

use posts::{AttachmentMeta, PostRow};
use query::AttachmentQuery;
use std::collections::HashMap;
use std::path::PathBuf;
use users::{NewAppPassword, NewUser, User};

pub use mariadb::{php, without_password, MariaDbStore};
pub use sqlite::{Opened, SqliteStore};

/// A WordPress site's database, read and written as the media and users routes need it. Reads see
/// every committed write; writes go through a [`Transaction`].
///
/// The server holds it as `Box<dyn Store>` rather than making every handler generic over it: each
/// call runs at least one SQL statement (microseconds), beside which a virtual call (nanoseconds)
/// does not show, while a type parameter would run through `App`, `Call` and every controller.
pub trait Store: Send + Sync {
    /// `get_post( $id )`: the row, as committed.
    fn post(&self, id: i64) -> Result<Option<PostRow>, StoreError>;

    /// The meta an attachment is made from. Meta the store cannot read back (metadata that is not
    /// what the store writes) is [`StoreError::DamagedMeta`], not an attachment without it.
    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError>;

    /// Whether the database can be reached, as WordPress finds out when it connects at the start
    /// of each request. A backend that can lose its database server remembers a lost connection
    /// and tries to connect here until it succeeds; otherwise this costs nothing.
    fn reachable(&self) -> Result<(), StoreError> {
        Ok(())
    }

    /// The meta of these attachments read ahead in one go, where that costs the backend less than
    /// one read each (a round trip to a database server); a backend for which it does not gives
    /// none, and each is read when it is needed. Meta that cannot be read back is left out, to be
    /// reported when it is asked for.
    fn prefetch_meta(&self, ids: &[i64]) -> Result<HashMap<i64, AttachmentMeta>, StoreError> {
        let _ = ids;
        Ok(HashMap::new())
    }

    /// `WP_Query` of attachments: the page of rows `query` asks for, and how many rows match
    /// without paging (`found_posts`).
    fn find_attachments(&self, query: &AttachmentQuery) -> Result<Found, StoreError>;

    /// Whether a post other than `except_id` has `slug`, of any type (`wp_unique_post_slug`'s
    /// check for attachments).
    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError>;

    /// Whether `author` has a published post (`count_user_posts( …, true )`).
    fn has_published_posts(&self, author: i64) -> Result<bool, StoreError>;

    /// What a post's `%category%` permalink tag stands for: its category's path of slugs, or
    /// the default category's slug (`get_permalink`); `None` where the store keeps no categories.
    fn post_category_path(&self, post_id: i64) -> Result<Option<String>, StoreError>;

    /// Whether an attachment's attached file (`_wp_attached_file`) is `file`.
    fn has_attachment_with_file(&self, file: &str) -> Result<bool, StoreError>;

    /// `get_userdata( $id )`.
    fn user(&self, id: i64) -> Result<Option<User>, StoreError>;

    /// The user with this login, compared as MariaDB's `utf8mb4_unicode_520_ci` compares (case and
    /// accents aside); the login comes already through `sanitize_user` ([`users::by_login`]).
    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError>;

    /// The user with this email address, compared without case.
    fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError>;

    /// `wp_insert_user` of a new user; [`StoreError::DuplicateUser`] when another user has the
    /// login or the email.
    fn insert_user(&self, user: &NewUser) -> Result<User, StoreError>;

    /// The stored hashes of a user's application passwords.
    fn app_password_hashes(&self, user_id: i64) -> Result<Vec<String>, StoreError>;

    /// Adds an application password to a user's.
    fn insert_app_password(
        &self,
        user_id: i64,
        password: &NewAppPassword,
    ) -> Result<(), StoreError>;

    /// `get_option( $name )`; `None` when the site has no option of that name.
    fn option(&self, name: &str) -> Result<Option<String>, StoreError>;

    /// `update_option( $name, $value )`, adding the option when the site has none of that name.
    fn set_option(&self, name: &str, value: &str) -> Result<(), StoreError>;

    /// Where the database is in its history: any row written since, by this process or another,
    /// gives a different generation. Read it before the rows it describes, so that a change in
    /// between leaves them under an older generation (the item cache relies on it). `None` from a
    /// backend that cannot tell: the item cache then keeps nothing.
    fn generation(&self) -> Result<Option<Generation>, StoreError>;

    /// Starts a write. Other writes wait until it is committed or dropped; dropping it without
    /// [`Transaction::commit`] leaves the database as it was.
    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError>;
}

/// One write: everything done through it is kept by [`Transaction::commit`], or by nothing.
pub trait Transaction {
    /// [`Store::slug_taken`], counting the rows this transaction wrote.
    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError>;

    /// `wp_insert_attachment`: the row (its `id` unused), its attached file (relative to the
    /// uploads folder), its metadata and the meta `meta` gives; returns the new id.
    fn insert_attachment(
        &self,
        row: &PostRow,
        file: &str,
        metadata: &serde_json::Value,
        meta: &MetaChanges<'_>,
    ) -> Result<i64, StoreError>;

    /// `wp_update_post` of an attachment: every column but `id` and `post_type`, which never
    /// change, and the meta `meta` gives.
    fn update_attachment(&self, row: &PostRow, meta: &MetaChanges<'_>) -> Result<(), StoreError>;

    /// The rows of `wp_delete_attachment`: the post and all its meta, and every other post's
    /// `_thumbnail_id` naming it.
    fn delete_attachment(&self, id: i64) -> Result<(), StoreError>;

    /// `update_attached_file` and `wp_update_attachment_metadata`: the file that stands for the
    /// attachment and its metadata, replaced.
    fn set_attachment_files(
        &self,
        id: i64,
        file: &str,
        metadata: &serde_json::Value,
    ) -> Result<(), StoreError>;

    /// The newest `inherit` attachment of type `mime` whose `_cover_hash` is `hash` (the cover
    /// `wp_generate_attachment_metadata` looks for before it makes one).
    fn find_cover(&self, mime: &str, hash: &str) -> Result<Option<i64>, StoreError>;

    /// Every attachment's id with its attached file, for the start-up check.
    fn attached_files(&self) -> Result<Vec<(i64, String)>, StoreError>;

    /// [`Store::attachment_meta`], as this transaction sees it.
    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError>;

    /// Keeps what the transaction wrote. On an error nothing of it is kept.
    fn commit(self: Box<Self>) -> Result<(), StoreError>;
}

/// The meta an insert or update writes besides the row: each given value replaces the stored one;
/// `None` leaves it as it is (after an insert: not stored).
#[derive(Clone, Copy, Debug, Default)]
pub struct MetaChanges<'a> {
    /// `_wp_attachment_image_alt`.
    pub alt_text: Option<&'a str>,
    /// `_wp_page_template`.
    pub template: Option<&'a str>,
    /// `_thumbnail_id`; 0 removes it (`delete_post_thumbnail`).
    pub thumbnail_id: Option<i64>,
    /// `_cover_hash`.
    pub cover_hash: Option<&'a str>,
}

/// What [`Store::find_attachments`] found.
#[derive(Debug)]
pub struct Found {
    /// The page asked for, in the query's order.
    pub rows: Vec<PostRow>,
    /// Every row matching the query, across pages (`found_posts`).
    pub total: i64,
}

/// A point in the database's history; see [`Store::generation`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Generation(u64);

impl Generation {
    #[cfg(test)]
    pub fn new(count: u64) -> Generation {
        Generation(count)
    }
}

/// Why the store could not be opened, read or written.
#[derive(Debug)]
pub enum StoreError {
    Io(PathBuf, std::io::Error),
    /// The database refused or failed a statement; the cause is the backend's own error.
    Database(Box<dyn std::error::Error + Send + Sync>),
    /// A meta value of a post is not what the store writes: a damaged database.
    DamagedMeta {
        post_id: i64,
        key: &'static str,
        cause: String,
    },
    /// The connection was lost as a commit was sent, and the database could not be asked whether
    /// it kept the write: what the write stands for (its files) must be kept as if it had.
    CommitUnknown(String),
    NoSuchUser(String),
    DuplicateUser(String),
    UnknownRole(String),
}

impl StoreError {
    /// The database's own words for a failed statement, as `$wpdb->last_error` holds them (what
    /// WordPress puts in the data of a `db_insert_error`).
    pub fn last_error(&self) -> String {
        match self {
            StoreError::Database(cause) => cause.to_string(),
            other => other.to_string(),
        }
    }
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            StoreError::Database(e) => write!(f, "database: {e}"),
            StoreError::DamagedMeta {
                post_id,
                key,
                cause,
            } => write!(f, "database: `{key}` of post {post_id} is damaged: {cause}"),
            StoreError::CommitUnknown(cause) => write!(
                f,
                "database: the connection was lost as the write was committed ({cause}); whether it was kept is unknown"
            ),
            StoreError::NoSuchUser(login) => write!(f, "no user with login or email `{login}`"),
            StoreError::DuplicateUser(login) => {
                write!(f, "a user with login or email `{login}` already exists")
            }
            StoreError::UnknownRole(role) => write!(
                f,
                "unknown role `{role}` (administrator, editor, author, contributor or subscriber)"
            ),
        }
    }
}

impl std::error::Error for StoreError {}
