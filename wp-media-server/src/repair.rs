//! The start-up check after a crash: every attachment row has its file and every uploaded file has
//! its row. Leftovers of interrupted uploads are removed, and each repair is reported.
//!
//! On a WordPress site's own database and uploads folder only the server's own leftovers are
//! looked for, and only those old enough that no server still writes them: a row without its
//! file, or a file without a row, may be WordPress's (a plugin's folder, an upload WordPress is
//! still making), and checking every row of a site that may hold millions is not the server's to
//! do at every start.

use crate::storage::{Entry, Storage};
use crate::store::{Store, StoreError};
use crate::uploads::store_file::{is_in_flight, is_marker, leftover_journal, owned_files};
use serde_json::Value;
use std::collections::HashSet;
use std::time::{Duration, SystemTime};

/// What the check found and did: files by their path under the uploads.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub temp_files_removed: Vec<String>,
    pub orphan_files_removed: Vec<String>,
    pub rows_without_file_removed: Vec<i64>,
}

/// Whose the database and the uploads are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The server's alone (its SQLite data folder): whatever does not add up is its own leftover.
    Server,
    /// A WordPress site's, which the server shares.
    SharedWithWordPress,
}

pub fn repair(
    store: &dyn Store,
    uploads: &dyn Storage,
    owner: Owner,
) -> Result<Report, StoreError> {
    let mut report = Report::default();
    let owned = match owner {
        Owner::Server => Some(check_rows(store, uploads, &mut report)?),
        Owner::SharedWithWordPress => None,
    };
    sweep(store, uploads, owned.as_ref(), &mut report)?;
    Ok(report)
}

/// [`Storage::walk`] of `uploads`, where `visit` may fail with the store's error as well as the
/// storage's.
fn walk_uploads(
    uploads: &dyn Storage,
    mut visit: impl FnMut(&Entry) -> Result<bool, StoreError>,
) -> Result<(), StoreError> {
    let mut stopped = None;
    let walked = uploads.walk(&mut |entry| {
        visit(entry).map_err(|e| {
            stopped = Some(e);
            std::io::Error::other("the start-up check stopped")
        })
    });
    match (stopped, walked) {
        (Some(e), _) => Err(e),
        (None, Err(e)) => Err(StoreError::Io(uploads.location().into(), e)),
        (None, Ok(())) => Ok(()),
    }
}

/// Removes the rows whose file is missing; returns every file the other rows own.
fn check_rows(
    store: &dyn Store,
    uploads: &dyn Storage,
    report: &mut Report,
) -> Result<HashSet<String>, StoreError> {
    // The server's own site: its files are listed once, rather than asked for row by row (a
    // request each on a bucket).
    let mut present = HashSet::new();
    walk_uploads(uploads, |entry| {
        if !entry.is_dir {
            present.insert(entry.relative.clone());
        }
        Ok(true)
    })?;
    let mut owned = HashSet::new();
    let tx = store.begin()?;
    for (id, relative) in tx.attached_files()? {
        if !present.contains(&relative) {
            tx.delete_attachment(id)?;
            report.rows_without_file_removed.push(id);
            continue;
        }
        let metadata = match tx.attachment_meta(id) {
            Ok(meta) => meta.metadata,
            // The files its metadata names cannot be known: they are swept as no attachment's.
            Err(damaged @ StoreError::DamagedMeta { .. }) => {
                tracing::warn!("{damaged}");
                Value::Null
            }
            Err(e) => return Err(e),
        };
        owned.extend(owned_files(&relative, &metadata));
    }
    tx.commit()?;
    Ok(owned)
}

/// The longest an upload's files stay under temporary names (an upload of hundreds of megabytes
/// and its sizes takes minutes).
const IN_FLIGHT: Duration = Duration::from_secs(3600);

fn older_than(modified: Option<SystemTime>, age: Duration) -> bool {
    modified.is_some_and(|modified| modified.elapsed().is_ok_and(|elapsed| elapsed > age))
}

