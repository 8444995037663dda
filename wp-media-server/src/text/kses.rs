//! kses, WordPress's HTML filter for users without `unfiltered_html`: only allowed elements and
//! attributes survive, URLs keep only allowed protocols, inline styles only safe properties, and
//! entities are normalized. The allow-lists in `kses-allowed.json` were asked of WordPress 6.9.7.

use fancy_regex::{Captures, Regex};
use serde_json::{Map, Value};
use std::collections::HashSet;
use std::sync::LazyLock;

/// What WordPress allows, by context.
struct Allowed {
    post: Map<String, Value>,
    title: Map<String, Value>,
    entities: HashSet<String>,
    protocols: Vec<String>,
    uri_attributes: HashSet<String>,
    css_properties: HashSet<String>,
    css_url_properties: HashSet<String>,
    css_gradient_properties: HashSet<String>,
}

static ALLOWED: LazyLock<Allowed> = LazyLock::new(|| {
    let data: Value =
        serde_json::from_str(include_str!("kses-allowed.json")).expect("valid kses data");
    let set = |key: &str| -> HashSet<String> {
        data[key]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    Allowed {
        post: data["post"].as_object().cloned().unwrap_or_default(),
        title: data["title"].as_object().cloned().unwrap_or_default(),
        entities: set("entities"),
        protocols: data["protocols"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        uri_attributes: set("uri_attributes"),
        css_properties: set("css_properties"),
        css_url_properties: set("css_url_properties"),
        css_gradient_properties: set("css_gradient_properties"),
    }
});

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("a valid kses pattern")
}

/// PHP's `\s` without the `u` flag.
const WS: &str = wp_schema_runtime::php::PCRE_SPACE;
/// PCRE's `\s` members, for the classes that negate them with other characters.
const WS_MEMBERS: &str = wp_schema_runtime::php::PCRE_SPACE_MEMBERS;

/// The filters a field gets (`wp_filter_post_kses` or `wp_filter_kses`).
#[derive(Clone, Copy)]
pub enum Rules {
    /// Content and excerpts: `$allowedposttags`.
    Post,
    /// Titles: `$allowedtags`.
    Title,
}

/// `wp_kses( $content, $rules )`. `site_url` decides which PDF objects may be embedded.
pub fn kses(content: &str, rules: Rules, site_url: &str) -> String {
    let allowed = match rules {
        Rules::Post => &ALLOWED.post,
        Rules::Title => &ALLOWED.title,
    };
    Filter { allowed, site_url }.kses(content)
}

struct Filter<'a> {
    allowed: &'a Map<String, Value>,
    site_url: &'a str,
}

static CONTROL: LazyLock<Regex> = LazyLock::new(|| regex(r"[\x00-\x08\x0B\x0C\x0E-\x1F]"));
static SLASH_ZERO: LazyLock<Regex> = LazyLock::new(|| regex(r"\\+0+"));
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(<!--.*?(?:-->|(?=\n?\z))|</[^a-zA-Z][^>]*>|<![^>]*>)|(<[^>]*(?:>|(?=\n?\z))|>)")
});
static DECIMAL_ENTITY: LazyLock<Regex> = LazyLock::new(|| regex(r"&amp;#(0*[1-9][0-9]{0,6});"));
static HEX_ENTITY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"&amp;#[Xx](0*[1-9A-Fa-f][0-9A-Fa-f]{0,5});"));
static NAMED_ENTITY: LazyLock<Regex> = LazyLock::new(|| regex(r"&amp;([A-Za-z]{2,8}[0-9]{0,2});"));
static ODD_NODE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:</[^a-zA-Z][^>]*>|<![a-z][^>]*>)\n?\z"));
static DASHES: LazyLock<Regex> = LazyLock::new(|| regex("--+"));
static ELEMENT: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"^<{WS}*(/{WS}*)?([a-zA-Z0-9-]+)([^>]*)>?\n?\z")));
static XHTML_SLASH: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"{WS}*/{WS}*\n?\z")));
static DATA_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| regex(r"^data(?:-[a-z0-9_]+)+\n?\z"));

