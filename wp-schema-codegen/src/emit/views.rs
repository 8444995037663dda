//! Per-context types (`AttachmentView`, `AttachmentEdit`, `AttachmentEmbed`): exactly the fields of
//! one context, for clients reading WordPress's responses, with conversions from the full type.

use super::context::sub_schema;
use super::object::{bookkeeping_fields, object_impls, ObjectField};
use super::{doc_attr, field_doc};
use crate::ir::Api;
use crate::names::type_ident;
use crate::naming::{Bookkeeping, Names, StructContext, StructNames, UnionContext};
use crate::shape::{
    context_typed, recursion, FieldDef, Recursion, Shape, StructDef, TypeSpace, UnionDef,
};
use proc_macro2::TokenStream;
use quote::quote;

pub fn context_types(api: &Api, space: &TypeSpace, names: &Names) -> TokenStream {
    let mut out = TokenStream::new();
    for (def, struct_names) in space.structs.iter().zip(&names.structs) {
        for context in &struct_names.contexts {
            out.extend(struct_context_type(api, space, def, struct_names, context));
        }
    }
    for (def, union_names) in space.unions.iter().zip(&names.unions) {
        for context in &union_names.contexts {
            out.extend(union_context_type(def, context));
        }
    }
    out
}

/// A union whose object variant has per-context types, for one context: the object variant takes
/// its struct's context type, the others stay.
fn union_context_type(def: &UnionDef, context: &UnionContext) -> TokenStream {
    let ctx = context.context;
    let full = type_ident(&def.name);
    let name = type_ident(&context.name);
    let doc = doc_attr(&format!(
        "[`{}`] as WordPress writes it in the `{ctx}` context.",
        def.name
    ));
    let variants = def
        .variants
        .iter()
        .zip(&context.variants)
        .map(|(variant, ty)| {
            let ident = type_ident(variant.name);
            let doc = super::types::union_variant_doc(variant);
            quote!(#doc #ident(#ty),)
        });
    let conversions = def.variants.iter().map(|variant| {
        let ident = type_ident(variant.name);
        let value = convert_shape(&variant.shape, quote!(value));
        quote!(#full::#ident(value) => Self::#ident(#value),)
    });
    let default = type_ident(def.variants[def.default_variant].name);
    let serde = quote!(::wp_schema_runtime::__private::serde);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = "::wp_schema_runtime::__private::serde", untagged)]
        pub enum #name { #(#variants)* }

        impl ::std::convert::From<#full> for #name {
            fn from(value: #full) -> Self {
                match value { #(#conversions)* }
            }
        }

        /// What a field holds when a response left it out: the full type's default variant, empty.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#default(::std::default::Default::default())
            }
        }
    }
}

fn struct_context_type(
    api: &Api,
    space: &TypeSpace,
    def: &StructDef,
    names: &StructNames,
    context: &StructContext,
) -> TokenStream {
    let ctx = context.context;
    let full = type_ident(&def.name);
    let name = type_ident(&context.name);
    let doc = doc_attr(&format!(
        "[`{}`] as WordPress writes it in the `{ctx}` context: exactly the properties whose `context` lists `{ctx}`.",
        def.name
    ));
    let Bookkeeping { absent, extra } = &names.bookkeeping;
    let fields: Vec<&FieldDef> = context
        .fields
        .iter()
        .map(|field| &def.fields[field.position])
        .collect();
    let object_fields: Vec<ObjectField> = context
        .fields
        .iter()
        .map(|field| ObjectField {
            ident: &names.fields[field.position].ident,
            json: &def.fields[field.position].json,
            ty: &field.ty,
        })
        .collect();
    let decls = fields.iter().zip(&object_fields).map(|(field, object)| {
        let (ident, ty) = (object.ident, object.ty);
        let doc = field_doc(field);
        quote! { #doc pub #ident: #ty, }
    });
    let conversions = fields.iter().zip(&object_fields).map(|(field, object)| {
        let ident = object.ident;
        let value = match recursion(&field.shape, &field.schema) {
            Recursion::Dynamic if field.schema.context.is_some() => {
                let schema = sub_schema(api, space, def.item, &field.schema);
                quote!(::wp_schema_runtime::filter::filter_by_context(&value.#ident, #schema, #ctx))
            }
            _ => view_field_conversion(field, ctx, quote!(value.#ident)),
        };
        quote!(#ident: #value,)
    });
    let full_count = proc_macro2::Literal::usize_unsuffixed(def.fields.len());
    let positions = context
        .fields
        .iter()
        .map(|field| proc_macro2::Literal::usize_unsuffixed(field.position));
    let bookkeeping = bookkeeping_fields(&names.bookkeeping);
    let impls = object_impls(&name, &object_fields, &names.bookkeeping);
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name { #(#decls)* #bookkeeping }

        #impls

        impl ::std::convert::From<#full> for #name {
            fn from(value: #full) -> Self {
                Self {
                    #absent: value.#absent.select(&[#(#positions),*], #full_count),
                    #extra: value.#extra,
                    #(#conversions)*
                }
            }
        }
    }
}

fn view_field_conversion(field: &FieldDef, ctx: &str, value: TokenStream) -> TokenStream {
    let emptied = match recursion(&field.shape, &field.schema) {
        Recursion::Items(contexts) | Recursion::EmptyUnless(contexts) => {
            !contexts.iter().any(|c| c == ctx)
        }
        _ => false,
    };
    if field.schema.context.is_some() && emptied {
        return quote!(::std::default::Default::default());
    }
    if !context_typed(field, ctx) {
        return value;
    }
    convert_shape(&field.shape, value)
}

/// Converts a full-type value into its context type, through `Option` and `Vec`.
fn convert_shape(shape: &Shape, value: TokenStream) -> TokenStream {
    match shape {
        Shape::Struct(_) | Shape::Union(_) => quote!(::std::convert::Into::into(#value)),
        Shape::Option(inner) => {
            let inner = convert_shape(inner, quote!(v));
            quote!(#value.map(|v| #inner))
        }
        Shape::Vec(inner) => {
            let inner = convert_shape(inner, quote!(v));
            quote!(#value.into_iter().map(|v| #inner).collect())
        }
        _ => value,
    }
}
