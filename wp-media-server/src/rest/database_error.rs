//! WordPress's answer when it cannot reach its database: `dead_db()` stops every request before any
//! route is looked at, through `wp_die`'s handler for what the client asked for: JSON when the
//! `Accept` or `Content-Type` header names JSON, XML when they name XML, and otherwise its HTML
//! error page. The bodies are WordPress 6.9.7's own answers, recorded (php -S, a `DB_HOST` on a
//! socket that does not exist): they depend on nothing in the request.

use crate::request::{RestRequest, RestResponse};
use wp_schema_runtime::params::wp_is_json_media_type;

const PAGE: &[u8] = include_bytes!("database-error/wordpress-6.9.7.html");
const JSON: &[u8] = include_bytes!("database-error/wordpress-6.9.7.json");
const XML: &[u8] = include_bytes!("database-error/wordpress-6.9.7.xml");

/// The media types `wp_is_xml_request` looks for.
const XML_TYPES: &[&str] = &[
    "text/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "text/xml+oembed",
    "application/xml+oembed",
];

pub fn answer(req: &RestRequest) -> RestResponse {
    let accept = req.header("accept");
    let content_type = req.header("content-type");
    let (kind, body) = if accept.is_some_and(wp_is_json_media_type)
        || content_type.is_some_and(wp_is_json_media_type)
    {
        ("application/json", JSON)
    } else if accept.is_some_and(|a| XML_TYPES.iter().any(|t| a.contains(t)))
        || content_type.is_some_and(|c| XML_TYPES.contains(&c))
    {
        ("text/xml", XML)
    } else {
        ("text/html", PAGE)
    };
    RestResponse {
        status: 500,
        headers: vec![
            ("Content-Type".to_owned(), format!("{kind}; charset=UTF-8")),
            (
                "Expires".to_owned(),
                "Wed, 11 Jan 1984 05:00:00 GMT".to_owned(),
            ),
            (
                "Cache-Control".to_owned(),
                "no-cache, must-revalidate, max-age=0, no-store, private".to_owned(),
            ),
        ],
        body: body.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asking(headers: &[(&'static str, &str)]) -> RestResponse {
        let mut req = RestRequest::default();
        for (name, value) in headers {
            req.headers.insert(*name, value.parse().unwrap());
        }
        answer(&req)
    }

    fn kind(response: &RestResponse) -> &str {
        &response.headers[0].1
    }

    // What WordPress 6.9.7 answered with its database gone (2026-12-06).
    #[test]
    fn the_answer_follows_what_the_client_asked_for() {
        let page = asking(&[]);
        assert_eq!(
            (page.status, kind(&page)),
            (500, "text/html; charset=UTF-8")
        );
        assert!(page.body.ends_with(
            b"<h1>Error establishing a database connection</h1></div></body>\n</html>\n\t"
        ));
        let json = asking(&[("accept", "text/html, application/json;q=0.9")]);
        assert_eq!(kind(&json), "application/json; charset=UTF-8");
        assert_eq!(
            json.body,
            br#"{"code":"wp_die","message":"<h1>Error establishing a database connection<\/h1>","data":{"status":500},"additional_errors":[]}"#
        );
        let posted = asking(&[("content-type", "application/json")]);
        assert_eq!(posted.body, json.body);
        let xml = asking(&[("accept", "text/xml")]);
        assert_eq!(kind(&xml), "text/xml; charset=UTF-8");
        assert!(xml.body.starts_with(b"<error>\n    <code>wp_die</code>"));
        // JSON first, when both are named; XML as a Content-Type only when it is exactly one.
        assert_eq!(
            asking(&[("accept", "text/xml, application/json")]).body,
            json.body
        );
        assert_eq!(
            asking(&[("content-type", "text/xml; charset=UTF-8")]).body,
            page.body
        );
    }
}
