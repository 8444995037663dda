//! The wp-schema engine: WordPress route documents → typed IR → checks → Rust tokens.
//!
//! The macro, the CLI and the tests all call this crate; none of them holds logic of its own.
//! The pipeline is serde_derive's: [`parse`] builds the IR, [`shape`] chooses Rust types, [`naming`]
//! names everything the generated code declares, [`check`] collects every problem with its file
//! and JSON pointer, and [`emit`] writes tokens. Only [`expand`] reaches [`emit`]; checking, stubs
//! and the [`Model`] stop at the names.

pub mod check;
pub mod emit;
pub mod error;
pub mod fallback;
pub mod ir;
pub mod names;
pub mod naming;
pub mod parse;
pub mod recording;
pub mod report;
pub mod roundtrip;
pub mod route_file;
pub mod schema_json;
pub mod shape;
pub mod source;

pub use error::Error;
pub use report::FallbackReport;
pub use source::DocumentSource;

use proc_macro2::TokenStream;
use roundtrip::Finding;
use serde_json::Value;

/// How generated code refers to the documents' text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextMode {
    /// `include_str!` of each document's path, so the compiler rebuilds when a document changes
    /// (the macro, with absolute paths).
    Include,
    /// The text inlined, for a generated file that stands alone (`wp-schema generate`).
    Inline,
}

/// What went wrong, and the names of the items the user's code may refer to, for stubs.
#[derive(Debug)]
pub struct Failure {
    pub errors: Vec<Error>,
    pub stubs: TokenStream,
}

/// What to generate beyond the types and parsers, and how to refer to the documents.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    pub text: TextMode,
    /// The typed client (`Client`, a request type per endpoint, a sparse type per item), which
    /// calls `wp_schema_client`.
    pub client: bool,
}

impl From<TextMode> for Options {
    fn from(text: TextMode) -> Options {
        Options {
            text,
            client: false,
        }
    }
}

/// Reads, parses, checks and emits every document.
pub fn expand(
    sources: &[DocumentSource],
    options: impl Into<Options>,
) -> Result<TokenStream, Failure> {
    let options = options.into();
    let checked = read_and_check(sources)?;
    let client = if options.client {
        let client = naming::client::build(&checked.api, &checked.space, &checked.names);
        let mut errors = error::Errors::default();
        check::check_client(&checked.api, &client, &mut errors);
        if !errors.is_empty() {
            return Err(Failure {
                errors: errors.into_vec(),
                stubs: fallback::stubs(&checked.space, &checked.names),
            });
        }
        Some(client)
    } else {
        None
    };
    let texts: Vec<(String, emit::DocumentText)> = checked
        .documents
        .iter()
        .map(|doc| (doc.source.display.clone(), document_text(doc, options.text)))
        .collect();
    Ok(emit::emit(
        &checked.api,
        &checked.space,
        &checked.names,
        &texts,
        client.as_ref(),
    ))
}

/// Every property the documents' types hold as a JSON value, and why (`wp-schema generate
/// --report`).
pub fn fallback_report(sources: &[DocumentSource]) -> Result<FallbackReport, Failure> {
    let checked = read_and_check(sources)?;
    Ok(FallbackReport::new(&checked.api, &checked.space))
}

/// The documents' types, to hold responses against without compiling them (`wp-schema check`).
pub struct Model {
    api: ir::Api,
    space: shape::TypeSpace,
    names: naming::Names,
}

/// An item type of a [`Model`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelItem {
    /// Index into the model's items.
    pub index: usize,
    /// The schema's title, which the overlay's rules name.
    pub title: String,
    /// The Rust name of the full type.
    pub name: String,
    /// The contexts that have a type of their own; any other is read by the full type.
    pub contexts: Vec<&'static str>,
    /// The item's top-level properties, as WordPress names them.
    pub properties: Vec<String>,
}

