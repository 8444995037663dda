//! WordPress's sanitizing callbacks that argument schemas name or OPTIONS hides.

use crate::{pcre, php};
use serde_json::Value;

/// `sanitize_text_field`: tags stripped, whitespace runs folded to one space, trimmed, and
/// percent-encoded octets removed. Arrays give `""`.
pub fn sanitize_text_field(s: &str) -> String {
    sanitize_text_fields(s, false)
}

/// `sanitize_textarea_field`: as [`sanitize_text_field`], keeping line breaks.
pub fn sanitize_textarea_field(s: &str) -> String {
    sanitize_text_fields(s, true)
}

/// [`sanitize_text_field`] of any value, as PHP casts it (arrays and objects give `""`).
pub fn sanitize_text_field_value(v: &Value) -> String {
    if php::is_array(v) {
        String::new()
    } else {
        sanitize_text_field(&php::to_string(v))
    }
}

fn sanitize_text_fields(s: &str, keep_newlines: bool) -> String {
    if is_plain_text(s) {
        return s.to_owned();
    }
    text_field_rules(s, keep_newlines)
}

fn text_field_rules(s: &str, keep_newlines: bool) -> String {
    let mut filtered = s.to_owned();
    if filtered.contains('<') {
        filtered = escape_lone_less_thans(&filtered);
        filtered = strip_all_tags(&filtered);
        filtered = filtered.replace("<\n", "&lt;\n");
    }
    if !keep_newlines {
        filtered = fold_whitespace(&filtered, |c| matches!(c, '\r' | '\n' | '\t' | ' '));
    }
    filtered = php::trim(&filtered).to_owned();
    let mut found = false;
    while let Some(at) = find_percent_octet(&filtered) {
        let octet = filtered[at..at + 3].to_owned();
        filtered = filtered.replace(&octet, "");
        found = true;
    }
    if found {
        filtered = php::trim(&fold_whitespace(&filtered, |c| c == ' ')).to_owned();
    }
    filtered
}

/// Text no rule of `_sanitize_text_fields` changes: no tag, no percent sign, no white space but
/// single inner spaces, nothing `trim` removes. Most titles, searches and alt texts.
fn is_plain_text(s: &str) -> bool {
    let unchanged = |c: char| !matches!(c, '<' | '%' | '\r' | '\n' | '\t' | '\0' | '\x0b');
    s.chars().all(unchanged) && !s.contains("  ") && !s.starts_with(' ') && !s.ends_with(' ')
}

