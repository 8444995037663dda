//! Stubs emitted beside the compile error when a document is bad, so the user sees that one error
//! and not a cascade of "cannot find type" after it (thiserror's `fallback.rs` does the same).

use crate::names::type_ident;
use crate::naming::Names;
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeSet;

/// An empty struct for every type name the documents would have produced, each once, and an empty
/// `visit_items`.
pub fn stubs(space: &TypeSpace, names: &Names) -> TokenStream {
    let types: BTreeSet<&str> = names
        .declared_types(space)
        .into_iter()
        .map(|declared| declared.name)
        .collect();
    let idents = types.iter().map(|n| type_ident(n));
    quote! {
        #(
            #[allow(dead_code)]
            pub struct #idents;
        )*
        #[allow(dead_code)]
        pub fn visit_items<V: ::wp_schema_runtime::ItemVisitor>(_: &mut V) {}
    }
}
