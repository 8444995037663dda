//! The item schema as data (for `OPTIONS` bodies) and a `schemars::JsonSchema` implementation, both
//! rebuilt from the IR.

use crate::ir::Item;
use crate::names::type_ident;
use crate::schema_json;
use proc_macro2::TokenStream;
use quote::quote;

pub fn item_schema_impl(struct_name: &str, item: &Item) -> TokenStream {
    let name = type_ident(struct_name);
    let title = &item.title;
    let text = schema_json::to_json(&item.schema).to_string();
    let json = quote!(::wp_schema_runtime::__private::serde_json);
    let schemars = quote!(::wp_schema_runtime::__private::schemars);
    quote! {
        const _: () = {
            impl #name {
                /// The schema's `title`, as WordPress names the item type.
                pub const SCHEMA_TITLE: &'static str = #title;

                /// The item schema, rebuilt from what the generator parsed: what `OPTIONS` shows as
                /// `schema`, and the input of the dynamic validator and context filter.
                pub fn item_schema() -> &'static #json::Value {
                    static SCHEMA: ::std::sync::OnceLock<#json::Value> = ::std::sync::OnceLock::new();
                    SCHEMA.get_or_init(|| #json::from_str(#text).unwrap_or_default())
                }
            }

            impl #schemars::JsonSchema for #name {
                fn schema_name() -> ::std::borrow::Cow<'static, str> {
                    ::std::borrow::Cow::Borrowed(#title)
                }

                fn json_schema(_: &mut #schemars::SchemaGenerator) -> #schemars::Schema {
                    match #name::item_schema() {
                        #json::Value::Object(map) => #schemars::Schema::from(map.clone()),
                        _ => #schemars::Schema::default(),
                    }
                }
            }
        };
    }
}
