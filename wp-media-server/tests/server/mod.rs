//! A wp-media-server process for the end-to-end tests, and what they check on its answers and its
//! data folder.
// Each test file uses a part of this module.
#![allow(dead_code)]

pub mod mariadb;

use base64::Engine;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server binary serving `data` on a free loopback port; killed when dropped.
pub struct TestServer {
    child: Child,
    pub port: u16,
    pub base: String,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestServer {
    /// Sends the server Ctrl-C (SIGINT) and waits up to `limit` for it to exit; `None` if it did
    /// not.
    pub fn interrupt(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGINT delivered");
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        None
    }
}

/// Starts the server on `data` (seeded with `admin_password` for `admin` when new) with
/// `extra_args`, and waits until it answers.
pub fn spawn(data: &Path, admin_password: &str, extra_args: &[&str]) -> TestServer {
    spawn_with(
        |base| {
            let mut args = vec!["--data".to_owned(), data.to_str().unwrap().to_owned()];
            args.extend(["--site-url".to_owned(), base.to_owned()]);
            args.extend(extra_args.iter().map(|a| a.to_string()));
            args
        },
        admin_password,
    )
}

/// Starts the server with the arguments `args` gives for its address (`--addr` is added), and
/// waits until it answers.
pub fn spawn_with(args: impl FnOnce(&str) -> Vec<String>, admin_password: &str) -> TestServer {
    spawn_in(args, &[], admin_password)
}

/// [`spawn_with`], the server's environment given `env` besides.
pub fn spawn_in(
    args: impl FnOnce(&str) -> Vec<String>,
    env: &[(String, String)],
    admin_password: &str,
) -> TestServer {
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = Command::new(env!("CARGO_BIN_EXE_wp-media-server"))
        .args(["--addr", &format!("127.0.0.1:{port}")])
        .args(args(&base))
        .env("WP_MEDIA_ADMIN_APP_PASSWORD", admin_password)
        .env("RUST_LOG", "error")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let server = TestServer { child, port, base };
    let deadline = Instant::now() + Duration::from_secs(30);
    while ureq::get(&format!("{}/wp-json/", server.base))
        .call()
        .is_err()
    {
        assert!(Instant::now() < deadline, "the server did not come up");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// An `Authorization` header value for Basic credentials.
pub fn basic(login: &str, password: &str) -> String {
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"));
    format!("Basic {token}")
}

/// Status and JSON body of an answer, error statuses included; a transport error is status 0.
pub fn answer(result: Result<ureq::Response, ureq::Error>) -> (u16, Value) {
    match result {
        Ok(r) => (r.status(), r.into_json().unwrap_or(Value::Null)),
        Err(ureq::Error::Status(status, r)) => (status, r.into_json().unwrap_or(Value::Null)),
        Err(e) => (0, Value::String(e.to_string())),
    }
}

/// A sample file of the conformance suite.
pub fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/conformance/files/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Every file under `dir`.
pub fn files_under(dir: &Path) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.insert(path);
            }
        }
    }
    out
}

/// The files edit-context `items` own under `uploads`: each one's file, its original when a
/// `-scaled` copy stands for it, and its sizes' files.
pub fn owned_files(uploads: &Path, items: &[Value]) -> BTreeSet<PathBuf> {
    let mut owned = BTreeSet::new();
    for item in items {
        let file = item["media_details"]["file"].as_str().unwrap();
        let dir = Path::new(file).parent().unwrap().to_path_buf();
        owned.insert(uploads.join(file));
        if let Some(original) = item["media_details"]["original_image"].as_str() {
            owned.insert(uploads.join(&dir).join(original));
        }
        for size in item["media_details"]["sizes"]
            .as_object()
            .into_iter()
            .flat_map(|s| s.values())
        {
            owned.insert(uploads.join(&dir).join(size["file"].as_str().unwrap()));
        }
    }
    owned
}

/// A live WordPress on MariaDB whose database and uploads folder the server can share, named by
/// `WP_MEDIA_SHARED_WP` (its env file: BASE_URL, USER, APP_PASSWORD, WP_VERSION),
/// `WP_MEDIA_SHARED_DATABASE` (as `--database` takes it) and `WP_MEDIA_SHARED_UPLOADS`;
/// scripts/test.sh sets them when it starts one.
pub struct SharedSite {
    pub base: String,
    /// The admin's Basic credentials.
    pub auth: String,
    pub version: String,
    pub database: String,
    pub uploads: PathBuf,
}

impl SharedSite {
    /// `None`, with a loud SKIPPED, without the three variables.
    pub fn from_env() -> Option<SharedSite> {
        let vars = [
            "WP_MEDIA_SHARED_WP",
            "WP_MEDIA_SHARED_DATABASE",
            "WP_MEDIA_SHARED_UPLOADS",
        ]
        .map(|name| std::env::var(name).ok());
        let [Some(env_file), Some(database), Some(uploads)] = vars else {
            eprintln!(
                "SKIPPED: no live WordPress on MariaDB (set WP_MEDIA_SHARED_WP, \
                 WP_MEDIA_SHARED_DATABASE and WP_MEDIA_SHARED_UPLOADS; scripts/test.sh does)"
            );
            return None;
        };
        let text = std::fs::read_to_string(&env_file)
            .unwrap_or_else(|e| panic!("WP_MEDIA_SHARED_WP={env_file}: {e}"));
        let var = |key: &str| {
            text.lines()
                .find_map(|line| line.strip_prefix(&format!("{key}=")))
                .map(|v| v.trim_matches('\'').to_owned())
                .unwrap_or_default()
        };
        Some(SharedSite {
            base: var("BASE_URL"),
            auth: basic(&var("USER"), &var("APP_PASSWORD")),
            version: var("WP_VERSION"),
            database,
            uploads: uploads.into(),
        })
    }

    /// A server on the site's database and uploads folder, answering as the site.
    pub fn serve(&self) -> TestServer {
        spawn_with(
            |_| {
                vec![
                    "--database".into(),
                    self.database.clone(),
                    "--uploads".into(),
                    self.uploads.to_str().unwrap().into(),
                    "--site-url".into(),
                    self.base.clone(),
                ]
            },
            "",
        )
    }
}
