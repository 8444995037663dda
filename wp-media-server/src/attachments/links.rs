//! The `_links` of an attachment, as `prepare_links` and the server's `targetHints` make them,
//! written straight to JSON: built as a `Value` tree they took a fifth of a list request.

use super::perms;
use crate::request::Call;
use crate::store::posts::PostRow;
use crate::store::users::Cap;
use serde::ser::{Serialize, SerializeMap, Serializer};
use wp_schema_runtime::Context;

/// Relations in the order WordPress adds them, each with its one link.
pub struct Links(Vec<(&'static str, Link)>);

/// One link; the keys a relation does not use are left out, and the others keep WordPress's order.
#[derive(serde::Serialize, Default)]
pub struct Link {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    embeddable: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    post_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    href: String,
    #[serde(rename = "targetHints", skip_serializing_if = "Option::is_none")]
    target_hints: Option<TargetHints>,
    #[serde(skip_serializing_if = "Option::is_none")]
    templated: Option<bool>,
}

#[derive(serde::Serialize)]
struct TargetHints {
    allow: Vec<&'static str>,
}

impl Serialize for Links {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (relation, link) in &self.0 {
            map.serialize_entry(relation, std::slice::from_ref(link))?;
        }
        map.end()
    }
}

fn href(href: String) -> Link {
    Link {
        href,
        ..Link::default()
    }
}

fn embeddable(href: String) -> Link {
    Link {
        embeddable: Some(true),
        ..self::href(href)
    }
}

/// The links of `row`, whose featured media is `featured` (0 for none), for the user of `call`.
pub fn links(call: &Call<'_>, row: &PostRow, featured: i64, ctx: Context) -> Links {
    let config = &call.app.config;
    let self_url = config.rest_url(&format!("/wp/v2/media/{}", row.id));
    let mut links = vec![
        (
            "self",
            Link {
                target_hints: Some(TargetHints {
                    allow: allowed_methods(call, row),
                }),
                ..href(self_url.clone())
            },
        ),
        ("collection", href(config.rest_url("/wp/v2/media"))),
        ("about", href(config.rest_url("/wp/v2/types/attachment"))),
    ];
    if row.author != 0 {
        let author = config.rest_url(&format!("/wp/v2/users/{}", row.author));
        links.push(("author", embeddable(author)));
    }
    let replies = config.rest_url(&format!("/wp/v2/comments?post={}", row.id));
    links.push(("replies", embeddable(replies)));
    let mut curies = false;
    if featured != 0 {
        // `rest_get_route_for_post`: the item's route, or none for an id no post has.
        let route = match call.app.store.post(featured).ok().flatten() {
            Some(post) => format!("/wp/v2/{}/{featured}", rest_base(&post.post_type)),
            None => String::new(),
        };
        links.push(("wp:featuredmedia", embeddable(config.rest_url(&route))));
        curies = true;
    }
    if let Some(parent) = attached_to(call, row) {
        links.push(("wp:attached-to", parent));
        curies = true;
    }
    if ctx == Context::Edit {
        if call.can(Cap::UnfilteredHtml) {
            links.push(("wp:action-unfiltered-html", href(self_url.clone())));
            curies = true;
        }
        if call.can(Cap::EditOthersPosts) {
            links.push(("wp:action-assign-author", href(self_url)));
            curies = true;
        }
    }
    if curies {
        let curie = Link {
            name: Some("wp"),
            templated: Some(true),
            ..href("https://api.w.org/{rel}".to_owned())
        };
        links.push(("curies", curie));
    }
    Links(links)
}

/// The methods `targetHints` lists: what the user may do to the item.
pub(super) fn allowed_methods(call: &Call<'_>, row: &PostRow) -> Vec<&'static str> {
    let mut allow = Vec::new();
    if perms::can_read(call, row) {
        allow.push("GET");
    }
    if perms::can_edit(call, row) {
        allow.extend(["POST", "PUT", "PATCH"]);
    }
    if perms::can_delete(call, row) {
        allow.push("DELETE");
    }
    allow
}

/// The route base of a post type's items (`rest_get_route_for_post`): its registered `rest_base`,
/// for the types a fresh site holds (a navigation menu's is `navigation`, seen on 6.9.7).
pub(super) fn rest_base(post_type: &str) -> &str {
    match post_type {
        "post" => "posts",
        "page" => "pages",
        "attachment" => "media",
        "wp_navigation" => "navigation",
        other => other,
    }
}

/// `wp:attached-to`, when the item's parent exists.
fn attached_to(call: &Call<'_>, row: &PostRow) -> Option<Link> {
    if row.parent == 0 {
        return None;
    }
    let parent = call.app.store.post(row.parent).ok()??;
    let base = rest_base(&parent.post_type);
    let href = call
        .app
        .config
        .rest_url(&format!("/wp/v2/{base}/{}", parent.id));
    Some(Link {
        post_type: Some(parent.post_type),
        id: Some(parent.id),
        ..embeddable(href)
    })
}
