//! Recording a live site: every GET route of its index, in every context the route's `context`
//! argument allows, as the user and (optionally) as a visitor.
//!
//! Routes without path variables are asked directly (a list with `per_page=100` where the route
//! takes it, and once per value of its `status` and `type` arguments, since WordPress lists only
//! published items by default). Routes with path variables are reached as a client reaches them:
//! through the `_links` of the answers, and through the items of a collection under it
//! (`/wp/v2/posts/5/revisions` gives `/wp/v2/posts/5/revisions/12` from its items' `id`).

use crate::pull::write::replace_site_urls;
use crate::site::{Fetched, Site};
use regex::Regex;
use serde_json::{Map, Value};
use std::collections::{HashSet, VecDeque};
use wp_schema_codegen::recording::{file_name, Recorded, Recording};
use wp_schema_codegen::route_file::{self, Part};

/// What to record.
pub struct Options {
    /// The login the site's requests are made with, for the manifest; `None` records as a visitor.
    pub user: Option<String>,
    /// Also record what a visitor sees (view and embed, without the login).
    pub visitor: bool,
    /// At most this many addresses per route with path variables (and per list's queries).
    pub per_route: usize,
    /// Only routes of these namespaces; all when empty.
    pub namespaces: Vec<String>,
}

/// Which routes to ask: those whose answers hold items of a type the documents give.
pub type Described<'a> = &'a dyn Fn(&str) -> bool;

/// What recording left out, for the summary.
#[derive(Debug, Default)]
pub struct Skipped {
    /// Routes a GET needs arguments for that the recorder cannot make up, with those arguments.
    pub needs_arguments: Vec<(String, Vec<String>)>,
    /// Routes with path variables no link or collection led to.
    pub unreached: Vec<String>,
    /// Answers that were errors (status, count): a visitor's 401s, items gone, and the like.
    pub errors: Vec<(u16, usize)>,
    /// Answers that were not JSON (a route that sends a file), by address.
    pub not_json: Vec<String>,
    /// GET routes no document describes: not asked.
    pub undescribed: Vec<String>,
}

/// One GET route of the index.
struct Route {
    pattern: String,
    /// `^pattern$`, case-insensitive as WordPress matches; `None` when the pattern is not one the
    /// regex engine takes (then only a route without variables is asked).
    regex: Option<Regex>,
    stem: String,
    variables: usize,
    contexts: Vec<Option<String>>,
    /// The queries a route without variables is asked with: its list (`per_page=100` where it
    /// takes it), then one per value of its `status` and `type` arguments.
    queries: Vec<String>,
    required: Vec<String>,
    reached: usize,
}

/// One address to ask.
struct Target {
    route: usize,
    path: String,
    query: String,
    values: Vec<String>,
}

