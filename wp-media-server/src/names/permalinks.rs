//! Addresses by the site's permalink structure (the `permalink_structure` option): the REST
//! API's (`get_rest_url`), an attachment's with no parent (`get_attachment_link`), a post's
//! (`get_permalink`) and a page's (`_get_page_link`). An empty structure is WordPress's plain
//! links (`?p=`, `?attachment_id=`, `index.php?rest_route=`).

/// The site's permalink structure, e.g. `/%postname%/`, `/%year%/%monthnum%/%postname%`,
/// `/index.php/%postname%/`, or `""` for plain links.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Permalinks {
    structure: String,
}

impl Default for Permalinks {
    /// `/%postname%/`, which the server's own site has.
    fn default() -> Self {
        Permalinks::new("/%postname%/")
    }
}

impl Permalinks {
    pub fn new(structure: &str) -> Permalinks {
        Permalinks {
            structure: structure.to_owned(),
        }
    }

    /// `WP_Rewrite::using_permalinks`.
    pub fn using_permalinks(&self) -> bool {
        !self.structure.is_empty()
    }

    /// Whether the structure keeps the addresses under `/index.php/` (no rewriting by the web
    /// server): `WP_Rewrite::using_index_permalinks`.
    fn using_index_permalinks(&self) -> bool {
        let structure = self.structure.trim_start_matches('/');
        structure == "index.php" || structure.starts_with("index.php/")
    }

    /// Whether links name a post's category, which an attachment's link then marks.
    pub fn has_category(&self) -> bool {
        self.structure.contains("%category%")
    }

    /// Whether links name a post's author (by nicename).
    pub fn has_author(&self) -> bool {
        self.structure.contains("%author%")
    }

    /// `user_trailingslashit`: a trailing slash when the structure ends with one, none otherwise.
    pub fn user_trailingslashit(&self, link: &str) -> String {
        let bare = link.trim_end_matches(['/', '\\']);
        if self.structure.ends_with('/') {
            format!("{bare}/")
        } else {
            bare.to_owned()
        }
    }

    /// `get_rest_url` of `route` (which may carry a query: `/wp/v2/media?parent=5`, as
    /// `add_query_arg` appends it) on the site at `home`.
    pub fn rest_url(&self, home: &str, route: &str) -> String {
        if self.using_index_permalinks() {
            format!("{home}/index.php/wp-json{route}")
        } else if self.using_permalinks() {
            format!("{home}/wp-json{route}")
        } else {
            // `add_query_arg` writes the route as it is, slashes and all; a query that carries
            // `rest_route` itself (a collection's page links repeat the request's, encoded)
            // gives it its value in its first place.
            let (path, query) = route.split_once('?').unwrap_or((route, ""));
            let mut rest_route = path;
            let mut others = String::new();
            for pair in query.split('&').filter(|p| !p.is_empty()) {
                match pair.split_once('=') {
                    Some(("rest_route", value)) => rest_route = value,
                    _ if pair == "rest_route" => rest_route = "",
                    _ => {
                        others.push('&');
                        others.push_str(pair);
                    }
                }
            }
            format!("{home}/index.php?rest_route={rest_route}{others}")
        }
    }

    /// The link of an attachment with no parent: its slug at the site's root, or the plain link.
    pub fn root_attachment_link(&self, home: &str, id: i64, slug: &str) -> String {
        if self.using_permalinks() {
            format!("{home}/{}", self.user_trailingslashit(slug))
        } else {
            plain_attachment_link(home, id)
        }
    }

    /// `get_permalink` of a published post whose date is `date` (`YYYY-MM-DD HH:MM:SS`), author's
    /// nicename `author`, category path `category` and slug `slug`; `None` for plain links.
    pub fn post_link(&self, home: &str, post: &PostTags<'_>) -> Option<String> {
        if !self.using_permalinks() {
            return None;
        }
        let PostTags {
            id,
            date,
            slug,
            author,
            category,
        } = *post;
        let parts: Vec<&str> = date.split(['-', ':', ' ']).collect();
        let part = |n: usize| parts.get(n).copied().unwrap_or("");
        let id = id.to_string();
        let replaced = [
            ("%year%", part(0)),
            ("%monthnum%", part(1)),
            ("%day%", part(2)),
            ("%hour%", part(3)),
            ("%minute%", part(4)),
            ("%second%", part(5)),
            ("%postname%", slug),
            ("%post_id%", &id),
            ("%category%", category),
            ("%author%", author),
            ("%pagename%", slug),
        ]
        .iter()
        .fold(self.structure.clone(), |link, (tag, value)| {
            link.replace(tag, value)
        });
        Some(self.user_trailingslashit(&format!("{home}{replaced}")))
    }

