//! `wp-schema pull`: route documents from a live WordPress, one file per route.

pub mod write;

use crate::site::{Login, Site};
use serde_json::Value;
use std::collections::HashSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;
use wp_schema_codegen::route_file;
use write::Written;

/// Fetch route documents from a live WordPress into DIR, one pretty JSON file per route.
///
/// A route named with --route is asked with OPTIONS, as WordPress describes one route; a route with
/// path variables (as the index lists it, e.g. '/wp/v2/media/(?P<id>[\d]+)') is taken from the
/// site's `?context=help` index, which --all writes whole. Files are named after the route
/// (`/wp/v2/media/(?P<id>[\d]+)` → wp-v2-media-id.json), keep WordPress's key order, and have the
/// site's address replaced by `{{site_url}}`. Each file is replaced whole or not at all. With
/// --all, route documents in DIR that the site no longer has are removed; overlays stay.
/// routes.json, an overlay, records each document's route: OPTIONS on a route with path
/// variables does not state it, and the generated client needs it.
///
/// Exits 0 when the documents are written, 2 when the site cannot be reached, refuses the login,
/// does not answer as WordPress, or a file cannot be written.
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The site's address, e.g. https://example.com (a trailing /wp-json is allowed).
    #[arg(value_name = "BASE_URL")]
    base_url: String,
    /// A route as WordPress lists it, e.g. /wp/v2/media; repeat for several.
    #[arg(long = "route", value_name = "ROUTE", required_unless_present = "all")]
    routes: Vec<String>,
    /// Every route of the site's `/wp-json/?context=help` index.
    #[arg(long, conflicts_with = "routes")]
    all: bool,
    /// The folder the documents are written to; created if missing.
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    out: PathBuf,
    #[command(flatten)]
    login: Login,
}

pub fn run(args: &Args) -> ExitCode {
    match pull(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// One route's document as the site described it.
struct Pulled {
    route: String,
    document: Value,
}

fn pull(args: &Args) -> Result<(), String> {
    let mut site = Site::new(&args.base_url, args.login.credentials())?;
    let started = Instant::now();
    let (pulled, addresses) = if args.all {
        pull_index(&mut site)?
    } else {
        pull_routes(&mut site, &args.routes)?
    };
    eprintln!(
        "received {} route documents in {:.1} s",
        pulled.len(),
        started.elapsed().as_secs_f64()
    );
    write_all(args, pulled, &addresses)
}

/// Every route of the `?context=help` index, and the site's own addresses the index states.
fn pull_index(site: &mut Site) -> Result<(Vec<Pulled>, Vec<String>), String> {
    eprintln!("fetching {}/wp-json/?context=help", site.base());
    let index = site.request("GET", "/", "context=help")?;
    let routes = index_routes(&index, site.base())?;
    let pulled = routes
        .iter()
        .map(|(route, document)| Pulled {
            route: route.clone(),
            document: document.clone(),
        })
        .collect();
    Ok((pulled, site_addresses(site, Some(&index))))
}

fn index_routes<'a>(
    index: &'a Value,
    base: &str,
) -> Result<&'a serde_json::Map<String, Value>, String> {
    index
        .get("routes")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            format!("{base}: the REST index has no `routes` object; is this a WordPress site?")
        })
}

fn pull_routes(site: &mut Site, routes: &[String]) -> Result<(Vec<Pulled>, Vec<String>), String> {
    let mut index = None;
    let mut pulled = Vec::new();
    for route in routes {
        let route = format!("/{}", route.trim_start_matches('/'));
        let document = if route.contains('(') {
            let index = match index {
                Some(ref index) => index,
                None => {
                    eprintln!("fetching {}/wp-json/?context=help for {route}", site.base());
                    &*index.insert(site.request("GET", "/", "context=help")?)
                }
            };
            let routes = index_routes(index, site.base())?;
            routes.get(&route).cloned().ok_or_else(|| {
                format!(
                    "{}: the site has no route {route} (the routes are listed by its \
                     /wp-json/ index)",
                    site.base()
                )
            })?
        } else {
            eprintln!("OPTIONS {}/wp-json{route}", site.base());
            site.request("OPTIONS", &route, "")?
        };
        check_route_document(&document, &route, site.base())?;
        pulled.push(Pulled { route, document });
    }
    Ok((pulled, site_addresses(site, index.as_ref())))
}

fn check_route_document(document: &Value, route: &str, base: &str) -> Result<(), String> {
    if document.get("endpoints").is_some_and(Value::is_array) {
        Ok(())
    } else {
        Err(format!(
            "{base}: the answer for {route} is JSON but not a route document (no `endpoints`)"
        ))
    }
}

/// The addresses replaced by the placeholder: the one given, and the site's `url` and `home` as
/// the index states them (they differ from the given one behind a proxy or with another host name).
fn site_addresses(site: &Site, index: Option<&Value>) -> Vec<String> {
    let mut addresses = vec![site.base().to_owned()];
    for key in ["url", "home"] {
        if let Some(address) = index.and_then(|i| i.get(key)).and_then(Value::as_str) {
            addresses.push(address.to_owned());
        }
    }
    addresses
}

fn write_all(args: &Args, pulled: Vec<Pulled>, addresses: &[String]) -> Result<(), String> {
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("{}: cannot create the folder: {e}", args.out.display()))?;
    let stems = route_file::unique_stems(pulled.iter().map(|p| p.route.as_str()));
    let names: Vec<String> = stems
        .iter()
        .map(|(_, stem)| format!("{stem}.json"))
        .collect();
    let routes: Vec<(String, String)> = stems
        .iter()
        .map(|(route, stem)| (stem.clone(), (*route).to_owned()))
        .collect();
    let mut counts = [0usize; 3];
    let total = pulled.len();
    for (n, (mut item, name)) in pulled.into_iter().zip(&names).enumerate() {
        write::replace_site_urls(&mut item.document, addresses);
        let outcome = write::write_document(&args.out.join(name), &item.document)?;
        counts[outcome as usize] += 1;
        eprintln!(
            "[{:>width$}/{total}] {:<9} {name}  {}",
            n + 1,
            label(outcome),
            item.route,
            width = total.to_string().len()
        );
    }
    let overlay = write::routes_overlay(&args.out, &routes, args.all)?;
    let path = args.out.join(write::ROUTES_FILE);
    let outcome = write::write_document(&path, &overlay)?;
    eprintln!(
        "{:<9} {} (the routes' patterns)",
        label(outcome),
        write::ROUTES_FILE
    );
    let removed = if args.all {
        remove_stale(args, &names)?
    } else {
        0
    };
    eprintln!(
        "{}: {} new, {} updated, {} unchanged, {removed} removed",
        args.out.display(),
        counts[Written::New as usize],
        counts[Written::Updated as usize],
        counts[Written::Unchanged as usize],
    );
    Ok(())
}

fn label(outcome: Written) -> &'static str {
    match outcome {
        Written::New => "new",
        Written::Updated => "updated",
        Written::Unchanged => "unchanged",
    }
}

fn remove_stale(args: &Args, names: &[String]) -> Result<usize, String> {
    let kept: HashSet<String> = names.iter().cloned().collect();
    let stale = write::stale_documents(&args.out, &kept)?;
    for path in &stale {
        std::fs::remove_file(path)
            .map_err(|e| format!("{}: cannot remove: {e}", path.display()))?;
        eprintln!(
            "removed   {} (the site has no such route now)",
            path.display()
        );
    }
    Ok(stale.len())
}
