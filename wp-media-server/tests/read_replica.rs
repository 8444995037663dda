//! Reads sent to a MariaDB replica (`--read-database`): a write, through the server or straight
//! into the primary as WordPress writes, is read at once even while the replica lags behind, and
//! once the replica has caught up, reads are served by it.
//!
//! Runs its own primary and replica (Debian's `mariadbd`, GTID replication over loopback), with a
//! copy of the tables of the live WordPress of `server::SharedSite`.

mod server;

use server::mariadb::Mariadb;
use server::{answer, sample, spawn_with, SharedSite};
use std::time::Duration;

/// The rows `db` has read since it started.
fn rows_read(db: &Mariadb) -> u64 {
    db.value(
        "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS \
         WHERE VARIABLE_NAME = 'ROWS_READ'",
    )
    .parse()
    .unwrap()
}

/// Waits until the replica has applied everything the primary has.
fn catch_up(primary: &Mariadb, replica: &Mariadb) {
    let position = primary.value("SELECT @@GLOBAL.gtid_binlog_pos");
    assert_eq!(
        replica.value(&format!("SELECT MASTER_GTID_WAIT('{position}', 60)")),
        "0",
        "the replica caught up"
    );
}

/// Makes the replica apply each write `seconds` after the primary made it.
fn delay(replica: &Mariadb, seconds: u32) {
    replica.value(&format!(
        "STOP SLAVE; CHANGE MASTER TO MASTER_DELAY = {seconds}; START SLAVE;"
    ));
}

#[test]
fn writes_are_read_at_once_and_reads_go_to_a_replica_that_has_caught_up() {
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let work = server::mariadb::work_dir();
    let port = server::free_port();
    let primary = Mariadb::install(
        &work.path().join("primary"),
        &[
            "--log-bin=binlog",
            "--server-id=1",
            &format!("--port={port}"),
            "--bind-address=127.0.0.1",
        ],
    );
    primary.value(
        "CREATE USER 'repl'@'127.0.0.1' IDENTIFIED BY 'repl'; \
         GRANT REPLICATION SLAVE ON *.* TO 'repl'@'127.0.0.1';",
    );
    let replica = Mariadb::install(
        &work.path().join("replica"),
        &["--server-id=2", "--read-only"],
    );
    replica.value(&format!(
        "CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = {port}, \
         MASTER_USER = 'repl', MASTER_PASSWORD = 'repl', MASTER_USE_GTID = slave_pos; \
         START SLAVE;"
    ));
    // The copy of the site goes to the replica through the binary log, as every write after it.
    primary.copy_site(&site.database);
    catch_up(&primary, &replica);

    let uploads = work.path().join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let server = spawn_with(
        |_| {
            vec![
                "--database".into(),
                primary.url(),
                "--read-database".into(),
                replica.url(),
                "--uploads".into(),
                uploads.to_str().unwrap().into(),
                "--site-url".into(),
                site.base.clone(),
            ]
        },
        "",
    );
    let get = |route: &str| {
        answer(
            ureq::get(&format!("{}/wp-json/wp/v2{route}", server.base))
                .set("Authorization", &site.auth)
                .call(),
        )
    };

    // A replica half a minute behind, longer than this part takes: what was just written is
    // not there yet.
    delay(&replica, 30);
    for n in 0..3 {
        let (status, made) = answer(
            ureq::post(&format!("{}/wp-json/wp/v2/media", server.base))
                .set("Authorization", &site.auth)
                .set("Content-Type", "image/png")
                .set(
                    "Content-Disposition",
                    &format!("attachment; filename=\"replica-{n}.png\""),
                )
                .send_bytes(&sample("blue.png")),
        );
        assert_eq!(status, 201, "{made}");
        let id = made["id"].as_i64().unwrap();
        let (status, read) = get(&format!("/media/{id}?context=edit"));
        assert_eq!(
            status, 200,
            "the server's own write is read at once: {read}"
        );
        assert_eq!(read["title"]["raw"], made["title"]["raw"]);
        let (status, listed) = get(&format!("/media?include={id}"));
        assert_eq!((status, listed.as_array().map(Vec::len)), (200, Some(1)));

        // A write straight into the primary, as WordPress makes it.
        let title = format!("Retitled by WordPress {n}");
        primary.value(&format!(
            "UPDATE wp.wp_posts SET post_title = '{title}' WHERE ID = {id}"
        ));
        let (_, read) = get(&format!("/media/{id}?context=edit"));
        assert_eq!(read["title"]["raw"], title.as_str());
        assert_eq!(
            replica.value(&format!("SELECT COUNT(*) FROM wp.wp_posts WHERE ID = {id}")),
            "0",
            "the replica had not the write yet: the reads were the primary's"
        );
    }

    // Caught up, the replica serves the reads; the primary is only asked for its position.
    delay(&replica, 0);
    catch_up(&primary, &replica);
    let (primary_before, replica_before) = (rows_read(&primary), rows_read(&replica));
    for _ in 0..10 {
        let (status, found) = get("/media?per_page=100&search=replica");
        assert_eq!(status, 200);
        assert_eq!(found.as_array().unwrap().len(), 3);
    }
    std::thread::sleep(Duration::from_millis(100));
    let on_primary = rows_read(&primary) - primary_before;
    let on_replica = rows_read(&replica) - replica_before;
    eprintln!(
        "rows read for ten searches: {on_primary} on the primary, {on_replica} on the replica"
    );
    assert!(
        on_replica >= 30 && on_primary * 10 < on_replica,
        "the replica read the rows: {on_primary} on the primary, {on_replica} on it"
    );
}
