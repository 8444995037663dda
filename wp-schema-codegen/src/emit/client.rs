//! The typed client: a `Client` with a method per endpoint, a request type per endpoint with a
//! setter per argument, and a sparse type per item for `_fields` answers. Everything it does at
//! run time is `wp_schema_client`'s; this writes only what differs from one route to another.

use super::{doc_attr, serde_rename};
use crate::ir::{Api, Arg, Endpoint, Route};
use crate::names::type_ident;
use crate::naming::client::{ClientNames, PathPiece, RequestNames, SparseNames};
use crate::naming::{Names, ParserNames, RustType};
use crate::shape::TypeSpace;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The client type, the request types and the sparse types.
pub fn client(api: &Api, space: &TypeSpace, names: &Names, client: &ClientNames) -> TokenStream {
    let client_ident = type_ident(&client.client);
    let mut methods = Vec::new();
    let mut requests = Vec::new();
    let mut reads = Vec::new();
    let mut read_routes: Vec<&str> = Vec::new();
    for ((route, route_names), client_route) in
        api.routes.iter().zip(&names.routes).zip(&client.routes)
    {
        // Checked before emitting: with the client asked for, every route has its pieces.
        let Ok(pieces) = &client_route.path else {
            continue;
        };
        for ((endpoint, parser), request) in route
            .endpoints
            .iter()
            .zip(&route_names.parsers)
            .zip(&client_route.requests)
        {
            methods.push(client_method(
                route,
                endpoint,
                &parser.name,
                pieces,
                request,
            ));
            // The first GET endpoint of a route answers its reads, as WordPress matches them.
            let pattern = route.pattern.as_deref().unwrap_or_default();
            if endpoint.is_get() && !read_routes.contains(&pattern) {
                read_routes.push(pattern);
                reads.push(read_arm(route, pieces, request));
            }
            requests.push(request_type(endpoint, parser, request));
        }
    }
    let sparse = space
        .items
        .iter()
        .zip(&client.sparse)
        .map(|(&index, sparse)| sparse_type(space, names, index, sparse));
    quote! {
        /// A typed client of the routes these documents describe: a method per endpoint, each
        /// answering with the generated type of the context asked for.
        #[derive(Clone, Debug)]
        pub struct #client_ident {
            inner: ::wp_schema_client::Client,
        }
        impl #client_ident {
            pub fn new(inner: ::wp_schema_client::Client) -> Self {
                Self { inner }
            }
            /// The untyped client underneath, for requests of routes these documents lack.
            pub fn inner(&self) -> &::wp_schema_client::Client {
                &self.inner
            }
            #(#methods)*
            /// Reads a GET route named by its pattern, as the site's index lists it, through its
            /// typed request (with `variables` for its path variables, in order, and `query` as
            /// arguments), in `context` where the request has a type for it; `Ok` when the answer
            /// read into the generated type. `None` when these documents have no GET endpoint of
            /// that route. This is what `wp-schema check --live` asks of a site, asked through
            /// the client.
            pub async fn read_route(
                &self,
                route: &str,
                variables: &[&str],
                query: &[(&str, &str)],
                context: ::std::option::Option<&str>,
            ) -> ::std::option::Option<::std::result::Result<(), ::wp_schema_client::Error>> {
                let wrong_count = |expected: usize| {
                    ::std::result::Result::Err(::wp_schema_client::Error::Config(::std::format!(
                        "{route} has {expected} path variables, {} given",
                        variables.len()
                    )))
                };
                let _ = &wrong_count;
                ::std::option::Option::Some(match route {
                    #(#reads)*
                    _ => return ::std::option::Option::None,
                })
            }
        }
        impl ::std::convert::From<::wp_schema_client::Client> for #client_ident {
            fn from(inner: ::wp_schema_client::Client) -> Self {
                Self { inner }
            }
        }
        #(#requests)*
        #(#sparse)*
    }
}

