//! Where the uploads are kept: a folder (the data folder's, or a WordPress site's
//! `wp-content/uploads`), or a bucket of S3-compatible object storage. Files are named by their
//! path under the uploads (`2026/12/photo.jpg`), as WordPress's metadata names them.
//!
//! An upload's files are written to a local folder first ([`Storage::staging_dir`]), and placed
//! under their own names only when the upload is complete, just before its rows are committed.

mod bucket;
mod folder;

pub use bucket::Bucket;
pub use folder::Folder;

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// One kind of place uploads are kept in. Called from blocking threads, as the store is.
pub trait Storage: Send + Sync {
    /// Where it is, for the log and to tell two apart: a folder's path, or `s3://bucket/prefix`.
    fn location(&self) -> &str;

    /// The local folder in which the files of an upload to `subdir` are written before they are
    /// placed: for a folder, `subdir` itself, so that placing is a rename.
    fn staging_dir(&self, subdir: &str) -> io::Result<PathBuf>;

    /// The names of the files directly in `subdir` (none when it does not exist): what
    /// `wp_unique_filename` reads of a folder.
    fn names_in(&self, subdir: &str) -> io::Result<Vec<String>>;

    /// Makes an empty file at `relative` unless one is there, as one step for every process
    /// that shares the storage: whether this call made it.
    fn create_new(&self, relative: &str) -> io::Result<bool>;

    /// Puts `bytes` (a few, as a name marker's journal) at `relative`, replacing what is there.
    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()>;

    /// Puts the staged file `staged` at `relative`, whole or not at all; `staged` is gone after.
    fn place(&self, staged: &Path, relative: &str) -> io::Result<()>;

    fn read(&self, relative: &str) -> io::Result<Vec<u8>>;

    /// Removes the file at `relative`; one that is not there is no error.
    fn remove(&self, relative: &str) -> io::Result<()>;

    /// Removes a folder and all under it (a folder in which an upload made its sizes).
    fn remove_tree(&self, relative: &str) -> io::Result<()>;

    /// Walks everything kept, for the start-up check, handing each entry to `visit` as it is
    /// found (a site may keep millions): a folder before what it holds, which is walked only
    /// when `visit` answers true (not for a folder it removed).
    fn walk(&self, visit: &mut dyn FnMut(&Entry) -> io::Result<bool>) -> io::Result<()>;

    /// The folder the uploads are in, when they are in one: the server then serves it at
    /// `/wp-content/uploads` itself.
    fn folder(&self) -> Option<&Path>;
}

/// A file or folder found by [`Storage::walk`].
#[derive(Debug)]
pub struct Entry {
    pub relative: String,
    pub is_dir: bool,
    pub modified: Option<SystemTime>,
}

impl Entry {
    /// Its own name, the last part of its path.
    pub fn name(&self) -> &str {
        self.relative.rsplit('/').next().unwrap_or(&self.relative)
    }
}

/// The storage `--uploads` names, `s3://BUCKET[/PREFIX]` or a folder, once it answers: a
/// folder that is not there, or a bucket that cannot be listed, is an error at start rather
/// than at the first upload.
pub fn open(location: &str) -> io::Result<Arc<dyn Storage>> {
    let storage: Arc<dyn Storage> = if location.starts_with("s3://") {
        Arc::new(Bucket::open(location)?)
    } else {
        let folder = PathBuf::from(location);
        if !folder.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("the uploads folder {location} is not there"),
            ));
        }
        Arc::new(Folder::new(folder))
    };
    storage
        .names_in("")
        .map_err(|e| io::Error::new(e.kind(), format!("the uploads at {location}: {e:?}")))?;
    Ok(storage)
}

/// `subdir/name`, or `name` at the top.
pub fn join(subdir: &str, name: &str) -> String {
    if subdir.is_empty() {
        name.to_owned()
    } else {
        format!("{subdir}/{name}")
    }
}
