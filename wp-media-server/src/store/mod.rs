//! The SQLite store: one file in the data folder, opened once, migrated and seeded on first use.

mod connections;
pub mod functions;
pub mod item_cache;
mod migrations;
pub mod options;
pub mod posts;
mod seed;
pub mod users;

use rusqlite::Connection;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub use connections::{Generation, Reader, Writer};
pub use migrations::latest_version;

/// Why the store could not be opened or written.
#[derive(Debug)]
pub enum StoreError {
    Io(PathBuf, std::io::Error),
    Sql(rusqlite::Error),
    NoSuchUser(String),
    DuplicateUser(String),
    UnknownRole(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Io(path, e) => write!(f, "{}: {e}", path.display()),
            StoreError::Sql(e) => write!(f, "database: {e}"),
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

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

/// The data folder: the database and the uploads beside it.
pub struct Store {
    connections: connections::Connections,
    uploads: PathBuf,
    /// The files of uploads still being written, which exist under their own names only once
    /// their rows commit; choosing a name skips them, so two uploads of one name cannot pick the
    /// same one, while each resizes its images in parallel with the others.
    reserved_files: Mutex<HashSet<PathBuf>>,
    /// Application passwords already checked against their stored hash this run.
    pub verified: users::VerifiedPasswords,
}

/// What opening a data folder did, for the start-up messages.
pub struct Opened {
    pub store: Store,
    /// Set when the folder was new: the admin's application password, shown once.
    pub admin_password: Option<String>,
    pub migrations_applied: Vec<usize>,
}

impl Store {
    /// Opens (creating and seeding when new) the data folder `dir` for a site at `site_url`.
    pub fn open(dir: &Path, site_url: &str) -> Result<Opened, StoreError> {
        let uploads = dir.join("uploads");
        std::fs::create_dir_all(&uploads).map_err(|e| StoreError::Io(uploads.clone(), e))?;
        let db = dir.join("wp.sqlite");
        let mut conn = Connection::open(&db)?;
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
        )?;
        connections::set_up(&conn)?;
        let migrations_applied = migrations::migrate(&mut conn)?;
        let admin_password = seed::seed_if_empty(&mut conn, site_url)?;
        Ok(Opened {
            store: Store {
                connections: connections::Connections::new(&db, conn),
                uploads,
                reserved_files: Mutex::new(HashSet::new()),
                verified: users::VerifiedPasswords::default(),
            },
            admin_password,
            migrations_applied,
        })
    }

    /// The connection that writes, and reads inside its own transactions.
    pub fn conn(&self) -> Writer<'_> {
        self.connections.writer()
    }

    /// A connection for reads outside a write: it sees every committed write, and does not
    /// wait for the writer.
    pub fn read(&self) -> Result<Reader<'_>, rusqlite::Error> {
        self.connections.reader()
    }

    /// Post `id`, as committed.
    pub fn post(&self, id: i64) -> rusqlite::Result<Option<posts::PostRow>> {
        posts::get(&*self.read()?, id)
    }

    /// User `id`, as committed.
    pub fn user(&self, id: i64) -> rusqlite::Result<Option<users::User>> {
        users::by_id(&*self.read()?, id)
    }

    /// Where the database is in its history: any row written since, by this process or another,
    /// gives a different generation.
    pub fn generation(&self) -> Result<Generation, rusqlite::Error> {
        self.connections.generation()
    }

    pub fn reserved_files(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        self.reserved_files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn uploads(&self) -> &Path {
        &self.uploads
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_a_row(conn: &Connection) {
        let changed = conn
            .execute(
                "UPDATE users SET description = description || 'x' WHERE id = 1",
                [],
            )
            .unwrap();
        assert_eq!(changed, 1);
    }

    fn description(conn: &Connection) -> String {
        conn.query_row("SELECT description FROM users WHERE id = 1", [], |row| {
            row.get(0)
        })
        .unwrap()
    }

    #[test]
    fn reads_do_not_wait_for_the_writer_and_see_what_it_commits() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "http://127.0.0.1").unwrap().store;
        let before = description(&store.read().unwrap());
        std::thread::scope(|scope| {
            let mut writer = store.conn();
            let tx = writer.transaction().unwrap();
            write_a_row(&tx);
            let (sent, received) = std::sync::mpsc::channel();
            let store = &store;
            scope.spawn(move || sent.send(description(&store.read().unwrap())).unwrap());
            let during = received
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("a read while the writer is held");
            assert_eq!(during, before, "an uncommitted write is not seen");
            tx.commit().unwrap();
        });
        assert_eq!(description(&store.read().unwrap()), before + "x");
    }

    #[test]
    fn any_write_moves_the_generation_on() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path(), "http://127.0.0.1").unwrap().store;
        let start = store.generation().unwrap();
        assert_eq!(
            store.generation().unwrap(),
            start,
            "reading changes nothing"
        );
        write_a_row(&store.conn());
        let after_own = store.generation().unwrap();
        assert_ne!(after_own, start, "a write through the store");
        write_a_row(&Connection::open(dir.path().join("wp.sqlite")).unwrap());
        assert_ne!(
            store.generation().unwrap(),
            after_own,
            "a write by another connection"
        );
    }
}