/// `pub fn attachment_get(&self, id: impl Display) -> AttachmentGetRequest<'_>`.
fn client_method(
    route: &Route,
    endpoint: &Endpoint,
    args_type: &str,
    pieces: &[PathPiece],
    request: &RequestNames,
) -> TokenStream {
    let method = &request.method;
    let builder = type_ident(&request.builder);
    let pattern = route.pattern.as_deref().unwrap_or_default();
    let http_method = endpoint.first_method();
    let http_ident = format_ident!("{}", http_method.to_ascii_uppercase());
    let variables = variables(pieces);
    let format = pieces
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.replace('{', "{{").replace('}', "}}"),
            PathPiece::Variable { .. } => "{}".to_owned(),
        })
        .collect::<String>();
    let path = if variables.is_empty() {
        quote!(::std::string::String::from(#format))
    } else {
        quote!(::std::format!(#format, #(#variables),*))
    };
    let readable: String = pieces
        .iter()
        .map(|piece| match piece {
            PathPiece::Literal(text) => text.clone(),
            PathPiece::Variable { name, .. } => format!("{{{name}}}"),
        })
        .collect();
    let also = match endpoint.methods.get(1..) {
        Some(rest) if !rest.is_empty() => format!(" (also answered to {})", rest.join(", ")),
        _ => String::new(),
    };
    let doc = doc_attr(&format!(
        "`{http_method} {readable}`{also}: its arguments are those of [`{args_type}`], set on \
         the request."
    ));
    let new_request = quote! {
        ::wp_schema_client::Request::new(
            &self.inner,
            ::wp_schema_client::__private::http::Method::#http_ident,
            #pattern,
            #path,
        )
    };
    let (file_param, request) = if request.upload {
        (
            quote!(file: ::wp_schema_client::Upload,),
            quote! {
                let mut request = #new_request;
                request.upload(file);
            },
        )
    } else {
        (TokenStream::new(), quote!(let request = #new_request;))
    };
    quote! {
        #doc
        pub fn #method(
            &self,
            #(#variables: impl ::std::fmt::Display,)*
            #file_param
        ) -> #builder<'_> {
            #request
            #builder { request }
        }
    }
}

/// The parameters of a route's method: its path variables, in order.
fn variables(pieces: &[PathPiece]) -> Vec<&proc_macro2::Ident> {
    pieces
        .iter()
        .filter_map(|piece| match piece {
            PathPiece::Variable { ident, .. } => Some(ident),
            PathPiece::Literal(_) => None,
        })
        .collect()
}

/// The arm of `read_route` for one GET endpoint. Each request's future is boxed: inline, the
/// function's future would hold every route's at once, far more than a thread's stack.
fn read_arm(route: &Route, pieces: &[PathPiece], request: &RequestNames) -> TokenStream {
    let pattern = route.pattern.as_deref().unwrap_or_default();
    let method = &request.method;
    let count = variables(pieces).len();
    let bindings: Vec<_> = (0..count).map(|i| format_ident!("v{i}")).collect();
    let contexts = request.contexts.iter().map(|(ctx, _)| {
        let with = format_ident!("context_{ctx}");
        quote!(::std::option::Option::Some(#ctx) => ::std::boxed::Box::pin(request.#with().send()).await.map(drop),)
    });
    quote! {
        #pattern => match variables {
            [#(#bindings),*] => {
                let request = self.#method(#(#bindings),*);
                let request = query.iter().fold(request, |request, (name, value)| request.param(name, *value));
                match context {
                    #(#contexts)*
                    _ => ::std::boxed::Box::pin(request.send()).await.map(drop),
                }
            }
            _ => wrong_count(#count),
        },
    }
}

/// The request type of one endpoint, with its setters and its ways of answering.
fn request_type(endpoint: &Endpoint, parser: &ParserNames, request: &RequestNames) -> TokenStream {
    let builder = type_ident(&request.builder);
    let default = &request.default;
    let setters =
        parser
            .args_of(endpoint)
            .zip(&request.setters)
            .filter_map(|((arg, arg_names), setter)| {
                setter
                    .as_ref()
                    .map(|setter| arg_setter(arg, &arg_names.value, setter))
            });
    let contexts = request.contexts.iter().map(|(ctx, ty)| {
        let method = format_ident!("context_{ctx}");
        let ty = type_ident(ty);
        let doc = doc_attr(&format!(
            "Asks for the `{ctx}` context, and reads the answer into [`{ty}`]."
        ));
        quote! {
            #doc
            pub fn #method(mut self) -> #builder<'c, #ty> {
                self.request.set("context", ::wp_schema_client::__private::serde_json::Value::from(#ctx));
                #builder { request: self.request.returning() }
            }
        }
    });
    let fields = request.sparse.as_ref().map(|sparse| {
        let sparse = type_ident(sparse);
        let doc = doc_attr(&format!(
            "Asks for these properties only (`_fields`), and reads the answer into [`{sparse}`], \
             in which every property is optional. `wp_schema_client::fields!({sparse}: \"id\", …)` \
             checks literal names at compile time."
        ));
        quote! {
            #doc
            pub fn fields<I, S>(mut self, names: I) -> #builder<'c, #sparse>
            where
                I: ::std::iter::IntoIterator<Item = S>,
                S: ::std::convert::AsRef<str>,
            {
                self.request.fields(names);
                #builder { request: self.request.returning() }
            }
        }
    });
    // WordPress answers an endpoint's methods alike (an update to POST, PUT and PATCH); the
    // method generated is the first, and these send another.
    let other_methods = endpoint.methods.iter().skip(1).map(|method| {
        let upper = method.to_ascii_uppercase();
        let via = format_ident!("via_{}", method.to_ascii_lowercase());
        let ident = format_ident!("{upper}");
        let doc = doc_attr(&format!("Sends the request as `{upper}` instead."));
        quote! {
            #doc
            pub fn #via(mut self) -> Self {
                self.request.set_method(::wp_schema_client::__private::http::Method::#ident);
                self
            }
        }
    });
    let multipart = request.upload.then(|| {
        quote! {
            /// Sends the file and the arguments as `multipart/form-data`, as a browser form
            /// does, instead of the file as the body and the arguments in the query.
            pub fn multipart(mut self) -> Self {
                self.request.multipart();
                self
            }
        }
    });
    let answer = if request.list {
        quote! {
            /// Sends the request: the page asked for (the first unless `page` is set), with the
            /// totals WordPress gives.
            pub async fn send(self) -> ::std::result::Result<::wp_schema_client::Page<R>, ::wp_schema_client::Error> {
                self.request.page().await
            }
            /// Every page from the one asked for, one request each, as a stream; `.items()`
            /// gives the items one by one.
            pub fn pages(self) -> ::wp_schema_client::Pages<R> {
                self.request.pages()
            }
        }
    } else {
        quote! {
            /// Sends the request and reads the answer.
            pub async fn send(self) -> ::std::result::Result<R, ::wp_schema_client::Error> {
                self.request.send().await
            }
        }
    };
    let doc = doc_attr(&format!(
        "A request to `{}`: set its arguments, then `send` it. `R` is what the answer is read into.",
        request.method
    ));
    quote! {
        #doc
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder<'c, R = #default> {
            request: ::wp_schema_client::Request<'c, R>,
        }
        impl<'c, R> #builder<'c, R> {
            #(#setters)*
            #(#contexts)*
            #fields
            #(#other_methods)*
            #multipart
            /// Sets any argument, by WordPress's name: one these documents do not list (a
            /// plugin's), or a value the typed setter does not take.
            pub fn param(mut self, name: &str, value: impl ::std::convert::Into<::wp_schema_client::__private::serde_json::Value>) -> Self {
                self.request.set(name, value.into());
                self
            }
            /// Embeds every linked resource (`_embed`); they arrive in `_embedded`.
            pub fn embed(mut self) -> Self {
                self.request.set("_embed", ::wp_schema_client::__private::serde_json::Value::from(true));
                self
            }
            /// Embeds the linked resources of these relations only (`_embed=author,wp:term`).
            pub fn embed_only<I, S>(mut self, relations: I) -> Self
            where
                I: ::std::iter::IntoIterator<Item = S>,
                S: ::std::convert::AsRef<str>,
            {
                self.request.embed_only(relations);
                self
            }
            /// Reads the answer into another type.
            pub fn returning<T>(self) -> #builder<'c, T> {
                #builder { request: self.request.returning() }
            }
            /// The untyped request underneath.
            pub fn into_request(self) -> ::wp_schema_client::Request<'c, R> {
                self.request
            }
        }
        impl<'c, R> #builder<'c, R>
        where
            R: ::wp_schema_client::__private::serde::de::DeserializeOwned + ::std::marker::Send + 'static,
        {
            #answer
        }
    }
}

/// The setter of one argument, typed as the argument's parser types its value.
fn arg_setter(arg: &Arg, value_type: &RustType, setter: &proc_macro2::Ident) -> TokenStream {
    let name = &arg.name;
    let doc = doc_attr(arg.schema.description.as_deref().unwrap_or(&format!(
        "The `{name}` argument; the schema gives no description."
    )));
    let (param, convert) = setter_value(value_type);
    quote! {
        #doc
        pub fn #setter(mut self, value: #param) -> Self {
            self.request.set(#name, ::wp_schema_client::__private::param::#convert(value));
            self
        }
    }
}

/// The parameter type of a setter and the runtime's function turning it into JSON.
fn setter_value(ty: &RustType) -> (TokenStream, proc_macro2::Ident) {
    let json = quote!(::wp_schema_client::__private::serde_json::Value);
    let into_string = quote!(impl ::std::convert::Into<::std::string::String>);
    let (param, convert) = match ty {
        RustType::String => (into_string, "string"),
        RustType::I64 | RustType::F64 | RustType::Bool => (quote!(#ty), "value"),
        RustType::Vec(inner) => match inner.as_ref() {
            RustType::String => (
                quote!(impl ::std::iter::IntoIterator<Item = #into_string>),
                "strings",
            ),
            RustType::I64 | RustType::F64 | RustType::Bool => (
                quote!(impl ::std::iter::IntoIterator<Item = #inner>),
                "list",
            ),
            _ => (quote!(impl ::std::convert::Into<#json>), "value"),
        },
        _ => (quote!(impl ::std::convert::Into<#json>), "value"),
    };
    (param, format_ident!("{convert}"))
}

/// `AttachmentFields`: the item's full type with every property optional, for `_fields`.
fn sparse_type(
    space: &TypeSpace,
    names: &Names,
    index: usize,
    sparse: &SparseNames,
) -> TokenStream {
    let def = &space.structs[index];
    let full = type_ident(&def.name);
    let ident = type_ident(&sparse.name);
    let fields = def
        .fields
        .iter()
        .zip(&names.structs[index].fields)
        .map(|(field, field_names)| {
            let ident = &field_names.ident;
            let rename = serde_rename(ident, &field.json);
            let doc = super::field_doc(field);
            let ty = &field_names.ty;
            // A property that may be null already reads into an `Option`; `present` keeps
            // "left out" (`None`) apart from "null" (`Some(None)`).
            let default = if matches!(ty, RustType::Option(_)) {
                quote!(#[serde(default, deserialize_with = "::wp_schema_client::present")])
            } else {
                quote!(#[serde(default)])
            };
            quote!(#doc #rename #default pub #ident: ::std::option::Option<#ty>,)
        });
    let paths = &sparse.paths;
    let doc = doc_attr(&format!(
        "[`{full}`] as WordPress answers with `_fields`: only the properties asked for, so each \
         is optional."
    ));
    quote! {
        #doc
        #[derive(Clone, Debug, Default, PartialEq, ::wp_schema_client::__private::serde::Deserialize)]
        #[serde(crate = "::wp_schema_client::__private::serde")]
        pub struct #ident {
            #(#fields)*
        }
        impl ::wp_schema_client::Sparse for #ident {
            const PATHS: &'static [&'static str] = &[#(#paths),*];
        }
    }
}
