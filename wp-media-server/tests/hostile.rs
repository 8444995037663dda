//! Hostile input against the running server: each request gets WordPress's error (or a plain
//! HTTP error where the request never reaches WordPress), the server keeps serving after every one,
//! and nothing is written that should not be. Requests go over raw TCP, so that bytes no HTTP
//! client would send (invalid UTF-8, NUL, oversized headers) are sent as they are.
//!
//! Where a case names WordPress's answer, it is what WordPress 6.9.7 answered on 2026-12-01 to the
//! same request (`php -S` front end, fresh install).

mod server;

use serde_json::Value;
use server::TestServer;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const PASSWORD: &str = "hostilehostilehostile123";
/// Small, so the oversized body is cheap to send.
const MAX_UPLOAD: usize = 2 * 1024 * 1024;

/// An answer: status, and the body parsed as JSON when it is JSON.
#[derive(Debug)]
struct Answer {
    status: u16,
    json: Option<Value>,
}

impl Answer {
    fn code(&self) -> &str {
        self.json
            .as_ref()
            .and_then(|j| j.get("code"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }
}

/// Sends `head` (request line and headers, without the blank line) and `body` as they are.
fn send(server: &TestServer, head: &[u8], body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut request = head.to_vec();
    request.extend_from_slice(
        format!(
            "\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    request.extend_from_slice(body);
    // The server may answer and close before it has read everything (an oversized body).
    let _ = stream.write_all(&request);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Answer {
    let text = String::from_utf8_lossy(raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let json = text
        .split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str(body).ok());
    Answer { status, json }
}

fn auth() -> String {
    format!("Authorization: {}", server::basic("admin", PASSWORD))
}

fn get(server: &TestServer, target: &[u8]) -> Answer {
    let mut head = b"GET ".to_vec();
    head.extend_from_slice(target);
    head.extend_from_slice(b" HTTP/1.1");
    send(server, &head, b"")
}

/// An upload as a raw body, authenticated as the administrator.
fn upload(server: &TestServer, file_name: &[u8], content_type: &str, bytes: &[u8]) -> Answer {
    let mut head = format!(
        "POST /wp-json/wp/v2/media HTTP/1.1\r\n{}\r\nContent-Type: {content_type}\r\nContent-Disposition: attachment; filename=\"",
        auth()
    )
    .into_bytes();
    head.extend_from_slice(file_name);
    head.push(b'"');
    send(server, &head, bytes)
}

fn json_update(server: &TestServer, id: i64, body: &[u8]) -> Answer {
    let head = format!(
        "POST /wp-json/wp/v2/media/{id} HTTP/1.1\r\n{}\r\nContent-Type: application/json",
        auth()
    );
    send(server, head.as_bytes(), body)
}

fn jpeg() -> Vec<u8> {
    server::sample("photo.jpg")
}

fn png() -> Vec<u8> {
    server::sample("blue.png")
}

fn still_serving(server: &TestServer, after: &str) {
    let answer = get(server, b"/wp-json/wp/v2/media?per_page=1");
    assert_eq!(
        answer.status, 200,
        "the server stopped serving after {after}"
    );
}

/// Every attachment, in the edit context.
fn all_items(server: &TestServer) -> Vec<Value> {
    let head = format!(
        "GET /wp-json/wp/v2/media?per_page=100&context=edit HTTP/1.1\r\n{}",
        auth()
    );
    let answer = send(server, head.as_bytes(), b"");
    answer.json.unwrap().as_array().unwrap().clone()
}

#[test]
fn hostile_requests_get_errors_and_leave_nothing_behind() {
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(
        data.path(),
        PASSWORD,
        &["--max-upload-size", &MAX_UPLOAD.to_string()],
    );
    let photo = upload(&server, b"photo.jpg", "image/jpeg", &jpeg());
    assert_eq!(photo.status, 201);
    let id = photo.json.as_ref().unwrap()["id"].as_i64().unwrap();
    let mut accepted = 1;
    let mut tried = 0;

    let check = |tried: &mut usize, what: &str, answer: Answer, status: u16, code: &str| {
        *tried += 1;
        assert_eq!(
            (answer.status, answer.code()),
            (status, code),
            "{what}: {answer:?}"
        );
        still_serving(&server, what);
    };
    // GETs of raw targets, each with the status and code it must get.
    let check_gets = |tried: &mut usize, cases: &[(&[u8], u16, &str)]| {
        for &(target, status, code) in cases {
            let what = String::from_utf8_lossy(target);
            check(tried, &what, get(&server, target), status, code);
        }
    };

    // Bodies that are not JSON, or JSON PHP's decoder refuses.
    for (what, body) in [
        ("malformed JSON", &b"{\"title\": }"[..]),
        ("truncated JSON", b"{\"title\": \"a"),
        ("invalid UTF-8 in JSON", b"{\"title\": \"\xff\xfe\"}"),
        ("a lone surrogate escape", b"{\"title\": \"\\ud800\"}"),
    ] {
        check(
            &mut tried,
            what,
            json_update(&server, id, body),
            400,
            "rest_invalid_json",
        );
    }
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    check(
        &mut tried,
        "JSON nested 100,000 deep",
        json_update(&server, id, deep.as_bytes()),
        400,
        "rest_invalid_json",
    );

    // Numbers past what i64 and f64 hold.
    let invalid = "rest_invalid_param";
    check_gets(
        &mut tried,
        &[
            (
                b"/wp-json/wp/v2/media?per_page=99999999999999999999999",
                400,
                invalid,
            ),
            (b"/wp-json/wp/v2/media?per_page=1e400", 400, invalid),
            (
                b"/wp-json/wp/v2/media?per_page=-99999999999999999999999",
                400,
                invalid,
            ),
        ],
    );
    // PHP decodes 1e400 as INF, and WordPress 6.9.7 takes it where an integer is expected.
    check(
        &mut tried,
        "a JSON number past f64",
        json_update(&server, id, b"{\"post\": 1e400}"),
        200,
        "",
    );

    // Ids WordPress's route pattern (`\d+`) takes or refuses.
    check_gets(
        &mut tried,
        &[
            (b"/wp-json/wp/v2/media/0", 404, "rest_post_invalid_id"),
            (
                b"/wp-json/wp/v2/media/99999999999999999999999",
                404,
                "rest_post_invalid_id",
            ),
            (b"/wp-json/wp/v2/media/-1", 404, "rest_no_route"),
            (b"/wp-json/wp/v2/media/abc", 404, "rest_no_route"),
            (b"/wp-json/wp/v2/media/1%00", 404, "rest_no_route"),
        ],
    );

    check(
        &mut tried,
        "page=1e400",
        get(&server, b"/wp-json/wp/v2/media?page=1e400"),
        200,
        "",
    );

    // Query strings: invalid UTF-8, and a very large one.
    let answer = get(&server, b"/wp-json/wp/v2/media?search=%ff%fe");
    check(&mut tried, "invalid UTF-8 in search", answer, 200, "");
    let huge = format!("/wp-json/wp/v2/media?search={}", "a".repeat(60_000));
    check(
        &mut tried,
        "a 60 kB query string",
        get(&server, huge.as_bytes()),
        200,
        "",
    );
    let answer = get(
        &server,
        format!("/wp-json/wp/v2/media?x={}", "a".repeat(2_000_000)).as_bytes(),
    );
    tried += 1;
    assert!(
        (400..500).contains(&answer.status) || answer.status == 0,
        "a 2 MB request line is refused: {answer:?}"
    );
    still_serving(&server, "a 2 MB request line");
    let mut head = b"GET /wp-json/ HTTP/1.1\r\nX-Big: ".to_vec();
    head.extend(std::iter::repeat_n(b'a', 2_000_000));
    let answer = send(&server, &head, b"");
    tried += 1;
    assert!(
        (400..500).contains(&answer.status) || answer.status == 0,
        "a 2 MB header is refused: {answer:?}"
    );
    still_serving(&server, "a 2 MB header");

    // `_fields` and `_embed` abuse, within the 64 kB a URI may take (past it, 414 as nginx answers).
    let many_fields = (0..5_000).map(|i| format!("f{i}")).collect::<Vec<_>>();
    let target = format!("/wp-json/wp/v2/media?_fields={}", many_fields.join(","));
    check(
        &mut tried,
        "_fields with 5,000 names",
        get(&server, target.as_bytes()),
        200,
        "",
    );
    let deep_field = format!(
        "/wp-json/wp/v2/media?_fields={}",
        vec!["media_details"; 2_000].join(".")
    );
    check(
        &mut tried,
        "_fields 2,000 levels deep",
        get(&server, deep_field.as_bytes()),
        200,
        "",
    );
    check_gets(
        &mut tried,
        &[
            (
                b"/wp-json/wp/v2/media?_embed=author,author,wp:attached-to,x",
                200,
                "",
            ),
            (b"/wp-json/wp/v2/media?_embed[]=1&_embed[x][y]=2", 200, ""),
            (
                b"/wp-json/wp/v2/media?_fields[]=id&_fields[a][b]=c",
                200,
                "",
            ),
        ],
    );

    // Uploads WordPress refuses.
    let refused = "Sorry, you are not allowed to upload this file type.";
    for (name, content_type, bytes) in [
        (
            &b"shell.php"[..],
            "application/x-php",
            &b"<?php echo 1;"[..],
        ),
        (b"shell.phtml", "application/x-php", b"<?php echo 1;"),
        (b"tool.exe", "application/octet-stream", b"MZ\x90\x00"),
        (
            b"drawing.svg",
            "image/svg+xml",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (b"fake.jpg", "image/jpeg", b"this is not a picture"),
    ] {
        let answer = upload(&server, name, content_type, bytes);
        assert_eq!(
            answer.json.as_ref().unwrap()["message"],
            refused,
            "{}",
            String::from_utf8_lossy(name)
        );
        check(
            &mut tried,
            &String::from_utf8_lossy(name),
            answer,
            500,
            "rest_upload_sideload_error",
        );
    }
    // A NUL in a header is refused by the HTTP layer (nginx answers 400 too; PHP's own server passes
    // it on, and WordPress 6.9.7 then refuses the file type).
    let answer = upload(&server, b"nul\x00byte.jpg", "image/jpeg", &jpeg());
    tried += 1;
    assert_eq!(answer.status, 400, "a NUL in the file name: {answer:?}");
    still_serving(&server, "a NUL in the file name");
    check(
        &mut tried,
        "a zero-byte file",
        upload(&server, b"empty.jpg", "image/jpeg", b""),
        400,
        "rest_upload_no_data",
    );
    let oversized = vec![0u8; MAX_UPLOAD + 1];
    let answer = upload(&server, b"big.jpg", "image/jpeg", &oversized);
    tried += 1;
    assert_eq!(answer.status, 413, "a body over --max-upload-size");
    still_serving(&server, "an oversized body");

    // Names WordPress sanitizes: the file lands inside uploads/YYYY/MM whatever the name says.
    for (name, bytes, expected) in [
        (&b"../../escape.jpg"[..], jpeg(), "escape.jpg"),
        (b"..\\..\\win.jpg", jpeg(), "win.jpg"),
        (b".hidden.jpg", jpeg(), "hidden.jpg"),
        (b"x.php.jpg", jpeg(), "x.php_.jpg"),
        (b"lying.jpg", png(), "lying.png"),
        (
            "caf\u{e9} \u{1f600}.jpg".as_bytes(),
            jpeg(),
            "cafe-\u{1f600}.jpg",
        ),
    ] {
        let answer = upload(&server, name, "image/jpeg", &bytes);
        tried += 1;
        assert_eq!(
            answer.status,
            201,
            "{}: {answer:?}",
            String::from_utf8_lossy(name)
        );
        accepted += 1;
        let url = answer.json.as_ref().unwrap()["source_url"]
            .as_str()
            .unwrap()
            .to_owned();
        assert!(
            url.ends_with(&format!("/{expected}")),
            "{} stored as {url}",
            String::from_utf8_lossy(name)
        );
        still_serving(&server, &String::from_utf8_lossy(name));
    }
    // Pictures no decoder should open: a PNG header claiming 100,000 × 100,000 pixels, and a PNG
    // whose palette is not whole colours (png 0.18.1 panicked on it; found by fuzzing). WordPress
    // 6.9.7 keeps both with the header's size and no sub-sizes.
    for (name, bytes, size) in [
        (
            &b"bomb.png"[..],
            include_bytes!("../src/images/decode-crashes/png-header-100000x100000.png").to_vec(),
            100_000,
        ),
        (
            b"short-palette.png",
            include_bytes!("../src/images/decode-crashes/png-short-palette.png").to_vec(),
            0,
        ),
    ] {
        let answer = upload(&server, name, "image/png", &bytes);
        tried += 1;
        assert_eq!(answer.status, 201, "{answer:?}");
        accepted += 1;
        let details = &answer.json.as_ref().unwrap()["media_details"];
        if size > 0 {
            assert_eq!(details["width"], size);
            assert_eq!(details["height"], size);
        }
        assert!(details["width"].is_u64(), "{details}");
        assert_eq!(details["sizes"], serde_json::json!({}));
        still_serving(&server, &String::from_utf8_lossy(name));
    }
    // No file system takes a 300-byte name: WordPress says where it could not move the file.
    let long = format!("{}.jpg", "n".repeat(300));
    let answer = upload(&server, long.as_bytes(), "image/jpeg", &jpeg());
    let message = answer.json.as_ref().unwrap()["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.starts_with("The uploaded file could not be moved to uploads/"),
        "{message}"
    );
    check(
        &mut tried,
        "a 300-byte name",
        answer,
        500,
        "rest_upload_sideload_error",
    );

    // Nothing written that should not be: every file on disk is owned by an accepted attachment,
    // and every owned file exists.
    let uploads = data.path().join("uploads");
    let items = all_items(&server);
    assert_eq!(
        server::files_under(&uploads),
        server::owned_files(&uploads, &items),
        "files on disk are exactly the attachments' files"
    );
    let list = get(&server, b"/wp-json/wp/v2/media?per_page=100");
    assert_eq!(list.json.unwrap().as_array().unwrap().len(), accepted);
    eprintln!("{tried} hostile requests tried, {accepted} uploads accepted, nothing else written");
}
