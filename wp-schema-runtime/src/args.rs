//! The request-level steps of argument handling, as `WP_REST_Request::has_valid_params` and
//! `sanitize_params` run them; generated parsers supply the per-argument checks.
//!
//! Order (WordPress 6.9): a malformed JSON body fails first; then missing required arguments; then
//! every argument's `validate_callback`, in argument order, all failures reported together; then every
//! `sanitize_callback`, source by source (JSON, POST, GET, URL, defaults) and key by key in request
//! order, again all failures together.

use crate::params::{Params, Source};
use crate::{php, WpError};
use serde_json::{json, Map, Value};

/// How one argument failed: a callback's `false` ("Invalid parameter.") or its `WP_Error`.
#[derive(Clone, Debug, PartialEq)]
pub enum ArgFailure {
    Invalid,
    Error(WpError),
}

impl From<WpError> for ArgFailure {
    fn from(e: WpError) -> Self {
        ArgFailure::Error(e)
    }
}

/// What generated code knows of the request beyond its parameters, for the callbacks that ask.
pub trait RequestState {
    /// The status of the post being updated (`check_status` accepts it as it is).
    fn current_status(&self) -> Option<&str> {
        None
    }

    /// The page template of the post being updated, and the templates the theme offers
    /// (`check_template`). Core themes offer none for attachments.
    fn current_template(&self) -> Option<&str> {
        None
    }

    fn allowed_templates(&self) -> &[String] {
        &[]
    }

    /// Whether the user may use a status other than the collection's default
    /// (`sanitize_post_statuses`): `edit_posts`, or `read_private_posts` for `private`.
    fn can_query_status(&self, _status: &str) -> bool {
        false
    }

    /// Whether anyone is logged in: WordPress answers 401 to visitors and 403 to users.
    fn is_logged_in(&self) -> bool {
        false
    }
}

/// A visitor with no post at hand: what a request carries before authentication.
#[derive(Clone, Copy, Debug, Default)]
pub struct Anonymous;

impl RequestState for Anonymous {}

/// Invalid arguments collected in the order WordPress reports them.
#[derive(Debug, Default)]
pub struct InvalidParams {
    entries: Vec<(String, ArgFailure)>,
}

impl InvalidParams {
    /// Records a failure; a later failure of the same argument replaces the message in place, as
    /// assigning to a PHP array key does.
    pub fn record(&mut self, name: &str, failure: ArgFailure) {
        match self.entries.iter_mut().find(|(n, _)| n == name) {
            Some(entry) => entry.1 = failure,
            None => self.entries.push((name.to_owned(), failure)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// `rest_invalid_param` with `params` and `details`, or nothing when all passed.
    pub fn into_result(self) -> Result<(), WpError> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let names: Vec<&str> = self.entries.iter().map(|(n, _)| n.as_str()).collect();
        let message = format!("Invalid parameter(s): {}", names.join(", "));
        let mut params = Map::new();
        let mut details = Map::new();
        // Built by moving each failure in: the `json!` macro would serialize the maps over again.
        for (name, failure) in self.entries {
            match failure {
                ArgFailure::Invalid => {
                    params.insert(name, Value::String("Invalid parameter.".into()));
                }
                ArgFailure::Error(e) => {
                    params.insert(name.clone(), Value::String(e.all_messages()));
                    details.insert(name, e.into_json());
                }
            }
        }
        // PHP writes an empty `$invalid_details` as `[]`.
        let details = if details.is_empty() {
            Value::Array(Vec::new())
        } else {
            Value::Object(details)
        };
        let data = [
            ("status", Value::from(400)),
            ("params", Value::Object(params)),
            ("details", details),
        ];
        let data = data.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        Err(WpError::new("rest_invalid_param", message).with_data(Value::Object(data)))
    }
}

/// `rest_missing_callback_param` for required arguments `get_param` does not find.
pub fn check_required(params: &Params, required: &[&str]) -> Result<(), WpError> {
    let missing: Vec<String> = required
        .iter()
        .filter(|name| params.get(name).is_none())
        .map(|name| (*name).to_owned())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(WpError::missing_params(missing))
    }
}

/// `sanitize_params`: runs `sanitize` on every registered argument of every source, and returns the
/// sources with the sanitized values. `sanitize` answers `None` for names that are not arguments or
/// have no sanitizer.
pub fn sanitize_sources(
    mut params: Params,
    mut sanitize: impl FnMut(&str, &Value) -> Option<Result<Value, ArgFailure>>,
) -> Result<Params, WpError> {
    let mut invalid = InvalidParams::default();
    for (name, value) in params.values_mut() {
        match sanitize(name, value) {
            Some(Ok(sanitized)) => *value = sanitized,
            Some(Err(failure)) => invalid.record(name, failure),
            None => {}
        }
    }
    invalid.into_result()?;
    Ok(params)
}

/// `rest_authorization_required_code`: 401 for visitors, 403 for users.
pub fn authorization_status(state: &dyn RequestState) -> u16 {
    if state.is_logged_in() {
        403
    } else {
        401
    }
}

/// The posts controller's `check_status`: the post's current status is always accepted; any other
/// value is validated with the argument's schema.
pub fn check_status(
    value: &Value,
    state: &dyn RequestState,
    validate: impl FnOnce(&Value) -> Result<(), WpError>,
) -> Result<(), ArgFailure> {
    if value
        .as_str()
        .is_some_and(|v| Some(v) == state.current_status())
    {
        return Ok(());
    }
    validate(value).map_err(ArgFailure::from)
}

/// The posts controller's `check_template`: empty, the current template, or one the theme offers.
pub fn check_template(value: &Value, state: &dyn RequestState) -> Result<(), ArgFailure> {
    if !php::is_truthy(value)
        || value
            .as_str()
            .is_some_and(|v| Some(v) == state.current_template())
    {
        return Ok(());
    }
    let name = php::to_string(value);
    let allowed = state.allowed_templates();
    if allowed.contains(&name) {
        return Ok(());
    }
    let message = format!("template is not one of {}.", allowed.join(", "));
    Err(WpError::new("rest_invalid_param", message).into())
}

/// The meta fields' `check_meta_is_array`: anything but an array is "Invalid parameter."
pub fn check_meta_is_array(value: &Value) -> Result<(), ArgFailure> {
    if php::is_array(value) {
        Ok(())
    } else {
        Err(ArgFailure::Invalid)
    }
}

/// `wp_parse_slug_list`: a list of slugs, each through `sanitize_title`, duplicates dropped.
pub fn parse_slug_list(value: &Value) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    for slug in php::parse_list(value)
        .iter()
        .map(|s| crate::slug::sanitize_title(&php::to_string(s)))
    {
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs
}

/// The posts controller's `sanitize_post_statuses`: slugs; any status but the collection's default
/// needs the right to query it (else `rest_forbidden_status`, 401/403), and is then validated with
/// the argument's schema.
pub fn sanitize_post_statuses(
    value: &Value,
    default_status: &str,
    state: &dyn RequestState,
    validate: impl Fn(&Value) -> Result<(), WpError>,
) -> Result<Value, ArgFailure> {
    let statuses = parse_slug_list(value);
    for status in statuses.iter().filter(|s| s.as_str() != default_status) {
        if !state.can_query_status(status) {
            let data = json!({ "status": authorization_status(state) });
            return Err(
                WpError::new("rest_forbidden_status", "Status is forbidden.")
                    .with_data(data)
                    .into(),
            );
        }
        validate(&Value::String(status.clone()))?;
    }
    Ok(Value::Array(
        statuses.into_iter().map(Value::String).collect(),
    ))
}

/// Reads an argument's final value into its Rust type. The sanitizers make the value fit; a value
/// that still does not is a bug here, reported as a server error rather than a panic.
pub fn field<T: serde::de::DeserializeOwned>(
    params: &mut Params,
    name: &str,
) -> Result<T, WpError> {
    let value = params.take(name).unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|e| {
        WpError::with_status(
            "wp_schema_argument_type",
            format!("The sanitized `{name}` does not fit its type: {e}"),
            500,
        )
    })
}

