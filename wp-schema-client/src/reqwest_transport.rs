//! The default transport: reqwest over rustls with ring.

use crate::{BoxError, BoxFuture, Transport};

/// A [`Transport`] on a [`reqwest::Client`]: redirects followed as reqwest does by default.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport on a new reqwest client.
    pub fn new() -> Result<Self, BoxError> {
        // reqwest is built without a cryptography provider of its own, and panics without one;
        // ring is the provider the rest of the workspace uses. An error only means that the
        // process already has a default, which then serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder().build()?;
        Ok(ReqwestTransport { client })
    }
}

impl From<reqwest::Client> for ReqwestTransport {
    fn from(client: reqwest::Client) -> Self {
        ReqwestTransport { client }
    }
}

impl Transport for ReqwestTransport {
    fn send(
        &self,
        request: http::Request<Vec<u8>>,
    ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = self.client.execute(request).await?;
            let status = response.status();
            let version = response.version();
            let headers = response.headers().clone();
            let bytes = response.bytes().await?;
            let mut answer = http::Response::new(bytes.to_vec());
            *answer.status_mut() = status;
            *answer.version_mut() = version;
            *answer.headers_mut() = headers;
            Ok(answer)
        })
    }
}
