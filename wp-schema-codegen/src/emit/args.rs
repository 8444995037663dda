//! Argument parsers per endpoint (`AttachmentListArgs::from_params`): WordPress's
//! validate-then-sanitize per argument, as specialised code over the runtime's building blocks.
//!
//! Scalar and array schemas, type lists and enums of scalars become direct calls to the per-type and
//! per-keyword checks and sanitizers. Objects and `anyOf`/`oneOf` (none among the media arguments
//! that have schema callbacks) hand their sub-schema to the runtime's schema-driven functions.

use super::doc_attr;
use crate::ir::{
    Action, Api, Arg, Endpoint, JsonType, Route, SanitizeCallback, Schema, TypeDecl,
    ValidateCallback,
};
use crate::names::type_ident;
use crate::naming::{ArgNames, Names, ParserNames};
use crate::schema_json;
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};
use wp_schema_plan::{ArrayPlan, Check, Sanitizing, Type, TypeKeyword};

/// Every endpoint's parser.
pub fn argument_parsers(api: &Api, names: &Names) -> TokenStream {
    api.routes
        .iter()
        .zip(&names.routes)
        .flat_map(|(route, route_names)| {
            route
                .endpoints
                .iter()
                .zip(&route_names.parsers)
                .map(move |(endpoint, parser)| argument_parser(parser, route, endpoint))
        })
        .collect()
}

