//! Uploads in S3-compatible object storage (`--uploads s3://BUCKET/PREFIX`), against a real S3
//! server: s3s-fs, which `scripts/test.sh` installs from crates.io and names in `WP_MEDIA_S3S_FS`;
//! each test starts its own on a folder of its own. Without the variable the tests pass over.
//!
//! What is in the bucket is read from s3s-fs's folder (an object `KEY` of bucket `B` is the file
//! `ROOT/B/KEY`), so the check does not go through the code it checks.

mod server;

use serde_json::Value;
use server::{answer, basic, sample, spawn_in, TestServer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "bucketbucketbucketbucket";
const BUCKET: &str = "media";
const PREFIX: &str = "site";
const PUBLIC: &str = "http://cdn.example.test/site";

/// An s3s-fs process on a folder of its own, which outlives the process for restarts.
struct S3 {
    binary: PathBuf,
    root: tempfile::TempDir,
    port: u16,
    child: Option<Child>,
}

impl S3 {
    /// A started S3 server with an empty bucket, or `None` where none is installed.
    fn start() -> Option<S3> {
        let Some(binary) = std::env::var_os("WP_MEDIA_S3S_FS") else {
            eprintln!("WP_MEDIA_S3S_FS is not set: the object storage tests pass over");
            return None;
        };
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join(BUCKET)).unwrap();
        let port = server::free_port();
        let mut s3 = S3 {
            binary: binary.into(),
            root,
            port,
            child: None,
        };
        s3.run();
        Some(s3)
    }

    /// Starts the server process and waits until its port takes connections.
    fn run(&mut self) {
        let child = Command::new(&self.binary)
            .args(["--host", "127.0.0.1", "--port", &self.port.to_string()])
            .args(["--access-key", "tester", "--secret-key", "tester-secret"])
            .arg(self.root.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("s3s-fs starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "s3s-fs did not come up");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// SIGKILL: the object store gone at once.
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }

    /// The variables through which the server reaches it.
    fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ENDPOINT", format!("http://127.0.0.1:{}", self.port)),
            ("AWS_ACCESS_KEY_ID", "tester".into()),
            ("AWS_SECRET_ACCESS_KEY", "tester-secret".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_ALLOW_HTTP", "true".into()),
        ]
        .map(|(k, v)| (k.to_owned(), v))
        .into()
    }

    /// Where the objects under the server's prefix are kept.
    fn objects_dir(&self) -> PathBuf {
        self.root.path().join(BUCKET).join(PREFIX)
    }

    /// The keys under the prefix, relative to it.
    fn objects(&self) -> BTreeSet<String> {
        let dir = self.objects_dir();
        server::files_under(&dir)
            .into_iter()
            .map(|p| relative(&dir, &p))
            .collect()
    }
}

impl Drop for S3 {
    fn drop(&mut self) {
        self.kill();
    }
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned()
}

/// The server on its own data folder, its uploads in the bucket under `site/`.
fn serve(s3: &S3, data: &Path) -> TestServer {
    let data = data.to_str().unwrap().to_owned();
    spawn_in(
        |base| {
            vec![
                "--data".into(),
                data,
                "--site-url".into(),
                base.into(),
                "--uploads".into(),
                format!("s3://{BUCKET}/{PREFIX}"),
                "--uploads-url".into(),
                PUBLIC.into(),
            ]
        },
        &s3.env(),
        PASSWORD,
    )
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(120))
        .build()
}

fn upload(server: &TestServer, name: &str, mime: &str, bytes: &[u8]) -> (u16, Value) {
    answer(
        agent()
            .post(&format!("{}/wp-json/wp/v2/media", server.base))
            .set("Authorization", &basic("admin", PASSWORD))
            .set("Content-Type", mime)
            .set(
                "Content-Disposition",
                &format!("attachment; filename=\"{name}\""),
            )
            .send_bytes(bytes),
    )
}

/// Every attachment, in the edit context.
fn all_items(server: &TestServer) -> Vec<Value> {
    let mut items = Vec::new();
    for page in 1.. {
        let (status, body) = answer(
            agent()
                .get(&format!(
                    "{}/wp-json/wp/v2/media?context=edit&per_page=100&page={page}",
                    server.base
                ))
                .set("Authorization", &basic("admin", PASSWORD))
                .call(),
        );
        match (status, body) {
            (200, Value::Array(page)) if !page.is_empty() => items.extend(page),
            _ => break,
        }
    }
    items
}

/// The keys the items own, relative to the prefix.
fn owned(items: &[Value]) -> BTreeSet<String> {
    let root = Path::new("/");
    server::owned_files(root, items)
        .iter()
        .map(|p| relative(root, p))
        .collect()
}

