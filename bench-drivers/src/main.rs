//! The server's two commonest MariaDB reads — one post by id, and a page of attachments as
//! WordPress's media list asks for it — through three drivers (the synchronous `mysql` the server
//! uses, `mysql_async` and `sqlx`), at several concurrencies, for a fixed time each; prints
//! queries per second and the median and p99 latency as a Markdown table.
//!
//! Run by scripts/bench-drivers.sh, which makes the `driverbench` database this reads.

use clap::{Parser, ValueEnum};
use mysql::prelude::Queryable as _;
use mysql_async::prelude::Queryable as _;
use sqlx::mysql::{MySql, MySqlConnectOptions, MySqlPoolOptions, MySqlRow, MySqlSslMode};
use sqlx::{ConnectOptions as _, Executor as _, Row as _};
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "mysql vs mysql_async vs sqlx on the server's reads of wp_posts")]
struct Args {
    /// The MariaDB server's Unix socket.
    #[arg(long, default_value = "/var/lib/wp-oracle/run/mysqld.sock")]
    socket: String,
    #[arg(long, default_value = "wp")]
    user: String,
    #[arg(long, default_value = "wp")]
    password: String,
    #[arg(long, default_value = "driverbench")]
    database: String,
    /// The point reads ask for ids 1 to this.
    #[arg(long, default_value_t = 10_000)]
    rows: u64,
    /// Seconds measured for each driver, query and concurrency.
    #[arg(long, default_value_t = 5.0)]
    duration: f64,
    /// Seconds run before that and not measured: pools fill, statements get prepared.
    #[arg(long, default_value_t = 1.0)]
    warmup: f64,
    #[arg(long, value_delimiter = ',', default_value = "1,8,32")]
    concurrency: Vec<usize>,
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "mysql,mysql-async,sqlx,mysql-async-block-on,sqlx-block-on"
    )]
    drivers: Vec<Driver>,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Driver {
    /// The server's own: threads, each taking a connection from the pool for each query.
    Mysql,
    /// Tasks on a runtime of 2 workers.
    MysqlAsync,
    /// Tasks on a runtime of 2 workers.
    Sqlx,
    /// Threads calling `Handle::block_on` for each query: how the server's blocking threads
    /// would have to use an async driver.
    MysqlAsyncBlockOn,
    SqlxBlockOn,
}

#[derive(Clone, Copy, PartialEq)]
enum Query {
    Point,
    List,
}

const POINT: &str = "SELECT * FROM wp_posts WHERE ID = ?";
// WP_Query's shape for the media list (`/wp/v2/media?per_page=10&page=N`).
const LIST: &str = "SELECT wp_posts.* FROM wp_posts WHERE post_type = 'attachment' \
    AND post_status = 'inherit' ORDER BY post_date DESC, ID DESC LIMIT 10 OFFSET ?";

/// A DATETIME as the binary protocol carries it; WordPress's zero date is all zeros.
#[derive(Debug, Default, PartialEq)]
struct DateTime {
    year: u16,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    micros: u32,
}

/// Every column of `wp_posts`, owned, as each driver must decode it.
#[derive(Debug, PartialEq)]
struct Post {
    id: u64,
    author: u64,
    date: DateTime,
    date_gmt: DateTime,
    content: String,
    title: String,
    excerpt: String,
    status: String,
    comment_status: String,
    ping_status: String,
    password: String,
    name: String,
    to_ping: String,
    pinged: String,
    modified: DateTime,
    modified_gmt: DateTime,
    content_filtered: String,
    parent: u64,
    guid: String,
    menu_order: i32,
    post_type: String,
    mime_type: String,
    comment_count: i64,
}

/// A row of either kind, column by column; a column of the wrong type is a broken benchmark, so
/// these panic rather than return errors.
trait Columns {
    fn unsigned(&mut self, i: usize) -> u64;
    fn int(&mut self, i: usize) -> i64;
    fn text(&mut self, i: usize) -> String;
    fn date(&mut self, i: usize) -> DateTime;
}

impl Post {
    /// The columns in `wp_posts`'s order, which `SELECT *` keeps.
    fn decode(r: &mut impl Columns) -> Post {
        Post {
            id: r.unsigned(0),
            author: r.unsigned(1),
            date: r.date(2),
            date_gmt: r.date(3),
            content: r.text(4),
            title: r.text(5),
            excerpt: r.text(6),
            status: r.text(7),
            comment_status: r.text(8),
            ping_status: r.text(9),
            password: r.text(10),
            name: r.text(11),
            to_ping: r.text(12),
            pinged: r.text(13),
            modified: r.date(14),
            modified_gmt: r.date(15),
            content_filtered: r.text(16),
            parent: r.unsigned(17),
            guid: r.text(18),
            menu_order: i32::try_from(r.int(19)).expect("menu_order is an INT"),
            post_type: r.text(20),
            mime_type: r.text(21),
            comment_count: r.int(22),
        }
    }
}

