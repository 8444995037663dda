//! The `media-client` command: its arguments, what each subcommand does, and the one line it
//! prints when something fails. The binary only parses, connects and exits, so that tests drive
//! [`connect`] and [`run`] with a transport of their own and read what they print.

use crate::media;
use clap::{Args, Parser, Subcommand};
use futures_util::StreamExt;
use http::Method;
use serde::de::IgnoredAny;
use std::ffi::OsStr;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use wp_schema_client::{AppPassword, Call, Client, Error, Page, Transport, Upload};

/// The media library of a WordPress site, over its REST API: list, upload, set alt text, delete.
///
/// Works on any WordPress site whose REST API is on (the default). Writing needs an application
/// password: Users → Profile → Application Passwords in the site's admin (WordPress 5.6 and
/// later).
#[derive(Debug, Parser)]
#[command(name = "media-client", version)]
pub struct Cli {
    #[command(flatten)]
    pub site: Site,
    #[command(subcommand)]
    pub command: Command,
}

/// Which site, and as whom.
#[derive(Debug, Args)]
pub struct Site {
    /// The site's address (https://example.com, https://example.com/blog); its REST API is found
    /// from there, whatever its permalinks.
    #[arg(long = "site", value_name = "URL")]
    pub url: String,
    /// The user the application password belongs to.
    #[arg(long)]
    pub user: Option<String>,
    /// An application password of that user, with or without the spaces WordPress shows.
    #[arg(long, env = "WP_APP_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lists the media library, newest first: id, MIME type, title and alt text, one item a line.
    List(List),
    /// Uploads a file and prints its new id and address.
    Upload(UploadFile),
    /// Sets an item's alt text and prints the id and the text WordPress kept.
    Alt {
        /// The item's id.
        id: u64,
        /// The new alt text; an empty one removes it.
        text: String,
    },
    /// Deletes an item for good, with its files (media have no trash), and prints what it was.
    Delete {
        /// The item's id.
        id: u64,
    },
}

#[derive(Debug, Args)]
pub struct List {
    /// Items a page: 1 to 100, 10 when not given.
    #[arg(long, value_name = "N")]
    pub per_page: Option<i64>,
    /// Only the items whose title, caption or description holds TEXT.
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Every page, not only the first, with progress on stderr after each. Without it, stderr
    /// tells when there are more pages.
    #[arg(long)]
    pub all: bool,
}

#[derive(Debug, Args)]
pub struct UploadFile {
    /// The file; its content type comes from its extension.
    pub file: PathBuf,
    /// The title; WordPress makes one from the file name when none is given.
    #[arg(long)]
    pub title: Option<String>,
    /// The alt text, for an image.
    #[arg(long)]
    pub alt_text: Option<String>,
    /// Sends a multipart form, as a browser's upload does, instead of the file as the whole body
    /// and the other fields in the query.
    #[arg(long)]
    pub multipart: bool,
}

/// What stopped a command.
#[derive(Debug)]
pub enum Failure {
    /// The site's answer, or the lack of one.
    Site(Error),
    /// The file to upload could not be read.
    Read { path: PathBuf, source: io::Error },
    /// The output could not be written (a closed pipe, a full disk).
    Write(io::Error),
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::Site(error)
    }
}

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        Failure::Write(error)
    }
}

/// A client for `site` over `transport`, its REST root found by discovery, sending the
/// application password with every request when one is given.
///
/// The login is checked at once: WordPress reads credentials after it has decided whether to
/// refuse a request for them, so a wrong password is not refused but makes the request a
/// visitor's, and a listing would quietly leave out what only the user may see.
pub async fn connect(site: &Site, transport: impl Transport) -> Result<media::Client, Error> {
    let auth = match (&site.user, &site.password) {
        (Some(user), Some(password)) => Some(AppPassword::new(user, password)),
        (None, None) => None,
        // Sending one without the other would only earn a 401 that blames the wrong thing.
        (Some(_), None) => {
            return Err(Error::Config(
                "--user needs --password (or WP_APP_PASSWORD)".to_owned(),
            ))
        }
        (None, Some(_)) => {
            return Err(Error::Config(
                "an application password needs --user".to_owned(),
            ))
        }
    };
    let mut builder = Client::builder().transport(transport);
    let logged_in = auth.is_some();
    if let Some(auth) = auth {
        builder = builder.auth(auth);
    }
    let client = builder.discover(&site.url).await?;
    if logged_in {
        let mut me = Call::new(Method::GET, "/wp/v2/users/me", "/wp/v2/users/me".to_owned());
        me.query.push(("_fields".to_owned(), "id".into()));
        match client.send::<IgnoredAny>(me).await {
            // Anything else (a plugin that hides the users routes, say) is left for the
            // command's own request to meet.
            Err(error) if error.is_unauthorized() => return Err(error),
            Ok(_) | Err(_) => {}
        }
    }
    Ok(media::Client::new(client))
}

