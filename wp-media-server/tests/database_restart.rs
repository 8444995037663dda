//! The database server killed and started again under load: while it is gone, requests get
//! WordPress's answer for a database it cannot reach; once it is back, the server serves again
//! without being restarted; and every upload it accepted is there with its files, while nothing of
//! the refused ones is left.
//!
//! Runs its own MariaDB (Debian's `mariadbd`, in a temporary folder) with a copy of the tables of
//! the live WordPress of `server::SharedSite`, so that killing it disturbs nothing else.

mod server;

use server::mariadb::Mariadb;
use server::{files_under, sample, spawn_with, SharedSite};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Default)]
struct Seen {
    ok: u64,
    database_errors: u64,
    /// Statuses that are neither a success nor WordPress's answer without its database.
    other: Vec<String>,
    accepted: Vec<i64>,
}

#[test]
fn a_restarted_database_loses_nothing_and_the_server_recovers_on_its_own() {
    let Some(site) = SharedSite::from_env() else {
        return;
    };
    let work = server::mariadb::work_dir();
    let mut db = Mariadb::install(&work.path().join("mariadb"), &[]);
    db.copy_site(&site.database);

    // Posts after this one are the test's.
    let first_id: i64 = db
        .value("SELECT MAX(ID) FROM wp.wp_posts")
        .parse()
        .unwrap_or(0);
    let uploads = work.path().join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let database = db.url();
    let ours = spawn_with(
        |_| {
            vec![
                "--database".into(),
                database.clone(),
                "--uploads".into(),
                uploads.to_str().unwrap().into(),
                "--site-url".into(),
                site.base.clone(),
            ]
        },
        "",
    );

    // Four clients: two list and read, two upload, until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let clients: Vec<_> = (0..4)
        .map(|n| {
            let (stop, seen) = (Arc::clone(&stop), Arc::clone(&seen));
            let (base, auth) = (ours.base.clone(), site.auth.clone());
            std::thread::spawn(move || {
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) {
                    i += 1;
                    let result = if n < 2 {
                        ureq::get(&format!("{base}/wp-json/wp/v2/media?per_page=5"))
                            .set("Authorization", &auth)
                            .call()
                    } else {
                        ureq::post(&format!("{base}/wp-json/wp/v2/media"))
                            .set("Authorization", &auth)
                            .set("Content-Type", "image/png")
                            .set(
                                "Content-Disposition",
                                &format!("attachment; filename=\"restart-{n}-{i}.png\""),
                            )
                            .send_bytes(&sample("blue.png"))
                    };
                    let mut seen = seen.lock().unwrap();
                    match result {
                        Ok(r) => {
                            seen.ok += 1;
                            if r.status() == 201 {
                                let body: serde_json::Value = r.into_json().unwrap();
                                seen.accepted.push(body["id"].as_i64().unwrap());
                            }
                        }
                        Err(ureq::Error::Status(500, r)) => {
                            let body = r.into_string().unwrap_or_default();
                            if body.contains("Error establishing a database connection") {
                                seen.database_errors += 1;
                            } else {
                                seen.other.push(format!("500 {body}"));
                            }
                        }
                        Err(e) => seen.other.push(e.to_string()),
                    }
                }
            })
        })
        .collect();

    let count = |seen: &Mutex<Seen>| {
        let seen = seen.lock().unwrap();
        (seen.ok, seen.database_errors)
    };
    std::thread::sleep(Duration::from_secs(2));
    let (before, _) = count(&seen);
    assert!(before > 0, "nothing was served before the restart");
    db.kill();
    std::thread::sleep(Duration::from_secs(2));
    let (_, down) = count(&seen);
    db.start();
    // Served again without a restart of the server: successes go on from here.
    let (back, _) = count(&seen);
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(&seen).0 < back + 20 {
        assert!(Instant::now() < deadline, "the server did not recover");
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    for client in clients {
        client.join().unwrap();
    }
    let seen = seen.lock().unwrap();
    eprintln!(
        "{} answers served, {} answered as WordPress without its database, {} otherwise ({:?}), {} uploads accepted",
        seen.ok,
        seen.database_errors,
        seen.other.len(),
        seen.other.iter().map(|o| o.chars().take(80).collect::<String>()).collect::<Vec<_>>(),
        seen.accepted.len()
    );
    assert!(down > 0, "no request met the missing database");
    // The requests under way when the database went may fail as WordPress fails mid-request; the
    // first ones on each pooled connection are what shows the server it is gone.
    assert!(
        seen.other.len() <= 8,
        "{} answers were neither served nor WordPress's: {:?}",
        seen.other.len(),
        &seen.other[..seen.other.len().min(5)]
    );

    // Nothing accepted is lost, and nothing is half-written: every attachment made during the
    // test (accepted, or kept by a commit whose answer was lost) has all its files, and every file
    // is an attachment's.
    let mut made = Vec::new();
    for page in 1.. {
        let (status, items) = server::answer(
            ureq::get(&format!(
                "{}/wp-json/wp/v2/media?context=edit&per_page=100&page={page}&orderby=id&status=inherit,private",
                ours.base
            ))
            .set("Authorization", &site.auth)
            .call(),
        );
        // A last page that was full is followed by none.
        if status == 400 && items["code"] == "rest_post_invalid_page_number" {
            break;
        }
        assert_eq!(status, 200, "{items}");
        let items = items.as_array().unwrap().clone();
        let last = items.len() < 100;
        made.extend(
            items
                .into_iter()
                .filter(|item| item["id"].as_i64() > Some(first_id)),
        );
        if last {
            break;
        }
    }
    let ids: std::collections::BTreeSet<i64> =
        made.iter().filter_map(|item| item["id"].as_i64()).collect();
    let lost: Vec<_> = seen
        .accepted
        .iter()
        .filter(|id| !ids.contains(id))
        .collect();
    assert!(lost.is_empty(), "accepted uploads lost: {lost:?}");
    let owned = server::owned_files(&uploads, &made);
    let files = files_under(&uploads);
    let missing: Vec<_> = owned.difference(&files).collect();
    let stray: Vec<_> = files.difference(&owned).collect();
    assert!(
        missing.is_empty(),
        "attachments' files missing: {missing:?}"
    );
    assert!(stray.is_empty(), "files no attachment owns: {stray:?}");
}
