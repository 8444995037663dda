//! `serialize_in(ctx)`: context-filtered serialization straight from the struct.
//!
//! The rules are `rest_filter_response_by_context`'s: a property whose schema has no `context` is
//! written untouched and not recursed into; one whose `context` lacks the request's context is left
//! out; an array whose item schema lacks it is written as `[]`.

use crate::ir::{Api, Schema};
use crate::names::{field_ident, type_ident};
use crate::shape::{FieldDef, Shape, StructDef, TypeSpace};
use proc_macro2::TokenStream;
use quote::quote;

pub fn serialize_context_impl(api: &Api, space: &TypeSpace, def: &StructDef) -> TokenStream {
    let name = type_ident(&def.name);
    let entries = def.fields.iter().map(|field| {
        serialize_field_entry(field, &sub_schema(api, space, def.item, &field.schema))
    });
    let empty_as_list = serialize_empty_as_list(def);
    quote! {
        const _: () = {
            #[allow(unused_imports)]
            use ::wp_schema_runtime::{
                __private::serde::ser::SerializeMap as _,
                fields::{is_selected, select, FieldTree},
                serialize::{sub_selection, write_selected},
                Context,
            };

            impl ::wp_schema_runtime::ContextSerialize for #name {
                fn serialize_in_context<S: ::wp_schema_runtime::__private::serde::Serializer>(
                    &self,
                    ctx: Context,
                    fields: ::std::option::Option<&FieldTree>,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    // Some objects have no property with a `context`.
                    let _ = ctx;
                    #empty_as_list
                    let mut map = serializer.serialize_map(::std::option::Option::None)?;
                    #(#entries)*
                    map.end()
                }
            }

            impl #name {
                /// This item as WordPress writes it in `ctx`: exactly the properties whose `context`
                /// lists it, recursing into nested objects. The result implements `Serialize`.
                pub fn serialize_in(&self, ctx: Context) -> ::wp_schema_runtime::InContext<'_, Self> {
                    ::wp_schema_runtime::InContext::new(self, ctx)
                }

                /// As [`Self::serialize_in`], restricted to a `_fields` selection the way
                /// WordPress's `rest_filter_response_fields` restricts a response.
                pub fn serialize_in_fields<'a>(
                    &'a self,
                    ctx: Context,
                    fields: &'a FieldTree,
                ) -> ::wp_schema_runtime::InContext<'a, Self> {
                    ::wp_schema_runtime::InContext::with_fields(self, ctx, ::std::option::Option::Some(fields))
                }
            }
        };
    }
}

