//! Finding a site's REST root from its address, as WordPress advertises it.

use crate::body::Encoded;
use crate::client::{Client, ClientBuilder};
use crate::decode::wp_error;
use crate::error::Error;
use crate::exchange::Sender;
use crate::link;
use crate::root::{check_absolute, Root};
use http::header::CONTENT_TYPE;
use http::{Method, Response, StatusCode};
use serde_json::Value;

/// The relation type of WordPress's `Link` to its REST root (`rest_output_link_header`).
const API_REL: &str = "https://api.w.org/";

impl ClientBuilder {
    /// A client for the site whose home is `site` (`http://localhost:8069`,
    /// `https://example.com/blog/`), its REST root found as WordPress's own discovery says:
    ///
    /// 1. the `Link` with `rel="https://api.w.org/"` on the site's front page;
    /// 2. else `{site}/wp-json/`, when it answers with the REST index (an object with `routes` or
    ///    `namespaces`): pretty permalinks;
    /// 3. else `{site}/?rest_route=/`, likewise: plain permalinks.
    ///
    /// In 2 and 3, WordPress's error body with 401 or 403 also counts: sites that close the REST
    /// API to visitors who are not logged in answer the index so, and discovery sends no
    /// credentials. Redirects are followed by the transport. A front page that gets no answer is
    /// that [`Error::Transport`] or [`Error::Timeout`]; nothing found is
    /// [`Error::NotWordPress`], with each URL tried and what it answered.
    pub async fn discover(self, site: &str) -> Result<Client, Error> {
        let sender = self.sender()?;
        let root = find_root(&sender, site).await?;
        Ok(Client::new(sender, root))
    }
}

async fn find_root(sender: &Sender, site: &str) -> Result<Root, Error> {
    let home = home(site)?;
    let mut tried = Vec::new();

    let front = format!("{home}/");
    match get(sender, &front).await {
        // A site that does not answer at all is not reachable, rather than not WordPress.
        Err(e @ (Error::Transport { .. } | Error::Timeout { .. })) => return Err(e),
        Ok(response) => match link::find(response.headers(), API_REL) {
            Some(target) => match Root::parse(&target) {
                Ok(root) => return Ok(root),
                Err(e) => tried.push(format!("{front}: its link to the REST API: {e}")),
            },
            None => tried.push(format!(
                "{}, no Link rel=\"{API_REL}\"",
                answered(&front, &response)
            )),
        },
        Err(e) => tried.push(failed(&front, e)),
    }

    let candidates = [
        (
            format!("{home}/wp-json/"),
            Root::Pretty(format!("{home}/wp-json")),
        ),
        (
            format!("{home}/?rest_route=/"),
            Root::Plain(format!("{home}/")),
        ),
    ];
    for (url, root) in candidates {
        match get(sender, &url).await {
            Ok(response) if is_rest_index(&response) => return Ok(root),
            Ok(response) => tried.push(answered(&url, &response)),
            Err(e) => tried.push(failed(&url, e)),
        }
    }
    Err(Error::NotWordPress {
        site: site.to_owned(),
        tried,
    })
}

/// The home URL without its trailing slashes, so that paths can be appended.
fn home(site: &str) -> Result<&str, Error> {
    let site = site.trim();
    if site.contains(['?', '#']) {
        return Err(Error::Config(format!(
            "{site} is not a site's home URL: it has a query or a fragment"
        )));
    }
    let home = site.trim_end_matches('/');
    check_absolute(home)?;
    Ok(home)
}

async fn get(sender: &Sender, url: &str) -> Result<Response<Vec<u8>>, Error> {
    sender
        .exchange(&Method::GET, url, &Encoded::default(), false)
        .await
}

fn is_rest_index(response: &Response<Vec<u8>>) -> bool {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(response.body()) else {
        return false;
    };
    let status = response.status();
    if status.is_success() {
        return body.contains_key("routes") || body.contains_key("namespaces");
    }
    let closed = status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN;
    closed && wp_error(&body).is_some()
}

/// `http://x/wp-json/: 404 text/html`
fn answered(url: &str, response: &Response<Vec<u8>>) -> String {
    let status = response.status().as_u16();
    let media_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(str::trim)
        .filter(|value| !value.is_empty());
    match media_type {
        Some(media_type) => format!("{url}: {status} {media_type}"),
        None => format!("{url}: {status}"),
    }
}

fn failed(url: &str, error: Error) -> String {
    match error {
        Error::Transport { source, .. } => format!("{url}: no answer ({source})"),
        Error::Timeout { after, .. } => format!("{url}: no answer within {after:?}"),
        other => format!("{url}: {other}"),
    }
}
