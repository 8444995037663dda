//! The `format` keyword's checks: date-time, email, ip, uuid and hex-color. `uri`, `text-field` and
//! `textarea-field` are only sanitized, never validated.

use crate::{pcre, php, WpError};
use serde_json::Value;

/// A `format` WordPress knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DateTime,
    Email,
    Ip,
    Uuid,
    HexColor,
    Uri,
    TextField,
    TextareaField,
    /// Any other name: nothing is checked or sanitized.
    Other,
}

impl Format {
    pub fn parse(name: &str) -> Format {
        match name {
            "date-time" => Format::DateTime,
            "email" => Format::Email,
            "ip" => Format::Ip,
            "uuid" => Format::Uuid,
            "hex-color" => Format::HexColor,
            "uri" => Format::Uri,
            "text-field" => Format::TextField,
            "textarea-field" => Format::TextareaField,
            _ => Format::Other,
        }
    }
}

/// Checks `value` against `format`. Non-strings are read as PHP would pass them to the checks.
pub fn format(format: Format, value: &Value, param: &str) -> Result<(), WpError> {
    let text = php::to_string(value);
    let ok = match format {
        Format::HexColor => is_hex_color(&text),
        Format::DateTime => is_date_time(&text),
        Format::Email => is_email(&text),
        Format::Ip => is_ip(&text),
        Format::Uuid => is_uuid(&text),
        Format::Uri | Format::TextField | Format::TextareaField | Format::Other => true,
    };
    if ok {
        return Ok(());
    }
    Err(match format {
        Format::HexColor => WpError::new("rest_invalid_hex_color", "Invalid hex color."),
        Format::DateTime => WpError::new("rest_invalid_date", "Invalid date."),
        Format::Email => WpError::new("rest_invalid_email", "Invalid email address."),
        Format::Ip => WpError::new(
            "rest_invalid_ip",
            format!("{param} is not a valid IP address."),
        ),
        _ => WpError::new("rest_invalid_uuid", format!("{param} is not a valid UUID.")),
    })
}

/// `rest_parse_hex_color`.
pub fn is_hex_color(s: &str) -> bool {
    pcre::is_match("^#([A-Fa-f0-9]{3}){1,2}$", s)
}

/// `wp_is_uuid` (any version): lower-case hex only.
pub fn is_uuid(s: &str) -> bool {
    pcre::is_match(
        "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        s,
    )
}

/// `rest_parse_date` returning other than `false` (6.5+: the Unix epoch is a valid date). The
/// pattern first, then the field ranges PHP's `strtotime` accepts (seen on PHP 8.2): month 00-12,
/// day 00-31, hour 00-24, minute 00-59, second 00-60; an offset with minutes up to 24:59, one
/// without any two digits.
pub fn is_date_time(s: &str) -> bool {
    const PATTERN: &str = r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2})(?::(\d{2}))?)?$";
    let Some(re) = pcre::compile(PATTERN) else {
        return false;
    };
    let Ok(Some(caps)) = re.captures(s) else {
        return false;
    };
    let field = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
    let within = |i: usize, max: u32| field(i).is_some_and(|v| v <= max);
    let offset_ok = match (field(7), field(8)) {
        (Some(hours), Some(minutes)) => hours <= 24 && minutes <= 59,
        _ => true,
    };
    within(2, 12) && within(3, 31) && within(4, 24) && within(5, 59) && within(6, 60) && offset_ok
}

/// `is_email`: WordPress's own rules, not RFC 5322.
pub fn is_email(s: &str) -> bool {
    if s.len() < 6 {
        return false;
    }
    let Some(at) = s[1..].find('@').map(|i| i + 1) else {
        return false;
    };
    let (local, domain) = (&s[..at], &s[at + 1..]);
    let local_ok = local
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    if !local_ok || domain.contains("..") {
        return false;
    }
    let trimmed =
        domain.trim_matches(|c: char| c == '.' || c.is_whitespace() || c == '\0' || c == '\x0b');
    if trimmed != domain {
        return false;
    }
    let labels: Vec<&str> = domain.split('.').collect();
    labels.len() >= 2
        && labels.iter().all(|label| {
            let inner = label
                .trim_matches(|c: char| c == '-' || c.is_whitespace() || c == '\0' || c == '\x0b');
            inner == *label
                && !label.is_empty()
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `rest_is_ip_address`: a dotted quad, or an IPv6 address.
pub fn is_ip(s: &str) -> bool {
    const IPV4: &str = r"^(?:(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)\.){3}(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)$";
    pcre::is_match(IPV4, s) || s.parse::<std::net::Ipv6Addr>().is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    // `rest_parse_date` on PHP 8.2 with WordPress 6.9.7's pattern.
    #[test]
    fn dates_like_strtotime() {
        let cases = [
            ("2020-13-01T00:00:00", false),
            ("2020-00-01T00:00:00", true),
            ("2020-01-00T00:00:00", true),
            ("2020-01-32T00:00:00", false),
            ("2020-02-30T00:00:00", true),
            ("2020-01-01T24:00:00", true),
            ("2020-01-01T25:00:00", false),
            ("2020-01-01T23:60:00", false),
            ("2020-01-01T23:59:60", true),
            ("2020-01-01T23:59:61", false),
            ("2020-01-01T00:00:00+24:00", true),
            ("2020-01-01T00:00:00+25:00", false),
            ("2020-01-01T00:00:00+05:60", false),
            ("2020-01-01T00:00:00+5", false),
            ("2020-01-01T00:00:00+99", true),
            ("1970-01-01T00:00:00Z", true),
            ("2020-01-01t00:00:00", true),
            ("2020-01-01 00:00:00.123456789", true),
            ("2020-01-01T00:00:00z", false),
            ("2020-01-01T00:00:00+0530", false),
        ];
        for (date, valid) in cases {
            assert_eq!(is_date_time(date), valid, "{date}");
        }
    }

    #[test]
    fn emails_ips_uuids_colors() {
        for (e, ok) in [
            ("a@b.co", true),
            ("a@b.c", false),
            ("@ab.com", false),
            ("a@b..com", false),
            ("a@-b.com", false),
            ("a b@c.com", false),
            ("a@b_c.com", false),
        ] {
            assert_eq!(is_email(e), ok, "{e}");
        }
        for (ip, ok) in [
            ("127.0.0.1", true),
            ("256.0.0.1", false),
            ("::1", true),
            ("2001:db8::1", true),
            ("1.2.3", false),
            ("127.0.0.1\n", true),
        ] {
            assert_eq!(is_ip(ip), ok, "{ip:?}");
        }
        assert!(is_uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(!is_uuid("123E4567-E89B-12D3-A456-426614174000"));
        assert!(
            is_hex_color("#fff")
                && is_hex_color("#A0B1C2")
                && !is_hex_color("#ffff")
                && !is_hex_color("fff")
        );
    }
}
