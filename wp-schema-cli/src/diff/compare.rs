//! Pairing OLD's routes and endpoints with NEW's, and collecting their differences into a
//! [`Report`].

use super::load::{Route, Routes};
use super::model::{
    DescriptionChange, EndpointDiff, EndpointKind, KeywordChange, LinkChanges, Place, Report,
    RouteChanges, RouteDiff, RouteId, RouteKind, RouteSummary,
};
use super::schema::{self, Found};
use serde_json::Value;
use std::collections::BTreeSet;
use wp_schema_runtime::php;

/// Compares every route, in stem order. Description changes are collected only when `descriptions`.
pub fn report(old: &Routes, new: &Routes, descriptions: bool) -> Report {
    let mut report = Report {
        routes: Vec::new(),
        descriptions: Vec::new(),
    };
    let stems: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    for stem in stems {
        let (old, new) = (old.get(stem), new.get(stem));
        let id = RouteId {
            stem: stem.clone(),
            path: new.or(old).and_then(|route| route.path.clone()),
        };
        let kind = match (old, new) {
            (Some(old), Some(new)) => {
                let changes = compare_route(stem, old, new, &mut report.descriptions);
                if changes.is_empty() {
                    continue;
                }
                RouteKind::Changed(changes)
            }
            (Some(old), None) => RouteKind::Removed(summary(old)),
            (None, Some(new)) => RouteKind::Added(summary(new)),
            (None, None) => continue,
        };
        report.routes.push(RouteDiff { id, kind });
    }
    if !descriptions {
        report.descriptions.clear();
    }
    report
}

