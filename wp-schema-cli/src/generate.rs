//! `wp-schema generate`: the macro's output as formatted Rust, for a checked-in file.

use std::path::PathBuf;
use std::process::ExitCode;
use wp_schema_codegen::{DocumentSource, TextMode};

/// Write the Rust code the `routes!` macro generates for DOC.json files, formatted, on stdout.
///
/// Documents are route documents (what OPTIONS answers), `?context=help` indexes, item schemas or
/// overlays. The generated file holds the documents' text, so it stands alone.
#[derive(clap::Args)]
pub struct Args {
    /// Route documents, indexes, schemas or overlays.
    #[arg(value_name = "DOC.json", required = true)]
    documents: Vec<PathBuf>,
}

pub fn run(args: &Args) -> ExitCode {
    let sources: Vec<DocumentSource> = args
        .documents
        .iter()
        .map(|path| DocumentSource::new(path, path.display().to_string()))
        .collect();
    let tokens = match wp_schema_codegen::expand(&sources, TextMode::Inline) {
        Ok(tokens) => tokens,
        Err(failure) => {
            for error in &failure.errors {
                eprintln!("error: {error}");
            }
            return ExitCode::from(1);
        }
    };
    match wp_schema_codegen::format(tokens) {
        Ok(code) => {
            print!("{code}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: the generated code does not parse as Rust: {e}");
            ExitCode::from(2)
        }
    }
}
