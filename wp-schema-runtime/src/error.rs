//! `WP_Error` and the envelope WordPress writes it in (`rest_convert_error_to_response`).

use serde_json::{json, Map, Value};
use std::borrow::Cow;
use std::fmt;

/// One WordPress error: a code, a message and optional data, plus the further errors a `WP_Error`
/// can carry.
#[derive(Clone, Debug, PartialEq)]
pub struct WpError {
    pub code: Cow<'static, str>,
    pub message: String,
    /// Boxed so that `Result<_, WpError>` stays small on the paths where nothing fails.
    pub data: Option<Box<Value>>,
    /// Data the error held before `data` replaced it (`WP_Error::add_data` keeps it), written as
    /// `additional_data`.
    pub additional_data: Option<Box<Vec<Value>>>,
    pub additional: Vec<WpError>,
}

impl WpError {
    pub fn new(code: impl Into<Cow<'static, str>>, message: impl Into<String>) -> Self {
        WpError {
            code: code.into(),
            message: message.into(),
            data: None,
            additional_data: None,
            additional: Vec::new(),
        }
    }

    pub fn with_data(mut self, data: Value) -> Self {
        self.data = Some(Box::new(data));
        self
    }

    /// `WP_Error::add_data`: `data` becomes the error's data and what it held is kept before it,
    /// as `additional_data`.
    pub fn add_data(mut self, data: Value) -> Self {
        if let Some(earlier) = self.data.take() {
            self.additional_data
                .get_or_insert_with(Default::default)
                .push(*earlier);
        }
        self.with_data(data)
    }

    /// An error whose data is only `{"status": status}`.
    pub fn with_status(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        status: u16,
    ) -> Self {
        WpError::new(code, message).with_data(json!({ "status": status }))
    }

    /// The error type checks attach: `{"param": param}`.
    pub fn with_param(
        code: impl Into<Cow<'static, str>>,
        message: impl Into<String>,
        param: &str,
    ) -> Self {
        WpError::new(code, message).with_data(json!({ "param": param }))
    }

    /// The HTTP status WordPress answers with: the last `status` in any error's data, else 500.
    pub fn status(&self) -> u16 {
        std::iter::once(self)
            .chain(self.additional.iter())
            .filter_map(|e| e.data.as_ref()?.get("status")?.as_u64())
            .filter_map(|s| u16::try_from(s).ok())
            .next_back()
            .unwrap_or(500)
    }

    /// `{code, message, data}` as one entry of `details` or `additional_errors` shows it.
    fn into_entry_json(self) -> Map<String, Value> {
        let mut entry = Map::new();
        entry.insert("code".into(), Value::String(self.code.into_owned()));
        entry.insert("message".into(), Value::String(self.message));
        entry.insert("data".into(), self.data.map_or(Value::Null, |data| *data));
        if let Some(earlier) = self.additional_data {
            entry.insert("additional_data".into(), Value::Array(*earlier));
        }
        entry
    }

    /// The response body WordPress writes for this error.
    pub fn to_json(&self) -> Value {
        self.clone().into_json()
    }

    /// [`WpError::to_json`], moving the error's parts into the body.
    pub fn into_json(mut self) -> Value {
        let additional = std::mem::take(&mut self.additional);
        let mut body = self.into_entry_json();
        if !additional.is_empty() {
            let rest = additional
                .into_iter()
                .map(|e| Value::Object(e.into_entry_json()))
                .collect();
            body.insert("additional_errors".into(), Value::Array(rest));
        }
        Value::Object(body)
    }

    /// `rest_missing_callback_param`: required parameters that were not sent, in argument order.
    pub fn missing_params(names: Vec<String>) -> WpError {
        let message = format!("Missing parameter(s): {}", names.join(", "));
        WpError::new("rest_missing_callback_param", message)
            .with_data(json!({ "status": 400, "params": names }))
    }

    /// The error as `json_encode` writes a `WP_Error` object held inside a value: its public
    /// `errors` (each code with its messages) and `error_data` (each code's data, `[]` when none);
    /// `additional_data` is protected and not written.
    pub fn to_encoded_object(&self) -> Value {
        let mut errors = Map::new();
        let mut data = Map::new();
        for error in std::iter::once(self).chain(&self.additional) {
            let messages = errors
                .entry(error.code.to_string())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = messages {
                list.push(Value::String(error.message.clone()));
            }
            if let Some(d) = &error.data {
                data.insert(error.code.to_string(), (**d).clone());
            }
        }
        let data = if data.is_empty() {
            Value::Array(Vec::new())
        } else {
            Value::Object(data)
        };
        json!({ "errors": errors, "error_data": data })
    }

    /// Every message of this error joined by a space, as `has_valid_params` reports one parameter.
    pub fn all_messages(&self) -> String {
        std::iter::once(self.message.as_str())
            .chain(self.additional.iter().map(|e| e.message.as_str()))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl WpError {
    /// The HTTP response WordPress sends for this error: its status, `application/json`, the body.
    pub fn to_http_response(&self) -> http::Response<String> {
        let status = http::StatusCode::from_u16(self.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = http::Response::new(self.to_json().to_string());
        *response.status_mut() = status;
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        response
    }
}

impl fmt::Display for WpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for WpError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_defaults_to_500_and_takes_the_last_one() {
        assert_eq!(WpError::new("x", "y").status(), 500);
        let mut e = WpError::with_status("a", "b", 400);
        e.additional.push(WpError::with_status("c", "d", 403));
        assert_eq!(e.status(), 403);
    }

    #[test]
    fn converts_into_an_http_response() {
        let response = WpError::with_status(
            "rest_no_route",
            "No route was found matching the URL and request method.",
            404,
        )
        .to_http_response();
        assert_eq!(response.status(), 404);
        assert_eq!(
            response.headers()["content-type"],
            "application/json; charset=UTF-8"
        );
        let body: Value = serde_json::from_str(response.body()).unwrap();
        assert_eq!(body["code"], "rest_no_route");
        assert_eq!(body["data"], json!({"status": 404}));
        assert_eq!(WpError::new("x", "y").to_http_response().status(), 500);
    }

    /// What WordPress 6.9.7's attachments controller answers when `wp_insert_attachment` fails: the
    /// `db_insert_error` holds `$wpdb->last_error` as data, and `add_data` puts the status after it
    /// (rest_convert_error_to_response writes the earlier data as `additional_data`).
    #[test]
    fn added_data_keeps_the_earlier_data_as_additional_data() {
        let error = WpError::new(
            "db_insert_error",
            "Could not insert attachment into the database.",
        )
        .with_data(json!("The table 'wp_posts' is full"))
        .add_data(json!({"status": 400}));
        assert_eq!(error.status(), 400);
        assert_eq!(
            error.to_json(),
            json!({"code": "db_insert_error", "message": "Could not insert attachment into the database.",
                   "data": {"status": 400}, "additional_data": ["The table 'wp_posts' is full"]})
        );
        assert_eq!(
            WpError::new("a", "b")
                .add_data(json!({"status": 403}))
                .to_json(),
            json!({"code": "a", "message": "b", "data": {"status": 403}})
        );
    }

    #[test]
    fn missing_params_lists_names() {
        let body = WpError::missing_params(vec!["action".into()]).to_json();
        assert_eq!(
            body,
            json!({"code":"rest_missing_callback_param","message":"Missing parameter(s): action","data":{"status":400,"params":["action"]}})
        );
    }
}
