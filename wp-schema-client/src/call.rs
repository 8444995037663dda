//! One request, as generated code describes it.

use crate::body::Body;
use crate::decode::Asked;
use crate::query;
use crate::root::Root;
use http::Method;
use serde_json::Value;

#[derive(Clone, Debug)]
pub struct Call {
    pub method: Method,
    /// The route as WordPress's documents name it, for errors: `/wp/v2/media/(?P<id>[\d]+)`.
    pub route: &'static str,
    /// The route's path with its parameters filled in, unencoded: `/wp/v2/media/5`.
    pub path: String,
    /// Query parameters in the order set, written as PHP reads them back (`k[]=a`,
    /// `k[sub]=v`, `true`/`false`; `null` left out).
    pub query: Vec<(String, Value)>,
    pub body: Body,
}

impl Call {
    /// A call with no query and no body.
    pub fn new(method: Method, route: &'static str, path: String) -> Call {
        Call {
            method,
            route,
            path,
            query: Vec::new(),
            body: Body::Empty,
        }
    }

    /// The call as errors name it, sent to `url`.
    pub(crate) fn asked<'a>(&'a self, url: &'a str) -> Asked<'a> {
        Asked {
            method: &self.method,
            url,
            route: self.route,
        }
    }

    pub(crate) fn url(&self, root: &Root) -> String {
        root.url(&self.path, &query::encode(&self.query))
    }
}
