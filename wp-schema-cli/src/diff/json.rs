//! The machine-readable report (`--format json`); its shape is documented on [`super::Args`].

use super::model::{
    DescriptionChange, EndpointDiff, EndpointKind, EntryDiff, EntryKind, KeywordChange, Place,
    Report, RouteDiff, RouteKind, Tally,
};
use serde_json::{json, Map, Value};

pub fn render(report: &Report) -> String {
    let counts = report.counts();
    let document = json!({
        "equivalent": report.is_equivalent(),
        "counts": {
            "routes": tally(&counts.routes),
            "endpoints": tally(&counts.endpoints),
            "args": tally(&counts.args),
            "properties": tally(&counts.properties),
            "descriptions": counts.descriptions,
        },
        "routes": report.routes.iter().map(route).collect::<Vec<_>>(),
        "descriptions": report.descriptions.iter().map(description).collect::<Vec<_>>(),
    });
    format!("{document:#}\n")
}

fn tally(tally: &Tally) -> Value {
    json!({ "added": tally.added, "removed": tally.removed, "changed": tally.changed })
}

fn route(route: &RouteDiff) -> Value {
    let mut out = json!({ "route": route.id.stem, "path": route.id.path });
    let members = match &route.kind {
        RouteKind::Added(summary) | RouteKind::Removed(summary) => json!({
            "status": status(&route.kind),
            "methods": summary.methods,
            "title": summary.title,
        }),
        RouteKind::Changed(changes) => json!({
            "status": "changed",
            "changes": keywords(&changes.keywords),
            "endpoints": changes.endpoints.iter().map(endpoint).collect::<Vec<_>>(),
            "properties": entries(&changes.properties),
            "links": { "added": changes.links.added, "removed": changes.links.removed },
        }),
    };
    extend(&mut out, members);
    out
}

fn status(kind: &RouteKind) -> &'static str {
    match kind {
        RouteKind::Added(_) => "added",
        RouteKind::Removed(_) => "removed",
        RouteKind::Changed(_) => "changed",
    }
}

fn endpoint(endpoint: &EndpointDiff) -> Value {
    let mut out = json!({ "methods": endpoint.methods });
    let members = match &endpoint.kind {
        EndpointKind::Added(args) => json!({ "status": "added", "args": args }),
        EndpointKind::Removed(args) => json!({ "status": "removed", "args": args }),
        EndpointKind::Changed {
            keywords: changed,
            args,
        } => json!({
            "status": "changed",
            "changes": keywords(changed),
            "args": entries(args),
        }),
    };
    extend(&mut out, members);
    out
}

fn entries(entries: &[EntryDiff]) -> Vec<Value> {
    entries.iter().map(entry).collect()
}

fn entry(entry: &EntryDiff) -> Value {
    match &entry.kind {
        EntryKind::Added(schema) => {
            json!({ "name": entry.name, "status": "added", "schema": schema })
        }
        EntryKind::Removed(schema) => {
            json!({ "name": entry.name, "status": "removed", "schema": schema })
        }
        EntryKind::Changed(changes) => {
            json!({ "name": entry.name, "status": "changed", "changes": keywords(changes) })
        }
    }
}

fn keywords(changes: &[KeywordChange]) -> Vec<Value> {
    changes
        .iter()
        .map(|change| {
            let mut out = json!({ "keyword": change.keyword });
            put_old_new(&mut out, change.old.as_ref(), change.new.as_ref());
            out
        })
        .collect()
}

fn description(change: &DescriptionChange) -> Value {
    let methods = match &change.place {
        Place::Arg(methods) => json!(methods),
        Place::Property => Value::Null,
    };
    let mut out = json!({
        "route": change.route,
        "endpoint": methods,
        "name": change.entry,
        "keyword": change.keyword,
    });
    put_old_new(&mut out, change.old.as_ref(), change.new.as_ref());
    out
}

/// `old` and `new`, each left out where the keyword is absent, so an absent keyword and a JSON
/// `null` stay apart.
fn put_old_new(out: &mut Value, old: Option<&Value>, new: Option<&Value>) {
    let mut members = Map::new();
    if let Some(old) = old {
        members.insert("old".to_owned(), old.clone());
    }
    if let Some(new) = new {
        members.insert("new".to_owned(), new.clone());
    }
    extend(out, Value::Object(members));
}

fn extend(out: &mut Value, members: Value) {
    if let (Value::Object(out), Value::Object(members)) = (out, members) {
        out.extend(members);
    }
}
