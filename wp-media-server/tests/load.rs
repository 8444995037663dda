//! 16 clients create, update, list and delete at once for a while (10 s; set
//! `WP_MEDIA_LOAD_SECONDS` for the long run). No request may fail, and afterwards the books
//! balance: every accepted create that was not deleted is listed exactly once, every delete is gone,
//! the total header agrees, and the files on disk are exactly the attachments' files.

mod server;

use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "loadloadloadloadloadload";
const CLIENTS: usize = 16;

fn auth() -> String {
    server::basic("admin", PASSWORD)
}

/// Status and body of a request, sent with `body` when there is one.
fn send(request: ureq::Request, body: Option<&[u8]>) -> (u16, Value) {
    server::answer(match body {
        Some(bytes) => request.send_bytes(bytes),
        None => request.call(),
    })
}

#[derive(Default)]
struct Books {
    created: Vec<i64>,
    deleted: Vec<i64>,
    requests: usize,
    failures: Vec<String>,
}

/// One client: create, update one of its own, list, and every fourth round delete one of its own.
fn client(base: String, client: usize, until: Instant, books: Arc<Mutex<Books>>) {
    let (photo, png) = (server::sample("photo.jpg"), server::sample("blue.png"));
    let mut mine: Vec<i64> = Vec::new();
    let mut round = 0;
    while Instant::now() < until {
        round += 1;
        let mut outcomes = Vec::new();
        let (bytes, kind, ext) = if round % 4 == 0 {
            (&photo, "image/jpeg", "jpg")
        } else {
            (&png, "image/png", "png")
        };
        let create = ureq::post(&format!("{base}/wp-json/wp/v2/media"))
            .set("Authorization", &auth())
            .set("Content-Type", kind)
            .set(
                "Content-Disposition",
                &format!("attachment; filename=load-{client}.{ext}"),
            );
        let (status, body) = send(create, Some(bytes));
        if status == 201 {
            let id = body["id"].as_i64().unwrap();
            mine.push(id);
            books.lock().unwrap().created.push(id);
        }
        outcomes.push(("create", status, 201, body));
        if let Some(&id) = mine.last() {
            let update = ureq::post(&format!("{base}/wp-json/wp/v2/media/{id}"))
                .set("Authorization", &auth())
                .set("Content-Type", "application/json");
            let body = json!({ "title": format!("round {round}"), "alt_text": "load" }).to_string();
            let (status, body) = send(update, Some(body.as_bytes()));
            outcomes.push(("update", status, 200, body));
        }
        let list = ureq::get(&format!(
            "{base}/wp-json/wp/v2/media?per_page=20&search=load"
        ));
        let (status, body) = send(list, None);
        outcomes.push(("list", status, 200, body));
        if round % 4 == 0 && mine.len() > 1 {
            let id = mine.remove(0);
            let delete = ureq::delete(&format!("{base}/wp-json/wp/v2/media/{id}?force=true"))
                .set("Authorization", &auth());
            let (status, body) = send(delete, None);
            if status == 200 && body["deleted"] == true {
                books.lock().unwrap().deleted.push(id);
            }
            outcomes.push(("delete", status, 200, body));
        }
        let mut books = books.lock().unwrap();
        for (what, status, expected, body) in outcomes {
            books.requests += 1;
            if status != expected {
                books
                    .failures
                    .push(format!("client {client} {what}: {status} {body}"));
            }
        }
    }
}

#[test]
fn concurrent_clients_lose_nothing_and_the_books_balance() {
    let seconds: u64 = std::env::var("WP_MEDIA_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(data.path(), PASSWORD, &[]);
    let books = Arc::new(Mutex::new(Books::default()));
    let until = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..CLIENTS)
        .map(|n| {
            let (base, books) = (server.base.clone(), books.clone());
            std::thread::spawn(move || client(base, n, until, books))
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let books = books.lock().unwrap();
    assert!(
        books.failures.is_empty(),
        "failed requests: {:#?}",
        books.failures
    );

    // Every attachment, page by page, with the edit context's file names.
    let mut listed: Vec<Value> = Vec::new();
    let mut total_header = None;
    for page in 1.. {
        let response = ureq::get(&format!(
            "{}/wp-json/wp/v2/media?per_page=100&page={page}&context=edit",
            server.base
        ))
        .set("Authorization", &auth())
        .call()
        .unwrap();
        total_header = response.header("X-WP-Total").map(str::to_owned);
        let items: Vec<Value> = response.into_json().unwrap();
        let last = items.len() < 100;
        listed.extend(items);
        if last {
            break;
        }
    }
    let mut listed_ids: Vec<i64> = listed.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    listed_ids.sort_unstable();
    let deleted: BTreeSet<i64> = books.deleted.iter().copied().collect();
    let mut kept: Vec<i64> = books
        .created
        .iter()
        .copied()
        .filter(|id| !deleted.contains(id))
        .collect();
    kept.sort_unstable();
    assert_eq!(listed_ids, kept, "every kept create listed exactly once");
    assert_eq!(total_header, Some(kept.len().to_string()));
    for id in &deleted {
        let (status, _) = send(
            ureq::get(&format!("{}/wp-json/wp/v2/media/{id}", server.base)),
            None,
        );
        assert_eq!(status, 404, "deleted {id} is gone");
    }

    let uploads = data.path().join("uploads");
    let owned = server::owned_files(&uploads, &listed);
    let on_disk = server::files_under(&uploads);
    assert_eq!(
        on_disk, owned,
        "files on disk are exactly the attachments' files"
    );
    eprintln!(
        "{} requests from {CLIENTS} clients in {seconds} s: {} created, {} deleted, {} kept, {} files, none failed",
        books.requests,
        books.created.len(),
        deleted.len(),
        kept.len(),
        on_disk.len()
    );
}
