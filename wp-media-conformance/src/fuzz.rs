//! The differential fuzzer: generated sequences sent step by step to a fresh WordPress 6.9.7 and a
//! fresh server, the answers compared; a sequence whose answers differ is shrunk to a minimal
//! one and written out as a conformance sequence with WordPress's answers.
//!
//! With [`Shared`], the server serves WordPress's own database and uploads folder instead: each
//! write goes to one side, chosen from the step, and after it both sides must list every
//! attachment alike; reads go to both and are compared as before.

use crate::case::{Case, Corpus};
use crate::compare::{differences, mask, reordered_within_ties, same, RunClock};
use crate::generate::{Generator, State};
use crate::target::{send, Local, Target};
use crate::wordpress::WordPress;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A sequence written out: replayed by the conformance test on a fresh server, each step's answer
/// compared with WordPress's.
#[derive(Serialize, Deserialize)]
pub struct Finding {
    pub name: String,
    /// The run that found it: `--seed` and the sequence's index (`--only`).
    pub seed: u64,
    pub sequence: u64,
    /// What differed when it was found, for the reader; the test compares the answers.
    pub difference: Vec<String>,
    /// What it is deduplicated by: the last step's method and route, and the differing pointers.
    pub signature: String,
    pub steps: Vec<Step>,
}

impl Finding {
    /// The signature this version of the fuzzer gives the finding (the one written may come from
    /// an earlier rule).
    pub fn current_signature(&self) -> String {
        self.steps.last().map_or_else(
            || self.signature.clone(),
            |step| signature(&step.case, &self.difference),
        )
    }
}

#[derive(Serialize, Deserialize)]
pub struct Step {
    pub case: Case,
    /// WordPress 6.9.7's answer, masked ([`mask`]).
    pub answer: Value,
}

pub struct Options {
    pub seed: u64,
    /// Stop after this long (the sequence under way ends first)…
    pub duration: Duration,
    /// …or after this many requests to each side, or this many sequences.
    pub requests: u64,
    pub sequences: u64,
    /// Run only this sequence of the seed (to replay a finding's origin).
    pub only: Option<u64>,
    pub max_steps: usize,
    /// How many shrinking runs a finding may take.
    pub shrink_runs: usize,
    /// Where findings are written (`conformance/sequences`); none: reported only.
    pub out: Option<PathBuf>,
}

#[derive(Default, Serialize)]
pub struct Summary {
    pub seed: u64,
    pub sequences: u64,
    pub requests: u64,
    /// Sequences whose answers differed.
    pub differing: u64,
    /// Distinct differences (by signature) found, and written out.
    pub found: Vec<String>,
    pub written: Vec<String>,
    /// Lists whose items came in another order only among items that tie on the sort key.
    pub reordered: u64,
    pub seconds: u64,
}

/// How one step's two answers compare.
enum Verdict {
    Same,
    /// The same items; the order differs only among ties (MariaDB's order for them is not fixed).
    Reordered,
    Differs(Vec<String>),
}

/// A sequence's run: WordPress's masked answers, and the first step that differed.
#[derive(Default)]
struct Run {
    answers: Vec<Value>,
    reordered: u64,
    difference: Option<(usize, Vec<String>)>,
}

/// The database and uploads folder of the live WordPress, which the server then serves too.
pub struct Shared {
    /// As `--database` takes it.
    pub database: String,
    pub uploads: PathBuf,
}

pub struct Fuzzer<'a> {
    pub wordpress: &'a WordPress,
    /// Serve WordPress's own site rather than a site of the server's own.
    pub shared: Option<Shared>,
    pub generator: Generator<'a>,
    pub corpus: Corpus,
    pub clock: RunClock,
    /// Signatures already written out (read from `out`) or found in this run.
    pub seen: BTreeSet<String>,
    /// Log every step of the generated sequences.
    pub verbose: bool,
}

fn sequence_rng(seed: u64, index: u64) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(index);
    rng
}

