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
    let mut schema = doc
        .get("schema")
        .cloned()
        .unwrap_or_else(|| Value::Object(Default::default()));
    if let Value::Object(map) = &mut schema {
        map.shift_remove("links");
    }
    schema
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn routes(docs: &[(&str, Value)]) -> Routes {
        docs.iter()
            .map(|(stem, doc)| {
                let route = Route {
                    path: None,
                    doc: doc.clone(),
                };
                (stem.to_string(), route)
            })
            .collect()
    }

    fn endpoint(methods: &[&str], args: Value) -> Value {
        json!({ "methods": methods, "args": args })
    }

    fn doc(endpoints: Vec<Value>) -> Value {
        json!({ "namespace": "wp/v2", "methods": ["GET"], "endpoints": endpoints })
    }

    /// The one changed route of comparing `old` with `new` as route `r`.
    fn changes(old: Value, new: Value) -> RouteChanges {
        let report = report(&routes(&[("r", old)]), &routes(&[("r", new)]), true);
        match report.routes.into_iter().next().map(|route| route.kind) {
            Some(RouteKind::Changed(changes)) => changes,
            _ => panic!("route r should have changed"),
        }
    }

    fn methods_and_kind(endpoints: &[EndpointDiff]) -> Vec<(String, &'static str)> {
        endpoints
            .iter()
            .map(|e| {
                let kind = match e.kind {
                    EndpointKind::Added(_) => "added",
                    EndpointKind::Removed(_) => "removed",
                    EndpointKind::Changed { .. } => "changed",
                };
                (e.methods.join(","), kind)
            })
            .collect()
    }

    #[test]
    fn routes_are_added_removed_or_changed_and_equal_ones_left_out() {
        let same = doc(vec![endpoint(&["GET"], json!({}))]);
        let changed = doc(vec![endpoint(&["GET"], json!({"page": {}}))]);
        let old = routes(&[
            ("b-gone", same.clone()),
            ("c-same", same.clone()),
            ("d-changed", same.clone()),
        ]);
        let new = routes(&[
            ("a-new", same.clone()),
            ("c-same", same),
            ("d-changed", changed),
        ]);
        let report = report(&old, &new, true);
        let kinds: Vec<(&str, &str)> = report
            .routes
            .iter()
            .map(|route| {
                let kind = match route.kind {
                    RouteKind::Added(_) => "added",
                    RouteKind::Removed(_) => "removed",
                    RouteKind::Changed(_) => "changed",
                };
                (route.id.stem.as_str(), kind)
            })
            .collect();
        assert_eq!(
            kinds,
            [
                ("a-new", "added"),
                ("b-gone", "removed"),
                ("d-changed", "changed")
            ]
        );
    }

    #[test]
    fn endpoints_pair_by_method_set_in_any_order() {
        let old = doc(vec![
            endpoint(&["GET"], json!({})),
            endpoint(&["POST", "PUT", "PATCH"], json!({"a": {}})),
        ]);
        let new = doc(vec![
            endpoint(&["PATCH", "POST", "PUT"], json!({"a": {}, "b": {}})),
            endpoint(&["GET"], json!({})),
        ]);
        let changes = changes(old, new);
        assert_eq!(
            methods_and_kind(&changes.endpoints),
            [("PATCH,POST,PUT".to_owned(), "changed")]
        );
    }

    #[test]
    fn an_endpoint_whose_methods_overlap_is_the_same_endpoint_changed() {
        let old = doc(vec![endpoint(&["POST", "PUT"], json!({"a": {}}))]);
        let new = doc(vec![endpoint(&["POST", "PUT", "PATCH"], json!({"a": {}}))]);
        let changes = changes(old, new);
        let EndpointKind::Changed { keywords, args } = &changes.endpoints[0].kind else {
            panic!("one changed endpoint expected");
        };
        assert!(args.is_empty());
        assert_eq!(keywords[0].keyword, "methods");
        assert_eq!(keywords[0].new, Some(json!(["POST", "PUT", "PATCH"])));
    }

    #[test]
    fn an_endpoint_with_other_methods_is_removed_and_another_added() {
        let old = doc(vec![
            endpoint(&["GET"], json!({})),
            endpoint(&["DELETE"], json!({"force": {}})),
        ]);
        let new = doc(vec![
            endpoint(&["GET"], json!({})),
            endpoint(&["POST"], json!({"title": {}})),
        ]);
        let changes = changes(old, new);
        assert_eq!(
            methods_and_kind(&changes.endpoints),
            [
                ("POST".to_owned(), "added"),
                ("DELETE".to_owned(), "removed")
            ]
        );
    }

    #[test]
    fn route_members_compare_but_site_links_do_not() {
        let old = json!({"namespace": "wp/v2", "methods": ["GET", "POST"], "endpoints": [],
            "_links": {"self": [{"href": "http://one.test/wp-json/wp/v2/media"}]}});
        let new = json!({"namespace": "wp/v3", "methods": ["POST", "GET"], "endpoints": [],
            "_links": {"self": [{"href": "http://two.test/wp-json/wp/v2/media"}]}});
        let changes = changes(old, new);
        let keywords: Vec<&str> = changes
            .keywords
            .iter()
            .map(|c| c.keyword.as_str())
            .collect();
        assert_eq!(keywords, ["namespace"]);
    }

    #[test]
    fn schema_links_report_rels_only() {
        let link = |rel: &str, title: &str| json!({"rel": rel, "title": title, "href": "x"});
        let schema =
            |links: Vec<Value>| json!({"endpoints": [], "schema": {"title": "t", "links": links}});
        let old = schema(vec![link("a", "A"), link("b", "B")]);
        let new = schema(vec![link("b", "Changed title"), link("c", "C")]);
        let changes = changes(old, new);
        assert_eq!(changes.links.added, ["c"]);
        assert_eq!(changes.links.removed, ["a"]);
        assert!(changes.properties.is_empty());
    }

    #[test]
    fn php_empty_args_and_properties_equal_empty_objects() {
        let old =
            json!({"endpoints": [{"methods": ["GET"], "args": []}], "schema": {"properties": []}});
        let new =
            json!({"endpoints": [{"methods": ["GET"], "args": {}}], "schema": {"properties": {}}});
        let report = report(&routes(&[("r", old)]), &routes(&[("r", new)]), true);
        assert!(report.is_equivalent());
    }

    #[test]
    fn description_changes_count_only_when_kept() {
        let old = doc(vec![endpoint(
            &["GET"],
            json!({"a": {"description": "Old."}}),
        )]);
        let new = doc(vec![endpoint(
            &["GET"],
            json!({"a": {"description": "New."}}),
        )]);
        let (old, new) = (routes(&[("r", old)]), routes(&[("r", new)]));
        let kept = report(&old, &new, true);
        assert!(kept.routes.is_empty());
        assert_eq!(kept.descriptions.len(), 1);
        assert!(!kept.is_equivalent());
        assert!(report(&old, &new, false).is_equivalent());
    }
}
