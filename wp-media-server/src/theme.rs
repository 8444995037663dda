//! What the site's theme registers in PHP and the REST answers depend on. The reference sites run
//! WordPress 6.9.7's default theme, Twenty Twenty-Five.

/// `wp_get_theme()->get_page_templates( $post, $post_type )`: the custom templates the theme
/// offers for a post type (asked of 6.9.7 through php-cli: `page-no-title` for pages, none for
/// posts, attachments or navigation menus).
pub fn page_templates(post_type: &str) -> &'static [&'static str] {
    match post_type {
        "page" => &["page-no-title"],
        _ => &[],
    }
}