/// Reads, parses and checks every document, for [`Model::check`].
pub fn model(sources: &[DocumentSource]) -> Result<Model, Failure> {
    let checked = read_and_check(sources)?;
    Ok(Model {
        api: checked.api,
        space: checked.space,
        names: checked.names,
    })
}

impl Model {
    /// The document of a route as the site's index lists it: by the path a document states, else
    /// by the document's name (`wp-v2-posts-id.json`).
    fn route(&self, route: &str) -> Option<&ir::Route> {
        let stem = route_file::stem(route);
        self.api
            .routes
            .iter()
            .find(|r| r.path.as_deref() == Some(route))
            .or_else(|| {
                self.api
                    .routes
                    .iter()
                    .zip(&self.names.routes)
                    .find(|(_, names)| names.document == stem)
                    .map(|(r, _)| r)
            })
    }

    /// Whether a document describes the route, with an item schema or without one.
    pub fn has_route(&self, route: &str) -> bool {
        self.route(route).is_some()
    }

    /// The item a route's responses hold (see [`Model::has_route`] for how the route is found).
    /// `None` when no document is that route's, or its route has no item schema.
    pub fn item_of_route(&self, route: &str) -> Option<ModelItem> {
        let found = self.route(route)?;
        let index = found.item?;
        let item = &self.api.items[index];
        Some(ModelItem {
            index,
            title: item.title.clone(),
            name: self.space.structs[self.space.items[index]].name.clone(),
            contexts: item.schema.used_contexts(),
            properties: item
                .schema
                .properties
                .iter()
                .flatten()
                .map(|(name, _)| name.clone())
                .collect(),
        })
    }

    /// Where `value`, an item of `item` as WordPress wrote it in `ctx`, would not read into its
    /// type for that context or would not be written back as it came.
    pub fn check(&self, item: &ModelItem, ctx: Option<&str>, value: &Value) -> Vec<Finding> {
        let ctx = ctx.filter(|ctx| item.contexts.contains(ctx));
        let file = &self.api.items[item.index].file;
        roundtrip::check_item(&self.space, file, self.space.items[item.index], ctx, value)
    }
}

/// Documents that passed every check, with their IR, chosen Rust types and names.
struct Checked {
    documents: Vec<source::Document>,
    api: ir::Api,
    space: shape::TypeSpace,
    names: naming::Names,
}

fn read_and_check(sources: &[DocumentSource]) -> Result<Checked, Failure> {
    let sources = source::expand_folders(sources).map_err(|errors| Failure {
        errors,
        stubs: TokenStream::new(),
    })?;
    let mut errors = error::Errors::default();
    let mut documents = Vec::new();
    for source in &sources {
        match source::load(source) {
            Ok(doc) => documents.push(doc),
            Err(e) => errors.push(e),
        }
    }
    let api = parse::parse(&documents, &mut errors);
    let space = shape::build(&api);
    let displays: Vec<String> = sources.iter().map(|s| s.display.clone()).collect();
    let names = naming::build(&api, &space, &displays);
    check::check(&api, &space, &names, &displays, &mut errors);
    if !errors.is_empty() {
        return Err(Failure {
            errors: errors.into_vec(),
            stubs: fallback::stubs(&space, &names),
        });
    }
    Ok(Checked {
        documents,
        api,
        space,
        names,
    })
}

fn document_text(doc: &source::Document, mode: TextMode) -> emit::DocumentText {
    match mode {
        TextMode::Include => {
            emit::DocumentText::Include(doc.source.path.to_string_lossy().into_owned())
        }
        TextMode::Inline => emit::DocumentText::Inline(
            std::fs::read_to_string(&doc.source.path).unwrap_or_else(|_| doc.json.to_string()),
        ),
    }
}

/// Formats generated tokens as Rust source, as `wp-schema generate` writes it.
pub fn format(tokens: TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens)?;
    Ok(prettyplease::unparse(&file))
}
