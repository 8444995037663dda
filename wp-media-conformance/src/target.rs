//! Where a case is sent: a fresh server in this process ([`Local`]) or a live WordPress
//! ([`live`]), each with the same users, and what comes back ([`send`]).

use crate::case::{Case, Corpus};
use base64::Engine;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;
use wp_media_server::storage::Folder;

/// The headers an answer is compared on; the others (dates, server names, cache hints) are not
/// part of what the media routes promise.
pub const KEPT_HEADERS: &[&str] = &[
    "allow",
    "location",
    "x-wp-total",
    "x-wp-totalpages",
    "link",
    "content-type",
];

/// The users besides `admin` (id 1) and `author1` (id 2, which a fresh WordPress already has),
/// created in this order on both sides so that their ids agree.
const EXTRA_USERS: &[(&str, &str)] = &[
    ("editor1", "editor"),
    ("contributor1", "contributor"),
    ("subscriber1", "subscriber"),
];

/// Credentials that are not a role's: `anonymous` sends none.
pub const BAD_AUTH: &[&str] = &[
    "anonymous",
    "bad-password",
    "unknown-user",
    "unknown-email",
    "admin-by-email",
    "admin-upper-case",
    "admin-spaced-markup",
    "admin-by-upper-case-email",
    "malformed",
];

pub struct Target {
    /// Where requests go.
    pub base: String,
    /// The site's address, as its answers name it: `base`, unless the target serves another
    /// site's database (see [`Local::on_database`]).
    pub site: String,
    /// Login and application password per role name.
    credentials: BTreeMap<String, (String, String)>,
    agent: ureq::Agent,
}

fn agent() -> ureq::Agent {
    // WordPress makes every sub-size of a large upload before it answers: tens of seconds.
    ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(300))
        .redirects(0)
        .build()
}

/// A fresh server on a free port of this process, with the users and the site title a freshly
/// started WordPress has. It stops when dropped.
pub struct Local {
    pub target: Target,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _data: Option<tempfile::TempDir>,
}

