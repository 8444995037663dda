//! A MariaDB replica that reads are sent to, read only once it has applied every write the
//! primary had completed when the read began: its own writes and those of other servers and of
//! WordPress are then seen at once, as on the primary.
//!
//! The primary's position is its `@@gtid_binlog_pos`; `MASTER_GTID_WAIT` on the replica waits
//! until it has applied that much. A replica that does not catch up within [`CATCH_UP`], or
//! does not answer, leaves the read to the primary.

use super::StoreError;
use mysql::prelude::Queryable;
use mysql::{Pool, PooledConn};
use std::time::Duration;

/// How long a read waits for the replica before it goes to the primary: longer than a replica
/// beside its primary takes to apply a write (milliseconds), short enough that a lagging one
/// costs a read little.
const CATCH_UP: Duration = Duration::from_millis(100);

pub struct Replica {
    pool: Pool,
    /// For the log: where it is.
    name: String,
}

impl Replica {
    pub fn new(pool: Pool, name: String) -> Replica {
        Replica { pool, name }
    }

    /// A connection to the replica once it has applied `position` (a GTID list of the primary),
    /// or `None` when it has not within [`CATCH_UP`] or cannot be asked.
    pub fn caught_up(&self, position: &str) -> Option<PooledConn> {
        let mut conn = match self.pool.get_conn() {
            Ok(conn) => conn,
            Err(error) => {
                tracing::warn!(%error, "the replica {} does not answer", self.name);
                return None;
            }
        };
        let waited: Result<Option<Option<i64>>, mysql::Error> = conn.exec_first(
            "SELECT MASTER_GTID_WAIT(?, ?)",
            (position, CATCH_UP.as_secs_f64()),
        );
        match waited {
            Ok(Some(Some(0))) => Some(conn),
            Ok(_) => {
                tracing::debug!("the replica {} is behind {position}", self.name);
                None
            }
            Err(error) => {
                // A connection that failed may be dead: it does not go back to the pool.
                conn.reset_connection(true);
                tracing::warn!(%error, "the replica {} does not answer", self.name);
                None
            }
        }
    }
}

/// The primary's position: every write it had completed, by anyone.
pub fn position(primary: &mut PooledConn) -> Result<String, StoreError> {
    let position: Option<String> = primary.query_first("SELECT @@GLOBAL.gtid_binlog_pos")?;
    Ok(position.unwrap_or_default())
}

/// Refuses a primary whose writes a replica cannot be followed by: MySQL (no MariaDB GTIDs), or a
/// server that keeps no binary log.
pub fn check_primary(primary: &mut PooledConn) -> Result<(), StoreError> {
    let log_bin: Result<Option<i64>, mysql::Error> = primary.query_first("SELECT @@GLOBAL.log_bin");
    match log_bin {
        Ok(Some(1)) => {}
        Ok(_) => {
            return Err(StoreError::Database(
                "the primary keeps no binary log (log_bin is off): no replica can follow it".into(),
            ))
        }
        Err(e) => return Err(e.into()),
    }
    position(primary).map(|_| ()).map_err(|e| {
        StoreError::Database(format!("read replicas need MariaDB's GTIDs: {e}").into())
    })
}
