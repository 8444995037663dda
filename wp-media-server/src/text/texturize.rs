//! `wptexturize`: curly quotes, apostrophes, primes, dashes, ellipses and the times sign, outside
//! HTML tags and outside `pre`, `code`, `kbd`, `style`, `script` and `tt`; with `convert_chars`
//! and `capital_P_dangit`, the text filters WordPress runs over titles, excerpts and content.

use fancy_regex::Regex;
use std::sync::LazyLock;

const APOS_FLAG: &str = "<!--apos-->";
const OPEN_SQ_FLAG: &str = "<!--osq-->";
const OPEN_Q_FLAG: &str = "<!--oq-->";
const PRIME_FLAG: &str = "<!--wp-prime-or-quote-->";

const OPENING_QUOTE: &str = "&#8220;";
const CLOSING_QUOTE: &str = "&#8221;";
const APOS: &str = "&#8217;";
const PRIME: &str = "&#8242;";
const DOUBLE_PRIME: &str = "&#8243;";
const OPENING_SINGLE_QUOTE: &str = "&#8216;";
const CLOSING_SINGLE_QUOTE: &str = "&#8217;";
const EN_DASH: &str = "&#8211;";
const EM_DASH: &str = "&#8212;";

const NO_TEXTURIZE_TAGS: &[&str] = &["pre", "code", "kbd", "style", "script", "tt"];

/// `wp_spaces_regexp()`.
const SPACES: &str = r"(?:[\r\n\t ]|\x{A0}|&nbsp;)";

const STATIC_REPLACEMENTS: &[(&str, &str)] = &[
    ("...", "&#8230;"),
    ("``", OPENING_QUOTE),
    ("''", CLOSING_QUOTE),
    (" (tm)", " &#8482;"),
    ("'tain't", "&#8217;tain&#8217;t"),
    ("'twere", "&#8217;twere"),
    ("'twas", "&#8217;twas"),
    ("'tis", "&#8217;tis"),
    ("'twill", "&#8217;twill"),
    ("'til", "&#8217;til"),
    ("'bout", "&#8217;bout"),
    ("'nuff", "&#8217;nuff"),
    ("'round", "&#8217;round"),
    ("'cause", "&#8217;cause"),
    ("'em", "&#8217;em"),
];

fn regex(pattern: &str) -> Regex {
    Regex::new(&pattern.replace("SP", SPACES)).expect("a valid texturize pattern")
}

/// Pattern and replacement pairs, applied in order like `preg_replace` with arrays.
type Rules = Vec<(Regex, String)>;

static APOS_RULES: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (
            regex(r#"'([0-9]{2})'(?=\Z|[.,:;!?)}\-\]]|&gt;|SP)"#),
            format!("{APOS_FLAG}${{1}}{CLOSING_SINGLE_QUOTE}"),
        ),
        (
            regex(r#"'([0-9]{2})"(?=\Z|[.,:;!?)}\-\]]|&gt;|SP)"#),
            format!("{APOS_FLAG}${{1}}{CLOSING_QUOTE}"),
        ),
        (
            regex(r"'(?=[0-9]{2}(?:\Z|(?![%0-9]|[.,][0-9])))"),
            APOS_FLAG.to_owned(),
        ),
        (
            regex(r"(?<=\A|SP)'([0-9][.,0-9]*)'"),
            format!("{OPEN_SQ_FLAG}${{1}}{CLOSING_SINGLE_QUOTE}"),
        ),
        (
            regex(r#"(?<=\A|[(\[{"\-]|&lt;|SP)'"#),
            OPEN_SQ_FLAG.to_owned(),
        ),
        (
            regex(r#"(?<!SP)'(?!\Z|[.,:;!?"'(){}\[\]\-]|&[lg]t;|SP)"#),
            APOS_FLAG.to_owned(),
        ),
    ]
});

static QUOTE_RULES: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (
            regex(r#"(?<=\A|SP)"([0-9][.,0-9]*)""#),
            format!("{OPEN_Q_FLAG}${{1}}{CLOSING_QUOTE}"),
        ),
        (
            regex(r#"(?<=\A|[(\[{\-]|&lt;|SP)"(?!SP)"#),
            OPEN_Q_FLAG.to_owned(),
        ),
    ]
});