/// Records `site` (whose login, if any, is `options.user`); prints progress on stderr.
pub fn record(
    site: &mut Site,
    options: &Options,
    described: Described<'_>,
) -> Result<(Recording, Skipped), String> {
    eprintln!("fetching {}/wp-json/", site.base());
    let index = site.request("GET", "/", "")?;
    let routes_json = index
        .get("routes")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            format!(
                "{}: the REST index has no `routes` object; is this a WordPress site?",
                site.base()
            )
        })?;
    if site.has_credentials() {
        check_login(site)?;
    }
    let (mut routes, undescribed): (Vec<Route>, Vec<Route>) = routes_json
        .iter()
        .filter(|(_, r)| in_namespaces(r, &options.namespaces))
        .filter_map(|(pattern, r)| get_route(pattern, r))
        .partition(|route| described(&route.pattern));
    let addresses = site_addresses(site.base(), &index);
    let mut recorder = Recorder {
        queue: VecDeque::new(),
        seen: HashSet::new(),
        files: HashSet::new(),
        recording: Recording {
            wordpress_version: wordpress_version(site),
            recorded_by: format!(
                "wp-schema check --live (wp-schema {})",
                env!("CARGO_PKG_VERSION")
            ),
            responses: Vec::new(),
        },
        skipped: Skipped {
            undescribed: undescribed.into_iter().map(|r| r.pattern).collect(),
            ..Skipped::default()
        },
        addresses,
        per_route: options.per_route,
    };
    for (i, route) in routes.iter_mut().enumerate() {
        if route.variables > 0 {
            continue;
        }
        if !route.required.is_empty() {
            let needs = (route.pattern.clone(), route.required.clone());
            recorder.skipped.needs_arguments.push(needs);
            continue;
        }
        for query in route.queries.clone() {
            recorder.push(route, i, route.pattern.clone(), query, Vec::new());
        }
    }
    let mut asked = 0usize;
    while let Some(target) = recorder.queue.pop_front() {
        asked += 1;
        let contexts = routes[target.route].contexts.clone();
        for ctx in &contexts {
            let mut as_whom = Vec::new();
            if site.has_credentials() {
                as_whom.push(true);
            }
            if !site.has_credentials() || (options.visitor && ctx.as_deref() != Some("edit")) {
                as_whom.push(false);
            }
            for as_user in as_whom {
                let query = with_context(&target.query, ctx.as_deref());
                let fetched = site.fetch(&target.path, &query, as_user)?;
                eprintln!(
                    "[{asked}, {} left] {} {}{}{} → {}",
                    recorder.queue.len(),
                    if as_user { "user   " } else { "visitor" },
                    target.path,
                    if query.is_empty() { "" } else { "?" },
                    query,
                    fetched.status
                );
                let user = as_user.then(|| options.user.clone()).flatten();
                recorder.take(&mut routes, &target, ctx.as_deref(), user, fetched, as_user);
            }
        }
    }
    recorder.skipped.unreached = routes
        .iter()
        .filter(|r| r.variables > 0 && r.reached == 0)
        .map(|r| r.pattern.clone())
        .collect();
    recorder.skipped.errors.sort();
    Ok((recorder.recording, recorder.skipped))
}

struct Recorder {
    queue: VecDeque<Target>,
    seen: HashSet<(String, String)>,
    files: HashSet<String>,
    recording: Recording,
    skipped: Skipped,
    addresses: Vec<String>,
    per_route: usize,
}

impl Recorder {
    /// Queues an address of `route` once, within the route's bound.
    fn push(
        &mut self,
        route: &mut Route,
        index: usize,
        path: String,
        query: String,
        values: Vec<String>,
    ) {
        let bounded = route.variables > 0 || !query.is_empty();
        if bounded && route.reached >= self.per_route {
            return;
        }
        if !self.seen.insert((path.clone(), query.clone())) {
            return;
        }
        if bounded {
            route.reached += 1;
        }
        self.queue.push_back(Target {
            route: index,
            path,
            query,
            values,
        });
    }

    /// Keeps an answer, and queues what its links and items lead to.
    fn take(
        &mut self,
        routes: &mut [Route],
        target: &Target,
        ctx: Option<&str>,
        user: Option<String>,
        fetched: Fetched,
        as_user: bool,
    ) {
        if !(200..300).contains(&fetched.status) {
            match self
                .skipped
                .errors
                .iter_mut()
                .find(|(s, _)| *s == fetched.status)
            {
                Some((_, count)) => *count += 1,
                None => self.skipped.errors.push((fetched.status, 1)),
            }
            return;
        }
        let Some(mut body) = fetched.json else {
            self.skipped.not_json.push(fetched.url);
            return;
        };
        self.follow_links(routes, &body);
        self.follow_items(routes, target, &body);
        let route = &routes[target.route];
        let mut file = file_name(&route.stem, &target.values, &target.query, ctx, as_user)
            .to_string_lossy()
            .into_owned();
        let base = file.trim_end_matches(".json").to_owned();
        let mut n = 2;
        while !self.files.insert(file.clone()) {
            file = format!("{base}-{n}.json");
            n += 1;
        }
        replace_site_urls(&mut body, &self.addresses);
        self.recording.responses.push(Recorded {
            file,
            route: route.pattern.clone(),
            path: target.path.clone(),
            query: with_context(&target.query, ctx),
            context: ctx.map(str::to_owned),
            user,
            status: fetched.status,
            body,
        });
    }

