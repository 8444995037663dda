//! The call serving one request: the application's state, who asks, the parameters WordPress reads
//! and the route; what every handler and helper takes.

use super::RestRequest;
use crate::config::Config;
use crate::storage::Storage;
use crate::store::posts::AttachmentMeta;
use crate::store::users::{Cap, User, VerifiedPasswords};
use crate::store::{Store, StoreError};
use std::sync::Arc;
use wp_schema_runtime::args::RequestState;
use wp_schema_runtime::params::{Params, RequestParts};
use wp_schema_runtime::WpError;

/// Everything a request may need: the configuration, the store, and what is read once for all.
pub struct App {
    pub config: Config,
    /// Boxed, not a type parameter: see [`Store`].
    pub store: Box<dyn Store>,
    /// Where the uploads are kept (`wp_upload_dir()`'s `basedir`).
    pub uploads: Arc<dyn Storage>,
    /// Items' JSON, until the database changes.
    pub items: crate::store::item_cache::ItemCache,
    /// Application passwords already checked against their stored hash this run.
    pub verified: VerifiedPasswords,
    /// The route documents, for `OPTIONS` and the index.
    pub documents: crate::api::Documents,
}

impl App {
    pub fn new(
        config: Config,
        store: impl Store + 'static,
        uploads: impl Storage + 'static,
    ) -> App {
        App::with_store(config, Box::new(store), Arc::new(uploads))
    }

    /// [`App::new`] on a store and uploads storage chosen at run time.
    pub fn with_store(config: Config, store: Box<dyn Store>, uploads: Arc<dyn Storage>) -> App {
        App {
            documents: crate::api::Documents::new(&config.site_url),
            config,
            store,
            uploads,
            items: Default::default(),
            verified: Default::default(),
        }
    }
}

/// One request being served.
pub struct Call<'a> {
    pub app: &'a App,
    pub req: &'a RestRequest,
    pub user: Option<User>,
    pub params: Params,
    /// The `id` the matched route captured from the URL, as written.
    pub url_id: Option<String>,
    /// The status of the post an update targets, for `check_status`.
    pub current_status: Option<String>,
    /// The page template of the post an update targets, and those the theme offers for its type,
    /// for `check_template`: WordPress reads them from the post the `id` names, whatever its type.
    pub current_template: Option<String>,
    pub allowed_templates: Vec<String>,
    /// The audio and video players rendered so far: their markup is numbered per request.
    pub players: PlayerCounts,
    /// Whether the endpoint refused the request's arguments before parsing them: the `Allow`
    /// header's permission checks then see them as sent.
    pub arguments_refused: bool,
    /// Attachments' meta read ahead for this request, each taken when its item is made: what
    /// `update_meta_cache` keeps for one request in WordPress (see [`Store::prefetch_meta`]).
    pub primed_meta: std::cell::RefCell<std::collections::HashMap<i64, AttachmentMeta>>,
}

impl Call<'_> {
    /// The meta of attachment `id`: read ahead for this request, or from the store.
    pub fn attachment_meta(&self, id: i64) -> Result<AttachmentMeta, StoreError> {
        match self.primed_meta.borrow_mut().remove(&id) {
            Some(meta) => Ok(meta),
            None => self.app.store.attachment_meta(id),
        }
    }

    pub fn user_id(&self) -> i64 {
        self.user.as_ref().map_or(0, |u| u.id)
    }

    pub fn can(&self, cap: Cap) -> bool {
        self.user.as_ref().is_some_and(|u| u.can(cap))
    }

    /// `rest_authorization_required_code()`.
    pub fn denied_status(&self) -> u16 {
        wp_schema_runtime::args::authorization_status(self)
    }

    pub fn forbidden(&self, code: &'static str, message: &str) -> WpError {
        WpError::new(code, message).with_data(serde_json::json!({ "status": self.denied_status() }))
    }

    /// The request as the generated parsers' `from_request` reads it.
    pub fn request_parts(&self) -> RequestParts<'_> {
        request_parts_of(self.req, self.url_id.as_deref())
    }

    /// A raw parameter as a string (`context` before parsing, say).
    pub fn param_str(&self, name: &str) -> Option<String> {
        self.params.get(name).map(wp_schema_runtime::php::to_string)
    }
}

impl RequestState for Call<'_> {
    fn current_status(&self) -> Option<&str> {
        self.current_status.as_deref()
    }

    fn current_template(&self) -> Option<&str> {
        self.current_template.as_deref()
    }

    fn allowed_templates(&self) -> &[String] {
        &self.allowed_templates
    }

    fn can_query_status(&self, status: &str) -> bool {
        self.can(Cap::EditPosts) || (status == "private" && self.can(Cap::ReadPrivatePosts))
    }

    fn is_logged_in(&self) -> bool {
        self.user.is_some()
    }
}

/// Where WordPress reads a request's parameters from: its body, query string and route captures.
pub fn request_parts_of<'a>(req: &'a RestRequest, url_id: Option<&str>) -> RequestParts<'a> {
    RequestParts {
        method: &req.method,
        query: &req.query,
        content_type: req.header("content-type"),
        body: &req.body,
        url: url_id
            .map(|id| vec![("id".to_owned(), id.to_owned())])
            .unwrap_or_default(),
        multipart_fields: req.multipart.as_ref().map(|(fields, _)| fields.clone()),
    }
}

/// The `id` parameter as `(int)` reads it (the query string may override the URL's).
pub fn raw_id(call: &Call<'_>) -> i64 {
    call.params
        .get("id")
        .map_or(0, wp_schema_runtime::php::to_int)
}

/// How many audio and video players the request has rendered: WordPress numbers each render of
/// its `[audio]` and `[video]` shortcodes (a `static $instance` each), so a player's number
/// depends on what else the request rendered before.
#[derive(Default)]
pub struct PlayerCounts {
    pub audio: std::cell::Cell<u32>,
    pub video: std::cell::Cell<u32>,
}
