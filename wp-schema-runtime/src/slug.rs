//! `sanitize_title` in the `save` context: what WordPress makes of a slug (`remove_accents`, then
//! `sanitize_title_with_dashes`).

use crate::php::strip_tags;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Letters `remove_accents` spells out rather than strips of a mark.
const SPELLED: [(char, &str); 26] = [
    ('æ', "ae"),
    ('Æ', "AE"),
    ('ß', "s"),
    ('ø', "o"),
    ('Ø', "O"),
    ('đ', "d"),
    ('Đ', "D"),
    ('ł', "l"),
    ('Ł', "L"),
    ('œ', "oe"),
    ('Œ', "OE"),
    ('þ', "th"),
    ('Þ', "TH"),
    ('ð', "d"),
    ('Ð', "D"),
    ('ĸ', "k"),
    ('ŋ', "n"),
    ('Ŋ', "N"),
    ('ı', "i"),
    ('ĳ', "ij"),
    ('Ĳ', "IJ"),
    ('ŀ', "l"),
    ('Ŀ', "L"),
    ('ſ', "s"),
    ('ª', "a"),
    ('º', "o"),
];

/// `remove_accents` for Latin letters: marks dropped (`é` → `e`), ligatures and special letters
/// spelled out. Other scripts are left as they are.
pub fn remove_accents(s: &str) -> String {
    if s.is_ascii() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some((_, spelled)) = SPELLED.iter().find(|(from, _)| *from == c) {
            out.push_str(spelled);
            continue;
        }
        let base: String = c
            .to_string()
            .nfd()
            .filter(|m| !is_combining_mark(*m))
            .collect();
        if is_latin(c) && base.is_ascii() && !base.is_empty() {
            out.push_str(&base);
        } else {
            out.push(c);
        }
    }
    out
}

/// Latin-1 Supplement and Latin Extended-A/B and Additional: the letters `remove_accents` maps.
fn is_latin(c: char) -> bool {
    matches!(c as u32, 0xC0..=0x24F | 0x1E00..=0x1EFF)
}

/// `sanitize_title( $title )`: the slug WordPress saves.
pub fn sanitize_title(title: &str) -> String {
    if is_finished_slug(title) {
        return title.to_owned();
    }
    sanitize_title_with_dashes(&remove_accents(title))
}