// `mysql` and `mysql_async` share one `mysql_common`, so this serves both: `take` moves each
// value out of the row without copying it.
impl Columns for mysql::Row {
    fn unsigned(&mut self, i: usize) -> u64 {
        self.take(i).expect("an unsigned integer")
    }
    fn int(&mut self, i: usize) -> i64 {
        self.take(i).expect("an integer")
    }
    fn text(&mut self, i: usize) -> String {
        self.take(i).expect("text")
    }
    fn date(&mut self, i: usize) -> DateTime {
        match self.take(i) {
            Some(mysql::Value::Date(year, month, day, hour, minute, second, micros)) => DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
                micros,
            },
            other => panic!("column {i}: not a DATETIME: {other:?}"),
        }
    }
}

impl Columns for MySqlRow {
    fn unsigned(&mut self, i: usize) -> u64 {
        self.try_get(i).expect("an unsigned integer")
    }
    fn int(&mut self, i: usize) -> i64 {
        // INT and BIGINT both decode as i64 in sqlx.
        self.try_get(i).expect("an integer")
    }
    fn text(&mut self, i: usize) -> String {
        self.try_get(i).expect("text")
    }
    fn date(&mut self, i: usize) -> DateTime {
        self.try_get(i).expect("a DATETIME")
    }
}

// sqlx decodes DATETIME only with its `chrono` or `time` feature; the brief allows neither, so
// this reads the binary protocol's bytes itself: a length, then year, month, day, [h, m, s,
// [microseconds]].
impl sqlx::Type<MySql> for DateTime {
    fn type_info() -> sqlx::mysql::MySqlTypeInfo {
        <[u8] as sqlx::Type<MySql>>::type_info()
    }
    fn compatible(ty: &sqlx::mysql::MySqlTypeInfo) -> bool {
        sqlx::TypeInfo::name(ty) == "DATETIME"
    }
}

impl<'r> sqlx::Decode<'r, MySql> for DateTime {
    fn decode(value: sqlx::mysql::MySqlValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let buf = <&[u8] as sqlx::Decode<MySql>>::decode(value)?;
        let (len, b) = buf.split_first().ok_or("empty DATETIME")?;
        let b = b.get(..usize::from(*len)).ok_or("short DATETIME")?;
        let at = |i: usize| b.get(i).copied().unwrap_or(0);
        Ok(DateTime {
            year: u16::from_le_bytes([at(0), at(1)]),
            month: at(2),
            day: at(3),
            hour: at(4),
            minute: at(5),
            second: at(6),
            micros: u32::from_le_bytes([at(7), at(8), at(9), at(10)]),
        })
    }
}

/// What one query asks for its `n`-th run by worker `w`: an id spread over the table, or one of
/// the first five pages.
fn param(query: Query, rows: u64, w: usize, n: u64) -> u64 {
    // A multiplicative hash, so that consecutive runs and workers hit unrelated rows.
    let h = (n ^ ((w as u64) << 32)).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 16;
    match query {
        Query::Point => 1 + h % rows,
        Query::List => 10 * (h % 5),
    }
}

/// When one cell's measured time starts and ends.
#[derive(Clone, Copy)]
struct Window {
    from: Instant,
    until: Instant,
}

impl Window {
    fn new(args: &Args) -> Window {
        let from = Instant::now() + Duration::from_secs_f64(args.warmup);
        Window {
            from,
            until: from + Duration::from_secs_f64(args.duration),
        }
    }
}

/// Runs `one` until the window closes, and returns the latencies (ns) of the runs that started
/// inside it; the rows each returns are counted so that no decoding is optimised away.
fn sync_worker(window: Window, mut one: impl FnMut(u64) -> usize) -> (Vec<u64>, usize) {
    let (mut times, mut rows) = (Vec::new(), 0);
    for n in 0.. {
        let start = Instant::now();
        if start >= window.until {
            break;
        }
        rows += one(n);
        if start >= window.from {
            times.push(start.elapsed().as_nanos() as u64);
        }
    }
    (times, rows)
}

