//! The routes this server registers, matched as `WP_REST_Server::match_request_to_handler` does:
//! case-insensitively, with trailing slashes ignored.

/// A matched route and its captures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`, the index.
    Index,
    /// `/wp/v2`, the namespace's index.
    Namespace,
    /// `/wp/v2/media`.
    Media,
    /// `/wp/v2/media/(?P<id>[\d]+)`, with the id as written.
    MediaItem(String),
    /// `/wp/v2/media/(?P<id>[\d]+)/post-process`.
    MediaPostProcess(String),
    /// `/wp/v2/media/(?P<id>[\d]+)/edit`.
    MediaEdit(String),
    /// `/wp/v2/users/(?P<id>[\d]+)`.
    UserItem(String),
    /// `/wp/v2/users/me`.
    UserMe,
}

impl Route {
    pub fn parse(path: &str) -> Option<Route> {
        // `untrailingslashit`: every trailing `/` and `\` goes.
        let trimmed = path.trim_end_matches(['/', '\\']);
        let lower = trimmed.to_ascii_lowercase();
        if lower.is_empty() {
            return Some(Route::Index);
        }
        if lower == "/wp/v2" {
            return Some(Route::Namespace);
        }
        if lower == "/wp/v2/media" {
            return Some(Route::Media);
        }
        if let Some(id) = digits_after(&lower, "/wp/v2/media/") {
            return Some(Route::MediaItem(id));
        }
        if let Some(id) = lower
            .strip_suffix("/post-process")
            .and_then(|item| digits_after(item, "/wp/v2/media/"))
        {
            return Some(Route::MediaPostProcess(id));
        }
        if let Some(id) = lower
            .strip_suffix("/edit")
            .and_then(|item| digits_after(item, "/wp/v2/media/"))
        {
            return Some(Route::MediaEdit(id));
        }
        if lower == "/wp/v2/users/me" {
            return Some(Route::UserMe);
        }
        digits_after(&lower, "/wp/v2/users/").map(Route::UserItem)
    }

    /// The methods the route's endpoints accept, in registration order (the `Allow` candidates).
    pub fn endpoints(&self) -> &'static [(&'static [&'static str], Endpoint)] {
        match self {
            Route::Index => &[(&["GET"], Endpoint::Index)],
            Route::Namespace => &[(&["GET"], Endpoint::Namespace)],
            Route::Media => &[(&["GET"], Endpoint::List), (&["POST"], Endpoint::Create)],
            Route::MediaItem(_) => &[
                (&["GET"], Endpoint::Get),
                (&["POST", "PUT", "PATCH"], Endpoint::Update),
                (&["DELETE"], Endpoint::Delete),
            ],
            Route::MediaPostProcess(_) => &[(&["POST"], Endpoint::PostProcess)],
            Route::MediaEdit(_) => &[(&["POST"], Endpoint::Edit)],
            Route::UserItem(_) => &[(&["GET"], Endpoint::User)],
            Route::UserMe => &[(&["GET"], Endpoint::Me)],
        }
    }

    /// The endpoint serving `method` (HEAD is served by GET).
    pub fn endpoint_for(&self, method: &str) -> Option<Endpoint> {
        let method = if method == "HEAD" { "GET" } else { method };
        self.endpoints()
            .iter()
            .find(|(methods, _)| methods.contains(&method))
            .map(|(_, endpoint)| *endpoint)
    }

    /// The id capture, for item routes.
    pub fn id(&self) -> Option<&str> {
        match self {
            Route::MediaItem(id)
            | Route::MediaPostProcess(id)
            | Route::MediaEdit(id)
            | Route::UserItem(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Index,
    Namespace,
    List,
    Create,
    Get,
    Update,
    Delete,
    PostProcess,
    Edit,
    User,
    Me,
}

fn digits_after(path: &str, prefix: &str) -> Option<String> {
    let rest = path.strip_prefix(prefix)?;
    (!rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())).then(|| rest.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_case_insensitively_and_ignore_trailing_slashes() {
        assert_eq!(Route::parse("/wp/v2/media/"), Some(Route::Media));
        assert_eq!(Route::parse("/wp/v2/media//\\"), Some(Route::Media));
        assert_eq!(
            Route::parse("/WP/v2/Media/12"),
            Some(Route::MediaItem("12".into()))
        );
        assert_eq!(Route::parse("/wp/v2/media/x"), None);
        assert_eq!(
            Route::parse("/wp/v2/Media/5/Post-Process/"),
            Some(Route::MediaPostProcess("5".into()))
        );
        assert_eq!(Route::parse("/wp/v2/media/x/post-process"), None);
        assert_eq!(
            Route::parse("/wp/v2/media/5/Edit/"),
            Some(Route::MediaEdit("5".into()))
        );
        assert_eq!(Route::parse("/wp/v2/media/edit"), None);
        assert_eq!(Route::parse("/"), Some(Route::Index));
        assert_eq!(Route::parse("/WP/v2/"), Some(Route::Namespace));
        assert_eq!(
            Route::parse("/wp/v2/users/1"),
            Some(Route::UserItem("1".into()))
        );
        assert_eq!(Route::parse("/wp/v2/Users/ME/"), Some(Route::UserMe));
        assert_eq!(Route::parse("/wp/v2/users/me2"), None);
    }
}
