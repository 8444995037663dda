//! One request's attempts: its headers and credentials, the timeout, the retries.

use crate::auth::Auth;
use crate::body::Encoded;
use crate::error::Error;
use crate::retry::Retry;
use crate::root::check_absolute;
use crate::transport::Transport;
use http::header::{ACCEPT, RETRY_AFTER, USER_AGENT};
use http::{HeaderValue, Method, Request, Response};
use std::sync::Arc;
use std::time::Duration;

/// What every request of a client shares.
pub(crate) struct Sender {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) auth: Option<Arc<dyn Auth>>,
    pub(crate) timeout: Duration,
    pub(crate) retry: Retry,
    pub(crate) user_agent: HeaderValue,
}

impl Sender {
    /// Sends until an answer that is not to be retried, or until the attempts run out. The last
    /// answer is returned whatever its status; `Err` only when there was none. `sign` adds the
    /// credentials: discovery goes without, since it may talk to a site not yet known to be the
    /// one they were meant for.
    pub(crate) async fn exchange(
        &self,
        method: &Method,
        url: &str,
        body: &Encoded,
        sign: bool,
    ) -> Result<Response<Vec<u8>>, Error> {
        check_absolute(url)?;
        let attempts = self.retry.attempts_for(method);
        let mut attempt = 1;
        loop {
            let request = self.request(method, url, body, sign)?;
            let outcome = tokio::time::timeout(self.timeout, self.transport.send(request)).await;
            let last = attempt >= attempts;
            let retry_after = match outcome {
                Ok(Ok(response)) if last || !Retry::retries_status(response.status()) => {
                    return Ok(response)
                }
                Ok(Ok(response)) => response.headers().get(RETRY_AFTER).cloned(),
                Ok(Err(source)) if last => {
                    return Err(Error::Transport {
                        method: method.clone(),
                        url: url.to_owned(),
                        source,
                    })
                }
                Err(_) if last => {
                    return Err(Error::Timeout {
                        method: method.clone(),
                        url: url.to_owned(),
                        after: self.timeout,
                    })
                }
                Ok(Err(_)) | Err(_) => None,
            };
            tokio::time::sleep(self.retry.wait(attempt, retry_after.as_ref())).await;
            attempt += 1;
        }
    }

    /// A fresh request per attempt: an `Auth` may sign with a time or a counter.
    fn request(
        &self,
        method: &Method,
        url: &str,
        body: &Encoded,
        sign: bool,
    ) -> Result<Request<Vec<u8>>, Error> {
        let mut request = Request::builder()
            .method(method.clone())
            .uri(url)
            .body(body.bytes.clone())
            .map_err(|e| Error::Config(format!("{url} is not a usable URL: {e}")))?;
        let headers = request.headers_mut();
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, self.user_agent.clone());
        for (name, value) in &body.headers {
            headers.insert(name.clone(), value.clone());
        }
        if let Some(auth) = self.auth.as_ref().filter(|_| sign) {
            auth.authorize(&mut request).map_err(|e| {
                Error::Config(format!("the request to {url} could not be authorized: {e}"))
            })?;
        }
        Ok(request)
    }
}