impl Fuzzer<'_> {
    pub fn run(&mut self, options: &Options, log: &mut dyn FnMut(&str)) -> Result<Summary, String> {
        let started = Instant::now();
        let mut summary = Summary {
            seed: options.seed,
            ..Summary::default()
        };
        let indices: Box<dyn Iterator<Item = u64>> = match options.only {
            Some(index) => Box::new(std::iter::once(index)),
            None => Box::new(0..),
        };
        for index in indices {
            if started.elapsed() >= options.duration
                || summary.requests >= options.requests
                || summary.sequences >= options.sequences
            {
                break;
            }
            let mut rng = sequence_rng(options.seed, index);
            let length = rng.gen_range(1..=options.max_steps);
            let (cases, run) = self.generate_and_run(&mut rng, length, log)?;
            summary.sequences += 1;
            summary.requests += cases.len() as u64;
            summary.reordered += run.reordered;
            let Some((at, diff)) = run.difference else {
                log(&format!(
                    "sequence {index}: {} steps, identical ({} requests so far)",
                    cases.len(),
                    summary.requests
                ));
                continue;
            };
            summary.differing += 1;
            let signature = signature(&cases[at], &diff);
            log(&format!(
                "sequence {index}: step {at} ({} {}) differs:\n    {}",
                cases[at].method,
                cases[at].path,
                diff.iter()
                    .take(8)
                    .cloned()
                    .collect::<Vec<_>>()
                    .join("\n    ")
            ));
            if !self.seen.insert(signature.clone()) {
                log(&format!("  already seen: {signature}"));
                continue;
            }
            summary.found.push(signature.clone());
            let minimal = self.shrink(cases[..=at].to_vec(), options.shrink_runs, log)?;
            let confirmed = self.replay(&minimal)?;
            let Some((last, diff)) = confirmed.difference else {
                log("  the shrunk sequence no longer differs: flaky, not written");
                continue;
            };
            let steps: Vec<Step> = minimal[..=last]
                .iter()
                .cloned()
                .zip(confirmed.answers)
                .map(|(case, answer)| Step { case, answer })
                .collect();
            // Shrinking can leave a difference already written under another signature (a
            // repeat of a known cause): it is not written again.
            let shrunk = self::signature(&steps[last].case, &diff);
            if shrunk != signature && !self.seen.insert(shrunk.clone()) {
                log(&format!("  shrunk to one already seen: {shrunk}"));
                continue;
            }
            let finding = Finding {
                name: format!("fuzz-{}-{index}", options.seed),
                seed: options.seed,
                sequence: index,
                signature: shrunk,
                difference: diff,
                steps,
            };
            log(&format!(
                "  shrunk to {} steps: {}",
                finding.steps.len(),
                finding.signature
            ));
            if let Some(dir) = &options.out {
                let cases: Vec<Case> = finding.steps.iter().map(|s| s.case.clone()).collect();
                self.corpus
                    .persist(&cases)
                    .map_err(|e| format!("writing the corpus: {e}"))?;
                write_finding(dir, &finding)?;
                summary.written.push(finding.name.clone());
            }
        }
        summary.seconds = started.elapsed().as_secs();
        Ok(summary)
    }

    /// Makes a sequence step by step, each step from what WordPress answered before, sending each
    /// to both sides; stops at the first difference.
    fn generate_and_run(
        &mut self,
        rng: &mut ChaCha8Rng,
        length: usize,
        log: &mut dyn FnMut(&str),
    ) -> Result<(Vec<Case>, Run), String> {
        self.corpus.clear_made();
        let (wordpress, local) = self.fresh_pair()?;
        let mut state = State::default();
        let mut cases = Vec::new();
        let mut run = Run::default();
        for n in 0..length {
            let case = self.generator.step(rng, &state, &mut self.corpus, n);
            let verdict = self.step(&wordpress, &local.target, &case, &mut run)?;
            let answer = run.answers.last().expect("an answer");
            if self.verbose {
                log(&format!(
                    "  {} {} {} as {}: {}",
                    case.name, case.method, case.path, case.auth, answer["status"]
                ));
            }
            state.observe(&case, answer);
            cases.push(case);
            if let Verdict::Differs(diff) = verdict {
                run.difference = Some((n, diff));
                break;
            }
        }
        Ok((cases, run))
    }

    /// Sends fixed cases to a fresh pair; stops at the first difference.
    fn replay(&mut self, cases: &[Case]) -> Result<Run, String> {
        let (wordpress, local) = self.fresh_pair()?;
        let mut run = Run::default();
        for (n, case) in cases.iter().enumerate() {
            if let Verdict::Differs(diff) = self.step(&wordpress, &local.target, case, &mut run)? {
                run.difference = Some((n, diff));
                break;
            }
        }
        Ok(run)
    }

    fn fresh_pair(&self) -> Result<(Target, Local), String> {
        let wordpress = self.wordpress.reset()?;
        let local = match &self.shared {
            Some(shared) => Local::on_database(&wordpress, &shared.database, &shared.uploads)?,
            None => Local::start()?,
        };
        Ok((wordpress, local))
    }

    fn step(
        &self,
        wordpress: &Target,
        local: &Target,
        case: &Case,
        run: &mut Run,
    ) -> Result<Verdict, String> {
        if self.shared.is_some() && !matches!(case.method.as_str(), "GET" | "HEAD" | "OPTIONS") {
            return self.shared_write(wordpress, local, case, run);
        }
        let expected = self.masked(wordpress, case)?;
        let got = self.masked(local, case)?;
        let verdict = compare(case, &expected, &got);
        if let Verdict::Reordered = verdict {
            run.reordered += 1;
        }
        run.answers.push(expected);
        Ok(verdict)
    }

    /// `case` sent to `target`, its answer masked.
    fn masked(&self, target: &Target, case: &Case) -> Result<Value, String> {
        Ok(mask(
            target,
            &send(target, case, &self.corpus)?,
            &self.clock,
        ))
    }

    /// A write sent to one side of a shared site, then the site as both sides list it to the
    /// admin: every attachment, in every status, in the edit context.
    fn shared_write(
        &self,
        wordpress: &Target,
        local: &Target,
        case: &Case,
        run: &mut Run,
    ) -> Result<Verdict, String> {
        let (writer, name) = if to_the_server(case) {
            (local, "the server")
        } else {
            (wordpress, "WordPress")
        };
        run.answers.push(self.masked(writer, case)?);
        let listing = Case {
            name: format!("{}-listed", case.name),
            method: "GET".to_owned(),
            path: "/wp-json/wp/v2/media?context=edit&per_page=100&orderby=id&order=asc&status=inherit,private".to_owned(),
            auth: "admin".to_owned(),
            headers: Default::default(),
            body: None,
        };
        let expected = self.masked(wordpress, &listing)?;
        let got = self.masked(local, &listing)?;
        Ok(match compare(&listing, &expected, &got) {
            Verdict::Differs(diff) => Verdict::Differs(
                std::iter::once(format!("after {name} wrote, the listing differs:"))
                    .chain(diff)
                    .collect(),
            ),
            same => same,
        })
    }

    /// Drops steps one at a time while the sequence still differs somewhere (a sequence that
    /// differs earlier is cut there), then parameters of the last step's URL the same way.
    fn shrink(
        &mut self,
        mut cases: Vec<Case>,
        mut runs: usize,
        log: &mut dyn FnMut(&str),
    ) -> Result<Vec<Case>, String> {
        let mut i = 0;
        while i + 1 < cases.len() && runs > 0 {
            let mut candidate = cases.clone();
            candidate.remove(i);
            runs -= 1;
            match self.replay(&candidate)?.difference {
                Some((at, _)) => {
                    candidate.truncate(at + 1);
                    cases = candidate;
                    log(&format!("  shrinking: {} steps", cases.len()));
                }
                None => i += 1,
            }
        }
        let mut dropped = 0;
        while runs > 0 {
            let last = cases.last().expect("a step");
            let Some((path, query)) = last.path.split_once('?') else {
                break;
            };
            let params: Vec<&str> = query.split('&').collect();
            if dropped >= params.len() {
                break;
            }
            // rest_route names the route: never dropped.
            if params[dropped].starts_with("rest_route=") {
                dropped += 1;
                continue;
            }
            let kept: Vec<&str> = params
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != dropped)
                .map(|(_, p)| *p)
                .collect();
            let mut candidate = cases.clone();
            let shorter = if kept.is_empty() {
                path.to_owned()
            } else {
                format!("{path}?{}", kept.join("&"))
            };
            candidate.last_mut().expect("a step").path = shorter;
            runs -= 1;
            match self.replay(&candidate)?.difference {
                Some((at, _)) if at + 1 == candidate.len() => cases = candidate,
                _ => dropped += 1,
            }
        }
        Ok(cases)
    }
}