/// PHP writes an empty array as `[]`: when neither the context nor `_fields` leaves a property.
fn serialize_empty_as_list(def: &StructDef) -> TokenStream {
    let written = def.fields.iter().map(|field| {
        let key = &field.json;
        let selected = quote!(is_selected(fields, #key));
        match &field.schema.context {
            None => selected,
            Some(contexts) => match context_test(contexts) {
                Some(test) => quote!((#test && #selected)),
                None => quote!(false),
            },
        }
    });
    quote! {
        if !(false #(|| #written)*) {
            return ::wp_schema_runtime::__private::serde::ser::SerializeSeq::end(
                serializer.serialize_seq(::std::option::Option::Some(0))?,
            );
        }
    }
}

/// `ctx` is one of `contexts`, as a pattern test; `None` when no known context is listed.
pub(super) fn context_test(contexts: &[String]) -> Option<TokenStream> {
    let variants: Vec<_> = crate::ir::KNOWN_CONTEXTS
        .iter()
        .filter(|known| contexts.iter().any(|c| c == *known))
        .map(|known| type_ident(&crate::names::upper_camel(known)))
        .collect();
    (!variants.is_empty()).then(|| quote!(matches!(ctx, #(Context::#variants)|*)))
}

/// An expression for `schema` at run time: a pointer into the item's rebuilt schema.
pub(super) fn sub_schema(
    api: &Api,
    space: &TypeSpace,
    item: usize,
    schema: &Schema,
) -> TokenStream {
    let root = &api.items[item].schema.pointer;
    let relative = schema
        .pointer
        .strip_prefix(root.as_str())
        .unwrap_or(&schema.pointer);
    let item_type = type_ident(&space.structs[space.items[item]].name);
    quote!(#item_type::item_schema().pointer(#relative).unwrap_or(&::wp_schema_runtime::__private::serde_json::Value::Null))
}

fn serialize_field_entry(field: &FieldDef, schema_expr: &TokenStream) -> TokenStream {
    let entry = serialize_present_field_entry(field, schema_expr);
    if field.omittable {
        let ident = field_ident(&field.json);
        quote!(if self.#ident.is_some() { #entry })
    } else {
        entry
    }
}

fn serialize_present_field_entry(field: &FieldDef, schema_expr: &TokenStream) -> TokenStream {
    let ident = field_ident(&field.json);
    let key = &field.json;
    let Some(contexts) = &field.schema.context else {
        return quote!(write_selected(&mut map, #key, &self.#ident, select(fields, #key))?;);
    };
    let Some(test) = context_test(contexts) else {
        return TokenStream::new();
    };
    let write = serialize_filtered_value(
        key,
        quote!(self.#ident),
        &field.shape,
        &field.schema,
        schema_expr,
    );
    quote! {
        if #test {
            let selected = select(fields, #key);
            #write
        }
    }
}

/// Writes a value whose own `context` includes the request's, recursing where WordPress would;
/// `selected` is what `_fields` says of it.
fn serialize_filtered_value(
    key: &str,
    value: TokenStream,
    shape: &Shape,
    schema: &Schema,
    schema_expr: &TokenStream,
) -> TokenStream {
    let empty = quote!(write_selected(&mut map, #key, &[] as &[u8], selected)?;);
    let recurse = quote! {
        if !matches!(selected, ::wp_schema_runtime::fields::Selected::No) {
            map.serialize_entry(
                #key,
                &::wp_schema_runtime::InContext::with_fields(&#value, ctx, sub_selection(selected)),
            )?;
        }
    };
    match recursion(shape, schema) {
        Recursion::Untouched => quote!(write_selected(&mut map, #key, &#value, selected)?;),
        Recursion::Dynamic => quote! {
            let filtered = ::wp_schema_runtime::filter::filter_by_context(&#value, #schema_expr, ctx.as_str());
            write_selected(&mut map, #key, &filtered, selected)?;
        },
        Recursion::Into => recurse,
        Recursion::Items(contexts) => match context_test(&contexts) {
            Some(test) => quote!(if #test { #recurse } else { #empty }),
            None => empty,
        },
        Recursion::EmptyUnless(contexts) => match context_test(&contexts) {
            Some(test) => quote! {
                if #test {
                    write_selected(&mut map, #key, &#value, selected)?;
                } else {
                    #empty
                }
            },
            None => empty,
        },
    }
}

/// How the filter treats a value once its own `context` has let it through.
pub(super) enum Recursion {
    /// Written as it is.
    Untouched,
    /// An object (or optional object): its properties are filtered in turn.
    Into,
    /// An array of objects whose item schema has `context`: filtered per item, or `[]`.
    Items(Vec<String>),
    /// An array of plain values whose item schema has `context`: as it is, or `[]`.
    EmptyUnless(Vec<String>),
    /// A JSON value whose schema has contexts below it: the dynamic filter decides.
    Dynamic,
}

pub(super) fn recursion(shape: &Shape, schema: &Schema) -> Recursion {
    match shape {
        Shape::Json(_) if schema.has_nested_context() => Recursion::Dynamic,
        Shape::Struct(_) => Recursion::Into,
        Shape::Option(inner) if matches!(**inner, Shape::Struct(_)) => Recursion::Into,
        // A union's nested contexts are its object variant's: the struct's rules then apply.
        Shape::Union(_) if schema.has_nested_context() => Recursion::Into,
        Shape::Option(inner)
            if matches!(**inner, Shape::Union(_)) && schema.has_nested_context() =>
        {
            Recursion::Into
        }
        Shape::Vec(inner) | Shape::Option(inner) => {
            let vec_inner = match shape {
                Shape::Option(_) => match &**inner {
                    Shape::Vec(v) => v,
                    _ => return Recursion::Untouched,
                },
                _ => inner,
            };
            let Some(items) = schema.items.as_deref() else {
                return Recursion::Untouched;
            };
            match (&items.context, &**vec_inner) {
                (None, _) => Recursion::Untouched,
                (Some(c), Shape::Struct(_) | Shape::Union(_)) => Recursion::Items(c.clone()),
                (Some(c), _) => Recursion::EmptyUnless(c.clone()),
            }
        }
        _ => Recursion::Untouched,
    }
}