/// The same for a task.
async fn async_worker<F: std::future::Future<Output = usize>>(
    window: Window,
    mut one: impl FnMut(u64) -> F,
) -> (Vec<u64>, usize) {
    let (mut times, mut rows) = (Vec::new(), 0);
    for n in 0.. {
        let start = Instant::now();
        if start >= window.until {
            break;
        }
        rows += one(n).await;
        if start >= window.from {
            times.push(start.elapsed().as_nanos() as u64);
        }
    }
    (times, rows)
}

fn mysql_pool(args: &Args, size: usize) -> mysql::Pool {
    // As the server's pool (wp-media-server/src/store/mariadb/mod.rs): no reset and no ping
    // around each use.
    let pool_opts = mysql::PoolOpts::default()
        .with_constraints(mysql::PoolConstraints::new(size, size).expect("min = max"))
        .with_reset_connection(false)
        .with_check_health(false);
    let opts = mysql::OptsBuilder::new()
        .socket(Some(&args.socket))
        .user(Some(&args.user))
        .pass(Some(&args.password))
        .db_name(Some(&args.database))
        .init(vec!["SET NAMES utf8mb4"])
        .pool_opts(pool_opts);
    mysql::Pool::new(opts).expect("mysql: connect")
}

fn mysql_run(pool: &mysql::Pool, query: Query, p: u64) -> Vec<Post> {
    let mut conn = pool.get_conn().expect("mysql: a connection");
    // A query given as text goes through the connection's statement cache: prepared once.
    let rows: Vec<mysql::Row> = match query {
        Query::Point => conn.exec(POINT, (p,)),
        Query::List => conn.exec(LIST, (p,)),
    }
    .expect("mysql: query");
    rows.into_iter().map(|mut r| Post::decode(&mut r)).collect()
}

fn mysql_async_pool(args: &Args, size: usize) -> mysql_async::Pool {
    // The same settings as the server's pool above.
    let pool_opts = mysql_async::PoolOpts::default()
        .with_constraints(mysql_async::PoolConstraints::new(size, size).expect("min = max"))
        .with_reset_connection(false);
    let opts = mysql_async::OptsBuilder::default()
        .socket(Some(&args.socket))
        .user(Some(&args.user))
        .pass(Some(&args.password))
        .db_name(Some(&args.database))
        .init(vec!["SET NAMES utf8mb4"])
        .pool_opts(pool_opts);
    mysql_async::Pool::new(opts)
}

async fn mysql_async_run(pool: &mysql_async::Pool, query: Query, p: u64) -> Vec<Post> {
    let mut conn = pool.get_conn().await.expect("mysql_async: a connection");
    let rows: Vec<mysql::Row> = match query {
        Query::Point => conn.exec(POINT, (p,)).await,
        Query::List => conn.exec(LIST, (p,)).await,
    }
    .expect("mysql_async: query");
    rows.into_iter().map(|mut r| Post::decode(&mut r)).collect()
}

async fn sqlx_pool(args: &Args, size: usize) -> sqlx::MySqlPool {
    let opts = MySqlConnectOptions::new()
        .socket(&args.socket)
        .username(&args.user)
        .password(&args.password)
        .database(&args.database)
        .ssl_mode(MySqlSslMode::Disabled)
        // Its own `SET NAMES` would add a collation; the server's is plain, so it is sent below.
        .set_names(false)
        // Nothing subscribes to its logs: no per-query check of whether to log.
        .disable_statement_logging();
    MySqlPoolOptions::new()
        .min_connections(size as u32)
        .max_connections(size as u32)
        // Its default pings each connection when it is taken; the server's pool does not.
        .test_before_acquire(false)
        .after_connect(|conn, _| {
            Box::pin(async move {
                conn.execute("SET NAMES utf8mb4").await?;
                Ok(())
            })
        })
        .connect_with(opts)
        .await
        .expect("sqlx: connect")
}

async fn sqlx_run(pool: &sqlx::MySqlPool, query: Query, p: u64) -> Vec<Post> {
    // `sqlx::query` is persistent: prepared once per connection, then taken from its cache.
    let rows = sqlx::query(if query == Query::Point { POINT } else { LIST })
        .bind(p)
        .fetch_all(pool)
        .await
        .expect("sqlx: query");
    rows.into_iter().map(|mut r| Post::decode(&mut r)).collect()
}

