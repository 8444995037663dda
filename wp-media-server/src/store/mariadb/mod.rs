//! The store on a WordPress site's own MariaDB or MySQL database: its `wp_posts`, `wp_postmeta`,
//! `wp_users`, `wp_usermeta` and `wp_options` tables, read and written as WordPress reads and
//! writes them, so that the site and the server can share the database.
//!
//! Nothing here creates or migrates a table: the tables are WordPress's.

pub mod php;
mod posts;
mod query;
mod replica;
mod terms;
mod users;

use super::posts::{AttachmentMeta, PostRow};
use super::query::AttachmentQuery;
use super::users::{NewAppPassword, NewUser, User};
use super::{Found, Generation, MetaChanges, Store, StoreError, Transaction};
use mysql::prelude::Queryable;
use mysql::{Opts, OptsBuilder, Pool, PoolConstraints, PoolOpts, PooledConn};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};

use php::{maybe_serialize, maybe_unserialize_text};

/// Whether a failed statement failed because its connection is gone, not because of the statement.
fn connection_lost(e: &(dyn std::error::Error + 'static)) -> bool {
    matches!(
        e.downcast_ref::<mysql::Error>(),
        Some(mysql::Error::IoError(_) | mysql::Error::CodecError(_))
            | Some(mysql::Error::DriverError(
                mysql::DriverError::PacketOutOfSync
            ))
    )
}

impl From<mysql::Error> for StoreError {
    fn from(e: mysql::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

/// The names of the site's tables and of its prefixed user meta keys.
pub struct Tables {
    posts: String,
    postmeta: String,
    users: String,
    usermeta: String,
    options: String,
    terms: String,
    term_taxonomy: String,
    term_relationships: String,
    capabilities_key: String,
    user_level_key: String,
}

impl Tables {
    /// WordPress refuses a prefix of anything but letters, digits and underscores
    /// (`wpdb::set_prefix`); so does this, and the names can be written into SQL as they are.
    fn new(prefix: &str) -> Result<Tables, StoreError> {
        if prefix.is_empty()
            || !prefix
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            return Err(StoreError::Database(
                format!("table prefix `{prefix}`: only letters, digits and `_` are allowed").into(),
            ));
        }
        Ok(Tables {
            posts: format!("{prefix}posts"),
            postmeta: format!("{prefix}postmeta"),
            users: format!("{prefix}users"),
            usermeta: format!("{prefix}usermeta"),
            options: format!("{prefix}options"),
            terms: format!("{prefix}terms"),
            term_taxonomy: format!("{prefix}term_taxonomy"),
            term_relationships: format!("{prefix}term_relationships"),
            capabilities_key: format!("{prefix}capabilities"),
            user_level_key: format!("{prefix}user_level"),
        })
    }
}

/// A WordPress database.
pub struct MariaDbStore {
    pool: Pool,
    /// Where reads go when they can (`--read-database`).
    replica: Option<replica::Replica>,
    /// The site's roles, read once at start: a role changed in WordPress takes a restart.
    roles: users::SiteRoles,
    tables: Tables,
    /// The name of the lock every write of this site holds (see [`Store::begin`]).
    write_lock: String,
    /// Set when the database could not be reached, until a connection answers again.
    down: AtomicBool,
}

/// The most connections one server process holds.
const MAX_CONNECTIONS: usize = 32;

/// The session settings WordPress's `wpdb` gives every connection: UTF-8 in four bytes, and the
/// SQL modes it cannot work with taken off (`wpdb::set_sql_mode`), so that a value is stored as
/// WordPress would store it.
const INCOMPATIBLE_MODES: &[&str] = &[
    "NO_ZERO_DATE",
    "ONLY_FULL_GROUP_BY",
    "STRICT_TRANS_TABLES",
    "STRICT_ALL_TABLES",
    "TRADITIONAL",
    "ANSI",
];

impl MariaDbStore {
    /// Connects to the database at `url` (`mysql://user:password@host:port/database`, or
    /// `?socket=/path` for a Unix socket) whose tables are named with `prefix`, and checks that it
    /// is a WordPress database.
    pub fn open(url: &str, prefix: &str) -> Result<MariaDbStore, StoreError> {
        let tables = Tables::new(prefix)?;
        let (pool, database) = connect(url)?;
        let mut store = MariaDbStore {
            pool,
            write_lock: format!("wp-media-server:{database}.{prefix}"),
            tables,
            replica: None,
            roles: users::SiteRoles::new(),
            down: AtomicBool::new(false),
        };
        if store.option("siteurl")?.is_none() {
            return Err(StoreError::Database(
                format!(
                    "`{}` has no `siteurl` option: not a WordPress database with prefix `{prefix}`",
                    store.tables.options
                )
                .into(),
            ));
        }
        let roles_option = format!("{prefix}user_roles");
        // A site without the option has no roles, and its users no capabilities, as in WordPress.
        if let Some(serde_json::Value::Object(roles)) = store
            .stored_option(&roles_option)?
            .and_then(|text| php::unserialize(&text).ok())
        {
            store.roles = roles;
        } else {
            tracing::warn!("the site has no roles (`{roles_option}`): its users can do nothing");
        }
        Ok(store)
    }

    /// Sends reads to the MariaDB replica at `url` (an address as [`MariaDbStore::open`]
    /// takes), each once the replica has caught up with the primary (`replica.rs`).
    pub fn with_replica(mut self, url: &str) -> Result<MariaDbStore, StoreError> {
        replica::check_primary(&mut self.live_conn()?)?;
        let (pool, _) = connect(url)?;
        self.replica = Some(replica::Replica::new(pool, without_password(url)));
        Ok(self)
    }
}

/// A database address fit for the log: its password left out.
pub fn without_password(url: &str) -> String {
    match (url.split_once("://"), url.rfind('@')) {
        (Some((scheme, rest)), Some(at)) => {
            let user = rest[..at - scheme.len() - 3]
                .split(':')
                .next()
                .unwrap_or("");
            format!("{scheme}://{user}@{}", &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

/// A pool of connections to the database at `url`, each with the session WordPress gives its
/// own, and the database's name.
fn connect(url: &str) -> Result<(Pool, String), StoreError> {
    let opts = Opts::from_url(url)
        .map_err(|e| StoreError::Database(format!("database address `{url}`: {e}").into()))?;
    let database = opts.get_db_name().unwrap_or_default().to_owned();
    let mut first = mysql::Conn::new(opts.clone())?;
    let modes: String = first
        .query_first("SELECT @@SESSION.sql_mode")?
        .unwrap_or_default();
    let modes: Vec<&str> = modes
        .split(',')
        .filter(|m| !m.is_empty() && !INCOMPATIBLE_MODES.contains(&m.to_ascii_uppercase().as_str()))
        .collect();
    let init = vec![
        "SET NAMES utf8mb4".to_owned(),
        format!("SET SESSION sql_mode = '{}'", modes.join(",")),
    ];
    let constraints = PoolConstraints::new(1, MAX_CONNECTIONS).expect("1 ≤ the most");
    // Connections keep their session and prepared statements between uses, and are not
    // pinged before each: with both, a statement took four round trips instead of one
    // (BENCHMARKS.md, "At scale"). A dead connection is retried (`with_conn`, `live_conn`).
    let pool_opts = PoolOpts::default()
        .with_constraints(constraints)
        .with_reset_connection(false)
        .with_check_health(false);
    let pool = Pool::new(OptsBuilder::from_opts(opts).init(init).pool_opts(pool_opts))?;
    Ok((pool, database))
}

impl MariaDbStore {
    /// A connection from the pool, as it is: pooled connections are not pinged before use, which
    /// would cost a round trip for every statement.
    fn conn(&self) -> Result<PooledConn, StoreError> {
        self.pool.get_conn().map_err(|e| {
            self.down.store(true, Ordering::Relaxed);
            e.into()
        })
    }

    /// A connection known to work: each one the pool gives is pinged, and a dead one is closed
    /// instead of going back (after a restart of the database every pooled one is dead), until a
    /// live or a new one answers.
    fn live_conn(&self) -> Result<PooledConn, StoreError> {
        for _ in 0..=MAX_CONNECTIONS {
            let mut conn = self.conn()?;
            if conn.as_mut().ping().is_ok() {
                self.down.store(false, Ordering::Relaxed);
                return Ok(conn);
            }
            // A connection reset on its way back fails to reset, and the pool lets it go.
            conn.reset_connection(true);
        }
        self.down.store(true, Ordering::Relaxed);
        Err(StoreError::Database(
            "no connection to the database answers".into(),
        ))
    }

    /// An option's value as stored, serialized or not.
    fn stored_option(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.with_reader(|conn| {
            Ok(conn.exec_first(
                format!(
                    "SELECT option_value FROM {} WHERE option_name = ? LIMIT 1",
                    self.tables.options
                ),
                (name,),
            )?)
        })
    }

    /// Runs the read `work` on the replica when there is one and it has caught up with the
    /// primary, else as [`MariaDbStore::with_conn`] on the primary.
    fn with_reader<T>(
        &self,
        work: impl Fn(&mut PooledConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let Some(replica) = &self.replica else {
            return self.with_conn(work);
        };
        let position = self.with_conn(replica::position)?;
        if let Some(mut conn) = replica.caught_up(&position) {
            match work(&mut conn) {
                Err(StoreError::Database(e)) if connection_lost(&*e) => {
                    conn.reset_connection(true);
                }
                result => return result,
            }
        }
        self.with_conn(work)
    }

    /// Runs `work` (one statement, or statements that may run twice) on a pooled connection; when
    /// that connection turns out dead, once more on a live one.
    fn with_conn<T>(
        &self,
        work: impl Fn(&mut PooledConn) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn()?;
        match work(&mut conn) {
            Err(StoreError::Database(e)) if connection_lost(&*e) => {
                conn.reset_connection(true);
                drop(conn);
                work(&mut self.live_conn()?)
            }
            result => result,
        }
    }
}

impl Store for MariaDbStore {
    fn post(&self, id: i64) -> Result<Option<PostRow>, StoreError> {
        self.with_reader(|conn| posts::get(conn, &self.tables, id))
    }

    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError> {
        self.with_reader(|conn| posts::attachment_meta(conn, &self.tables, id))
    }

    fn reachable(&self) -> Result<(), StoreError> {
        if self.down.load(Ordering::Relaxed) {
            self.live_conn()?;
        }
        Ok(())
    }

    fn prefetch_meta(&self, ids: &[i64]) -> Result<HashMap<i64, AttachmentMeta>, StoreError> {
        self.with_reader(|conn| posts::prefetch_meta(conn, &self.tables, ids))
    }

    fn find_attachments(&self, query: &AttachmentQuery) -> Result<Found, StoreError> {
        self.with_reader(|conn| query::run(conn, &self.tables, query))
    }

    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError> {
        self.with_reader(|conn| posts::slug_taken(conn, &self.tables, slug, except_id))
    }

    fn has_published_posts(&self, author: i64) -> Result<bool, StoreError> {
        self.with_reader(|conn| posts::has_published_posts(conn, &self.tables, author))
    }

    fn post_category_path(&self, post_id: i64) -> Result<Option<String>, StoreError> {
        self.with_reader(|conn| terms::post_category_path(conn, &self.tables, post_id))
    }

    fn has_attachment_with_file(&self, file: &str) -> Result<bool, StoreError> {
        // On the primary: what the start-up check decides by must be the latest.
        self.with_conn(|conn| posts::has_attachment_with_file(conn, &self.tables, file))
    }

    fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.with_reader(|conn| users::by_id(conn, &self.tables, &self.roles, id))
    }

    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.with_reader(|conn| users::by_login(conn, &self.tables, &self.roles, login))
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        self.with_reader(|conn| users::by_email(conn, &self.tables, &self.roles, email))
    }

    fn insert_user(&self, user: &NewUser) -> Result<User, StoreError> {
        let mut tx = self.transaction()?;
        let user = users::insert_user(tx.conn.get_mut(), &self.tables, &self.roles, user)?;
        tx.finish()?;
        Ok(user)
    }

    fn app_password_hashes(&self, user_id: i64) -> Result<Vec<String>, StoreError> {
        self.with_reader(|conn| users::app_password_hashes(conn, &self.tables, user_id))
    }

    fn insert_app_password(
        &self,
        user_id: i64,
        password: &NewAppPassword,
    ) -> Result<(), StoreError> {
        let mut tx = self.transaction()?;
        users::insert_app_password(tx.conn.get_mut(), &self.tables, user_id, password)?;
        tx.finish()
    }

    /// `get_option`: the stored text, unserialized when it is a serialized string.
    fn option(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .stored_option(name)?
            .map(|v| maybe_unserialize_text(&v)))
    }

    fn set_option(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.with_conn(|conn| {
            conn.exec_drop(
                format!(
                    "INSERT INTO {} (option_name, option_value, autoload) VALUES (?, ?, 'auto')
                     ON DUPLICATE KEY UPDATE option_value = VALUES(option_value)",
                    self.tables.options
                ),
                (name, maybe_serialize(value)),
            )?;
            Ok(())
        })
    }

    /// None: WordPress writes these tables without telling anyone, so nothing read here could
    /// promise that nothing changed since, and the item cache keeps nothing on this store.
    fn generation(&self) -> Result<Option<Generation>, StoreError> {
        Ok(None)
    }

    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        Ok(Box::new(self.transaction()?))
    }
}

impl MariaDbStore {
    /// A transaction holding the site's write lock. WordPress takes no lock of its own, but every
    /// server process writing the site waits for the others, as the SQLite store's writers do,
    /// so that checks such as a slug's uniqueness hold until the write is kept.
    fn transaction(&self) -> Result<MariaDbTransaction<'_>, StoreError> {
        // A write is not retried half-way: its connection is known alive before it begins.
        let mut conn = self.live_conn()?;
        let locked: Option<Option<i64>> =
            conn.exec_first("SELECT GET_LOCK(?, 60)", (&self.write_lock,))?;
        if locked.flatten() != Some(1) {
            return Err(StoreError::Database(
                format!("another writer held `{}` for a minute", self.write_lock).into(),
            ));
        }
        let mut tx = MariaDbTransaction {
            conn: RefCell::new(conn),
            store: self,
            open: false,
            inserted: RefCell::new(Vec::new()),
        };
        tx.conn.get_mut().query_drop("START TRANSACTION")?;
        tx.open = true;
        Ok(tx)
    }
}

/// A write on one pooled connection; dropped without [`Transaction::commit`], it is rolled back.
struct MariaDbTransaction<'a> {
    /// Borrowed for one statement at a time: the trait's methods take `&self`.
    conn: RefCell<PooledConn>,
    store: &'a MariaDbStore,
    /// Begun and not yet committed.
    open: bool,
    /// The posts it inserted, by which a commit whose answer was lost is known to have been kept.
    inserted: RefCell<Vec<i64>>,
}

/// How long a commit whose answer was lost waits for the database to say whether it was kept.
const COMMIT_UNKNOWN_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl MariaDbTransaction<'_> {
    fn finish(mut self) -> Result<(), StoreError> {
        let committed = self.conn.get_mut().query_drop("COMMIT");
        self.open = false;
        match committed {
            Ok(()) => Ok(()),
            Err(e) if connection_lost(&e) => self.kept_after_all(e),
            Err(e) => Err(e.into()),
        }
    }

    /// The connection went as the commit was sent: the database may have kept the write or not.
    /// A write that inserted a post was kept if the post is there, which is asked on a new
    /// connection while the database comes back; otherwise the outcome is unknown, and the
    /// caller keeps what it cannot take back.
    fn kept_after_all(&self, lost: mysql::Error) -> Result<(), StoreError> {
        let Some(&id) = self.inserted.borrow().first() else {
            return Err(StoreError::CommitUnknown(lost.to_string()));
        };
        let deadline = std::time::Instant::now() + COMMIT_UNKNOWN_WAIT;
        loop {
            // On the primary: a replica may not have the write yet.
            let found = self
                .store
                .with_conn(|conn| posts::get(conn, &self.store.tables, id));
            match found {
                Ok(Some(_)) => return Ok(()),
                Ok(None) => return Err(lost.into()),
                Err(_) if std::time::Instant::now() < deadline => {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
                Err(_) => return Err(StoreError::CommitUnknown(lost.to_string())),
            }
        }
    }
}

impl Drop for MariaDbTransaction<'_> {
    fn drop(&mut self) {
        // A connection that fails here is broken and its session gone, with its transaction and
        // its lock: there is nothing left to undo.
        if self.open {
            let _ = self.conn.get_mut().query_drop("ROLLBACK");
        }
        let _ = self
            .conn
            .get_mut()
            .exec_drop("DO RELEASE_LOCK(?)", (&self.store.write_lock,));
    }
}

