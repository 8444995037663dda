//! Users, their roles, and their application passwords (stored as WordPress 6.8+ stores them,
//! `wp_fast_hash`; Argon2 hashes from older databases still verify): the rules every backend
//! shares, over the [`Store`]'s users.

use super::{Store, StoreError};
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use base64::Engine as _;
use blake2::digest::{consts::U30, Mac};
use rand::Rng;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::sync::{Arc, Mutex, OnceLock};

/// WordPress's default roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Administrator,
    Editor,
    Author,
    Contributor,
    Subscriber,
}

/// The primitive capabilities the media and users routes check, and those of pages, which a media
/// item may be attached to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cap {
    UploadFiles,
    EditPosts,
    EditOthersPosts,
    EditPublishedPosts,
    EditPrivatePosts,
    PublishPosts,
    ReadPrivatePosts,
    DeletePosts,
    DeleteOthersPosts,
    DeletePublishedPosts,
    DeletePrivatePosts,
    EditPages,
    EditOthersPages,
    EditPublishedPages,
    EditPrivatePages,
    ReadPrivatePages,
    DeletePages,
    DeleteOthersPages,
    DeletePublishedPages,
    DeletePrivatePages,
    UnfilteredHtml,
    /// Mapped to `do_not_allow` unless `ALLOW_UNFILTERED_UPLOADS` is defined, which a fresh
    /// install does not do: nobody has it.
    UnfilteredUpload,
    ListUsers,
    EditUsers,
    DeleteUsers,
    /// What `manage_privacy_options` maps to on a single site: editing or deleting the privacy
    /// policy page needs it besides the page capabilities.
    ManageOptions,
    /// What every capability of the `wp_navigation` post type maps to.
    EditThemeOptions,
}

/// The capabilities of a fresh single site, each with the lowest role that holds it, in the order
/// `populate_roles()` grants them to the administrator (every role's list keeps that order).
const CAPABILITIES: &[(&str, Role)] = &[
    ("switch_themes", Role::Administrator),
    ("edit_themes", Role::Administrator),
    ("activate_plugins", Role::Administrator),
    ("edit_plugins", Role::Administrator),
    ("edit_users", Role::Administrator),
    ("edit_files", Role::Administrator),
    ("manage_options", Role::Administrator),
    ("moderate_comments", Role::Editor),
    ("manage_categories", Role::Editor),
    ("manage_links", Role::Editor),
    ("upload_files", Role::Author),
    ("import", Role::Administrator),
    ("unfiltered_html", Role::Editor),
    ("edit_posts", Role::Contributor),
    ("edit_others_posts", Role::Editor),
    ("edit_published_posts", Role::Author),
    ("publish_posts", Role::Author),
    ("edit_pages", Role::Editor),
    ("read", Role::Subscriber),
    ("level_10", Role::Administrator),
    ("level_9", Role::Administrator),
    ("level_8", Role::Administrator),
    ("level_7", Role::Editor),
    ("level_6", Role::Editor),
    ("level_5", Role::Editor),
    ("level_4", Role::Editor),
    ("level_3", Role::Editor),
    ("level_2", Role::Author),
    ("level_1", Role::Contributor),
    ("level_0", Role::Subscriber),
    ("edit_others_pages", Role::Editor),
    ("edit_published_pages", Role::Editor),
    ("publish_pages", Role::Editor),
    ("delete_pages", Role::Editor),
    ("delete_others_pages", Role::Editor),
    ("delete_published_pages", Role::Editor),
    ("delete_posts", Role::Contributor),
    ("delete_others_posts", Role::Editor),
    ("delete_published_posts", Role::Author),
    ("delete_private_posts", Role::Editor),
    ("edit_private_posts", Role::Editor),
    ("read_private_posts", Role::Editor),
    ("delete_private_pages", Role::Editor),
    ("edit_private_pages", Role::Editor),
    ("read_private_pages", Role::Editor),
    ("delete_users", Role::Administrator),
    ("create_users", Role::Administrator),
    ("unfiltered_upload", Role::Administrator),
    ("edit_dashboard", Role::Administrator),
    ("update_plugins", Role::Administrator),
    ("delete_plugins", Role::Administrator),
    ("install_plugins", Role::Administrator),
    ("update_themes", Role::Administrator),
    ("install_themes", Role::Administrator),
    ("update_core", Role::Administrator),
    ("list_users", Role::Administrator),
    ("remove_users", Role::Administrator),
    ("promote_users", Role::Administrator),
    ("edit_theme_options", Role::Administrator),
    ("delete_themes", Role::Administrator),
    ("export", Role::Administrator),
];

