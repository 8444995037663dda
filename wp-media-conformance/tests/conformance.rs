//! The conformance suite (`wp-media-server/conformance/`):
//! - `cases.json`: requests sent in order to one fresh server, each answer compared with the one a
//!   fresh WordPress 6.9.7 gave (`golden.json`);
//! - `sequences/`: what the differential fuzzer found (`wp-media-fuzz`), each sequence sent to a
//!   fresh server of its own and compared with WordPress's answers written beside its steps.
//!
//! `WP_BASE_URL=http://127.0.0.1:8069 WP_APP_PASSWORD=… cargo test -p wp-media-conformance --test
//! conformance` re-records `golden.json` from a live WordPress instead (start it with `--reset`:
//! ids and file names depend on earlier state). Sequences are recorded by the fuzzer.
//!
//! Cases in `unstable-order.json` may return their list's items in another order: rows that tie
//! on every sort key come back in the order MariaDB happens to read them. Cases and sequences in
//! `known-differences.json` differ for the reason given there.

use serde_json::{Map, Value};
use std::path::Path;
use wp_media_conformance::case::{read_json, Case, Corpus};
use wp_media_conformance::compare::{differences, mask, same, same_items_in_any_order, RunClock};
use wp_media_conformance::conformance_dir;
use wp_media_conformance::fuzz::read_findings;
use wp_media_conformance::target::{live, send, Local};

fn corpus() -> Corpus {
    // The server's errors (the cause of a 500) go with the test's output.
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_test_writer()
        .try_init();
    Corpus::new(&conformance_dir().join("files"))
}

#[test]
fn the_server_answers_as_wordpress_6_9_7_does() {
    let dir = conformance_dir();
    let cases: Vec<Case> = read_json(&dir.join("cases.json")).unwrap();
    let golden_path = dir.join("golden.json");
    let corpus = corpus();
    let run = RunClock::start();
    if let Ok(base) = std::env::var("WP_BASE_URL") {
        let password = std::env::var("WP_APP_PASSWORD").expect("WP_APP_PASSWORD");
        let target = live(&base, &password).unwrap();
        let mut golden = Map::new();
        for case in &cases {
            let answer = send(&target, case, &corpus).unwrap();
            golden.insert(case.name.clone(), mask(&target, &answer, &run));
        }
        std::fs::write(
            &golden_path,
            serde_json::to_string_pretty(&golden).unwrap() + "\n",
        )
        .unwrap();
        eprintln!("recorded {} cases from {}", cases.len(), target.base);
        return;
    }
    let golden: Map<String, Value> = read_json(&golden_path).unwrap();
    let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
    let known = listed("known-differences.json", &names);
    let unstable = listed("unstable-order.json", &names);
    let local = Local::start().unwrap();
    let mut identical = 0;
    let mut reordered = 0;
    let mut report = Vec::new();
    let mut actual = Map::new();
    for case in &cases {
        let name = case.name.as_str();
        let got = mask(
            &local.target,
            &send(&local.target, case, &corpus).unwrap(),
            &run,
        );
        let expected = golden
            .get(name)
            .unwrap_or_else(|| panic!("no golden answer for {name}"));
        if same(expected, &got) {
            identical += 1;
            if known.contains_key(name) {
                report.push(format!(
                    "{name}: listed as a known difference but now identical; remove it from the list"
                ));
            }
        } else if unstable.contains_key(name) && same_items_in_any_order(expected, &got) {
            reordered += 1;
        } else if !known.contains_key(name) {
            let mut diffs = Vec::new();
            differences("", expected, &got, &mut diffs);
            report.push(format!("{name}:\n    {}", diffs.join("\n    ")));
        }
        actual.insert(name.to_owned(), got);
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-actual.json");
    std::fs::write(&out, serde_json::to_string_pretty(&actual).unwrap()).unwrap();
    eprintln!(
        "{identical}/{} cases identical to WordPress 6.9.7, {reordered} with the same items in another order where MariaDB's is not stable ({} known differences; answers in {})",
        cases.len(),
        known.len(),
        out.display()
    );
    assert!(
        report.is_empty(),
        "{} cases differ:\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn the_fuzzers_sequences_answer_as_wordpress_6_9_7_did() {
    let findings = read_findings(&conformance_dir().join("sequences")).unwrap();
    let names: Vec<&str> = findings.iter().map(|f| f.name.as_str()).collect();
    let known = listed("known-differences.json", &names);
    let corpus = corpus();
    let run = RunClock::start();
    let mut report = Vec::new();
    let mut identical = 0;
    for finding in &findings {
        let local = Local::start().unwrap();
        let mut diffs = Vec::new();
        for (n, step) in finding.steps.iter().enumerate() {
            let got = mask(
                &local.target,
                &send(&local.target, &step.case, &corpus).unwrap(),
                &run,
            );
            let mut here = Vec::new();
            differences(
                &format!("step {n} ({})", step.case.name),
                &step.answer,
                &got,
                &mut here,
            );
            if !here.is_empty() {
                diffs = here;
                break;
            }
        }
        match (diffs.is_empty(), known.contains_key(&finding.name)) {
            (true, false) => identical += 1,
            (true, true) => report.push(format!(
                "{}: listed as a known difference but now identical; remove it from the list",
                finding.name
            )),
            (false, false) => {
                report.push(format!("{}:\n    {}", finding.name, diffs.join("\n    ")))
            }
            (false, true) => {}
        }
    }
    eprintln!(
        "{identical}/{} fuzzer sequences identical to WordPress 6.9.7 ({} known differences)",
        findings.len(),
        findings
            .iter()
            .filter(|f| known.contains_key(&f.name))
            .count()
    );
    assert!(
        report.is_empty(),
        "{} sequences differ:\n{}",
        report.len(),
        report.join("\n")
    );
}

/// The entries of a list (`known-differences.json`, `unstable-order.json`) that name one of
/// `names`. Every entry must name a case or a sequence, so that a renamed one is not silently
/// excused.
fn listed(file: &str, names: &[&str]) -> Map<String, Value> {
    let dir = conformance_dir();
    let listed: Map<String, Value> = read_json(&dir.join(file)).unwrap();
    let cases: Vec<Case> = read_json(&dir.join("cases.json")).unwrap();
    let sequences = read_findings(&dir.join("sequences")).unwrap();
    for name in listed.keys() {
        assert!(
            cases.iter().any(|c| &c.name == name) || sequences.iter().any(|s| &s.name == name),
            "{file} names {name}, which is no case or sequence"
        );
    }
    listed
        .into_iter()
        .filter(|(name, _)| names.contains(&name.as_str()))
        .collect()
}

// CI once ran the conformance cases across midnight: items made at 23:59:59 were compared after
// the date had changed.
#[test]
fn timestamps_of_a_run_across_midnight_are_masked() {
    let started = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .and_then(|d| d.and_hms_opt(23, 59, 58))
        .unwrap()
        .and_utc();
    let run = RunClock::started_at(started);
    assert!(run.made_during_run("2026-12-01T23:59:59"));
    assert!(run.made_during_run(&chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string()));
    assert!(!run.made_during_run("2024-01-02T03:04:05"));
    assert!(!run.made_during_run("2026-12-01T23:59:59Z"));
    assert!(!run.made_during_run("inherit"));
    assert_eq!(run.months()[0], "2026/12");
}