impl Local {
    pub fn start() -> Result<Local, String> {
        use wp_media_server::store::{options, users, SqliteStore, Store};
        let error = |e: &dyn std::fmt::Display| format!("starting the local server: {e}");
        let data = tempfile::tempdir().map_err(|e| error(&e))?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| error(&e))?;
        let addr = listener.local_addr().map_err(|e| error(&e))?;
        let site_url = format!("http://{addr}");
        let opened = SqliteStore::open(data.path(), &site_url).map_err(|e| error(&e))?;
        let store = &opened.store;
        let mut credentials = BTreeMap::new();
        let admin_password = opened
            .admin_password
            .clone()
            .ok_or("a new store made no admin password")?;
        credentials.insert("admin".to_owned(), ("admin".to_owned(), admin_password));
        // The recorded WordPress was installed with this title.
        store
            .set_option(options::BLOGNAME, "WP REST Oracle")
            .map_err(|e| error(&e))?;
        let author = users::create_user(store, "author1", "author", None).map_err(|e| error(&e))?;
        // The store has no way to rename a user, which the server never does.
        rusqlite::Connection::open(data.path().join("wp.sqlite"))
            .and_then(|db| {
                db.execute(
                    "UPDATE users SET display_name = 'Author One' WHERE id = ?1",
                    [author.id],
                )
            })
            .map_err(|e| error(&e))?;
        let password = users::create_app_password(store, "author1").map_err(|e| error(&e))?;
        credentials.insert("author".to_owned(), ("author1".to_owned(), password));
        for (login, role) in EXTRA_USERS {
            users::create_user(store, login, role, None).map_err(|e| error(&e))?;
            let password = users::create_app_password(store, login).map_err(|e| error(&e))?;
            credentials.insert(role.to_string(), (login.to_string(), password));
        }
        let config = wp_media_server::Config {
            addr,
            data: data.path().to_owned(),
            site_url: site_url.clone(),
            max_upload_size: 64 << 20,
            image_sizes: Default::default(),
            uploads_url: None,
            permalinks: Default::default(),
            year_month_folders: true,
        };
        let uploads = Folder::new(opened.store.uploads_dir().to_owned());
        let app = wp_media_server::App::new(config, opened.store, uploads);
        let mut local = Local::serve(listener, app).map_err(|e| error(&e))?;
        local.target.credentials = credentials;
        local._data = Some(data);
        Ok(local)
    }

    /// A server in this process on the database and uploads folder of the live `wordpress`
    /// (freshly reset), answering as that site with the same users: the two share one site.
    pub fn on_database(
        wordpress: &Target,
        database: &str,
        uploads: &std::path::Path,
    ) -> Result<Local, String> {
        let error = |e: &dyn std::fmt::Display| format!("starting the server on {database}: {e}");
        let store =
            wp_media_server::store::MariaDbStore::open(database, "wp_").map_err(|e| error(&e))?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| error(&e))?;
        let addr = listener.local_addr().map_err(|e| error(&e))?;
        // As the server's command reads them: the site's Media settings.
        use wp_media_server::images::sizes::{SiteSizes, BIG_IMAGE_THRESHOLD};
        use wp_media_server::store::Store;
        let image_sizes = SiteSizes::of(
            |name| store.option(name),
            Vec::new(),
            Some(BIG_IMAGE_THRESHOLD),
        )
        .map_err(|e| error(&e))?;
        let structure = store
            .option("permalink_structure")
            .map_err(|e| error(&e))?
            .unwrap_or_default();
        let config = wp_media_server::Config {
            addr,
            data: uploads.to_owned(),
            site_url: wordpress.site.clone(),
            max_upload_size: 64 << 20,
            image_sizes,
            uploads_url: None,
            permalinks: wp_media_server::names::permalinks::Permalinks::new(&structure),
            year_month_folders: wp_media_server::config::is_set(
                &store
                    .option("uploads_use_yearmonth_folders")
                    .map_err(|e| error(&e))?
                    .unwrap_or_default(),
            ),
        };
        let app = wp_media_server::App::new(config, store, Folder::new(uploads.to_owned()));
        let mut local = Local::serve(listener, app).map_err(|e| error(&e))?;
        local.target.site = wordpress.site.clone();
        local.target.credentials = wordpress.credentials.clone();
        Ok(local)
    }

    /// Serves `app` on `listener` from a thread of its own until dropped.
    fn serve(listener: std::net::TcpListener, app: wp_media_server::App) -> std::io::Result<Local> {
        let base = format!("http://{}", listener.local_addr()?);
        let app = Arc::new(app);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        listener.set_nonblocking(true)?;
        let thread = std::thread::spawn(move || {
            let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime");
            runtime.block_on(async move {
                let listener =
                    tokio::net::TcpListener::from_std(listener).expect("a bound listener");
                let router = wp_media_server::server::router(app);
                wp_media_server::server::run(listener, router, async {
                    let _ = stopped.await;
                })
                .await;
            });
        });
        Ok(Local {
            target: Target {
                site: base.clone(),
                base,
                credentials: BTreeMap::new(),
                agent: agent(),
            },
            stop: Some(stop),
            thread: Some(thread),
            _data: None,
        })
    }
}

impl Drop for Local {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A live WordPress at `base` whose `admin` has `admin_password` (an application password): the
/// other roles' users are created, as [`Local::start`] creates them, so it must be fresh.
pub fn live(base: &str, admin_password: &str) -> Result<Target, String> {
    let base = base.trim_end_matches('/').to_owned();
    let admin = ("admin".to_owned(), admin_password.to_owned());
    let auth = basic(&admin.0, &admin.1);
    let agent = agent();
    let post = |path: &str, body: Value| -> Result<Value, String> {
        agent
            .post(&format!("{base}/wp-json{path}"))
            .set("Authorization", &auth)
            .send_json(body)
            .map_err(|e| format!("{base}{path}: {e}"))?
            .into_json()
            .map_err(|e| format!("{base}{path}: {e}"))
    };
    let app_password = |id: i64| -> Result<String, String> {
        let created = post(
            &format!("/wp/v2/users/{id}/application-passwords"),
            json!({ "name": "conformance" }),
        )?;
        created["password"]
            .as_str()
            .map(str::to_owned)
            .ok_or_else(|| format!("no application password for user {id}: {created}"))
    };
    let mut credentials = BTreeMap::new();
    credentials.insert(
        "author".to_owned(),
        ("author1".to_owned(), app_password(2)?),
    );
    for (login, role) in EXTRA_USERS {
        let user = post(
            "/wp/v2/users",
            json!({ "username": login, "email": format!("{login}@example.com"), "password": "password", "roles": [role], "name": login }),
        )?;
        let id = user["id"]
            .as_i64()
            .ok_or_else(|| format!("creating {login}: {user}"))?;
        credentials.insert(role.to_string(), (login.to_string(), app_password(id)?));
    }
    credentials.insert("admin".to_owned(), admin);
    Ok(Target {
        site: base.clone(),
        base,
        credentials,
        agent,
    })
}

fn basic(login: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
    )
}

