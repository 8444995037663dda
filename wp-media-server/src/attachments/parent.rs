//! The post an attachment is attached to, as `_embed` of `wp:attached-to` shows it: what the posts
//! (or pages) controller answers for it in the embed context, or the error it answers, under the
//! permissions of whoever asks.
//!
//! Parents of other types (an attachment, a navigation menu) are not embedded: their controllers
//! answer with other fields, and this server does not render them.

use super::{links as attachment_links, perms, prepare as attachment};
use crate::request::Call;
use crate::store::posts::PostRow;
use crate::text::{autop, excerpt, texturize};
use serde_json::{json, Value};

/// `_embedded['wp:attached-to'][0]` for the parent `id`; `None` when it is gone or of a type this
/// server does not render.
pub fn embedded(call: &Call<'_>, id: i64) -> Option<Value> {
    let parent = call.app.store.post(id).ok()??;
    if !matches!(parent.post_type.as_str(), "post" | "page") {
        return None;
    }
    let base = attachment_links::rest_base(&parent.post_type);
    if !perms::can_read(call, &parent) {
        // A permission callback that says no: the REST server's generic refusal.
        let refusal = call.forbidden("rest_forbidden", "Sorry, you are not allowed to do that.");
        return Some(refusal.to_json());
    }
    Some(prepare(call, &parent, base))
}

/// The embed context of `WP_REST_Posts_Controller::prepare_item_for_response`.
fn prepare(call: &Call<'_>, post: &PostRow, base: &str) -> Value {
    json!({
        "id": post.id,
        "date": crate::clock::to_rfc3339(&post.date),
        "slug": post.slug,
        "type": post.post_type,
        "link": permalink(call, post),
        "title": { "rendered": texturize::the_title(&post.title) },
        "excerpt": { "rendered": the_excerpt(post), "protected": false },
        "author": post.author,
        "featured_media": 0,
        "_links": links(call, post, base),
    })
}

/// `get_permalink`: the pretty permalink of what is published, the plain link otherwise.
fn permalink(call: &Call<'_>, post: &PostRow) -> String {
    let home = &call.app.config.site_url;
    attachment::parent_link(call, post).unwrap_or_else(|| match post.post_type.as_str() {
        "page" => format!("{home}/?page_id={}", post.id),
        _ => format!("{home}/?p={}", post.id),
    })
}

/// `the_excerpt` of `get_the_excerpt`: the post's own excerpt, or one made from its content by
/// `wp_trim_excerpt` (the content's text filters, its tags stripped, its first 55 words), then
/// the excerpt's text filters.
fn the_excerpt(post: &PostRow) -> String {
    let text = if post.excerpt.is_empty() {
        excerpt::trimmed_words(&the_content_text(&post.content))
    } else {
        post.excerpt.clone()
    };
    autop::wpautop(&texturize::convert_chars(&texturize::wptexturize(&text)))
}

/// The text filters `the_content` runs that change what `wp_trim_words` keeps. Blocks are left to
/// the tag stripping: a static block renders as the HTML between its delimiters, which are
/// comments.
fn the_content_text(content: &str) -> String {
    let filtered = texturize::capital_p_in_content(&texturize::convert_chars(
        &texturize::wptexturize(content),
    ));
    filtered.replace("]]>", "]]&gt;")
}

/// `prepare_links` of the posts controller for a post or a page.
fn links(call: &Call<'_>, post: &PostRow, base: &str) -> Value {
    let config = &call.app.config;
    let id = post.id;
    let allow = attachment_links::allowed_methods(call, post);
    let mut links = serde_json::Map::new();
    let mut add = |relation: &str, value: Value| {
        links.insert(relation.to_owned(), value);
    };
    add(
        "self",
        json!([{ "href": config.rest_url(&format!("/wp/v2/{base}/{id}")), "targetHints": { "allow": allow } }]),
    );
    add(
        "collection",
        json!([{ "href": config.rest_url(&format!("/wp/v2/{base}")) }]),
    );
    add(
        "about",
        json!([{ "href": config.rest_url(&format!("/wp/v2/types/{}", post.post_type)) }]),
    );
    if post.author != 0 {
        let author = config.rest_url(&format!("/wp/v2/users/{}", post.author));
        add("author", json!([{ "embeddable": true, "href": author }]));
    }
    let replies = config.rest_url(&format!("/wp/v2/comments?post={id}"));
    add("replies", json!([{ "embeddable": true, "href": replies }]));
    // This server keeps no revisions.
    let revisions = config.rest_url(&format!("/wp/v2/{base}/{id}/revisions"));
    add(
        "version-history",
        json!([{ "count": 0, "href": revisions }]),
    );
    let attachments = config.rest_url(&format!("/wp/v2/media?parent={id}"));
    add("wp:attachment", json!([{ "href": attachments }]));
    if post.post_type == "post" {
        let term = |taxonomy: &str, rest_base: &str| {
            json!({
                "taxonomy": taxonomy,
                "embeddable": true,
                "href": config.rest_url(&format!("/wp/v2/{rest_base}?post={id}")),
            })
        };
        add(
            "wp:term",
            json!([term("category", "categories"), term("post_tag", "tags")]),
        );
    }
    add(
        "curies",
        json!([{ "name": "wp", "href": "https://api.w.org/{rel}", "templated": true }]),
    );
    Value::Object(links)
}
