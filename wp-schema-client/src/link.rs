//! `Link` headers (RFC 8288), which point to the REST root and to a collection's next page.
//!
//! Written here rather than taken from a crate: the Link parsers published bring a URL or regex
//! crate along for what is one small loop over characters.

use http::header::LINK;
use http::HeaderMap;
use std::iter::Peekable;
use std::str::Chars;

/// The target of the first link, across all `Link` headers, whose `rel` has the relation type
/// `rel` (compared without case, as RFC 8288 says of relation types).
pub(crate) fn find(headers: &HeaderMap, rel: &str) -> Option<String> {
    headers
        .get_all(LINK)
        .iter()
        .flat_map(|value| parse(&String::from_utf8_lossy(value.as_bytes())))
        .find(|link| {
            link.rel.as_deref().is_some_and(|types| {
                types
                    .split_whitespace()
                    .any(|t| t.eq_ignore_ascii_case(rel))
            })
        })
        .map(|link| link.target)
}

#[derive(Debug, PartialEq)]
struct Link {
    target: String,
    /// The first `rel` parameter; RFC 8288 has later ones ignored.
    rel: Option<String>,
}

/// The links of one header value: `<target>; param=value; param="quoted, value", <next>…`.
/// A malformed link is skipped up to the next comma that is not quoted.
fn parse(value: &str) -> Vec<Link> {
    let mut links = Vec::new();
    let mut chars = value.chars().peekable();
    loop {
        skip(&mut chars, |c| c == ',' || c.is_whitespace());
        match chars.next() {
            None => return links,
            Some('<') => {
                let target: String = chars.by_ref().take_while(|&c| c != '>').collect();
                let rel = params(&mut chars);
                links.push(Link {
                    target: target.trim().to_owned(),
                    rel,
                });
            }
            Some(_) => {
                params(&mut chars);
            }
        }
    }
}

/// Reads a link's parameters up to the comma that ends it, and gives its first `rel`.
fn params(chars: &mut Peekable<Chars<'_>>) -> Option<String> {
    let mut rel = None;
    loop {
        skip(chars, char::is_whitespace);
        match chars.next() {
            None | Some(',') => return rel,
            Some(';') => {
                skip(chars, char::is_whitespace);
                let name = token(chars);
                skip(chars, char::is_whitespace);
                let value = if chars.next_if_eq(&'=').is_some() {
                    skip(chars, char::is_whitespace);
                    if chars.next_if_eq(&'"').is_some() {
                        quoted(chars)
                    } else {
                        token(chars)
                    }
                } else {
                    String::new()
                };
                if rel.is_none() && name.eq_ignore_ascii_case("rel") {
                    rel = Some(value);
                }
            }
            // Stray text: passed over to the next delimiter.
            Some('"') => {
                quoted(chars);
            }
            Some(_) => {}
        }
    }
}

fn token(chars: &mut Peekable<Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) =
        chars.next_if(|&c| !matches!(c, ';' | ',' | '=' | '"') && !c.is_whitespace())
    {
        out.push(c);
    }
    out
}

/// The rest of a quoted string whose opening quote was read; `\` escapes the next character.
fn quoted(chars: &mut Peekable<Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => break,
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    out
}

fn skip(chars: &mut Peekable<Chars<'_>>, what: impl Fn(char) -> bool) {
    while chars.next_if(|&c| what(c)).is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for value in values {
            map.append(LINK, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn finds_the_rest_root_among_several_links_and_headers() {
        let map = headers(&[
            r#"<https://s/?p=12>; rel=shortlink"#,
            r#"<https://s/wp-json/wp/v2/pages/12>; rel="alternate"; title="JSON, of the page"; type="application/json", <https://s/wp-json/>; rel="https://api.w.org/""#,
        ]);
        assert_eq!(
            find(&map, "https://api.w.org/").as_deref(),
            Some("https://s/wp-json/")
        );
        assert_eq!(find(&map, "shortlink").as_deref(), Some("https://s/?p=12"));
        assert_eq!(find(&map, "next"), None);
    }

    #[test]
    fn reads_quoted_unquoted_and_multi_type_rels() {
        let map = headers(&[
            r#"<https://s/wp-json/wp/v2/posts?page=1>; rel="prev", <https://s/wp-json/wp/v2/posts?page=3>; REL="Next last""#,
        ]);
        assert_eq!(
            find(&map, "next").as_deref(),
            Some("https://s/wp-json/wp/v2/posts?page=3")
        );
        assert_eq!(
            find(&map, "prev").as_deref(),
            Some("https://s/wp-json/wp/v2/posts?page=1")
        );
    }

    #[test]
    fn only_the_first_rel_counts_and_escapes_are_read() {
        let map = headers(&[r#"<a>; rel=next; rel=prev, <b>; title="x\"; rel=next"; rel="pr\ev""#]);
        assert_eq!(find(&map, "next").as_deref(), Some("a"));
        assert_eq!(find(&map, "prev").as_deref(), Some("b"));
    }

    #[test]
    fn survives_malformed_values() {
        for value in [
            "",
            ",,,",
            "<unclosed",
            "junk; rel=next",
            "<x>; rel=\"unterminated",
            ";;=,<",
        ] {
            assert_eq!(find(&headers(&[value]), "next"), None, "{value}");
        }
        let map = headers(&["garbage \"quoted, comma\" more, <https://s/n>; rel=next"]);
        assert_eq!(find(&map, "next").as_deref(), Some("https://s/n"));
    }
}
