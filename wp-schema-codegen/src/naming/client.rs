//! The names of the generated client: the client type, a request type and a method per endpoint,
//! each request's setters, what each request answers with, and the sparse type of each item
//! (`_fields`). Decided here with the rest of the names, so the emitter decides none.

use super::{Names, RustType};
use crate::ir::{Action, Api, Arg, Endpoint, Route};
use crate::names::{field_ident, snake_word};
use crate::route_file::{parts, Part};
use crate::shape::{Shape, TypeSpace};
use proc_macro2::Ident;
use quote::format_ident;
use std::collections::HashSet;

/// The builder methods every request type has; a setter with one of these names is `set_NAME`.
pub const REQUEST_METHODS: &[&str] = &[
    "send",
    "pages",
    "param",
    "returning",
    "fields",
    "embed",
    "embed_only",
    "multipart",
    "into_request",
    "context_view",
    "context_edit",
    "context_embed",
    // An endpoint's other HTTP methods (`via_put`, `via_patch`, …).
    "via_get",
    "via_post",
    "via_put",
    "via_patch",
    "via_delete",
];

/// Everything the client adds to the generated names.
#[derive(Clone, Debug)]
pub struct ClientNames {
    /// The client type (`Client`, unless a type of the documents has that name).
    pub client: String,
    /// Parallel to [`crate::shape::TypeSpace::items`] (and [`Api::items`]).
    pub sparse: Vec<SparseNames>,
    /// Parallel to [`Api::routes`].
    pub routes: Vec<ClientRoute>,
}

/// An item's type for `_fields` answers: every property optional.
#[derive(Clone, Debug)]
pub struct SparseNames {
    pub name: String,
    /// Every property path `_fields` may name: `id`, `title`, `title.rendered`, …
    pub paths: Vec<String>,
}

/// One route of the client.
#[derive(Clone, Debug)]
pub struct ClientRoute {
    /// The route's path in pieces, or why the client cannot fill it in.
    pub path: Result<Vec<PathPiece>, String>,
    /// Parallel to [`Route::endpoints`].
    pub requests: Vec<RequestNames>,
}

/// A piece of a route's path.
#[derive(Clone, Debug)]
pub enum PathPiece {
    Literal(String),
    /// A path variable: the method's parameter of that name.
    Variable {
        name: String,
        ident: Ident,
    },
}

/// One endpoint's method and request type.
#[derive(Clone, Debug)]
pub struct RequestNames {
    /// `AttachmentListRequest`.
    pub builder: String,
    /// `attachment_list`.
    pub method: Ident,
    /// Parallel to the endpoint's arguments: the setter, or `None` for a path variable (a
    /// parameter of the method) and for `context` where the request has a method per context.
    pub setters: Vec<Option<Ident>>,
    /// What the answer is read into unless the request asks for another context or `_fields`.
    pub default: RustType,
    /// `(context, type)` for each context the request can ask for by a method of its own.
    pub contexts: Vec<(&'static str, String)>,
    /// The item's sparse type, which `.fields(…)` answers with.
    pub sparse: Option<String>,
    /// A list endpoint: pages of items.
    pub list: bool,
    /// The media route's create: the method takes the file.
    pub upload: bool,
}

/// Names the client of `api`, keeping clear of every name `names` already gives.
pub fn build(api: &Api, space: &TypeSpace, names: &Names) -> ClientNames {
    let mut taken: HashSet<String> = names
        .declared_types(space)
        .into_iter()
        .map(|declared| declared.name.to_owned())
        .collect();
    taken.extend(
        names
            .routes
            .iter()
            .flat_map(|r| r.parsers.iter().map(|p| p.name.clone())),
    );
    let client = free(&mut taken, "Client".to_owned());
    let mut methods: HashSet<String> = CLIENT_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let sparse: Vec<SparseNames> = space
        .items
        .iter()
        .map(|&index| SparseNames {
            name: free(&mut taken, format!("{}Fields", space.structs[index].name)),
            paths: sparse_paths(space, index),
        })
        .collect();
    let routes = api
        .routes
        .iter()
        .zip(&names.routes)
        .map(|(route, route_names)| {
            let path = path_pieces(route);
            let variables: Vec<&str> = path
                .iter()
                .flatten()
                .filter_map(|piece| match piece {
                    PathPiece::Variable { name, .. } => Some(name.as_str()),
                    PathPiece::Literal(_) => None,
                })
                .collect();
            let requests = route
                .endpoints
                .iter()
                .zip(&route_names.parsers)
                .map(|(endpoint, parser)| {
                    let taken = Taken {
                        types: &mut taken,
                        methods: &mut methods,
                    };
                    let of = Of {
                        route,
                        variables: &variables,
                        endpoint,
                        parser,
                    };
                    request_names(api, space, names, &sparse, of, taken)
                })
                .collect();
            ClientRoute { path, requests }
        })
        .collect();
    ClientNames {
        client,
        sparse,
        routes,
    }
}

/// The names already given: types, and the client's methods.
struct Taken<'a> {
    types: &'a mut HashSet<String>,
    methods: &'a mut HashSet<String>,
}

