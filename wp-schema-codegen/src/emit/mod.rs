//! IR, type space and names → tokens. A ladder of small emitters, each producing one fragment;
//! they write the names and types [`crate::naming`] decided and decide none themselves.

mod args;
mod client;
mod context;
mod documents;
mod items;
mod object;
mod plain_args;
mod schema;
mod types;
mod views;

use crate::ir::Api;
use crate::names::type_ident;
use crate::naming::client::ClientNames;
use crate::naming::{Names, RustType};
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

/// How generated code gets at each input document's text.
#[derive(Clone, Debug)]
pub enum DocumentText {
    /// `include_str!(path)`: the compiler then rebuilds the user's crate when the file changes.
    Include(String),
    /// The text itself, for generated files that stand alone.
    Inline(String),
}

/// Everything generated for `api`, by the names `names` gives; `documents` are the input
/// documents, in the order [`Names::documents`] names them. With `client`, the typed client too.
pub fn emit(
    api: &Api,
    space: &TypeSpace,
    names: &Names,
    documents: &[(String, DocumentText)],
    client: Option<&ClientNames>,
) -> TokenStream {
    let structs = space
        .structs
        .iter()
        .zip(&names.structs)
        .map(|(def, struct_names)| {
            let origin = &api.items[def.item].file;
            let ty = types::struct_tokens(def, struct_names, origin);
            let ctx = context::context_serializer(api, space, def, struct_names);
            quote! { #ty #ctx }
        });
    let enums = space.enums.iter().map(types::enum_tokens);
    let unions = space
        .unions
        .iter()
        .zip(&names.unions)
        .map(|(def, union_names)| types::union_tokens(def, union_names));
    let views = views::context_types(api, space, names);
    let schemas = space
        .items
        .iter()
        .zip(&api.items)
        .map(|(&index, item)| schema::item_schema_impl(&space.structs[index].name, item));
    let constants = documents::document_constants(documents, &names.documents);
    let args = args::argument_parsers(api, names);
    let items = items::visit_items_fn(api, space, names);
    let client = client.map(|client| client::client(api, space, names, client));
    quote! {
        #(#structs)*
        #(#enums)*
        #(#unions)*
        #views
        #(#schemas)*
        #constants
        #args
        #items
        #client
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

impl ToTokens for RustType {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self {
            RustType::String => quote!(::std::string::String),
            RustType::I64 => quote!(i64),
            RustType::F64 => quote!(f64),
            RustType::Number => quote!(::wp_schema_runtime::Number),
            RustType::Bool => quote!(bool),
            RustType::Json => quote!(::wp_schema_runtime::__private::serde_json::Value),
            RustType::Named(name) => type_ident(name).into_token_stream(),
            RustType::Vec(inner) => quote!(::std::vec::Vec<#inner>),
            RustType::Option(inner) => quote!(::std::option::Option<#inner>),
        });
    }
}
