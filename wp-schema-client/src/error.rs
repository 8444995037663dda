//! What can go wrong with a call, told apart so that a program can act on it.

use crate::BoxError;
use http::{Method, StatusCode};
use std::fmt;
use std::time::Duration;
use wp_schema_runtime::WpError;

#[derive(Debug)]
pub enum Error {
    /// WordPress answered with its own error body: `code`, `message`, `data`.
    Wp {
        method: Method,
        url: String,
        status: StatusCode,
        /// Boxed so that every `Result` of the client stays small on the paths that succeed.
        error: Box<WpError>,
    },
    /// A non-2xx answer that is not WordPress's error body (a proxy's 502, a PHP fatal error page).
    Status {
        method: Method,
        url: String,
        status: StatusCode,
        /// The body's first 500 bytes, invalid UTF-8 replaced.
        body: String,
    },
    /// The request never got an answer.
    Transport {
        method: Method,
        url: String,
        source: BoxError,
    },
    /// No answer came within the client's timeout, on the last attempt.
    Timeout {
        method: Method,
        url: String,
        after: Duration,
    },
    /// A 2xx body that does not match the generated type.
    Decode {
        method: Method,
        url: String,
        route: &'static str,
        /// Where, as a JSON pointer (`/0/title/rendered`); empty for the whole body.
        pointer: String,
        message: String,
    },
    /// Discovery found no REST API at the site.
    NotWordPress {
        site: String,
        /// Each URL tried and what it answered.
        tried: Vec<String>,
    },
    /// The Auth hook failed, a URL was unusable, or no transport is configured.
    Config(String),
}

impl Error {
    /// The HTTP status of an answer that was an error.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Wp { status, .. } | Error::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// WordPress's error code (`rest_post_invalid_id`, `incorrect_password`, `rest_forbidden`, …).
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Wp { error, .. } => Some(&error.code),
            _ => None,
        }
    }

    /// Wrong or missing credentials: WordPress answers them with 401 (`incorrect_password`,
    /// `invalid_username`, `rest_not_logged_in`), where a logged-in user without the right
    /// capability gets 403.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Wp {
                method,
                url,
                status,
                error,
            } => write!(
                f,
                "{method} {url}: {}: {} ({})",
                status.as_u16(),
                error.message,
                error.code
            ),
            Error::Status {
                method,
                url,
                status,
                body,
            } => {
                write!(f, "{method} {url}: {status}")?;
                let body = body.trim();
                if !body.is_empty() {
                    write!(f, ": {body}")?;
                }
                Ok(())
            }
            Error::Transport {
                method,
                url,
                source,
            } => {
                // reqwest's own line says only "error sending request"; the reason
                // ("Connection refused", a certificate's) is further down the chain.
                write!(f, "{method} {url}: no answer: {source}")?;
                let mut cause = source.source();
                while let Some(inner) = cause {
                    write!(f, ": {inner}")?;
                    cause = inner.source();
                }
                Ok(())
            }
            Error::Timeout { method, url, after } => {
                write!(f, "{method} {url}: no answer within {after:?}")
            }
            Error::Decode {
                method,
                url,
                route,
                pointer,
                message,
            } => {
                let at = if pointer.is_empty() {
                    "the top level"
                } else {
                    pointer
                };
                write!(
                    f,
                    "{method} {url}: the answer does not match the type of {route} at {at}: {message}"
                )
            }
            Error::NotWordPress { site, tried } => {
                write!(f, "no WordPress REST API found at {site}")?;
                if !tried.is_empty() {
                    write!(f, " (tried {})", tried.join("; "))?;
                }
                Ok(())
            }
            Error::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source.as_ref()),
            Error::Wp { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wp(status: u16, code: &'static str) -> Error {
        Error::Wp {
            method: Method::GET,
            url: "https://example.com/wp-json/wp/v2/users/me".into(),
            status: StatusCode::from_u16(status).unwrap(),
            error: Box::new(WpError::new(code, "Sorry, you are not allowed to do that.")),
        }
    }

    #[test]
    fn code_status_and_unauthorized() {
        let error = wp(401, "rest_not_logged_in");
        assert_eq!(error.code(), Some("rest_not_logged_in"));
        assert_eq!(error.status(), Some(StatusCode::UNAUTHORIZED));
        assert!(error.is_unauthorized());
        assert!(!wp(403, "rest_forbidden").is_unauthorized());
        let timeout = Error::Timeout {
            method: Method::GET,
            url: "u".into(),
            after: Duration::from_secs(1),
        };
        assert_eq!((timeout.status(), timeout.code()), (None, None));
    }

    #[test]
    fn messages_name_the_request_and_wordpress_words() {
        let text = wp(403, "rest_forbidden").to_string();
        assert!(text.starts_with("GET https://example.com/wp-json/wp/v2/users/me: 403"));
        assert!(
            text.contains("not allowed") && text.contains("rest_forbidden"),
            "{text}"
        );
    }
}
