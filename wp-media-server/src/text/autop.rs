//! `wpautop`: paragraphs and line breaks for text that may hold HTML, leaving block elements,
//! `<pre>`, scripts and styles as they are.

use fancy_regex::Regex;
use std::sync::LazyLock;

const BLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

/// PHP's `\s` without the `u` flag.
const WS: &str = wp_schema_runtime::php::PCRE_SPACE;

fn regex(pattern: &str) -> Regex {
    let pattern = pattern.replace("BLOCKS", BLOCKS).replace(r"\s", WS);
    Regex::new(&pattern).expect("a valid wpautop pattern")
}

/// Pattern and replacement pairs, applied in order.
type Rules = Vec<(Regex, &'static str)>;

static BEFORE_SPLIT: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"<br\s*/?>\s*<br\s*/?>"), "\n\n"),
        (regex(r"(<BLOCKS[\s/>])"), "\n\n${1}"),
        (regex(r"(</BLOCKS>)"), "${1}\n\n"),
        (regex(r"(<hr\s*?/?>)"), "${1}\n\n"),
    ]
});
static OPTION: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"\s*<option"), "<option"),
        (regex(r"</option>\s*"), "</option>"),
    ]
});
static OBJECT: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"(<object[^>]*>)\s*"), "${1}"),
        (regex(r"\s*</object>"), "</object>"),
        (regex(r"\s*(</?(?:param|embed)[^>]*>)\s*"), "${1}"),
    ]
});
static MEDIA: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"([<\[](?:audio|video)[^>\]]*[>\]])\s*"), "${1}"),
        (regex(r"\s*([<\[]/(?:audio|video)[>\]])"), "${1}"),
        (regex(r"\s*(<(?:source|track)[^>]*>)\s*"), "${1}"),
    ]
});
static FIGCAPTION: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"\s*(<figcaption[^>]*>)"), "${1}"),
        (regex(r"</figcaption>\s*"), "</figcaption>"),
    ]
});
static EXTRA_BREAKS: LazyLock<Regex> = LazyLock::new(|| regex("\n\n+"));
static PARAGRAPH_BREAK: LazyLock<Regex> = LazyLock::new(|| regex(r"\n\s*\n"));
static AFTER_WRAP: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"<p>\s*</p>"), ""),
        (
            regex(r"<p>([^<]+)</(div|address|form)>"),
            "<p>${1}</p></${2}>",
        ),
        (regex(r"<p>\s*(</?BLOCKS[^>]*>)\s*</p>"), "${1}"),
        (regex(r"<p>(<li.+?)</p>"), "${1}"),
        // `i` without `u`: ASCII letters only fold, so they are spelled in both cases.
        (
            regex(r"<[pP]><[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]([^>]*)>"),
            "<blockquote${1}><p>",
        ),
    ]
});
static UNWRAP_BLOCKS: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"<p>\s*(</?BLOCKS[^>]*>)"), "${1}"),
        (regex(r"(</?BLOCKS[^>]*>)\s*</p>"), "${1}"),
    ]
});
static PRESERVED: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?s)<(script|style|svg|math).*?</\1>"));
static LINE_BREAK: LazyLock<Regex> = LazyLock::new(|| regex(r"(?<!<br />)\s*\n"));
static AFTER_BREAKS: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex(r"(</?BLOCKS[^>]*>)\s*<br />"), "${1}"),
        (
            regex(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"),
            "${1}",
        ),
        (regex("\n</p>(?=\n?\\z)"), "</p>"),
    ]
});

fn apply(text: String, rules: &Rules) -> String {
    rules.iter().fold(text, |text, (pattern, with)| {
        pattern.replace_all(&text, *with).into_owned()
    })
}

/// `wpautop( $text )`, line breaks included.
pub fn wpautop(text: &str) -> String {
    if wp_schema_runtime::php::trim(text).is_empty() {
        return String::new();
    }
    // Most captions are one line of plain text, which every rule leaves as one paragraph; running
    // the rules on it took a seventh of a list request (BENCHMARKS.md).
    if is_one_plain_line(text) {
        return format!("<p>{text}</p>\n");
    }
    paragraphs(text)
}

