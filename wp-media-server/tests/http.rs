//! The binary's HTTP layer, which serves with hyper's connection builder (a bounded read buffer)
//! rather than `axum::serve`: bodies far larger than the buffer arrive whole, and Ctrl-C stops the
//! server cleanly.

mod server;

use std::io::Cursor;
use std::time::Duration;

const PASSWORD: &str = "httphttphttphttphttp1234";

/// A JPEG of noise: it does not compress, so it is about `side * side` bytes or more.
fn noisy_jpeg(side: u32) -> Vec<u8> {
    let mut seed = 0x2545_f491_u32;
    let picture = image::RgbImage::from_fn(side, side, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        let [r, g, b, _] = seed.to_le_bytes();
        image::Rgb([r, g, b])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95)
        .encode_image(&picture)
        .unwrap();
    out.into_inner()
}

#[test]
fn a_body_many_times_the_read_buffer_arrives_whole() {
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(data.path(), PASSWORD, &[]);
    let jpeg = noisy_jpeg(700);
    assert!(jpeg.len() > 1 << 20, "{} bytes", jpeg.len());
    let (status, item) = server::answer(
        ureq::post(&format!("{}/wp-json/wp/v2/media", server.base))
            .set("Authorization", &server::basic("admin", PASSWORD))
            .set("Content-Type", "image/jpeg")
            .set("Content-Disposition", "attachment; filename=noise.jpg")
            .send_bytes(&jpeg),
    );
    assert_eq!(status, 201, "{item}");
    let file = item["media_details"]["file"].as_str().unwrap();
    let stored = std::fs::read(data.path().join("uploads").join(file)).unwrap();
    assert!(stored == jpeg, "the stored file is the uploaded one");
}

#[test]
fn ctrl_c_stops_the_server() {
    let data = tempfile::tempdir().unwrap();
    let mut server = server::spawn(data.path(), PASSWORD, &[]);
    let exit = server
        .interrupt(Duration::from_secs(20))
        .expect("the server exits after Ctrl-C");
    assert!(exit.success(), "{exit}");
    assert!(ureq::get(&format!("{}/wp-json/", server.base))
        .call()
        .is_err());
}

// WordPress 6.9.7 answers `/?rest_route[]=…` with `wp_die`: JSON to a client asking for JSON (the
// conformance suite compares that one), its HTML error page otherwise.
#[test]
fn a_rest_route_array_gets_the_error_page_without_a_json_accept() {
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(data.path(), PASSWORD, &[]);
    let response = ureq::get(&format!("{}/?rest_route[]=/wp/v2/media", server.base)).call();
    let Err(ureq::Error::Status(status, response)) = response else {
        panic!("an error status");
    };
    assert_eq!(status, 400);
    assert_eq!(response.content_type(), "text/html");
    let page = response.into_string().unwrap();
    assert!(page.contains(
        "<div class=\"wp-die-message\">The REST route parameter must be a string.</div>"
    ));
}

// Python's http.client writes header values in Latin-1. Sent `filename="Ünïcødé ñame.png"` that
// way, WordPress 6.9.7 stored `Unicode-name.png` (remove_accents reads bytes that are not UTF-8 as
// ISO-8859-1); the name must not be lost as if there were no Content-Disposition.
#[test]
fn a_latin_1_file_name_is_read_as_wordpress_reads_it() {
    use std::io::{Read, Write};
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(data.path(), PASSWORD, &[]);
    let png = server::sample("blue.png");
    let address = server.base.trim_start_matches("http://");
    let mut head = format!(
        "POST /wp-json/wp/v2/media HTTP/1.1\r\nHost: {address}\r\nAuthorization: {}\r\nContent-Type: image/png\r\nContent-Length: {}\r\nConnection: close\r\nContent-Disposition: attachment; filename=\"",
        server::basic("admin", PASSWORD),
        png.len()
    )
    .into_bytes();
    head.extend(
        "Ünïcødé ñame.png"
            .chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap()),
    );
    head.extend_from_slice(b"\"\r\n\r\n");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    stream.write_all(&head).unwrap();
    stream.write_all(&png).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    assert!(answer.contains("/Unicode-name.png\""), "{answer}");
}
