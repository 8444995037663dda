//! The start-up check after a crash: every attachment row has its file and every uploaded file has
//! its row. Leftovers of interrupted uploads are removed, and each repair is reported.
//!
//! On a WordPress site's own database and uploads folder, only the server's own leftovers are
//! removed: a row without its file, or a file without a row, may be WordPress's (a plugin's
//! folder, an upload WordPress is still making), so they are reported and kept.

use crate::store::{Store, StoreError};
use serde_json::Value;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What the check found and did.
#[derive(Debug, Default, PartialEq)]
pub struct Report {
    pub temp_files_removed: Vec<PathBuf>,
    pub orphan_files_removed: Vec<PathBuf>,
    pub rows_without_file_removed: Vec<i64>,
    /// Found on a shared site, and left as they are.
    pub orphan_files_kept: Vec<PathBuf>,
    pub rows_without_file_kept: Vec<i64>,
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
    let mut owned = HashSet::new();
    let tx = store.begin()?;
    for (id, relative) in tx.attached_files()? {
        let path = uploads.join(&relative);
        if !path.is_file() {
            if owner == Owner::Server {
                tx.delete_attachment(id)?;
                report.rows_without_file_removed.push(id);
            } else {
                report.rows_without_file_kept.push(id);
            }
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
    sweep(&uploads, &owned, owner, &mut report).map_err(|e| StoreError::Io(uploads.clone(), e))?;
    Ok(report)
}

fn sweep(
    dir: &Path,
    owned: &HashSet<PathBuf>,
    owner: Owner,
    report: &mut Report,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.is_dir() {
            if name.starts_with(".sizes-") {
                std::fs::remove_dir_all(&path)?;
                report.temp_files_removed.push(path);
            } else {
                sweep(&path, owned, owner, report)?;
            }
        } else if name.ends_with(".wp-tmp") {
            std::fs::remove_file(&path)?;
            report.temp_files_removed.push(path);
        } else if !owned.contains(&path) {
            if owner == Owner::Server {
                std::fs::remove_file(&path)?;
                report.orphan_files_removed.push(path);
            } else {
                report.orphan_files_kept.push(path);
            }
        }
    }
    Ok(())
}