static DASH_RULES: LazyLock<Rules> = LazyLock::new(|| {
    vec![
        (regex("---"), EM_DASH.to_owned()),
        (regex(r"(?<=\A|SP)--(?=\z|SP)"), EM_DASH.to_owned()),
        (regex("(?<!xn)--"), EN_DASH.to_owned()),
        (regex(r"(?<=\A|SP)-(?=\z|SP)"), EN_DASH.to_owned()),
    ]
});

/// `9x9`, but never `0x9999`: a leading zero needs more digits before the `x`.
static TIMES: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"{ASCII_WORD_BOUNDARY}(0[0-9.,]+|[1-9][0-9.,]*)x([0-9][0-9.,]*){ASCII_WORD_BOUNDARY}"
    ))
});
/// PCRE's `\b` without the `u` flag: only ASCII letters, digits and `_` are word characters (the
/// regex engine's `\b` also counts `é` or the Kelvin sign, and `12x34` after one stayed as it was).
const ASCII_WORD_BOUNDARY: &str =
    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))";
static DIGIT_X_DIGIT: LazyLock<Regex> = LazyLock::new(|| regex("(?<=[0-9])x[0-9]"));
// WordPress's entity patterns have `i` but no `u`: PCRE folds ASCII letters only and reads bytes,
// while the regex engine's `(?i)` takes the Kelvin sign for `k` and `ſ` for `s`. So letters are
// spelled in both cases, without `(?i)`.
/// An `&` that does not start an entity.
static BARE_AMPERSAND: LazyLock<Regex> =
    LazyLock::new(|| regex("&(?!#(?:[0-9]+|[xX][a-fA-F0-9]+);|[a-zA-Z1-4]{1,8};)"));
/// `convert_chars`: an `&` not followed by `#` and not starting a named entity. PCRE's `[^#]` takes
/// one byte, so after a character of several bytes the entity check starts inside it and fails:
/// such an `&` is always converted.
static CONVERT_CHARS: LazyLock<Regex> =
    LazyLock::new(|| regex("&([^\\x00-\\x7F]|[^#](?![a-zA-Z1-4]{1,8};))"));

fn replace_all(text: &str, rules: &Rules) -> String {
    rules.iter().fold(text.to_owned(), |text, (pattern, with)| {
        pattern.replace_all(&text, with.as_str()).into_owned()
    })
}

/// `wptexturize( $text )` with WordPress's default settings and no shortcodes registered.
pub fn wptexturize(text: &str) -> String {
    let mut stack: Vec<String> = Vec::new();
    let mut out = String::with_capacity(text.len());
    for piece in super::html::split(text, false) {
        if piece.starts_with("<!--") {
            out.push_str(piece);
        } else if piece.starts_with('<') {
            let element = BARE_AMPERSAND.replace_all(piece, "&#038;");
            push_pop(&element, &mut stack);
            out.push_str(&element);
        } else if wp_schema_runtime::php::trim(piece).is_empty() || !stack.is_empty() {
            out.push_str(piece);
        } else {
            out.push_str(&texturize_text(piece));
        }
    }
    out
}

fn texturize_text(text: &str) -> String {
    // Most text has none of what the rules look for: each rule runs only where it could match,
    // rather than copying the text once per rule.
    let mut text = STATIC_REPLACEMENTS
        .iter()
        .fold(text.to_owned(), |t, (from, to)| {
            if t.contains(from) {
                t.replace(from, to)
            } else {
                t
            }
        });
    if text.contains('\'') {
        text = replace_all(&text, &APOS_RULES);
        text = primes(&text, '\'', PRIME, OPEN_SQ_FLAG, CLOSING_SINGLE_QUOTE);
        text = text
            .replace(APOS_FLAG, APOS)
            .replace(OPEN_SQ_FLAG, OPENING_SINGLE_QUOTE);
    }
    if text.contains('"') {
        text = replace_all(&text, &QUOTE_RULES);
        text = primes(&text, '"', DOUBLE_PRIME, OPEN_Q_FLAG, CLOSING_QUOTE);
        text = text.replace(OPEN_Q_FLAG, OPENING_QUOTE);
    }
    if could_be_a_dash(&text) {
        text = replace_all(&text, &DASH_RULES);
    }
    if text.contains('x') && DIGIT_X_DIGIT.is_match(&text).unwrap_or(false) {
        text = TIMES.replace_all(&text, "${1}&#215;${2}").into_owned();
    }
    if !text.contains('&') {
        return text;
    }
    BARE_AMPERSAND.replace_all(&text, "&#038;").into_owned()
}

