//! The server's side of every response (`WP_REST_Server::serve_request`): the `_embed`, `_fields`
//! and `_envelope` options, and the headers WordPress sends. The body is written by `output`.

use super::output::{self, Jsonp};
use crate::request::{App, Call, Data, Reply, RestRequest, RestResponse};
use serde_json::{json, Map, Value};
use wp_schema_runtime::fields::FieldTree;
use wp_schema_runtime::WpError;

pub fn finish(
    app: &App,
    req: &RestRequest,
    call: Option<&Call<'_>>,
    result: Result<Reply, WpError>,
    allow: &[&str],
) -> RestResponse {
    let query = &req.query_params;
    let (status, mut headers, sent, data) = match result {
        Ok(Reply {
            status,
            headers,
            sent_headers,
            data: Data::Tree(data),
        }) => (
            status,
            headers,
            sent_headers,
            Data::Tree(reshape(query, call, data)),
        ),
        Ok(reply) => (reply.status, reply.headers, reply.sent_headers, reply.data),
        Err(error) => (
            error.status(),
            Vec::new(),
            Vec::new(),
            Data::Tree(error.to_json()),
        ),
    };
    if call.is_some() && !allow.is_empty() {
        headers.push(("Allow".to_owned(), allow.join(", ")));
    }
    let headers = join_links(headers);
    let root_link = output::root_link(app);
    let (status, body, link, headers) = match (query.contains_key("_envelope"), data) {
        (true, Data::Tree(data)) => {
            // The handler's headers travel inside the envelope; the response keeps the root link.
            let body =
                json!({ "body": data, "status": status, "headers": envelope_headers(&headers) });
            (200, Data::Tree(body), root_link, Vec::new())
        }
        (_, data) => {
            // A handler's `Link` replaces the API root link.
            let (links, rest): (Vec<_>, Vec<_>) =
                headers.into_iter().partition(|(n, _)| n == "Link");
            let link = links.into_iter().next().map_or(root_link, |(_, v)| v);
            (status, data, link, rest)
        }
    };
    let jsonp = Jsonp::of(query);
    let mut all = vec![
        ("Link".to_owned(), link),
        ("Content-Type".to_owned(), jsonp.content_type().to_owned()),
        ("X-Content-Type-Options".to_owned(), "nosniff".to_owned()),
        ("X-Robots-Tag".to_owned(), "noindex".to_owned()),
        (
            "Access-Control-Expose-Headers".to_owned(),
            "X-WP-Total, X-WP-TotalPages, Link".to_owned(),
        ),
        (
            "Access-Control-Allow-Headers".to_owned(),
            "Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type".to_owned(),
        ),
    ];
    all.extend(sent);
    all.extend(headers);
    // `WP_REST_Request::has_param`: the query or any other parameter.
    let pretty =
        query.contains_key("_pretty") || call.is_some_and(|c| c.params.get("_pretty").is_some());
    let body = match body {
        _ if req.method == "HEAD" => Vec::new(),
        data => output::body(data, pretty, &jsonp),
    };
    RestResponse {
        status,
        headers: all,
        body,
    }
}

/// The `_fields` and `_embed` options, on a successful answer's data.
fn reshape(query: &Map<String, Value>, call: Option<&Call<'_>>, mut data: Value) -> Value {
    if let Some(fields) = query.get("_fields").and_then(FieldTree::parse) {
        data = filter_fields(&fields, data);
    }
    if let (Some(call), Some(asked)) = (call, query.get("_embed")) {
        embed(call, asked, &mut data);
    }
    data
}

/// The `Link` values as one header, as `WP_HTTP_Response::header` appends them, where the first was.
fn join_links(headers: Vec<(String, String)>) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for (name, value) in headers {
        match out.iter_mut().find(|(n, _)| *n == name && name == "Link") {
            Some((_, joined)) => {
                joined.push_str(", ");
                joined.push_str(&value);
            }
            None => out.push((name, value)),
        }
    }
    out
}

