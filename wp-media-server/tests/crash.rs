//! The server is killed (SIGKILL) while clients upload images, then started again on the same data
//! folder, three times over (`WP_MEDIA_CRASH_KILLS=N` for the long run). Afterwards every upload it
//! accepted (201) is served with all its files, every file in `uploads/` belongs to an attachment,
//! every attachment's files exist, and no temporary file is left. What the restart repaired it
//! reports in its log.

use base64::Engine;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "crashtestcrashtestcrash1";
const CLIENTS: usize = 4;

struct Server {
    child: Child,
    base: String,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(data: &Path, port: u16) -> Server {
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_wp-media-server"))
        .args(["--data", data.to_str().unwrap()])
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(["--site-url", &base])
        .env("WP_MEDIA_ADMIN_APP_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while ureq::get(&format!("{base}/wp-json/")).call().is_err() {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    Server { child, base }
}

fn auth() -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("admin:{PASSWORD}"))
    )
}

fn image() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/conformance/files/photo.jpg"
    ))
    .unwrap()
}

/// Uploads until `stop`, recording the ids the server accepted. Failures are expected once the
/// server is gone.
fn uploader(base: String, stop: Arc<AtomicBool>, accepted: Arc<Mutex<Vec<i64>>>, client: usize) {
    let bytes = image();
    let mut n = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let response = ureq::post(&format!("{base}/wp-json/wp/v2/media"))
            .set("Authorization", &auth())
            .set("Content-Type", "image/jpeg")
            .set(
                "Content-Disposition",
                &format!("attachment; filename=\"crash-{client}-{n}.jpg\""),
            )
            .timeout(Duration::from_secs(30))
            .send_bytes(&bytes);
        match response {
            Ok(r) if r.status() == 201 => {
                let item: Value = r.into_json().unwrap();
                accepted.lock().unwrap().push(item["id"].as_i64().unwrap());
            }
            Ok(r) => panic!("upload answered {}", r.status()),
            Err(_) => return,
        }
    }
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path, root: &Path, out: &mut BTreeSet<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files_under(&path, root, out);
        } else {
            out.insert(path.strip_prefix(root).unwrap().to_owned());
        }
    }
}

/// The files an attachment owns, from what the server says of it.
fn owned_files(item: &Value) -> Vec<PathBuf> {
    let details = &item["media_details"];
    let file = details["file"].as_str().expect("an image has a file");
    let dir = Path::new(file).parent().unwrap().to_owned();
    let mut files = vec![PathBuf::from(file)];
    for size in details["sizes"].as_object().unwrap().values() {
        files.push(dir.join(size["file"].as_str().unwrap()));
    }
    files.sort();
    files.dedup();
    files
}

fn all_items(base: &str) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let response = ureq::get(&format!(
            "{base}/wp-json/wp/v2/media?context=edit&per_page=100&page={page}"
        ))
        .set("Authorization", &auth())
        .call()
        .unwrap();
        let pages: usize = response.header("X-WP-TotalPages").unwrap().parse().unwrap();
        let batch: Vec<Value> = response.into_json().unwrap();
        items.extend(batch);
        if page >= pages {
            break;
        }
    }
    items
}

#[test]
fn nothing_accepted_is_lost_and_nothing_half_written_stays_after_sigkill() {
    let data = tempfile::tempdir().unwrap();
    let port = free_port();
    let kills: usize = std::env::var("WP_MEDIA_CRASH_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let accepted = Arc::new(Mutex::new(Vec::new()));
    let mut repair_log = String::new();
    for round in 0..kills {
        let mut server = start(data.path(), port);
        let stop = Arc::new(AtomicBool::new(false));
        let clients: Vec<_> = (0..CLIENTS)
            .map(|client| {
                let (base, stop, accepted) = (server.base.clone(), stop.clone(), accepted.clone());
                std::thread::spawn(move || uploader(base, stop, accepted, round * 10 + client))
            })
            .collect();
        // Long enough for some uploads to finish and others to be under way; each round a
        // little longer, so the kills land at different points of an upload.
        std::thread::sleep(Duration::from_millis(1500 + 700 * (round % 5) as u64));
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        stop.store(true, Ordering::Relaxed);
        for client in clients {
            client.join().unwrap();
        }
        let mut log = String::new();
        server
            .child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut log)
            .unwrap();
        repair_log.push_str(&log);
    }

    let server = start(data.path(), port);
    let items = all_items(&server.base);
    let ids: BTreeSet<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    let accepted: BTreeSet<i64> = accepted.lock().unwrap().iter().copied().collect();
    assert!(
        accepted.len() >= 3,
        "the rounds were too short to accept uploads"
    );
    let lost: Vec<_> = accepted.difference(&ids).collect();
    assert!(lost.is_empty(), "accepted uploads lost: {lost:?}");

    let uploads = data.path().join("uploads");
    let mut on_disk = BTreeSet::new();
    files_under(&uploads, &uploads, &mut on_disk);
    let mut owned = BTreeSet::new();
    for item in &items {
        for file in owned_files(item) {
            assert!(
                on_disk.contains(&file),
                "attachment {} lacks {}",
                item["id"],
                file.display()
            );
            owned.insert(file);
        }
    }
    let strays: Vec<_> = on_disk.difference(&owned).collect();
    assert!(
        strays.is_empty(),
        "files no attachment owns: {strays:?}\nrepair log:\n{repair_log}"
    );
    let mut server = server;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    server
        .child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut repair_log)
        .unwrap();
    let repairs = repair_log.lines().filter(|l| l.contains("removed")).count();
    eprintln!(
        "{} uploads accepted and kept across {kills} SIGKILLs; {} attachments, {} files; \
         {repairs} leftovers removed at restart",
        accepted.len(),
        items.len(),
        on_disk.len()
    );
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
