//! The naming stage: every name and Rust type the generated code uses, decided once, after
//! [`shape::build`](crate::shape::build) has chosen the types and before anything is checked.
//!
//! The type space already names the structs, enums and unions. [`Names`] adds everything derived
//! from them or from the routes: each struct's field identifiers, bookkeeping fields and field
//! types; the per-context types of structs and unions with the types of their fields and
//! variants; the argument parsers, their fields' types and their private helpers; and the
//! constants holding the documents. `check` looks for collisions among these names, `fallback`
//! stubs them and `emit` writes them: none of those decides a name, so what is checked is what is
//! emitted, and this module knows none of them. How a single word is spelled stays in `names`.

pub mod client;

use crate::ir::{Api, Arg, Endpoint, JsonType, Route, SanitizeCallback, Schema, TypeDecl};
use crate::names::{field_ident, snake_word, upper_camel};
use crate::shape::{context_typed, Shape, StructDef, TypeSpace, UnionDef};
use proc_macro2::Ident;
use quote::format_ident;

/// Every name the generated code uses beyond the type space's own.
#[derive(Clone, Debug)]
pub struct Names {
    /// Parallel to [`TypeSpace::structs`].
    pub structs: Vec<StructNames>,
    /// Parallel to [`TypeSpace::unions`].
    pub unions: Vec<UnionNames>,
    /// Parallel to [`Api::routes`].
    pub routes: Vec<RouteNames>,
    /// The constant holding each input document's text, parallel to the documents.
    pub documents: Vec<String>,
}

/// A Rust type as generated code writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RustType {
    String,
    I64,
    /// What sanitizing a `number` argument yields (PHP's float).
    F64,
    /// `wp_schema_runtime::Number`: a property's number, written back as it came.
    Number,
    Bool,
    /// `serde_json::Value`.
    Json,
    /// A generated struct, enum, union or per-context type.
    Named(String),
    Vec(Box<RustType>),
    Option(Box<RustType>),
}

/// The names of one struct, full and per context.
#[derive(Clone, Debug)]
pub struct StructNames {
    /// Parallel to [`StructDef::fields`]: the full type's fields.
    pub fields: Vec<FieldNames>,
    /// Shared by the full type and its context types, which have fewer fields.
    pub bookkeeping: Bookkeeping,
    /// One per context the item names, in [`crate::ir::KNOWN_CONTEXTS`] order.
    pub contexts: Vec<StructContext>,
}

/// One field of a full struct.
#[derive(Clone, Debug)]
pub struct FieldNames {
    pub ident: Ident,
    pub ty: RustType,
}

/// The names of a struct's two bookkeeping fields: its absent set and its extra properties.
#[derive(Clone, Debug)]
pub struct Bookkeeping {
    pub absent: Ident,
    pub extra: Ident,
}

/// A struct's type for one context (`AttachmentView`).
#[derive(Clone, Debug)]
pub struct StructContext {
    pub context: &'static str,
    pub name: String,
    /// The fields written in this context, in the full type's order.
    pub fields: Vec<ContextField>,
}

/// A field of a per-context type: the full type's field at `position`, with its type here.
#[derive(Clone, Debug)]
pub struct ContextField {
    pub position: usize,
    pub ty: RustType,
}

/// The types of one union's variants, full and per context.
#[derive(Clone, Debug)]
pub struct UnionNames {
    /// Parallel to [`UnionDef::variants`].
    pub variants: Vec<RustType>,
    /// One per context the item names when the union is context-dependent; none otherwise.
    pub contexts: Vec<UnionContext>,
}

/// A union's type for one context: its object variant holds its struct's context type.
#[derive(Clone, Debug)]
pub struct UnionContext {
    pub context: &'static str,
    pub name: String,
    /// Parallel to [`UnionDef::variants`].
    pub variants: Vec<RustType>,
}

/// The names of one route.
#[derive(Clone, Debug)]
pub struct RouteNames {
    /// The route document's name as `wp-schema pull` writes it (`wp-v2-media-id`).
    pub document: String,
    /// Parallel to [`Route::endpoints`].
    pub parsers: Vec<ParserNames>,
}

/// The argument parser of one endpoint.
#[derive(Clone, Debug)]
pub struct ParserNames {
    /// `AttachmentListArgs`.
    pub name: String,
    /// The name without `Args` (`AttachmentList`), which the client's names for the endpoint
    /// start from.
    pub stem: String,
    /// Parallel to the endpoint's arguments.
    pub args: Vec<ArgNames>,
}

impl ParserNames {
    /// Each of the endpoint's arguments with its names.
    pub fn args_of<'a>(
        &'a self,
        endpoint: &'a Endpoint,
    ) -> impl Iterator<Item = (&'a Arg, &'a ArgNames)> + 'a {
        endpoint.args.iter().zip(&self.args)
    }
}

