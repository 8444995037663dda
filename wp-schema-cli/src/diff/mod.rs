//! `wp-schema diff`: what changed between two sets of WordPress route documents.

mod compare;
mod json;
mod load;
mod model;
mod schema;
mod summary;
mod text;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Report what changed between two sets of WordPress route documents.
///
/// OLD and NEW are each a route document (what OPTIONS answers), a /wp-json/?context=help index,
/// or a folder of route documents (*.json, one per route; overlays and subfolders are skipped).
/// Routes are named by their file stem, as `pull` names files (/wp/v2/media/(?P<id>[\d]+) is
/// wp-v2-media-id); two single documents are compared as one route.
///
/// Compared: methods, endpoints (paired by method set; sets that overlap are paired too, and
/// their method change shown), args, the item schema's properties at any depth, every schema
/// keyword (type, context, enum, readonly, format, default, bounds, items, …), and the rels of the
/// schema's links. As in WordPress's output, [] equals {} and key order does not count; _links
/// (site URLs) is ignored. Description changes are listed last.
///
/// Exit status: 0 when equivalent, 1 when they differ, 2 on error.
///
/// --format json writes one object, keys in this order:
///   {"equivalent": bool,
///    "counts": {"routes"|"endpoints"|"args"|"properties": {"added", "removed", "changed"},
///               "descriptions": n},
///    "routes": [ROUTE…],          by stem
///    "descriptions": [{"route", "endpoint": [methods] or null (a property), "name", "keyword",
///                      "old"?, "new"?}…]}
///   ROUTE: {"route": stem, "path": route or null, "status": "added"|"removed",
///           "methods": […], "title": schema title or null}
///        or {"route", "path", "status": "changed", "changes": [CHANGE…] (namespace, methods),
///            "endpoints": [ENDPOINT…], "properties": [ENTRY…],
///            "links": {"added": [rel…], "removed": [rel…]}}
///   ENDPOINT: {"methods": […], "status": "added"|"removed", "args": [name…]}
///          or {"methods", "status": "changed", "changes": [CHANGE…] (methods, allow_batch),
///              "args": [ENTRY…]}
///   ENTRY: {"name": "title.raw" ("" is the item schema itself),
///           "status": "added"|"removed", "schema": {…}}
///       or {"name", "status": "changed", "changes": [CHANGE…]}
///   CHANGE: {"keyword": "type" or a path such as "items.enum", "old"?, "new"?}
///           ("old" or "new" is left out where the keyword is absent)
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The earlier documents: a route document, an index, or a folder.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The later documents, in any of the same forms.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Leave description changes out; they then do not count as a difference.
    #[arg(long)]
    ignore_descriptions: bool,
    /// The report's form.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::ValueEnum, Clone, Copy)]
enum Format {
    Text,
    Json,
}

pub fn run(args: &Args) -> ExitCode {
    let (old, new) = match load::both(&args.old, &args.new) {
        Ok(both) => both,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let report = compare::report(&old, &new, !args.ignore_descriptions);
    let written = match args.format {
        Format::Text => text::render(&report),
        Format::Json => json::render(&report),
    };
    if let Err(e) = std::io::stdout().lock().write_all(written.as_bytes()) {
        eprintln!("error: writing the report: {e}");
        return ExitCode::from(2);
    }
    if report.is_equivalent() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
