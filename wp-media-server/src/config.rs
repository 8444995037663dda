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
    /// The site's permalink structure.
    pub permalinks: crate::names::permalinks::Permalinks,
    /// Whether uploads go to `YYYY/MM` sub-folders (`uploads_use_yearmonth_folders`).
    pub year_month_folders: bool,
}

/// `_wp_upload_dir`'s `baseurl` from the site's options, when they set one other than the
/// site's own `/wp-content/uploads`: `upload_url_path` as it is (a trailing slash and all), or
/// else `siteurl` and an `upload_path` relative to WordPress's folder. An absolute
/// `upload_path` leaves the address at `/wp-content/uploads`.
pub fn uploads_baseurl(siteurl: &str, upload_path: &str, upload_url_path: &str) -> Option<String> {
    if !upload_url_path.is_empty() {
        return Some(upload_url_path.to_owned());
    }
    let upload_path = upload_path.trim();
    if upload_path.is_empty() || upload_path == "wp-content/uploads" || upload_path.starts_with('/')
    {
        return None;
    }
    Some(format!("{}/{upload_path}", siteurl.trim_end_matches('/')))
}

/// An option WordPress tests with `if ( get_option( … ) )`: set unless empty or `"0"`.
pub fn is_set(option: &str) -> bool {
    wp_schema_runtime::php::is_truthy(&serde_json::Value::String(option.to_owned()))
}

impl Config {
    /// `rest_url( $route )`.
    pub fn rest_url(&self, route: &str) -> String {
        self.permalinks.rest_url(&self.site_url, route)
    }

    /// The address of an uploaded file, `relative` to the uploads.
    pub fn uploads_url(&self, relative: &str) -> String {
        match &self.uploads_url {
            Some(base) => format!("{base}/{relative}"),
            None => format!("{}/wp-content/uploads/{relative}", self.site_url),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::uploads_baseurl;

    /// `_wp_upload_dir()['baseurl']` of WordPress 6.9.7 for these options: its own function (with
    /// `path_join` and `trailingslashit`) run by php-cli 8.2 with `siteurl` `http://example.test`
    /// and ABSPATH `/srv/wp/`.
    #[test]
    fn the_uploads_address_follows_the_sites_options() {
        let site = "http://example.test";
        for (upload_path, upload_url_path, expected) in [
            ("", "", None),
            ("wp-content/uploads", "", None),
            ("files", "", Some("http://example.test/files")),
            (" media/up ", "", Some("http://example.test/media/up")),
            ("/var/media", "", None),
            ("files", "https://cdn.test/m/", Some("https://cdn.test/m/")),
            ("", "https://cdn.test/m", Some("https://cdn.test/m")),
        ] {
            assert_eq!(
                uploads_baseurl(site, upload_path, upload_url_path).as_deref(),
                expected,
                "{upload_path:?} {upload_url_path:?}"
            );
        }
    }
}