/// No tag, no line break, and something besides white space: no rule of `wpautop` applies.
fn is_one_plain_line(text: &str) -> bool {
    !text.contains(['<', '\n', '\r']) && !text.trim().is_empty()
}

/// `wpautop` by all its rules.
fn paragraphs(text: &str) -> String {
    let (text, pre_tags) = hide_pre(&format!("{text}\n"));
    let text = apply(text, &BEFORE_SPLIT)
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let mut text = newlines_in_tags(&text);
    for (needle, rules) in [
        ("<option", &*OPTION),
        ("</object>", &*OBJECT),
        ("<source", &*MEDIA),
        ("<track", &*MEDIA),
        ("<figcaption", &*FIGCAPTION),
    ] {
        if text.contains(needle) {
            text = apply(text, rules);
        }
    }
    let text = EXTRA_BREAKS.replace_all(&text, "\n\n");
    let mut wrapped = String::new();
    for paragraph in PARAGRAPH_BREAK.split(&text).flatten() {
        if !paragraph.is_empty() {
            wrapped.push_str("<p>");
            wrapped.push_str(paragraph.trim_matches('\n'));
            wrapped.push_str("</p>\n");
        }
    }
    let text = apply(wrapped, &AFTER_WRAP).replace("</blockquote></p>", "</p></blockquote>");
    let text = apply(text, &UNWRAP_BLOCKS);
    let text = PRESERVED.replace_all(&text, |c: &fancy_regex::Captures<'_, str>| {
        c[0].replace('\n', "<WPPreserveNewline />")
    });
    let text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
    let text = LINE_BREAK
        .replace_all(&text, "<br />\n")
        .replace("<WPPreserveNewline />", "\n");
    let mut text = apply(text, &AFTER_BREAKS);
    for (name, original) in &pre_tags {
        text = text.replace(name, original);
    }
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(" <!-- wpnl --> ", "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// Each `<pre>…</pre>` swapped for a placeholder, so nothing inside it changes.
fn hide_pre(text: &str) -> (String, Vec<(String, String)>) {
    if !text.contains("<pre") {
        return (text.to_owned(), Vec::new());
    }
    let mut parts: Vec<&str> = text.split("</pre>").collect();
    let last = parts.pop().unwrap_or("");
    let mut out = String::new();
    let mut pre_tags = Vec::new();
    for part in parts {
        match part.find("<pre") {
            Some(start) => {
                let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
                pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
                out.push_str(&part[..start]);
                out.push_str(&name);
            }
            None => out.push_str(part),
        }
    }
    out.push_str(last);
    (out, pre_tags)
}

/// Newlines inside tags and comments become placeholders (`wp_replace_in_html_tags`).
fn newlines_in_tags(text: &str) -> String {
    super::html::split(text, true)
        .into_iter()
        .map(|piece| match piece.starts_with('<') {
            true => piece.replace('\n', " <!-- wpnl --> "),
            false => piece.to_owned(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_plain_line_is_one_paragraph() {
        assert_eq!(wpautop("A gradient sky"), "<p>A gradient sky</p>\n");
        assert_eq!(wpautop("  a &amp; b  "), "<p>  a &amp; b  </p>\n");
        assert_eq!(paragraphs("A gradient sky"), "<p>A gradient sky</p>\n");
    }

    proptest! {
        /// The shortcut gives what every rule gives, white space and markup-like characters
        /// included.
        #[test]
        fn the_plain_line_shortcut_changes_nothing(
            text in "[ \t\u{b}\u{c}a-z0-9&>\"'.;!\u{a0}\u{e9}\u{1f600}-]{0,24}"
        ) {
            if is_one_plain_line(&text) {
                prop_assert_eq!(wpautop(&text), paragraphs(&text));
            }
        }
    }

    /// `<blockquote>`'s rule folds ASCII letters only (no `u` flag; WordPress 6.9.7 on PHP 8.2).
    #[test]
    fn blockquote_is_matched_by_ascii_case_folding_only() {
        let text = "<p><bloc\u{212A}quote>q</bloc\u{212A}quote></p>";
        assert_eq!(wpautop(text), format!("{text}\n"));
    }
}