/// One argument: its field and the parser's private helpers for it, each named for the argument
/// (`per_page`: `schema_of_per_page`, `check_per_page_by_schema`, `validate_per_page`,
/// `sanitize_per_page`, `read_plain_per_page`, `given_per_page`). Each kind of helper has a
/// prefix no other kind's starts with, and the arguments' words are distinct, so no two helpers
/// share a name whatever the arguments are called.
#[derive(Clone, Debug)]
pub struct ArgNames {
    pub field: Ident,
    /// The type of the sanitized value, without the `Option` of absence.
    pub value: RustType,
    /// Required, or with a default and a sanitizer: the field then has no `Option`.
    pub always_set: bool,
    /// The argument's schema as JSON.
    pub schema: Ident,
    /// `rest_validate_value_from_schema` with the argument's schema, specialised.
    pub check: Ident,
    /// The argument's `validate_callback`.
    pub validate: Ident,
    /// The argument's `sanitize_callback`.
    pub sanitize: Ident,
    /// The typed path's reader of a plain text value.
    pub read_plain: Ident,
    /// The typed path's local holding the value read.
    pub given: Ident,
}

impl ArgNames {
    /// The field's type: the value's, in an `Option` unless it is always set.
    pub fn field_type(&self) -> RustType {
        if self.always_set {
            self.value.clone()
        } else {
            RustType::Option(Box::new(self.value.clone()))
        }
    }
}

/// A type the generated code declares, and where it comes from.
#[derive(Clone, Copy, Debug)]
pub struct DeclaredType<'a> {
    pub name: &'a str,
    /// Index into [`Api::items`].
    pub item: usize,
    pub pointer: &'a str,
}

/// Names everything `api` and `space` generate; `documents` are the input documents as displayed.
pub fn build(api: &Api, space: &TypeSpace, documents: &[String]) -> Names {
    Names {
        structs: space
            .structs
            .iter()
            .map(|def| struct_names(api, space, def))
            .collect(),
        unions: space
            .unions
            .iter()
            .map(|def| union_names(api, space, def))
            .collect(),
        routes: route_names(api, space),
        documents: documents.iter().map(|d| document_constant(d)).collect(),
    }
}

impl Names {
    /// Every type the generated code declares, each struct and union followed by its context
    /// types: they share one namespace.
    pub fn declared_types<'a>(&'a self, space: &'a TypeSpace) -> Vec<DeclaredType<'a>> {
        let mut types = Vec::new();
        for (def, names) in space.structs.iter().zip(&self.structs) {
            let declared = |name| DeclaredType {
                name,
                item: def.item,
                pointer: &def.schema.pointer,
            };
            types.push(declared(&def.name));
            types.extend(names.contexts.iter().map(|c| declared(&c.name)));
        }
        types.extend(space.enums.iter().map(|def| DeclaredType {
            name: &def.name,
            item: def.item,
            pointer: &def.pointer,
        }));
        for (def, names) in space.unions.iter().zip(&self.unions) {
            let declared = |name| DeclaredType {
                name,
                item: def.item,
                pointer: &def.pointer,
            };
            types.push(declared(&def.name));
            types.extend(names.contexts.iter().map(|c| declared(&c.name)));
        }
        types
    }
}

/// The variant of the runtime's `Context` for `ctx`: `view` → `View`.
pub fn context_variant(ctx: &str) -> String {
    upper_camel(ctx)
}

/// The name of a struct's or union's type for `ctx`: `Attachment` → `AttachmentView`.
fn context_type_name(name: &str, ctx: &str) -> String {
    format!("{name}{}", upper_camel(ctx))
}

fn struct_names(api: &Api, space: &TypeSpace, def: &StructDef) -> StructNames {
    let fields: Vec<FieldNames> = def
        .fields
        .iter()
        .map(|field| FieldNames {
            ident: field_ident(&field.json),
            ty: rust_type(space, &field.shape, None),
        })
        .collect();
    let contexts = api.items[def.item]
        .schema
        .used_contexts()
        .into_iter()
        .map(|ctx| StructContext {
            context: ctx,
            name: context_type_name(&def.name, ctx),
            fields: def
                .fields
                .iter()
                .enumerate()
                .filter(|(_, field)| field.schema.in_context(ctx))
                .map(|(position, field)| ContextField {
                    position,
                    ty: if context_typed(field, ctx) {
                        rust_type(space, &field.shape, Some(ctx))
                    } else {
                        fields[position].ty.clone()
                    },
                })
                .collect(),
        })
        .collect();
    StructNames {
        bookkeeping: bookkeeping(&fields),
        fields,
        contexts,
    }
}