fn fold_whitespace(s: &str, is_space: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_run = false;
    for c in s.chars() {
        if is_space(c) {
            if !in_run {
                out.push(' ');
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// The first `%[a-f0-9]{2}` (any case).
fn find_percent_octet(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    (0..b.len().saturating_sub(2))
        .find(|&i| b[i] == b'%' && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit())
}

/// `wp_pre_kses_less_than`: a `<` that no `>` closes before the next `<` is HTML-escaped with the
/// rest of its run.
fn escape_lone_less_thans(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at + 1..];
        let stop = tail.find(['<', '>']);
        match stop {
            Some(i) if tail.as_bytes()[i] == b'>' => {
                out.push_str(&rest[at..at + 1 + i + 1]);
                rest = &tail[i + 1..];
            }
            Some(i) => {
                out.push_str(&esc_html(&rest[at..at + 1 + i]));
                rest = &tail[i..];
            }
            None => {
                out.push_str(&esc_html(&rest[at..]));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// `esc_html` for plain text: `&` (unless it starts an entity), `<`, `>`, `"` and `'`.
fn esc_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        match c {
            '&' if starts_entity(&s[i..]) => out.push('&'),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            _ => out.push(c),
        }
    }
    out
}

fn starts_entity(s: &str) -> bool {
    pcre::is_match(
        r"^&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});",
        s,
    )
}

/// `wp_strip_all_tags` without removing breaks: `<script>`/`<style>` elements go with their
/// content, then `strip_tags`, then `trim`. WordPress's pattern, `<(script|style)[^>]*?>.*?</\1>`
/// with `si` and no `u`, folds ASCII letters only, which the regex engine's `(?i)` does not (it
/// takes `ſ` for `s`): the letters are spelled out, one alternative per element.
pub fn strip_all_tags(s: &str) -> String {
    const SCRIPT_OR_STYLE: &str = concat!(
        r"(?s)<[Ss][Cc][Rr][Ii][Pp][Tt][^>]*?>.*?</[Ss][Cc][Rr][Ii][Pp][Tt]>",
        r"|<[Ss][Tt][Yy][Ll][Ee][^>]*?>.*?</[Ss][Tt][Yy][Ll][Ee]>"
    );
    let without_scripts = match pcre::compile(SCRIPT_OR_STYLE) {
        Some(re) => re.replace_all(s, "").into_owned(),
        None => s.to_owned(),
    };
    php::trim(&php::strip_tags(&without_scripts)).to_owned()
}

/// `sanitize_user( $username )`, not strict: tags, accents, percent-encoded octets and entities
/// removed, then trimmed, with each run of white space made one space.
pub fn sanitize_user(username: &str) -> String {
    let username = crate::slug::remove_accents(&strip_all_tags(username));
    let username = crate::slug::remove_entities(&remove_percent_octets(&username));
    // `trim` leaves a form feed, which `\s+` then turns into a space like any other run.
    let mut out = String::with_capacity(username.len());
    let mut in_space = false;
    for c in php::trim(&username).chars() {
        let space = matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
        if !space {
            out.push(c);
        } else if !in_space {
            out.push(' ');
        }
        in_space = space;
    }
    out
}

/// `preg_replace( '|%([a-fA-F0-9][a-fA-F0-9])|', '', … )`.
fn remove_percent_octets(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut kept_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            out.push_str(&s[kept_from..i]);
            i += 3;
            kept_from = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&s[kept_from..]);
    out
}

/// `sanitize_key`: ASCII lower-cased, then only `a-z0-9_-` kept. Non-scalars give `""`.
pub fn sanitize_key(v: &Value) -> String {
    if !php::is_scalar(v) {
        return String::new();
    }
    sanitize_key_str(&php::to_string(v))
}

/// [`sanitize_key`] of a string.
pub fn sanitize_key_str(s: &str) -> String {
    let is_kept = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-';
    if s.chars().all(is_kept) {
        return s.to_owned();
    }
    // PHP 8's `strtolower` lowers ASCII only: the Kelvin sign must not become a `k`.
    s.chars()
        .map(|c| c.to_ascii_lowercase())
        .filter(|&c| is_kept(c))
        .collect()
}

/// `absint`: `abs( (int) $v )`.
pub fn absint(v: &Value) -> i64 {
    php::absint(v)
}

/// `wp_parse_list`.
pub fn wp_parse_list(v: &Value) -> Vec<Value> {
    php::parse_list(v)
}

/// `wp_parse_id_list`: `absint` of each, duplicates dropped.
pub fn wp_parse_id_list(v: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = Vec::new();
    for id in wp_parse_list(v).iter().map(absint) {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// `rest_parse_hex_color`, and the check of `sanitize_hex_color`, which uses the same pattern.
pub fn is_hex_color(s: &str) -> bool {
    crate::pcre::is_match("^#([A-Fa-f0-9]{3}){1,2}$", s)
}

/// `sanitize_hex_color`: the colour, or `""` when it is not one.
pub fn sanitize_hex_color(v: &Value) -> String {
    let s = php::to_string(v);
    if is_hex_color(&s) {
        s
    } else {
        String::new()
    }
}

/// The protocols `wp_allowed_protocols` returns by default.
const ALLOWED_PROTOCOLS: [&str; 22] = [
    "http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp",
    "feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn",
];

/// `esc_url`'s test for a relative link to a PHP file, `/^[a-z0-9-]+?\.php/i`: no `u` flag, so only
/// ASCII letters fold (the regex engine's `(?i)` would take the Kelvin sign for `k`).
fn is_php_file_name(url: &str) -> bool {
    pcre::is_match(r"^[A-Za-z0-9-]+?\.[Pp][Hh][Pp]", url)
}

/// `sanitize_url` (`esc_url` for the database): spaces encoded, characters outside URLs dropped,
/// `http://` prepended where there is no scheme, and `""` for a protocol WordPress does not allow.
/// Brackets after the host are percent-encoded.
pub fn sanitize_url(url: &str) -> String {
    if url.is_empty() {
        return String::new();
    }
    let spaced = url
        .trim_start_matches([' ', '\t', '\n', '\r', '\0', '\x0b'])
        .replace(' ', "%20");
    let mut url: String = spaced
        .chars()
        .filter(|c| {
            c.is_ascii_alphanumeric() || "-~+_.?#=!&;,/:%@$|*'()[]\\".contains(*c) || !c.is_ascii()
        })
        .collect();
    if url.is_empty() {
        return url;
    }
    if !url.to_lowercase().starts_with("mailto:") {
        while ["%0d", "%0a", "%0D", "%0A"].iter().any(|p| url.contains(p)) {
            for p in ["%0d", "%0a", "%0D", "%0A"] {
                url = url.replace(p, "");
            }
        }
    }
    url = url.replace(";//", "://");
    let starts_relative = url.starts_with(['/', '#', '?']);
    if !url.contains(':') && !starts_relative && !is_php_file_name(&url) {
        url = format!("http://{url}");
    }
    if url.contains(['[', ']']) {
        url = encode_brackets_after_host(&url);
    }
    if url.starts_with('/') {
        return url;
    }
    match url.split_once(':') {
        Some((scheme, _)) if url.find(':') < url.find(['/', '?', '#']).or(Some(usize::MAX)) => {
            if ALLOWED_PROTOCOLS.contains(&scheme.to_lowercase().as_str()) {
                url
            } else {
                String::new()
            }
        }
        _ => url,
    }
}

/// `[` and `]` outside the scheme, credentials, host and port become `%5B` and `%5D`.
fn encode_brackets_after_host(url: &str) -> String {
    let front_end = match url.find("://") {
        Some(at) => url[at + 3..]
            .find(['/', '?', '#'])
            .map_or(url.len(), |i| at + 3 + i),
        None => 0,
    };
    let (front, rest) = url.split_at(front_end);
    format!("{front}{}", rest.replace('[', "%5B").replace(']', "%5D"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // Seen on WordPress 6.9.7 (sanitize_text_field through wp-load.php).
    #[test]
    fn text_fields() {
        let cases = [
            ("a&b < c", "a&b &lt; c"),
            ("<a href='x>y'>t</a>z", "tz"),
            ("<!-- c -->d", "d"),
            ("a <\nb", "a &lt; b"),
            ("x < y > z < w", "x < y > z &lt; w"),
            ("  a   b ", "a b"),
            ("<b>x</b>", "x"),
            ("a < b", "a &lt; b"),
            ("a<b", "a&lt;b"),
            ("1 > 0", "1 > 0"),
            ("x%20y", "xy"),
            ("50%", "50%"),
            ("<script>x</script>y", "y"),
            // Only one pass of removal happens per match: `%25` goes, `41` stays.
            ("%2541", "41"),
            ("line\nbreak", "line break"),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize_text_field(input), expected, "{input:?}");
        }
        assert_eq!(sanitize_textarea_field("a\n b"), "a\n b");
        assert_eq!(sanitize_text_field_value(&json!([1])), "");
        assert_eq!(sanitize_text_field_value(&json!(5)), "5");
    }

    proptest::proptest! {
        // The shortcut for plain text gives what the rules give, on text made mostly of the
        // characters the rules look at.
        #[test]
        fn plain_text_is_what_the_rules_leave(s in "[a-z <>%0-9A-F\t\n\r&;]{0,12}") {
            if is_plain_text(&s) {
                proptest::prop_assert_eq!(text_field_rules(&s, false), s.clone());
                proptest::prop_assert_eq!(text_field_rules(&s, true), s);
            }
        }
    }

    #[test]
    fn keys_ids_colors() {
        assert_eq!(sanitize_key(&json!("Edit-Me_1!")), "edit-me_1");
        assert_eq!(sanitize_key(&json!(["x"])), "");
        // PHP 8.2: strtolower leaves the Kelvin sign and the dotted capital I as they are, so
        // the key filter drops them (php -r, sanitize_key's two steps).
        assert_eq!(sanitize_key_str("\u{212A}A\u{130}B"), "ab");
        assert_eq!(absint(&json!("-5")), 5);
        assert_eq!(wp_parse_id_list(&json!("1, 2,2,-3")), vec![1, 2, 3]);
        assert_eq!(sanitize_hex_color(&json!("#abc")), "#abc");
        assert_eq!(sanitize_hex_color(&json!("abc")), "");
    }

    // Seen on WordPress 6.9.7 (sanitize_url).
    #[test]
    fn urls() {
        let cases = [
            ("hello world", "http://hello%20world"),
            ("https://example.org/a b", "https://example.org/a%20b"),
            ("/relative", "/relative"),
            ("javascript:alert(1)", ""),
            ("index.php?x=1", "index.php?x=1"),
            ("example.com/[x]", "http://example.com/%5Bx%5D"),
            ("ftp://a", "ftp://a"),
            ("data:text/plain,hi", ""),
            ("a:b", ""),
            ("", ""),
        ];
        for (input, expected) in cases {
            assert_eq!(sanitize_url(input), expected, "{input:?}");
        }
    }

    /// `wp_strip_all_tags`'s and `esc_url`'s patterns have `i` but no `u` flag: PCRE folds ASCII
    /// letters only, so `ſ` (U+017F) is not `s` and the Kelvin sign (U+212A) is not `k` there
    /// (WordPress 6.9.7 on PHP 8.2).
    #[test]
    fn patterns_without_the_u_flag_fold_ascii_letters_only() {
        assert_eq!(
            sanitize_text_field("a<\u{17F}cript>x</\u{17F}cript>b"),
            "axb"
        );
        assert_eq!(sanitize_text_field("a<SCRIPT>x</script>b"), "ab");
        // `esc_url`'s PHP-file test, likewise.
        assert_eq!(sanitize_url("\u{212A}.php"), "http://\u{212A}.php");
        assert_eq!(sanitize_url("\u{17F}.php"), "http://\u{17F}.php");
        assert_eq!(sanitize_url("x.PHP"), "x.PHP");
    }
}