/// Which side of a shared site a write goes to: half of them to each, the same for a step
/// however often it is replayed (FNV-1a of the request).
fn to_the_server(case: &Case) -> bool {
    let text = format!("{} {} {}", case.name, case.method, case.path);
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash & 1 == 1
}

/// Compares two masked answers to `case`: a list may differ in the order of items that tie on
/// what it is sorted by.
fn compare(case: &Case, expected: &Value, got: &Value) -> Verdict {
    if same(expected, got) {
        return Verdict::Same;
    }
    if let Some(key) = sort_key(&case.path) {
        if expected["body"].is_array() && reordered_within_ties(expected, got, key) != Some(false) {
            return Verdict::Reordered;
        }
    }
    let mut diff = Vec::new();
    differences("", expected, got, &mut diff);
    Verdict::Differs(diff)
}

/// The item field a list request is sorted by, where ties can come back in any order: none for
/// `include` and `include_slugs`, whose order is the request's.
fn sort_key(path: &str) -> Option<&'static str> {
    let query = path.split_once('?')?.1;
    let orderby = query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == "orderby")
        .map_or("date", |(_, value)| value);
    Some(match orderby {
        "id" => "/id",
        "title" => "/title/rendered",
        "slug" => "/slug",
        "modified" => "/modified",
        "author" => "/author",
        "parent" => "/post",
        "include" | "include_slugs" => return None,
        // date, relevance (its ties fall back to the date), and invalid values (an error, not
        // a list)
        _ => "/date",
    })
}

