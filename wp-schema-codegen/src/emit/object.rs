//! How every generated struct, full or per-context, reads and writes its object. WordPress leaves
//! properties out of its responses at any depth, so a struct reads through a private struct of
//! slots, keeps the positions of the properties that were absent in its `absent` field (their
//! values are the defaults), and writes back only those that were there: a response read and
//! written again is what WordPress sent. An object that came as PHP's `[]` goes back as `[]`.

use crate::names::field_ident;
use crate::shape::FieldDef;
use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

/// One property of a struct, as the struct declares it.
pub struct ObjectField {
    pub ident: Ident,
    pub json: String,
    pub ty: TokenStream,
}

/// The field holding the absent set: `absent`, or with more `_` when a property takes the name.
pub fn absent_ident(fields: &[FieldDef]) -> Ident {
    let mut name = String::from("absent");
    while fields.iter().any(|f| field_ident(&f.json) == name) {
        name.push('_');
    }
    format_ident!("{name}")
}

/// The declaration of the absent field, after the properties.
pub fn absent_field(absent: &Ident) -> TokenStream {
    quote! {
        /// The properties the response this was read from left out: they hold their defaults
        /// and are not written. An item built in code has none (`Absent::NONE`).
        pub #absent: ::wp_schema_runtime::Absent,
    }
}

/// `Deserialize`, `Serialize`, the property names and `is_absent` for struct `name`.
pub fn object_impls(name: &Ident, fields: &[ObjectField], absent: &Ident) -> TokenStream {
    let serde = quote!(::wp_schema_runtime::__private::serde);
    let count = Literal::usize_unsuffixed(fields.len());
    let idents: Vec<&Ident> = fields.iter().map(|f| &f.ident).collect();
    let jsons: Vec<&str> = fields.iter().map(|f| f.json.as_str()).collect();
    let types = fields.iter().map(|f| &f.ty);
    let renames = fields
        .iter()
        .map(|f| super::serde_rename(&f.ident, &f.json));
    let positions: Vec<Literal> = (0..fields.len()).map(Literal::usize_unsuffixed).collect();
    quote! {
        const _: () = {
            #[derive(::std::default::Default, #serde::Deserialize)]
            #[serde(crate = "::wp_schema_runtime::__private::serde", default)]
            struct Slots {
                #( #renames #idents: ::wp_schema_runtime::Slot<#types>, )*
            }

            impl<'de> #serde::Deserialize<'de> for #name {
                fn deserialize<D: #serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::std::result::Result<Self, D::Error> {
                    let (slots, from_list) =
                        ::wp_schema_runtime::de::object_or_empty_list::<Slots, D>(deserializer)?;
                    let mut #absent = ::wp_schema_runtime::Absent::read(from_list);
                    ::std::result::Result::Ok(Self {
                        #( #idents: slots.#idents.take(#positions, &mut #absent), )*
                        #absent,
                    })
                }
            }

            impl #serde::Serialize for #name {
                fn serialize<S: #serde::Serializer>(
                    &self,
                    serializer: S,
                ) -> ::std::result::Result<S::Ok, S::Error> {
                    use #serde::ser::SerializeMap as _;
                    if self.#absent.is_all(#count) {
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
                    map.end()
                }
            }

            impl #name {
                /// The properties, as WordPress names them, in the order of the struct's fields.
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
