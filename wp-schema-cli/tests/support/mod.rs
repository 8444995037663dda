//! A small HTTP server that answers as a WordPress site would (or as a site that is not WordPress
//! would), the `wp-schema` binary, the running WordPress of the live tests, and the assertions the
//! command's tests share.
#![allow(dead_code)] // Each test binary uses part of it.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};

/// A request as the server saw it.
#[derive(Clone, Debug)]
pub struct Seen {
    pub method: String,
    pub target: String,
    pub host: String,
    pub authorization: Option<String>,
}

/// An answer: status, content type, body.
pub type Reply = (u16, &'static str, String);

/// Serves `answer` on a loopback port until the test ends; returns its address and what it saw.
pub fn serve(answer: impl Fn(&Seen) -> Reply + Send + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(request) = read_request(&mut stream) else {
                continue;
            };
            log.lock().unwrap().push(request.clone());
            let (status, content_type, body) = answer(&request);
            let head = format!(
                "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
                 Connection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
        }
    });
    (address, seen)
}

fn read_request(stream: &mut std::net::TcpStream) -> Option<Seen> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut words = line.split_whitespace();
    let method = words.next()?.to_owned();
    let target = words.next()?.to_owned();
    let mut authorization = None;
    let mut host = String::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        match name.to_ascii_lowercase().as_str() {
            "authorization" => authorization = Some(value.trim().to_owned()),
            "host" => host = value.trim().to_owned(),
            "content-length" => length = value.trim().parse().ok()?,
            _ => {}
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Seen {
        method,
        target,
        host,
        authorization,
    })
}

pub fn json(body: serde_json::Value) -> Reply {
    (200, "application/json; charset=UTF-8", body.to_string())
}

/// Serves raw answers, head and body as given, so a test can send what no server should (a body
/// shorter than its `Content-Length`).
pub fn serve_raw(answer: impl Fn(&Seen) -> Vec<u8> + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let Some(request) = read_request(&mut stream) else {
                continue;
            };
            let _ = stream.write_all(&answer(&request));
        }
    });
    address
}

/// Runs `wp-schema ARGS`; returns the exit code and stderr.
pub fn wp_schema(args: &[&str]) -> (i32, String) {
    let (code, _, stderr) = wp_schema_output(args);
    (code, stderr)
}

/// Runs `wp-schema ARGS`; returns the exit code, stdout and stderr.
pub fn wp_schema_output(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .args(args)
        .env_remove("WP_SCHEMA_PASSWORD")
        .output()
        .expect("the binary runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Runs `wp-schema ARGS` and returns its whole output.
pub fn wp_schema_raw(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_wp-schema"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Fails showing `text` unless it contains `part`.
#[track_caller]
pub fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} is not in:\n{text}");
}

/// `KEY=value` lines of the env file `start-wp.sh` writes, quotes around values removed.
pub fn read_env(path: &str) -> HashMap<String, String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.trim_matches('\'').to_owned()))
        .collect()
}

/// The env file `WP_SCHEMA_LIVE_ENV` names and what it says; `None`, having said SKIPPED and
/// `without` (what the test cannot do), when no WordPress is running for the live tests.
pub fn live_env(without: &str) -> Option<(String, HashMap<String, String>)> {
    let Ok(env_file) = std::env::var("WP_SCHEMA_LIVE_ENV") else {
        eprintln!("SKIPPED: WP_SCHEMA_LIVE_ENV is not set ({without})");
        return None;
    };
    let env = read_env(&env_file);
    Some((env_file, env))
}

/// Runs `wp-schema pull --all` from the live site into `dir`, as its user; returns stderr.
pub fn pull_live_site(env: &HashMap<String, String>, dir: &str) -> String {
    let pull = wp_schema_raw(&[
        "pull",
        &env["BASE_URL"],
        "--all",
        "-o",
        dir,
        "--user",
        &env["USER"],
        "--password",
        &env["APP_PASSWORD"],
    ]);
    let stderr = String::from_utf8_lossy(&pull.stderr).into_owned();
    assert!(pull.status.success(), "{stderr}");
    stderr
}

/// Runs `wp-schema generate DOCS -o OUT`, which must succeed.
pub fn generate(docs: &str, out: &Path) {
    let generate = wp_schema_raw(&["generate", docs, "-o", out.to_str().unwrap()]);
    assert!(
        generate.status.success(),
        "{}",
        String::from_utf8_lossy(&generate.stderr)
    );
}
