//! Writing a recording to disk: each body once, each file whole or not at all, and the bodies of
//! an earlier recording in the folder that this one no longer has removed.

use crate::pull::write::write_document;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;
use wp_schema_codegen::recording::{read_json, Recording, MANIFEST};

/// Writes the recording into `dir`: each body, then the manifest, each file whole or not at all.
/// Bodies a recording already there named and this one does not are removed; a folder that holds
/// other files and no recording is refused, so nothing of the user's is lost.
pub fn write(recording: &Recording, dir: &Path) -> Result<(), String> {
    let old = manifest_files(dir)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("{}: cannot create the folder: {e}", dir.display()))?;
    // A body met before (a visitor's view of a public item, the same list under two routes)
    // is kept once: later answers name the first one's file.
    let mut written: HashMap<String, String> = HashMap::new();
    let mut files = Vec::with_capacity(recording.responses.len());
    for response in &recording.responses {
        let text = response.body.to_string();
        if let Some(file) = written.get(&text) {
            files.push(file.clone());
            continue;
        }
        let path = dir.join(&response.file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("{}: cannot create the folder: {e}", parent.display()))?;
        }
        write_document(&path, &response.body)?;
        written.insert(text, response.file.clone());
        files.push(response.file.clone());
    }
    write_document(&dir.join(MANIFEST), &recording.manifest(&files))?;
    // Answers that shared a body name its file more than once: each goes once.
    let old: std::collections::BTreeSet<String> = old.into_iter().collect();
    for file in old {
        if !files.contains(&file) {
            let path = dir.join(&file);
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(format!("{}: cannot remove: {e}", path.display()))
                }
                _ => {}
            }
            if let Some(parent) = path.parent().filter(|p| *p != dir) {
                // Only an emptied route folder goes; a folder with other files stays.
                let _ = std::fs::remove_dir(parent);
            }
        }
    }
    Ok(())
}

/// The bodies a recording in `dir` names; none for a missing or empty folder; an error for a
/// folder with other things in it.
fn manifest_files(dir: &Path) -> Result<Vec<String>, String> {
    let manifest = dir.join(MANIFEST);
    if manifest.is_file() {
        let value = read_json(&manifest)?;
        let files = value
            .get("responses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|r| r.get("file").and_then(Value::as_str).map(str::to_owned))
            .collect();
        return Ok(files);
    }
    if std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(format!(
            "{}: the folder holds other files and no recording ({MANIFEST}); \
                 give an empty or new folder",
            dir.display()
        ));
    }
    Ok(Vec::new())
}
