//! Basic authentication with application passwords, as `wp_authenticate_application_password`
//! does it for REST requests.

use crate::request::{internal, App};
use crate::store::users::{self, User};
use base64::Engine;
use wp_schema_runtime::WpError;

/// The user a request is made as: `Ok(None)` for a visitor (no usable Basic credentials, which PHP
/// would not have parsed either), an error for credentials WordPress rejects.
pub fn authenticate(app: &App, authorization: Option<&str>) -> Result<Option<User>, WpError> {
    let Some((name, password)) = authorization.and_then(basic_credentials) else {
        return Ok(None);
    };
    let user = users::by_login_or_email(&*app.store, &name).map_err(internal)?;
    let Some(user) = user else {
        return Err(rejected(unknown_user(&name)));
    };
    let password = users::normalize_app_password(&password);
    let hashes = app.store.app_password_hashes(user.id).map_err(internal)?;
    if app.verified.matches_any(&password, &hashes) {
        Ok(Some(user))
    } else {
        Err(rejected(WpError::new(
            "incorrect_password",
            "The provided password is an invalid application password.",
        )))
    }
}

/// `user:password` from `Basic <base64>`, the way PHP fills `PHP_AUTH_USER` and `PHP_AUTH_PW`.
fn basic_credentials(header: &str) -> Option<(String, String)> {
    let (scheme, encoded) = header.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8_lossy(&decoded).into_owned();
    let (name, password) = decoded.split_once(':')?;
    Some((name.to_owned(), password.to_owned()))
}

fn unknown_user(name: &str) -> WpError {
    if wp_schema_runtime::validate::formats::is_email(name) {
        WpError::new(
            "invalid_email",
            "<strong>Error:</strong> Unknown email address. Check again or try your username.",
        )
    } else {
        WpError::new(
            "invalid_username",
            "<strong>Error:</strong> Unknown username. Check again or try your email address.",
        )
    }
}

fn rejected(error: WpError) -> WpError {
    error.with_data(serde_json::json!({ "status": 401 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_well_formed_basic_credentials_are_read() {
        assert_eq!(
            basic_credentials("Basic YWRtaW46eCB5"),
            Some(("admin".into(), "x y".into()))
        );
        assert_eq!(
            basic_credentials("basic YWRtaW46"),
            Some(("admin".into(), String::new()))
        );
        assert_eq!(basic_credentials("Basic YWRtaW4="), None);
        assert_eq!(basic_credentials("Bearer abc"), None);
        assert_eq!(basic_credentials("Basic !!!"), None);
    }
}
