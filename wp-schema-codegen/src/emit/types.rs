//! Item structs, string enums and type-list unions, with the schema's descriptions as doc comments.

use super::object::{bookkeeping_fields, object_impls, ObjectField};
use super::{doc_attr, field_doc};
use crate::names::type_ident;
use crate::naming::{StructNames, UnionNames};
use crate::shape::{EnumDef, Shape, StructDef, UnionDef, UnionVariant};
use proc_macro2::TokenStream;
use quote::quote;

/// The full struct: every property of the schema, the edit-context superset.
pub fn struct_tokens(def: &StructDef, names: &StructNames, origin: &str) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = match (&def.schema.description, &def.schema.title) {
        (Some(d), _) => doc_attr(d),
        (None, Some(title)) => doc_attr(&format!(
            "A WordPress `{title}` item, as the schema in `{origin}` describes it."
        )),
        (None, None) => doc_attr(&format!(
            "The object at `{}` in `{origin}`.",
            def.schema.pointer
        )),
    };
    let object_fields: Vec<ObjectField> = def
        .fields
        .iter()
        .zip(&names.fields)
        .map(|(field, field_names)| ObjectField {
            ident: &field_names.ident,
            json: &field.json,
            ty: &field_names.ty,
        })
        .collect();
    let fields = def
        .fields
        .iter()
        .zip(&object_fields)
        .map(|(field, object)| {
            let (ident, ty) = (object.ident, object.ty);
            let doc = field_doc(field);
            let fallback = fallback_doc(&field.shape);
            quote! { #doc #fallback pub #ident: #ty, }
        });
    let bookkeeping = bookkeeping_fields(&names.bookkeeping);
    let impls = object_impls(&name, &object_fields, &names.bookkeeping);
    quote! {
        #doc
        ///
        /// Properties absent from a response (another context, `_fields`, or left out by
        /// WordPress) hold their defaults and are marked in the absent set; properties the
        /// schema does not list are kept as JSON.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct #name { #(#fields)* #bookkeeping }

        #impls
    }
}

/// Says why a property is a plain JSON value, so the reader of the generated docs knows.
fn fallback_doc(shape: &Shape) -> Option<TokenStream> {
    match shape {
        Shape::Json(reason) => Some(doc_attr(&format!("A JSON value: {}.", reason.reason()))),
        Shape::Vec(inner) | Shape::Option(inner) => fallback_doc(inner),
        _ => None,
    }
}

/// A string enum: WordPress's spellings plus `Unknown`, which keeps a value a newer WordPress may send.
pub fn enum_tokens(def: &EnumDef) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = doc_attr(def.description.as_deref().unwrap_or(&format!(
        "The values the schema at `{}` lists; it gives no description.",
        def.pointer
    )));
    let variants: Vec<_> = def.variants.iter().map(|(v, _)| type_ident(v)).collect();
    let spellings: Vec<_> = def.variants.iter().map(|(_, s)| s).collect();
    let variant_docs = spellings.iter().map(|s| doc_attr(&format!("`{s}`")));
    let serde = quote!(::wp_schema_runtime::__private::serde);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value the schema does not list, kept as sent.
            Unknown(::std::string::String),
        }

        impl #name {
            /// The value as WordPress spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #spellings, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        /// An empty `Unknown`: what a field holds when a response left it out.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::Unknown(::std::string::String::new())
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #spellings => Self::#variants, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as #serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(&*value))
            }
        }
    }
}

/// A type list as an untagged enum: serde tries the variants in order, as WordPress picks the type
/// of a value. The object variant is written in context by its struct's own rules.
pub fn union_tokens(def: &UnionDef, names: &UnionNames) -> TokenStream {
    let name = type_ident(&def.name);
    let doc = doc_attr(def.description.as_deref().unwrap_or(&format!(
        "The JSON types the schema at `{}` allows; it gives no description.",
        def.pointer
    )));
    let variants = def
        .variants
        .iter()
        .zip(&names.variants)
        .map(|(variant, ty)| {
            let ident = type_ident(variant.name);
            let doc = union_variant_doc(variant);
            quote!(#doc #ident(#ty),)
        });
    let default = type_ident(def.variants[def.default_variant].name);
    let serde = quote!(::wp_schema_runtime::__private::serde);
    let write_in_context = match def.object_struct() {
        Some(_) => quote! {
            match self {
                Self::Object(value) => ::wp_schema_runtime::ContextSerialize::serialize_in_context(
                    value, ctx, fields, serializer,
                ),
                other => #serde::Serialize::serialize(other, serializer),
            }
        },
        None => quote! {
            let _ = (ctx, fields);
            #serde::Serialize::serialize(self, serializer)
        },
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, #serde::Serialize, #serde::Deserialize)]
        #[serde(crate = "::wp_schema_runtime::__private::serde", untagged)]
        pub enum #name { #(#variants)* }

        /// What a field holds when a response left it out: the schema's default type, empty.
        impl ::std::default::Default for #name {
            fn default() -> Self {
                Self::#default(::std::default::Default::default())
            }
        }

        impl ::wp_schema_runtime::ContextSerialize for #name {
            fn serialize_in_context<S: #serde::Serializer>(
                &self,
                ctx: ::wp_schema_runtime::Context,
                fields: ::std::option::Option<&::wp_schema_runtime::fields::FieldTree>,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #write_in_context
            }
        }
    }
}

pub(super) fn union_variant_doc(variant: &UnionVariant) -> TokenStream {
    doc_attr(&format!(
        "The value as a JSON {}.",
        variant.name.to_lowercase()
    ))
}
