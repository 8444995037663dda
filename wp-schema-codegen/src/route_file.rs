//! The file name a route's document is kept under: `/wp/v2/media/(?P<id>[\d]+)` → `wp-v2-media-id`.
//!
//! `wp-schema pull` writes documents under these names, `diff` pairs a folder's files with an
//! index's routes by them, and generated code and `check` name a route's document by them, so all
//! derive them here.

/// The file stem (no `.json`) for a route as WordPress lists it in its index.
///
/// A path variable `(?P<name>…)` becomes its name, an unnamed group becomes `var`, and every other
/// run of characters outside `[a-z0-9._]` becomes one `-`. The root route `/` is `root`.
pub fn stem(route: &str) -> String {
    let mut words = String::new();
    for part in parts(route) {
        match part {
            Part::Literal(text) => words.push_str(text),
            Part::Group { name, .. } => {
                words.push('/');
                words.push_str(name.unwrap_or("var"));
                words.push('/');
            }
        }
    }
    let stem = dashed(&words);
    if stem.is_empty() {
        "root".to_owned()
    } else {
        stem
    }
}

/// A piece of a route pattern: literal text, or a parenthesised group (a path variable when named).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part<'a> {
    Literal(&'a str),
    Group {
        name: Option<&'a str>,
        text: &'a str,
    },
}

/// A route pattern cut into literal text and top-level groups, brackets and escapes respected.
/// An unclosed group runs to the end.
pub fn parts(route: &str) -> Vec<Part<'_>> {
    let mut parts = Vec::new();
    let mut rest = route;
    while let Some(open) = rest.find('(') {
        if open > 0 {
            parts.push(Part::Literal(&rest[..open]));
        }
        let group = &rest[open..];
        let end = group_end(group).unwrap_or(group.len());
        parts.push(Part::Group {
            name: group_name(&group[..end]),
            text: &group[..end],
        });
        rest = &group[end..];
    }
    if !rest.is_empty() {
        parts.push(Part::Literal(rest));
    }
    parts
}

/// Stems for a list of routes, each unique: a second route with the same stem gets `-2`, a third
/// `-3`, in the order given (WordPress's registration order, which is stable for a site).
pub fn unique_stems<'a>(routes: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, String)> {
    let mut taken = std::collections::HashSet::new();
    routes
        .into_iter()
        .map(|route| {
            let base = stem(route);
            let mut name = base.clone();
            let mut n = 1;
            while !taken.insert(name.clone()) {
                n += 1;
                name = format!("{base}-{n}");
            }
            (route, name)
        })
        .collect()
}

/// The length of the parenthesised group at the start of `text`, brackets and escapes respected.
fn group_end(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_class = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            ']' if in_class => in_class = false,
            _ if in_class => {}
            '[' => in_class = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// `name` for a group `(?P<name>…)` or `(?<name>…)`.
fn group_name(group: &str) -> Option<&str> {
    let after = group
        .strip_prefix("(?P<")
        .or_else(|| group.strip_prefix("(?<"))?;
    let name = &after[..after.find('>')?];
    (!name.is_empty()).then_some(name)
}

fn dashed(words: &str) -> String {
    let mut out = String::with_capacity(words.len());
    for c in words.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() || c == '.' || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Routes as WordPress 6.9.7 lists them in `/wp-json/?context=help`.
    #[test]
    fn core_routes_get_readable_stems() {
        let cases = [
            ("/", "root"),
            ("/wp/v2", "wp-v2"),
            ("/oembed/1.0/embed", "oembed-1.0-embed"),
            ("/wp/v2/media", "wp-v2-media"),
            (r"/wp/v2/media/(?P<id>[\d]+)", "wp-v2-media-id"),
            (
                r"/wp/v2/posts/(?P<parent>[\d]+)/revisions/(?P<id>[\d]+)",
                "wp-v2-posts-parent-revisions-id",
            ),
            (
                r#"/wp/v2/templates/(?P<id>([^\/:<>\*\?"\|]+(?:\/[^\/:<>\*\?"\|]+)?)[\/\w%-]+)/autosaves"#,
                "wp-v2-templates-id-autosaves",
            ),
            (
                r"/wp/v2/block-renderer/(?P<name>[a-z0-9-]+/[a-z0-9-]+)",
                "wp-v2-block-renderer-name",
            ),
            (
                r"/wp/v2/users/(?P<user_id>(?:[\d]+|me))/application-passwords/(?P<uuid>[\w\-]+)",
                "wp-v2-users-user_id-application-passwords-uuid",
            ),
            (
                r"/wp-abilities/v1/abilities/(?P<name>[a-zA-Z0-9\-\/]+?)/run",
                "wp-abilities-v1-abilities-name-run",
            ),
            ("/wp/v2/wp_pattern_category", "wp-v2-wp_pattern_category"),
            (r"/my/v1/things/([\d]+)", "my-v1-things-var"),
            (r"/my/v1/(?P<broken", "my-v1-var"),
        ];
        for (route, expected) in cases {
            assert_eq!(stem(route), expected, "{route}");
        }
    }

    #[test]
    fn patterns_are_cut_into_literals_and_groups() {
        assert_eq!(
            parts(r"/wp/v2/posts/(?P<parent>[\d]+)/revisions/(?P<id>[\d]+)"),
            [
                Part::Literal("/wp/v2/posts/"),
                Part::Group {
                    name: Some("parent"),
                    text: r"(?P<parent>[\d]+)"
                },
                Part::Literal("/revisions/"),
                Part::Group {
                    name: Some("id"),
                    text: r"(?P<id>[\d]+)"
                },
            ]
        );
        assert_eq!(
            parts(r"/a/([)]+)"),
            [
                Part::Literal("/a/"),
                Part::Group {
                    name: None,
                    text: r"([)]+)"
                }
            ]
        );
        assert_eq!(parts("/wp/v2"), [Part::Literal("/wp/v2")]);
    }

    #[test]
    fn equal_stems_are_numbered_in_order() {
        let routes = [r"/a/(?P<id>\d+)", "/a/id", "/b", r"/a/(?P<id>[\w]+)"];
        let stems: Vec<String> = unique_stems(routes).into_iter().map(|(_, s)| s).collect();
        assert_eq!(stems, ["a-id", "a-id-2", "b", "a-id-3"]);
    }
}