impl Target {
    /// The `Authorization` header a case's `auth` stands for.
    pub fn authorization(&self, auth: &str) -> Result<Option<String>, String> {
        let admin = &self.credentials["admin"];
        Ok(Some(match auth {
            "anonymous" => return Ok(None),
            "bad-password" => basic("admin", "aaaa bbbb cccc dddd eeee ffff"),
            "unknown-user" => basic("nobody", &admin.1),
            "unknown-email" => basic("nobody@example.com", &admin.1),
            "admin-by-email" => basic("admin@example.com", &admin.1),
            "admin-upper-case" => basic("ADMIN", &admin.1),
            "admin-spaced-markup" => basic("  <b>ad</b>min\t", &admin.1),
            "admin-by-upper-case-email" => basic("Admin@Example.COM", &admin.1),
            "malformed" => "Basic !!!".to_owned(),
            role => {
                let (login, password) = self
                    .credentials
                    .get(role)
                    .ok_or_else(|| format!("no user for auth {role:?}"))?;
                basic(login, password)
            }
        }))
    }
}

/// Sends a case and returns its answer: `{status, headers, body}` with the [`KEPT_HEADERS`] and
/// the body as JSON (a string when it is not JSON, null when empty). Only a failure to reach the
/// target is an error; every HTTP status is an answer.
pub fn send(target: &Target, case: &Case, corpus: &Corpus) -> Result<Value, String> {
    let url = format!(
        "{}{}",
        target.base,
        crate::case::fill_placeholders(&case.path, &target.site)
    );
    let (body, content_type) = case
        .body_bytes(corpus, &target.site)
        .map_err(|e| format!("{}: the body: {e}", case.name))?;
    let mut request = target.agent.request(&case.method, &url);
    if let Some(auth) = target.authorization(&case.auth)? {
        request = request.set("Authorization", &auth);
    }
    if let Some(ct) = content_type {
        request = request.set("Content-Type", &ct);
    }
    for (name, value) in case.header_values(&body) {
        request = request.set(&name, &value);
    }
    let response = match request.send_bytes(&body) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => return Err(format!("{} {url}: {e}", case.method)),
    };
    let status = response.status();
    let mut headers = Map::new();
    for name in KEPT_HEADERS {
        let values: Vec<&str> = response.all(name);
        if !values.is_empty() {
            headers.insert(name.to_string(), json!(values.join(", ")));
        }
    }
    let text = response
        .into_string()
        .map_err(|e| format!("{} {url}: reading the body: {e}", case.method))?;
    let text = without_php_warnings(&text);
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text)
            .or_else(|_| jsonp(&text).ok_or(()))
            .unwrap_or(Value::String(text))
    };
    Ok(json!({ "status": status, "headers": headers, "body": body }))
}

/// A JSONP body, `/**/NAME(JSON)`, as `{"jsonp": NAME, "data": JSON}`: its data is then compared
/// and masked as a JSON body's is.
fn jsonp(text: &str) -> Option<Value> {
    let (name, rest) = text.strip_prefix("/**/")?.split_once('(')?;
    let data: Value = serde_json::from_str(rest.strip_suffix(')')?).ok()?;
    Some(json!({ "jsonp": name, "data": data }))
}

/// The body without the warnings, notices and deprecation messages PHP prints before it when the
/// site displays errors, as the loopback WordPress does: a production site sends the body alone.
/// A fatal error is the whole answer and stays.
fn without_php_warnings(text: &str) -> String {
    let mut rest = text;
    while let Some(after) = rest.strip_prefix("<br />\n<b>") {
        let minor = ["Warning</b>:", "Notice</b>:", "Deprecated</b>:"]
            .iter()
            .any(|kind| after.starts_with(kind));
        let Some(end) = after.find("<br />\n") else {
            break;
        };
        if !minor {
            break;
        }
        rest = &after[end + "<br />\n".len()..];
    }
    rest.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn php_warnings_before_a_body_are_left_out_and_fatal_errors_kept() {
        let warned = "<br />\n<b>Warning</b>:  Undefined array key \"file\" in <b>/x.php</b> on line <b>1434</b><br />\n<br />\n<b>Deprecated</b>:  y in <b>/y.php</b> on line <b>9</b><br />\n{\"code\":\"c\"}";
        assert_eq!(without_php_warnings(warned), "{\"code\":\"c\"}");
        let fatal = "<br />\n<b>Fatal error</b>:  Uncaught TypeError in <b>/x.php</b>:1628<br />\n";
        assert_eq!(without_php_warnings(fatal), fatal);
        assert_eq!(without_php_warnings("[]"), "[]");
    }
}