    /// `_get_page_link` of a published page whose path is `uri` (`get_page_uri`: its ancestors'
    /// slugs and its own, joined by `/`); `None` for plain links.
    pub fn page_link(&self, home: &str, uri: &str) -> Option<String> {
        if !self.using_permalinks() {
            return None;
        }
        let root = if self.using_index_permalinks() {
            "index.php/"
        } else {
            ""
        };
        Some(self.user_trailingslashit(&format!("{home}/{root}{uri}")))
    }
}

/// What a post's permalink tags stand for.
#[derive(Clone, Copy)]
pub struct PostTags<'a> {
    pub id: i64,
    /// `post_date`, `YYYY-MM-DD HH:MM:SS`.
    pub date: &'a str,
    pub slug: &'a str,
    /// The author's nicename.
    pub author: &'a str,
    /// The category's path of slugs.
    pub category: &'a str,
}

/// `home_url( '/?attachment_id=ID' )`.
pub fn plain_attachment_link(home: &str, id: i64) -> String {
    format!("{home}/?attachment_id={id}")
}

#[cfg(test)]
mod tests {
    use super::{Permalinks, PostTags};

    const HOME: &str = "http://127.0.0.1:8061";

    /// What WordPress 6.1.9 answered under each structure (`tests/shared_database.rs`, which
    /// compares the server with it live): a post of 2026-03-04 05:06:07 by `admin`, id 32, slug
    /// `links`, in a category `child` of `parent`; a page `parent/child`; an attachment `links-0`
    /// at the root.
    #[test]
    fn addresses_follow_the_structure() {
        let post_tags = PostTags {
            id: 32,
            date: "2026-03-04 05:06:07",
            slug: "links",
            author: "admin",
            category: "news/local",
        };
        for (structure, post, page, root, rest) in [
            (
                "/%postname%/",
                "/links/",
                "/parent/child/",
                "/links-0/",
                "/wp-json/wp/v2/media/35",
            ),
            (
                "/%year%/%monthnum%/%day%/%postname%/",
                "/2026/03/04/links/",
                "/parent/child/",
                "/links-0/",
                "/wp-json/wp/v2/media/35",
            ),
            (
                "/archives/%post_id%",
                "/archives/32",
                "/parent/child",
                "/links-0",
                "/wp-json/wp/v2/media/35",
            ),
            (
                "/%author%/%postname%",
                "/admin/links",
                "/parent/child",
                "/links-0",
                "/wp-json/wp/v2/media/35",
            ),
            (
                "/%category%/%postname%/",
                "/news/local/links/",
                "/parent/child/",
                "/links-0/",
                "/wp-json/wp/v2/media/35",
            ),
            (
                "/index.php/%postname%/",
                "/index.php/links/",
                "/index.php/parent/child/",
                "/links-0/",
                "/index.php/wp-json/wp/v2/media/35",
            ),
        ] {
            let links = Permalinks::new(structure);
            let url = |path: &str| format!("{HOME}{path}");
            assert_eq!(
                links.post_link(HOME, &post_tags),
                Some(url(post)),
                "{structure}"
            );
            assert_eq!(links.page_link(HOME, "parent/child"), Some(url(page)));
            assert_eq!(links.root_attachment_link(HOME, 35, "links-0"), url(root));
            assert_eq!(links.rest_url(HOME, "/wp/v2/media/35"), url(rest));
        }
        let plain = Permalinks::new("");
        assert_eq!(plain.post_link(HOME, &post_tags), None);
        assert_eq!(plain.page_link(HOME, "parent/child"), None);
        assert_eq!(
            plain.root_attachment_link(HOME, 35, "links-0"),
            format!("{HOME}/?attachment_id=35")
        );
        assert_eq!(
            plain.rest_url(HOME, "/wp/v2/media?parent=5"),
            format!("{HOME}/index.php?rest_route=/wp/v2/media&parent=5")
        );
        // A page link repeats the request's query, whose `rest_route` (encoded) takes the
        // route's place.
        assert_eq!(
            plain.rest_url(
                HOME,
                "/wp/v2/media?rest_route=%2Fwp%2Fv2%2Fmedia&per_page=1&page=2"
            ),
            format!("{HOME}/index.php?rest_route=%2Fwp%2Fv2%2Fmedia&per_page=1&page=2")
        );
    }
}
