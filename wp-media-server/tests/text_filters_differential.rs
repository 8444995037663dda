//! `wptexturize`, the title filters and `wpautop` against WordPress's own PHP, on thousands of
//! generated strings built from the pieces their rules look at: quotes, primes, dashes, digits,
//! entities, tags, comments, block elements, line breaks and the tags whose content stays as it is.
//!
//! `tests/php/text-filters-oracle.php` runs them from a WordPress tree (`WP_PHP_ROOT`, default
//! Debian's `/usr/share/wordpress`; 6.1.9 and 6.9.7 give the same answers for these cases). Without
//! php or a tree the test says so and passes, except under CI, where it fails.

use serde_json::Value;
use wp_media_server::text::{autop, texturize};

const PIECES: &[&str] = &[
    "\"",
    "'",
    " ",
    "  ",
    "9",
    "99",
    "0",
    "1.5",
    "x",
    "-",
    "--",
    "---",
    "...",
    " (tm)",
    "<b>",
    "</b>",
    "<code>",
    "</code>",
    "<pre class=\"x\">",
    "</pre>",
    "<!-- c -- -->",
    "<!-->",
    "<!--",
    "&",
    "&amp;",
    "&lt;",
    "&gt;",
    "&#8217;",
    "a",
    "word",
    "'cause",
    "'til",
    "\n",
    "\u{a0}",
    "&nbsp;",
    ".",
    ",",
    "(",
    ")",
    "{",
    "!",
    "?",
    ";",
    ":",
    "%",
    "12x34",
    "0x12",
    "0.5x2",
    "xn--",
    "<a title=\"a -- b\">",
    "</a>",
    "''",
    "``",
    "'99",
    "5'",
    "6\"",
    "Wordpress",
    "<kbd>",
    "</kbd>",
    "<",
    ">",
    "\n\n",
    "\r\n",
    "<p>",
    "</p>",
    "<div class=\"d\">",
    "</div>",
    "<pre>x\n\ny</pre>",
    "<br>",
    "<br/>",
    "<br />",
    "<li>",
    "</li>",
    "<blockquote>",
    "</blockquote>",
    "<script>a\n\nb</script>",
    "<hr>",
    "<option>o</option>",
    "<figcaption>c</figcaption>",
    "<![CDATA[x\ny]]>",
    "<h2>",
    "</h2>",
    // Characters the regex engine treats as letters, digits or spaces where PCRE without the `u`
    // flag sees only bytes: `ſ` and the Kelvin sign fold to `s` and `k`, `é` and `٣` are a word
    // character and a digit, U+2003 is a space.
    "\u{17F}",
    "\u{212A}",
    "\u{e9}",
    "\u{663}",
    "\u{2003}",
    "&\u{17F}hy;",
    "<bloc\u{212A}quote>",
    "9\u{e9}x9",
];

fn cases() -> Vec<String> {
    wp_php_oracle::fragments(PIECES, 4000, 8, 0x2545_F491_4F6C_DD1D)
}

#[test]
fn filtered_text_is_what_wordpress_writes() {
    let Some(root) = wp_php_oracle::wordpress_root("wp-includes/formatting.php") else {
        wp_php_oracle::skip(
            "CI must have php and a WordPress tree (scripts/test.sh installs them)",
            "no php or WordPress tree (set WP_PHP_ROOT)",
        );
        return;
    };
    let texts = cases();
    let inputs: Vec<Value> = texts.iter().map(|t| Value::from(t.as_str())).collect();
    let answers = wp_php_oracle::ask(
        &[concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/php/text-filters-oracle.php"
        )],
        &[("WP_PHP_ROOT", &root)],
        &inputs,
    );
    let mut failures = Vec::new();
    for (text, answer) in texts.iter().zip(&answers) {
        let texturized = texturize::wptexturize(text);
        if answer["texturized"] != texturized.as_str() {
            failures.push(format!(
                "wptexturize({text:?}):\n  WordPress {}\n  ours      {texturized:?}",
                answer["texturized"]
            ));
        }
        let paragraphs = autop::wpautop(text);
        if answer["autop"] != paragraphs.as_str() {
            failures.push(format!(
                "wpautop({text:?}):\n  WordPress {}\n  ours      {paragraphs:?}",
                answer["autop"]
            ));
        }
        let title = wp_schema_runtime::php::trim(&texturize::convert_chars(&texturized)).to_owned();
        if answer["title"] != title.as_str() {
            failures.push(format!(
                "title({text:?}):\n  WordPress {}\n  ours      {title:?}",
                answer["title"]
            ));
        }
    }
    wp_php_oracle::assert_all_agree("filter answers", texts.len() * 3, &failures, 15);
}