/// Whether a dash rule could apply: a double dash, or a hyphen at either end or beside a space
/// (`;` stands for the end of `&nbsp;`). A hyphen inside a word, as in `photo-1`, is left alone.
fn could_be_a_dash(text: &str) -> bool {
    let spacey =
        |c: Option<char>| c.is_none_or(|c| matches!(c, ' ' | '\t' | '\r' | '\n' | '\u{a0}' | ';'));
    text.contains("--")
        || text.char_indices().any(|(i, c)| {
            c == '-'
                && (spacey(text[..i].chars().next_back()) || spacey(text[i + 1..].chars().next()))
        })
}

/// The patterns `wptexturize_primes` uses for one kind of quote.
struct PrimeRules {
    /// A quote that can close a quotation.
    quote: Regex,
    /// A quote right after a digit.
    after_digit: Regex,
}

impl PrimeRules {
    fn new(needle: &str) -> PrimeRules {
        PrimeRules {
            quote: regex(&format!(r"{needle}(?=\Z|[.,:;!?)}}\-\]]|&gt;|SP)")),
            after_digit: regex(&format!("(?<=[0-9]){needle}")),
        }
    }
}

static SINGLE_PRIMES: LazyLock<PrimeRules> = LazyLock::new(|| PrimeRules::new("'"));
static DOUBLE_PRIMES: LazyLock<PrimeRules> = LazyLock::new(|| PrimeRules::new("\""));
static FLAG_AFTER_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!("(?<=[0-9]){PRIME_FLAG}")));
static FLAG_NO_DIGIT: LazyLock<Regex> = LazyLock::new(|| regex(&format!("(?<![0-9]){PRIME_FLAG}")));

/// `wptexturize_primes`: in each quotation opened by `open_quote`, a closing quote where one
/// belongs and primes after digits.
fn primes(
    haystack: &str,
    needle: char,
    prime: &str,
    open_quote: &str,
    close_quote: &str,
) -> String {
    let rules = if needle == '"' {
        &*DOUBLE_PRIMES
    } else {
        &*SINGLE_PRIMES
    };
    let (quote, prime_after_digit) = (&rules.quote, &rules.after_digit);
    let (flag_after_digit, flag_no_digit) = (&*FLAG_AFTER_DIGIT, &*FLAG_NO_DIGIT);
    let sentences: Vec<String> = haystack
        .split(open_quote)
        .enumerate()
        .map(|(index, sentence)| {
            let mut sentence = sentence.to_owned();
            if !sentence.contains(needle) {
                return sentence;
            }
            if index != 0 && !sentence.contains(close_quote) {
                let count = quote.find_iter(&sentence).count();
                sentence = quote.replace_all(&sentence, PRIME_FLAG).into_owned();
                if count > 1 {
                    let without_digit = flag_no_digit.find_iter(&sentence).count();
                    sentence = flag_no_digit
                        .replace_all(&sentence, close_quote)
                        .into_owned();
                    if without_digit == 0 {
                        // The rightmost quote before a period ends the quotation, or else the
                        // rightmost quote.
                        let at = sentence
                            .rfind(&format!("{PRIME_FLAG}."))
                            .or_else(|| sentence.rfind(PRIME_FLAG));
                        if let Some(at) = at {
                            sentence.replace_range(at..at + PRIME_FLAG.len(), close_quote);
                        }
                    }
                    sentence = prime_after_digit.replace_all(&sentence, prime).into_owned();
                    sentence = flag_after_digit.replace_all(&sentence, prime).into_owned();
                    sentence = sentence.replace(PRIME_FLAG, close_quote);
                } else if count == 1 {
                    sentence = sentence.replace(PRIME_FLAG, close_quote);
                    sentence = prime_after_digit.replace_all(&sentence, prime).into_owned();
                } else {
                    sentence = prime_after_digit.replace_all(&sentence, prime).into_owned();
                }
            } else {
                sentence = prime_after_digit.replace_all(&sentence, prime).into_owned();
                sentence = quote.replace_all(&sentence, close_quote).into_owned();
            }
            if needle == '"' {
                sentence = sentence.replace('"', close_quote);
            }
            sentence
        })
        .collect();
    sentences.join(open_quote)
}

