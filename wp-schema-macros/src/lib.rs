//! The `routes!` macro: Rust types, context-filtered serializers and argument parsers from WordPress
//! route documents. All the work is done by `wp-schema-codegen`; this crate only reads the macro's
//! input and turns problems into compile errors at the right place.

use proc_macro::TokenStream;
use proc_macro2::Span;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{Ident, LitStr, Token};
use wp_schema_codegen::{DocumentSource, Options, TextMode};

/// Generates types from WordPress route documents (what `OPTIONS` on a route answers), schemas,
/// `?context=help` indexes and overlays. Paths are relative to the file that invokes the macro, as
/// with `include_str!`; `as Name` sets the prefix of a route's generated names. A folder stands
/// for the `.json` files in it (what `wp-schema pull` writes), in file-name order.
///
/// ```ignore
/// wp_schema_macros::routes! {
///     "../schemas/wp-6.9/overlay.json",
///     "../schemas/wp-6.9/wp-v2-media.json",
///     "../schemas/wp-6.9/wp-v2-media-id.json",
/// }
/// ```
///
/// `client;` before the documents adds a typed client: a `Client` with a method per endpoint,
/// over the `wp-schema-client` crate, which the invoking crate then depends on.
///
/// ```ignore
/// wp_schema_macros::routes! { client; "../schemas/wp-6.9" }
/// ```
///
/// Each document is read with `include_str!`, so editing it rebuilds the crate. Adding a file to a
/// folder or removing one is not seen by the compiler: touch the invoking file then.
#[proc_macro]
pub fn routes(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as RoutesInput);
    expand(&input).into()
}

/// `[client;] "path.json" [as Name]`, separated by commas.
struct RoutesInput {
    client: bool,
    documents: Punctuated<DocumentArg, Token![,]>,
}

struct DocumentArg {
    path: LitStr,
    name: Option<Ident>,
}

impl Parse for RoutesInput {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let client = if input.peek(Ident) {
            let option: Ident = input.parse()?;
            if option != "client" {
                return Err(syn::Error::new(
                    option.span(),
                    "unknown option: the only one is `client;`, before the documents",
                ));
            }
            input.parse::<Token![;]>()?;
            true
        } else {
            false
        };
        let documents = Punctuated::parse_terminated(input)?;
        if documents.is_empty() {
            return Err(input.error(
                "expected at least one document path, such as \"schemas/wp-6.9/wp-v2-media.json\"",
            ));
        }
        Ok(RoutesInput { client, documents })
    }
}

impl Parse for DocumentArg {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let path = input.parse()?;
        let name = if input.peek(Token![as]) {
            input.parse::<Token![as]>()?;
            Some(input.parse()?)
        } else {
            None
        };
        Ok(DocumentArg { path, name })
    }
}

/// The folder relative paths start from: the invoking file's, as for `include_str!`.
fn base_dir() -> std::path::PathBuf {
    let invoking_file = proc_macro::Span::call_site().local_file();
    match invoking_file.as_deref().and_then(std::path::Path::parent) {
        // Absolute, because `include_str!` would read a relative path from the invoking file again.
        Some(dir) => std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()),
        // Tools that expand macros without a real file (some IDEs): fall back to the crate root.
        None => std::env::var_os("CARGO_MANIFEST_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_default(),
    }
}

fn expand(input: &RoutesInput) -> proc_macro2::TokenStream {
    let root = base_dir();
    let sources: Vec<DocumentSource> = input
        .documents
        .iter()
        .map(|arg| {
            let display = arg.path.value();
            let mut source = DocumentSource::new(root.join(&display), display);
            source.name = arg.name.as_ref().map(Ident::to_string);
            source
        })
        .collect();
    let options = Options {
        text: TextMode::Include,
        client: input.client,
    };
    match wp_schema_codegen::expand(&sources, options) {
        Ok(tokens) => tokens,
        Err(failure) => {
            let errors = failure.errors.iter().map(|e| {
                let span = input
                    .documents
                    .iter()
                    .find(|arg| names_file(&arg.path.value(), &e.file))
                    .map_or_else(Span::call_site, |arg| arg.path.span());
                syn::Error::new(span, e.to_string()).to_compile_error()
            });
            let stubs = failure.stubs;
            quote! { #(#errors)* #stubs }
        }
    }
}

/// Whether the macro's argument `path` is the file `file`, or the folder that holds it.
fn names_file(path: &str, file: &str) -> bool {
    file == path
        || file
            .strip_prefix(path.trim_end_matches('/'))
            .is_some_and(|rest| rest.starts_with('/'))
}
