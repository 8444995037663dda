//! The HTML WordPress renders for an attachment: the `the_content` and `the_excerpt` filters over
//! its description and caption, and the markup `prepend_attachment` puts before them (a player for
//! audio and video, in `players`).

use crate::text::autop::wpautop;
use crate::text::texturize;
use serde_json::Value;

/// `description.rendered` (`the_content`): the description texturized and in paragraphs, after the
/// markup `prepend_attachment` gives (which escapes them), and WordPress spelled right.
pub fn description(prepended: &str, content: &str) -> String {
    texturize::capital_p_in_content(&format!(
        "{prepended}\n{}",
        wpautop(&texturize::wptexturize(content))
    ))
}

/// What `prepend_attachment` gives a file with no player: its [`attachment_link`] in a paragraph.
pub fn attachment_paragraph(link: &str) -> String {
    format!("<p class=\"attachment\">{link}</p>")
}

/// `caption.rendered` (`the_excerpt`): the caption, or, when there is none or only white space
/// (PHP's `trim` leaves nothing; a caption of one space was generated on 6.9.7), the first 55
/// words of the rendered description's text (`wp_trim_excerpt`); texturized, `&` converted, in
/// paragraphs.
pub fn caption(caption: &str, rendered_description: &str) -> String {
    let excerpt = if wp_schema_runtime::php::trim(caption).is_empty() {
        crate::text::excerpt::trimmed_words(rendered_description)
    } else {
        caption.to_owned()
    };
    wpautop(&texturize::convert_chars(&texturize::wptexturize(&excerpt)))
}

/// `wp_get_attachment_link( $id, 'medium' )`: the image at medium size, or the title for files.
pub fn attachment_link(url: &str, title: &str, image: Option<&str>) -> String {
    match image {
        Some(img) => format!("<a href='{url}'>{img}</a>"),
        None => format!("<a href='{url}'>{title}</a>"),
    }
}

/// One candidate for an image's `src`/`srcset`.
#[derive(Clone)]
pub struct Source {
    pub url: String,
    pub width: i64,
    pub height: i64,
}

/// `wp_get_attachment_image( $id, 'medium' )` after `wp_filter_content_tags`: lazy loading,
/// async decoding, and a `srcset` of the sizes with the same aspect ratio.
pub fn medium_image(src: &Source, same_ratio: &[Source], alt: &str) -> String {
    let mut img = format!(
        "<img loading=\"lazy\" decoding=\"async\" width=\"{}\" height=\"{}\" src=\"{}\" class=\"attachment-medium size-medium\" alt=\"{}\"",
        src.width,
        src.height,
        src.url,
        escape_attr(alt)
    );
    if same_ratio.len() > 1 {
        let srcset: Vec<String> = same_ratio
            .iter()
            .map(|s| format!("{} {}w", s.url, s.width))
            .collect();
        img.push_str(&format!(
            " srcset=\"{}\" sizes=\"auto, (max-width: {w}px) 100vw, {w}px\"",
            srcset.join(", "),
            w = src.width
        ));
    }
    img.push_str(" />");
    img
}

/// `esc_attr`: the characters that would end or open markup, as `htmlspecialchars` writes them.
pub fn escape_attr(s: &str) -> String {
    wp_schema_runtime::php::htmlspecialchars(s.as_bytes())
}

/// Whether two sizes share an aspect ratio the way `wp_image_matches_ratio` decides: scaling the
/// wider down to the narrower's width (its height unbounded) lands within a pixel of its height.
pub fn matches_ratio(w1: i64, h1: i64, w2: i64, h2: i64) -> bool {
    let (big, small) = if w1 > w2 {
        ((w1, h1), (w2, h2))
    } else {
        ((w2, h2), (w1, h1))
    };
    let (cw, ch) = crate::images::sizes::constrain(big.0, big.1, small.0, 0);
    (cw - small.0).abs() <= 1 && (ch - small.1).abs() <= 1
}

/// A JSON string or `""`.
pub fn str_of(v: Option<&Value>) -> &str {
    v.and_then(Value::as_str).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_caption_falls_back_to_the_description_text() {
        assert_eq!(
            caption("", "<p class=\"attachment\"><a href='x'>notes</a></p>\n"),
            "<p>notes</p>\n"
        );
        assert_eq!(
            caption("Seen from <em>below</em>", ""),
            "<p>Seen from <em>below</em></p>\n"
        );
        // PHP's white space alone is no caption (6.9.7, fuzzer seed 1600); other spaces are.
        let description = "<p class=\"attachment\"><a href='x'>notes</a></p>\n";
        assert_eq!(caption(" \t\n", description), "<p>notes</p>\n");
        assert_ne!(caption("\u{a0}", description), "<p>notes</p>\n");
    }
}