/// `_wptexturize_pushpop_element`: entering and leaving the tags whose content stays as it is.
fn push_pop(element: &str, stack: &mut Vec<String>) {
    let bytes = element.as_bytes();
    let opening = bytes.get(1).is_some_and(|&b| b != b'/');
    if !opening && stack.is_empty() {
        return;
    }
    let offset = if opening { 1 } else { 2 };
    // PHP's `substr( $text, $offset, $space - $offset )`, or up to the last byte without a space.
    let end = element.find(' ').unwrap_or(element.len().saturating_sub(1));
    let name = element.get(offset..end.max(offset)).unwrap_or("");
    if !NO_TEXTURIZE_TAGS.contains(&name) {
        return;
    }
    if opening {
        stack.push(name.to_owned());
    } else if stack.last().map(String::as_str) == Some(name) {
        stack.pop();
    }
}

/// `convert_chars`.
pub fn convert_chars(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    CONVERT_CHARS.replace_all(text, "&#038;$1").into_owned()
}

/// `capital_P_dangit` as `the_title` runs it.
pub fn capital_p_in_title(text: &str) -> String {
    text.replace("Wordpress", "WordPress")
}

/// `capital_P_dangit` as `the_content` runs it.
pub fn capital_p_in_content(text: &str) -> String {
    if !text.contains("Wordpress") {
        return text.to_owned();
    }
    [" ", "&#8216;", OPENING_QUOTE, ">", "("]
        .iter()
        .fold(text.to_owned(), |text, before| {
            text.replace(&format!("{before}Wordpress"), &format!("{before}WordPress"))
        })
}

/// `the_title`: texturized, `&` converted, trimmed, and WordPress spelled right.
pub fn the_title(title: &str) -> String {
    capital_p_in_title(wp_schema_runtime::php::trim(&convert_chars(&wptexturize(
        title,
    ))))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each expected value is what `wptexturize` returned on WordPress 6.9.7 (the conformance
    /// suite's `create-title-html` and `update-title-texturize`, and php-cli).
    #[test]
    fn quotes_dashes_and_symbols_become_entities() {
        assert_eq!(
            wptexturize(r#"<b>Bold</b> "quoted" -- it's ... done"#),
            "<b>Bold</b> &#8220;quoted&#8221; &#8212; it&#8217;s &#8230; done"
        );
        assert_eq!(
            wptexturize(r#"It's a "test" -- (tm) 10x20"#),
            "It&#8217;s a &#8220;test&#8221; &#8212; &#8482; 10&#215;20"
        );
    }

    #[test]
    fn code_and_tags_are_left_alone() {
        assert_eq!(
            wptexturize(r#"<code>"a" -- b</code> "c""#),
            r#"<code>"a" -- b</code> &#8220;c&#8221;"#
        );
        assert_eq!(
            wptexturize(r#"<a title="x -- y">'z'</a>"#),
            r#"<a title="x -- y">&#8216;z&#8217;</a>"#
        );
    }

    /// The entity patterns have `i` but no `u` flag: the Kelvin sign and `ſ` are not the letters
    /// `k` and `s` there (WordPress 6.9.7 on PHP 8.2).
    #[test]
    fn entity_names_are_ascii_letters_only() {
        assert_eq!(wptexturize("&\u{17F}hy; a"), "&#038;\u{17F}hy; a");
        assert_eq!(wptexturize("x &\u{212A}; y"), "x &#038;\u{212A}; y");
        assert_eq!(convert_chars("&\u{17F}hy;"), "&#038;\u{17F}hy;");
        assert_eq!(convert_chars("&\u{212A}x; &amp;"), "&#038;\u{212A}x; &amp;");
        assert_eq!(convert_chars("&shy; &SHY;"), "&shy; &SHY;");
    }
}