/// Which source a parameter's final value came from, for callers that care.
pub fn source_of(params: &Params, name: &str) -> Option<Source> {
    params.get_with_source(name).map(|(s, _)| s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::RequestParts;

    #[test]
    fn later_failures_keep_the_first_position() {
        let mut invalid = InvalidParams::default();
        invalid.record("a", ArgFailure::Invalid);
        invalid.record("b", WpError::new("x", "b is bad").into());
        invalid.record("a", WpError::new("y", "a is bad").into());
        let body = invalid.into_result().unwrap_err().to_json();
        assert_eq!(body["message"], "Invalid parameter(s): a, b");
        assert_eq!(
            body["data"]["params"],
            json!({"a": "a is bad", "b": "b is bad"})
        );
    }

    // Body seen on WordPress 6.9.7 for GET /wp/v2/media?per_page=0.
    #[test]
    fn invalid_params_body_matches_wordpress() {
        let mut invalid = InvalidParams::default();
        let message = "per_page must be between 1 (inclusive) and 100 (inclusive)";
        invalid.record(
            "per_page",
            WpError::new("rest_out_of_bounds", message).into(),
        );
        let body = invalid.into_result().unwrap_err().to_json();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): per_page","data":{"status":400,"params":{"per_page":"per_page must be between 1 (inclusive) and 100 (inclusive)"},"details":{"per_page":{"code":"rest_out_of_bounds","message":"per_page must be between 1 (inclusive) and 100 (inclusive)","data":null}}}}"#
        );
    }

    #[test]
    fn false_has_no_details_entry() {
        let mut invalid = InvalidParams::default();
        invalid.record("meta", ArgFailure::Invalid);
        let body = invalid.into_result().unwrap_err().to_json();
        assert_eq!(
            body["data"]["params"],
            json!({"meta": "Invalid parameter."})
        );
        assert_eq!(body["data"]["details"], json!([]));
    }

    // WordPress 6.9.7: required arguments that get_param does not find (absent, or JSON null), in
    // argument order, as `rest_missing_callback_param`.
    #[test]
    fn missing_required_arguments_are_listed_in_order() {
        let params = Params::from_request(&RequestParts {
            method: "POST",
            query: "b=1",
            content_type: Some("application/json"),
            body: br#"{"c": null}"#,
            ..RequestParts::default()
        });
        let error = check_required(&params, &["a", "b", "c"]).unwrap_err();
        assert_eq!(
            error.to_json(),
            json!({"code": "rest_missing_callback_param", "message": "Missing parameter(s): a, c",
                   "data": {"status": 400, "params": ["a", "c"]}})
        );
        assert!(check_required(&params, &["b"]).is_ok());
    }

    #[test]
    fn sanitizing_follows_sources_then_request_order() {
        let params = Params::from_request(&RequestParts {
            method: "GET",
            query: "b=x&a=y",
            ..RequestParts::default()
        });
        let err = sanitize_sources(params, |name, _| {
            Some(Err(WpError::new("c", format!("{name} bad")).into()))
        })
        .unwrap_err();
        assert_eq!(err.message, "Invalid parameter(s): b, a");
    }
}
