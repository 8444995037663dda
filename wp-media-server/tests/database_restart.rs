//! The database server killed and started again under load: while it is gone, requests get
//! WordPress's answer for a database it cannot reach; once it is back, the server serves again
//! without being restarted; and every upload it accepted is there with its files, while nothing of
//! the refused ones is left.
//!
//! Runs its own MariaDB (Debian's `mariadbd`, in a temporary folder) with a copy of the tables of
//! the live WordPress of `server::SharedSite`, so that killing it disturbs nothing else.

mod server;

use server::{files_under, sample, spawn_with, SharedSite};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A MariaDB server of the test's own, on a Unix socket in `dir`.
struct Mariadb {
    dir: PathBuf,
    child: Option<Child>,
}

impl Mariadb {
    fn socket(&self) -> PathBuf {
        self.dir.join("mysqld.sock")
    }

    fn install(dir: &Path) -> Mariadb {
        std::fs::create_dir_all(dir.join("data")).unwrap();
        run(Command::new("chown").args(["-R", "mysql:mysql"]).arg(dir));
        run(Command::new("mariadb-install-db")
            .args(["--no-defaults", "--user=mysql", "--skip-test-db"])
            .arg("--auth-root-authentication-method=socket")
            .arg(format!("--datadir={}", dir.join("data").display())));
        let mut db = Mariadb {
            dir: dir.to_owned(),
            child: None,
        };
        db.start();
        db
    }