    /// Queues every address under the REST API that the answer links to.
    fn follow_links(&mut self, routes: &mut [Route], json: &Value) {
        let mut hrefs = Vec::new();
        collect_hrefs(json, &mut hrefs);
        for href in hrefs {
            let Some((path, query)) = self.rest_address(&href) else {
                continue;
            };
            let Some((index, values)) = match_route(routes, &path) else {
                continue;
            };
            let query = if routes[index].variables == 0 && query.is_empty() {
                // The route's own list is queued already, with its queries.
                continue;
            } else {
                query
            };
            self.push(&mut routes[index], index, path, query, values);
        }
    }

    /// Queues, for each route one path variable below the answered one (and maybe a literal
    /// after it, as in `/wp/v2/posts/(?P<id>…)/autosaves`), the address of each item of the
    /// answer: by the variable's own name in the item, else its `id`, else its key.
    fn follow_items(&mut self, routes: &mut [Route], target: &Target, json: &Value) {
        let items: Vec<(Option<&str>, &Value)> = match json {
            Value::Array(list) => list.iter().map(|item| (None, item)).collect(),
            Value::Object(map) => map.iter().map(|(k, v)| (Some(k.as_str()), v)).collect(),
            _ => return,
        };
        let parent = routes[target.route].pattern.clone();
        for (index, route) in routes.iter_mut().enumerate() {
            let Some((variable, suffix)) = child_variable(&parent, &route.pattern) else {
                continue;
            };
            let (variable, suffix) = (variable.to_owned(), suffix.to_owned());
            // A `parent` variable names the item the route hangs under (revisions, autosaves):
            // that is the item's `id`, not its own `parent` property (a page's parent page).
            let own = if variable == "parent" {
                "id"
            } else {
                variable.as_str()
            };
            for (key, item) in &items {
                let value = item
                    .get(own)
                    .or_else(|| item.get("id"))
                    .and_then(scalar_text)
                    .or_else(|| key.map(str::to_owned));
                let Some(value) = value else { continue };
                let path = format!("{}/{value}{suffix}", target.path);
                if matches_route(route, &path) {
                    let mut values = target.values.clone();
                    values.push(value);
                    self.push(route, index, path, String::new(), values);
                }
            }
        }
    }

    /// The REST path and query of a link to this site's API; `None` for any other link.
    fn rest_address(&self, href: &str) -> Option<(String, String)> {
        if href.contains('{') {
            return None;
        }
        let rest = self
            .addresses
            .iter()
            .find_map(|a| href.strip_prefix(a.trim_end_matches('/')))?;
        let (path, query) = match rest.split_once('?') {
            Some((path, query)) => (path, query),
            None => (rest, ""),
        };
        let (path, query) = if let Some(api) = path.strip_prefix("/wp-json") {
            (decode(api), kept_query(query, None))
        } else {
            let route = query
                .split('&')
                .find_map(|pair| pair.strip_prefix("rest_route="))?;
            (decode(route), kept_query(query, Some("rest_route")))
        };
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            path
        };
        Some((path, query))
    }
}

/// Why the login is refused, if it is.
fn check_login(site: &mut Site) -> Result<(), String> {
    let me = site.fetch("/wp/v2/users/me", "", true)?;
    match me.status {
        401 | 403 => Err(site.refused(&me.url, me.status, me.json.as_ref())),
        _ => Ok(()),
    }
}

/// The version the site's front page names in its `generator` meta tag, as WordPress writes it
/// by default (`<meta name="generator" content="WordPress 6.9.7" />`).
fn wordpress_version(site: &Site) -> Option<String> {
    let page = site.front_page().ok()?;
    let at = page.find("content=\"WordPress ")? + "content=\"WordPress ".len();
    let version: String = page[at..]
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!version.is_empty()).then_some(version)
}

fn in_namespaces(route: &Value, namespaces: &[String]) -> bool {
    namespaces.is_empty()
        || route
            .get("namespace")
            .and_then(Value::as_str)
            .is_some_and(|ns| namespaces.iter().any(|n| n == ns))
}

