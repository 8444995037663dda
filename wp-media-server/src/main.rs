//! The `wp-media-server` command: serve, or manage users and application passwords.

mod allocator;

use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use wp_media_server::images::sizes::{SiteSizes, Size, BIG_IMAGE_THRESHOLD};
use wp_media_server::names::permalinks::Permalinks;
use wp_media_server::repair::Owner;
use wp_media_server::storage::{self, Folder, Storage};
use wp_media_server::store::{options, users, without_password, MariaDbStore, SqliteStore, Store};
use wp_media_server::{App, Config};

/// WordPress 6.9's /wp/v2/media, served from an embedded SQLite database and files on disk, or
/// from a WordPress site's own MariaDB/MySQL database and uploads folder; the uploads may also
/// be kept in S3-compatible object storage.
#[derive(Parser)]
#[command(version)]
struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Data folder: the SQLite database and the uploads (unless --uploads names another place).
    /// Created and seeded when new. Not used with --database.
    #[arg(long, default_value = "./wp-data", global = true)]
    data: PathBuf,
    /// Serve a WordPress site's own database instead of the data folder:
    /// mysql://USER:PASSWORD@HOST[:PORT]/DATABASE, or mysql://USER:PASSWORD@localhost/DATABASE?socket=PATH
    /// for a Unix socket. Its tables are used as they are; nothing is created or migrated.
    #[arg(long, global = true, value_name = "URL", requires = "uploads")]
    database: Option<String>,
    /// A MariaDB replica of --database to send reads to (same form of address). Each read waits
    /// up to 100 ms for the replica to have every write the primary had completed, then goes
    /// to the primary instead, so that every write is seen at once. Needs MariaDB's GTIDs and
    /// the primary's binary log.
    #[arg(long, global = true, value_name = "URL", requires = "database")]
    read_database: Option<String>,
    /// The prefix of the site's table names (`$table_prefix` in wp-config.php).
    #[arg(long, global = true, default_value = "wp_", value_name = "PREFIX")]
    table_prefix: String,
    /// Where the uploads are kept: a folder (the site's wp-content/uploads, with --database), or
    /// s3://BUCKET[/PREFIX] for S3-compatible object storage, reached with the AWS_ENDPOINT,
    /// AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and AWS_ALLOW_HTTP variables
    /// [default: DATA/uploads].
    #[arg(long, global = true, value_name = "DIR|s3://BUCKET/PREFIX")]
    uploads: Option<String>,
    /// The public address the uploads are read from, before `/2026/12/photo.jpg` [default: with
    /// --database, what the site's `upload_url_path` or `upload_path` option sets, else
    /// SITE/wp-content/uploads, which the server serves from a folder itself]. Uploads in a
    /// bucket are not served by the server: give the bucket's (or its CDN's) address.
    #[arg(long, global = true, value_name = "URL")]
    uploads_url: Option<String>,
    /// The site's public address [default: the site's `home` option with --database, else
    /// http://ADDR].
    #[arg(long, global = true)]
    site_url: Option<String>,
    /// Largest request body accepted, in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024)]
    max_upload_size: u64,
    /// An image size the site registers in PHP (`add_image_size`), besides the sizes of its Media
    /// settings and the two every install adds: NAME=WIDTHxHEIGHT, with `,crop` to crop to it
    /// (0 leaves a side unbounded). Repeat for each.
    #[arg(long = "image-size", value_name = "NAME=WxH[,crop]", value_parser = parse_image_size)]
    image_sizes: Vec<Size>,
    /// The side past which an upload gets a `-scaled` copy (`big_image_size_threshold`); 0 turns
    /// the copy off.
    #[arg(long, value_name = "PIXELS", default_value_t = BIG_IMAGE_THRESHOLD)]
    big_image_threshold: i64,
    /// The site's title, as the REST index names it; kept in the data folder [a new site: My Site].
    #[arg(long, global = true, value_name = "TITLE")]
    site_name: Option<String>,
    /// The site's tagline, as the REST index names it; kept in the data folder [a new site: none].
    #[arg(long, global = true, value_name = "TEXT")]
    site_description: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Manage users.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage application passwords.
    #[command(subcommand)]
    AppPassword(AppPasswordCommand),
}