/// The client's own methods, which no endpoint's method may take.
const CLIENT_METHODS: &[&str] = &["new", "inner", "read_route"];

/// The endpoint's method: its parser's stem in snake case (`attachment_list`); where two stems
/// come to the same words (`UserDelete` and `UserDELETE`, the DELETE of `/users/me`), the later
/// one gets the word that tells its route apart (`user_delete_me`), then a number.
fn method_name(stem: &str, route: &Route, taken: &mut HashSet<String>) -> Ident {
    let base = snake_word(stem);
    let distinguished = route
        .distinguishing_word()
        .map(|word| format!("{base}_{}", snake_word(&word)));
    let tried = std::iter::once(base.clone()).chain(distinguished);
    format_ident!("{}", claim(taken, tried, &base, "_"))
}

/// `base`, or `base` with the first number from 2 that makes it a name nothing else has.
fn free(taken: &mut HashSet<String>, base: String) -> String {
    claim(taken, [base.clone()], &base, "")
}

/// The first of `tried` that no other name has, else `numbered`, `separator` and the first number
/// from 2 that makes one; the name is taken from then on.
fn claim(
    taken: &mut HashSet<String>,
    tried: impl IntoIterator<Item = String>,
    numbered: &str,
    separator: &str,
) -> String {
    let name = tried
        .into_iter()
        .find(|name| !taken.contains(name))
        .unwrap_or_else(|| {
            (2..)
                .map(|n| format!("{numbered}{separator}{n}"))
                .find(|name| !taken.contains(name))
                .expect("some number is free")
        });
    taken.insert(name.clone());
    name
}

/// The endpoint a request is named for, with its route, the route's path variables and its
/// argument parser.
struct Of<'a> {
    route: &'a Route,
    variables: &'a [&'a str],
    endpoint: &'a Endpoint,
    parser: &'a super::ParserNames,
}

fn request_names(
    api: &Api,
    space: &TypeSpace,
    names: &Names,
    sparse: &[SparseNames],
    of: Of,
    taken: Taken,
) -> RequestNames {
    let Of {
        route,
        variables,
        endpoint,
        parser,
    } = of;
    let stem = &parser.stem;
    let is_get = endpoint.is_get();
    let item = route.item.map(|item| {
        let index = space.items[item];
        (item, &space.structs[index].name, &names.structs[index])
    });
    let contexts: Vec<(&'static str, String)> = match item {
        Some((_, _, struct_names)) if is_get && has_arg(endpoint, "context") => struct_names
            .contexts
            .iter()
            .map(|c| (c.context, c.name.clone()))
            .collect(),
        _ => Vec::new(),
    };
    let context_type = |ctx: &str| {
        item.and_then(|(_, _, struct_names)| {
            struct_names
                .contexts
                .iter()
                .find(|c| c.context == ctx)
                .map(|c| RustType::Named(c.name.clone()))
        })
    };
    // WordPress answers a read in the `view` context unless asked, and a write in `edit`; what
    // a delete or another action answers differs by controller, so it stays JSON.
    let default = match (item, &endpoint.action) {
        (Some((_, full, _)), Action::List | Action::Get) => {
            context_type("view").unwrap_or_else(|| RustType::Named(full.clone()))
        }
        (Some((_, full, _)), Action::Create | Action::Update) => {
            context_type("edit").unwrap_or_else(|| RustType::Named(full.clone()))
        }
        (Some((_, full, _)), Action::Other(_)) if is_get => RustType::Named(full.clone()),
        _ => RustType::Json,
    };
    let mut setters_taken: HashSet<String> =
        REQUEST_METHODS.iter().map(|m| (*m).to_owned()).collect();
    let setters = endpoint
        .args
        .iter()
        .map(|arg| {
            let is_variable = variables.contains(&arg.name.as_str());
            let typed_context = arg.name == "context" && !contexts.is_empty();
            if is_variable || typed_context {
                return None;
            }
            Some(setter(arg, &mut setters_taken))
        })
        .collect();
    let upload = matches!(endpoint.action, Action::Create)
        && item.is_some_and(|(item, _, _)| api.items[item].title == "attachment");
    RequestNames {
        builder: free(taken.types, format!("{stem}Request")),
        method: method_name(stem, route, taken.methods),
        setters,
        default,
        contexts,
        sparse: item.map(|(item, _, _)| sparse[item].name.clone()),
        // A GET answers as its recordings showed (`answers`), else as its route's shape says;
        // a route without an item schema answers JSON, which reads whole whatever it holds,
        // where a collection's pages would take an index's object for items keyed by name.
        list: is_get
            && route
                .answers_collection
                .unwrap_or(endpoint.action == Action::List && route.item.is_some()),
        upload,
    }
}

