//! From a request to a reply: authentication, route and endpoint, then the endpoint's handler
//! (which parses its arguments before it checks permissions, as WordPress does).

use super::route::{Endpoint, Route};
use super::{finish, index, options, output};
use crate::attachments;
use crate::request::{
    no_route, raw_id, request_parts_of, App, Call, Reply, RestRequest, RestResponse,
};
use crate::users;
use wp_schema_runtime::params::Params;
use wp_schema_runtime::WpError;

/// Serves one request end to end.
pub fn handle(app: &App, req: &RestRequest) -> RestResponse {
    // WordPress connects to its database before anything else, and stops there when it cannot.
    if let Err(e) = app.store.reachable() {
        tracing::error!("{e}");
        return super::database_error::answer(req);
    }
    if let Some(refused) = output::refuse_invalid_callback(app, req) {
        return refused;
    }
    // WordPress reads the credentials only once something asks for the current user, after
    // its authentication-error check has run: rejected credentials leave a visitor (6.9.7).
    let user = crate::auth::authenticate(app, req.header("authorization")).unwrap_or_else(|e| {
        tracing::warn!(
            "rejected credentials, serving as a visitor: {}",
            e.all_messages()
        );
        None
    });
    let Some(route) = Route::parse(&req.route) else {
        // WordPress answers `OPTIONS` on a path no route matches (`/wp/v2/media/abc`) with
        // empty data, not `rest_no_route` (`rest_handle_options_request`, 6.9.7).
        let result = match req.method.as_str() {
            "OPTIONS" => Ok(Reply::ok(serde_json::json!([]))),
            _ => Err(no_route()),
        };
        return finish::finish(app, req, None, result, &[]);
    };
    let mut call = Call {
        app,
        req,
        user,
        params: Params::from_request(&request_parts_of(req, route.id())),
        url_id: route.id().map(str::to_owned),
        current_status: None,
        current_template: None,
        allowed_templates: Vec::new(),
        players: Default::default(),
        arguments_refused: false,
        primed_meta: Default::default(),
    };
    let endpoint = route.endpoint_for(&req.method);
    let matched = req.method == "OPTIONS" || endpoint.is_some();
    let result = match endpoint {
        _ if req.method == "OPTIONS" => options::options(&call, &route),
        None => Err(no_route()),
        Some(endpoint) => run(&mut call, endpoint),
    };
    if !matched {
        return finish::finish(app, req, None, result, &[]);
    }
    call.arguments_refused = matches!(
        &result,
        Err(e) if e.code == "rest_invalid_param" || e.code == "rest_missing_callback_param"
    );
    let allow = allowed_methods(&call, &route);
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
        url_id: None,
        current_status: None,
        current_template: None,
        allowed_templates: Vec::new(),
        players: Default::default(),
        arguments_refused: false,
        primed_meta: Default::default(),
    };
    let error = attachments::read::list_args(&call).err()?;
    call.params = Params::from_request(&call.request_parts());
    let allow = allowed_methods(&call, &route);
    Some(finish::finish(app, req, Some(&call), Err(error), &allow))
}

fn run(call: &mut Call<'_>, endpoint: Endpoint) -> Result<Reply, WpError> {
    match endpoint {
        Endpoint::Index => index::index(call),
        Endpoint::Namespace => index::namespace(call),
        Endpoint::List => attachments::read::list(call),
        Endpoint::Get => attachments::read::get(call),
        Endpoint::Create => attachments::write::create(call),
        Endpoint::Update => attachments::write::update(call),
        Endpoint::Delete => attachments::write::delete(call),
        Endpoint::PostProcess => attachments::post_process::post_process(call),
        Endpoint::Edit => attachments::edit::edit(call),
        Endpoint::User => users::get(call),
        Endpoint::Me => users::me(call),
    }
}

/// `rest_send_allow_header`: the methods whose permission check passes for this request.
pub fn allowed_methods(call: &Call<'_>, route: &Route) -> Vec<&'static str> {
    let mut allow: Vec<&'static str> = route
        .endpoints()
        .iter()
        .filter(|(_, endpoint)| permitted(call, *endpoint))
        .flat_map(|(methods, _)| methods.iter().copied())
        .collect();
    match route {
        Route::UserItem(_) => allow.extend(users::unserved_methods_allowed(call)),
        Route::UserMe => allow.extend(users::unserved_methods_allowed_on_me(call)),
        _ => {}
    }
    allow
}

fn permitted(call: &Call<'_>, endpoint: Endpoint) -> bool {
    use crate::attachments::perms;
    match endpoint {
        // `users/me` lets anyone ask: a visitor is refused by the handler.
        Endpoint::Index | Endpoint::Namespace | Endpoint::Me => true,
        Endpoint::User => users::permitted(call),
        Endpoint::List => perms::list(call).is_ok(),
        Endpoint::Get => perms::get(call, raw_id(call)).is_ok(),
        Endpoint::Create => perms::create(call).is_ok(),
        Endpoint::Update | Endpoint::PostProcess => perms::update(call, raw_id(call)).is_ok(),
        Endpoint::Delete => perms::delete(call, raw_id(call)).is_ok(),
        Endpoint::Edit => perms::edit(call, raw_id(call)).is_ok(),
    }
}
