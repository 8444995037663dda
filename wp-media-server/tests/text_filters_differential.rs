//! `wptexturize`, the title filters and `wpautop` against WordPress's own PHP, on thousands of
//! generated strings built from the pieces their rules look at: quotes, primes, dashes, digits,
//! entities, tags, comments, block elements, line breaks and the tags whose content stays as it is.
//!
//! `tests/php/text-filters-oracle.php` runs them from a WordPress tree (`WP_PHP_ROOT`, default
//! Debian's `/usr/share/wordpress`; 6.1.9 and 6.9.7 give the same answers for these cases). Without
//! php or a tree the test says so and passes, except under CI, where it fails.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};
use wp_media_server::media::{autop, texturize};

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
];

/// Deterministic strings of one to eight pieces (a linear congruential generator, so a failure
/// is reproducible).
fn cases() -> Vec<String> {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |bound: usize| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % bound
    };
    let mut out: Vec<String> = PIECES.iter().map(|p| p.to_string()).collect();
    for _ in 0..4000 {
        let count = 1 + next(8);
        out.push((0..count).map(|_| PIECES[next(PIECES.len())]).collect());
    }
    out
}

fn oracle_root() -> Option<String> {
    let root = std::env::var("WP_PHP_ROOT").unwrap_or_else(|_| "/usr/share/wordpress".into());
    let php_found = Command::new("php")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    let tree_found = std::path::Path::new(&root)
        .join("wp-includes/formatting.php")
        .exists();
    (php_found && tree_found).then_some(root)
}

fn ask_wordpress(root: &str, texts: &[String]) -> Vec<Value> {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/php/text-filters-oracle.php"
    );
    let mut child = Command::new("php")
        .arg(script)
        .env("WP_PHP_ROOT", root)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("php starts");
    let input: String = texts
        .iter()
        .map(|t| format!("{}\n", Value::String(t.clone())))
        .collect();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("php runs");
    let written = writer.join().unwrap();
    assert!(
        written.is_ok() && output.status.success(),
        "the oracle failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn filtered_text_is_what_wordpress_writes() {
    let Some(root) = oracle_root() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have php and a WordPress tree (scripts/test.sh installs them)"
        );
        eprintln!("skipped: no php or WordPress tree (set WP_PHP_ROOT)");
        return;
    };
    let texts = cases();
    let answers = ask_wordpress(&root, &texts);
    assert_eq!(answers.len(), texts.len(), "one answer per case");
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
    eprintln!(
        "{} of {} filter answers identical to WordPress's",
        texts.len() * 3 - failures.len(),
        texts.len() * 3
    );
    assert!(
        failures.is_empty(),
        "{} differences, the first ones:\n{}",
        failures.len(),
        failures[..failures.len().min(15)].join("\n")
    );
}