/// One cell of the table: `workers` threads or tasks for the window; all latencies and the rows
/// read.
fn measure(args: &Args, driver: Driver, query: Query, workers: usize) -> (Vec<u64>, usize) {
    let rows = args.rows;
    // The async drivers' runtime: as many workers as cores, as the server's own.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let results: Vec<(Vec<u64>, usize)> = match driver {
        Driver::Mysql => {
            let pool = mysql_pool(args, workers);
            let window = Window::new(args);
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..workers)
                    .map(|w| {
                        let pool = &pool;
                        s.spawn(move || {
                            sync_worker(window, |n| {
                                mysql_run(pool, query, param(query, rows, w, n)).len()
                            })
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            })
        }
        Driver::MysqlAsync | Driver::Sqlx => rt.block_on(async {
            let window_of = || Window::new(args);
            let tasks: Vec<tokio::task::JoinHandle<(Vec<u64>, usize)>> =
                if driver == Driver::MysqlAsync {
                    let pool = mysql_async_pool(args, workers);
                    let window = window_of();
                    (0..workers)
                        .map(|w| {
                            let pool = pool.clone();
                            tokio::spawn(async move {
                                async_worker(window, |n| {
                                    let pool = pool.clone();
                                    async move {
                                        let p = param(query, rows, w, n);
                                        mysql_async_run(&pool, query, p).await.len()
                                    }
                                })
                                .await
                            })
                        })
                        .collect()
                } else {
                    let pool = sqlx_pool(args, workers).await;
                    let window = window_of();
                    (0..workers)
                        .map(|w| {
                            let pool = pool.clone();
                            tokio::spawn(async move {
                                async_worker(window, |n| {
                                    let pool = pool.clone();
                                    async move {
                                        let p = param(query, rows, w, n);
                                        sqlx_run(&pool, query, p).await.len()
                                    }
                                })
                                .await
                            })
                        })
                        .collect()
                };
            let mut out = Vec::new();
            for t in tasks {
                out.push(t.await.unwrap());
            }
            out
        }),
        Driver::MysqlAsyncBlockOn | Driver::SqlxBlockOn => {
            let handle = rt.handle();
            let my = (driver == Driver::MysqlAsyncBlockOn).then(|| mysql_async_pool(args, workers));
            let sq = (driver == Driver::SqlxBlockOn).then(|| rt.block_on(sqlx_pool(args, workers)));
            let window = Window::new(args);
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..workers)
                    .map(|w| {
                        let (my, sq) = (&my, &sq);
                        s.spawn(move || {
                            sync_worker(window, |n| {
                                let p = param(query, rows, w, n);
                                // One `block_on` per query, as a store method would need.
                                handle.block_on(async {
                                    match (my, sq) {
                                        (Some(pool), _) => mysql_async_run(pool, query, p).await,
                                        (_, Some(pool)) => sqlx_run(pool, query, p).await,
                                        _ => unreachable!(),
                                    }
                                    .len()
                                })
                            })
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            })
        }
    };
    let mut times = Vec::new();
    let mut read = 0;
    for (t, r) in results {
        times.extend(t);
        read += r;
    }
    (times, read)
}

/// The first row and first page through each driver, which must agree, so that every driver is
/// known to decode the same values before any is timed.
fn check(args: &Args) {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    for (query, p, want) in [(Query::Point, 1, 1), (Query::List, 0, 10)] {
        let a = mysql_run(&mysql_pool(args, 1), query, p);
        let b = rt.block_on(async { mysql_async_run(&mysql_async_pool(args, 1), query, p).await });
        let c = rt.block_on(async { sqlx_run(&sqlx_pool(args, 1).await, query, p).await });
        assert_eq!(a.len(), want, "rows read by mysql");
        assert_eq!(a, b, "mysql and mysql_async disagree");
        assert_eq!(a, c, "mysql and sqlx disagree");
    }
}

fn main() {
    let args = Args::parse();
    check(&args);
    println!(
        "{} s per cell after {} s of warm-up; latencies of single queries, pool checkout included.",
        args.duration, args.warmup
    );
    println!();
    println!("| driver | query | concurrency | queries/s | median | p99 |");
    println!("|---|---|---:|---:|---:|---:|");
    for &driver in &args.drivers {
        for query in [Query::Point, Query::List] {
            for &workers in &args.concurrency {
                let (mut times, read) = measure(&args, driver, query, workers);
                assert!(read > 0, "no rows read");
                times.sort_unstable();
                let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize] as f64;
                println!(
                    "| {} | {} | {} | {:.0} | {:.0} µs | {:.0} µs |",
                    driver.to_possible_value().unwrap().get_name(),
                    if query == Query::Point {
                        "point"
                    } else {
                        "list"
                    },
                    workers,
                    times.len() as f64 / args.duration,
                    at(0.5) / 1e3,
                    at(0.99) / 1e3,
                );
            }
        }
    }
}
