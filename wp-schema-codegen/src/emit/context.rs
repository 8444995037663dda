//! `serialize_in(ctx)`: context-filtered serialization straight from the struct.
//!
//! The rules are `rest_filter_response_by_context`'s: a property whose schema has no `context` is
//! written untouched and not recursed into; one whose `context` lacks the request's context is left
//! out; an array whose item schema lacks it is written as `[]`. Which contexts keep a child is
//! `wp_schema_plan::context::Child`'s answer, the rule the runtime's filter applies too.

use crate::ir::{Api, Schema};
use crate::names::type_ident;
use crate::naming::{context_variant, Bookkeeping, StructNames};
use crate::shape::{recursion, FieldDef, Recursion, Shape, StructDef, TypeSpace};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;
use wp_schema_plan::context::Child;

/// `ContextSerialize`, `serialize_in` and `serialize_in_fields` for the full struct.
pub fn context_serializer(
    api: &Api,
    space: &TypeSpace,
    def: &StructDef,
    names: &StructNames,
) -> TokenStream {
    let name = type_ident(&def.name);
    let Bookkeeping { absent, extra } = &names.bookkeeping;
    let entries =
        def.fields
            .iter()
            .zip(&names.fields)
            .enumerate()
            .map(|(position, (field, field_names))| {
                let position = Literal::usize_unsuffixed(position);
                let schema = sub_schema(api, space, def.item, &field.schema);
                let entry = field_entry(field, &field_names.ident, &schema);
                if entry.is_empty() {
                    entry
                } else {
                    quote!(if !self.#absent.contains(#position) { #entry })
                }
            });
    let when_empty = when_nothing_to_write(def, &names.bookkeeping);
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
                    #when_empty
                    let mut map = serializer.serialize_map(::std::option::Option::None)?;
                    #(#entries)*
                    // Properties the schema does not list: WordPress's filter keeps them.
                    for (key, value) in &self.#extra {
                        write_selected(&mut map, key, value, select(fields, key))?;
                    }
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

/// When neither the context, `_fields` nor the response leaves a property to write: PHP writes
/// an array it emptied as `[]`, and an object that was already empty as it came.
fn when_nothing_to_write(def: &StructDef, names: &Bookkeeping) -> TokenStream {
    let Bookkeeping { absent, extra } = names;
    let written = def.fields.iter().enumerate().map(|(position, field)| {
        let position = Literal::usize_unsuffixed(position);
        let key = &field.json;
        let selected = quote!(is_selected(fields, #key));
        let test = match &field.schema.context {
            None => selected,
            Some(contexts) => match context_test(contexts) {
                Some(test) => quote!((#test && #selected)),
                None => quote!(false),
            },
        };
        quote!((!self.#absent.contains(#position) && #test))
    });
    let count = Literal::usize_unsuffixed(def.fields.len());
    quote! {
        if !(false #(|| #written)* || self.#extra.keys().any(|key| is_selected(fields, key))) {
            return ::wp_schema_runtime::serialize::empty_object(
                serializer,
                self.#absent.empty_as_list(#count) || !self.#extra.is_empty(),
            );
        }
    }
}

/// A pattern test of `ctx`: the contexts in which the filter keeps and filters a child whose
/// schema lists `contexts` (`wp_schema_plan::context::Child`); `None` when it keeps it in none.
pub(super) fn context_test(contexts: &[String]) -> Option<TokenStream> {
    let schema = serde_json::json!({ "context": contexts });
    let variants: Vec<_> = crate::ir::KNOWN_CONTEXTS
        .iter()
        .filter(|known| Child::of(Some(&schema), known) == Child::Filtered)
        .map(|known| type_ident(&context_variant(known)))
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

/// Writes one property of the full struct in the request's context.
fn field_entry(field: &FieldDef, ident: &Ident, schema_expr: &TokenStream) -> TokenStream {
    let key = &field.json;
    let Some(contexts) = &field.schema.context else {
        return quote!(write_selected(&mut map, #key, &self.#ident, select(fields, #key))?;);
    };
    let Some(test) = context_test(contexts) else {
        return TokenStream::new();
    };
    let write = filtered_value(
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
fn filtered_value(
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
