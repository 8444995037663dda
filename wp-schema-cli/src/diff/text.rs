//! The report for people: a line of counts, routes added and removed, a section per changed
//! route, then the description changes.

use super::model::{
    Counts, DescriptionChange, EndpointDiff, EndpointKind, EntryDiff, EntryKind, KeywordChange,
    Place, Report, RouteChanges, RouteDiff, RouteId, RouteKind, RouteSummary, Tally,
};
use super::summary::{compact, summary};
use serde_json::Value;
use std::fmt::Write;
use wp_schema_runtime::php;

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    if report.is_equivalent() {
        out.push_str("no differences\n");
        return out;
    }
    line(&mut out, 0, &counts(&report.counts()));
    route_list(&mut out, "Routes added:", report, |kind| match kind {
        RouteKind::Added(summary) => Some(('+', summary)),
        _ => None,
    });
    route_list(&mut out, "Routes removed:", report, |kind| match kind {
        RouteKind::Removed(summary) => Some(('-', summary)),
        _ => None,
    });
    for route in &report.routes {
        if let RouteKind::Changed(changes) = &route.kind {
            changed_route(&mut out, &route.id, changes);
        }
    }
    if !report.descriptions.is_empty() {
        out.push_str("\nDescriptions:\n");
        for change in &report.descriptions {
            description(&mut out, change);
        }
    }
    out
}

fn counts(counts: &Counts) -> String {
    let tally = |name: &str, t: &Tally| {
        format!(
            "{name}: {} added, {} removed, {} changed",
            t.added, t.removed, t.changed
        )
    };
    [
        tally("routes", &counts.routes),
        tally("endpoints", &counts.endpoints),
        tally("args", &counts.args),
        tally("properties", &counts.properties),
        format!("descriptions: {} changed", counts.descriptions),
    ]
    .join("; ")
}

fn route_list<'a>(
    out: &mut String,
    title: &str,
    report: &'a Report,
    pick: impl Fn(&'a RouteKind) -> Option<(char, &'a RouteSummary)>,
) {
    let picked: Vec<(&RouteDiff, char, &RouteSummary)> = report
        .routes
        .iter()
        .filter_map(|route| pick(&route.kind).map(|(sign, summary)| (route, sign, summary)))
        .collect();
    if picked.is_empty() {
        return;
    }
    out.push('\n');
    line(out, 0, title);
    for (route, sign, summary) in picked {
        let mut text = format!(
            "{sign} {}: {}",
            route_name(&route.id),
            summary.methods.join(", ")
        );
        if let Some(title) = &summary.title {
            let _ = write!(text, "; schema {title}");
        }
        line(out, 1, &text);
    }
}

fn changed_route(out: &mut String, id: &RouteId, changes: &RouteChanges) {
    out.push('\n');
    line(out, 0, &format!("Route {}", route_name(id)));
    keywords(out, 1, &changes.keywords);
    for endpoint in &changes.endpoints {
        endpoint_diff(out, endpoint);
    }
    if !changes.properties.is_empty() {
        line(out, 1, "properties");
        entries(out, &changes.properties);
    }
    if !changes.links.added.is_empty() || !changes.links.removed.is_empty() {
        line(out, 1, "links");
        for rel in &changes.links.added {
            line(out, 2, &format!("+ {rel}"));
        }
        for rel in &changes.links.removed {
            line(out, 2, &format!("- {rel}"));
        }
    }
}

/// `wp-v2-media (/wp/v2/media)`, or the stem alone where no index gave the path.
fn route_name(id: &RouteId) -> String {
    match &id.path {
        Some(path) => format!("{} ({path})", id.stem),
        None => id.stem.clone(),
    }
}

fn endpoint_diff(out: &mut String, endpoint: &EndpointDiff) {
    let methods = endpoint.methods.join(", ");
    match &endpoint.kind {
        EndpointKind::Added(args) => {
            line(out, 1, &format!("+ endpoint {methods}{}", arg_list(args)));
        }
        EndpointKind::Removed(args) => {
            line(out, 1, &format!("- endpoint {methods}{}", arg_list(args)));
        }
        EndpointKind::Changed {
            keywords: changed,
            args,
        } => {
            line(out, 1, &format!("endpoint {methods}"));
            keywords(out, 2, changed);
            entries(out, args);
        }
    }
}

fn arg_list(args: &[String]) -> String {
    if args.is_empty() {
        String::new()
    } else {
        format!(": args {}", args.join(", "))
    }
}

fn entries(out: &mut String, entries: &[EntryDiff]) {
    for entry in entries {
        let name = if entry.name.is_empty() {
            "(item schema)"
        } else {
            &entry.name
        };
        match &entry.kind {
            EntryKind::Added(schema) => line(out, 2, &format!("+ {name}: {}", summary(schema))),
            EntryKind::Removed(schema) => line(out, 2, &format!("- {name}: {}", summary(schema))),
            EntryKind::Changed(changes) => {
                line(out, 2, &format!("~ {name}"));
                keywords(out, 4, changes);
            }
        }
    }
}

fn keywords(out: &mut String, depth: usize, changes: &[KeywordChange]) {
    for change in changes {
        let text = format!(
            "{}: {} → {}",
            change.keyword,
            value(change.old.as_ref()),
            value(change.new.as_ref())
        );
        line(out, depth, &text);
        if change.keyword == "enum" || change.keyword.ends_with(".enum") {
            enum_delta(out, depth + 1, change);
        }
    }
}

/// The values an enum gained and lost, which a long list hides: `+ text; - audio`.
fn enum_delta(out: &mut String, depth: usize, change: &KeywordChange) {
    let (Some(old), Some(new)) = (&change.old, &change.new) else {
        return;
    };
    let (old, new) = (php::values(old), php::values(new));
    let missing_from = |list: &[&Value], from: &[&Value]| -> Vec<String> {
        list.iter()
            .filter(|v| !from.contains(v))
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => compact(other),
            })
            .collect()
    };
    let mut parts = Vec::new();
    let (added, removed) = (missing_from(&new, &old), missing_from(&old, &new));
    if !added.is_empty() {
        parts.push(format!("+ {}", added.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("- {}", removed.join(", ")));
    }
    if !parts.is_empty() {
        line(out, depth, &parts.join("; "));
    }
}

fn description(out: &mut String, change: &DescriptionChange) {
    let mut place = match &change.place {
        Place::Arg(methods) => format!(
            "{} {} arg {}",
            change.route,
            methods.join(", "),
            change.entry
        ),
        Place::Property if change.entry.is_empty() => format!("{} item schema", change.route),
        Place::Property => format!("{} property {}", change.route, change.entry),
    };
    if change.keyword != "description" {
        let _ = write!(place, " ({})", change.keyword);
    }
    line(out, 1, &place);
    line(out, 2, &format!("- {}", value(change.old.as_ref())));
    line(out, 2, &format!("+ {}", value(change.new.as_ref())));
}

/// A value as compact JSON; `(none)` where the keyword is absent.
fn value(value: Option<&Value>) -> String {
    value.map_or_else(|| "(none)".to_owned(), compact)
}

/// One line, indented two spaces per level.
fn line(out: &mut String, depth: usize, text: &str) {
    let _ = writeln!(out, "{:width$}{text}", "", width = depth * 2);
}
