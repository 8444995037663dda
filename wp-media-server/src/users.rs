//! `GET /wp/v2/users/{id}`, which author links point to, and `GET /wp/v2/users/me`.

use crate::api::users::{
    User as UserItem, UserAvatarUrls, UserGetArgs, UserListArgs as UserMeArgs, UserLocale, UserMeta,
};
use crate::request::{Call, Reply};
use crate::store::users::{Cap, User};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use wp_schema_runtime::{Absent, Context, Extra, WpError};

fn invalid_user() -> WpError {
    WpError::new("rest_user_invalid_id", "Invalid user ID.").with_data(json!({ "status": 404 }))
}

fn find(call: &Call<'_>) -> Result<User, WpError> {
    let id = call
        .params
        .get("id")
        .map_or(0, wp_schema_runtime::php::to_int);
    let user = if id > 0 {
        call.app.store.user(id).map_err(crate::request::internal)?
    } else {
        None
    };
    user.ok_or_else(invalid_user)
}

/// `get_item_permissions_check` of the users controller: the edit context needs `edit_user`;
/// otherwise anyone may see a user with published posts, and others need `edit_user` or
/// `list_users`.
fn check(call: &Call<'_>, user: &User, context: &str) -> Result<(), WpError> {
    if call.user_id() == user.id {
        return Ok(());
    }
    let edits_users = call.can(Cap::EditUsers);
    if context == "edit" && !edits_users {
        return Err(call.forbidden(
            "rest_forbidden_context",
            "Sorry, you are not allowed to edit this user.",
        ));
    }
    if !edits_users && !call.can(Cap::ListUsers) && !has_published_posts(call, user.id) {
        return Err(call.forbidden(
            "rest_user_cannot_view",
            "Sorry, you are not allowed to list users.",
        ));
    }
    Ok(())
}

/// A store that cannot say counts as no published posts: the user stays hidden.
fn has_published_posts(call: &Call<'_>, id: i64) -> bool {
    call.app.store.has_published_posts(id).unwrap_or(false)
}

pub fn permitted(call: &Call<'_>) -> bool {
    find(call)
        .and_then(|user| check(call, &user, &requested_context(call)))
        .is_ok()
}