/// What a difference is known by: the method, the route with ids and query left out, and the
/// first differing place with list indices left out (one cause shows in many places, and which
/// places varies with the request: a file name in every size of an image).
fn signature(case: &Case, diff: &[String]) -> String {
    // The REST route, whichever URL form carried it: `/wp-json/…` or `?rest_route=…`.
    let path = case.path.split('?').next().unwrap_or_default();
    let rest_route = case
        .path
        .split(['?', '&'])
        .find_map(|p| p.strip_prefix("rest_route="));
    let route = rest_route
        .unwrap_or_else(|| path.strip_prefix("/wp-json").unwrap_or(path))
        .split('/')
        .map(|part| match part.parse::<i64>() {
            Ok(_) => "N",
            Err(_) => part,
        })
        .collect::<Vec<_>>()
        .join("/");
    let places: Vec<String> = diff
        .iter()
        .take(1)
        .map(|d| {
            let place = d
                .split(':')
                .next()
                .unwrap_or_default()
                .split('/')
                .map(|p| if p.parse::<i64>().is_ok() { "N" } else { p })
                .collect::<Vec<_>>()
                .join("/");
            // Statuses name the difference better than where it shows (201 against 400 and
            // 201 against 500 are two).
            match place.as_str() {
                "/status" => d.clone(),
                _ => place,
            }
        })
        .collect();
    // PUT and PATCH are POST's update by other names.
    let method = match case.method.as_str() {
        "PUT" | "PATCH" => "POST",
        method => method,
    };
    format!("{method} {route} {}", places.join(" "))
}

fn write_finding(dir: &std::path::Path, finding: &Finding) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{}.json", finding.name));
    let tmp = dir.join(format!(".{}.json.tmp", finding.name));
    let text = serde_json::to_string_pretty(finding).expect("a finding is JSON") + "\n";
    std::fs::write(&tmp, text).map_err(|e| format!("{}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The findings written before, in name order.
pub fn read_findings(dir: &std::path::Path) -> Result<Vec<Finding>, String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|p| crate::case::read_json(p)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(method: &str, path: &str) -> Case {
        Case {
            name: "x".into(),
            method: method.into(),
            path: path.into(),
            auth: "admin".into(),
            headers: Default::default(),
            body: None,
        }
    }

    #[test]
    fn a_signature_leaves_out_ids_and_indices() {
        let a = signature(
            &case("GET", "/wp-json/wp/v2/media/12?context=edit"),
            &["/body/3/title: expected 1 got 2".into()],
        );
        let b = signature(
            &case("GET", "/wp-json/wp/v2/media/5"),
            &["/body/0/title: expected 3 got 4".into()],
        );
        assert_eq!(a, b);
        assert_eq!(a, "GET /wp/v2/media/N /body/N/title");
        let c = signature(
            &case("GET", "/?rest_route=/wp/v2/media/7&page=2"),
            &["/status: expected 200 got 400".into()],
        );
        assert_eq!(c, "GET /wp/v2/media/N /status: expected 200 got 400");
        // Either URL form names the same route.
        let d = signature(
            &case("GET", "/wp-json/wp/v2/media/3"),
            &["/status: expected 200 got 400".into()],
        );
        assert_eq!(c, d);
    }

    #[test]
    fn lists_may_differ_only_in_the_order_of_ties() {
        let item =
            |id: i64, title: &str| serde_json::json!({"id": id, "title": {"rendered": title}});
        let answer = |items: Vec<Value>| serde_json::json!({"status": 200, "body": items});
        let list = case("GET", "/wp-json/wp/v2/media?orderby=title");
        let wp = answer(vec![item(5, "a"), item(6, "a"), item(7, "b")]);
        let tie_swapped = answer(vec![item(6, "a"), item(5, "a"), item(7, "b")]);
        let misordered = answer(vec![item(7, "b"), item(5, "a"), item(6, "a")]);
        assert!(matches!(
            compare(&list, &wp, &tie_swapped),
            Verdict::Reordered
        ));
        assert!(matches!(
            compare(&list, &wp, &misordered),
            Verdict::Differs(_)
        ));
        let by_include = case("GET", "/wp-json/wp/v2/media?orderby=include&include=5,6,7");
        assert!(matches!(
            compare(&by_include, &wp, &tie_swapped),
            Verdict::Differs(_)
        ));
    }
}
