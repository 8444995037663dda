//! The site's options, as WordPress keeps them in `wp_options`: the few the answers name.

/// The site's title (`get_bloginfo( 'name' )`).
pub const BLOGNAME: &str = "blogname";
/// The site's tagline (`get_bloginfo( 'description' )`).
pub const BLOGDESCRIPTION: &str = "blogdescription";
