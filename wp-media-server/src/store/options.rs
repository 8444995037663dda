//! The site's options, as WordPress keeps them in `wp_options`: the few the answers name.

/// The site's title (`get_bloginfo( 'name' )`).
pub const BLOGNAME: &str = "blogname";
/// The site's tagline (`get_bloginfo( 'description' )`).
pub const BLOGDESCRIPTION: &str = "blogdescription";
/// The id of the privacy policy page (`0` for none); a fresh install makes its draft, id 3.
pub const PAGE_FOR_PRIVACY_POLICY: &str = "wp_page_for_privacy_policy";
