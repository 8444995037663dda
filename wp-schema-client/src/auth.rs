//! Credentials: what is added to each request before it is sent.

use crate::BoxError;
use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE};
use http::{HeaderName, HeaderValue, Request};

/// Changes a request before it is sent: adds credentials, signs it, or anything else a site's
/// authentication plugin needs. Called again on every attempt of a retried request.
///
/// Any `Fn(&mut http::Request<Vec<u8>>) -> Result<(), BoxError>` closure is an `Auth`.
pub trait Auth: Send + Sync + 'static {
    fn authorize(&self, request: &mut Request<Vec<u8>>) -> Result<(), BoxError>;
}

impl<F> Auth for F
where
    F: Fn(&mut Request<Vec<u8>>) -> Result<(), BoxError> + Send + Sync + 'static,
{
    fn authorize(&self, request: &mut Request<Vec<u8>>) -> Result<(), BoxError> {
        self(request)
    }
}

/// A WordPress application password, sent as HTTP Basic authentication.
pub struct AppPassword {
    header: String,
}

impl AppPassword {
    /// The password as WordPress showed it: WordPress drops its spaces itself.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> AppPassword {
        let pair = format!("{}:{}", user.into(), password.into());
        let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
        AppPassword {
            header: format!("Basic {encoded}"),
        }
    }
}

impl Auth for AppPassword {
    fn authorize(&self, request: &mut Request<Vec<u8>>) -> Result<(), BoxError> {
        set_secret(request, AUTHORIZATION, &self.header)
    }
}

/// A bearer token, as JWT and OAuth plugins issue them.
pub struct Bearer(String);

impl Bearer {
    pub fn new(token: impl Into<String>) -> Bearer {
        Bearer(format!("Bearer {}", token.into()))
    }
}

impl Auth for Bearer {
    fn authorize(&self, request: &mut Request<Vec<u8>>) -> Result<(), BoxError> {
        set_secret(request, AUTHORIZATION, &self.0)
    }
}

/// WordPress's cookie authentication: the logged-in cookies and the `wp_rest` nonce, which
/// WordPress requires beside the cookies so that a third site cannot ride on them.
pub struct CookieNonce {
    cookie: String,
    nonce: String,
}

impl CookieNonce {
    /// `cookie` is a whole `Cookie` header value (`name=value; name2=value2`).
    pub fn new(cookie: impl Into<String>, nonce: impl Into<String>) -> CookieNonce {
        CookieNonce {
            cookie: cookie.into(),
            nonce: nonce.into(),
        }
    }
}

impl Auth for CookieNonce {
    fn authorize(&self, request: &mut Request<Vec<u8>>) -> Result<(), BoxError> {
        set_secret(request, COOKIE, &self.cookie)?;
        set_secret(request, HeaderName::from_static("x-wp-nonce"), &self.nonce)
    }
}

/// Marked sensitive so that HTTP stacks that log or compress headers leave it out.
fn set_secret(
    request: &mut Request<Vec<u8>>,
    name: HeaderName,
    value: &str,
) -> Result<(), BoxError> {
    let mut value = HeaderValue::try_from(value)
        .map_err(|_| format!("the {name} header cannot hold the credentials given"))?;
    value.set_sensitive(true);
    request.headers_mut().insert(name, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn authorized(auth: &dyn Auth) -> Request<Vec<u8>> {
        let mut request = Request::new(Vec::new());
        auth.authorize(&mut request).expect("authorize");
        request
    }

    #[test]
    fn app_password_is_basic_auth_of_the_password_as_given() {
        let request = authorized(&AppPassword::new("admin", "abcd EFGH 1234"));
        let header = request.headers()[AUTHORIZATION].to_str().unwrap();
        let encoded = header.strip_prefix("Basic ").expect("Basic scheme");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(decoded, b"admin:abcd EFGH 1234");
        assert!(request.headers()[AUTHORIZATION].is_sensitive());
    }

    #[test]
    fn bearer_and_cookie_nonce_set_their_headers() {
        let request = authorized(&Bearer::new("tok.en"));
        assert_eq!(request.headers()[AUTHORIZATION], "Bearer tok.en");

        let request = authorized(&CookieNonce::new("wordpress_logged_in_x=a%7Cb", "0123abcd"));
        assert_eq!(request.headers()[COOKIE], "wordpress_logged_in_x=a%7Cb");
        assert_eq!(request.headers()["x-wp-nonce"], "0123abcd");
    }

    #[test]
    fn a_value_no_header_can_hold_is_an_error_not_a_panic() {
        let mut request = Request::new(Vec::new());
        let error = Bearer::new("line\nbreak")
            .authorize(&mut request)
            .unwrap_err();
        assert!(error.to_string().contains("authorization"), "{error}");
    }

    #[test]
    fn a_closure_is_an_auth() {
        let hook = |request: &mut Request<Vec<u8>>| -> Result<(), BoxError> {
            request
                .headers_mut()
                .insert("x-signed", HeaderValue::from_static("yes"));
            Ok(())
        };
        assert_eq!(authorized(&hook).headers()["x-signed"], "yes");
    }
}
