//! Splitting HTML into text and tags the way WordPress's text filters do it.

/// The text between tags and the tags (and comments) themselves, with nothing left out: an
/// unclosed tag or comment runs to the end. A comment ends at the first `-->` after `<!`, so
/// `<!-->` is a whole one. With `cdata`, `<![CDATA[ … ]]>` is one piece too
/// (`get_html_split_regex`); without it, the split of `_get_wptexturize_split_regex`.
pub fn split(text: &str, cdata: bool) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        if start > 0 {
            pieces.push(&rest[..start]);
        }
        let tail = &rest[start..];
        let end = if tail.starts_with("<!--") {
            closing(tail, 2, "-->")
        } else if cdata && tail.starts_with("<![CDATA[") {
            closing(tail, 9, "]]>")
        } else {
            tail.find('>').map_or(tail.len(), |at| at + 1)
        };
        pieces.push(&tail[..end]);
        rest = &tail[end..];
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

/// Where the piece ends: after the first `end` found from `from`, or at the end of the text.
fn closing(tail: &str, from: usize, end: &str) -> usize {
    tail.get(from..)
        .and_then(|t| t.find(end))
        .map_or(tail.len(), |at| from + at + end.len())
}
