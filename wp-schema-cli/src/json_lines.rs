//! The line protocol `validate` and `filter` share: one JSON value per input line, one JSON line
//! out per value, printed as PHP's `json_encode` prints the PHP result, except that an object that
//! is `{}` in the input stays `{}` (WordPress wrote a `stdClass` there).

use serde_json::{json, Value};
use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use wp_schema_runtime::{php, php_json};

/// [`read_schema`], or the exit code after saying why not.
pub fn load_schema(path: &Path) -> Result<Value, ExitCode> {
    read_schema(path).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

/// Reads the schema file: a JSON Schema, or a route document whose `schema` member is used.
pub fn read_schema(path: &Path) -> Result<Value, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc = php_json::decode(&text)
        .map_err(|e| format!("{}: not JSON ({})", path.display(), e.message))?;
    match doc.get("schema") {
        Some(schema) if doc.get("endpoints").is_some() => Ok(schema.clone()),
        _ => Ok(doc),
    }
}

/// Runs `answer` on every non-blank line of stdin. A line that is not JSON gets `{"error":…}`, and
/// the command then exits 1 after the last line.
pub fn run(mut answer: impl FnMut(&Value) -> Value) -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut bad_lines = false;
    for (number, line) in stdin.lock().split(b'\n').enumerate() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("error: reading standard input: {e}");
                return ExitCode::from(2);
            }
        };
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let reply = match php_json::decode(&line) {
            Ok(value) => php::to_php_json_keeping_empty_objects(&answer(&value)),
            Err(e) => {
                bad_lines = true;
                json!({ "error": format!("line {}: not JSON: {}", number + 1, e.message) })
            }
        };
        if writeln!(out, "{reply}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if bad_lines {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `{"valid":false,"code","message","data"}`, `data` left out where WordPress attaches none.
pub fn error_reply(e: &wp_schema_runtime::WpError) -> Value {
    let mut reply = json!({ "valid": false, "code": e.code, "message": e.message });
    if let Some(data) = &e.data {
        reply["data"] = (**data).clone();
    }
    reply
}
