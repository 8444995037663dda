//! `wp-schema filter`: WordPress's `rest_filter_response_by_context` on items read one per line.

use crate::json_lines;
use std::path::PathBuf;
use std::process::ExitCode;
use wp_schema_runtime::filter::filter_by_context;

/// Filter items (JSON, one per line on stdin) to a context, as WordPress's
/// rest_filter_response_by_context does, keeping each item's key order.
#[derive(clap::Args)]
pub struct Args {
    /// A JSON Schema, or a route document (its `schema` member is used).
    #[arg(value_name = "SCHEMA.json")]
    schema: PathBuf,
    /// The context to filter to: view, edit, embed, or any other name (as in WordPress).
    #[arg(long, value_name = "NAME")]
    context: String,
}

pub fn run(args: &Args) -> ExitCode {
    let schema = match json_lines::load_schema(&args.schema) {
        Ok(schema) => schema,
        Err(code) => return code,
    };
    json_lines::run(|item| filter_by_context(item, &schema, &args.context))
}
