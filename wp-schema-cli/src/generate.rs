//! `wp-schema generate`: the macro's output as formatted Rust, for a checked-in file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use wp_schema_codegen::{DocumentSource, Options, TextMode};

/// Write the Rust code the `routes!` macro generates for DOC.json files, formatted.
///
/// Documents are route documents (what OPTIONS answers), `?context=help` indexes, item schemas or
/// overlays; a folder stands for the .json files in it (what `wp-schema pull` writes). The
/// generated file holds the documents' text, so it stands alone: check it in, or write it from a
/// build script or an xtask.
///
/// Exits 0 when written, 1 when a document cannot be used (every problem is listed, with its file
/// and JSON pointer), 2 when the output cannot be written.
#[derive(clap::Args)]
pub struct Args {
    /// Route documents, indexes, schemas, overlays, or folders of them.
    #[arg(value_name = "DOC.json", required = true)]
    documents: Vec<PathBuf>,
    /// Write to FILE instead of stdout; FILE is replaced whole, and left untouched when the code
    /// is the same (so a build that watches it does not rerun).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// Instead of the code, print the fallback report: every property typed as a JSON value
    /// (`serde_json::Value`), with the reason and where its schema is, and their share of all
    /// properties.
    #[arg(long)]
    report: bool,
    /// Also write the typed client: a `Client` with a method per endpoint, over the
    /// `wp-schema-client` crate (the generated file's crate then depends on it).
    #[arg(long, conflicts_with = "report")]
    client: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let sources: Vec<DocumentSource> = args
        .documents
        .iter()
        .map(|path| DocumentSource::new(path, path.display().to_string()))
        .collect();
    let text = match produce(&sources, args) {
        Ok(text) => text,
        Err(code) => return code,
    };
    match &args.output {
        None => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Some(path) => match write_if_changed(path, &text) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: {}: {e}", path.display());
                ExitCode::from(2)
            }
        },
    }
}

/// The formatted code, or the fallback report; the exit code after saying why not.
fn produce(sources: &[DocumentSource], args: &Args) -> Result<String, ExitCode> {
    let outcome = if args.report {
        wp_schema_codegen::fallback_report(sources).map(|report| report.to_string())
    } else {
        let options = Options {
            text: TextMode::Inline,
            client: args.client,
        };
        match wp_schema_codegen::expand(sources, options) {
            Ok(tokens) => {
                return wp_schema_codegen::format(tokens).map_err(|e| {
                    eprintln!("error: the generated code does not parse as Rust: {e}");
                    ExitCode::from(2)
                })
            }
            Err(failure) => Err(failure),
        }
    };
    outcome.map_err(|failure| {
        for error in &failure.errors {
            eprintln!("error: {error}");
        }
        ExitCode::from(1)
    })
}

fn write_if_changed(path: &Path, text: &str) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(text.as_bytes())?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