/// `wp_kses_no_null`: control characters out, and with `slash_zero`, runs of `\0`.
fn no_null(content: &str, slash_zero: bool) -> String {
    let content = CONTROL.replace_all(content, "");
    if slash_zero {
        SLASH_ZERO.replace_all(&content, "").into_owned()
    } else {
        content.into_owned()
    }
}

/// `valid_unicode`.
fn valid_unicode(i: u32) -> bool {
    matches!(i, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

/// `wp_kses_normalize_entities`: every `&` escaped except in valid numeric and allowed named
/// entities, which are written canonically.
fn normalize_entities(content: &str) -> String {
    let content = content.replace('&', "&amp;");
    let content = DECIMAL_ENTITY.replace_all(&content, |c: &Captures<'_, str>| {
        let digits = &c[1];
        match digits.parse::<u32>() {
            Ok(i) if valid_unicode(i) => format!("&#{:0>3};", digits.trim_start_matches('0')),
            _ => format!("&amp;#{digits};"),
        }
    });
    let content = HEX_ENTITY.replace_all(&content, |c: &Captures<'_, str>| {
        let hex = &c[1];
        match u32::from_str_radix(hex, 16) {
            Ok(i) if valid_unicode(i) => format!("&#x{};", hex.trim_start_matches('0')),
            _ => format!("&amp;#x{hex};"),
        }
    });
    NAMED_ENTITY
        .replace_all(&content, |c: &Captures<'_, str>| {
            let name = &c[1];
            if ALLOWED.entities.contains(name) {
                format!("&{name};")
            } else {
                format!("&amp;{name};")
            }
        })
        .into_owned()
}

static UNCLOSED_TAG: LazyLock<Regex> = LazyLock::new(|| regex(r"<[^>]*?(?:(?=<)|>|(?=\n?\z))"));

/// The `pre_kses` hook's `wp_pre_kses_less_than`: a `<` whose tag never closes is text, escaped
/// as `esc_html` escapes it. (Its other default, block-attribute filtering, is not applied.)
fn escape_unclosed_tags(content: &str) -> String {
    UNCLOSED_TAG
        .replace_all(content, |c: &Captures<'_, str>| {
            let span = &c[0];
            if span.contains('>') {
                return span.to_owned();
            }
            normalize_entities(span)
                .replace('<', "&lt;")
                .replace('>', "&gt;")
                .replace('"', "&quot;")
                .replace('\'', "&#039;")
        })
        .into_owned()
}

