//! The input documents as constants: the route documents `OPTIONS` answers with.

use super::{doc_attr, DocumentText};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// One constant per document, named by `constants` (parallel to `documents`).
pub fn document_constants(
    documents: &[(String, DocumentText)],
    constants: &[String],
) -> TokenStream {
    documents
        .iter()
        .zip(constants)
        .map(|((display, text), constant)| {
            let name = Ident::new(constant, Span::call_site());
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
