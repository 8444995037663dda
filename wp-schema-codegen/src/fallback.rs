//! Stubs emitted beside the compile error when a document is bad, so the user sees that one error
//! and not a cascade of "cannot find type" after it (thiserror's `fallback.rs` does the same).

use crate::emit::view_name;
use crate::ir::Api;
use crate::names::type_ident;
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// An empty struct for every type name the documents would have produced, each once, and an empty
/// `visit_items`.
pub fn stubs(api: &Api, space: &TypeSpace) -> TokenStream {
    let mut names = BTreeSet::new();
    for def in &space.structs {
        names.insert(def.name.clone());
        for ctx in api.items[def.item].schema.used_contexts() {
            names.insert(view_name(&def.name, ctx));
        }
    }
    names.extend(space.enums.iter().map(|e| e.name.clone()));
    for def in &space.unions {
        names.insert(def.name.clone());
        if def.context_dependent {
            for ctx in api.items[def.item].schema.used_contexts() {
                names.insert(view_name(&def.name, ctx));
            }
        }
    }
    let idents = names.iter().map(|n| type_ident(n));
    quote! {
        #(
            #[allow(dead_code)]
            pub struct #idents;
        )*
        #[allow(dead_code)]
        pub fn visit_items<V: ::wp_schema_runtime::ItemVisitor>(_: &mut V) {}
    }
}
