//! `visit_items`: every item type with its context types and the route documents that return it,
//! for code that works on all routes at once.

use crate::ir::Api;
use crate::names::type_ident;
use crate::naming::{context_variant, Names};
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::quote;

pub fn visit_items_fn(api: &Api, space: &TypeSpace, names: &Names) -> TokenStream {
    let calls = space.items.iter().enumerate().map(|(item, &index)| {
        let name = &space.structs[index].name;
        let ty = type_ident(name);
        let title = &api.items[item].title;
        let documents = documents_of(api, names, item);
        let contexts = names.structs[index].contexts.iter().map(|context| {
            let view = type_ident(&context.name);
            let variant = type_ident(&context_variant(context.context));
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

/// The names of the route documents that return item `item`, each once.
fn documents_of<'a>(api: &Api, names: &'a Names, item: usize) -> Vec<&'a str> {
    let mut documents: Vec<&str> = Vec::new();
    for (_, route) in api
        .routes
        .iter()
        .zip(&names.routes)
        .filter(|(route, _)| route.item == Some(item))
    {
        if !documents.contains(&route.document.as_str()) {
            documents.push(&route.document);
        }
    }
    documents
}