impl Filter<'_> {
    fn kses(&self, content: &str) -> String {
        let content = escape_unclosed_tags(&normalize_entities(&no_null(content, false)));
        TOKEN
            .replace_all(&content, |c: &Captures<'_, str>| self.split2(&c[0]))
            .into_owned()
    }

    /// Runs kses until the text stops changing.
    fn kses_until_stable(&self, mut content: String) -> String {
        loop {
            let next = self.kses(&content);
            if next == content {
                return content;
            }
            content = next;
        }
    }

    /// `wp_kses_split2`: one tag-like token.
    fn split2(&self, token: &str) -> String {
        let token = token.replace("\\\"", "\"");
        if !token.starts_with('<') {
            return "&gt;".to_owned();
        }
        if ODD_NODE.is_match(&token).unwrap_or(false) {
            let opener = &token[1..2];
            let inner = token.get(2..token.len() - 1).unwrap_or("").to_owned();
            return format!("<{opener}{}>", self.kses_until_stable(inner));
        }
        if token.starts_with("<!--") {
            let inner = self.kses_until_stable(token.replace("<!--", "").replace("-->", ""));
            if inner.is_empty() {
                return String::new();
            }
            let inner = DASHES.replace_all(&inner, "-");
            let inner = inner.strip_suffix('-').unwrap_or(&inner);
            return format!("<!--{inner}-->");
        }
        let Ok(Some(parts)) = ELEMENT.captures(token.as_str()) else {
            return String::new();
        };
        let slash = parts
            .get(1)
            .map_or("", |m| wp_schema_runtime::php::trim(m.as_str()));
        let element = parts.get(2).map_or("", |m| m.as_str());
        let attributes = parts.get(3).map_or("", |m| m.as_str());
        if !self.allowed.contains_key(&element.to_lowercase()) {
            return String::new();
        }
        if !slash.is_empty() {
            return format!("</{element}>");
        }
        self.attributes(element, attributes)
    }

    /// `wp_kses_attr`: the element with only its allowed attributes.
    fn attributes(&self, element: &str, attributes: &str) -> String {
        let xhtml_slash = if XHTML_SLASH.is_match(attributes).unwrap_or(false) {
            " /"
        } else {
            ""
        };
        let rules = &self.allowed[&element.to_lowercase()];
        let rules = match rules {
            Value::Object(rules) if !rules.is_empty() => rules,
            _ => return format!("<{element}{xhtml_slash}>"),
        };
        let mut required: HashSet<&str> = rules
            .iter()
            .filter(|(_, limits)| limits.get("required") == Some(&Value::Bool(true)))
            .map(|(name, _)| name.as_str())
            .collect();
        let stripped = if xhtml_slash.is_empty() {
            format!("<{element}>")
        } else {
            String::new()
        };
        let mut kept = String::new();
        for attribute in hair(attributes) {
            let name_low = attribute.name.to_lowercase();
            let is_required = required.contains(name_low.as_str());
            match self.check_attribute(attribute, rules) {
                Some(whole) => {
                    kept.push(' ');
                    kept.push_str(&whole);
                    required.remove(name_low.as_str());
                }
                None if is_required => return stripped,
                None => {}
            }
        }
        if !required.is_empty() {
            return stripped;
        }
        let kept: String = kept.chars().filter(|c| !matches!(c, '<' | '>')).collect();
        format!("<{element}{kept}{xhtml_slash}>")
    }

    /// `wp_kses_attr_check`: the attribute as written when it is allowed here.
    fn check_attribute(&self, attribute: Attribute, rules: &Map<String, Value>) -> Option<String> {
        let name_low = attribute.name.to_lowercase();
        let rule = match rules.get(&name_low) {
            Some(rule) if rule != "" => rule,
            _ if name_low.starts_with("data-")
                && rules
                    .get("data-*")
                    .is_some_and(wp_schema_runtime::php::is_truthy)
                && DATA_ATTRIBUTE.is_match(&name_low).unwrap_or(false) =>
            {
                &rules["data-*"]
            }
            _ => return None,
        };
        let mut whole = attribute.whole;
        let mut value = attribute.value;
        if name_low == "style" {
            let safe = safe_css(&value);
            if safe.is_empty() {
                return None;
            }
            whole = whole.replace(&value, &safe);
            value = safe;
        }
        if let Value::Object(limits) = rule {
            for (check, limit) in limits {
                if !self.value_passes(&value, attribute.valueless, check, limit) {
                    return None;
                }
            }
        }
        Some(whole)
    }

    /// `wp_kses_check_attr_val`.
    fn value_passes(&self, value: &str, valueless: bool, check: &str, limit: &Value) -> bool {
        let number = || {
            let t = value.trim_matches(wp_schema_runtime::php::PCRE_SPACE_CHARS);
            (t.len() <= 6 && !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse::<f64>().ok())
                .flatten()
        };
        let limit_number = wp_schema_runtime::php::to_float(limit);
        match check.to_lowercase().as_str() {
            "maxlen" => (value.len() as f64) <= limit_number,
            "minlen" => (value.len() as f64) >= limit_number,
            "maxval" => number().is_some_and(|n| n <= limit_number),
            "minval" => number().is_some_and(|n| n >= limit_number),
            "valueless" => {
                let wanted = limit.as_str().unwrap_or("").to_lowercase();
                wanted == if valueless { "y" } else { "n" }
            }
            "values" => limit
                .as_array()
                .is_some_and(|values| values.iter().any(|v| v == &value.to_lowercase())),
            "value_callback" => self.is_uploaded_pdf(value),
            _ => true,
        }
    }

    /// `_wp_kses_allow_pdf_objects`: a PDF under this site's address, without query or fragment.
    fn is_uploaded_pdf(&self, url: &str) -> bool {
        let host_port = self
            .site_url
            .split_once("://")
            .map_or(self.site_url, |(_, rest)| rest)
            .split('/')
            .next()
            .unwrap_or("");
        !url.contains(['?', '#'])
            && url.ends_with(".pdf")
            && (url.starts_with(&format!("http://{host_port}/"))
                || url.starts_with(&format!("https://{host_port}/")))
    }
}

