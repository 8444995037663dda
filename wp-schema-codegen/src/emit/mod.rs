//! IR and type space → tokens. A ladder of small emitters, each producing one fragment.

mod args;
mod context;
mod items;
mod object;
mod plain_args;
mod routes;
mod schema;
mod types;
mod views;

use crate::ir::Api;
use crate::names::type_ident;
use crate::shape::{Shape, TypeSpace};
use proc_macro2::TokenStream;
use quote::quote;

pub use args::args_names;
pub use items::document_stem;
pub use routes::route_const_name;
pub use views::view_name;

/// How generated code gets at each input document's text.
#[derive(Clone, Debug)]
pub enum DocumentText {
    /// `include_str!(path)`: the compiler then rebuilds the user's crate when the file changes.
    Include(String),
    /// The text itself, for generated files that stand alone.
    Inline(String),
}

/// Everything generated for `api`.
pub fn emit(api: &Api, space: &TypeSpace, documents: &[(String, DocumentText)]) -> TokenStream {
    let structs = space.structs.iter().map(|def| {
        let origin = &api.items[def.item].file;
        let ty = types::serialize_struct(space, def, origin);
        let ctx = context::serialize_context_impl(api, space, def);
        quote! { #ty #ctx }
    });
    let enums = space.enums.iter().map(types::serialize_enum);
    let unions = space
        .unions
        .iter()
        .map(|def| types::serialize_union(space, def));
    let views = views::serialize_views(api, space);
    let schemas = space
        .items
        .iter()
        .zip(&api.items)
        .map(|(&index, item)| schema::serialize_item_schema(&space.structs[index].name, item));
    let routes = routes::serialize_documents(documents);
    let args = args::serialize_args(api, space);
    let items = items::serialize_visit_items(api, space);
    quote! {
        #(#structs)*
        #(#enums)*
        #(#unions)*
        #views
        #(#schemas)*
        #routes
        #args
        #items
    }
}

/// `#[doc = "…"]` with WordPress's text; a leading space keeps rustdoc's usual look.
fn doc_attr(text: &str) -> TokenStream {
    let text = format!(" {}", text.trim());
    quote!(#[doc = #text])
}

/// A property's doc comment: the schema's description, or a line saying there is none.
fn field_doc(field: &crate::shape::FieldDef) -> TokenStream {
    doc_attr(field.schema.description.as_deref().unwrap_or(&format!(
        "`{}`, as WordPress names it; the schema gives no description.",
        field.json
    )))
}

/// `#[serde(rename = "…")]` when the Rust name differs from WordPress's.
fn serde_rename(ident: &proc_macro2::Ident, json: &str) -> Option<TokenStream> {
    let rust = ident.to_string();
    let rust = rust.strip_prefix("r#").unwrap_or(&rust);
    (rust != json).then(|| quote!(#[serde(rename = #json)]))
}

/// A generated type that a shape names: per-context types name them otherwise.
#[derive(Clone, Copy)]
enum Named {
    Struct(usize),
    Union(usize),
}

/// The full type's name of a generated struct or union.
fn full_name(space: &TypeSpace, named: Named) -> String {
    match named {
        Named::Struct(i) => space.structs[i].name.clone(),
        Named::Union(i) => space.unions[i].name.clone(),
    }
}

/// The Rust type of a shape, naming structs and unions through `name_of`.
fn rust_type_with(
    space: &TypeSpace,
    shape: &Shape,
    name_of: &dyn Fn(Named) -> String,
) -> TokenStream {
    match shape {
        Shape::String => quote!(::std::string::String),
        Shape::Integer => quote!(i64),
        Shape::Number => quote!(::wp_schema_runtime::Number),
        Shape::Boolean => quote!(bool),
        Shape::Json(_) => quote!(::wp_schema_runtime::__private::serde_json::Value),
        Shape::Enum(i) => {
            let name = type_ident(&space.enums[*i].name);
            quote!(#name)
        }
        Shape::Struct(i) => {
            let name = type_ident(&name_of(Named::Struct(*i)));
            quote!(#name)
        }
        Shape::Union(i) => {
            let name = type_ident(&name_of(Named::Union(*i)));
            quote!(#name)
        }
        Shape::Vec(inner) => {
            let inner = rust_type_with(space, inner, name_of);
            quote!(::std::vec::Vec<#inner>)
        }
        Shape::Option(inner) => {
            let inner = rust_type_with(space, inner, name_of);
            quote!(::std::option::Option<#inner>)
        }
    }
}

fn rust_type(space: &TypeSpace, shape: &Shape) -> TokenStream {
    rust_type_with(space, shape, &|named| full_name(space, named))
}
