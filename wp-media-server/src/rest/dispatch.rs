//! From a request to a reply: authentication, route and endpoint, then the endpoint's handler
//! (which parses its arguments before it checks permissions, as WordPress does).

use super::route::{Endpoint, Route};
use super::{finish, index, options, output, users, Reply, RestRequest, RestResponse};
use crate::config::Config;
use crate::store::users::{Cap, User};
use crate::store::Store;
use wp_schema_runtime::args::RequestState;
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::WpError;

/// Everything a request may need: the configuration and the store.
pub struct App {
    pub config: Config,
    pub store: Store,
    /// Items' JSON, until the database changes.
    pub items: crate::media::item_cache::ItemCache,
}

/// One request being served.
pub struct Call<'a> {
    pub app: &'a App,
    pub req: &'a RestRequest,
    pub user: Option<User>,
    pub params: Params,
    pub route: Route,
    /// The status of the post an update targets, for `check_status`.
    pub current_status: Option<String>,
}

impl Call<'_> {
    pub fn user_id(&self) -> i64 {
        self.user.as_ref().map_or(0, |u| u.id)
    }

    pub fn can(&self, cap: Cap) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(cap))
    }

    /// `rest_authorization_required_code()`.
    pub fn denied_status(&self) -> u16 {
        if self.user.is_some() {
            403
        } else {
            401
        }
    }

    pub fn forbidden(&self, code: &'static str, message: &str) -> WpError {
        WpError::new(code, message).with_data(serde_json::json!({ "status": self.denied_status() }))
    }

    /// The request as the generated parsers' `from_request` reads it.
    pub fn request_parts(&self) -> RequestParts<'_> {
        request_parts(self.req, &self.route)
    }

    /// A raw parameter as a string (`context` before parsing, say).
    pub fn param_str(&self, name: &str) -> Option<String> {
        self.params.get(name).map(wp_schema_runtime::php::to_string)
    }
}

impl RequestState for Call<'_> {
    fn current_status(&self) -> Option<&str> {
        self.current_status.as_deref()
    }

    fn can_query_status(&self, status: &str) -> bool {
        self.can(Cap::EditPosts) || (status == "private" && self.can(Cap::ReadPrivatePosts))
    }

    fn is_logged_in(&self) -> bool {
        self.user.is_some()
    }
}

/// Where WordPress reads a request's parameters from: its body, query string and route captures.
fn request_parts<'a>(req: &'a RestRequest, route: &Route) -> RequestParts<'a> {
    RequestParts {
        method: &req.method,
        query: &req.query,
        content_type: req.header("content-type"),
        body: &req.body,
        url: route
            .id()
            .map(|id| vec![("id".to_owned(), id.to_owned())])
            .unwrap_or_default(),
        multipart_fields: req.multipart.as_ref().map(|(fields, _)| fields.clone()),
    }
}

/// Serves one request end to end.
pub fn handle(app: &App, req: &RestRequest) -> RestResponse {
    if let Some(refused) = output::refuse_invalid_callback(app, req) {
        return refused;
    }
    // WordPress reads the credentials only once something asks for the current user, after
    // its authentication-error check has run: rejected credentials leave a visitor (6.9.7).
    let user =
        crate::auth::authenticate(&app.store, req.header("authorization")).unwrap_or_else(|e| {
            tracing::warn!(
                "rejected credentials, serving as a visitor: {}",
                e.all_messages()
            );
            None
        });
    let Some(route) = Route::parse(&req.route) else {
        return finish::finish(app, req, None, Err(no_route()), &[]);
    };
    let mut call = Call {
        app,
        req,
        user,
        params: Params::from_request(&request_parts(req, &route)),
        route: route.clone(),
        current_status: None,
    };
    let endpoint = route.endpoint_for(&req.method);
    let matched = req.method == "OPTIONS" || endpoint.is_some();
    let result = match endpoint {
        _ if req.method == "OPTIONS" => options::options(&call),
        None => Err(no_route()),
        Some(endpoint) => run(&mut call, endpoint),
    };
    if !matched {
        return finish::finish(app, req, None, result, &[]);
    }
    let allow = allowed_methods(&call);
    finish::finish(app, req, Some(&call), result, &allow)
}