/// A route of the index that answers GET, with what asking it takes.
fn get_route(pattern: &str, route: &Value) -> Option<Route> {
    let endpoint = route
        .get("endpoints")?
        .as_array()?
        .iter()
        .find(|e| methods_of(e).any(|m| m == "GET"))?;
    let args = endpoint.get("args").and_then(Value::as_object);
    let arg = |name: &str| args.and_then(|a| a.get(name));
    let contexts = match arg("context").map(enum_values) {
        Some(values) if !values.is_empty() => values.into_iter().map(Some).collect(),
        _ => vec![None],
    };
    let variables = route_file::parts(pattern)
        .iter()
        .filter(|p| matches!(p, Part::Group { .. }))
        .count();
    let mut queries = Vec::new();
    let list_query = if arg("per_page").is_some() {
        "per_page=100".to_owned()
    } else {
        String::new()
    };
    if variables == 0 {
        for facet in ["status", "type"] {
            let values = arg(facet).map(enum_values).unwrap_or_default();
            let values = if values.is_empty() && facet == "status" && arg(facet).is_some() {
                // Comment statuses are a plain string in the schema.
                ["hold", "spam", "trash"].map(str::to_owned).to_vec()
            } else {
                values
            };
            for value in values {
                queries.push(join_query(&list_query, &format!("{facet}={value}")));
            }
        }
    }
    queries.insert(0, list_query);
    let required = args
        .into_iter()
        .flatten()
        .filter(|(name, a)| {
            *name != "context" && a.get("required").and_then(Value::as_bool) == Some(true)
        })
        .map(|(name, _)| name.clone())
        .collect();
    Some(Route {
        regex: Regex::new(&format!("(?i)^{pattern}$")).ok(),
        stem: route_file::stem(pattern),
        pattern: pattern.to_owned(),
        variables,
        contexts,
        queries,
        required,
        reached: 0,
    })
}

fn methods_of(endpoint: &Value) -> impl Iterator<Item = &str> {
    endpoint
        .get("methods")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// An argument's `enum`, or its items' `enum`.
fn enum_values(arg: &Value) -> Vec<String> {
    let list = arg
        .get("enum")
        .or_else(|| arg.get("items").and_then(|i| i.get("enum")));
    list.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn join_query(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_owned(),
        (_, true) => a.to_owned(),
        _ => format!("{a}&{b}"),
    }
}

fn with_context(query: &str, ctx: Option<&str>) -> String {
    match ctx {
        Some(ctx) => join_query(query, &format!("context={ctx}")),
        None => query.to_owned(),
    }
}

/// A link's query without what the recorder sets itself (`context`, `_embed`, `_fields`) or
/// `skip`s.
fn kept_query(query: &str, skip: Option<&str>) -> String {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !["context", "_embed", "_fields", "_envelope"].contains(&name) && Some(name) != skip
        })
        .collect::<Vec<_>>()
        .join("&")
}

fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// Every `href` under a `_links` object, anywhere in the answer.
fn collect_hrefs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(links)) = map.get("_links") {
                links_hrefs(links, out);
            }
            map.iter()
                .filter(|(key, _)| *key != "_links")
                .for_each(|(_, v)| collect_hrefs(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| collect_hrefs(v, out)),
        _ => {}
    }
}

fn links_hrefs(links: &Map<String, Value>, out: &mut Vec<String>) {
    for relation in links.values() {
        for link in relation.as_array().into_iter().flatten() {
            if let Some(href) = link.get("href").and_then(Value::as_str) {
                out.push(href.to_owned());
            }
        }
    }
}

/// The first route (in the index's order, as WordPress matches) whose pattern matches `path`, and
/// its variables' values.
fn match_route(routes: &[Route], path: &str) -> Option<(usize, Vec<String>)> {
    routes.iter().enumerate().find_map(|(i, route)| {
        let captures = route.regex.as_ref()?.captures(path)?;
        let values = captures
            .iter()
            .skip(1)
            .zip(route.regex.as_ref()?.capture_names().skip(1))
            .filter(|(_, name)| name.is_some())
            .filter_map(|(m, _)| m.map(|m| m.as_str().to_owned()))
            .collect();
        Some((i, values))
    })
}

fn matches_route(route: &Route, path: &str) -> bool {
    route.regex.as_ref().is_some_and(|r| r.is_match(path))
}

