//! PHP's `preg_match` with the `u` flag, on `fancy-regex`: patterns are unanchored, and `$` also
//! matches before a final newline, as PCRE's `$` does without the `D` flag.

use fancy_regex::Regex;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

thread_local! {
    static CACHE: RefCell<HashMap<String, Option<Arc<Regex>>>> = RefCell::new(HashMap::new());
}

/// The compiled pattern, or `None` where PCRE would fail to compile it (then `preg_match` returns
/// `false`, which WordPress treats as no match).
pub fn compile(pattern: &str) -> Option<Arc<Regex>> {
    CACHE.with(|cache| {
        if let Some(found) = cache.borrow().get(pattern) {
            return found.clone();
        }
        let compiled = Regex::new(&translate(pattern)).ok().map(Arc::new);
        let mut cache = cache.borrow_mut();
        // A bound keeps hostile schemas from growing the cache without end.
        if cache.len() > 1024 {
            cache.clear();
        }
        cache.insert(pattern.to_owned(), compiled.clone());
        compiled
    })
}

/// `1 === preg_match('#' . $pattern . '#u', $subject)`.
pub fn is_match(pattern: &str, subject: &str) -> bool {
    compile(pattern).is_some_and(|re| re.is_match(subject).unwrap_or(false))
}

/// Rewrites PCRE's end-of-subject anchors into what `fancy-regex` means by them.
fn translate(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('Z') if !in_class => out.push_str(r"(?=\n?\z)"),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                let rest = chars.as_str();
                let skip = if rest.starts_with("^]") {
                    2
                } else if rest.starts_with(']') {
                    1
                } else {
                    0
                };
                for _ in 0..skip {
                    out.extend(chars.next());
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            '$' if !in_class => out.push_str(r"(?=\n?\z)"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Each: pattern, subject, what PHP 8.2's preg_match('#…#u') says.
    #[test]
    fn matches_like_preg_match() {
        let cases = [
            ("^a$", "a", true),
            ("^a$", "a\n", true),
            ("^a$", "a\n\n", false),
            ("a", "bab", true),
            ("^[$]$", "$", true),
            ("^\\$$", "$", true),
            ("^a\\Z", "a\n", true),
            ("[", "x", false),
            ("^\\p{Lu}", "Éa", true),
            ("(?<=a)b", "ab", true),
        ];
        for (pattern, subject, expected) in cases {
            assert_eq!(
                is_match(pattern, subject),
                expected,
                "{pattern:?} on {subject:?}"
            );
        }
    }
}