/// One attribute as `wp_kses_hair` reads it.
struct Attribute {
    name: String,
    value: String,
    whole: String,
    valueless: bool,
}

static ATTRIBUTE_NAME: LazyLock<Regex> = LazyLock::new(|| regex(r"^[_a-zA-Z][-_a-zA-Z0-9:.]*"));
static EQUALS: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"^{WS}*={WS}*")));
static SPACES: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"^{WS}+")));
static DOUBLE_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r#"^"([^"]*)"(?:{WS}+|/?(?=\n?\z))"#)));
static DOUBLE_QUOTED_END: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r#"^"[^"]*"(?:{WS}+|(?=\n?\z))"#)));
static SINGLE_QUOTED: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"^'([^']*)'(?:{WS}+|/?(?=\n?\z))")));
static SINGLE_QUOTED_END: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r"^'[^']*'(?:{WS}+|(?=\n?\z))")));
static UNQUOTED: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r#"^([^{WS_MEMBERS}"']+)(?:{WS}+|/?(?=\n?\z))"#)));
static UNQUOTED_END: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r#"^[^{WS_MEMBERS}"']+(?:{WS}+|(?=\n?\z))"#)));
static MALFORMED: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r#"^(?:"[^"]*(?:"|\z)|'[^']*(?:'|\z)|[^{WS_MEMBERS}])*{WS}*"#
    ))
});

fn strip(pattern: &Regex, text: &str) -> String {
    pattern.replace(text, "").into_owned()
}

/// `wp_kses_hair`: the attributes of a tag, the first of each name kept, URL values cleaned of
/// disallowed protocols; what cannot be read is skipped.
fn hair(attributes: &str) -> Vec<Attribute> {
    let mut found: Vec<Attribute> = Vec::new();
    let add = |found: &mut Vec<Attribute>, attribute: Attribute| {
        if !found.iter().any(|a| a.name == attribute.name) {
            found.push(attribute);
        }
    };
    let mut rest = attributes.to_owned();
    let mut mode = 0;
    let mut name = String::new();
    while !rest.is_empty() {
        let mut working = false;
        match mode {
            0 => {
                if let Ok(Some(m)) = ATTRIBUTE_NAME.find(&rest) {
                    name = m.as_str().to_owned();
                    rest = rest[m.end()..].to_owned();
                    working = true;
                    mode = 1;
                }
            }
            1 => {
                if EQUALS.is_match(&rest).unwrap_or(false) {
                    rest = strip(&EQUALS, &rest);
                    working = true;
                    mode = 2;
                } else if SPACES.is_match(&rest).unwrap_or(false) {
                    add(&mut found, valueless(&name));
                    rest = strip(&SPACES, &rest);
                    working = true;
                    mode = 0;
                }
            }
            _ => {
                let forms: [(&Regex, &Regex, char); 3] = [
                    (&DOUBLE_QUOTED, &DOUBLE_QUOTED_END, '"'),
                    (&SINGLE_QUOTED, &SINGLE_QUOTED_END, '\''),
                    (&UNQUOTED, &UNQUOTED_END, '"'),
                ];
                for (pattern, end, quote) in forms {
                    let Ok(Some(m)) = pattern.captures(rest.as_str()) else {
                        continue;
                    };
                    let mut value = m.get(1).map_or("", |g| g.as_str()).to_owned();
                    if ALLOWED.uri_attributes.contains(&name.to_lowercase()) {
                        value = bad_protocol(&value);
                    }
                    let whole = format!("{name}={quote}{value}{quote}");
                    add(
                        &mut found,
                        Attribute {
                            name: name.clone(),
                            value,
                            whole,
                            valueless: false,
                        },
                    );
                    rest = strip(end, &rest);
                    working = true;
                    mode = 0;
                    break;
                }
            }
        }
        if !working {
            rest = strip(&MALFORMED, &rest);
            mode = 0;
        }
    }
    if mode == 1 {
        add(&mut found, valueless(&name));
    }
    found
}

