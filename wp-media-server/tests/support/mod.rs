//! What the differential tests share: generated inputs and the PHP oracles they ask.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

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

/// Runs `tests/php/<script>` with `env`, one JSON string per line in, one JSON answer per line
/// out.
pub fn ask_php(script: &str, env: &[(&str, &str)], texts: &[String]) -> Vec<Value> {
    let path = format!("{}/tests/php/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("php")
        .arg(path)
        .envs(env.iter().copied())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("php starts");
    let input: String = texts
        .iter()
        .map(|t| format!("{}\n", Value::String(t.clone())))
        .collect();
    let mut stdin = child.stdin.take().unwrap();
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
    assert_eq!(answers.len(), texts.len(), "one answer per case");
    answers
}
