//! `wp-schema check`: whether the types generated from route documents read a site's real
//! responses and write them back as WordPress sent them, and the overlay rules that would make
//! them.

mod findings;
mod overlay;
mod record;
mod write;

use crate::site::{Login, Site};
use findings::Findings;
use std::path::PathBuf;
use std::process::ExitCode;
use wp_schema_codegen::recording::Recording;
use wp_schema_codegen::{DocumentSource, Model};

/// Check that the types generated from DOC.json read a site's responses and write them back as
/// they came.
///
/// The responses come from a recording (--responses DIR, as --save writes it), or from the live
/// site (--live BASE_URL): every GET route of its index, in every context its `context` argument
/// allows, reached directly, through the answers' links, and through the items of collections.
///
/// Each place that does not hold is reported with the route, the context, the JSON pointer, what
/// WordPress sent, what the schema says, and the overlay rule that would make it hold;
/// --write-overlay adds those rules to an overlay document.
///
/// Without --user, the site is recorded as a visitor sees it.
///
/// Exits 0 when every item holds, 1 when some place does not, 2 when the documents cannot be
/// used, the site cannot be reached, refuses the login, answers otherwise than WordPress or cuts
/// an answer off, or a file cannot be read or written.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Route documents and overlays (or folders of them, as `pull` writes), as for `generate`.
    #[arg(value_name = "DOC.json", required = true)]
    documents: Vec<PathBuf>,
    /// A recording to check: a folder with manifest.json, as --save writes it.
    #[arg(
        long,
        value_name = "DIR",
        required_unless_present = "live",
        conflicts_with = "live"
    )]
    responses: Option<PathBuf>,
    /// Record the site at BASE_URL now (e.g. https://example.com) and check what it answers.
    #[arg(long, value_name = "BASE_URL")]
    live: Option<String>,
    #[command(flatten)]
    login: Login,
    /// With --user, also record what a visitor sees (view and embed, without the login).
    #[arg(long, requires = "user")]
    visitor: bool,
    /// Keep the live recording in DIR (a new or empty folder, or an earlier recording, which is
    /// replaced).
    #[arg(long, value_name = "DIR", requires = "live")]
    save: Option<PathBuf>,
    /// At most N addresses per route with path variables, and per list's queries.
    #[arg(long, value_name = "N", default_value_t = 20, requires = "live")]
    per_route: usize,
    /// Only the routes of this namespace (e.g. wp/v2); repeat for several.
    #[arg(long = "namespace", value_name = "NS", requires = "live")]
    namespaces: Vec<String>,
    /// Add the rules that make each place hold to FILE, an overlay document (created if
    /// missing); each gets a `why` naming the response that needs it.
    #[arg(long, value_name = "FILE")]
    write_overlay: Option<PathBuf>,
    /// The report as text (default) or as JSON.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Json,
}

pub fn run(args: &Args) -> ExitCode {
    match check(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// Whether every item holds.
fn check(args: &Args) -> Result<bool, String> {
    if args.login.user.is_some() && args.live.is_none() {
        return Err("--user and --password are for --live: a recording needs no login".into());
    }
    let sources: Vec<DocumentSource> = args
        .documents
        .iter()
        .map(|path| DocumentSource::new(path, path.display().to_string()))
        .collect();
    let model = wp_schema_codegen::model(&sources).map_err(|failure| {
        let errors: Vec<String> = failure.errors.iter().map(ToString::to_string).collect();
        format!("the documents cannot be used:\n  {}", errors.join("\n  "))
    })?;
    let recording = match (&args.responses, &args.live) {
        (Some(dir), _) => Recording::read(dir)?,
        (None, Some(base)) => record_live(args, base, &model)?,
        (None, None) => unreachable!("clap requires --responses or --live"),
    };
    let findings = Findings::of(&model, &recording);
    match args.format {
        Format::Text => print!("{}", findings.text()),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&findings.json()).expect("JSON values serialize")
        ),
    }
    if let Some(file) = &args.write_overlay {
        let added = overlay::write(file, &findings, &recording)?;
        eprintln!("{}: {added} rules added", file.display());
    }
    Ok(findings.holds())
}

fn record_live(args: &Args, base: &str, model: &Model) -> Result<Recording, String> {
    let mut site = Site::new(base, args.login.credentials())?;
    let options = record::Options {
        user: args.login.user.clone(),
        visitor: args.visitor,
        per_route: args.per_route,
        namespaces: args.namespaces.clone(),
    };
    let started = std::time::Instant::now();
    // A route the documents describe without an item type is asked too: its answers are not
    // checked, but whether they are collections goes into the overlay for the client.
    let described = |route: &str| model.has_route(route);
    let (recording, skipped) = record::record(&mut site, &options, &described)?;
    eprintln!(
        "recorded {} answers in {:.1} s",
        recording.responses.len(),
        started.elapsed().as_secs_f64()
    );
    for (route, arguments) in &skipped.needs_arguments {
        eprintln!("not asked: {route} (needs {})", arguments.join(", "));
    }
    if !skipped.undescribed.is_empty() {
        eprintln!(
            "not asked: {} GET routes the documents do not describe ({})",
            skipped.undescribed.len(),
            skipped.undescribed.join(", ")
        );
    }
    for route in &skipped.unreached {
        eprintln!("not reached: {route} (no link or collection led to it)");
    }
    for url in &skipped.not_json {
        eprintln!("not JSON: {url} (not checked)");
    }
    for (status, count) in &skipped.errors {
        eprintln!("{count} answers were errors with status {status} (not checked)");
    }
    if let Some(dir) = &args.save {
        write::write(&recording, dir)?;
        eprintln!("{}: recording written", dir.display());
    }
    Ok(recording)
}
