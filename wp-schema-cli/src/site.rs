//! Asking a live WordPress's REST API over HTTP, and saying clearly why an answer is not one: an
//! unreachable site, a refused login, a body cut off on the way, or something that is not
//! WordPress's REST API.

use serde_json::Value;
use std::io::Read;
use std::time::Duration;

/// The login of `pull` and `check`: Basic auth with an application password.
#[derive(clap::Args)]
pub struct Login {
    /// Log in as this user (Basic auth with an application password), for what a visitor
    /// cannot see.
    #[arg(long, value_name = "LOGIN", requires = "password")]
    pub user: Option<String>,
    /// The user's application password (spaces allowed).
    #[arg(
        long,
        value_name = "PASSWORD",
        env = "WP_SCHEMA_PASSWORD",
        hide_env_values = true,
        requires = "user"
    )]
    pub password: Option<String>,
}

impl Login {
    /// Login and password, when given.
    pub fn credentials(&self) -> Option<(&str, &str)> {
        self.user.as_deref().zip(self.password.as_deref())
    }
}

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
        let (url, reply) = self.send_to_api(method, route, query, true)?;
        match reply {
            Reply {
                status: 200..=299,
                json: Some(value),
                ..
            } => Ok(value),
            reply => Err(self.not_an_answer(&url, reply)),
        }
    }

    /// GETs the REST path `route` with `query`, as the user or (`as_user` false) as a visitor.
    /// Any status is an answer, its body `None` when it is not JSON (a route may send a file); a
    /// body cut off on the way is an error.
    pub fn fetch(&mut self, route: &str, query: &str, as_user: bool) -> Result<Fetched, String> {
        let (url, reply) = self.send_to_api("GET", route, query, as_user)?;
        Ok(Fetched {
            url,
            status: reply.status,
            json: reply.json,
        })
    }

    /// The site's front page as text (WordPress names its version in a `generator` meta tag).
    pub fn front_page(&self) -> Result<String, String> {
        let url = format!("{}/", self.base);
        let reply = self.send("GET", &url, false)?;
        Ok(String::from_utf8_lossy(&reply.body).into_owned())
    }

    /// Sends to `/wp-json{route}`, or to `/?rest_route=` once the site has shown it does not serve
    /// that path; returns the URL that answered.
    fn send_to_api(
        &mut self,
        method: &str,
        route: &str,
        query: &str,
        as_user: bool,
    ) -> Result<(String, Reply), String> {
        if !self.plain_permalinks {
            let url = format!("{}/wp-json{route}{}", self.base, query_part('?', query));
            let reply = self.send(method, &url, as_user)?;
            if !(reply.status == 404 && reply.json.is_none()) {
                return Ok((url, reply));
            }
            self.plain_permalinks = true;
        }
        let url = format!(
            "{}/?rest_route={}{}",
            self.base,
            encode_route(route),
            query_part('&', query)
        );
        let reply = self.send(method, &url, as_user)?;
        if reply.status == 404 && reply.json.is_none() {
            return Err(format!(
                "{url} did not answer as a WordPress REST API (404 without a JSON body, \
                 and {}/wp-json{route} neither)",
                self.base
            ));
        }
        Ok((url, reply))
    }

    fn send(&self, method: &str, url: &str, as_user: bool) -> Result<Reply, String> {
        let mut request = self.agent.request(method, url);
        if let Some(authorization) = self.authorization.as_ref().filter(|_| as_user) {
            request = request.set("Authorization", authorization);
        }
        let response = match request.call() {
            Ok(response) => response,
            Err(ureq::Error::Status(_, response)) => response,
            Err(ureq::Error::Transport(e)) => return Err(format!("cannot reach {url}: {e}")),
        };
        let status = response.status();
        let body = read_body(response).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => {
                format!("{url}: the answer was cut off before its end ({e})")
            }
            _ => format!("{url}: reading the answer: {e}"),
        })?;
        let json = match serde_json::from_slice::<Value>(&body) {
            Ok(value) => Some(value),
            Err(e) if e.is_eof() && looks_like_json(&body) => {
                return Err(format!(
                    "{url}: the answer was cut off: {} bytes of JSON that end before the JSON does",
                    body.len()
                ))
            }
            Err(_) => None,
        };
        Ok(Reply { status, body, json })
    }

    /// Why an answer is not the JSON asked for.
    fn not_an_answer(&self, url: &str, reply: Reply) -> String {
        match (reply.status, reply.json) {
            (401 | 403, json) => self.refused(url, reply.status, json.as_ref()),
            (status, Some(error)) if error.get("code").is_some() => {
                format!("{url} answered {status}: {}", describe_wp_error(&error))
            }
            (status, _) => format!(
                "{url} did not answer as a WordPress REST API (HTTP {status}, not WordPress's \
                 JSON; it begins: {})",
                beginning(&reply.body)
            ),
        }
    }

    /// Why the site refused the login (or wants one).
    pub fn refused(&self, url: &str, status: u16, json: Option<&Value>) -> String {
        let said = json.map_or_else(|| "no WordPress error body".to_owned(), describe_wp_error);
        let hint = if self.authorization.is_some() {
            "check --user and --password (an application password: Users → Profile → \
             Application Passwords)"
        } else {
            "the site wants a login: pass --user and --password (an application password)"
        };
        format!("{url} answered {status} ({said}); {hint}")
    }

    /// Whether requests carry a login.
    pub fn has_credentials(&self) -> bool {
        self.authorization.is_some()
    }
}

/// A GET's answer: its status and JSON body, and the URL that gave it.
pub struct Fetched {
    pub url: String,
    pub status: u16,
    pub json: Option<Value>,
}

/// What came back: status, body, and the body as JSON when it is JSON.
struct Reply {
    status: u16,
    body: Vec<u8>,
    json: Option<Value>,
}

/// A body that starts as JSON does: cut short, it is a truncated answer rather than another
/// kind of page.
fn looks_like_json(body: &[u8]) -> bool {
    matches!(
        body.iter().find(|b| !b.is_ascii_whitespace()),
        Some(b'{' | b'[')
    )
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
