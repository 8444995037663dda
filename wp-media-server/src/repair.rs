//! The start-up check after a crash: every attachment row has its file and every uploaded file has
//! its row. Leftovers of interrupted uploads are removed, and each repair is reported.
//!
//! On a WordPress site's own database and uploads folder only the server's own leftovers are
//! looked for, and only those old enough that no server still writes them: a row without its
//! file, or a file without a row, may be WordPress's (a plugin's folder, an upload WordPress is
//! still making), and checking every row of a site that may hold millions is not the server's to
//! do at every start.

use crate::store::{Store, StoreError};
use crate::uploads::store_file::is_in_flight;
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What the check found and did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub temp_files_removed: Vec<PathBuf>,
    pub orphan_files_removed: Vec<PathBuf>,
    pub rows_without_file_removed: Vec<i64>,
}

/// Whose the database and the uploads folder are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The server's alone (its SQLite data folder): whatever does not add up is its own leftover.
    Server,
    /// A WordPress site's, which the server shares.
    SharedWithWordPress,
}

pub fn repair(store: &dyn Store, owner: Owner) -> Result<Report, StoreError> {
    let uploads = store.uploads_dir().to_path_buf();
    let mut report = Report::default();
    let owned = match owner {
        Owner::Server => Some(check_rows(store, &uploads, &mut report)?),
        Owner::SharedWithWordPress => None,
    };
    sweep(&uploads, owned.as_ref(), &mut report).map_err(|e| StoreError::Io(uploads.clone(), e))?;
    Ok(report)
}

/// Removes the rows whose file is missing; returns every file the other rows own.
fn check_rows(
    store: &dyn Store,
    uploads: &Path,
    report: &mut Report,
) -> Result<HashSet<PathBuf>, StoreError> {
    let mut owned = HashSet::new();
    let tx = store.begin()?;
    for (id, relative) in tx.attached_files()? {
        let path = uploads.join(&relative);
        if !path.is_file() {
            tx.delete_attachment(id)?;
            report.rows_without_file_removed.push(id);
            continue;
        }
        owned.insert(path);
        let metadata = match tx.attachment_meta(id) {
            Ok(meta) => meta.metadata,
            // The files its metadata names cannot be known: they are swept as no attachment's.
            Err(damaged @ StoreError::DamagedMeta { .. }) => {
                tracing::warn!("{damaged}");
                Value::Null
            }
            Err(e) => return Err(e),
        };
        let dir = uploads.join(relative.rsplit_once('/').map_or("", |(d, _)| d));
        if let Some(original) = metadata.get("original_image").and_then(Value::as_str) {
            owned.insert(dir.join(original));
        }
        for size in metadata
            .get("sizes")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|s| s.values())
        {
            if let Some(file) = size.get("file").and_then(Value::as_str) {
                owned.insert(dir.join(file));
            }
        }
    }
    tx.commit()?;
    Ok(owned)
}

/// The longest an upload's files stay under temporary names (an upload of hundreds of megabytes
/// and its sizes takes minutes).
const IN_FLIGHT: std::time::Duration = std::time::Duration::from_secs(3600);

fn older_than(path: &Path, age: std::time::Duration) -> bool {
    std::fs::symlink_metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified.elapsed().is_ok_and(|elapsed| elapsed > age))
}

/// Removes the leftovers of interrupted uploads under `dir`, and, given the files the rows own (the
/// server's own site), every other file.
fn sweep(dir: &Path, owned: Option<&HashSet<PathBuf>>, report: &mut Report) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if is_in_flight(&name, path.is_dir()) {
            // On a shared site another server may be writing it now: only what no upload takes
            // that long to finish is a leftover.
            if owned.is_some() || older_than(&path, IN_FLIGHT) {
                if path.is_dir() {
                    std::fs::remove_dir_all(&path)?;
                } else {
                    std::fs::remove_file(&path)?;
                }
                report.temp_files_removed.push(path);
            }
        } else if path.is_dir() {
            sweep(&path, owned, report)?;
        } else if owned.is_some_and(|owned| !owned.contains(&path)) {
            std::fs::remove_file(&path)?;
            report.orphan_files_removed.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::posts::PostRow;
    use crate::store::{MetaChanges, SqliteStore};
    use std::time::{Duration, SystemTime};

    /// A site with an attachment whose file is missing, a file no attachment owns, and the
    /// leftovers of uploads: one just begun, one from two hours ago.
    fn site() -> (tempfile::TempDir, SqliteStore, i64, PathBuf) {
        let data = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(data.path(), "http://127.0.0.1:8080")
            .unwrap()
            .store;
        let tx = store.begin().unwrap();
        let row = PostRow::new_attachment(1, "image/png", "2026-12-06 10:00:00");
        let missing = tx
            .insert_attachment(
                &row,
                "2026/12/gone.png",
                &serde_json::json!({}),
                &MetaChanges::default(),
            )
            .unwrap();
        tx.commit().unwrap();
        let dir = store.uploads_dir().join("2026/12");
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "orphan.png",
            ".young.png.1-0.wp-tmp",
            ".young.png.wp-reserved",
        ] {
            std::fs::write(dir.join(name), b"x").unwrap();
        }
        let old = std::fs::File::create(dir.join(".old.png.1-1.wp-tmp")).unwrap();
        old.set_modified(SystemTime::now() - Duration::from_secs(7200))
            .unwrap();
        (data, store, missing, dir)
    }

    #[test]
    fn the_servers_own_site_is_made_whole() {
        let (_data, store, missing, dir) = site();
        let report = repair(&store, Owner::Server).unwrap();
        assert_eq!(report.rows_without_file_removed, [missing]);
        assert_eq!(report.orphan_files_removed, [dir.join("orphan.png")]);
        assert_eq!(report.temp_files_removed.len(), 3);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        assert!(store.post(missing).unwrap().is_none());
    }

    #[test]
    fn a_shared_site_loses_only_the_servers_stale_leftovers() {
        let (_data, store, missing, dir) = site();
        let report = repair(&store, Owner::SharedWithWordPress).unwrap();
        assert_eq!(
            report,
            Report {
                temp_files_removed: vec![dir.join(".old.png.1-1.wp-tmp")],
                ..Report::default()
            }
        );
        for kept in [
            "orphan.png",
            ".young.png.1-0.wp-tmp",
            ".young.png.wp-reserved",
        ] {
            assert!(dir.join(kept).exists(), "{kept}");
        }
        assert!(store.post(missing).unwrap().is_some());
    }
}