fn summary(route: &Route) -> RouteSummary {
    RouteSummary {
        methods: strings(route.doc.get("methods")),
        title: route
            .doc
            .pointer("/schema/title")
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// Members of a route document that are compared on their own, or (`_links`, the site's URLs)
/// not at all.
const ROUTE_PARTS: [&str; 3] = ["endpoints", "schema", "_links"];

fn compare_route(
    stem: &str,
    old: &Route,
    new: &Route,
    descriptions: &mut Vec<DescriptionChange>,
) -> RouteChanges {
    let keywords = compare_members(&old.doc, &new.doc, &ROUTE_PARTS);
    let mut endpoints = Vec::new();
    for (old, new) in pair_endpoints(&old.doc, &new.doc) {
        if let Some(diff) = compare_endpoint(stem, old, new, descriptions) {
            endpoints.push(diff);
        }
    }
    let (old_schema, new_schema) = (item_schema(&old.doc), item_schema(&new.doc));
    let mut found = Found::default();
    schema::compare_entry(String::new(), &old_schema, &new_schema, &mut found);
    found.entries.sort_by(|a, b| a.name.cmp(&b.name));
    keep_descriptions(stem, &Place::Property, found.descriptions, descriptions);
    RouteChanges {
        keywords,
        endpoints,
        properties: found.entries,
        links: compare_links(&old.doc, &new.doc),
    }
}

/// The item schema without `links`, whose rels are compared apart; `{}` when there is none.
fn item_schema(doc: &Value) -> Value {
    let mut schema = doc.get("schema").cloned().unwrap_or_default();
    if let Value::Object(map) = &mut schema {
        map.shift_remove("links");
    }
    match schema {
        Value::Null => Value::Object(Default::default()),
        schema => schema,
    }
}

fn compare_links(old: &Value, new: &Value) -> LinkChanges {
    let (old, new) = (link_rels(old), link_rels(new));
    LinkChanges {
        added: new.difference(&old).cloned().collect(),
        removed: old.difference(&new).cloned().collect(),
    }
}

/// The `rel`s of the item schema's JSON hyper-schema `links`.
fn link_rels(doc: &Value) -> BTreeSet<String> {
    let links = doc.pointer("/schema/links");
    links
        .map(php::values)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|link| link.get("rel").and_then(Value::as_str).map(str::to_owned))
        .collect()
}

/// Members of two objects other than `skip`, compared as values; `methods` as a set.
fn compare_members(old: &Value, new: &Value, skip: &[&str]) -> Vec<KeywordChange> {
    let names: BTreeSet<&String> = [old, new]
        .into_iter()
        .filter_map(Value::as_object)
        .flat_map(|map| map.keys())
        .filter(|name| !skip.contains(&name.as_str()))
        .collect();
    names
        .into_iter()
        .filter_map(|name| {
            let (old, new) = (old.get(name), new.get(name));
            let same = match name.as_str() {
                "methods" => schema::same_set(old, new),
                _ => match (old, new) {
                    (Some(old), Some(new)) => schema::same(old, new),
                    (old, new) => old.is_none() && new.is_none(),
                },
            };
            (!same).then(|| KeywordChange {
                keyword: name.clone(),
                old: old.cloned(),
                new: new.cloned(),
            })
        })
        .collect()
}

/// One side of a pairing: an endpoint, or nothing when it was added or removed.
type Pair<'a> = (Option<&'a Value>, Option<&'a Value>);

/// Pairs endpoints by method set. Endpoints left over are paired when their sets overlap (most
/// shared methods first): a handler that gains `PATCH` keeps its args, and showing their changes
/// says more than removing and re-adding thirty args. Disjoint ones are removed and added.
/// The order is NEW's, then OLD's endpoints that went.
fn pair_endpoints<'a>(old: &'a Value, new: &'a Value) -> Vec<Pair<'a>> {
    let (old, new) = (endpoint_list(old), endpoint_list(new));
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let mut taken = vec![false; old.len()];
    for (n, new_endpoint) in new.iter().enumerate() {
        let same =
            (0..old.len()).find(|&o| !taken[o] && method_set(old[o]) == method_set(new_endpoint));
        if let Some(o) = same {
            taken[o] = true;
            partner[n] = Some(o);
        }
    }
    for (n, new_endpoint) in new.iter().enumerate() {
        if partner[n].is_some() {
            continue;
        }
        let methods = method_set(new_endpoint);
        let overlap = |o: usize| method_set(old[o]).intersection(&methods).count();
        let best = (0..old.len())
            .filter(|&o| !taken[o] && overlap(o) > 0)
            .max_by_key(|&o| (overlap(o), std::cmp::Reverse(o)));
        if let Some(o) = best {
            taken[o] = true;
            partner[n] = Some(o);
        }
    }
    let mut pairs: Vec<Pair> = new
        .iter()
        .zip(&partner)
        .map(|(new, o)| (o.map(|o| old[o]), Some(*new)))
        .collect();
    pairs.extend(
        old.iter()
            .zip(&taken)
            .filter(|(_, taken)| !**taken)
            .map(|(old, _)| (Some(*old), None)),
    );
    pairs
}

fn endpoint_list(doc: &Value) -> Vec<&Value> {
    doc.get("endpoints").map(php::values).unwrap_or_default()
}

fn method_set(endpoint: &Value) -> BTreeSet<String> {
    strings(endpoint.get("methods")).into_iter().collect()
}

fn compare_endpoint(
    stem: &str,
    old: Option<&Value>,
    new: Option<&Value>,
    descriptions: &mut Vec<DescriptionChange>,
) -> Option<EndpointDiff> {
    let (methods, kind) = match (old, new) {
        (Some(old), Some(new)) => {
            let methods = strings(new.get("methods"));
            let keywords = compare_members(old, new, &["args"]);
            let mut found = Found::default();
            schema::compare_named(old.get("args"), new.get("args"), "", &mut found);
            let place = Place::Arg(methods.clone());
            keep_descriptions(stem, &place, found.descriptions, descriptions);
            if keywords.is_empty() && found.entries.is_empty() {
                return None;
            }
            let kind = EndpointKind::Changed {
                keywords,
                args: found.entries,
            };
            (methods, kind)
        }
        (Some(old), None) => (
            strings(old.get("methods")),
            EndpointKind::Removed(arg_names(old)),
        ),
        (None, Some(new)) => (
            strings(new.get("methods")),
            EndpointKind::Added(arg_names(new)),
        ),
        (None, None) => return None,
    };
    Some(EndpointDiff { methods, kind })
}

fn arg_names(endpoint: &Value) -> Vec<String> {
    let args = endpoint.get("args");
    args.map(php::entries)
        .unwrap_or_default()
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

fn keep_descriptions(
    stem: &str,
    place: &Place,
    found: Vec<schema::Described>,
    descriptions: &mut Vec<DescriptionChange>,
) {
    descriptions.extend(found.into_iter().map(|d| DescriptionChange {
        route: stem.to_owned(),
        place: place.clone(),
        entry: d.entry,
        keyword: d.keyword,
        old: d.old,
        new: d.new,
    }));
}

/// The strings of a list such as `methods`; other members are left out.
fn strings(list: Option<&Value>) -> Vec<String> {
    list.map(php::values)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}
