//! The typed fast path of generated argument parsers (`from_request`): a request of plain query
//! pairs, or of a flat JSON object body, is read straight into the argument types, with no
//! `Value` maps between.
//!
//! The fast path starts from every default already sanitized (the full path's answer for a request
//! with no parameters, made once) and reads each pair with code specialised to the argument's
//! callbacks and schema. It handles only the shapes where it is sure to give what the full path
//! gives: strings (with an enum of strings, or the `date-time` format), integers with bounds (from
//! a JSON number too), lists of those, and the name-based sanitizers. Any other argument, any
//! value it does not accept, or a request that is not plain sends the request down the full path,
//! which also makes every error body. Which steps a schema asks for (`enum`, `format`, `anyOf`,
//! `oneOf`) it reads from the plan the full path unrolls (`wp_schema_plan`), so a keyword PHP
//! skips is skipped here too.

use crate::ir::{Arg, Endpoint, JsonType, SanitizeCallback, Schema, TypeDecl, ValidateCallback};
use crate::naming::{ArgNames, ParserNames};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::args::{bounds_tokens, is_empty_schema, rules_of};
use wp_schema_plan::Check;

/// `from_request`, `from_request_with` and the fast path's helpers, for the endpoint's `impl`.
pub fn plain_path_fns(
    ty: &proc_macro2::Ident,
    endpoint: &Endpoint,
    names: &ParserNames,
) -> TokenStream {
    let readers: Vec<(&Arg, &ArgNames, Option<PlainReader>)> = names
        .args_of(endpoint)
        .map(|(arg, arg_names)| (arg, arg_names, plain_value(arg)))
        .collect();
    let slots = readers
        .iter()
        .filter(|(_, _, reader)| reader.is_some())
        .map(|(_, names, _)| {
            let (given, value) = (&names.given, &names.value);
            quote!(let mut #given: ::std::option::Option<#value> = ::std::option::Option::None;)
        });
    let arms = readers.iter().map(|(arg, names, reader)| {
        let key = &arg.name;
        let (read_plain, given) = (&names.read_plain, &names.given);
        match reader {
            None => quote!(#key => return ::std::option::Option::None,),
            Some(reader) => {
                let text = if reader.takes_numbers {
                    quote!(value.text_or_number())
                } else {
                    quote!(value.text())
                };
                quote!(#key => #given = ::std::option::Option::Some(Self::#read_plain(#text?)?),)
            }
        }
    });
    let fields = readers.iter().map(|(_, names, reader)| {
        let (ident, given) = (&names.field, &names.given);
        match reader {
            None => quote!(#ident: base.#ident.clone(),),
            Some(_) if names.always_set => {
                quote!(#ident: #given.unwrap_or_else(|| base.#ident.clone()),)
            }
            Some(_) => quote!(#ident: #given.or_else(|| base.#ident.clone()),),
        }
    });
    // An endpoint without arguments has nothing to take from the base.
    let base_unused = endpoint.args.is_empty().then(|| quote!(let _ = base;));
    let value = if readers.iter().any(|(_, _, reader)| reader.is_some()) {
        quote!(value)
    } else {
        quote!(_)
    };
    let plain_fns = readers.iter().filter_map(|(_, names, reader)| {
        let body = &reader.as_ref()?.body;
        let (read_plain, value) = (&names.read_plain, &names.value);
        Some(quote! {
            fn #read_plain(text: &str) -> ::std::option::Option<#value> {
                #body
            }
        })
    });
    let parts = quote!(::wp_schema_runtime::params::RequestParts<'_>);
    quote! {
        /// Parses a request's raw parts as WordPress does, for a visitor with no post at hand.
        pub fn from_request(parts: &#parts) -> ::std::result::Result<Self, WpError> {
            Self::from_request_with(parts, &::wp_schema_runtime::args::Anonymous)
        }

        /// [`Self::from_params_with`] from a request's raw parts. A request of plain query pairs
        /// or a flat JSON body, whose values are all valid, takes a typed path with the same
        /// result; any other request takes the full path.
        pub fn from_request_with(parts: &#parts, state: &dyn RequestState) -> ::std::result::Result<Self, WpError> {
            match Self::from_plain_request(parts) {
                ::std::option::Option::Some(args) => ::std::result::Result::Ok(args),
                ::std::option::Option::None => Self::from_owned_params(Params::from_request(parts), state),
            }
        }

        /// The typed path alone: the arguments of a request of plain query pairs or a flat JSON
        /// body, or `None` where the typed path defers to the full one (not plain, a value it
        /// does not accept, or an argument it does not handle).
        pub fn from_plain_request(parts: &#parts) -> ::std::option::Option<Self> {
            // The defaults, sanitized once. A state-dependent callback cannot have accepted a
            // default for the visitor that it would refuse to a user, so one base serves all.
            static BASE: ::std::sync::OnceLock<::std::option::Option<#ty>> = ::std::sync::OnceLock::new();
            let base = BASE.get_or_init(|| Self::from_params(&Params::default()).ok()).as_ref()?;
            #base_unused
            #(#slots)*
            ::wp_schema_runtime::plain::each_pair(parts, |name, #value| {
                match name {
                    #(#arms)*
                    _ => {}
                }
                ::std::option::Option::Some(())
            })?;
            ::std::option::Option::Some(Self { #(#fields)* })
        }

        #(#plain_fns)*
    }
}

/// How the typed path reads one argument.
struct PlainReader {
    /// An expression of type `Option<inner type>` reading `text` (a `&str`) as the argument,
    /// `None` where the value is not one the typed path accepts.
    body: TokenStream,
    /// Whether a JSON number reads as its digits would: an integer checked and cast by the schema,
    /// or `absint`. Every other argument takes only strings.
    takes_numbers: bool,
}

/// The argument's reader; `None` when its callbacks or schema are not ones the typed path handles.
fn plain_value(arg: &Arg) -> Option<PlainReader> {
    let text = quote!(text);
    let by_schema = matches!(
        arg.callbacks.sanitize,
        Some(SanitizeCallback::Schema | SanitizeCallback::ValidateThenSanitize)
    );
    let check = match arg.callbacks.validate {
        // Sanitizing by the schema below accepts only valid values already.
        Some(ValidateCallback::Schema) if by_schema => None,
        Some(ValidateCallback::Schema) => plain_check(&arg.schema, &text)?,
        Some(_) => return None,
        None => None,
    };
    let rt = quote!(::wp_schema_runtime);
    let value = match arg.callbacks.sanitize {
        None => quote! {
            ::std::option::Option::Some(#rt::__private::serde_json::Value::String(::std::string::String::from(#text)))
        },
        Some(SanitizeCallback::Schema | SanitizeCallback::ValidateThenSanitize) => {
            plain_schema(&arg.schema, &text)?
        }
        Some(SanitizeCallback::SanitizeKey) => {
            quote!(::std::option::Option::Some(#rt::callbacks::sanitize_key_str(#text)))
        }
        Some(SanitizeCallback::SanitizeTextField) => {
            quote!(::std::option::Option::Some(#rt::callbacks::sanitize_text_field(#text)))
        }
        Some(SanitizeCallback::SanitizeSlug) => {
            quote!(::std::option::Option::Some(#rt::slug::sanitize_title(#text)))
        }
        Some(SanitizeCallback::Absint) => quote! {
            #rt::plain::integer(#text, &#rt::validate::Bounds::default()).map(i64::wrapping_abs)
        },
        // It asks the request's state; the full path has it.
        Some(SanitizeCallback::SanitizePostStatuses) => return None,
    };
    let integer = arg.schema.types == TypeDecl::Single(JsonType::Integer);
    let takes_numbers = match arg.callbacks.sanitize {
        Some(SanitizeCallback::Absint) => integer || arg.callbacks.validate.is_none(),
        Some(SanitizeCallback::Schema | SanitizeCallback::ValidateThenSanitize) => integer,
        _ => false,
    };
    Some(PlainReader {
        body: quote!(#check #value),
        takes_numbers,
    })
}

/// `rest_validate_value_from_schema` then `rest_sanitize_value_from_schema` of a string, as an
/// expression of type `Option<T>` (T the schema's Rust type), for the shapes the typed path
/// handles.
fn plain_schema(schema: &Schema, text: &TokenStream) -> Option<TokenStream> {
    let steps = plan_steps(schema)?;
    match (&schema.types, steps.format.as_deref()) {
        (types, Some("date-time")) if is_string_type(types) => {
            plain_date_time(schema, &steps, text)
        }
        (_, Some(_)) => None,
        (types, None) if is_string_type(types) => plain_string(schema, &steps, text),
        (TypeDecl::Single(JsonType::Integer), None) => plain_integer(schema, &steps, text),
        (TypeDecl::Single(JsonType::Array), None) => plain_list(schema, &steps, text),
        _ => None,
    }
}

/// The steps of `wp_schema_plan::checks` a schema has besides its type, as the typed path handles
/// them; `None` when it has one the typed path leaves to the full path (`anyOf`, `oneOf`, which
/// are also the sanitizer's only other steps; an `enum` that is not a list; a `format` that is
/// not a name).
#[derive(Default)]
struct Steps {
    /// The `enum` step's members.
    members: Option<Vec<Value>>,
    format: Option<String>,
}

fn plan_steps(schema: &Schema) -> Option<Steps> {
    let rules = rules_of(schema);
    let mut steps = Steps::default();
    for check in wp_schema_plan::checks(&rules) {
        match check {
            Check::AnyOf(_) | Check::OneOf(_) => return None,
            Check::Type => {}
            Check::Enum(members) => steps.members = Some(members.as_array()?.clone()),
            Check::Format(format) => steps.format = Some(format.as_str()?.to_owned()),
        }
    }
    Some(steps)
}

/// `string`, alone or with `null`: the type `rest_get_best_type_for_value` picks for any string.
fn is_string_type(types: &TypeDecl) -> bool {
    match types {
        TypeDecl::Single(JsonType::String) => true,
        TypeDecl::List(types) => {
            let mut non_null = types.iter().filter(|t| **t != JsonType::Null);
            non_null.next() == Some(&JsonType::String) && non_null.next().is_none()
        }
        _ => false,
    }
}

/// Statements returning `None` unless `text` is valid by the schema; `None` here when the typed
/// path does not handle the schema, `Some(None)` when every string is valid.
fn plain_check(schema: &Schema, text: &TokenStream) -> Option<Option<TokenStream>> {
    let steps = plan_steps(schema).filter(|steps| steps.format.is_none());
    let Some(steps) = steps.filter(|_| is_string_type(&schema.types)) else {
        let valid = plain_schema(schema, text)?;
        return Some(Some(quote!(#valid?;)));
    };
    plain_string(schema, &steps, text)?;
    Some(steps.members.as_deref().map(|members| {
        let members = members.iter().filter_map(Value::as_str);
        quote! {
            if !::std::matches!(#text, #(#members)|*) {
                return ::std::option::Option::None;
            }
        }
    }))
}

fn plain_string(schema: &Schema, steps: &Steps, text: &TokenStream) -> Option<TokenStream> {
    if schema.pattern.is_some() || schema.min_length.is_some() || schema.max_length.is_some() {
        return None;
    }
    let owned = quote!(::std::string::String::from(#text));
    match &steps.members {
        None => Some(quote!(::std::option::Option::Some(#owned))),
        Some(members) => {
            let members: Vec<&str> = members.iter().map(Value::as_str).collect::<Option<_>>()?;
            Some(quote!(::std::matches!(#text, #(#members)|*).then(|| #owned)))
        }
    }
}

/// A `date-time` string: `rest_parse_date`, then `sanitize_text_field`.
fn plain_date_time(schema: &Schema, steps: &Steps, text: &TokenStream) -> Option<TokenStream> {
    plain_string(schema, steps, text)?;
    if steps.members.is_some() {
        return None;
    }
    Some(quote!(::wp_schema_runtime::plain::date_time(#text)))
}

fn plain_integer(schema: &Schema, steps: &Steps, text: &TokenStream) -> Option<TokenStream> {
    if schema.multiple_of.is_some() || steps.members.is_some() {
        return None;
    }
    let bounds = bounds_tokens(schema);
    Some(quote!(::wp_schema_runtime::plain::integer(#text, &#bounds)))
}

/// `wp_parse_list`'s pieces, each read by the item schema.
fn plain_list(schema: &Schema, steps: &Steps, text: &TokenStream) -> Option<TokenStream> {
    let constrained = schema.min_items.is_some()
        || schema.max_items.is_some()
        || schema.unique_items.is_some()
        || steps.members.is_some();
    let items = schema.items.as_deref()?;
    if constrained
        || is_empty_schema(items)
        || matches!(items.types, TypeDecl::Single(JsonType::Array))
    {
        return None;
    }
    let item = plain_schema(items, &quote!(item))?;
    Some(quote! {
        ::wp_schema_runtime::php::split_list(#text)
            .map(|item| #item)
            .collect::<::std::option::Option<::std::vec::Vec<_>>>()
    })
}
