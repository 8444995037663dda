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

    fn entries(&self) -> io::Result<Vec<Entry>> {
        let mut found = Vec::new();
        walk(&self.root, "", &mut found)?;
        Ok(found)
    }

    fn folder(&self) -> Option<&Path> {
        Some(&self.root)
    }
}

fn walk(dir: &Path, relative: &str, found: &mut Vec<Entry>) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound && relative.is_empty() => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let metadata = std::fs::symlink_metadata(entry.path())?;
        let relative = super::join(relative, &name);
        found.push(Entry {
            relative: relative.clone(),
            is_dir: metadata.is_dir(),
            modified: metadata.modified().ok(),
        });
        if metadata.is_dir() {
            walk(&entry.path(), &relative, found)?;
        }
    }
    Ok(())
}