fn has_arg(endpoint: &Endpoint, name: &str) -> bool {
    endpoint.args.iter().any(|arg| arg.name == name)
}

/// The argument's setter: its field name, or `set_` and its word where that is a builder
/// method's name or an earlier setter's (`a-b` and `a_b` are both `a_b`).
fn setter(arg: &Arg, taken: &mut HashSet<String>) -> Ident {
    let ident = field_ident(&arg.name);
    let spelled = ident.to_string();
    let plain = spelled.strip_prefix("r#").unwrap_or(&spelled).to_owned();
    let prefixed = format!("set_{}", snake_word(&arg.name));
    let name = claim(taken, [plain.clone(), prefixed.clone()], &prefixed, "_");
    if name == plain {
        ident
    } else {
        format_ident!("{name}")
    }
}

/// The route's path as literal text and variables, or why the client cannot build it.
fn path_pieces(route: &Route) -> Result<Vec<PathPiece>, String> {
    let Some(pattern) = &route.pattern else {
        return Err(format!(
            "the client needs this route's pattern, which OPTIONS on a route with path variables \
             does not state: pull the documents with `wp-schema pull`, which writes them into \
             routes.json, or name it in an overlay's `routes` (\"{}\": \"/wp/v2/…/(?P<id>[\\\\d]+)\")",
            route.document_name()
        ));
    };
    let mut pieces = Vec::new();
    for part in parts(pattern) {
        match part {
            Part::Literal(text) if is_plain_text(text) => {
                pieces.push(PathPiece::Literal(text.replace('\\', "")))
            }
            Part::Group {
                name: Some(name), ..
            } => pieces.push(PathPiece::Variable {
                name: name.to_owned(),
                ident: field_ident(name),
            }),
            Part::Literal(text) => {
                return Err(format!(
                    "the route `{pattern}` has `{text}` outside its path variables, which the \
                     client cannot fill in"
                ))
            }
            Part::Group { name: None, text } => {
                return Err(format!(
                    "the route `{pattern}` has the unnamed group `{text}`, which the client cannot \
                     fill in"
                ))
            }
        }
    }
    Ok(pieces)
}

/// Text that matches itself as a pattern (WordPress matches routes as regular expressions; a `.`
/// also matches itself, and `\/` is a `/`).
fn is_plain_text(text: &str) -> bool {
    !text.contains(['?', '*', '+', '|', '[', ']', '^', '$', '{', '}'])
}

/// Every property path of the item's struct, nested objects' properties joined by dots, as
/// `_fields` names them.
fn sparse_paths(space: &TypeSpace, index: usize) -> Vec<String> {
    let mut paths = Vec::new();
    let mut visiting = vec![index];
    collect_paths(space, index, "", &mut paths, &mut visiting);
    paths
}

