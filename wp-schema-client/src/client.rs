//! The client generated code sends its calls through, and its builder.

use crate::auth::Auth;
use crate::call::Call;
use crate::decode;
use crate::error::Error;
use crate::exchange::Sender;
use crate::reply::Reply;
use crate::retry::Retry;
use crate::root::Root;
use crate::transport::Transport;
use http::HeaderValue;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// Settings for a [`Client`]; finished by [`ClientBuilder::build`] with a known root, or by
/// [`ClientBuilder::discover`] with the site's address.
pub struct ClientBuilder {
    transport: Option<Arc<dyn Transport>>,
    auth: Option<Arc<dyn Auth>>,
    timeout: Duration,
    retry: Retry,
    user_agent: String,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            transport: None,
            auth: None,
            timeout: Duration::from_secs(30),
            retry: Retry::default(),
            user_agent: concat!("wp-schema-client/", env!("CARGO_PKG_VERSION")).to_owned(),
        }
    }
}

impl ClientBuilder {
    /// How requests reach the site; reqwest when none is given (with the `reqwest` feature).
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    pub fn auth(mut self, auth: impl Auth) -> Self {
        self.auth = Some(Arc::new(auth));
        self
    }

    /// How long one attempt may wait for its whole answer; 30 s by default.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    pub fn retry(mut self, retry: Retry) -> Self {
        self.retry = retry;
        self
    }

    /// `wp-schema-client/VERSION` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A client for the REST API at `root`.
    pub fn build(self, root: Root) -> Result<Client, Error> {
        Ok(Client::new(self.sender()?, root))
    }

    pub(crate) fn sender(self) -> Result<Sender, Error> {
        let user_agent = HeaderValue::try_from(self.user_agent.as_str()).map_err(|_| {
            Error::Config(format!(
                "{:?} cannot be sent as a User-Agent",
                self.user_agent
            ))
        })?;
        let transport = match self.transport {
            Some(transport) => transport,
            None => default_transport()?,
        };
        Ok(Sender {
            transport,
            auth: self.auth,
            timeout: self.timeout,
            retry: self.retry,
            user_agent,
        })
    }
}

#[cfg(feature = "reqwest")]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    match crate::ReqwestTransport::new() {
        Ok(transport) => Ok(Arc::new(transport)),
        Err(e) => Err(Error::Config(format!(
            "the HTTP client could not be made: {e}"
        ))),
    }
}

#[cfg(not(feature = "reqwest"))]
fn default_transport() -> Result<Arc<dyn Transport>, Error> {
    Err(Error::Config(
        "no transport: give one with ClientBuilder::transport, or enable the `reqwest` feature"
            .to_owned(),
    ))
}

/// Sends calls to one site. Cheap to clone: clones share the transport and settings.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    sender: Sender,
    root: Root,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("root", self.root())
            .finish_non_exhaustive()
    }
}

impl Client {
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn new(sender: Sender, root: Root) -> Client {
        Client {
            inner: Arc::new(Inner { sender, root }),
        }
    }

    pub fn root(&self) -> &Root {
        &self.inner.root
    }

    /// Sends `call` with the credentials, timeout and retries, and decodes a 2xx body as `T`.
    /// Other statuses are [`Error::Wp`] when the body is WordPress's error, else
    /// [`Error::Status`]; a body that does not match `T` is [`Error::Decode`], with where.
    pub async fn send<T: DeserializeOwned>(&self, call: Call) -> Result<Reply<T>, Error> {
        let url = call.url(self.root());
        self.send_to(&call, &url).await
    }

    /// Sends `call` as [`Client::send`] does, and gives a 2xx body's bytes undecoded: for a
    /// route that answers a file rather than JSON.
    pub async fn send_raw(&self, call: Call) -> Result<Reply<Vec<u8>>, Error> {
        let url = call.url(self.root());
        let response = self.exchange(&call, &url).await?;
        decode::raw_reply(&call.asked(&url), response)
    }

    /// `call` sent to `url` instead of its own: a collection's next page as the site linked it.
    pub(crate) async fn send_to<T: DeserializeOwned>(
        &self,
        call: &Call,
        url: &str,
    ) -> Result<Reply<T>, Error> {
        let response = self.exchange(call, url).await?;
        decode::reply(&call.asked(url), response)
    }

    async fn exchange(&self, call: &Call, url: &str) -> Result<http::Response<Vec<u8>>, Error> {
        let body = call.body.encode()?;
        self.inner
            .sender
            .exchange(&call.method, url, &body, true)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty() -> Root {
        Root::Pretty("https://example.com/wp-json".into())
    }

    #[test]
    fn a_user_agent_no_header_can_hold_is_an_error() {
        let error = Client::builder()
            .user_agent("bot\r\nX-Injected: 1")
            .build(pretty())
            .unwrap_err();
        assert!(
            matches!(&error, Error::Config(m) if m.contains("User-Agent")),
            "{error}"
        );
    }

    #[cfg(not(feature = "reqwest"))]
    #[test]
    fn without_reqwest_a_transport_must_be_given() {
        let error = Client::builder().build(pretty()).unwrap_err();
        assert!(
            matches!(&error, Error::Config(m) if m.contains("transport")),
            "{error}"
        );
    }
}
