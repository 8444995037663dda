//! Faults of the disk under a running server, on real file systems, not mocks: a data folder on a
//! small tmpfs that fills up, and an uploads folder remounted read-only. Each failing write gets a
//! clear JSON error, nothing half-written stays behind, reads keep working, and writes succeed
//! again once the disk is back.
//!
//! Mounting needs root (`mount -t tmpfs`); where mounting is refused, the tests say so and stop.

mod server;

use serde_json::Value;
use server::TestServer;
use std::path::{Path, PathBuf};
use std::process::Command;

const PASSWORD: &str = "faultsfaultsfaultsfault1";

/// A tmpfs mounted for the length of a test.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    fn mount(dir: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(dir).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!(
                "SKIPPED: cannot mount a tmpfs at {} here (not root?)",
                dir.display()
            );
            return None;
        }
        Some(Tmpfs {
            dir: dir.to_path_buf(),
        })
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.dir)
            .status()
            .unwrap();
        assert!(status.success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.dir).status();
    }
}

fn auth() -> String {
    server::basic("admin", PASSWORD)
}

fn upload(server: &TestServer, n: usize) -> (u16, Value) {
    let bytes = server::sample("photo.jpg");
    server::answer(
        ureq::post(&format!("{}/wp-json/wp/v2/media", server.base))
            .set("Authorization", &auth())
            .set("Content-Type", "image/jpeg")
            .set(
                "Content-Disposition",
                &format!("attachment; filename=fault-{n}.jpg"),
            )
            .send_bytes(&bytes),
    )
}

fn list(server: &TestServer) -> Vec<Value> {
    let (status, body) = server::answer(
        ureq::get(&format!(
            "{}/wp-json/wp/v2/media?per_page=100&context=edit",
            server.base
        ))
        .set("Authorization", &auth())
        .call(),
    );
    assert_eq!(status, 200, "reads keep working: {body}");
    body.as_array().unwrap().clone()
}

/// Every file on disk belongs to a listed attachment, and every listed attachment's files exist.
fn assert_consistent(server: &TestServer, uploads: &Path) {
    let owned = server::owned_files(uploads, &list(server));
    assert_eq!(
        server::files_under(uploads),
        owned,
        "files on disk are exactly the attachments' files"
    );
}

fn assert_clear_server_error(status: u16, body: &Value, what: &str) {
    assert_eq!(status, 500, "{what}: {body}");
    assert!(
        body["code"].as_str().is_some_and(|c| !c.is_empty())
            && body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{what}: a JSON error with a code and a message, not {body}"
    );
}

/// WordPress 6.9.7's answers when the disk is full: the upload's own file cannot be written
/// (`_wp_handle_upload`), or its row cannot (`wp_insert_attachment`, 400 from the attachments
/// controller). Sizes that cannot be written are left out, as `_wp_make_subsizes` leaves them.
fn assert_full_disk_answer(status: u16, body: &Value) {
    let code = body["code"].as_str().unwrap_or_default();
    let message = body["message"].as_str().unwrap_or_default();
    match code {
        "rest_upload_sideload_error" => {
            assert_eq!(status, 500, "{body}");
            assert!(message.starts_with("The uploaded file could not be moved to uploads/"));
        }
        "db_insert_error" => {
            assert_eq!(status, 400, "{body}");
            assert_eq!(message, "Could not insert attachment into the database.");
            assert_eq!(body["data"], serde_json::json!({"status": 400}));
            assert!(body["additional_data"][0].is_string(), "{body}");
        }
        _ => panic!("not an answer WordPress gives for a full disk: {status} {body}"),
    }
}

#[test]
fn a_full_disk_fails_uploads_cleanly_and_service_returns_with_space() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&root.path().join("data"), "2m") else {
        return;
    };
    let server = server::spawn(&disk.dir, PASSWORD, &[]);
    let uploads = disk.dir.join("uploads");
    let mut accepted = 0;
    let mut failures = 0;
    for n in 0..200 {
        let (status, body) = upload(&server, n);
        if status == 201 {
            accepted += 1;
            continue;
        }
        assert_full_disk_answer(status, &body);
        eprintln!("full disk: {body}");
        failures += 1;
        if failures == 3 {
            break;
        }
    }
    assert!(
        accepted > 0 && failures == 3,
        "the disk filled ({accepted} uploads fit)"
    );
    assert_eq!(list(&server).len(), accepted);
    assert_consistent(&server, &uploads);

    disk.remount("size=64m");
    let (status, body) = upload(&server, 1000);
    assert_eq!(
        status, 201,
        "uploads work again once there is space: {body}"
    );
    assert_eq!(list(&server).len(), accepted + 1);
    assert_consistent(&server, &uploads);
    eprintln!(
        "{accepted} uploads fit, 3 refused with JSON errors, service back after growing the disk"
    );
}

#[test]
fn a_read_only_uploads_folder_fails_uploads_cleanly_and_reads_go_on() {
    let root = tempfile::tempdir().unwrap();
    let data = root.path().join("data");
    let Some(uploads) = Tmpfs::mount(&data.join("uploads"), "64m") else {
        return;
    };
    let server = server::spawn(&data, PASSWORD, &[]);
    assert_eq!(upload(&server, 0).0, 201);

    uploads.remount("ro");
    for n in 1..4 {
        let (status, body) = upload(&server, n);
        assert_clear_server_error(status, &body, "an upload into a read-only folder");
        eprintln!("read-only: {body}");
    }
    assert_eq!(list(&server).len(), 1);
    assert_consistent(&server, &uploads.dir);

    uploads.remount("rw");
    assert_eq!(
        upload(&server, 10).0,
        201,
        "uploads work again once writable"
    );
    assert_eq!(list(&server).len(), 2);
    assert_consistent(&server, &uploads.dir);
}
