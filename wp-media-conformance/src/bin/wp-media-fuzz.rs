//! The differential fuzzer's command line: README, "Differential fuzzing".

use clap::Parser;
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;
use wp_media_conformance::case::Corpus;
use wp_media_conformance::compare::RunClock;
use wp_media_conformance::fuzz::{read_findings, Fuzzer, Options, Shared};
use wp_media_conformance::generate::{corpus_files, Generator, Routes};
use wp_media_conformance::wordpress::WordPress;

/// Sends generated request sequences to a fresh WordPress 6.9.7 and a fresh wp-media-server in
/// lockstep, compares every answer, shrinks each new difference to a minimal sequence and writes
/// it out as a conformance sequence with WordPress's answers.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// The run's seed: the same seed makes the same sequences (as long as WordPress answers the same).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Stop after this many minutes (the sequence under way finishes first).
    #[arg(long, default_value_t = 10.0)]
    minutes: f64,
    /// Stop after this many requests to each side.
    #[arg(long, default_value_t = u64::MAX)]
    requests: u64,
    /// Stop after this many sequences.
    #[arg(long, default_value_t = u64::MAX)]
    sequences: u64,
    /// Run only this sequence of the seed (a finding's `sequence`).
    #[arg(long)]
    only: Option<u64>,
    /// The longest sequence, in requests.
    #[arg(long, default_value_t = 12)]
    max_steps: usize,
    /// How many fresh runs shrinking one difference may take.
    #[arg(long, default_value_t = 24)]
    shrink_runs: usize,
    /// Write findings here (and the pictures they upload into the suite's files/); with
    /// --no-write, only report them.
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long)]
    no_write: bool,
    /// start-wp.sh, which resets the WordPress before each sequence.
    #[arg(long, default_value = "../shared/wordpress/start-wp.sh")]
    start_script: PathBuf,
    /// The WordPress 6.9.7 tree (exported from johnpbloch/wordpress-core, tag 6.9.7).
    #[arg(long, default_value = "/tmp/wp69")]
    docroot: PathBuf,
    /// The WordPress instance's name (its database; it is dropped and made again).
    #[arg(long, default_value = "wp69")]
    name: String,
    #[arg(long, default_value_t = 8069)]
    port: u16,
    /// Route documents of WordPress 6.9.7.
    #[arg(long, default_value = "schemas/wp-6.9")]
    schemas: PathBuf,
    /// Serve WordPress's own database and uploads folder: each write goes to one side, and both
    /// must then list the site alike. Findings are reported, not written (a finding's replay
    /// needs a site of the server's own).
    #[arg(long)]
    shared: bool,
    /// WordPress's database, with --shared [default: the instance's, on start-wp.sh's socket].
    #[arg(long, value_name = "URL")]
    database: Option<String>,
    /// WordPress's uploads folder, with --shared [default: the instance's under /var/lib/wp-oracle].
    #[arg(long, value_name = "DIR")]
    uploads: Option<PathBuf>,
    /// Log every step of the generated sequences.
    #[arg(long, short)]
    verbose: bool,
    /// Write the run's summary (JSON) here as well.
    #[arg(long)]
    summary: Option<PathBuf>,
}

fn main() {
    let cli = Cli::parse();
    // The server's own errors (the cause of a 500) go into the log beside the differences.
    tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_writer(std::io::stderr)
        .init();
    if let Err(e) = run(cli) {
        eprintln!("wp-media-fuzz: {e}");
        std::process::exit(1);
    }
}

fn run(cli: Cli) -> Result<(), String> {
    if !cli.start_script.is_file() {
        return Err(format!(
            "no {} (give --start-script; run from the workspace root with ../shared beside it)",
            cli.start_script.display()
        ));
    }
    if !cli.docroot.join("wp-load.php").is_file() {
        return Err(format!(
            "no WordPress tree at {} (give --docroot; ../shared/wordpress/README.md says how to export 6.9.7)",
            cli.docroot.display()
        ));
    }
    if cli.minutes.is_nan() || cli.minutes <= 0.0 {
        return Err("--minutes must be positive".into());
    }
    if cli.max_steps == 0 {
        return Err("--max-steps must be at least 1".into());
    }
    let dir = wp_media_conformance::conformance_dir();
    let out = match (cli.no_write || cli.shared, cli.out) {
        (true, _) => None,
        (false, Some(out)) => Some(out),
        (false, None) => Some(dir.join("sequences")),
    };
    let routes = Routes::read(&cli.schemas)?;
    let files_dir = dir.join("files");
    let generator = Generator {
        routes: &routes,
        files: corpus_files(&files_dir)?,
    };
    let shared = cli.shared.then(|| Shared {
        database: cli.database.clone().unwrap_or_else(|| {
            format!(
                "mysql://wp:wp@localhost/{}?socket=/var/lib/wp-oracle/run/mysqld.sock",
                cli.name
            )
        }),
        uploads: cli.uploads.clone().unwrap_or_else(|| {
            PathBuf::from(format!(
                "/var/lib/wp-oracle/{}/wp-content/uploads",
                cli.name
            ))
        }),
    });
    let wordpress = WordPress {
        script: cli.start_script,
        name: cli.name,
        port: cli.port,
        docroot: cli.docroot,
    };
    let seen = match &out {
        Some(out) => read_findings(out)?
            .into_iter()
            .map(|f| f.current_signature())
            .collect(),
        None => Default::default(),
    };
    let mut fuzzer = Fuzzer {
        wordpress: &wordpress,
        shared,
        generator,
        corpus: Corpus::new(&files_dir),
        clock: RunClock::start(),
        seen,
        verbose: cli.verbose,
    };
    let options = Options {
        seed: cli.seed,
        duration: Duration::from_secs_f64(cli.minutes * 60.0),
        requests: cli.requests,
        sequences: cli.sequences,
        only: cli.only,
        max_steps: cli.max_steps,
        shrink_runs: cli.shrink_runs,
        out,
    };
    let started = chrono::Utc::now();
    let mut log = |line: &str| {
        let at = chrono::Utc::now().format("%H:%M:%S");
        let _ = writeln!(std::io::stderr(), "[{at}] {line}");
    };
    log(&format!(
        "seed {} for {} minutes against {} ({} corpus files)",
        cli.seed,
        cli.minutes,
        wordpress.docroot.display(),
        fuzzer.generator.files.len()
    ));
    let summary = fuzzer.run(&options, &mut log)?;
    let text = serde_json::to_string_pretty(&summary).expect("a summary is JSON");
    println!("{text}");
    if let Some(path) = cli.summary {
        std::fs::write(&path, text + "\n").map_err(|e| format!("{}: {e}", path.display()))?;
    }
    log(&format!(
        "done: {} sequences, {} requests in {} s since {started}; {} differing, {} distinct, {} written",
        summary.sequences,
        summary.requests,
        summary.seconds,
        summary.differing,
        summary.found.len(),
        summary.written.len()
    ));
    Ok(())
}