impl Transaction for MariaDbTransaction<'_> {
    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError> {
        posts::slug_taken(
            &mut self.conn.borrow_mut(),
            &self.store.tables,
            slug,
            except_id,
        )
    }

    fn insert_attachment(
        &self,
        row: &PostRow,
        file: &str,
        metadata: &serde_json::Value,
        meta: &MetaChanges<'_>,
    ) -> Result<i64, StoreError> {
        let id = posts::insert_attachment(
            &mut self.conn.borrow_mut(),
            &self.store.tables,
            row,
            file,
            metadata,
            meta,
        )?;
        self.inserted.borrow_mut().push(id);
        Ok(id)
    }

    fn update_attachment(&self, row: &PostRow, meta: &MetaChanges<'_>) -> Result<(), StoreError> {
        posts::update_attachment(&mut self.conn.borrow_mut(), &self.store.tables, row, meta)
    }

    fn delete_attachment(&self, id: i64) -> Result<(), StoreError> {
        posts::delete(&mut self.conn.borrow_mut(), &self.store.tables, id)
    }

    fn set_attachment_files(
        &self,
        id: i64,
        file: &str,
        metadata: &serde_json::Value,
    ) -> Result<(), StoreError> {
        posts::set_files(
            &mut self.conn.borrow_mut(),
            &self.store.tables,
            id,
            file,
            metadata,
        )
    }

    fn find_cover(&self, mime: &str, hash: &str) -> Result<Option<i64>, StoreError> {
        posts::find_cover(&mut self.conn.borrow_mut(), &self.store.tables, mime, hash)
    }

    fn attached_files(&self) -> Result<Vec<(i64, String)>, StoreError> {
        posts::attached_files(&mut self.conn.borrow_mut(), &self.store.tables)
    }

    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError> {
        posts::attachment_meta(&mut self.conn.borrow_mut(), &self.store.tables, id)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        (*self).finish()
    }
}