#[derive(Subcommand)]
enum UserCommand {
    /// Add a user.
    Create {
        /// The new user's login.
        login: String,
        /// administrator, editor, author, contributor or subscriber.
        #[arg(long)]
        role: String,
        /// Email address [default: LOGIN@example.com].
        #[arg(long)]
        email: Option<String>,
    },
}

#[derive(Subcommand)]
enum AppPasswordCommand {
    /// Create an application password; it is printed alone on the last line.
    Create {
        /// The user's login or email address.
        login: String,
    },
}

fn main() -> ExitCode {
    allocator::tune();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The store the flags name, with who owns it, the site's address and its uploads'.
struct Site {
    store: Box<dyn Store>,
    owner: Owner,
    url: String,
    /// The data folder's uploads folder, for a site of the server's own.
    own_uploads: Option<PathBuf>,
    /// `wp_upload_dir()`'s `baseurl`, when the site's options set it.
    uploads_url: Option<String>,
    permalinks: Permalinks,
    /// `uploads_use_yearmonth_folders`.
    year_month_folders: bool,
}

fn open(cli: &Cli) -> Result<Site, Box<dyn std::error::Error>> {
    let given_url = cli
        .site_url
        .as_deref()
        .map(|url| url.trim_end_matches('/').to_owned());
    if let Some(database) = &cli.database {
        let mut store = MariaDbStore::open(database, &cli.table_prefix)?;
        if let Some(replica) = &cli.read_database {
            store = store.with_replica(replica)?;
            tracing::info!("reads go to the replica at {}", without_password(replica));
        }
        let site_url = match given_url {
            Some(url) => url,
            None => store
                .option("home")?
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
        };
        tracing::info!(
            "serving the WordPress database at {} (tables {}*)",
            without_password(database),
            cli.table_prefix
        );
        let option = |name| store.option(name).map(Option::unwrap_or_default);
        let uploads_url = wp_media_server::config::uploads_baseurl(
            &option("siteurl")?,
            &option("upload_path")?,
            &option("upload_url_path")?,
        );
        // Read once at start, as the Media settings: a change takes a restart.
        let permalinks = Permalinks::new(&option("permalink_structure")?);
        let year_month_folders =
            wp_media_server::config::is_set(&option("uploads_use_yearmonth_folders")?);
        return Ok(Site {
            store: Box::new(store),
            owner: Owner::SharedWithWordPress,
            url: site_url,
            own_uploads: None,
            uploads_url,
            permalinks,
            year_month_folders,
        });
    }
    let site_url = given_url.unwrap_or_else(|| format!("http://{}", cli.addr));
    let opened = SqliteStore::open(&cli.data, &site_url)?;
    for version in &opened.migrations_applied {
        tracing::info!("database migrated to schema version {version}");
    }
    if let Some(password) = &opened.admin_password {
        println!(
            "Application password for admin: {}",
            users::chunked(password)
        );
    }
    Ok(Site {
        own_uploads: Some(opened.store.uploads_dir().to_owned()),
        store: Box::new(opened.store),
        owner: Owner::Server,
        url: site_url,
        uploads_url: None,
        permalinks: Permalinks::default(),
        year_month_folders: true,
    })
}

/// `--image-size NAME=WxH[,crop]`.
fn parse_image_size(text: &str) -> Result<Size, String> {
    let (name, rest) = text
        .split_once('=')
        .ok_or("expected NAME=WIDTHxHEIGHT, e.g. card=600x400,crop")?;
    let (dims, crop) = match rest.split_once(',') {
        Some((dims, "crop")) => (dims, true),
        Some((_, other)) => return Err(format!("`{other}`: only `crop` may follow the size")),
        None => (rest, false),
    };
    let (w, h) = dims
        .split_once('x')
        .ok_or_else(|| format!("`{dims}`: expected WIDTHxHEIGHT"))?;
    let side = |s: &str| {
        s.parse::<i64>()
            .ok()
            .filter(|n| *n >= 0)
            .ok_or_else(|| format!("`{s}`: a side is a whole number of pixels"))
    };
    if name.is_empty() {
        return Err("the size needs a name".into());
    }
    Ok(Size::new(name, side(w)?, side(h)?, crop))
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let Site {
        store,
        owner,
        url: site_url,
        own_uploads,
        uploads_url,
        permalinks,
        year_month_folders,
    } = open(&cli)?;
    for (name, value) in [
        (options::BLOGNAME, &cli.site_name),
        (options::BLOGDESCRIPTION, &cli.site_description),
    ] {
        if let Some(value) = value {
            store.set_option(name, value)?;
        }
    }
    // Read once at start: a change of the Media settings takes a restart.
    let image_sizes = SiteSizes::of(
        |name| store.option(name),
        cli.image_sizes.clone(),
        (cli.big_image_threshold > 0).then_some(cli.big_image_threshold),
    )?;
    match cli.command {
        Some(Command::User(UserCommand::Create { login, role, email })) => {
            let user = users::create_user(&*store, &login, &role, email.as_deref())?;
            println!(
                "Created user {} (id {}, {})",
                user.login,
                user.id,
                user.role.as_str()
            );
            Ok(())
        }
        Some(Command::AppPassword(AppPasswordCommand::Create { login })) => {
            let password = users::create_app_password(&*store, &login)?;
            println!("{}", users::chunked(&password));
            Ok(())
        }
        None => {
            let uploads = match (&cli.uploads, own_uploads) {
                (Some(location), _) => storage::open(location)?,
                (None, Some(folder)) => Arc::new(Folder::new(folder)),
                (None, None) => return Err("--database needs --uploads".into()),
            };
            let uploads_url = cli.uploads_url.or(uploads_url);
            if uploads.folder().is_none() && uploads_url.is_none() {
                return Err(format!(
                    "the uploads in {} are not served by this server: give the address they \
                     are read from with --uploads-url",
                    uploads.location()
                )
                .into());
            }
            tracing::info!("uploads kept in {}", uploads.location());
            let config = Config {
                addr: cli.addr,
                data: cli.data,
                site_url,
                max_upload_size: cli.max_upload_size,
                image_sizes,
                uploads_url,
                permalinks,
                year_month_folders,
            };
            serve(cli.addr, store, uploads, owner, config)
        }
    }
}

fn serve(
    addr: SocketAddr,
    store: Box<dyn Store>,
    uploads: Arc<dyn Storage>,
    owner: Owner,
    config: Config,
) -> Result<(), Box<dyn std::error::Error>> {
    let report = wp_media_server::repair::repair(&*store, &*uploads, owner)?;
    for relative in &report.temp_files_removed {
        tracing::warn!("removed the leftover of an interrupted upload: {relative}");
    }
    for relative in &report.orphan_files_removed {
        tracing::warn!("removed a file no attachment owns: {relative}");
    }
    for id in &report.rows_without_file_removed {
        tracing::warn!("removed attachment {id}, whose file is missing");
    }
    let app = Arc::new(App::with_store(config, store, uploads));
    // Requests are handled on blocking threads, and their work is CPU-bound or short reads from
    // SQLite: two threads per core keep the cores busy, and more only lengthen the tail (p99 of
    // one item at 64 connections: 6-7 ms with eight threads on two cores, under 6 ms with four;
    // BENCHMARKS.md) and hold more memory.
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(cores * 2)
        .build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        tracing::info!("serving {} on http://{addr}", app.config.site_url);
        let shutdown = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        wp_media_server::server::run(listener, wp_media_server::server::router(app), shutdown)
            .await;
        Ok::<_, Box<dyn std::error::Error>>(())
    })
}