/// Runs `command`: results to `out`, the progress of a long listing to `progress`.
pub async fn run(
    command: Command,
    client: &media::Client,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> Result<(), Failure> {
    match command {
        Command::List(list) => list_items(client, list, out, progress).await,
        Command::Upload(upload) => upload_file(client, upload, out).await,
        Command::Alt { id, text } => {
            let item = client.attachment_update(id).alt_text(text).send().await?;
            writeln!(out, "{} alt={:?}", item.id, item.alt_text)?;
            Ok(())
        }
        Command::Delete { id } => {
            let deleted = client
                .attachment_delete(id)
                .force(true)
                .returning::<Deleted>()
                .send()
                .await?;
            let item = deleted.previous;
            writeln!(
                out,
                "deleted {} {} {:?}",
                item.id, item.mime_type, item.title.raw
            )?;
            Ok(())
        }
    }
}

/// WordPress's answer to a forced delete: the item as it was, in the edit context.
#[derive(serde::Deserialize)]
struct Deleted {
    previous: media::AttachmentEdit,
}

async fn list_items(
    client: &media::Client,
    list: List,
    out: &mut impl Write,
    progress: &mut impl Write,
) -> Result<(), Failure> {
    let mut request = client.attachment_list();
    if let Some(per_page) = list.per_page {
        request = request.per_page(per_page);
    }
    if let Some(search) = list.search {
        request = request.search(search);
    }
    if !list.all {
        let page = request.send().await?;
        for item in &page.items {
            writeln!(out, "{}", item_line(item))?;
        }
        if page.total_pages.is_some_and(|total| total > page.number) {
            let counted = page_progress(&page, page.items.len());
            writeln!(progress, "{counted} (--all lists every page)")?;
        }
        return Ok(());
    }
    let mut pages = request.pages();
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        let page = page?;
        for item in &page.items {
            writeln!(out, "{}", item_line(item))?;
        }
        seen += page.items.len();
        writeln!(progress, "{}", page_progress(&page, seen))?;
    }
    Ok(())
}

/// `page 2/5, 40 of 93 items`, with `seen` items listed so far.
fn page_progress<T>(page: &Page<T>, seen: usize) -> String {
    // WordPress counts no pages in an empty collection, yet answers one.
    let pages = page.total_pages.map(|total| total.max(page.number));
    format!(
        "page {}/{}, {seen} of {} items",
        page.number,
        or_unknown(pages),
        or_unknown(page.total)
    )
}

fn item_line(item: &media::AttachmentView) -> String {
    format!(
        "{} {} {:?} alt={:?}",
        item.id, item.mime_type, item.title.rendered, item.alt_text
    )
}

/// A total a site left out (a plugin can remove the headers) shows as `?`.
fn or_unknown(number: Option<u64>) -> String {
    number.map_or_else(|| "?".to_owned(), |n| n.to_string())
}

async fn upload_file(
    client: &media::Client,
    upload: UploadFile,
    out: &mut impl Write,
) -> Result<(), Failure> {
    let bytes = std::fs::read(&upload.file).map_err(|source| Failure::Read {
        path: upload.file.clone(),
        source,
    })?;
    let filename = upload
        .file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file = Upload::new(bytes, filename, content_type(&upload.file));
    let mut request = client.attachment_create(file);
    if let Some(title) = upload.title {
        request = request.title(title);
    }
    if let Some(alt_text) = upload.alt_text {
        request = request.alt_text(alt_text);
    }
    if upload.multipart {
        request = request.multipart();
    }
    let item = request.send().await?;
    writeln!(out, "{} {}", item.id, item.source_url)?;
    Ok(())
}

/// The content type sent with a file, from its extension. WordPress decides what it accepts
/// from the extension and the content itself, so an unknown one is sent as plain bytes.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(OsStr::to_str)
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain",
        Some("mp4") => "video/mp4",
        Some("mp3") => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The one line printed for `failure` of a command on the site at `site`.