/// The methods of WordPress's update and delete endpoints on `/wp/v2/users/{id}` that this
/// request may use. This server does not serve them, but WordPress names them in the `Allow`
/// header and in the `targetHints` of user links, and so does this server.
pub fn unserved_methods_allowed(call: &Call<'_>) -> Vec<&'static str> {
    find(call).map_or_else(|_| Vec::new(), |user| edit_and_delete(call, &user))
}

/// [`unserved_methods_allowed`] on `/wp/v2/users/me`, whose update and delete endpoints check the
/// current user as their id: a visitor, who is no user, may use neither.
pub fn unserved_methods_allowed_on_me(call: &Call<'_>) -> Vec<&'static str> {
    call.user
        .as_ref()
        .map_or_else(Vec::new, |user| edit_and_delete(call, user))
}

/// POST, PUT and PATCH with `edit_user` (anyone on themselves, else `edit_users`); DELETE with
/// `delete_user` (`delete_users` on a single site).
fn edit_and_delete(call: &Call<'_>, user: &User) -> Vec<&'static str> {
    let mut allow = Vec::new();
    if call.user_id() == user.id || call.can(Cap::EditUsers) {
        allow.extend(["POST", "PUT", "PATCH"]);
    }
    if call.can(Cap::DeleteUsers) {
        allow.push("DELETE");
    }
    allow
}

/// A link's `targetHints`: the `Allow` of a fresh GET of the link, whose context is `view`.
fn target_hints(call: &Call<'_>, user: &User) -> Vec<&'static str> {
    let mut allow = Vec::new();
    if check(call, user, "view").is_ok() {
        allow.push("GET");
    }
    allow.extend(edit_and_delete(call, user));
    allow
}

pub fn get(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = UserGetArgs::from_params_with(&call.params, &*call)?;
    let user = find(call)?;
    check(call, &user, &args.context)?;
    answer(call, &user, &args.context)
}

/// `get_current_item`: the user the credentials name, in the requested context (anyone may see
/// themselves in any of them); a visitor is refused with 401.
pub fn me(call: &mut Call<'_>) -> Result<Reply, WpError> {
    let args = UserMeArgs::from_params_with(&call.params, &*call)?;
    let Some(user) = call.user.clone() else {
        return Err(
            WpError::new("rest_not_logged_in", "You are not currently logged in.")
                .with_data(json!({ "status": 401 })),
        );
    };
    answer(call, &user, &args.context)
}

/// `user` in the parsed `context`, with its links unless `_fields` leaves them out.
fn answer(call: &Call<'_>, user: &User, context: &str) -> Result<Reply, WpError> {
    let ctx = crate::request::context_of(context)?;
    let requested = crate::request::requested_fields(call);
    Ok(Reply::ok(prepare(call, user, ctx, requested.as_deref())?))
}

/// A user in the embed context, for `_embed`: the user, or the error the request for it gives.
pub fn embedded(call: &Call<'_>, id: i64) -> Option<Value> {
    let user = call.app.store.user(id).ok().flatten()?;
    Some(
        match check(call, &user, "embed").and_then(|()| prepare(call, &user, Context::Embed, None))
        {
            Ok(item) => item,
            Err(error) => error.to_json(),
        },
    )
}

fn requested_context(call: &Call<'_>) -> String {
    call.param_str("context").unwrap_or_default()
}

/// The users controller's item: with `_fields`, only the fields it names exactly (it checks each
/// with `in_array`, so `description.raw` leaves `description` out: 6.9.7 answers `[]`), and links
/// when they are asked for.
fn prepare(
    call: &Call<'_>,
    user: &User,
    ctx: Context,
    requested: Option<&[String]>,
) -> Result<Value, WpError> {
    let site = &call.app.config.site_url;
    let hash: String = Sha256::digest(user.email.trim().to_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let avatar = |size: u32| format!("https://secure.gravatar.com/avatar/{hash}?s={size}&d=mm&r=g");
    let mut item = UserItem {
        id: user.id,
        username: user.login.clone(),
        name: user.display_name.clone(),
        // What a user created without these has in WordPress: no first or last name, the site's
        // locale, the login as nickname.
        first_name: String::new(),
        last_name: String::new(),
        email: user.email.clone(),
        url: user.url.clone(),
        description: user.description.clone(),
        link: format!("{site}/author/{}/", user.nicename),
        locale: UserLocale::EnUS,
        nickname: user.login.clone(),
        slug: user.nicename.clone(),
        registered_date: registered_date(&user.registered),
        roles: user.grants.roles.clone(),
        password: String::new(),
        capabilities: Value::Object(user.grants.all.clone()),
        extra_capabilities: Value::Object(user.grants.own.clone()),
        avatar_urls: UserAvatarUrls {
            _24: avatar(24),
            _48: avatar(48),
            _96: avatar(96),
            absent: Absent::NONE,
            extra: Extra::new(),
        },
        meta: UserMeta {
            persisted_preferences: json!([]),
            absent: Absent::NONE,
            extra: Extra::new(),
        },
        absent: Absent::NONE,
        extra: Extra::new(),
    };
    // WordPress never writes a user's password (the schema lists it for creating users).
    item.absent.insert(password_position());
    let mut data =
        serde_json::to_value(item.serialize_in(ctx)).map_err(crate::request::internal)?;
    if let (Some(requested), Value::Object(map)) = (requested, &mut data) {
        map.retain(|key, _| requested.iter().any(|f| f == key));
    }
    let with_links = crate::request::includes_links(requested);
    if let (true, Value::Object(map)) = (with_links, &mut data) {
        map.insert(
            "_links".to_owned(),
            json!({
                "self": [{ "href": call.app.config.rest_url(&format!("/wp/v2/users/{}", user.id)), "targetHints": { "allow": target_hints(call, user) } }],
                "collection": [{ "href": call.app.config.rest_url("/wp/v2/users") }],
            }),
        );
    }
    Ok(data)
}

/// Where `password` is among the user item's properties.
fn password_position() -> usize {
    UserItem::PROPERTIES
        .iter()
        .position(|p| *p == "password")
        .expect("the users schema lists `password`")
}

/// `user_registered` as the users controller writes it: `gmdate( 'c', … )`.
fn registered_date(mysql: &str) -> String {
    format!("{}+00:00", mysql.replacen(' ', "T", 1))
}
