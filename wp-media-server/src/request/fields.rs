//! What every controller reads of `_fields` the same way: the fields asked for, and whether the
//! item's links go with them.

use super::Call;
use wp_schema_runtime::fields::rest_is_field_included;

/// The `_fields` the controller was asked for (`get_fields_for_response`), `id` included.
/// `_embedded` counts only when `_embed` is given: WordPress adds it to the fields a controller
/// knows only then, so `_fields=_embedded` alone brings no links.
pub fn requested_fields(call: &Call<'_>) -> Option<Vec<String>> {
    let param = call.params.get("_fields")?;
    let mut fields: Vec<String> = wp_schema_runtime::callbacks::wp_parse_list(param)
        .iter()
        .map(wp_schema_runtime::php::to_string)
        .collect();
    if fields.is_empty() {
        return None;
    }
    if !call.params.has("_embed") {
        fields.retain(|field| field.split('.').next() != Some("_embedded"));
    }
    fields.push("id".to_owned());
    Some(fields)
}

/// Whether a controller adds an item's links: with no `_fields`, or one naming `_links` or
/// `_embedded` (embedding follows the links).
pub fn includes_links(requested: Option<&[String]>) -> bool {
    requested.is_none_or(|r| {
        rest_is_field_included("_links", r) || rest_is_field_included("_embedded", r)
    })
}
