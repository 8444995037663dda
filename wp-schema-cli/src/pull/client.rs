//! Asking a live WordPress for route documents over HTTP, and saying clearly why an answer is not
//! one: an unreachable site, a refused login, or something that is not WordPress's REST API.

use serde_json::Value;
use std::io::Read;
use std::time::Duration;

/// A site's REST API, reached at `/wp-json/…` or, with plain permalinks, at `/?rest_route=…`.
pub struct Site {
    agent: ureq::Agent,
    base: String,
    authorization: Option<String>,
    plain_permalinks: bool,
}

/// The largest answer read: a core `?context=help` index is about 1.4 MB.
const MAX_BODY: u64 = 256 * 1024 * 1024;

impl Site {
    /// `base` is the site's address; a trailing `/` or `/wp-json` is dropped.
    pub fn new(base: &str, credentials: Option<(&str, &str)>) -> Result<Site, String> {
        let base = normalize_base(base)?;
        let agent = ureq::AgentBuilder::new()
            .timeout_connect(Duration::from_secs(15))
            .timeout(Duration::from_secs(120))
            .user_agent(concat!("wp-schema/", env!("CARGO_PKG_VERSION")))
            .build();
        let authorization = credentials.map(|(user, password)| basic_auth(user, password));
        Ok(Site {
            agent,
            base,
            authorization,
            plain_permalinks: false,
        })
    }

    /// The site's address as the user gave it, normalized.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends `method` to the REST path `route` with `query` (already encoded, may be empty) and
    /// decodes the JSON answer. Tries `/wp-json` first and `?rest_route=` when that is not served.
    pub fn request(&mut self, method: &str, route: &str, query: &str) -> Result<Value, String> {
        if !self.plain_permalinks {
            let url = format!("{}/wp-json{route}{}", self.base, query_part('?', query));
            match self.send(method, &url)? {
                Answer::NotServed => self.plain_permalinks = true,
                Answer::Json(value) => return Ok(value),
            }
        }
        let url = format!(
            "{}/?rest_route={}{}",
            self.base,
            encode_route(route),
            query_part('&', query)
        );
        match self.send(method, &url)? {
            Answer::Json(value) => Ok(value),
            Answer::NotServed => Err(format!(
                "{url} did not answer as a WordPress REST API (404 without a JSON body, \
                 and {}/wp-json{route} neither)",
                self.base
            )),
        }
    }

    fn send(&self, method: &str, url: &str) -> Result<Answer, String> {
        let mut request = self.agent.request(method, url);
        if let Some(authorization) = &self.authorization {
            request = request.set("Authorization", authorization);
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(e)) => return Err(format!("cannot reach {url}: {e}")),
        };
        let status = response.status();
        let body = read_body(response).map_err(|e| format!("{url}: reading the answer: {e}"))?;
        let json: Option<Value> = serde_json::from_slice(&body).ok();
        match (status, json) {
            (200..=299, Some(value)) => Ok(Answer::Json(value)),
            (404, None) => Ok(Answer::NotServed),
            (401 | 403, json) => Err(self.refused(url, status, json.as_ref())),
            (_, Some(error)) if error.get("code").is_some() => Err(format!(
                "{url} answered {status}: {}",
                describe_wp_error(&error)
            )),
            (_, _) => Err(format!(
                "{url} did not answer as a WordPress REST API (HTTP {status}, not WordPress's \
                 JSON; it begins: {})",
                beginning(&body)
            )),
        }
    }

    fn refused(&self, url: &str, status: u16, json: Option<&Value>) -> String {
        let said = json.map_or_else(|| "no WordPress error body".to_owned(), describe_wp_error);
        let hint = if self.authorization.is_some() {
            "check --user and --password (an application password: Users → Profile → \
             Application Passwords)"
        } else {
            "the site wants a login: pass --user and --password (an application password)"
        };
        format!("{url} answered {status} ({said}); {hint}")
    }
}

enum Answer {
    Json(Value),
    /// A 404 that is not WordPress's JSON: the REST API is not at this URL.
    NotServed,
}

fn normalize_base(base: &str) -> Result<String, String> {
    let trimmed = base.trim().trim_end_matches('/');
    let trimmed = trimmed.strip_suffix("/wp-json").unwrap_or(trimmed);
    if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
        return Err(format!(
            "{base}: the site's address must start with http:// or https://"
        ));
    }
    Ok(trimmed.to_owned())
}

fn basic_auth(user: &str, password: &str) -> String {
    use base64::Engine;
    let pair = format!("{user}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(pair)
    )
}

fn query_part(separator: char, query: &str) -> String {
    if query.is_empty() {
        String::new()
    } else {
        format!("{separator}{query}")
    }
}

/// The route as a query value: its `/` stay readable, as WordPress writes them in its own links.
fn encode_route(route: &str) -> String {
    percent_encoding::utf8_percent_encode(route, ROUTE_VALUE).to_string()
}

const ROUTE_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'_')
    .remove(b'.');

fn read_body(response: ureq::Response) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    response
        .into_reader()
        .take(MAX_BODY)
        .read_to_end(&mut body)?;
    Ok(body)
}

/// `code: message`, from a WordPress error body.
fn describe_wp_error(error: &Value) -> String {
    let code = error.get("code").and_then(Value::as_str).unwrap_or("?");
    let message = error.get("message").and_then(Value::as_str).unwrap_or("");
    format!("{code}: {message}")
}

/// The first characters of an answer that is not JSON, on one line.
fn beginning(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        return "(an empty body)".to_owned();
    }
    let mut shown: String = line.chars().take(80).collect();
    if shown.len() < line.len() {
        shown.push('…');
    }
    format!("{shown:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalized() {
        for given in [
            "http://example.test",
            "http://example.test/",
            "http://example.test/wp-json",
            "http://example.test/wp-json/",
        ] {
            assert_eq!(normalize_base(given).unwrap(), "http://example.test");
        }
        assert!(normalize_base("example.test")
            .unwrap_err()
            .contains("http://"));
    }

    #[test]
    fn routes_keep_their_slashes_in_the_query() {
        assert_eq!(encode_route("/wp/v2/media"), "/wp/v2/media");
        assert_eq!(
            encode_route(r"/wp/v2/media/(?P<id>[\d]+)"),
            "/wp/v2/media/%28%3FP%3Cid%3E%5B%5Cd%5D%2B%29"
        );
    }

    #[test]
    fn basic_auth_is_login_colon_password_in_base64() {
        assert_eq!(
            basic_auth("admin", "pass word"),
            "Basic YWRtaW46cGFzcyB3b3Jk"
        );
    }
}