fn is_marker(key: &str) -> bool {
    key.ends_with(".wp-reserved")
}

#[test]
fn uploads_are_objects_read_from_the_public_address() {
    let Some(s3) = S3::start() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let server = serve(&s3, data.path());
    let photo = sample("big.jpg");
    let (status, first) = upload(&server, "photo.jpg", "image/jpeg", &photo);
    assert_eq!(status, 201, "{first}");
    let file = first["media_details"]["file"].as_str().unwrap();
    assert_eq!(
        first["source_url"],
        format!("{PUBLIC}/{file}"),
        "the source from the public address"
    );
    let dir = file.rsplit_once('/').unwrap().0;
    for (name, size) in first["media_details"]["sizes"].as_object().unwrap() {
        assert_eq!(
            size["source_url"],
            format!("{PUBLIC}/{dir}/{}", size["file"].as_str().unwrap()),
            "{name}"
        );
    }
    assert!(
        first["media_details"]["sizes"].as_object().unwrap().len() > 3,
        "sizes are made: {first}"
    );
    // The original is kept as it came, beside its `-scaled` copy.
    let original = first["media_details"]["original_image"].as_str().unwrap();
    assert_eq!(
        std::fs::read(s3.objects_dir().join(dir).join(original)).unwrap(),
        photo
    );
    assert_eq!(s3.objects(), owned(std::slice::from_ref(&first)));

    // A second of the same name is numbered from what the bucket holds.
    let (status, second) = upload(&server, "photo.jpg", "image/jpeg", &photo);
    assert_eq!(status, 201, "{second}");
    assert_eq!(
        second["media_details"]["original_image"].as_str().unwrap(),
        "photo-1.jpg"
    );

    // The editor reads the original from the bucket, and its copy goes there too.
    let id = first["id"].as_i64().unwrap();
    let (status, edited) = answer(
        agent()
            .post(&format!("{}/wp-json/wp/v2/media/{id}/edit", server.base))
            .set("Authorization", &basic("admin", PASSWORD))
            .send_json(serde_json::json!({
                "src": first["source_url"],
                "modifiers": [{ "type": "rotate", "args": { "angle": 90 } }],
            })),
    );
    assert_eq!(status, 201, "{edited}");
    assert!(
        edited["source_url"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{PUBLIC}/{dir}/photo-")),
        "{edited}"
    );

    // The server does not serve what it keeps elsewhere.
    let (status, _) =
        answer(ureq::get(&format!("{}/wp-content/uploads/{file}", server.base)).call());
    assert_eq!(status, 404);

    let items = all_items(&server);
    assert_eq!(items.len(), 3);
    assert_eq!(
        s3.objects(),
        owned(&items),
        "every object is an item's, and no marker is left"
    );

    // Deleting takes the objects away with the rows.
    let (status, _) = answer(
        agent()
            .delete(&format!(
                "{}/wp-json/wp/v2/media/{id}?force=true",
                server.base
            ))
            .set("Authorization", &basic("admin", PASSWORD))
            .call(),
    );
    assert_eq!(status, 200);
    let items = all_items(&server);
    assert_eq!(items.len(), 2);
    assert_eq!(s3.objects(), owned(&items));
}

/// The start-up check on a bucket of the server's own site: an object no attachment owns goes,
/// and an attachment whose object is gone goes, both reported.
#[test]
fn the_start_up_check_makes_a_bucket_whole() {
    let Some(s3) = S3::start() else {
        return;
    };
    let data = tempfile::tempdir().unwrap();
    let mut server = serve(&s3, data.path());
    let (status, kept) = upload(&server, "kept.png", "image/png", &sample("blue.png"));
    assert_eq!(status, 201, "{kept}");
    let (status, lost) = upload(&server, "lost.png", "image/png", &sample("blue.png"));
    assert_eq!(status, 201, "{lost}");
    assert!(server.interrupt(Duration::from_secs(10)).is_some());
    let dir = kept["media_details"]["file"]
        .as_str()
        .unwrap()
        .rsplit_once('/')
        .unwrap()
        .0
        .to_owned();
    std::fs::write(s3.objects_dir().join(&dir).join("stray.png"), b"x").unwrap();
    std::fs::write(
        s3.objects_dir().join(&dir).join(".old.png.wp-reserved"),
        b"",
    )
    .unwrap();
    let lost_file = lost["media_details"]["file"].as_str().unwrap();
    std::fs::remove_file(s3.objects_dir().join(lost_file)).unwrap();

    let server = serve(&s3, data.path());
    let items = all_items(&server);
    assert_eq!(
        items.iter().map(|i| i["id"].clone()).collect::<Vec<_>>(),
        [kept["id"].clone()],
        "the attachment without its object is gone"
    );
    assert_eq!(
        s3.objects(),
        owned(&items),
        "the stray object and the marker are gone"
    );
}

/// The object store killed (SIGKILL) for longer than the server retries, under two uploaders, then
/// started again: uploads during the outage fail with WordPress's answer for a file that could
/// not be moved to the uploads, uploads resume on their own, and afterwards every accepted upload
/// has all its objects and no object is without its attachment (objects put before an upload
/// failed go as soon as the store answers). Name markers are gone after the next start.
#[test]
fn the_object_store_down_during_uploads_leaves_nothing_half_written() {
    let Some(s3) = S3::start() else {
        return;
    };
    let s3 = Arc::new(Mutex::new(s3));
    let data = tempfile::tempdir().unwrap();
    let mut server = serve(&s3.lock().unwrap(), data.path());
    let base = server.base.clone();
    let stop = Arc::new(AtomicBool::new(false));
    let answers = Arc::new(Mutex::new(Vec::<(Instant, u16, Value)>::new()));
    let uploaders: Vec<_> = (0..2)
        .map(|n| {
            let (stop, answers, base) = (stop.clone(), answers.clone(), base.clone());
            std::thread::spawn(move || {
                let bytes = sample(if n == 0 { "blue.png" } else { "enc-422.jpg" });
                let (name, mime) = if n == 0 {
                    ("up.png", "image/png")
                } else {
                    ("up.jpg", "image/jpeg")
                };
                while !stop.load(Ordering::Relaxed) {
                    let answer = answer(
                        agent()
                            .post(&format!("{base}/wp-json/wp/v2/media"))
                            .set("Authorization", &basic("admin", PASSWORD))
                            .set("Content-Type", mime)
                            .set(
                                "Content-Disposition",
                                &format!("attachment; filename=\"{name}\""),
                            )
                            .send_bytes(&bytes),
                    );
                    answers
                        .lock()
                        .unwrap()
                        .push((Instant::now(), answer.0, answer.1));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(2));
    s3.lock().unwrap().kill();
    let down = Instant::now();
    // Longer than the server retries a request (three times, ten seconds at most; a refused
    // connection gives up within about a second), so that uploads give up.
    std::thread::sleep(Duration::from_secs(8));
    s3.lock().unwrap().run();
    let up = Instant::now();
    std::thread::sleep(Duration::from_secs(4));
    stop.store(true, Ordering::Relaxed);
    for uploader in uploaders {
        uploader.join().unwrap();
    }
    let answers = answers.lock().unwrap();
    let accepted: BTreeSet<i64> = answers
        .iter()
        .filter(|(_, status, _)| *status == 201)
        .map(|(_, _, body)| body["id"].as_i64().unwrap())
        .collect();
    let refused: Vec<&Value> = answers
        .iter()
        .filter(|(_, status, _)| *status != 201)
        .map(|(_, _, body)| body)
        .collect();
    eprintln!(
        "{} uploads accepted, {} refused, {} answered during the outage",
        accepted.len(),
        refused.len(),
        answers
            .iter()
            .filter(|(at, _, _)| *at > down && *at < up)
            .count()
    );
    assert!(
        !refused.is_empty(),
        "some uploads fail while the store is down"
    );
    for body in &refused {
        // A raw body is a sideload to WordPress's attachments controller.
        assert_eq!(body["code"], "rest_upload_sideload_error", "{body}");
        assert_eq!(body["data"]["status"], 500, "{body}");
        assert!(
            body["message"]
                .as_str()
                .unwrap()
                .starts_with("The uploaded file could not be moved to uploads/"),
            "{body}"
        );
    }
    assert!(
        answers
            .iter()
            .any(|(at, status, _)| *status == 201 && *at > up),
        "uploads resume once the store is back"
    );
    assert!(answers.iter().any(|(at, _, _)| *at > down && *at < up));

    let items = all_items(&server);
    let ids: BTreeSet<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(
        ids, accepted,
        "every accepted upload is kept, and only those"
    );
    // Objects put before their upload failed are removed once the store answers again (the
    // server retries with pauses of up to 30 s).
    let files = || -> BTreeSet<String> {
        let objects = s3.lock().unwrap().objects();
        objects.into_iter().filter(|k| !is_marker(k)).collect()
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    while files() != owned(&items) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(500));
    }
    assert_eq!(
        files(),
        owned(&items),
        "no object without its rows, no rows without objects"
    );

    assert!(server.interrupt(Duration::from_secs(10)).is_some());
    let server = serve(&s3.lock().unwrap(), data.path());
    let items = all_items(&server);
    assert_eq!(
        s3.lock().unwrap().objects(),
        owned(&items),
        "the start removed the markers left"
    );
}
