//! How requests reach the site.

use crate::{BoxError, BoxFuture};

/// Sends one HTTP request and reads the whole answer.
///
/// The client builds every header and the body itself, applies its timeout around `send` and
/// retries by calling it again, so a transport only carries bytes: it follows redirects if it
/// wants to, and needs no timeout or retry of its own.
pub trait Transport: Send + Sync + 'static {
    /// Any answer, whatever its status, is `Ok`; `Err` means no answer came (DNS, TLS, a reset).
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>>;
}
