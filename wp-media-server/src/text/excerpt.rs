//! The excerpt WordPress makes of a text when none is written: `wp_trim_words` as
//! `wp_trim_excerpt` calls it.

/// How many words a generated excerpt keeps (`excerpt_length`).
const EXCERPT_WORDS: usize = 55;

/// `wp_trim_words( $text, 55, ' [&hellip;]' )`: `wp_strip_all_tags` (tags stripped, with what
/// `script` and `style` hold), split on spaces, tabs and line breaks only (not on other Unicode
/// spaces), the first 55 words joined by one space.
pub fn trimmed_words(text: &str) -> String {
    let stripped = wp_schema_runtime::callbacks::strip_all_tags(text);
    let words: Vec<&str> = stripped
        .split(['\n', '\r', '\t', ' '])
        .filter(|word| !word.is_empty())
        .collect();
    if words.len() > EXCERPT_WORDS {
        format!("{} [&hellip;]", words[..EXCERPT_WORDS].join(" "))
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_keeps_the_first_55_words_of_the_text() {
        let long = (1..=60)
            .map(|n| format!("w{n}"))
            .collect::<Vec<_>>()
            .join(" \n");
        let trimmed = trimmed_words(&format!("<p>{long}</p><script>x y z</script>"));
        assert!(trimmed.starts_with("w1 w2 "), "{trimmed}");
        assert!(trimmed.ends_with("w55 [&hellip;]"), "{trimmed}");
        assert_eq!(trimmed_words("<p>a\tb</p>\n<p>c</p>"), "a b c");
        // Seen on 6.9.7: a description of only a script gives an empty caption.
        assert_eq!(trimmed_words("<p><script>alert(1)</script></p>\n"), "");
        assert_eq!(trimmed_words("a\u{a0}b"), "a\u{a0}b");
    }
}
