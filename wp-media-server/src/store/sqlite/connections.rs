//! The store's connections: one writer behind a lock, a pool of readers beside it, and the
//! generation that every change moves on.
//!
//! SQLite in WAL mode lets readers work while another connection writes, so reads need not queue
//! behind one lock: under 64 concurrent GETs, threads waiting for the single connection were the
//! longest waits of a request (BENCHMARKS.md).

use super::super::Generation;
use rusqlite::Connection;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};

pub struct Connections {
    db: PathBuf,
    writer: Mutex<Connection>,
    /// The writer's `sqlite3_total_changes` when its lock was last given back.
    written: AtomicU64,
    readers: Mutex<Vec<PooledReader>>,
    /// Moved on by every change seen: a commit of the writer, or a reader finding that the
    /// database changed since it last looked (which also catches other processes' writes).
    changes: AtomicU64,
}

struct PooledReader {
    conn: Connection,
    /// `PRAGMA data_version` when this connection last computed a generation.
    seen_version: Option<i64>,
}

impl Connections {
    pub fn new(db: &Path, writer: Connection) -> Connections {
        Connections {
            db: db.to_owned(),
            written: AtomicU64::new(writer.total_changes()),
            writer: Mutex::new(writer),
            readers: Mutex::new(Vec::new()),
            changes: AtomicU64::new(0),
        }
    }

    /// The connection that writes; a panic elsewhere never leaves a half-done transaction
    /// behind, so a poisoned lock is still safe to use.
    pub fn writer(&self) -> Writer<'_> {
        Writer {
            conn: self.writer.lock().unwrap_or_else(|p| p.into_inner()),
            connections: self,
        }
    }

    /// A connection for reads that are not part of a write: it sees every committed write.
    pub fn reader(&self) -> Result<Reader<'_>, rusqlite::Error> {
        let pooled = self.lock_readers().pop();
        let pooled = match pooled {
            Some(pooled) => pooled,
            None => PooledReader {
                conn: open_reader(&self.db)?,
                seen_version: None,
            },
        };
        Ok(Reader {
            pooled: Some(pooled),
            connections: self,
        })
    }

    /// Where the database is in its history: any row written since, by this process or
    /// another, gives a different generation. Read it before the rows it describes, so that a
    /// change in between leaves them under an older generation.
    pub fn generation(&self) -> Result<Generation, rusqlite::Error> {
        let mut reader = self.reader()?;
        let pooled = reader.pooled_mut();
        let version = pooled
            .conn
            .query_row("PRAGMA data_version", [], |row| row.get(0))?;
        // A new connection cannot know what changed before it was opened.
        if pooled.seen_version != Some(version) {
            self.changes.fetch_add(1, Ordering::SeqCst);
            pooled.seen_version = Some(version);
        }
        Ok(Generation(self.changes.load(Ordering::SeqCst)))
    }

    fn lock_readers(&self) -> MutexGuard<'_, Vec<PooledReader>> {
        self.readers.lock().unwrap_or_else(|p| p.into_inner())
    }
}

fn open_reader(db: &Path) -> Result<Connection, rusqlite::Error> {
    let conn = Connection::open(db)?;
    conn.execute_batch("PRAGMA query_only = ON;")?;
    set_up(&conn)?;
    Ok(conn)
}

/// What every connection, writer or reader, needs: a wait for locks held by other connections, and
/// the SQL functions the media queries call.
pub(super) fn set_up(conn: &Connection) -> Result<(), rusqlite::Error> {
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    super::functions::register(conn)
}

/// The writer, held; giving it back moves the generation on when anything was written.
pub struct Writer<'a> {
    conn: MutexGuard<'a, Connection>,
    connections: &'a Connections,
}

impl Deref for Writer<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self.conn
    }
}

impl DerefMut for Writer<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl Drop for Writer<'_> {
    fn drop(&mut self) {
        let total = self.conn.total_changes();
        if self.connections.written.swap(total, Ordering::SeqCst) != total {
            self.connections.changes.fetch_add(1, Ordering::SeqCst);
        }
    }
}

/// A reader taken from the pool, and put back when dropped.
pub struct Reader<'a> {
    pooled: Option<PooledReader>,
    connections: &'a Connections,
}

impl Reader<'_> {
    fn pooled_mut(&mut self) -> &mut PooledReader {
        self.pooled
            .as_mut()
            .expect("a reader is pooled until dropped")
    }
}

impl Deref for Reader<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        &self
            .pooled
            .as_ref()
            .expect("a reader is pooled until dropped")
            .conn
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(pooled) = self.pooled.take() {
            self.connections.lock_readers().push(pooled);
        }
    }
}
