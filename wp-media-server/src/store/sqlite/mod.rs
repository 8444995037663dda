//! The SQLite backend: one file in the data folder, opened once, migrated and seeded on first use;
//! the only SQL of the server.

mod connections;
mod functions;
mod migrations;
mod options;
mod posts;
mod query;
mod seed;
mod users;

use super::posts::{AttachmentMeta, PostRow};
use super::query::AttachmentQuery;
use super::users::{NewAppPassword, NewUser, User};
use super::{Found, Generation, MetaChanges, Store, StoreError, Transaction};
use connections::Writer;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Database(Box::new(e))
    }
}

/// The data folder: the database and the uploads beside it.
pub struct SqliteStore {
    connections: connections::Connections,
    uploads: PathBuf,
}

/// What opening a data folder did, for the start-up messages.
pub struct Opened {
    pub store: SqliteStore,
    /// Set when the folder was new: the admin's application password, shown once.
    pub admin_password: Option<String>,
    pub migrations_applied: Vec<usize>,
}

impl SqliteStore {
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
            store: SqliteStore {
                connections: connections::Connections::new(&db, conn),
                uploads,
            },
            admin_password,
            migrations_applied,
        })
    }
}

impl SqliteStore {
    /// The data folder's uploads folder, where its uploads are kept unless `--uploads` names
    /// another place.
    pub fn uploads_dir(&self) -> &Path {
        &self.uploads
    }

    /// Runs `read` on a reader: a connection that sees every committed write and does not wait
    /// for the writer.
    fn read<T, E: Into<StoreError>>(
        &self,
        read: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        let reader = self.connections.reader()?;
        read(&reader).map_err(Into::into)
    }

    /// Runs `write` on the writer, outside any transaction: one statement, or statements that
    /// need no other's rows to be kept.
    fn write<T, E: Into<StoreError>>(
        &self,
        write: impl FnOnce(&Connection) -> Result<T, E>,
    ) -> Result<T, StoreError> {
        write(&self.connections.writer()).map_err(Into::into)
    }
}

impl Store for SqliteStore {
    fn post(&self, id: i64) -> Result<Option<PostRow>, StoreError> {
        self.read(|conn| posts::get(conn, id))
    }

    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError> {
        self.read(|conn| posts::attachment_meta(conn, id))
    }

    fn find_attachments(&self, query: &AttachmentQuery) -> Result<Found, StoreError> {
        self.read(|conn| query::run(conn, query))
    }

    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError> {
        self.read(|conn| posts::slug_taken(conn, slug, except_id))
    }

    fn has_published_posts(&self, author: i64) -> Result<bool, StoreError> {
        self.read(|conn| posts::has_published_posts(conn, author))
    }

    /// The embedded store keeps no categories: its site's structure has no `%category%`.
    fn post_category_path(&self, _post_id: i64) -> Result<Option<String>, StoreError> {
        Ok(None)
    }

    fn has_attachment_with_file(&self, file: &str) -> Result<bool, StoreError> {
        self.read(|conn| posts::has_attachment_with_file(conn, file))
    }

    fn user(&self, id: i64) -> Result<Option<User>, StoreError> {
        self.read(|conn| users::by_id(conn, id))
    }

    fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        self.read(|conn| users::by_login(conn, login))
    }

    fn user_by_email(&self, email: &str) -> Result<Option<User>, StoreError> {
        self.read(|conn| users::by_email(conn, email))
    }

    fn insert_user(&self, user: &NewUser) -> Result<User, StoreError> {
        self.write(|conn| {
            let id = users::insert_user(conn, user)?;
            users::by_id(conn, id)?.ok_or_else(|| {
                StoreError::Database(format!("user {id} is not found after its insert").into())
            })
        })
    }

    fn app_password_hashes(&self, user_id: i64) -> Result<Vec<String>, StoreError> {
        self.read(|conn| users::app_password_hashes(conn, user_id))
    }

    fn insert_app_password(
        &self,
        user_id: i64,
        password: &NewAppPassword,
    ) -> Result<(), StoreError> {
        self.write(|conn| users::insert_app_password(conn, user_id, password))
    }

    fn option(&self, name: &str) -> Result<Option<String>, StoreError> {
        self.read(|conn| options::get(conn, name))
    }

    fn set_option(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.write(|conn| options::set(conn, name, value))
    }

    fn generation(&self) -> Result<Option<Generation>, StoreError> {
        Ok(Some(self.connections.generation()?))
    }

    fn begin(&self) -> Result<Box<dyn Transaction + '_>, StoreError> {
        Ok(Box::new(SqliteTransaction::begin(
            self.connections.writer(),
        )?))
    }
}

/// A transaction on the writer, held for as long as the transaction lasts. It is begun and ended
/// with SQL, as `rusqlite::Transaction` does (deferred, rolled back when dropped unfinished), since
/// that type would borrow the connection from the lock guard it sits beside.
struct SqliteTransaction<'a> {
    writer: Writer<'a>,
}