/// [`handle`]'s answer, on the calling thread, for the requests it gives without the store: a
/// visitor's `GET` of the media collection whose arguments fail. Every step `handle` takes for
/// such a request reads nothing from the database (there are no credentials to check, and the
/// collection's permission checks, for the `Allow` header, refuse a visitor before any lookup), so
/// the async worker can answer it without the round trip to a blocking thread, which perf showed
/// to be a third of a refused request's cost. `None`: take `handle` on a blocking thread.
///
/// A request with a body is left to `handle`: a large JSON body's parsing would hold the worker.
pub fn answer_without_store(app: &App, req: &RestRequest) -> Option<RestResponse> {
    if req.method != "GET" || req.header("authorization").is_some() || !req.body.is_empty() {
        return None;
    }
    if let Some(refused) = output::refuse_invalid_callback(app, req) {
        return Some(refused);
    }
    let route = Route::parse(&req.route)?;
    if route.endpoint_for(&req.method)? != Endpoint::List {
        return None;
    }
    // The arguments are read from the raw request; the parameters, which only the refusal's
    // `Allow` header and output options consult, are made once it is known there is one.
    let mut call = Call {
        app,
        req,
        user: None,
        params: Params::default(),
        route,
        current_status: None,
    };
    let error = crate::media::read::list_args(&call).err()?;
    call.params = Params::from_request(&call.request_parts());
    let allow = allowed_methods(&call);
    Some(finish::finish(app, req, Some(&call), Err(error), &allow))
}

fn run(call: &mut Call<'_>, endpoint: Endpoint) -> Result<Reply, WpError> {
    match endpoint {
        Endpoint::Index => index::index(call),
        Endpoint::Namespace => index::namespace(call),
        Endpoint::List => crate::media::read::list(call),
        Endpoint::Get => crate::media::read::get(call),
        Endpoint::Create => crate::media::write::create(call),
        Endpoint::Update => crate::media::write::update(call),
        Endpoint::Delete => crate::media::write::delete(call),
        Endpoint::User => users::get(call),
    }
}

/// `rest_send_allow_header`: the methods whose permission check passes for this request.
pub fn allowed_methods(call: &Call<'_>) -> Vec<&'static str> {
    let mut allow: Vec<&'static str> = call
        .route
        .endpoints()
        .iter()
        .filter(|(_, endpoint)| permitted(call, *endpoint))
        .flat_map(|(methods, _)| methods.iter().copied())
        .collect();
    if let Route::UserItem(_) = call.route {
        allow.extend(users::unserved_methods_allowed(call));
    }
    allow
}

fn permitted(call: &Call<'_>, endpoint: Endpoint) -> bool {
    use crate::media::perms;
    match endpoint {
        Endpoint::Index | Endpoint::Namespace => true,
        Endpoint::User => users::permitted(call),
        Endpoint::List => perms::list(call).is_ok(),
        Endpoint::Get => perms::get(call, raw_id(call)).is_ok(),
        Endpoint::Create => perms::create(call).is_ok(),
        Endpoint::Update => perms::update(call, raw_id(call)).is_ok(),
        Endpoint::Delete => perms::delete(call, raw_id(call)).is_ok(),
    }
}

/// The `id` parameter as `(int)` reads it (the query string may override the URL's).
pub fn raw_id(call: &Call<'_>) -> i64 {
    call.params
        .get("id")
        .map_or(0, wp_schema_runtime::php::to_int)
}

pub fn no_route() -> WpError {
    WpError::new(
        "rest_no_route",
        "No route was found matching the URL and request method.",
    )
    .with_data(serde_json::json!({ "status": 404 }))
}
