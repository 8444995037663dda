//! The PHP oracle the differential tests share: finding php and a WordPress tree, and asking a PHP
//! script for WordPress's answers, one JSON value per line each way. A dev-dependency only.
//!
//! The tests' scripts stay in each crate's `tests/php/`; this crate only runs them.

use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Debian's `wordpress` package, which `scripts/test.sh` installs or unpacks for CI.
const DEBIAN_ROOT: &str = "/usr/share/wordpress";

/// Whether `php` (from `PATH`) runs.
pub fn php_found() -> bool {
    Command::new("php")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The WordPress tree to ask (`WP_PHP_ROOT`, default Debian's `/usr/share/wordpress`), if php
/// runs and the tree holds `file` (relative to its root: the file the test's script loads).
pub fn wordpress_root(file: &str) -> Option<String> {
    let root = std::env::var("WP_PHP_ROOT").unwrap_or_else(|_| DEBIAN_ROOT.into());
    let tree_found = Path::new(&root).join(file).exists();
    (php_found() && tree_found).then_some(root)
}

/// What a test does without its oracle: under CI (`CI` set), where `scripts/test.sh` provides
/// php and a tree, it fails with `ci_needs`; elsewhere it says `skipped: {reason}` and the caller
/// returns, passing.
// The failure names the test's line, not this one.
#[track_caller]
pub fn skip(ci_needs: &str, reason: &str) {
    assert!(std::env::var_os("CI").is_none(), "{ci_needs}");
    eprintln!("skipped: {reason}");
}

/// Runs `php` with `args` (a script's path, or `-r` and code) and `env`, writes each input as one
/// line of JSON to its stdin and reads one JSON answer per line back: as many answers as inputs,
/// or the test fails. A failing php fails the test with its stderr.
// The failure names the test's line, not this one.
#[track_caller]
pub fn ask(args: &[&str], env: &[(&str, &str)], inputs: &[Value]) -> Vec<Value> {
    let mut child = Command::new("php")
        .args(args)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("php starts");
    let input: String = inputs.iter().map(|i| format!("{i}\n")).collect();
    let mut stdin = child.stdin.take().unwrap();
    // Written from another thread: php answers as it reads, and a pipe's buffer would fill both
    // ways if this thread wrote every case before reading any answer.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("php runs");
    let written = writer.join().unwrap();
    assert!(
        written.is_ok() && output.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    assert_eq!(answers.len(), inputs.len(), "one answer per case");
    answers
}

/// Every piece alone, then `count` deterministic strings of one to `longest` pieces (a linear
/// congruential generator from `seed`, so a failure is reproducible).
pub fn fragments(pieces: &[&str], count: usize, longest: usize, seed: u64) -> Vec<String> {
    let mut state = seed;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    let mut out: Vec<String> = pieces.iter().map(|p| p.to_string()).collect();
    for _ in 0..count {
        let length = 1 + next(longest);
        out.push((0..length).map(|_| pieces[next(pieces.len())]).collect());
    }
    out
}

/// Says how many of `answers` answers were WordPress's own, then fails unless all were, listing the
/// first `shown` of the `differences` (each one answer that differs, described).
#[track_caller]
pub fn assert_all_agree(what: &str, answers: usize, differences: &[String], shown: usize) {
    eprintln!(
        "{} of {answers} {what} identical to WordPress's",
        answers - differences.len()
    );
    assert!(
        differences.is_empty(),
        "{} differences, the first ones:\n{}",
        differences.len(),
        differences[..differences.len().min(shown)].join("\n")
    );
}