    fn start(&mut self) {
        let child = Command::new("mariadbd")
            .args(["--no-defaults", "--user=mysql", "--skip-networking"])
            .arg(format!("--datadir={}", self.dir.join("data").display()))
            .arg(format!("--socket={}", self.socket().display()))
            .arg(format!(
                "--pid-file={}",
                self.dir.join("mysqld.pid").display()
            ))
            .arg(format!(
                "--log-error={}",
                self.dir.join("mysqld.err").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mariadbd starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(60);
        while !self.sql("SELECT 1").status.success() {
            assert!(
                Instant::now() < deadline,
                "mariadbd did not start: {}",
                std::fs::read_to_string(self.dir.join("mysqld.err")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    fn sql(&self, sql: &str) -> std::process::Output {
        Command::new("mariadb")
            .arg(format!("--socket={}", self.socket().display()))
            .args(["-uroot", "-e", sql])
            .output()
            .unwrap()
    }
}

impl Drop for Mariadb {
    fn drop(&mut self) {
        self.kill();
    }
}

fn run(command: &mut Command) {
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{command:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// `(socket, database)` of a `mysql://…@localhost/DATABASE?socket=PATH` address.
fn socket_and_database(url: &str) -> (String, String) {
    let (path, query) = url.rsplit_once('?').expect("a socket address");
    let database = path.rsplit_once('/').unwrap().1.to_owned();
    let socket = query
        .split('&')
        .find_map(|p| p.strip_prefix("socket="))
        .expect("?socket=")
        .to_owned();
    (socket, database)
}

#[derive(Default)]
struct Seen {
    ok: u64,
    database_errors: u64,
    /// Statuses that are neither a success nor WordPress's answer without its database.
    other: Vec<String>,
    accepted: Vec<i64>,
}

#[test]
fn a_restarted_database_loses_nothing_and_the_server_recovers_on_its_own() {
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    // mariadbd runs as `mysql`, which must reach its folder inside this one.
    std::fs::set_permissions(
        work.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .unwrap();
    let mut db = Mariadb::install(&work.path().join("mariadb"));
    let (socket, source) = socket_and_database(&site.database);
    assert!(db
        .sql("CREATE DATABASE wp; CREATE USER 'wp'@'localhost' IDENTIFIED BY 'wp'; GRANT ALL ON wp.* TO 'wp'@'localhost';")
        .status
        .success());
    let dump = Command::new("mariadb-dump")
        .arg(format!("--socket={socket}"))
        .args(["-uroot", &source])
        .args([
            "wp_posts",
            "wp_postmeta",
            "wp_users",
            "wp_usermeta",
            "wp_options",
        ])
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let mut load = Command::new("mariadb")
        .arg(format!("--socket={}", db.socket().display()))
        .args(["-uroot", "wp"])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(load.stdin.as_mut().unwrap(), &dump.stdout).unwrap();
    drop(load.stdin.take());
    assert!(load.wait().unwrap().success());

    // Posts after this one are the test's.
    let highest = db.sql("SELECT MAX(ID) FROM wp.wp_posts");
    let first_id: i64 = String::from_utf8_lossy(&highest.stdout)
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0);
    let uploads = work.path().join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let database = format!(
        "mysql://wp:wp@localhost/wp?socket={}",
        db.socket().display()
    );
    let ours = spawn_with(
        |_| {
            vec![
                "--database".into(),
                database.clone(),
                "--uploads".into(),
                uploads.to_str().unwrap().into(),
                "--site-url".into(),
                site.base.clone(),
            ]
        },
        "",
    );

    // Four clients: two list and read, two upload, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let clients: Vec<_> = (0..4)
        .map(|n| {
            let (stop, seen) = (Arc::clone(&stop), Arc::clone(&seen));
            let (base, auth) = (ours.base.clone(), site.auth.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let result = if n < 2 {
                        ureq::get(&format!("{base}/wp-json/wp/v2/media?per_page=5"))
                            .set("Authorization", &auth)
                            .call()
                    } else {
                        ureq::post(&format!("{base}/wp-json/wp/v2/media"))
                            .set("Authorization", &auth)
                            .set("Content-Type", "image/png")
                            .set(
                                "Content-Disposition",
                                &format!("attachment; filename=\"restart-{n}-{i}.png\""),
                            )
                            .send_bytes(&sample("blue.png"))
                    };
                    let mut seen = seen.lock().unwrap();
                    match result {
                        Ok(r) => {
                            seen.ok += 1;
                            if r.status() == 201 {
                                let body: serde_json::Value = r.into_json().unwrap();
                                seen.accepted.push(body["id"].as_i64().unwrap());
                            }
                        }
                        Err(ureq::Error::Status(500, r)) => {
                            let body = r.into_string().unwrap_or_default();
                            if body.contains("Error establishing a database connection") {
                                seen.database_errors += 1;
                            } else {
                                seen.other.push(format!("500 {body}"));
                            }
                        }
                        Err(e) => seen.other.push(e.to_string()),
                    }
                }
            })
        })
        .collect();

    let count = |seen: &Mutex<Seen>| {
        let seen = seen.lock().unwrap();
        (seen.ok, seen.database_errors)
    };
    std::thread::sleep(Duration::from_secs(2));
    let (before, _) = count(&seen);
    assert!(before > 0, "nothing was served before the restart");
    db.kill();
    std::thread::sleep(Duration::from_secs(2));
    let (_, down) = count(&seen);
    db.start();
    // Served again without a restart of the server: successes go on from here.
    let (back, _) = count(&seen);
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&seen).0 < back + 20 {
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let seen = seen.lock().unwrap();
    eprintln!(
        "{} answers served, {} answered as WordPress without its database, {} otherwise ({:?}), {} uploads accepted",
        seen.ok,
        seen.database_errors,
        seen.other.len(),
        seen.other.iter().map(|o| o.chars().take(80).collect::<String>()).collect::<Vec<_>>(),
        seen.accepted.len()
    );
    assert!(down > 0, "no request met the missing database");
    // The requests under way when the database went may fail as WordPress fails mid-request; the
    // first ones on each pooled connection are what shows the server it is gone.
    assert!(
        seen.other.len() <= 8,
        "{} answers were neither served nor WordPress's: {:?}",
        seen.other.len(),
        &seen.other[..seen.other.len().min(5)]
    );

    // Nothing accepted is lost, and nothing is half-written: every attachment made during the
    // test (accepted, or kept by a commit whose answer was lost) has all its files, and every file
    // is an attachment's.
    let mut made = Vec::new();
    for page in 1.. {
        let (status, items) = server::answer(
            ureq::get(&format!(
                "{}/wp-json/wp/v2/media?context=edit&per_page=100&page={page}&orderby=id&status=inherit,private",
                ours.base
            ))
            .set("Authorization", &site.auth)
            .call(),
        );
        // A last page that was full is followed by none.
        if status == 400 && items["code"] == "rest_post_invalid_page_number" {
            break;
        }
        assert_eq!(status, 200, "{items}");
        let items = items.as_array().unwrap().clone();
        let last = items.len() < 100;
        made.extend(
            items
                .into_iter()
                .filter(|item| item["id"].as_i64() > Some(first_id)),
        );
        if last {
            break;
        }
    }
    let ids: std::collections::BTreeSet<i64> =
        made.iter().filter_map(|item| item["id"].as_i64()).collect();
    let lost: Vec<_> = seen
        .accepted
        .iter()
        .filter(|id| !ids.contains(id))
        .collect();
    assert!(lost.is_empty(), "accepted uploads lost: {lost:?}");
    let owned = server::owned_files(&uploads, &made);
    let files = files_under(&uploads);
    let missing: Vec<_> = owned.difference(&files).collect();
    let stray: Vec<_> = files.difference(&owned).collect();
    assert!(
        missing.is_empty(),
        "attachments' files missing: {missing:?}"
    );
    assert!(stray.is_empty(), "files no attachment owns: {stray:?}");
}