fn argument_parser(names: &ParserNames, route: &Route, endpoint: &Endpoint) -> TokenStream {
    let ty = type_ident(&names.name);
    let methods = endpoint.methods.join(", ");
    let doc = doc_attr(&format!(
        "The arguments of {methods} on `{}` ({}), parsed as WordPress does.",
        route.path.as_deref().unwrap_or(&route.file),
        if matches!(endpoint.action, Action::Other(_)) {
            "other"
        } else {
            endpoint.action.name()
        },
    ));
    let fields = names.args_of(endpoint).map(|(arg, arg_names)| {
        let ident = &arg_names.field;
        let ty = arg_names.field_type();
        let doc = doc_attr(arg.schema.description.as_deref().unwrap_or(&format!(
            "The `{}` argument; the schema gives no description.",
            arg.name
        )));
        let rename = super::serde_rename(ident, &arg.name);
        quote!(#doc #rename pub #ident: #ty,)
    });
    let helpers = names
        .args_of(endpoint)
        .map(|(arg, arg_names)| argument_helpers(arg, arg_names));
    let required: Vec<&str> = endpoint
        .args
        .iter()
        .filter(|a| a.required)
        .map(|a| a.name.as_str())
        .collect();
    let defaults = defaults_text(endpoint);
    let validations = names
        .args_of(endpoint)
        .filter(|(arg, _)| arg.callbacks.validate.is_some())
        .map(|(arg, arg_names)| {
            let key = &arg.name;
            let validate = &arg_names.validate;
            quote! {
                if let ::std::option::Option::Some(value) = params.get(#key) {
                    if let ::std::result::Result::Err(failure) = Self::#validate(value, state) {
                        invalid.record(#key, failure);
                    }
                }
            }
        });
    let sanitizers = names
        .args_of(endpoint)
        .filter(|(arg, _)| arg.callbacks.sanitize.is_some())
        .map(|(arg, arg_names)| {
            let key = &arg.name;
            let sanitize = &arg_names.sanitize;
            quote!(#key => ::std::option::Option::Some(Self::#sanitize(value, state)),)
        });
    let conversions = names.args_of(endpoint).map(|(arg, arg_names)| {
        let ident = &arg_names.field;
        let key = &arg.name;
        quote!(#ident: ::wp_schema_runtime::args::field(&mut params, #key)?,)
    });
    let json = quote!(::wp_schema_runtime::__private::serde_json);
    let plain_path = super::plain_args::plain_path_fns(&ty, endpoint, names);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::wp_schema_runtime::__private::serde::Serialize)]
        #[serde(crate = "::wp_schema_runtime::__private::serde")]
        pub struct #ty { #(#fields)* }

        const _: () = {
            #[allow(unused_imports)]
            use ::wp_schema_runtime::args::{ArgFailure, RequestState};
            use ::wp_schema_runtime::{WpError, params::Params};
            use #json::Value;

            impl #ty {
                /// Validates and sanitizes `params` as WordPress does for a visitor with no post at hand.
                pub fn from_params(params: &Params) -> ::std::result::Result<Self, WpError> {
                    Self::from_params_with(params, &::wp_schema_runtime::args::Anonymous)
                }

                /// Validates and sanitizes `params` as WordPress does: a malformed JSON body, then
                /// missing required arguments, then every `validate_callback`, then every
                /// `sanitize_callback`; all failures of a step are reported together.
                pub fn from_params_with(params: &Params, state: &dyn RequestState) -> ::std::result::Result<Self, WpError> {
                    Self::from_owned_params(params.clone(), state)
                }

                /// [`Self::from_params_with`] on parameters it may take apart: sanitizing rewrites
                /// them in place, so a caller done with them saves a copy.
                pub fn from_owned_params(mut params: Params, state: &dyn RequestState) -> ::std::result::Result<Self, WpError> {
                    if let ::std::option::Option::Some(error) = params.json_error() {
                        return ::std::result::Result::Err(error.clone());
                    }
                    params.set_defaults(::std::borrow::Cow::Borrowed(Self::defaults()));
                    ::wp_schema_runtime::args::check_required(&params, &[#(#required),*])?;
                    let mut invalid = ::wp_schema_runtime::args::InvalidParams::default();
                    #(#validations)*
                    invalid.into_result()?;
                    let mut params = ::wp_schema_runtime::args::sanitize_sources(params, |name, value| match name {
                        #(#sanitizers)*
                        _ => ::std::option::Option::None,
                    })?;
                    ::std::result::Result::Ok(Self { #(#conversions)* })
                }

                /// The arguments' defaults, the last source WordPress reads parameters from.
                pub fn defaults() -> &'static #json::Map<::std::string::String, Value> {
                    static DEFAULTS: ::std::sync::OnceLock<#json::Map<::std::string::String, Value>> = ::std::sync::OnceLock::new();
                    DEFAULTS.get_or_init(|| #json::from_str(#defaults).unwrap_or_default())
                }

                #plain_path
                #(#helpers)*
            }
        };
    }
}

/// The defaults WordPress registers: every `default` that is set and not null.
fn defaults_text(endpoint: &Endpoint) -> String {
    let map: serde_json::Map<String, Value> = endpoint
        .args
        .iter()
        .filter_map(|a| {
            Some((
                a.name.clone(),
                a.schema.default.clone().filter(|d| !d.is_null())?,
            ))
        })
        .collect();
    Value::Object(map).to_string()
}

/// The argument's private helpers: its schema as JSON, the schema's own checks, and its
/// `validate_callback` and `sanitize_callback` where it has them.
fn argument_helpers(arg: &Arg, names: &ArgNames) -> TokenStream {
    let key = &arg.name;
    let ArgNames {
        validate,
        sanitize,
        check,
        schema: schema_fn,
        ..
    } = names;
    let text = schema_json::to_json(&arg.schema).to_string();
    let json = quote!(::wp_schema_runtime::__private::serde_json);
    let root = quote!(Self::#schema_fn());
    let check_body = validate_tokens(&arg.schema, &Subject::argument(quote!(param), &root));
    let validate_body = match arg.callbacks.validate {
        None => None,
        Some(ValidateCallback::Schema) => {
            Some(quote!(Self::#check(value, #key).map_err(ArgFailure::from)))
        }
        Some(ValidateCallback::CheckStatus) => Some(
            quote!(::wp_schema_runtime::args::check_status(value, state, |v| Self::#check(v, #key))),
        ),
        Some(ValidateCallback::CheckTemplate) => Some(quote!(
            ::wp_schema_runtime::args::check_template(value, state)
        )),
        Some(ValidateCallback::CheckMetaIsArray) => Some(quote!(
            ::wp_schema_runtime::args::check_meta_is_array(value)
        )),
    };
    let validate_fn = validate_body.map(|body| {
        quote! {
            fn #validate(value: &Value, state: &dyn RequestState) -> ::std::result::Result<(), ArgFailure> {
                let _ = state;
                #body
            }
        }
    });
    let sanitized = sanitize_tokens(&arg.schema, &Subject::argument(quote!(#key), &root));
    let by_schema = quote!(#sanitized.map_err(ArgFailure::from));
    let sanitize_body = arg.callbacks.sanitize.map(|callback| match callback {
        SanitizeCallback::Schema => by_schema.clone(),
        SanitizeCallback::ValidateThenSanitize => quote! {
            Self::#check(value, #key)?;
            #by_schema
        },
        SanitizeCallback::SanitizeKey => quote!(::std::result::Result::Ok(Value::String(::wp_schema_runtime::callbacks::sanitize_key(value)))),
        SanitizeCallback::Absint => quote!(::std::result::Result::Ok(Value::from(::wp_schema_runtime::callbacks::absint(value)))),
        SanitizeCallback::SanitizeTextField => {
            quote!(::std::result::Result::Ok(Value::String(::wp_schema_runtime::callbacks::sanitize_text_field_value(value))))
        }
        SanitizeCallback::SanitizeSlug => quote! {
            ::std::result::Result::Ok(Value::String(::wp_schema_runtime::slug::sanitize_title(&::wp_schema_runtime::php::to_string(value))))
        },
        SanitizeCallback::SanitizePostStatuses => {
            let default = arg.schema.default.as_ref().map(wp_php_string).unwrap_or_default();
            quote!(::wp_schema_runtime::args::sanitize_post_statuses(value, #default, state, |v| Self::#check(v, #key)))
        }
    });
    let sanitize_fn = sanitize_body.map(|body| {
        quote! {
            fn #sanitize(value: &Value, state: &dyn RequestState) -> ::std::result::Result<Value, ArgFailure> {
                let _ = state;
                #body
            }
        }
    });
    quote! {
        /// The argument's schema, as OPTIONS shows it.
        fn #schema_fn() -> &'static Value {
            static SCHEMA: ::std::sync::OnceLock<Value> = ::std::sync::OnceLock::new();
            SCHEMA.get_or_init(|| #json::from_str(#text).unwrap_or_default())
        }

        /// `rest_validate_value_from_schema` for this argument's schema, specialised.
        #[allow(unused_variables)]
        fn #check(value: &Value, param: &str) -> ::std::result::Result<(), WpError> {
            #check_body
            ::std::result::Result::Ok(())
        }

        #validate_fn
        #sanitize_fn
    }
}

/// PHP's string form of a default, for comparisons such as the collection's default status.
fn wp_php_string(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(list) => list.first().map(wp_php_string).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// What a step of the emitted code works on: `value` (a `&Value` expression), named `param` (a
/// `&str` expression) in messages, and where its part of the schema is: the pointer `path` into
/// the argument's schema, which `root` gives as JSON at run time.
struct Subject<'r> {
    value: TokenStream,
    param: TokenStream,
    root: &'r TokenStream,
    path: String,
}

impl<'r> Subject<'r> {
    /// A whole argument: `value`, named `param`, its schema given by `root`.
    fn argument(param: TokenStream, root: &'r TokenStream) -> Subject<'r> {
        Subject {
            value: quote!(value),
            param,
            root,
            path: String::new(),
        }
    }

    /// Each item of this array: `item`, named `item_param`.
    fn items(&self) -> Subject<'r> {
        Subject {
            value: quote!(item),
            param: quote!(&item_param),
            root: self.root,
            path: format!("{}/items", self.path),
        }
    }

    /// An expression for this part of the schema as JSON (`&Value`).
    fn schema_json(&self) -> TokenStream {
        let Subject { root, path, .. } = self;
        if path.is_empty() {
            return (*root).clone();
        }
        quote!(#root.pointer(#path).unwrap_or(&::wp_schema_runtime::__private::serde_json::Value::Null))
    }
}

/// The keywords of a part of an argument's schema, as the plan reads them.
pub(super) fn rules_of(schema: &Schema) -> Map<String, Value> {
    match schema_json::to_json(schema) {
        Value::Object(rules) => rules,
        _ => Map::new(),
    }
}

/// Statements validating the subject's value against `schema`: the steps of
/// `wp_schema_plan::checks`, unrolled in its order.
fn validate_tokens(schema: &Schema, subject: &Subject<'_>) -> TokenStream {
    let Subject { value, param, .. } = subject;
    let rules = &rules_of(schema);
    let json_here = subject.schema_json();
    let v = quote!(::wp_schema_runtime::validate);
    let dynamic = quote!(#v::validate_value(#value, #json_here, #param)?;);
    let keyword = TypeKeyword::of(rules);
    // The type the later steps see: a list's is only known at run time.
    let resolved = match keyword {
        TypeKeyword::List(_) => quote!(resolved),
        TypeKeyword::One(Type::Name(name)) => quote!(#v::Type::Name(#name)),
        TypeKeyword::One(_) => quote!(#v::Type::Unset),
    };
    let mut steps = TokenStream::new();
    for check in wp_schema_plan::checks(rules) {
        steps.extend(match check {
            // Matching sub-schemas is the runtime's: the whole value goes to it.
            Check::AnyOf(_) | Check::OneOf(_) => return dynamic,
            Check::Type => match (keyword, &schema.types) {
                (TypeKeyword::List(_), TypeDecl::List(types)) => {
                    let arms = types.iter().filter(|t| known_name(t).is_some()).map(|t| {
                        let name = t.name();
                        let checks = type_tokens(t, schema, subject);
                        quote!(::std::option::Option::Some(#name) => { #checks })
                    });
                    quote! {
                        let resolved = #v::resolve_type(#value, #json_here.get("type").unwrap_or(&::wp_schema_runtime::__private::serde_json::Value::Null), #param)?;
                        match resolved.checked_as() {
                            #(#arms)*
                            _ => {}
                        }
                    }
                }
                (_, TypeDecl::Single(t)) => type_tokens(t, schema, subject),
                _ => TokenStream::new(),
            },
            Check::Enum(members) => match keyword {
                // A scalar is sanitized by its type, then compared with the members.
                TypeKeyword::One(Type::Name(name))
                    if members.is_array() && !matches!(name, "array" | "object") =>
                {
                    let sanitized = scalar_sanitizer(name, schema.format.as_deref(), value);
                    quote! {
                        let sanitized = #sanitized;
                        #v::enum_contains(&sanitized, #json_here.get("enum").unwrap_or(&::wp_schema_runtime::__private::serde_json::Value::Null), #param)?;
                    }
                }
                _ => quote! {
                    if let ::std::option::Option::Some(rules) = #json_here.as_object() {
                        #v::enum_members(#value, rules, #resolved.name(), #param)?;
                    }
                },
            },
            Check::Format(format) => match format.as_str() {
                Some(name) => quote! {
                    if #v::format_applies(#resolved) {
                        #v::format(#v::Format::parse(#name), #value, #param)?;
                    }
                },
                // A format that is not a name never reaches here (the parser refuses it); the
                // runtime reads it as PHP would.
                None => return dynamic,
            },
        });
    }
    steps
}

/// `sanitize::scalar` for a type known when generating.
fn scalar_sanitizer(type_name: &str, format: Option<&str>, value: &TokenStream) -> TokenStream {
    let format = match format {
        Some(f) => {
            quote!(::std::option::Option::Some(::wp_schema_runtime::validate::Format::parse(#f)))
        }
        None => quote!(::std::option::Option::None),
    };
    quote!(::wp_schema_runtime::sanitize::scalar(#value, #type_name, #format))
}

/// An expression sanitizing the subject's value with `schema` (`rest_sanitize_value_from_schema`), of type
/// `Result<Value, WpError>`: the steps of `wp_schema_plan::sanitizing`, scalars and arrays
/// specialised, other shapes by the runtime's sanitizer.
fn sanitize_tokens(schema: &Schema, subject: &Subject<'_>) -> TokenStream {
    let Subject { value, param, .. } = subject;
    let rules = &rules_of(schema);
    let json_here = subject.schema_json();
    let dynamic = quote!(::wp_schema_runtime::sanitize::sanitize_value(#value, #json_here, #param));
    let mut conversion = TokenStream::new();
    for step in wp_schema_plan::sanitizing(rules) {
        conversion = match step {
            Sanitizing::AnyOf(_) | Sanitizing::OneOf(_) => return dynamic,
            Sanitizing::Type => converted_tokens(schema, rules, subject, &dynamic),
        };
    }
    conversion
}

/// `step` (validating or sanitizing) of one item of an array, the item being `item` and its
/// parameter name `item_param`; `None` when the plan leaves the items alone.
fn item_tokens(
    schema: &Schema,
    planned: bool,
    subject: &Subject<'_>,
    step: fn(&Schema, &Subject<'_>) -> TokenStream,
) -> Option<TokenStream> {
    let items = schema.items.as_deref().filter(|_| planned)?;
    Some(step(items, &subject.items()))
}

/// The type's conversion, the last step of sanitizing.
fn converted_tokens(
    schema: &Schema,
    rules: &Map<String, Value>,
    subject: &Subject<'_>,
    dynamic: &TokenStream,
) -> TokenStream {
    let Subject { value, param, .. } = subject;
    match &schema.types {
        TypeDecl::Single(JsonType::Array) => {
            let plan = ArrayPlan::sanitizing(rules);
            let items =
                item_tokens(schema, plan.items.is_some(), subject, sanitize_tokens).map(|item| {
                    quote! {
                        for (index, item) in items.iter_mut().enumerate() {
                            let item_param = ::std::format!("{}[{}]", #param, index);
                            *item = ::wp_schema_runtime::sanitize::sanitized_part(#item);
                        }
                    }
                });
            let unique = plan
                .unique_items
                .then(|| quote!(::wp_schema_runtime::validate::unique_items(&items, #param)?;));
            quote! {
                (|| -> ::std::result::Result<Value, WpError> {
                    let mut items = ::wp_schema_runtime::php::rest_sanitize_array(#value);
                    #items
                    #unique
                    ::std::result::Result::Ok(Value::Array(items))
                })()
            }
        }
        TypeDecl::Single(JsonType::Object) => dynamic.clone(),
        TypeDecl::List(types) => {
            let arms = types.iter().filter_map(|t| match t {
                JsonType::Array | JsonType::Object | JsonType::Unknown(_) => None,
                _ => {
                    let name = t.name();
                    let sanitized = scalar_sanitizer(name, schema.format.as_deref(), value);
                    Some(quote!(::std::option::Option::Some(#name) => ::std::result::Result::Ok(#sanitized),))
                }
            });
            let list = subject.schema_json();
            // No type of the list fits: WordPress sanitizes to null.
            quote! {
                match ::wp_schema_runtime::validate::best_type_for_value(#value, #list.get("type").unwrap_or(&Value::Null)) {
                    ::std::option::Option::None => ::std::result::Result::<Value, WpError>::Ok(Value::Null),
                    ::std::option::Option::Some(resolved) => match resolved.converted_as() {
                        #(#arms)*
                        _ => #dynamic,
                    },
                }
            }
        }
        TypeDecl::Single(t) => {
            let sanitized = scalar_sanitizer(t.name(), schema.format.as_deref(), value);
            quote!(::std::result::Result::<Value, WpError>::Ok(#sanitized))
        }
        TypeDecl::Absent => {
            let sanitized = scalar_sanitizer("", schema.format.as_deref(), value);
            quote!(::std::result::Result::<Value, WpError>::Ok(#sanitized))
        }
    }
}

/// A schema with no keywords at all (PHP's `empty()` of the `items` array).
pub(super) fn is_empty_schema(schema: &Schema) -> bool {
    schema_json::to_json(schema)
        .as_object()
        .is_some_and(|m| m.is_empty())
}

fn known_name(t: &JsonType) -> Option<&'static str> {
    match t {
        JsonType::String => Some("string"),
        JsonType::Integer => Some("integer"),
        JsonType::Number => Some("number"),
        JsonType::Boolean => Some("boolean"),
        JsonType::Array => Some("array"),
        JsonType::Object => Some("object"),
        JsonType::Null => Some("null"),
        JsonType::Unknown(_) => None,
    }
}

fn number(v: Option<&Value>) -> TokenStream {
    match v.and_then(Value::as_f64) {
        Some(f) => quote!(::std::option::Option::Some(#f)),
        None => quote!(::std::option::Option::None),
    }
}

/// The schema's `minimum`, `maximum` and their exclusive flags, as a `Bounds` literal.
pub(super) fn bounds_tokens(schema: &Schema) -> TokenStream {
    let (minimum, maximum) = (
        number(schema.minimum.as_ref()),
        number(schema.maximum.as_ref()),
    );
    let (ex_min, ex_max) = (
        php_truthy(schema.exclusive_minimum.as_ref()),
        php_truthy(schema.exclusive_maximum.as_ref()),
    );
    quote! {
        ::wp_schema_runtime::validate::Bounds {
            minimum: #minimum, maximum: #maximum, exclusive_minimum: #ex_min, exclusive_maximum: #ex_max,
        }
    }
}

/// PHP's `! empty( $v )` for a keyword's value.
/// A schema keyword's value as PHP's `(bool)` reads it; an absent keyword is false.
fn php_truthy(v: Option<&Value>) -> bool {
    v.is_some_and(wp_schema_php::is_truthy)
}

/// The checks of one type, with the schema's keywords as literals.
fn type_tokens(t: &JsonType, schema: &Schema, subject: &Subject<'_>) -> TokenStream {
    let Subject { value, param, .. } = subject;
    let v = quote!(::wp_schema_runtime::validate);
    let number_rules = || {
        let multiple_of = number(schema.multiple_of.as_ref());
        let bounds = bounds_tokens(schema);
        quote!(#v::NumberRules { multiple_of: #multiple_of, bounds: #bounds })
    };
    match t {
        JsonType::Null => quote!(#v::null(#value, #param)?;),
        JsonType::Boolean => quote!(#v::boolean(#value, #param)?;),
        JsonType::Integer => {
            let rules = number_rules();
            quote!(#v::integer(#value, &#rules, #param)?;)
        }
        JsonType::Number => {
            let rules = number_rules();
            quote!(#v::number(#value, &#rules, "number", #param)?;)
        }
        JsonType::String => {
            let (min, max) = (
                number(schema.min_length.as_ref()),
                number(schema.max_length.as_ref()),
            );
            let pattern = match &schema.pattern {
                Some(p) => quote!(::std::option::Option::Some(::std::string::String::from(#p))),
                None => quote!(::std::option::Option::None),
            };
            quote!(#v::string(#value, &#v::StringRules { min_length: #min, max_length: #max, pattern: #pattern }, #param)?;)
        }
        JsonType::Array => {
            let rules = rules_of(schema);
            let plan = ArrayPlan::checks(&rules);
            let item_checks = item_tokens(schema, plan.items.is_some(), subject, validate_tokens)
                .map(|body| {
                    quote! {
                        for (index, item) in items.iter().enumerate() {
                            let item_param = ::std::format!("{}[{}]", #param, index);
                            #body
                        }
                    }
                });
            let (min, max) = (number(plan.min_items), number(plan.max_items));
            let unique = plan
                .unique_items
                .then(|| quote!(#v::unique_items(&items, #param)?;));
            quote! {
                let items = #v::array_items(#value, #param)?;
                #item_checks
                #v::size(items.len() as f64, #min, #max, &#v::ITEMS, #param)?;
                #unique
            }
        }
        JsonType::Object => {
            let json_here = subject.schema_json();
            quote! {
                let empty = ::wp_schema_runtime::__private::serde_json::Map::new();
                #v::object(#value, #json_here.as_object().unwrap_or(&empty), #param)?;
            }
        }
        JsonType::Unknown(_) => TokenStream::new(),
    }
}