fn collect_paths(
    space: &TypeSpace,
    index: usize,
    prefix: &str,
    paths: &mut Vec<String>,
    visiting: &mut Vec<usize>,
) {
    for field in &space.structs[index].fields {
        let path = format!("{prefix}{}", field.json);
        paths.push(path.clone());
        let mut shape = &field.shape;
        while let Shape::Option(inner) = shape {
            shape = inner;
        }
        if let Shape::Struct(nested) = shape {
            // A schema that holds itself (through `$ref`-like reuse) would not end.
            if !visiting.contains(nested) {
                visiting.push(*nested);
                collect_paths(space, *nested, &format!("{path}."), paths, visiting);
                visiting.pop();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Callbacks, Schema};

    fn route(pattern: Option<&str>, file: &str) -> Route {
        Route {
            file: file.to_owned(),
            pointer: String::new(),
            path: None,
            name: None,
            pattern: pattern.map(str::to_owned),
            namespace: None,
            methods: vec!["GET".to_owned()],
            is_collection: false,
            endpoints: Vec::new(),
            item: None,
            answers_collection: None,
        }
    }

    fn arg(name: &str) -> Arg {
        Arg {
            name: name.to_owned(),
            required: false,
            schema: Schema::default(),
            callbacks: Callbacks::FROM_SCHEMA,
        }
    }

    fn written(pieces: &[PathPiece]) -> String {
        pieces
            .iter()
            .map(|piece| match piece {
                PathPiece::Literal(text) => text.clone(),
                PathPiece::Variable { name, ident } => format!("<{name}:{ident}>"),
            })
            .collect()
    }

    #[test]
    fn a_route_becomes_literal_text_and_variables() {
        let cases = [
            (
                r"/wp/v2/posts/(?P<parent>[\d]+)/revisions/(?P<id>[\d]+)",
                "/wp/v2/posts/<parent:parent>/revisions/<id:id>",
            ),
            // Groups inside a variable's pattern, and brackets holding parentheses.
            (
                r#"/wp/v2/templates/(?P<id>([^\/:<>\*\?"\|]+(?:\/[^\/:<>\*\?"\|]+)?)[\/\w%-]+)"#,
                "/wp/v2/templates/<id:id>",
            ),
            (
                r"/wp/v2/global-styles/themes/(?P<stylesheet>[\/\s%\w\.\(\)\[\]\@_\-]+)/variations",
                "/wp/v2/global-styles/themes/<stylesheet:stylesheet>/variations",
            ),
            (
                r"/wp/v2/types/(?P<type>[\w-]+)",
                "/wp/v2/types/<type:r#type>",
            ),
            ("/oembed/1.0/embed", "/oembed/1.0/embed"),
            (r"/x\/y", "/x/y"),
        ];
        for (pattern, expected) in cases {
            let pieces = path_pieces(&route(Some(pattern), "x.json")).unwrap();
            assert_eq!(written(&pieces), expected, "{pattern}");
        }
    }

    #[test]
    fn a_route_the_client_cannot_fill_in_says_why() {
        let missing = path_pieces(&route(None, "schemas/wp-v2-media-id.json")).unwrap_err();
        assert!(missing.contains("routes.json"), "{missing}");
        assert!(missing.contains("\"wp-v2-media-id\""), "{missing}");
        let unnamed = path_pieces(&route(Some(r"/a/([\d]+)"), "x.json")).unwrap_err();
        assert!(unnamed.contains("unnamed group `([\\d]+)`"), "{unnamed}");
        let regex = path_pieces(&route(Some("/a/b?"), "x.json")).unwrap_err();
        assert!(
            regex.contains("`/a/b?` outside its path variables"),
            "{regex}"
        );
    }

    #[test]
    fn setters_keep_clear_of_the_builder_methods_and_of_each_other() {
        let mut taken: HashSet<String> = REQUEST_METHODS.iter().map(|m| (*m).to_owned()).collect();
        let names: Vec<String> = [
            "per_page", "send", "fields", "a-b", "a_b", "type", "set_send",
        ]
        .iter()
        .map(|name| setter(&arg(name), &mut taken).to_string())
        .collect();
        assert_eq!(
            names,
            [
                "per_page",
                "set_send",
                "set_fields",
                "a_b",
                "set_a_b",
                "r#type",
                "set_set_send"
            ]
        );
    }

    #[test]
    fn free_names_count_up_from_two() {
        let mut taken: HashSet<String> = ["Client".to_owned(), "Client2".to_owned()].into();
        assert_eq!(free(&mut taken, "Client".to_owned()), "Client3");
        assert_eq!(free(&mut taken, "Other".to_owned()), "Other");
        assert!(taken.contains("Other"));
    }
}
