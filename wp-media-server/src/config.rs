//! What the server is started with.

use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: SocketAddr,
    pub data: PathBuf,
    /// The site's address without a trailing slash, e.g. `http://127.0.0.1:8080`.
    pub site_url: String,
    pub max_upload_size: u64,
    /// The image sizes the site registers, and its big-image threshold.
    pub image_sizes: crate::images::sizes::SiteSizes,
    /// The address the uploads are read from (`wp_upload_dir()`'s `baseurl`), when it is not
    /// the site's own `/wp-content/uploads`.
    pub uploads_url: Option<String>,
}

impl Config {
    pub fn rest_url(&self, route: &str) -> String {
        format!("{}/wp-json{route}", self.site_url)
    }

    pub fn uploads_url(&self, relative: &str) -> String {
        match &self.uploads_url {
            Some(base) => format!("{base}/{relative}"),
            None => format!("{}/wp-content/uploads/{relative}", self.site_url),
        }
    }
}
