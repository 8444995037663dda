//! The input documents as constants: the route documents `OPTIONS` answers with.

use super::{doc_attr, DocumentText};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// `schemas/wp-6.9/wp-v2-media-id.json` → `WP_V2_MEDIA_ID_DOCUMENT`.
pub fn route_const_name(display: &str) -> String {
    let stem = std::path::Path::new(display)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(display);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name.push_str("_DOCUMENT");
    name
}

pub fn serialize_documents(documents: &[(String, DocumentText)]) -> TokenStream {
    documents
        .iter()
        .map(|(display, text)| {
            let name = Ident::new(&route_const_name(display), Span::call_site());
            let doc = doc_attr(&format!(
                "The document `{display}`, as the generator read it."
            ));
            let value = match text {
                DocumentText::Include(path) => quote!(include_str!(#path)),
                DocumentText::Inline(text) => quote!(#text),
            };
            quote! {
                #doc
                pub const #name: &str = #value;
            }
        })
        .collect()
}