/// `sanitize_title_for_query( $title )`: a slug as `WP_Query` compares it (`post_name__in`). The
/// `query` context skips accent removal and the `save` context's character replacements.
pub fn sanitize_title_for_query(title: &str) -> String {
    if is_finished_slug(title) {
        return title.to_owned();
    }
    every_step_of_sanitize_title_with_dashes(title, SlugContext::Query)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum SlugContext {
    Save,
    Query,
}

/// A slug that every step of `sanitize_title` leaves as it is: lower-case ASCII letters, digits,
/// `_` and single inner dashes. Most arguments arrive like this (`inherit`, `image`), and the full
/// pipeline costs a dozen string copies.
fn is_finished_slug(title: &str) -> bool {
    !title.starts_with('-')
        && !title.ends_with('-')
        && !title.contains("--")
        && title
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
}

/// Characters the `save` context removes, as their lower-case UTF-8 octets: soft hyphen,
/// inverted marks, guillemets, quotes, bullet, signs, accents, zero-width and direction marks.
const REMOVED_OCTETS: [&str; 40] = [
    "%c2%ad",
    "%c2%a1",
    "%c2%bf",
    "%c2%ab",
    "%c2%bb",
    "%e2%80%b9",
    "%e2%80%ba",
    "%e2%80%98",
    "%e2%80%99",
    "%e2%80%9c",
    "%e2%80%9d",
    "%e2%80%9a",
    "%e2%80%9b",
    "%e2%80%9e",
    "%e2%80%9f",
    "%e2%80%a2",
    "%c2%a9",
    "%c2%ae",
    "%c2%b0",
    "%e2%80%a6",
    "%e2%84%a2",
    "%c2%b4",
    "%cb%8a",
    "%cc%81",
    "%cd%81",
    "%cc%80",
    "%cc%84",
    "%cc%8c",
    "%e2%80%8b",
    "%e2%80%8c",
    "%e2%80%8d",
    "%e2%80%8e",
    "%e2%80%8f",
    "%e2%80%aa",
    "%e2%80%ab",
    "%e2%80%ac",
    "%e2%80%ad",
    "%e2%80%ae",
    "%ef%bb%bf",
    "%ef%bf%bc",
];

/// No-break spaces and dashes, turned into `-` first.
const DASHES: [&str; 4] = ["%c2%a0", "%e2%80%91", "%e2%80%93", "%e2%80%94"];

/// The other Unicode spaces, turned into `-` after the removals.
const SPACES: [&str; 15] = [
    "%e2%80%80",
    "%e2%80%81",
    "%e2%80%82",
    "%e2%80%83",
    "%e2%80%84",
    "%e2%80%85",
    "%e2%80%86",
    "%e2%80%87",
    "%e2%80%88",
    "%e2%80%89",
    "%e2%80%8a",
    "%e2%80%a8",
    "%e2%80%a9",
    "%e2%80%af",
    "%e3%80%80",
];

/// `sanitize_title_with_dashes( $title, '', 'save' )`.
pub fn sanitize_title_with_dashes(title: &str) -> String {
    if is_finished_slug(title) {
        return title.to_owned();
    }
    every_step_of_sanitize_title_with_dashes(title, SlugContext::Save)
}

fn every_step_of_sanitize_title_with_dashes(title: &str, context: SlugContext) -> String {
    let stripped = strip_tags(title);
    let mut title = keep_only_valid_octets(&stripped);
    title = utf8_uri_encode(&title.to_lowercase(), 200).to_ascii_lowercase();
    if context == SlugContext::Save {
        title = replace_for_save(title);
    }
    title = remove_entities(&title);
    title = title.replace('.', "-");
    title.retain(|c| {
        c == '%' || c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' ' || c == '_' || c == '-'
    });
    // `\s+` and `-+` collapse to one `-`, and `trim( '-' )` drops them at the ends.
    let pieces: Vec<&str> = title.split([' ', '-']).filter(|p| !p.is_empty()).collect();
    pieces.join("-")
}

/// The `save` context's steps: dashes and spaces of every kind become `-`, typographic marks and
/// invisible characters go, and the times sign becomes `x`.
fn replace_for_save(mut title: String) -> String {
    for dash in DASHES {
        title = title.replace(dash, "-");
    }
    for entity in [
        "&nbsp;", "&#8209;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;",
    ] {
        title = title.replace(entity, "-");
    }
    title = title.replace('/', "-");
    for removed in REMOVED_OCTETS {
        title = title.replace(removed, "");
    }
    for space in SPACES {
        title = title.replace(space, "-");
    }
    title.replace("%c3%97", "x")
}

/// `%xx` octets are kept; any other `%` is dropped.
fn keep_only_valid_octets(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit() {
                out.push_str(&s[i..i + 3]);
                i += 3;
            } else {
                i += 1;
            }
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\0');
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// `utf8_uri_encode( $s, $length )`: non-ASCII characters as `%xx` octets, stopping before the
/// encoded length passes `length`.
fn utf8_uri_encode(s: &str, length: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let piece = if c.is_ascii() {
            c.to_string()
        } else {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf)
                .bytes()
                .map(|b| format!("%{b:02x}"))
                .collect()
        };
        if out.len() + piece.len() > length {
            break;
        }
        out.push_str(&piece);
    }
    out
}

/// `preg_replace( '/&.+?;/', '', … )`.
pub(crate) fn remove_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        // `.` stops at a line break, so an entity never spans one.
        let line = rest[at + 1..].split('\n').next().unwrap_or("");
        match line.find(';') {
            Some(end) if end > 0 => rest = &rest[at + 1 + end + 1..],
            _ => {
                out.push('&');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The shortcut for finished slugs answers what every step would.
        #[test]
        fn the_finished_slug_shortcut_changes_nothing(title in "[a-z0-9_ .-]{0,12}") {
            prop_assert_eq!(
                sanitize_title_with_dashes(&title),
                every_step_of_sanitize_title_with_dashes(&title, SlugContext::Save)
            );
            prop_assert_eq!(
                sanitize_title_for_query(&title),
                every_step_of_sanitize_title_with_dashes(&title, SlugContext::Query)
            );
        }
    }
}
