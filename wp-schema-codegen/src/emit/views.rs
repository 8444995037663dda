//! Per-context types (`AttachmentView`, `AttachmentEdit`, `AttachmentEmbed`): exactly the fields of
//! one context, for clients reading WordPress's responses, with conversions from the full type.

use super::context::sub_schema;
use super::object::{object_impls, Bookkeeping, ObjectField};
use super::{doc_attr, field_doc, full_name, rust_type, rust_type_with};
use crate::ir::Api;
use crate::names::{field_ident, type_ident, upper_camel};
use crate::shape::{
    context_typed, recursion, FieldDef, Recursion, Shape, StructDef, TypeSpace, UnionDef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The name of `struct_name`'s type for `ctx`.
pub fn view_name(struct_name: &str, ctx: &str) -> String {
    format!("{struct_name}{}", upper_camel(ctx))
}

pub fn serialize_views(api: &Api, space: &TypeSpace) -> TokenStream {
    let mut out = TokenStream::new();
    for def in &space.structs {
        for ctx in api.items[def.item].schema.used_contexts() {
            out.extend(serialize_view(api, space, def, ctx));
        }
    }
    for def in space.unions.iter().filter(|u| u.context_dependent) {
        for ctx in api.items[def.item].schema.used_contexts() {
            out.extend(serialize_union_view(space, def, ctx));
        }
    }
    out
}

/// A union whose object variant has per-context types, for one context: the object variant takes
/// its struct's context type, the others stay.
fn serialize_union_view(space: &TypeSpace, def: &UnionDef, ctx: &str) -> TokenStream {
    let full = type_ident(&def.name);
    let name = type_ident(&view_name(&def.name, ctx));
    let doc = doc_attr(&format!(
        "[`{}`] as WordPress writes it in the `{ctx}` context.",
        def.name
    ));
    let in_context = |named| view_name(&full_name(space, named), ctx);
    let variants = def.variants.iter().map(|variant| {
        let ident = type_ident(variant.name);
        let ty = rust_type_with(space, &variant.shape, &in_context);
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

fn serialize_view(api: &Api, space: &TypeSpace, def: &StructDef, ctx: &str) -> TokenStream {
    let full = type_ident(&def.name);
    let name = type_ident(&view_name(&def.name, ctx));
    let doc = doc_attr(&format!(
        "[`{}`] as WordPress writes it in the `{ctx}` context: exactly the properties whose `context` lists `{ctx}`.",
        def.name
    ));
    let names = Bookkeeping::of(&def.fields);
    let Bookkeeping { absent, extra } = &names;
    let (positions, fields): (Vec<usize>, Vec<&FieldDef>) = def
        .fields
        .iter()
        .enumerate()
        .filter(|(_, f)| f.schema.in_context(ctx))
        .unzip();
    let object_fields: Vec<ObjectField> = fields
        .iter()
        .map(|field| ObjectField {
            ident: field_ident(&field.json),
            json: field.json.clone(),
            ty: view_field_type(space, field, ctx),
        })
        .collect();
    let decls = fields.iter().zip(&object_fields).map(|(field, object)| {
        let (ident, ty) = (&object.ident, &object.ty);
        let doc = field_doc(field);
        quote! { #doc pub #ident: #ty, }
    });
    let conversions = fields.iter().map(|field| {
        let ident = field_ident(&field.json);
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
    let positions = positions
        .into_iter()
        .map(proc_macro2::Literal::usize_unsuffixed);
    let bookkeeping = names.fields();
    let impls = object_impls(&name, &object_fields, &names);
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

fn view_field_type(space: &TypeSpace, field: &FieldDef, ctx: &str) -> TokenStream {
    if context_typed(field, ctx) {
        rust_type_with(space, &field.shape, &|named| {
            view_name(&full_name(space, named), ctx)
        })
    } else {
        rust_type(space, &field.shape)
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
