//! Where the REST API lives, and the URL of a route under it.

use crate::error::Error;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// What `rest_url` leaves unencoded in a route: unreserved characters and the path's slashes.
const ROUTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// A site's REST root, found by discovery or given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// Pretty permalinks: routes are paths under this URL (`https://site/wp-json`, no trailing
    /// slash).
    Pretty(String),
    /// Plain permalinks: routes go in `?rest_route=` of this URL (`https://site/index.php` or
    /// `https://site/`); any other parameter the site's root carried stays in it.
    Plain(String),
}

impl Root {
    /// Reads a REST root URL as WordPress's `Link` header gives it: `https://s/wp-json/` is
    /// [`Root::Pretty`], `https://s/index.php?rest_route=/` or `https://s/?rest_route=/`
    /// [`Root::Plain`].
    pub fn parse(url: &str) -> Result<Root, Error> {
        let url = url.trim();
        let url = url.split('#').next().unwrap_or_default();
        check_absolute(url)?;
        let (base, query) = match url.split_once('?') {
            Some((base, query)) => (base, query),
            None => (url, ""),
        };
        let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        let is_route = |pair: &&str| pair.split('=').next() == Some("rest_route");
        if pairs.iter().any(is_route) {
            let kept: Vec<&str> = pairs.into_iter().filter(|p| !is_route(p)).collect();
            return Ok(if kept.is_empty() {
                Root::Plain(base.to_owned())
            } else {
                Root::Plain(format!("{base}?{}", kept.join("&")))
            });
        }
        if !pairs.is_empty() {
            // A pretty root's routes are appended to its path: a query there would end up in
            // the middle of every URL.
            return Err(Error::Config(format!(
                "{url} is not a REST root: it has a query but no rest_route"
            )));
        }
        Ok(Root::Pretty(base.trim_end_matches('/').to_owned()))
    }

    /// The URL of the route path `path` (`/wp/v2/media/5`, unencoded, starting with `/`) with the
    /// encoded query `query` (no leading `?`; may be empty).
    pub fn url(&self, path: &str, query: &str) -> String {
        let path = utf8_percent_encode(path, ROUTE);
        let mut url = match self {
            Root::Pretty(base) => format!("{base}{path}"),
            Root::Plain(base) => {
                let joint = if base.contains('?') { '&' } else { '?' };
                format!("{base}{joint}rest_route={path}")
            }
        };
        if !query.is_empty() {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(query);
        }
        url
    }
}

/// An `http` or `https` URL with a host, which is all a transport can be given.
pub(crate) fn check_absolute(url: &str) -> Result<(), Error> {
    let unusable = |why: &str| Err(Error::Config(format!("{url} is not a usable URL: {why}")));
    let uri = match http::Uri::try_from(url) {
        Ok(uri) => uri,
        Err(e) => return unusable(&e.to_string()),
    };
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return unusable("it does not start with http:// or https://"),
    }
    if uri.host().is_none_or(str::is_empty) {
        return unusable("it has no host");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_forms_of_the_link_header() {
        let cases = [
            (
                "https://example.com/wp-json/",
                Root::Pretty("https://example.com/wp-json".into()),
            ),
            (
                "https://example.com/blog/wp-json",
                Root::Pretty("https://example.com/blog/wp-json".into()),
            ),
            (
                "https://example.com/index.php?rest_route=/",
                Root::Plain("https://example.com/index.php".into()),
            ),
            (
                "http://localhost:8069/?rest_route=/",
                Root::Plain("http://localhost:8069/".into()),
            ),
            (
                "https://example.com/?lang=fr&rest_route=%2F",
                Root::Plain("https://example.com/?lang=fr".into()),
            ),
        ];
        for (url, root) in cases {
            assert_eq!(Root::parse(url).unwrap(), root, "{url}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_root() {
        for url in [
            "/wp-json/",
            "ftp://example.com/wp-json/",
            "https:///wp-json",
            "https://example.com/wp-json/?lang=fr",
            "not a url",
        ] {
            assert!(matches!(Root::parse(url), Err(Error::Config(_))), "{url}");
        }
    }

    #[test]
    fn builds_route_urls() {
        let pretty = Root::Pretty("https://s/wp-json".into());
        assert_eq!(
            pretty.url("/wp/v2/media/5", ""),
            "https://s/wp-json/wp/v2/media/5"
        );
        assert_eq!(
            pretty.url("/wp/v2/media", "per_page=5&page=2"),
            "https://s/wp-json/wp/v2/media?per_page=5&page=2"
        );
        let plain = Root::Plain("https://s/index.php".into());
        assert_eq!(
            plain.url("/wp/v2/media", "per_page=5"),
            "https://s/index.php?rest_route=/wp/v2/media&per_page=5"
        );
        let with_lang = Root::Plain("https://s/?lang=fr".into());
        assert_eq!(
            with_lang.url("/wp/v2/media", ""),
            "https://s/?lang=fr&rest_route=/wp/v2/media"
        );
    }

    #[test]
    fn route_paths_are_encoded_but_keep_their_slashes() {
        let plain = Root::Plain("https://s/".into());
        assert_eq!(
            plain.url("/wp/v2/terms/été & co?", "a=1"),
            "https://s/?rest_route=/wp/v2/terms/%C3%A9t%C3%A9%20%26%20co%3F&a=1"
        );
        let pretty = Root::Pretty("https://s/wp-json".into());
        assert_eq!(pretty.url("/x/a b#", ""), "https://s/wp-json/x/a%20b%23");
    }
}