impl<'a> SqliteTransaction<'a> {
    fn begin(writer: Writer<'a>) -> rusqlite::Result<SqliteTransaction<'a>> {
        writer.execute_batch("BEGIN DEFERRED")?;
        Ok(SqliteTransaction { writer })
    }
}

impl Transaction for SqliteTransaction<'_> {
    fn slug_taken(&self, slug: &str, except_id: i64) -> Result<bool, StoreError> {
        Ok(posts::slug_taken(&self.writer, slug, except_id)?)
    }

    fn insert_attachment(
        &self,
        row: &PostRow,
        file: &str,
        metadata: &serde_json::Value,
        meta: &MetaChanges<'_>,
    ) -> Result<i64, StoreError> {
        Ok(posts::insert_attachment(
            &self.writer,
            row,
            file,
            metadata,
            meta,
        )?)
    }

    fn update_attachment(&self, row: &PostRow, meta: &MetaChanges<'_>) -> Result<(), StoreError> {
        Ok(posts::update_attachment(&self.writer, row, meta)?)
    }

    fn delete_attachment(&self, id: i64) -> Result<(), StoreError> {
        Ok(posts::delete(&self.writer, id)?)
    }

    fn set_attachment_files(
        &self,
        id: i64,
        file: &str,
        metadata: &serde_json::Value,
    ) -> Result<(), StoreError> {
        Ok(posts::set_attachment_files(
            &self.writer,
            id,
            file,
            metadata,
        )?)
    }

    fn find_cover(&self, mime: &str, hash: &str) -> Result<Option<i64>, StoreError> {
        Ok(posts::find_cover(&self.writer, mime, hash)?)
    }

    fn attached_files(&self) -> Result<Vec<(i64, String)>, StoreError> {
        Ok(posts::attached_files(&self.writer)?)
    }

    fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError> {
        posts::attachment_meta(&self.writer, id)
    }

    fn commit(self: Box<Self>) -> Result<(), StoreError> {
        // On a failure the transaction is still open, and dropping `self` rolls it back.
        Ok(self.writer.execute_batch("COMMIT")?)
    }
}

impl Drop for SqliteTransaction<'_> {
    fn drop(&mut self) {
        if !self.writer.is_autocommit() {
            // A rollback that fails leaves nothing to undo: SQLite has ended the transaction.
            let _ = self.writer.execute_batch("ROLLBACK");
        }
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

    fn open() -> (SqliteStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path(), "http://127.0.0.1")
            .unwrap()
            .store;
        (store, dir)
    }

    #[test]
    fn reads_do_not_wait_for_the_writer_and_see_what_it_commits() {
        let (store, _dir) = open();
        let before = description(&store.connections.reader().unwrap());
        std::thread::scope(|scope| {
            let tx = SqliteTransaction::begin(store.connections.writer()).unwrap();
            write_a_row(&tx.writer);
            let (sent, received) = std::sync::mpsc::channel();
            let store = &store;
            scope.spawn(move || {
                sent.send(description(&store.connections.reader().unwrap()))
                    .unwrap()
            });
            let during = received
                .recv_timeout(std::time::Duration::from_secs(10))
                .expect("a read while the writer is held");
            assert_eq!(during, before, "an uncommitted write is not seen");
            Box::new(tx).commit().unwrap();
        });
        assert_eq!(
            description(&store.connections.reader().unwrap()),
            before + "x"
        );
    }

    #[test]
    fn a_transaction_dropped_unfinished_leaves_nothing() {
        let (store, _dir) = open();
        let before = description(&store.connections.reader().unwrap());
        let tx = SqliteTransaction::begin(store.connections.writer()).unwrap();
        write_a_row(&tx.writer);
        drop(tx);
        assert_eq!(description(&store.connections.reader().unwrap()), before);
        assert!(store.connections.writer().is_autocommit());
    }

    #[test]
    fn any_write_moves_the_generation_on() {
        let (store, dir) = open();
        let start = store.generation().unwrap();
        assert_eq!(
            store.generation().unwrap(),
            start,
            "reading changes nothing"
        );
        write_a_row(&store.connections.writer());
        let after_own = store.generation().unwrap();
        assert_ne!(after_own, start, "a write through the store");
        write_a_row(&Connection::open(dir.path().join("wp.sqlite")).unwrap());
        assert_ne!(
            store.generation().unwrap(),
            after_own,
            "a write by another connection"
        );
    }

    #[test]
    fn a_stored_application_password_is_read_back_as_its_hash() {
        let (store, _dir) = open();
        let now = "2026-01-01 00:00:00";
        let user = store
            .insert_user(&NewUser::new(
                "ann",
                "ann@example.com",
                "Ann",
                super::super::users::Role::Author,
                "",
                now,
            ))
            .unwrap();
        let password = NewAppPassword::new("t", "abcdEFGHijklMNOPqrstUVWX", now);
        store.insert_app_password(user.id, &password).unwrap();
        assert_eq!(store.app_password_hashes(user.id).unwrap(), [password.hash]);
        let again = NewUser::new("ANN", "other@example.com", "", user.role, "", now);
        assert!(matches!(
            store.insert_user(&again),
            Err(StoreError::DuplicateUser(_))
        ));
    }
}
