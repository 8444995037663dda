//! The server's side of every response (`WP_REST_Server::serve_request`): the `_embed`, `_fields`
//! and `_envelope` options, and the headers WordPress sends.

use super::dispatch::{App, Call};
use super::{Reply, RestRequest, RestResponse};
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
    let query = wp_schema_runtime::php_query::parse_str(req.query.as_bytes());
    let (status, mut headers, data) = match result {
        Ok(reply) => {
            let mut data = reply.data;
            if let (Some(call), true) = (call, query.contains_key("_embed")) {
                embed(call, &mut data);
            }
            if let Some(fields) = query.get("_fields").and_then(FieldTree::parse) {
                data = fields.filter_response(&data);
            }
            (reply.status, reply.headers, data)
        }
        Err(error) => (error.status(), Vec::new(), error.to_json()),
    };
    if call.is_some() && !allow.is_empty() {
        headers.push(("Allow".to_owned(), allow.join(", ")));
    }
    // The handler's `Link` values travel as one header that replaces the API root link.
    let links: Vec<String> = headers
        .iter()
        .filter(|(n, _)| n == "Link")
        .map(|(_, v)| v.clone())
        .collect();
    headers.retain(|(n, _)| n != "Link");
    let root_link = format!(
        "<{}/wp-json/>; rel=\"https://api.w.org/\"",
        app.config.site_url
    );
    let link = if links.is_empty() {
        root_link
    } else {
        links.join(", ")
    };
    let (status, body) = if query.contains_key("_envelope") {
        let mut envelope_headers = Map::new();
        for (name, value) in &headers {
            envelope_headers.insert(name.clone(), json!(value));
        }
        // PHP writes an empty header array as a JSON list.
        let envelope_headers = if envelope_headers.is_empty() {
            json!([])
        } else {
            Value::Object(envelope_headers)
        };
        (
            200,
            json!({ "body": data, "status": status, "headers": envelope_headers }),
        )
    } else {
        (status, data)
    };
    let mut all = vec![
        ("Link".to_owned(), link),
        (
            "Content-Type".to_owned(),
            "application/json; charset=UTF-8".to_owned(),
        ),
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
    all.extend(headers);
    let body = if req.method == "HEAD" {
        String::new()
    } else {
        serde_json::to_string(&body).unwrap_or_default()
    };
    RestResponse {
        status,
        headers: all,
        body,
    }
}

/// `_embed`: each item's author, in the embed context, under `_embedded`.
fn embed(call: &Call<'_>, data: &mut Value) {
    match data {
        Value::Array(items) => items.iter_mut().for_each(|item| embed_one(call, item)),
        item => embed_one(call, item),
    }
}

fn embed_one(call: &Call<'_>, item: &mut Value) {
    let Some(href) = item
        .pointer("/_links/author/0/href")
        .and_then(Value::as_str)
    else {
        return;
    };
    let Some(id) = href
        .rsplit('/')
        .next()
        .and_then(|id| id.parse::<i64>().ok())
    else {
        return;
    };
    let Some(author) = super::users::embedded(call, id) else {
        return;
    };
    if let Value::Object(map) = item {
        map.insert("_embedded".to_owned(), json!({ "author": [author] }));
    }
}