/// The variable's name, and the literal text after it, when `child` is `parent` followed by `/`,
/// one path variable and perhaps a literal (`/autosaves`). Variables are compared by their
/// patterns, not their names: `/posts/(?P<id>[\d]+)/autosaves` is the parent of
/// `/posts/(?P<parent>[\d]+)/autosaves/(?P<id>[\d]+)`.
fn child_variable<'a>(parent: &str, child: &'a str) -> Option<(&'a str, &'a str)> {
    let rest = unnamed(child)
        .strip_prefix(&unnamed(parent))?
        .strip_prefix('/')?
        .to_owned();
    let tail = route_file::parts(&rest).len();
    let child_parts = route_file::parts(child);
    let after = &child_parts[child_parts.len().checked_sub(tail)?..];
    match after {
        [Part::Group {
            name: Some(name), ..
        }] => Some((name, "")),
        [Part::Group {
            name: Some(name), ..
        }, Part::Literal(suffix)] => Some((name, suffix)),
        _ => None,
    }
}

/// A route pattern with its variables' names taken out, to compare their shapes.
fn unnamed(pattern: &str) -> String {
    route_file::parts(pattern)
        .iter()
        .map(|part| match part {
            Part::Literal(text) => (*text).to_owned(),
            Part::Group {
                name: Some(name),
                text,
            } => text.replacen(&format!("<{name}>"), "<>", 1),
            Part::Group { name: None, text } => (*text).to_owned(),
        })
        .collect()
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The site's addresses its links use: the one given, and `url` and `home` of its index.
fn site_addresses(base: &str, index: &Value) -> Vec<String> {
    let mut addresses = vec![base.to_owned()];
    for key in ["url", "home"] {
        if let Some(address) = index.get(key).and_then(Value::as_str) {
            if !addresses.iter().any(|a| a == address) {
                addresses.push(address.to_owned());
            }
        }
    }
    addresses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_child_route_is_one_variable_below_its_parent() {
        let parent = r"/wp/v2/posts/(?P<parent>[\d]+)/revisions";
        let child = r"/wp/v2/posts/(?P<parent>[\d]+)/revisions/(?P<id>[\d]+)";
        assert_eq!(child_variable(parent, child), Some(("id", "")));
        assert_eq!(
            child_variable("/wp/v2/posts", r"/wp/v2/posts/(?P<id>[\d]+)"),
            Some(("id", ""))
        );
        assert_eq!(
            child_variable("/wp/v2/posts", parent),
            Some(("parent", "/revisions"))
        );
        assert_eq!(child_variable("/wp/v2/posts", child), None);
        assert_eq!(
            child_variable(
                r"/wp/v2/posts/(?P<id>[\d]+)/autosaves",
                r"/wp/v2/posts/(?P<parent>[\d]+)/autosaves/(?P<id>[\d]+)"
            ),
            Some(("id", ""))
        );
        assert_eq!(
            child_variable("/wp/v2/post", r"/wp/v2/posts/(?P<id>[\d]+)"),
            None
        );
    }

    #[test]
    fn link_queries_keep_what_selects_items() {
        assert_eq!(
            kept_query("parent=5&context=edit&_embed=1", None),
            "parent=5"
        );
        assert_eq!(
            kept_query("rest_route=/wp/v2/media&parent=5", Some("rest_route")),
            "parent=5"
        );
        assert_eq!(kept_query("", None), "");
    }

    #[test]
    fn hrefs_are_found_under_every_links_object() {
        let answer = serde_json::json!([
            {"id": 1, "_links": {"self": [{"href": "http://x/wp-json/wp/v2/posts/1"}],
                                 "wp:term": [{"href": "http://x/wp-json/wp/v2/tags?post=1"}]}},
            {"_embedded": {"author": [{"_links": {"self": [{"href": "http://x/a"}]}}]}}
        ]);
        let mut hrefs = Vec::new();
        collect_hrefs(&answer, &mut hrefs);
        assert_eq!(
            hrefs,
            [
                "http://x/wp-json/wp/v2/posts/1",
                "http://x/wp-json/wp/v2/tags?post=1",
                "http://x/a"
            ]
        );
    }
}