/// The envelope's `headers`: the totals are integers in PHP, and no headers is an empty list.
fn envelope_headers(headers: &[(String, String)]) -> Value {
    if headers.is_empty() {
        return json!([]);
    }
    let map: Map<String, Value> = headers
        .iter()
        .map(|(name, value)| {
            let value = match (name.starts_with("X-WP-Total"), value.parse::<i64>()) {
                (true, Ok(n)) => json!(n),
                _ => json!(value),
            };
            (name.clone(), value)
        })
        .collect();
    Value::Object(map)
}

/// `rest_filter_response_fields`. A single item's links join its data only after the filter, so
/// its `_links` (which the controller already included or not by `_fields`) is never filtered. A
/// collection's items carry their `_links` in the data already (`prepare_response_for_collection`),
/// so there `_links` is filtered like any field: `_fields=id,_embedded` drops it, and with it
/// what `_embed` would follow, and `_fields=_links.self` keeps that one link.
fn filter_fields(fields: &FieldTree, data: Value) -> Value {
    match data {
        Value::Array(_) => fields.filter_response(&data),
        Value::Object(mut map) => {
            let links = map.remove("_links");
            let filtered = fields.filter_response(&Value::Object(map));
            let Some(links) = links else {
                return filtered;
            };
            // An item left empty is PHP's empty array until the links join it.
            let mut out = match filtered {
                Value::Object(out) => out,
                _ => Map::new(),
            };
            out.insert("_links".to_owned(), links);
            Value::Object(out)
        }
        other => fields.filter_response(&other),
    }
}

/// Whether `_embed` asks for `relation` (`rest_parse_embed_param`): an empty or false value, `1`,
/// `true`, or a list with nothing in it asks for every link; otherwise only the relations listed
/// are embedded.
fn embeds(embed: &Value, relation: &str) -> bool {
    if wp_schema_runtime::php::is_empty(Some(embed)) || embed == "true" || embed == "1" {
        return true;
    }
    let relations = wp_schema_runtime::callbacks::wp_parse_list(embed);
    relations.is_empty()
        || relations
            .iter()
            .any(|listed| wp_schema_runtime::php::to_string(listed) == relation)
}

/// `_embed`: each item's author, its featured media and the post it is attached to, in the embed
/// context, under
/// `_embedded`, in the order of the item's links.
fn embed(call: &Call<'_>, asked: &Value, data: &mut Value) {
    let wanted = Wanted {
        author: embeds(asked, "author"),
        featured: embeds(asked, "wp:featuredmedia"),
        parent: embeds(asked, "wp:attached-to"),
    };
    match data {
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| embed_one(call, wanted, item)),
        item => embed_one(call, wanted, item),
    }
}

/// The relations `_embed` asks for, read once for all the items.
#[derive(Clone, Copy)]
struct Wanted {
    author: bool,
    featured: bool,
    parent: bool,
}

fn embed_one(call: &Call<'_>, wanted: Wanted, item: &mut Value) {
    let mut embedded = Map::new();
    if wanted.author {
        let author = linked_id(item, "/_links/author/0/href")
            .and_then(|id| crate::users::embedded(call, id));
        if let Some(author) = author {
            embedded.insert("author".to_owned(), json!([author]));
        }
    }
    if wanted.featured {
        let featured = linked_id(item, "/_links/wp:featuredmedia/0/href")
            .and_then(|id| crate::attachments::prepare::embedded(call, id));
        if let Some(featured) = featured {
            embedded.insert("wp:featuredmedia".to_owned(), json!([featured]));
        }
    }
    if wanted.parent {
        let parent = item
            .pointer("/_links/wp:attached-to/0/id")
            .and_then(Value::as_i64)
            .and_then(|id| crate::attachments::parent::embedded(call, id));
        if let Some(parent) = parent {
            embedded.insert("wp:attached-to".to_owned(), json!([parent]));
        }
    }
    if let (false, Value::Object(map)) = (embedded.is_empty(), item) {
        map.insert("_embedded".to_owned(), Value::Object(embedded));
    }
}

/// The id at the end of the link at `pointer`.
fn linked_id(item: &Value, pointer: &str) -> Option<i64> {
    let href = item.pointer(pointer).and_then(Value::as_str)?;
    href.rsplit('/').next()?.parse().ok()
}