pub fn describe(failure: &Failure, site: &str) -> String {
    let text = match failure {
        Failure::Site(error) => describe_error(error, site),
        Failure::Read { path, source } => format!("cannot read {}: {source}", path.display()),
        Failure::Write(error) => format!("cannot write the output: {error}"),
    };
    // A WordPress message or a page's snippet can hold line breaks; the message is one line.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn describe_error(error: &Error, site: &str) -> String {
    match error {
        Error::Wp { error: wp, .. } if error.is_unauthorized() => format!(
            "the site refused the login: check --user and the application password \
             (WordPress said: {})",
            wp.message
        ),
        Error::Wp { status, error, .. } => {
            format!(
                "{} ({}, HTTP {})",
                error.message,
                error.code,
                status.as_u16()
            )
        }
        Error::NotWordPress { tried, .. } => {
            format!(
                "no WordPress REST API at {site} (tried: {})",
                tried.join("; ")
            )
        }
        Error::Transport { source, .. } => {
            format!("cannot reach {site}: {}", with_causes(&**source))
        }
        Error::Timeout { after, .. } => format!("no answer from {site} within {after:?}"),
        other => other.to_string(),
    }
}

/// An error's message followed by its causes': reqwest's own names only the URL, and why it
/// failed (a refused connection, an unknown host) is further down.
fn with_causes(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        text.push_str(": ");
        text.push_str(&inner.to_string());
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use wp_schema_client::{BoxError, BoxFuture};

    #[test]
    fn every_command_and_argument_has_help() {
        let cli = Cli::command();
        cli.clone().debug_assert();
        let mut commands = vec![cli.clone()];
        commands.extend(cli.get_subcommands().cloned());
        for command in &commands {
            assert!(command.get_about().is_some(), "{}", command.get_name());
            for arg in command.get_arguments() {
                let name = arg.get_id().as_str();
                assert!(
                    name == "help" || name == "version" || arg.get_help().is_some(),
                    "{} {name}",
                    command.get_name()
                );
            }
        }
    }

    #[test]
    fn content_types_come_from_the_extension_in_any_case() {
        for (name, expected) in [
            ("photo.JPG", "image/jpeg"),
            ("photo.jpeg", "image/jpeg"),
            ("dir.v2/scan.Pdf", "application/pdf"),
            ("song.mp3", "audio/mpeg"),
            ("archive.tar.gz", "application/octet-stream"),
            ("README", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), expected, "{name}");
        }
    }

    #[tokio::test]
    async fn a_user_without_a_password_is_refused_before_any_request() {
        /// Fails the test if anything is sent.
        struct Silent;
        impl Transport for Silent {
            fn send(
                &self,
                request: http::Request<Vec<u8>>,
            ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
                panic!("sent {}", request.uri());
            }
        }
        for (user, password, message) in [
            (
                Some("admin"),
                None,
                "--user needs --password (or WP_APP_PASSWORD)",
            ),
            (None, Some("abcd"), "an application password needs --user"),
        ] {
            let site = Site {
                url: "http://example.com".to_owned(),
                user: user.map(str::to_owned),
                password: password.map(str::to_owned),
            };
            let Err(error) = connect(&site, Silent).await else {
                panic!("connected with {user:?} and {password:?}");
            };
            assert!(
                matches!(&error, Error::Config(m) if m == message),
                "{error}"
            );
        }
    }

    #[test]
    fn failures_away_from_wordpress_are_one_line_each() {
        let timeout = Failure::Site(Error::Timeout {
            method: Method::GET,
            url: "http://example.com/wp-json/wp/v2/media".to_owned(),
            after: std::time::Duration::from_secs(30),
        });
        assert_eq!(
            describe(&timeout, "http://example.com"),
            "no answer from http://example.com within 30s"
        );
        let read = Failure::Read {
            path: PathBuf::from("missing.png"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(
            describe(&read, "http://example.com"),
            "cannot read missing.png: entity not found"
        );
        let status = Failure::Site(Error::Status {
            method: Method::GET,
            url: "http://example.com/wp-json/wp/v2/media".to_owned(),
            status: http::StatusCode::BAD_GATEWAY,
            body: "<html>\n<h1>Bad gateway</h1>\n</html>".to_owned(),
        });
        assert_eq!(
            describe(&status, "http://example.com"),
            "GET http://example.com/wp-json/wp/v2/media: 502 Bad Gateway: <html> <h1>Bad gateway</h1> </html>"
        );
    }
}