/// Removes the leftovers of interrupted uploads, and, given the files the rows own (the server's
/// own site), every other file. On a shared site, the files an interrupted upload had placed are
/// known from its name marker's journal.
fn sweep(
    store: &dyn Store,
    uploads: &dyn Storage,
    owned: Option<&HashSet<String>>,
    report: &mut Report,
) -> Result<(), StoreError> {
    let failed = |e| StoreError::Io(uploads.location().into(), e);
    walk_uploads(uploads, |entry| {
        let relative = &entry.relative;
        if is_in_flight(entry.name(), entry.is_dir) {
            // On a shared site another server may be writing it now: only what no upload takes
            // that long to finish is a leftover.
            if owned.is_some() || older_than(entry.modified, IN_FLIGHT) {
                if entry.is_dir {
                    uploads.remove_tree(relative).map_err(failed)?;
                } else {
                    if owned.is_none() && is_marker(entry.name()) {
                        let journal = uploads.read(relative).map_err(failed)?;
                        let placed = leftover_journal(&journal, |file| {
                            store.has_attachment_with_file(file)
                        })?;
                        for file in placed {
                            uploads.remove(&file).map_err(failed)?;
                            report.orphan_files_removed.push(file);
                        }
                    }
                    uploads.remove(relative).map_err(failed)?;
                }
                report.temp_files_removed.push(relative.clone());
                // A folder removed is not walked.
                return Ok(false);
            }
        } else if !entry.is_dir && owned.is_some_and(|owned| !owned.contains(relative)) {
            uploads.remove(relative).map_err(failed)?;
            report.orphan_files_removed.push(relative.clone());
        }
        Ok(true)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::Folder;
    use crate::store::posts::PostRow;
    use crate::store::{MetaChanges, SqliteStore};
    use std::path::PathBuf;

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
        let uploads = Folder::new(store.uploads_dir().to_owned());
        let report = repair(&store, &uploads, Owner::Server).unwrap();
        assert_eq!(report.rows_without_file_removed, [missing]);
        assert_eq!(report.orphan_files_removed, ["2026/12/orphan.png"]);
        assert_eq!(report.temp_files_removed.len(), 3);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0);
        assert!(store.post(missing).unwrap().is_none());
    }

    #[test]
    fn a_shared_site_loses_only_the_servers_stale_leftovers() {
        let (_data, store, missing, dir) = site();
        let uploads = Folder::new(store.uploads_dir().to_owned());
        let report = repair(&store, &uploads, Owner::SharedWithWordPress).unwrap();
        assert_eq!(
            report,
            Report {
                temp_files_removed: vec!["2026/12/.old.png.1-1.wp-tmp".to_owned()],
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

    /// A server stopped between placing an upload's files and committing its rows, on a shared
    /// site: its name marker's journal names the files, which go unless an attachment has the
    /// first; a marker whose upload was kept only goes itself.
    #[test]
    fn a_shared_site_loses_the_files_of_an_upload_whose_rows_were_not_kept() {
        let (_data, store, _missing, dir) = site();
        let tx = store.begin().unwrap();
        let row = PostRow::new_attachment(1, "image/png", "2026-12-06 10:00:00");
        tx.insert_attachment(
            &row,
            "2026/12/kept.png",
            &serde_json::json!({}),
            &MetaChanges::default(),
        )
        .unwrap();
        tx.commit().unwrap();
        let two_hours_ago = SystemTime::now() - Duration::from_secs(7200);
        for (marker, journal) in [
            (
                ".crashed.png.wp-reserved",
                "2026/12/crashed.png\n2026/12/crashed-150x150.png",
            ),
            (
                ".kept.png.wp-reserved",
                "2026/12/kept.png\n2026/12/kept-150x150.png",
            ),
        ] {
            std::fs::write(dir.join(marker), journal).unwrap();
            let file = std::fs::File::options()
                .write(true)
                .open(dir.join(marker))
                .unwrap();
            file.set_modified(two_hours_ago).unwrap();
            for name in journal.lines() {
                std::fs::write(dir.parent().unwrap().parent().unwrap().join(name), b"x").unwrap();
            }
        }
        let uploads = Folder::new(store.uploads_dir().to_owned());
        let report = repair(&store, &uploads, Owner::SharedWithWordPress).unwrap();
        assert_eq!(
            report.orphan_files_removed,
            ["2026/12/crashed.png", "2026/12/crashed-150x150.png"]
        );
        for gone in [
            "crashed.png",
            "crashed-150x150.png",
            ".crashed.png.wp-reserved",
            ".kept.png.wp-reserved",
        ] {
            assert!(!dir.join(gone).exists(), "{gone}");
        }
        for kept in ["kept.png", "kept-150x150.png", "orphan.png"] {
            assert!(dir.join(kept).exists(), "{kept}");
        }
    }
}