impl Role {
    pub fn parse(name: &str) -> Option<Role> {
        Some(match name {
            "administrator" => Role::Administrator,
            "editor" => Role::Editor,
            "author" => Role::Author,
            "contributor" => Role::Contributor,
            "subscriber" => Role::Subscriber,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Administrator => "administrator",
            Role::Editor => "editor",
            Role::Author => "author",
            Role::Contributor => "contributor",
            Role::Subscriber => "subscriber",
        }
    }

    /// Every capability the role grants, in the order WordPress 6.9.7 stores them (what
    /// `get_role( $name )->capabilities` lists on a fresh install).
    pub fn capability_names(self) -> impl Iterator<Item = &'static str> {
        CAPABILITIES
            .iter()
            .filter(move |(_, lowest)| self.rank() >= lowest.rank())
            .map(|(name, _)| *name)
    }

    /// The `wp_user_level` meta `wp_insert_user` gives a user of this role: the highest
    /// `level_N` capability the role holds.
    pub fn user_level(self) -> u8 {
        self.capability_names()
            .filter_map(|name| name.strip_prefix("level_")?.parse().ok())
            .max()
            .unwrap_or(0)
    }

    /// The roles' places in WordPress's hierarchy: each holds every capability of the roles
    /// below it.
    fn rank(self) -> u8 {
        match self {
            Role::Subscriber => 0,
            Role::Contributor => 1,
            Role::Author => 2,
            Role::Editor => 3,
            Role::Administrator => 4,
        }
    }
}

impl Cap {
    fn name(self) -> &'static str {
        match self {
            Cap::UploadFiles => "upload_files",
            Cap::EditPosts => "edit_posts",
            Cap::EditOthersPosts => "edit_others_posts",
            Cap::EditPublishedPosts => "edit_published_posts",
            Cap::EditPrivatePosts => "edit_private_posts",
            Cap::PublishPosts => "publish_posts",
            Cap::ReadPrivatePosts => "read_private_posts",
            Cap::DeletePosts => "delete_posts",
            Cap::DeleteOthersPosts => "delete_others_posts",
            Cap::DeletePublishedPosts => "delete_published_posts",
            Cap::DeletePrivatePosts => "delete_private_posts",
            Cap::EditPages => "edit_pages",
            Cap::EditOthersPages => "edit_others_pages",
            Cap::EditPublishedPages => "edit_published_pages",
            Cap::EditPrivatePages => "edit_private_pages",
            Cap::ReadPrivatePages => "read_private_pages",
            Cap::DeletePages => "delete_pages",
            Cap::DeleteOthersPages => "delete_others_pages",
            Cap::DeletePublishedPages => "delete_published_pages",
            Cap::DeletePrivatePages => "delete_private_pages",
            Cap::UnfilteredHtml => "unfiltered_html",
            Cap::UnfilteredUpload => "unfiltered_upload",
            Cap::EditThemeOptions => "edit_theme_options",
            Cap::ListUsers => "list_users",
            Cap::EditUsers => "edit_users",
            Cap::DeleteUsers => "delete_users",
            Cap::ManageOptions => "manage_options",
        }
    }
}

#[derive(Clone, Debug)]
pub struct User {
    pub id: i64,
    pub login: String,
    pub email: String,
    pub nicename: String,
    pub display_name: String,
    pub url: String,
    pub description: String,
    /// The first of WordPress's default roles the user holds (subscriber for none): what the
    /// server's own store keeps and its command-line shows.
    pub role: Role,
    /// What the user may do, as WordPress reckons it from the site's roles; shared, as every
    /// user of one default role on the server's own site has the same.
    pub grants: Arc<Grants>,
    /// `user_registered`, in MySQL's `YYYY-MM-DD HH:MM:SS` (UTC).
    pub registered: String,
}

