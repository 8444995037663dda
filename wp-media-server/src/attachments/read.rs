//! `GET /wp/v2/media` and `GET /wp/v2/media/{id}`.

use super::{perms, prepare, query};
use crate::api::media::{AttachmentGetArgs, AttachmentListArgs};
use crate::request::Call;
use crate::request::Reply;
use crate::store::Found;
use serde_json::{json, Value};
use wp_schema_runtime::{Context, WpError};

/// Room for one listed item: an image in the view context writes about 3.5 KB.
const ITEM_BYTES: usize = 4096;

/// The list's arguments: its first step, which reads nothing from the store for a visitor.
pub fn list_args(call: &Call<'_>) -> Result<AttachmentListArgs, WpError> {
    AttachmentListArgs::from_request_with(&call.request_parts(), call)
}

pub fn list(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = list_args(call)?;
    perms::list(call)?;
    if args.orderby == "relevance" && args.search.as_deref().unwrap_or("").is_empty() {
        return Err(bad_request(
            "rest_no_search_term_defined",
            "You need to define a search term to order by relevance.",
        ));
    }
    if args.orderby == "include" && args.include.is_empty() {
        return Err(bad_request(
            "rest_orderby_include_missing_include",
            "You need to define an include parameter to order by include.",
        ));
    }
    let unfiltered = call.can(crate::store::users::Cap::UnfilteredHtml);
    // Before any post is read: see `ItemCache::get_or_write`.
    let generation = call
        .app
        .store
        .generation()
        .map_err(crate::request::internal)?;
    let page = call
        .app
        .store
        .find_attachments(&query::describe(&args, unfiltered))
        .map_err(crate::request::internal)?;
    let ids: Vec<i64> = page.rows.iter().map(|row| row.id).collect();
    *call.primed_meta.borrow_mut() = call
        .app
        .store
        .prefetch_meta(&ids)
        .map_err(crate::request::internal)?;
    let total = found_posts(&args, &page);
    let max_pages = if total == 0 {
        0
    } else {
        (total + args.per_page - 1) / args.per_page
    };
    if args.page > max_pages && total > 0 {
        return Err(bad_request(
            "rest_post_invalid_page_number",
            "The page number requested is larger than the number of pages available.",
        ));
    }
    let ctx = crate::request::context_of(&args.context)?;
    // The edit context lists only what the user may edit (6.9's `check_update_permission`).
    let listed = page.rows.iter().filter(|row| match ctx {
        Context::Edit => perms::can_edit(call, row),
        _ => perms::can_read(call, row),
    });
    let mut reply = if prepare::writes_straight(call) {
        let mut json = Vec::with_capacity(page.rows.len() * ITEM_BYTES);
        json.push(b'[');
        for (i, row) in listed.enumerate() {
            if i > 0 {
                json.push(b',');
            }
            prepare::write(call, row, ctx, generation, &mut json)?;
        }
        json.push(b']');
        Reply::written(json)
    } else {
        Reply::ok(Value::Array(
            listed
                .map(|row| prepare::prepare(call, row, ctx))
                .collect::<Result<_, _>>()?,
        ))
    };
    reply = reply
        .with_header("X-WP-Total", total.to_string())
        .with_header("X-WP-TotalPages", max_pages.to_string());
    for link in query::page_links(call, &args, args.page, max_pages) {
        reply = reply.with_header("Link", link);
    }
    Ok(reply)
}

/// `X-WP-Total`. `WP_Query` leaves `found_posts` at 0 when the page it read is empty; the controller
/// then counts again without the page number (from page 2 on), which finds every matching row,
/// unless an `offset`, which `WP_Query` prefers to the page, picks the same empty rows again.
fn found_posts(args: &AttachmentListArgs, found: &Found) -> i64 {
    let offset_given = args.offset.is_some_and(|offset| offset != 0);
    if found.rows.is_empty() && offset_given {
        0
    } else {
        found.total
    }
}

pub fn get(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = AttachmentGetArgs::from_request_with(&call.request_parts(), &*call)?;
    // Before the post is read: see `ItemCache::get_or_write`.
    let generation = call
        .app
        .store
        .generation()
        .map_err(crate::request::internal)?;
    let row = perms::get(call, args.id.unwrap_or(0))?;
    let ctx = crate::request::context_of(&args.context)?;
    let reply = if prepare::writes_straight(call) {
        let mut json = Vec::new();
        prepare::write(call, &row, ctx, generation, &mut json)?;
        Reply::written(json)
    } else {
        Reply::ok(prepare::prepare(call, &row, ctx)?)
    };
    // Built from the post, not the response: `_fields` may have removed `link`.
    let (link, _) = prepare::permalinks(call, &row);
    Ok(reply.with_header(
        "Link",
        format!("<{link}>; rel=\"alternate\"; type=text/html"),
    ))
}

pub fn bad_request(code: &'static str, message: &str) -> WpError {
    WpError::new(code, message).with_data(json!({ "status": 400 }))
}
