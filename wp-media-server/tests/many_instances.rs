//! Several server processes on one WordPress database behind nginx: a write through any of them,
//! or through WordPress itself, shows in the next read from every one, and writes that race
//! through different processes are all kept, each under a name of its own.
//!
//! Needs the live WordPress on MariaDB of `server::SharedSite` and nginx (Debian's package; scripts/test.sh installs it).

mod server;

use serde_json::{json, Value};
use server::{answer, files_under, sample, SharedSite, TestServer};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How many server processes stand behind the balancer.
const INSTANCES: usize = 3;

/// nginx on a free port, balancing round-robin over `upstreams`; stopped when dropped.
struct Balancer {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn nginx() -> Option<PathBuf> {
    ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
}

fn balance(nginx: &Path, upstreams: &[&TestServer]) -> Balancer {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let servers: String = upstreams
        .iter()
        .map(|s| format!("        server 127.0.0.1:{};\n", s.port))
        .collect();
    let temp = dir.path().display();
    let conf = format!(
        "error_log {temp}/error.log;
pid {temp}/nginx.pid;
worker_processes 1;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    client_max_body_size 64m;
    upstream media {{
{servers}    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://media;
            proxy_set_header Host $http_host;
            proxy_http_version 1.1;
            proxy_set_header Connection \"\";
        }}
    }}
}}
"
    );
    std::fs::write(dir.path().join("nginx.conf"), conf).unwrap();
    let child = Command::new(nginx)
        .args([
            "-p",
            &temp.to_string(),
            "-c",
            "nginx.conf",
            "-g",
            "daemon off;",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nginx starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(20);
    while ureq::get(&format!("{base}/wp-json/")).call().is_err() {
        assert!(
            Instant::now() < deadline,
            "nginx did not come up: {}",
            std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Balancer {
        child,
        base,
        _dir: dir,
    }
}

fn get(base: &str, auth: &str, route: &str) -> (u16, Value) {
    answer(
        ureq::get(&format!("{base}/wp-json/wp/v2{route}"))
            .set("Authorization", auth)
            .call(),
    )
}

fn upload(base: &str, auth: &str, name: &str, bytes: &[u8]) -> (u16, Value) {
    answer(
        ureq::post(&format!("{base}/wp-json/wp/v2/media"))
            .set("Authorization", auth)
            .set("Content-Type", "image/png")
            .set(
                "Content-Disposition",
                &format!("attachment; filename=\"{name}\""),
            )
            .send_bytes(bytes),
    )
}

fn update(base: &str, auth: &str, id: i64, fields: Value) -> (u16, Value) {
    answer(
        ureq::post(&format!("{base}/wp-json/wp/v2/media/{id}"))
            .set("Authorization", auth)
            .send_json(fields),
    )
}

fn delete(base: &str, auth: &str, id: i64) -> u16 {
    answer(
        ureq::delete(&format!("{base}/wp-json/wp/v2/media/{id}?force=true"))
            .set("Authorization", auth)
            .call(),
    )
    .0
}

/// Deletes through WordPress whatever the test made, should it stop half-way.
struct Cleanup<'a> {
    base: &'a str,
    auth: &'a str,
    ids: Vec<i64>,
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        for &id in &self.ids {
            delete(self.base, self.auth, id);
        }
    }
}

#[test]
fn every_instance_reads_every_completed_write_and_racing_writes_are_all_kept() {
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let Some(nginx) = nginx() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs nginx (scripts/test.sh)"
        );
        eprintln!("SKIPPED: no nginx");
        return;
    };
    let instances: Vec<TestServer> = (0..INSTANCES).map(|_| site.serve()).collect();
    let balancer = balance(&nginx, &instances.iter().collect::<Vec<_>>());
    let auth = site.auth.as_str();
    let token = format!(
        "many{}x{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis()
    );
    let mut made = Cleanup {
        base: &site.base,
        auth,
        ids: Vec::new(),
    };
    let every_reader: Vec<String> = instances
        .iter()
        .map(|s| s.base.clone())
        .chain([balancer.base.clone(), site.base.clone()])
        .collect();

    // A write through the balancer, through each instance and through WordPress, each followed at
    // once by reads from every instance, the balancer and WordPress.
    let (status, created) = upload(
        &balancer.base,
        auth,
        &format!("{token}.png"),
        &sample("blue.png"),
    );
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().unwrap();
    made.ids.push(id);
    let writers: Vec<&str> = every_reader.iter().map(String::as_str).collect();
    for (round, writer) in writers.iter().enumerate() {
        let alt = format!("{token} round {round}");
        let (status, body) = update(writer, auth, id, json!({ "alt_text": alt }));
        assert_eq!(status, 200, "update through {writer}: {body}");
        for reader in &every_reader {
            // Through the balancer, each read may land on another instance.
            for _ in 0..INSTANCES {
                let (status, item) = get(reader, auth, &format!("/media/{id}?context=edit"));
                assert_eq!(status, 200, "{reader}: {item}");
                assert_eq!(
                    item["alt_text"], alt,
                    "{reader} after a write through {writer}"
                );
            }
        }
    }

    // Uploads of one file name at once through the balancer: every one kept, each with its own
    // slug and file, as one process would have made them one after another.
    let racers: Vec<_> = (0..6)
        .map(|_| {
            let base = balancer.base.clone();
            let auth = auth.to_owned();
            let name = format!("{token}-race.png");
            std::thread::spawn(move || upload(&base, &auth, &name, &sample("blue.png")))
        })
        .collect();
    let mut slugs = BTreeSet::new();
    let mut files = BTreeSet::new();
    for racer in racers {
        let (status, body) = racer.join().unwrap();
        assert_eq!(status, 201, "{body}");
        made.ids.push(body["id"].as_i64().unwrap());
        slugs.insert(body["slug"].as_str().unwrap().to_owned());
        files.insert(body["source_url"].as_str().unwrap().to_owned());
    }
    assert_eq!((slugs.len(), files.len()), (6, 6), "{slugs:?} {files:?}");
    let (status, listed) = get(
        &site.base,
        auth,
        &format!("/media?search={token}-race&per_page=100"),
    );
    assert_eq!(status, 200);
    assert_eq!(
        listed.as_array().unwrap().len(),
        6,
        "WordPress lists all six"
    );

    // Deletes through different instances; then nobody serves them and no file is left.
    let ids = std::mem::take(&mut made.ids);
    for (n, &id) in ids.iter().enumerate() {
        assert_eq!(delete(&instances[n % INSTANCES].base, auth, id), 200);
    }
    for reader in &every_reader {
        for &id in &ids {
            assert_eq!(
                get(reader, auth, &format!("/media/{id}")).0,
                404,
                "{reader}"
            );
        }
    }
    let left: Vec<PathBuf> = files_under(&site.uploads)
        .into_iter()
        .filter(|p| p.to_string_lossy().contains(&token))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