/// `absent` and `extra`, each with more `_` while a property takes the name.
fn bookkeeping(fields: &[FieldNames]) -> Bookkeeping {
    let free = |base: &str| {
        let mut name = base.to_owned();
        while fields.iter().any(|f| f.ident == name) {
            name.push('_');
        }
        format_ident!("{name}")
    };
    Bookkeeping {
        absent: free("absent"),
        extra: free("extra"),
    }
}

fn union_names(api: &Api, space: &TypeSpace, def: &UnionDef) -> UnionNames {
    let variants_in = |ctx| {
        def.variants
            .iter()
            .map(|variant| rust_type(space, &variant.shape, ctx))
            .collect()
    };
    let contexts = if def.context_dependent {
        api.items[def.item]
            .schema
            .used_contexts()
            .into_iter()
            .map(|ctx| UnionContext {
                context: ctx,
                name: context_type_name(&def.name, ctx),
                variants: variants_in(Some(ctx)),
            })
            .collect()
    } else {
        Vec::new()
    };
    UnionNames {
        variants: variants_in(None),
        contexts,
    }
}

/// The Rust type of a shape; with `ctx`, structs and unions are their types for that context.
fn rust_type(space: &TypeSpace, shape: &Shape, ctx: Option<&str>) -> RustType {
    let generated = |name: &str| {
        RustType::Named(match ctx {
            Some(ctx) => context_type_name(name, ctx),
            None => name.to_owned(),
        })
    };
    match shape {
        Shape::String => RustType::String,
        Shape::Integer => RustType::I64,
        Shape::Number => RustType::Number,
        Shape::Boolean => RustType::Bool,
        Shape::Json(_) => RustType::Json,
        Shape::Enum(i) => RustType::Named(space.enums[*i].name.clone()),
        Shape::Struct(i) => generated(&space.structs[*i].name),
        Shape::Union(i) => generated(&space.unions[*i].name),
        Shape::Vec(inner) => RustType::Vec(Box::new(rust_type(space, inner, ctx))),
        Shape::Option(inner) => RustType::Option(Box::new(rust_type(space, inner, ctx))),
    }
}

/// The parser names of every endpoint, by route and endpoint: `AttachmentListArgs` is the route's
/// prefix (the user's `as Name`, the item's type, or the route's literal path), the action and
/// `Args`. A name already taken gets the route's last literal segment, then a number.
fn route_names(api: &Api, space: &TypeSpace) -> Vec<RouteNames> {
    let mut taken: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for route in &api.routes {
        let prefix = route_prefix(space, route);
        let mut parsers = Vec::new();
        for endpoint in &route.endpoints {
            let action = upper_camel(endpoint.action.name());
            let mut stem = format!("{prefix}{action}");
            let mut name = format!("{stem}Args");
            if taken.contains(&name) {
                if let Some(segment) = route.distinguishing_word() {
                    stem = format!("{prefix}{}{action}", upper_camel(&segment));
                    name = format!("{stem}Args");
                }
                let mut n = 2;
                while taken.contains(&name) {
                    stem = format!("{prefix}{action}{n}");
                    name = format!("{prefix}{action}Args{n}");
                    n += 1;
                }
            }
            taken.push(name.clone());
            parsers.push(ParserNames {
                name,
                stem,
                args: arg_names(&endpoint.args),
            });
        }
        out.push(RouteNames {
            document: route.document_name(),
            parsers,
        });
    }
    out
}