impl User {
    /// `current_user_can` of a primitive capability: held in `allcaps`, and not
    /// `unfiltered_upload`, which no user of a fresh install is allowed.
    pub fn can(&self, cap: Cap) -> bool {
        cap != Cap::UnfilteredUpload
            && self
                .grants
                .all
                .get(cap.name())
                .is_some_and(wp_schema_runtime::php::is_truthy)
    }
}

/// A user's roles and capabilities as `WP_User` holds them: `roles`, `caps` (the capabilities
/// meta as stored) and `allcaps`.
#[derive(Clone, Debug, Default)]
pub struct Grants {
    /// The keys of `own` that are roles of the site, in their stored order, granted or not.
    pub roles: Vec<String>,
    /// The capabilities meta: roles and capabilities given to the user (`extra_capabilities`).
    pub own: Map<String, Value>,
    /// Every role's capabilities, then `own` over them (`allcaps`, the REST `capabilities`).
    pub all: Map<String, Value>,
}

impl Grants {
    /// `WP_User::get_role_caps` over the site's roles (`SITE_user_roles`: each role's name to
    /// its `name` and `capabilities`). A role's capabilities count even where `own` holds the
    /// role as false, as in WordPress; `own` then overrides them key by key.
    pub fn of(own: Map<String, Value>, site_roles: &Map<String, Value>) -> Grants {
        let roles: Vec<String> = own
            .keys()
            .filter(|name| site_roles.contains_key(*name))
            .cloned()
            .collect();
        let mut all = Map::new();
        for role in &roles {
            if let Some(Value::Object(caps)) = site_roles[role].get("capabilities") {
                // `array_merge`: a key already there keeps its place and takes the new value.
                all.extend(caps.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        all.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
        Grants { roles, own, all }
    }

    /// The grants of a user holding one of the default roles on a fresh site, made once per role
    /// (every authenticated request loads its user).
    pub fn of_role(role: Role) -> Arc<Grants> {
        static BY_RANK: OnceLock<[Arc<Grants>; 5]> = OnceLock::new();
        let by_rank = BY_RANK.get_or_init(|| {
            [
                Role::Subscriber,
                Role::Contributor,
                Role::Author,
                Role::Editor,
                Role::Administrator,
            ]
            .map(|role| Arc::new(Grants::made_for(role)))
        });
        by_rank[usize::from(role.rank())].clone()
    }

    fn made_for(role: Role) -> Grants {
        let own = Map::from_iter([(role.as_str().to_owned(), Value::Bool(true))]);
        let caps: Map<String, Value> = role
            .capability_names()
            .map(|name| (name.to_owned(), Value::Bool(true)))
            .collect();
        let site_roles = Map::from_iter([(
            role.as_str().to_owned(),
            serde_json::json!({ "capabilities": caps }),
        )]);
        Grants::of(own, &site_roles)
    }
}

/// A user to add, with the columns `wp_insert_user` fills.
#[derive(Clone, Debug)]
pub struct NewUser {
    pub login: String,
    pub email: String,
    pub nicename: String,
    pub display_name: String,
    pub url: String,
    pub role: Role,
    /// `user_registered`, in MySQL's `YYYY-MM-DD HH:MM:SS` (UTC).
    pub registered: String,
}

impl NewUser {
    /// A user registered at `registered`, its nicename made from its login as `wp_insert_user`
    /// makes it.
    pub fn new(
        login: &str,
        email: &str,
        display_name: &str,
        role: Role,
        url: &str,
        registered: &str,
    ) -> NewUser {
        NewUser {
            login: login.to_owned(),
            email: email.to_owned(),
            nicename: wp_schema_runtime::slug::sanitize_title(login),
            display_name: display_name.to_owned(),
            url: url.to_owned(),
            role,
            registered: registered.to_owned(),
        }
    }
}

/// `user create`: a new user with `LOGIN@example.com` unless an email is given.
pub fn create_user(
    store: &dyn Store,
    login: &str,
    role: &str,
    email: Option<&str>,
) -> Result<User, StoreError> {
    let role = Role::parse(role).ok_or_else(|| StoreError::UnknownRole(role.to_owned()))?;
    let email = email.map_or_else(|| format!("{login}@example.com"), str::to_owned);
    let now = crate::clock::now_mysql();
    store.insert_user(&NewUser::new(login, &email, login, role, "", &now))
}

/// `get_user_by( 'login', … )`: the login through `sanitize_user`, then compared as the database
/// compares (`ADMIN` and ` admin ` find `admin`).
pub fn by_login(store: &dyn Store, login: &str) -> Result<Option<User>, StoreError> {
    store.user_by_login(&wp_schema_runtime::callbacks::sanitize_user(login))
}

/// A login, or failing that an email address, as `wp_authenticate_application_password` looks up.
pub fn by_login_or_email(store: &dyn Store, name: &str) -> Result<Option<User>, StoreError> {
    match by_login(store, name)? {
        Some(user) => Ok(Some(user)),
        None if wp_schema_runtime::validate::formats::is_email(name) => store.user_by_email(name),
        None => Ok(None),
    }
}

/// 24 letters and digits, as `wp_generate_password( 24, false )` draws them.
pub fn generate_app_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::thread_rng();
    (0..24)
        .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
        .collect()
}

/// What WordPress compares: the password with everything but letters and digits removed.
pub fn normalize_app_password(password: &str) -> String {
    password
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The password in the groups of four WordPress shows it in.
pub fn chunked(password: &str) -> String {
    password
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// An application password to store: its hash, never the password itself.
#[derive(Clone, Debug)]
pub struct NewAppPassword {
    pub uuid: String,
    pub name: String,
    pub hash: String,
    /// In MySQL's `YYYY-MM-DD HH:MM:SS` (UTC).
    pub created: String,
}

impl NewAppPassword {
    pub fn new(name: &str, password: &str, created: &str) -> NewAppPassword {
        NewAppPassword {
            uuid: uuid4(),
            name: name.to_owned(),
            hash: fast_hash(password),
            created: created.to_owned(),
        }
    }
}

/// A random UUID of version 4, as `wp_generate_uuid4` writes it (lower-case, with hyphens).
fn uuid4() -> String {
    let bits = rand::thread_rng().gen::<u128>() & !(0xf << 76) & !(0x3 << 62);
    let bits = bits | (0x4 << 76) | (0x2 << 62);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `app-password create`: a new password for the user with this login or email.
pub fn create_app_password(store: &dyn Store, login: &str) -> Result<String, StoreError> {
    let user =
        by_login_or_email(store, login)?.ok_or_else(|| StoreError::NoSuchUser(login.to_owned()))?;
    let password = generate_app_password();
    let stored = NewAppPassword::new("wp-media-server", &password, &crate::clock::now_mysql());
    store.insert_app_password(user.id, &stored)?;
    Ok(password)
}

/// WordPress 6.8+'s `wp_fast_hash`: BLAKE2b of 30 bytes keyed with `wp_fast_hash_6.8+`, written
/// as `$generic$` and URL-safe base64 without padding. An application password is 24 random
/// characters, so a slow hash buys nothing; WordPress dropped it for them in 6.8. Argon2 also
/// held 19 MiB for each check, wrong passwords included.
fn fast_hash(password: &str) -> String {
    let digest = fast_hash_mac(password).finalize().into_bytes();
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest);
    format!("{FAST_HASH_PREFIX}{encoded}")
}

const FAST_HASH_PREFIX: &str = "$generic$";

fn fast_hash_mac(password: &str) -> blake2::Blake2bMac<U30> {
    // The key is 17 bytes, within BLAKE2b's 64.
    let mut mac = blake2::Blake2bMac::<U30>::new_from_slice(b"wp_fast_hash_6.8+")
        .unwrap_or_else(|_| unreachable!("a 17-byte key fits BLAKE2b"));
    mac.update(password.as_bytes());
    mac
}

/// Whether `password` matches `hash`, in constant time: a `wp_fast_hash` value, a portable
/// phpass hash (what WordPress before 6.8 stored, and 6.8+ still accepts), or an Argon2 hash
/// stored before this server used WordPress's scheme.
fn password_matches(password: &str, hash: &str) -> bool {
    if let Some(encoded) = hash.strip_prefix(FAST_HASH_PREFIX) {
        return base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(encoded)
            .is_ok_and(|digest| fast_hash_mac(password).verify_slice(&digest).is_ok());
    }
    if hash.starts_with("$P$") || hash.starts_with("$H$") {
        return phpass::PhPass::try_from(hash).is_ok_and(|stored| stored.verify(password).is_ok());
    }
    PasswordHash::new(hash).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Digests of (stored hash, password) pairs already matched, so a client that sends the same
/// credentials on every request pays for an old Argon2 hash once. A pair is looked up
/// only for a hash still stored, so revoking a password revokes its entry too.
#[derive(Default)]
pub struct VerifiedPasswords {
    digests: Mutex<HashSet<[u8; 32]>>,
}

impl VerifiedPasswords {
    /// Past this many entries the set starts again, bounding its memory.
    const CAPACITY: usize = 4096;

    /// Whether `password` matches one of `hashes` (a user's application passwords). Pairs matched
    /// before are looked up first, so a user with several old Argon2 passwords does not pay for
    /// the ones that were not sent.
    pub fn matches_any(&self, password: &str, hashes: &[String]) -> bool {
        let digests: Vec<[u8; 32]> = hashes.iter().map(|h| Self::digest(password, h)).collect();
        let remembered = {
            let known = self.lock();
            digests.iter().any(|d| known.contains(d))
        };
        if remembered {
            return true;
        }
        let Some(index) = hashes.iter().position(|h| password_matches(password, h)) else {
            return false;
        };
        let mut known = self.lock();
        if known.len() >= Self::CAPACITY {
            known.clear();
        }
        known.insert(digests[index]);
        true
    }

    fn digest(password: &str, hash: &str) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update((hash.len() as u64).to_le_bytes());
        hasher.update(hash.as_bytes());
        hasher.update(password.as_bytes());
        hasher.finalize().into()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashSet<[u8; 32]>> {
        self.digests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};

    fn holding(role: Role) -> User {
        User {
            id: 1,
            login: String::new(),
            email: String::new(),
            nicename: String::new(),
            display_name: String::new(),
            url: String::new(),
            description: String::new(),
            role,
            grants: Grants::of_role(role),
            registered: String::new(),
        }
    }

    #[test]
    fn roles_hold_what_wordpress_grants() {
        assert!(holding(Role::Editor).can(Cap::EditOthersPosts));
        assert!(holding(Role::Editor).can(Cap::UnfilteredHtml));
        assert!(!holding(Role::Author).can(Cap::EditOthersPosts));
        assert!(holding(Role::Author).can(Cap::UploadFiles));
        assert!(!holding(Role::Contributor).can(Cap::UploadFiles));
        assert!(holding(Role::Contributor).can(Cap::EditPosts));
        assert!(!holding(Role::Subscriber).can(Cap::EditPosts));
        assert!(!holding(Role::Administrator).can(Cap::UnfilteredUpload));
    }

    /// `WP_User::get_role_caps`: roles are the keys of the meta that are the site's roles,
    /// granted or not; their capabilities merge in order, and the meta's own entries override
    /// them in place.
    #[test]
    fn grants_merge_the_sites_roles_and_the_users_own() {
        let site_roles = serde_json::json!({
            "media_manager": { "name": "Media", "capabilities": { "read": true, "upload_files": true, "edit_posts": true } },
            "reviewer": { "name": "Reviewer", "capabilities": { "read": true, "edit_others_posts": true } },
        });
        let own = serde_json::json!({ "media_manager": true, "edit_posts": false, "reviewer": false, "list_users": true });
        let (Value::Object(site_roles), Value::Object(own)) = (site_roles, own) else {
            unreachable!()
        };
        let grants = Grants::of(own, &site_roles);
        assert_eq!(grants.roles, ["media_manager", "reviewer"]);
        assert_eq!(
            Value::Object(grants.all.clone()),
            serde_json::json!({
                "read": true, "upload_files": true, "edit_posts": false, "edit_others_posts": true,
                "media_manager": true, "reviewer": false, "list_users": true,
            })
        );
        let keys: Vec<&String> = grants.all.keys().collect();
        assert_eq!(
            keys,
            [
                "read",
                "upload_files",
                "edit_posts",
                "edit_others_posts",
                "media_manager",
                "reviewer",
                "list_users"
            ]
        );
        let user = User {
            grants: Arc::new(grants),
            ..holding(Role::Subscriber)
        };
        assert!(user.can(Cap::UploadFiles));
        assert!(
            !user.can(Cap::EditPosts),
            "the user's own false overrides the role"
        );
        assert!(
            user.can(Cap::EditOthersPosts),
            "a role held as false still counts"
        );
        assert!(user.can(Cap::ListUsers));
    }

    #[test]
    fn a_stored_password_matches_only_itself() {
        let password = generate_app_password();
        assert_eq!(password.len(), 24);
        let stored = NewAppPassword::new("t", &password, "2026-01-01 00:00:00");
        assert!(stored.hash.starts_with("$generic$"));
        assert!(password_matches(&password, &stored.hash));
        assert!(!password_matches("x", &stored.hash));
        assert_eq!(normalize_app_password(&chunked(&password)), password);
    }

    // Seen with PHP 8.2's sodium, the calls WordPress 6.9.7's wp_fast_hash makes
    // (sodium_crypto_generichash with the key `wp_fast_hash_6.8+` and 30 bytes, then
    // sodium_bin2base64 URL-safe without padding).
    #[test]
    fn application_passwords_are_hashed_as_wordpress_hashes_them() {
        let password = "abcdEFGHijklMNOPqrstUVWX";
        let wordpress = "$generic$VbqhfQOT_VfaFmt_p27nedVhgUdnEi-dOUZamH4W";
        assert_eq!(fast_hash(password), wordpress);
        assert!(password_matches(password, wordpress));
        assert!(!password_matches("abcdEFGHijklMNOPqrstUVWx", wordpress));
        assert!(!password_matches(password, "$generic$not-base64!"));
    }

    // Made by WordPress 6.1.9's PasswordHash( 8, true ) (php-cli, class-phpass.php), as it
    // hashed application passwords before 6.8.
    #[test]
    fn portable_phpass_hashes_of_older_wordpress_verify() {
        let wordpress = "$P$BZUI/lkz2vn44tp/sC4pJR6iiALhrx/";
        assert!(password_matches("abc", wordpress));
        assert!(!password_matches("abd", wordpress));
        assert!(!password_matches("abc", "$P$Bnot-a-hash"));
    }

    #[test]
    fn uuids_are_version_4_as_wordpress_writes_them() {
        let uuid = uuid4();
        let groups: Vec<&str> = uuid.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{uuid}"
        );
        assert!(groups[2].starts_with('4'), "{uuid}");
        assert!("89ab".contains(&groups[3][..1]), "{uuid}");
        assert_eq!(uuid, uuid.to_lowercase());
    }

    /// An Argon2 hash as this server stored application passwords before it used WordPress's
    /// scheme.
    fn argon2_hash(password: &str) -> String {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .unwrap()
            .to_string()
    }

    #[test]
    fn argon2_hashes_from_older_databases_still_verify() {
        let hash = argon2_hash("right");
        assert!(password_matches("right", &hash));
        assert!(!password_matches("wrong", &hash));
    }

    #[test]
    fn a_verified_password_is_remembered_only_for_its_own_hash() {
        let hash = argon2_hash("right");
        let other = argon2_hash("other");
        let verified = VerifiedPasswords::default();
        let both = [other.clone(), hash.clone()];
        assert!(!verified.matches_any("wrong", &both));
        assert!(
            verified.lock().is_empty(),
            "a failed match is not remembered"
        );
        assert!(verified.matches_any("right", &both));
        assert!(verified.matches_any("right", &both));
        assert_eq!(
            *verified.lock(),
            HashSet::from([VerifiedPasswords::digest("right", &hash)]),
            "only the pair that matched is remembered"
        );
        assert!(!verified.matches_any("right", &[other]));
    }
}
