//! Uploads in a folder on disk.

use super::{Entry, Storage};
use std::io;
use std::path::{Path, PathBuf};

pub struct Folder {
    root: PathBuf,
    location: String,
}

impl Folder {
    pub fn new(root: PathBuf) -> Folder {
        Folder {
            location: root.display().to_string(),
            root,
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }
}

impl Storage for Folder {
    fn location(&self) -> &str {
        &self.location
    }

    fn staging_dir(&self, subdir: &str) -> io::Result<PathBuf> {
        let dir = self.path(subdir);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }

    fn names_in(&self, subdir: &str) -> io::Result<Vec<String>> {
        let entries = match std::fs::read_dir(self.path(subdir)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(e),
        };
        let mut names = Vec::new();
        for entry in entries {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    }

    fn create_new(&self, relative: &str) -> io::Result<bool> {
        let path = self.path(relative);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(_) => Ok(true),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(self.path(relative), bytes)
    }

    fn place(&self, staged: &Path, relative: &str) -> io::Result<()> {
        std::fs::rename(staged, self.path(relative))
    }

    fn read(&self, relative: &str) -> io::Result<Vec<u8>> {
        std::fs::read(self.path(relative))
    }

    fn remove(&self, relative: &str) -> io::Result<()> {
        match std::fs::remove_file(self.path(relative)) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    fn remove_tree(&self, relative: &str) -> io::Result<()> {
        std::fs::remove_dir_all(self.path(relative))
    }

    fn walk(&self, visit: &mut dyn FnMut(&Entry) -> io::Result<bool>) -> io::Result<()> {
        walk(&self.root, "", visit)
    }

    fn folder(&self) -> Option<&Path> {
        Some(&self.root)
    }
}

fn walk(
    dir: &Path,
    relative: &str,
    visit: &mut dyn FnMut(&Entry) -> io::Result<bool>,
) -> io::Result<()> {
    // Another server on the same folder may remove what is being walked (its upload's sizes
    // folder, once placed): what is gone is passed over.
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let metadata = match std::fs::symlink_metadata(entry.path()) {
            Ok(metadata) => metadata,
            Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        let entry = Entry {
            relative: super::join(relative, &name),
            is_dir: metadata.is_dir(),
            modified: metadata.modified().ok(),
        };
        if visit(&entry)? && entry.is_dir {
            walk(&dir.join(&name), &entry.relative, visit)?;
        }
    }
    Ok(())
}
