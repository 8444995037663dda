//! The options that change how an answer is written, `_pretty` and `_jsonp`, against the running
//! server. The expected answers are what WordPress 6.9.7 gave to the same requests on 2026-12-01.

mod server;

use serde_json::Value;

const PASSWORD: &str = "outputoutputoutputout123";

/// Status, Content-Type and body text of a GET.
fn get(base: &str, path: &str) -> (u16, String, String) {
    let (status, response) = match ureq::get(&format!("{base}{path}")).call() {
        Ok(r) => (r.status(), r),
        Err(ureq::Error::Status(status, r)) => (status, r),
        Err(e) => panic!("GET {path}: {e}"),
    };
    let content_type = response.header("Content-Type").unwrap_or("").to_owned();
    (status, content_type, response.into_string().unwrap())
}

const JAVASCRIPT: &str = "application/javascript; charset=UTF-8";
const JSON: &str = "application/json; charset=UTF-8";

#[test]
fn pretty_and_jsonp_answers_are_written_as_wordpress_writes_them() {
    let data = tempfile::tempdir().unwrap();
    let server = server::spawn(data.path(), PASSWORD, &[]);
    let upload = ureq::post(&format!("{}/wp-json/wp/v2/media", server.base))
        .set("Authorization", &server::basic("admin", PASSWORD))
        .set("Content-Type", "image/png")
        .set("Content-Disposition", "attachment; filename=b.png")
        .send_bytes(&server::sample("blue.png"))
        .unwrap();
    let id = upload.into_json::<Value>().unwrap()["id"].as_i64().unwrap();
    let list = "/wp-json/wp/v2/media?_fields=id,title";
    let (_, _, plain) = get(&server.base, list);
    assert_eq!(
        plain,
        format!(r#"[{{"id":{id},"title":{{"rendered":"b"}}}}]"#)
    );

    // A callback of letters, digits, `_` and `.` wraps the body, errors included.
    for callback in ["cb", "a.b_c1"] {
        let answer = get(&server.base, &format!("{list}&_jsonp={callback}"));
        assert_eq!(
            answer,
            (
                200,
                JAVASCRIPT.to_owned(),
                format!("/**/{callback}({plain})")
            )
        );
    }
    let (status, content_type, body) = get(&server.base, "/wp-json/wp/v2/media/999?_jsonp=cb");
    assert_eq!((status, content_type.as_str()), (404, JAVASCRIPT));
    assert_eq!(
        body,
        r#"/**/cb({"code":"rest_post_invalid_id","message":"Invalid post ID.","data":{"status":404}})"#
    );
    // "" and "0" are PHP's falsy strings: no callback.
    for falsy in ["", "0"] {
        let answer = get(&server.base, &format!("{list}&_jsonp={falsy}"));
        assert_eq!(answer, (200, JSON.to_owned(), plain.clone()));
    }
    // Anything else is refused before routing, with an error that has no `data`.
    for bad in ["bad-cb", "%C3%A9", "x&_jsonp%5B%5D=y"] {
        for path in [list, "/wp-json/no/such/route?x=1"] {
            let answer = get(&server.base, &format!("{path}&_jsonp={bad}"));
            let refused =
                r#"{"code":"rest_callback_invalid","message":"Invalid JSONP callback function."}"#;
            assert_eq!(
                answer,
                (400, JAVASCRIPT.to_owned(), refused.to_owned()),
                "{path} {bad}"
            );
        }
    }

    // `_pretty`, whatever its value, lays the body out as PHP's JSON_PRETTY_PRINT does.
    let pretty = format!(
        "[\n    {{\n        \"id\": {id},\n        \"title\": {{\n            \"rendered\": \"b\"\n        }}\n    }}\n]"
    );
    for flag in ["_pretty", "_pretty=1", "_pretty=0"] {
        let answer = get(&server.base, &format!("{list}&{flag}"));
        assert_eq!(answer, (200, JSON.to_owned(), pretty.clone()));
    }
    let (status, _, body) = get(&server.base, "/wp-json/wp/v2/media?_pretty&per_page=0");
    assert_eq!(status, 400);
    assert!(
        body.starts_with("{\n    \"code\": \"rest_invalid_param\",\n"),
        "{body}"
    );
    // Items written straight from their structs are laid out the same as those from a tree.
    let item = format!("/wp-json/wp/v2/media/{id}");
    let (_, _, written) = get(&server.base, &format!("{item}?_pretty"));
    let (_, _, tree) = get(&server.base, &format!("{item}?_pretty&_envelope"));
    let tree: Value = serde_json::from_str(&tree).unwrap();
    let body: Value = serde_json::from_str(&written).unwrap();
    assert_eq!(body, tree["body"]);
    // WordPress writes `id` first (6.9.7), not in the schema's order.
    assert!(written.starts_with("{\n    \"id\": "), "{written}");
}