fn valueless(name: &str) -> Attribute {
    Attribute {
        name: name.to_owned(),
        value: String::new(),
        whole: name.to_owned(),
        valueless: true,
    }
}

static COLON_ENTITY_UNTERMINATED: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(&#0*58(?![;0-9])|&#x0*3a(?![;a-f0-9]))"));
static COLON: LazyLock<Regex> = LazyLock::new(|| regex(r"(?i):|&#0*58;|&#x0*3a;|&colon;"));
static DECIMAL_CHAR: LazyLock<Regex> = LazyLock::new(|| regex(r"&#([0-9]+);"));
static HEX_CHAR: LazyLock<Regex> = LazyLock::new(|| regex(r"&#[Xx]([0-9A-Fa-f]+);"));

/// `wp_kses_bad_protocol`: a URL with disallowed schemes taken off, or `""` when taking them off
/// does not settle.
pub fn bad_protocol(content: &str) -> String {
    let content = no_null(content, true);
    if content.starts_with("https://") || content.starts_with("http://") {
        return content;
    }
    let mut content = content;
    for _ in 0..6 {
        let next = bad_protocol_once(&content, 1);
        if next == content {
            return content;
        }
        content = next;
    }
    String::new()
}

fn bad_protocol_once(content: &str, count: u32) -> String {
    let content = COLON_ENTITY_UNTERMINATED.replace_all(content, "${1};");
    let Ok(Some(colon)) = COLON.find(content.as_ref()) else {
        return content.into_owned();
    };
    let (scheme, rest) = (&content[..colon.start()], &content[colon.end()..]);
    if scheme.contains("/?") {
        return content.into_owned();
    }
    let mut rest = wp_schema_runtime::php::trim(rest).to_owned();
    let protocol = allowed_scheme(scheme);
    if protocol == "feed:" {
        if count > 2 {
            return String::new();
        }
        rest = bad_protocol_once(&rest, count + 1);
        if rest.is_empty() || rest == "0" {
            return rest;
        }
    }
    protocol + &rest
}

/// `wp_kses_bad_protocol_once2`: `scheme:` when the scheme is allowed, else nothing.
fn allowed_scheme(scheme: &str) -> String {
    // Entities decode to single bytes, as PHP's `chr` gives them.
    let decoded = DECIMAL_CHAR.replace_all(scheme, |c: &Captures<'_, str>| {
        byte_char(c[1].parse::<u64>().unwrap_or(0))
    });
    let decoded = HEX_CHAR.replace_all(&decoded, |c: &Captures<'_, str>| {
        byte_char(u64::from_str_radix(&c[1], 16).unwrap_or(0))
    });
    let scheme: String = no_null(&decoded, true)
        .chars()
        .filter(|&c| !wp_schema_runtime::php::is_pcre_space(c))
        .collect::<String>()
        .to_lowercase();
    if ALLOWED.protocols.iter().any(|p| p.to_lowercase() == scheme) {
        format!("{scheme}:")
    } else {
        String::new()
    }
}

/// `chr( $n )`: one byte; bytes past ASCII cannot spell an allowed scheme, so any non-ASCII
/// stand-in will do.
fn byte_char(n: u64) -> String {
    let byte = (n % 256) as u8;
    if byte.is_ascii() {
        (byte as char).to_string()
    } else {
        '\u{FFFD}'.to_string()
    }
}

