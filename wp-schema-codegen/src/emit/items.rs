//! `visit_items`: every item type with its context types and the route documents that return it,
//! for code that works on all routes at once.

use super::views::view_name;
use crate::ir::{Api, Route};
use crate::names::{type_ident, upper_camel};
use crate::route_file;
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::quote;

pub fn serialize_visit_items(api: &Api, space: &TypeSpace) -> TokenStream {
    let calls =
        space.items.iter().enumerate().map(|(item, &index)| {
            let name = &space.structs[index].name;
            let ty = type_ident(name);
            let title = &api.items[item].title;
            let documents = documents_of(api, item);
            let contexts = api.items[item].schema.used_contexts().into_iter().map(|ctx| {
            let view = type_ident(&view_name(name, ctx));
            let variant = type_ident(&upper_camel(ctx));
            quote!(visitor.context::<#ty, #view>(INFO, ::wp_schema_runtime::Context::#variant);)
        });
            quote! {
                {
                    const INFO: &::wp_schema_runtime::ItemInfo = &::wp_schema_runtime::ItemInfo {
                        title: #title,
                        name: #name,
                        properties: #ty::PROPERTIES,
                        documents: &[#(#documents),*],
                    };
                    visitor.item::<#ty>(INFO);
                    #(#contexts)*
                }
            }
        });
    quote! {
        /// Hands `visitor` every item type, then each of its context types, with the route
        /// documents whose responses it reads.
        pub fn visit_items<V: ::wp_schema_runtime::ItemVisitor>(visitor: &mut V) {
            #(#calls)*
        }
    }
}

/// The file stems of the route documents that return item `item`, as `wp-schema pull` names them.
fn documents_of(api: &Api, item: usize) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for route in api.routes.iter().filter(|r| r.item == Some(item)) {
        let stem = document_stem(route);
        if !stems.contains(&stem) {
            stems.push(stem);
        }
    }
    stems
}

/// A route's document name: its file's stem, or for a route of an index, the stem of its path.
pub fn document_stem(route: &Route) -> String {
    match &route.path {
        Some(path) if !route.pointer.is_empty() => route_file::stem(path),
        _ => std::path::Path::new(&route.file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or(&route.file)
            .to_owned(),
    }
}
