//! How every generated struct, full or per-context, reads and writes its object. WordPress leaves
//! properties out of its responses at any depth, and adds some its schema does not list, so a
//! struct reads through a private struct of slots: the positions of the listed properties that
//! were absent go into its absent set (their values are the defaults), and the unlisted ones into
//! its extra properties, as JSON. It writes back only the listed properties that were there, then
//! the extra ones: a response read and written again is what WordPress sent. An object that came as
//! PHP's `[]` goes back as `[]`.

use crate::naming::{Bookkeeping, RustType};
use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

/// One property of a struct, as the struct declares it.
pub struct ObjectField<'a> {
    pub ident: &'a Ident,
    pub json: &'a str,
    pub ty: &'a RustType,
}

/// The declarations of the bookkeeping fields, after the properties.
pub fn bookkeeping_fields(names: &Bookkeeping) -> TokenStream {
    let Bookkeeping { absent, extra } = names;
    quote! {
        /// The properties the response this was read from left out: they hold their defaults
        /// and are not written. An item built in code has none (`Absent::NONE`).
        pub #absent: ::wp_schema_runtime::Absent,
        /// Properties the response held that the schema does not list, kept as JSON and
        /// written back after the others.
        pub #extra: ::wp_schema_runtime::Extra,
    }
}

/// `Deserialize`, `Serialize`, the property names and `is_absent` for struct `name`.
pub fn object_impls(name: &Ident, fields: &[ObjectField], names: &Bookkeeping) -> TokenStream {
    let Bookkeeping { absent, extra } = names;
    let serde = quote!(::wp_schema_runtime::__private::serde);
    let count = Literal::usize_unsuffixed(fields.len());
    let idents: Vec<&Ident> = fields.iter().map(|f| f.ident).collect();
    let jsons: Vec<&str> = fields.iter().map(|f| f.json).collect();
    let types = fields.iter().map(|f| f.ty);
    let positions: Vec<Literal> = (0..fields.len()).map(Literal::usize_unsuffixed).collect();
    let read_entry = if fields.is_empty() {
        // A context type with no property of its own keeps whatever comes as extra.
        quote! {
            let _ = (key, map);
            ::std::result::Result::Ok(false)
        }
    } else {
        quote! {
            match key {
                #( #jsons => self.#idents = ::std::option::Option::Some(map.next_value()?), )*
                _ => return ::std::result::Result::Ok(false),
            }
            ::std::result::Result::Ok(true)
        }
    };
    quote! {
        const _: () = {
            #[derive(::std::default::Default)]
            struct Slots {
                #( #idents: ::std::option::Option<#types>, )*
            }

            impl ::wp_schema_runtime::presence::Slots for Slots {
                fn read_entry<'de, A: #serde::de::MapAccess<'de>>(
                    &mut self,
                    key: &str,
                    map: &mut A,
                ) -> ::std::result::Result<bool, A::Error> {
                    #read_entry
                }
            }

            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    let object =
                        ::wp_schema_runtime::presence::read_object::<Slots, D>(deserializer)?;
                    let slots = object.slots;
                    let mut #absent = ::wp_schema_runtime::Absent::read(object.from_list);
                    ::std::result::Result::Ok(Self {
                        #( #idents: #absent.take(slots.#idents, #positions), )*
                        #absent,
                        #extra: object.extra,
                    })
                }
            }

            impl #serde::Serialize for #name {
                fn serialize<S: #serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    use #serde::ser::SerializeMap as _;
                    if self.#absent.is_all(#count) && self.#extra.is_empty() {
                        return ::wp_schema_runtime::serialize::empty_object(
                            serializer,
                            self.#absent.from_list(),
                        );
                    }
                    let mut map = serializer.serialize_map(::std::option::Option::None)?;
                    #(
                        if !self.#absent.contains(#positions) {
                            map.serialize_entry(#jsons, &self.#idents)?;
                        }
                    )*
                    for (key, value) in &self.#extra {
                        map.serialize_entry(key, value)?;
                    }
                    map.end()
                }
            }

            impl #name {
                /// The properties the schema lists, as WordPress names them, in the order of the
                /// struct's fields.
                pub const PROPERTIES: &'static [&'static str] = &[#(#jsons),*];

                /// Whether `property` (as WordPress names it) was absent from the response this
                /// was read from.
                pub fn is_absent(&self, property: &str) -> bool {
                    Self::PROPERTIES
                        .iter()
                        .position(|name| *name == property)
                        .is_some_and(|position| self.#absent.contains(position))
                }
            }
        };
    }
}