static CSS_URL: LazyLock<Regex> = LazyLock::new(|| regex(r"url\([^)]+\)"));
static CSS_URL_PARTS: LazyLock<Regex> =
    LazyLock::new(|| regex(&format!(r#"^url\({WS}*(['"]?)(.*)(\1){WS}*\)\n?\z"#)));
static CSS_GRADIENT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(repeating-)?(linear|radial|conic)-gradient\(([^()]|rgb[a]?\([^()]*\))*\)\n?\z")
});
static CSS_CUSTOM_PROPERTY: LazyLock<Regex> = LazyLock::new(|| regex(r"^--[a-zA-Z0-9-_]+\n?\z"));
static CSS_UNSAFE: LazyLock<Regex> = LazyLock::new(|| regex(r"[\\(&=}]|/\*"));

/// `safecss_filter_attr`: the declarations of an inline style whose property is allowed and
/// whose value holds nothing that could escape it.
pub fn safe_css(css: &str) -> String {
    let css: String = no_null(css, true)
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r' | '\t'))
        .collect();
    let mut out = String::new();
    for item in wp_schema_runtime::php::trim(&css).split(';') {
        if item.is_empty() {
            continue;
        }
        let item = wp_schema_runtime::php::trim(item);
        if css_declaration_is_safe(item) {
            if !out.is_empty() {
                out.push(';');
            }
            out.push_str(item);
        }
    }
    out
}

fn css_declaration_is_safe(item: &str) -> bool {
    let allowed = &*ALLOWED;
    let mut test = item.to_owned();
    let Some((property, value)) = item.split_once(':') else {
        return !CSS_UNSAFE
            .is_match(&strip_css_functions(&test))
            .unwrap_or(true);
    };
    let property = wp_schema_runtime::php::trim(property);
    let custom = allowed.css_properties.contains("--*")
        && CSS_CUSTOM_PROPERTY.is_match(property).unwrap_or(false);
    let mut found = false;
    let (mut url, mut gradient) = (false, false);
    if custom || allowed.css_properties.contains(property) {
        found = true;
        url = allowed.css_url_properties.contains(property);
        gradient = allowed.css_gradient_properties.contains(property);
    }
    if custom {
        let trimmed = wp_schema_runtime::php::trim(value);
        url = trimmed.starts_with("url(");
        gradient = trimmed.contains("-gradient(");
    }
    if !found {
        return false;
    }
    if url {
        for m in CSS_URL.find_iter(value).flatten() {
            let Ok(Some(parts)) = CSS_URL_PARTS.captures(m.as_str()) else {
                return false;
            };
            let inner = parts.get(2).map_or("", |p| p.as_str());
            if inner.is_empty() || inner == "0" {
                return false;
            }
            let address = wp_schema_runtime::php::trim(inner);
            if address.is_empty() || address == "0" || bad_protocol(address) != address {
                return false;
            }
            test = test.replace(m.as_str(), "");
        }
    }
    if gradient {
        let trimmed = wp_schema_runtime::php::trim(value);
        if CSS_GRADIENT.is_match(trimmed).unwrap_or(false) {
            test = test.replace(trimmed, "");
        }
    }
    !CSS_UNSAFE
        .is_match(&strip_css_functions(&test))
        .unwrap_or(true)
}

/// Removes `var(…)`, `calc(…)`, `min(…)`, `max(…)`, `minmax(…)`, `clamp(…)` and `repeat(…)` with
/// balanced parentheses, which may hold characters a style value may not otherwise contain.
fn strip_css_functions(text: &str) -> String {
    const NAMES: [&str; 7] = ["var", "calc", "min", "max", "minmax", "clamp", "repeat"];
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    while at < bytes.len() {
        let boundary = at == 0 || !word(bytes[at - 1]);
        let matched = boundary
            .then(|| {
                NAMES.iter().find_map(|name| {
                    let after = at + name.len();
                    (text[at..].starts_with(name) && bytes.get(after) == Some(&b'('))
                        .then(|| balanced_end(bytes, after))
                        .flatten()
                })
            })
            .flatten();
        match matched {
            Some(end) => at = end,
            None => {
                let ch = text[at..].chars().next().unwrap_or(' ');
                out.push(ch);
                at += ch.len_utf8();
            }
        }
    }
    out
}

/// The index after the `)` that closes the `(` at `open`.
fn balanced_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, &b) in bytes.iter().enumerate().skip(open) {
        match b {
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}
