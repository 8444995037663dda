//! `wp-schema validate`: WordPress's `rest_validate_value_from_schema` (or, with `--sanitize`,
//! `rest_sanitize_value_from_schema`) on JSON values read one per line.

use crate::json_lines;
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;
use wp_schema_runtime::{sanitize, validate};

/// Validate (or sanitize) JSON values, one per line on stdin, against a schema, as WordPress does.
///
/// Each value gets one line: {"valid":true,"value":V} or {"valid":false,"code":C,"message":M,"data":D}.
/// A line that is not JSON gets {"error":…} and the command exits 1 after the last line.
#[derive(clap::Args)]
pub struct Args {
    /// A JSON Schema, or a route document (its `schema` member is used).
    #[arg(value_name = "SCHEMA.json")]
    schema: PathBuf,
    /// The parameter name used in messages (empty by default, as in WordPress).
    #[arg(long, value_name = "NAME", default_value = "")]
    param: String,
    /// Sanitize instead of validating (rest_sanitize_value_from_schema alone, no validation first).
    #[arg(long)]
    sanitize: bool,
}

pub fn run(args: &Args) -> ExitCode {
    let schema = match json_lines::load_schema(&args.schema) {
        Ok(schema) => schema,
        Err(code) => return code,
    };
    json_lines::run(|value| {
        let result = if args.sanitize {
            sanitize::sanitize_value(value, &schema, &args.param)
        } else {
            validate::validate_value(value, &schema, &args.param).map(|()| value.clone())
        };
        match result {
            Ok(value) => json!({ "valid": true, "value": value }),
            Err(e) => json_lines::error_reply(&e),
        }
    })
}