fn route_prefix(space: &TypeSpace, route: &Route) -> String {
    match (&route.name, route.item, &route.path) {
        (Some(name), _, _) => name.clone(),
        (None, Some(item), _) => space.structs[space.items[item]].name.clone(),
        (None, None, Some(path)) => {
            let literal: Vec<&str> = path
                .split('/')
                .filter(|s| !s.is_empty() && !s.contains('('))
                .collect();
            if literal.is_empty() {
                "Root".to_owned()
            } else {
                upper_camel(&literal.join("-"))
            }
        }
        (None, None, None) => upper_camel(
            std::path::Path::new(&route.file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or("Route"),
        ),
    }
}

fn arg_names(args: &[Arg]) -> Vec<ArgNames> {
    args.iter()
        .zip(helper_words(args))
        .map(|(arg, word)| ArgNames {
            field: field_ident(&arg.name),
            value: argument_value_type(arg),
            always_set: is_always_set(arg),
            schema: format_ident!("schema_of_{word}"),
            check: format_ident!("check_{word}_by_schema"),
            validate: format_ident!("validate_{word}"),
            sanitize: format_ident!("sanitize_{word}"),
            read_plain: format_ident!("read_plain_{word}"),
            given: format_ident!("given_{word}"),
        })
        .collect()
}

/// Each argument's word in its helpers' names: its name in snake case, with `_2`, `_3`… where an
/// earlier argument has the same word (`a-b` after `a_b`), skipping any other argument's own word.
fn helper_words(args: &[Arg]) -> Vec<String> {
    let own: Vec<String> = args.iter().map(|arg| snake_word(&arg.name)).collect();
    let mut words: Vec<String> = Vec::new();
    for base in &own {
        let mut word = base.clone();
        let mut n = 2;
        while words.contains(&word) || (word != *base && own.contains(&word)) {
            word = format!("{base}_{n}");
            n += 1;
        }
        words.push(word);
    }
    words
}

/// The type of an argument's value once sanitized, without the `Option` of absence.
fn argument_value_type(arg: &Arg) -> RustType {
    match arg.callbacks.sanitize {
        None => RustType::Json,
        Some(
            SanitizeCallback::SanitizeKey
            | SanitizeCallback::SanitizeTextField
            | SanitizeCallback::SanitizeSlug,
        ) => RustType::String,
        Some(SanitizeCallback::Absint) => RustType::I64,
        Some(SanitizeCallback::SanitizePostStatuses) => RustType::Vec(Box::new(RustType::String)),
        Some(SanitizeCallback::Schema | SanitizeCallback::ValidateThenSanitize) => {
            sanitized_type(&arg.schema)
        }
    }
}

/// Whether the argument always has a value: required, or with a default and a sanitizer.
fn is_always_set(arg: &Arg) -> bool {
    let always_there = arg.required || arg.schema.default.as_ref().is_some_and(|d| !d.is_null());
    always_there && arg.callbacks.sanitize.is_some()
}

/// What sanitizing with a schema yields, as a Rust type.
fn sanitized_type(schema: &Schema) -> RustType {
    let single = |t: &JsonType| match t {
        JsonType::String => RustType::String,
        JsonType::Integer => RustType::I64,
        JsonType::Number => RustType::F64,
        JsonType::Boolean => RustType::Bool,
        JsonType::Array => RustType::Vec(Box::new(
            schema
                .items
                .as_deref()
                .map_or(RustType::Json, sanitized_type),
        )),
        _ => RustType::Json,
    };
    if schema.any_of.is_some() || schema.one_of.is_some() {
        return RustType::Json;
    }
    match &schema.types {
        TypeDecl::Single(t) => single(t),
        TypeDecl::List(types) => {
            let non_null: Vec<&JsonType> = types.iter().filter(|t| **t != JsonType::Null).collect();
            match non_null.as_slice() {
                [only] => single(only),
                _ => RustType::Json,
            }
        }
        TypeDecl::Absent => RustType::Json,
    }
}

/// `schemas/wp-6.9/wp-v2-media-id.json` → `WP_V2_MEDIA_ID_DOCUMENT`.
fn document_constant(display: &str) -> String {
    let stem = std::path::Path::new(display)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(display);
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name.push_str("_DOCUMENT");
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::Callbacks;

    fn args(names: &[&str]) -> Vec<Arg> {
        names
            .iter()
            .map(|name| Arg {
                name: (*name).to_owned(),
                required: false,
                schema: Schema::default(),
                callbacks: Callbacks::FROM_SCHEMA,
            })
            .collect()
    }

    #[test]
    fn helper_words_are_distinct_whatever_the_arguments_are_called() {
        let cases: [(&[&str], &[&str]); 4] = [
            (&["per_page", "status"], &["per_page", "status"]),
            (&["a_b", "a-b", "a_b_2"], &["a_b", "a_b_3", "a_b_2"]),
            (&["_wpnonce", "wpnonce"], &["wpnonce", "wpnonce_2"]),
            (&["", "%%", "empty"], &["empty", "empty_2", "empty_3"]),
        ];
        for (input, expected) in cases {
            assert_eq!(helper_words(&args(input)), expected, "{input:?}");
        }
    }

    #[test]
    fn helpers_are_named_for_their_argument() {
        let names = &arg_names(&args(&["per_page", "type"]))[1];
        let helpers = [
            &names.schema,
            &names.check,
            &names.validate,
            &names.sanitize,
            &names.read_plain,
            &names.given,
        ];
        let expected = [
            "schema_of_type",
            "check_type_by_schema",
            "validate_type",
            "sanitize_type",
            "read_plain_type",
            "given_type",
        ];
        for (helper, expected) in helpers.into_iter().zip(expected) {
            assert_eq!(helper.to_string(), expected);
        }
        assert_eq!(names.field.to_string(), "r#type");
    }

    #[test]
    fn document_constants() {
        let cases = [
            (
                "schemas/wp-6.9/wp-v2-media-id.json",
                "WP_V2_MEDIA_ID_DOCUMENT",
            ),
            ("1.json", "_1_DOCUMENT"),
        ];
        for (display, expected) in cases {
            assert_eq!(document_constant(display), expected, "{display}");
        }
    }
}
