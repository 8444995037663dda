//! How one WordPress name is spelled in Rust: as a type, a field, an enum variant or a word inside
//! an identifier. The naming stage (`naming`) applies these to everything the generator emits.

/// `attachment` → `Attachment`, `wp_block` → `WpBlock`, `1536x1536` → `V1536x1536`.
pub fn upper_camel(name: &str) -> String {
    let mut out = String::new();
    for word in name
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        out.push_str("Empty");
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// `alt_text` → `alt_text`, `type` → `r#type`, `1536x1536` → `_1536x1536`, `a-b` → `a_b`,
/// `fontWeight` → `font_weight`.
pub fn field_ident(name: &str) -> proc_macro2::Ident {
    ident_or_raw(&snake_case(name))
}

/// A name as a word inside a longer snake-case identifier (`check_per_page_by_schema`): its snake
/// case with no leading, trailing or doubled `_`, which would trip `non_snake_case` in the middle of
/// an identifier; `empty` when nothing is left. `_wpnonce` → `wpnonce`, `a--b` → `a_b`.
pub fn snake_word(name: &str) -> String {
    let word = snake_case(name)
        .split('_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    if word.is_empty() {
        "empty".to_owned()
    } else {
        word
    }
}

/// Lower snake case, `_` for anything else, and a leading `_` where it would start with a digit.
fn snake_case(name: &str) -> String {
    let mut snake = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        let after_lower = previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
        if c.is_ascii_uppercase() && after_lower {
            snake.push('_');
        }
        snake.push(if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        });
        previous = Some(c);
    }
    if snake.is_empty() || snake.starts_with(|c: char| c.is_ascii_digit()) {
        snake.insert(0, '_');
    }
    if snake == "_" {
        snake.push_str("empty");
    }
    snake
}

/// An identifier, raw where Rust reserves the word.
fn ident_or_raw(name: &str) -> proc_macro2::Ident {
    let span = proc_macro2::Span::call_site();
    match name {
        // These cannot be raw identifiers.
        "self" | "Self" | "super" | "crate" | "_" => {
            proc_macro2::Ident::new(&format!("{name}_"), span)
        }
        _ if syn::parse_str::<syn::Ident>(name).is_err() => proc_macro2::Ident::new_raw(name, span),
        _ => proc_macro2::Ident::new(name, span),
    }
}

/// A type identifier from an already-camel-cased name.
pub fn type_ident(name: &str) -> proc_macro2::Ident {
    proc_macro2::Ident::new(name, proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_camel_cases() {
        let cases = [
            ("attachment", "Attachment"),
            ("wp_block", "WpBlock"),
            ("post-revision", "PostRevision"),
            ("1536x1536", "V1536x1536"),
            ("image/jpeg", "ImageJpeg"),
            ("", "Empty"),
            ("%%", "Empty"),
        ];
        for (input, expected) in cases {
            assert_eq!(upper_camel(input), expected, "{input}");
        }
    }

    #[test]
    fn field_idents() {
        let cases = [
            ("alt_text", "alt_text"),
            ("type", "r#type"),
            ("self", "self_"),
            ("1536x1536", "_1536x1536"),
            ("a-b", "a_b"),
            ("_links", "_links"),
            ("", "_empty"),
            ("fontWeight", "font_weight"),
            ("innerBlocks", "inner_blocks"),
            ("ID", "id"),
            ("hasURL", "has_url"),
            ("h2Title", "h2_title"),
        ];
        for (input, expected) in cases {
            assert_eq!(field_ident(input).to_string(), expected, "{input}");
        }
    }

    #[test]
    fn snake_words() {
        let cases = [
            ("per_page", "per_page"),
            ("type", "type"),
            ("self", "self"),
            ("_wpnonce", "wpnonce"),
            ("a--b", "a_b"),
            ("a_", "a"),
            ("1536x1536", "1536x1536"),
            ("fontWeight", "font_weight"),
            ("", "empty"),
            ("%%", "empty"),
        ];
        for (input, expected) in cases {
            assert_eq!(snake_word(input), expected, "{input}");
        }
    }
}
