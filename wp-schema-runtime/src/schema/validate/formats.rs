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

    /// A `format` keyword's value as WordPress's loose `switch` reads it: `true` equals the first
    /// case, `hex-color`; anything else but a name matches none.
    pub fn of_keyword(keyword: &Value) -> Format {
        match keyword {
            Value::String(name) => Format::parse(name),
            Value::Bool(true) => Format::HexColor,
            _ => Format::Other,
        }
    }
}

/// Checks `value` against `format`. Non-strings are read as PHP would pass them to the checks.
pub fn format(format: Format, value: &Value, param: &str) -> Result<(), WpError> {
    let text = php::to_string(value);
    let ok = match format {
        Format::HexColor => crate::callbacks::is_hex_color(&text),
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
    DateTime::read(s.as_bytes()).is_some_and(|date| date.in_range())
}

/// `rest_parse_date( $date )`: the Unix time a valid date stands for, as `strtotime` reads it
/// (the site's time zone is UTC: a date without offset is UTC), `None` where it is `false`.
/// Fields at the edges of their ranges roll over as PHP rolls them: day 00 is the last day of
/// the month before, hour 24 the next day's midnight, second 60 the next minute's first.
pub fn rest_parse_date(s: &str) -> Option<i64> {
    let date = DateTime::read(s.as_bytes()).filter(DateTime::in_range)?;
    let months = i64::from(date.year) * 12 + i64::from(date.month) - 1;
    let days =
        days_from_civil(months.div_euclid(12), months.rem_euclid(12) + 1) + i64::from(date.day) - 1;
    let offset = date.offset.map_or(0, |(sign, hours, minutes)| {
        sign * (i64::from(hours) * 3600 + i64::from(minutes.unwrap_or(0)) * 60)
    });
    Some(
        days * 86_400
            + i64::from(date.hour) * 3600
            + i64::from(date.minute) * 60
            + i64::from(date.second)
            - offset,
    )
}

/// Days from 1970-01-01 to the first of a month of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The fields of a string that matches `rest_parse_date`'s pattern,
/// `^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2})(?::(\d{2}))?)?$`.
/// Read by hand rather than with a regex: the pattern has no `u` flag, so `\d` is an ASCII digit
/// only, and PCRE's `$` also matches before one final newline.
struct DateTime {
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
    /// Sign (1 or -1), hours and minutes.
    offset: Option<(i64, u32, Option<u32>)>,
}

impl DateTime {
    fn read(s: &[u8]) -> Option<DateTime> {
        let mut at = Cursor(s.strip_suffix(b"\n").unwrap_or(s));
        let year = at.digits(4)?;
        at.byte(|b| b == b'-')?;
        let month = at.digits(2)?;
        at.byte(|b| b == b'-')?;
        let day = at.digits(2)?;
        at.byte(|b| matches!(b, b'T' | b't' | b' '))?;
        let hour = at.digits(2)?;
        at.byte(|b| b == b':')?;
        let minute = at.digits(2)?;
        at.byte(|b| b == b':')?;
        let second = at.digits(2)?;
        if at.byte(|b| b == b'.').is_some() {
            at.digits(1)?;
            while at.digits(1).is_some() {}
        }
        let offset = match at.byte(|b| matches!(b, b'Z' | b'+' | b'-')) {
            None | Some(b'Z') => None,
            Some(sign) => {
                let hours = at.digits(2)?;
                let minutes = match at.byte(|b| b == b':') {
                    Some(_) => Some(at.digits(2)?),
                    None => None,
                };
                Some((if sign == b'-' { -1 } else { 1 }, hours, minutes))
            }
        };
        at.0.is_empty().then_some(DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset,
        })
    }
}

impl DateTime {
    fn in_range(&self) -> bool {
        let offset_ok = match self.offset {
            Some((_, hours, Some(minutes))) => hours <= 24 && minutes <= 59,
            _ => true,
        };
        self.month <= 12
            && self.day <= 31
            && self.hour <= 24
            && self.minute <= 59
            && self.second <= 60
            && offset_ok
    }
}

/// What is left of a string being read.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    /// The next byte, taken when `wanted` accepts it.
    fn byte(&mut self, wanted: impl Fn(u8) -> bool) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        wanted(first).then(|| {
            self.0 = rest;
            first
        })
    }

    /// The next `n` ASCII digits as a number, taken when all `n` are there.
    fn digits(&mut self, n: usize) -> Option<u32> {
        let taken = self.0.get(..n)?;
        if !taken.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.0 = &self.0[n..];
        Some(taken.iter().fold(0, |v, d| v * 10 + u32::from(d - b'0')))
    }
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
    fn dates_read_as_strtotime_reads_them() {
        // `strtotime` of each on PHP 8.2 with the time zone UTC.
        for (date, unix) in [
            ("2024-01-02T03:04:05", 1_704_164_645),
            ("2024-01-02 03:04:05", 1_704_164_645),
            ("2024-01-02t03:04:05Z", 1_704_164_645),
            ("2030-06-15T08:30:00+02:00", 1_907_735_400),
            ("2030-06-15T08:30:00-02:30", 1_907_751_600),
            ("2020-02-29T12:00:00.123Z", 1_582_977_600),
            ("1970-01-01T00:00:00", 0),
            ("2024-03-00T00:00:00", 1_709_164_800),
            ("2024-00-10T00:00:00", 1_702_166_400),
            ("2023-12-31T24:00:00", 1_704_067_200),
            ("1969-12-31T23:59:60", 0),
        ] {
            assert_eq!(rest_parse_date(date), Some(unix), "{date}");
        }
        assert_eq!(rest_parse_date("2024-13-01T00:00:00"), None);
        assert_eq!(rest_parse_date("2024-01-02"), None);
        assert_eq!(rest_parse_date("2030-06-15T08:30:00-0230"), None);
    }

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
            // PCRE's `$` matches before one final newline, and `\d` is ASCII without the `u` flag
            // (PHP 8.2, `preg_match` with 6.9.7's pattern: 1, 0 and 0).
            ("2020-01-01T00:00:00\n", true),
            ("2020-01-01T00:00:00\n\n", false),
            ("2020-01-01T00:00:00.\u{663}", false),
            ("2020-01-01T00:00:00.", false),
            ("2020-01-01T00:00:00+05:", false),
        ];
        for (date, valid) in cases {
            assert_eq!(is_date_time(date), valid, "{date}");
        }
    }

    /// The pattern as PCRE reads it (ASCII digits), with the same field ranges.
    fn date_time_by_pattern(s: &str) -> bool {
        const PATTERN: &str = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?(?:Z|[+-]([0-9]{2})(?::([0-9]{2}))?)?$";
        let Ok(Some(caps)) = pcre::compile(PATTERN).unwrap().captures(s) else {
            return false;
        };
        let field = |i: usize| caps.get(i).map(|m| m.as_str().parse::<u32>().unwrap());
        let within = |i: usize, max: u32| field(i).is_some_and(|v| v <= max);
        let offset_ok = match (field(7), field(8)) {
            (Some(hours), Some(minutes)) => hours <= 24 && minutes <= 59,
            _ => true,
        };
        within(2, 12)
            && within(3, 31)
            && within(4, 24)
            && within(5, 59)
            && within(6, 60)
            && offset_ok
    }

    /// Strings shaped like dates, each part mostly well formed and sometimes not.
    fn date_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prop_oneof;
        use proptest::strategy::Strategy;
        let two = |valid: &'static str| prop_oneof![4 => valid, 1 => "[0-9\u{663}]{1,3}"];
        let date = (
            prop_oneof![4 => "[0-9]{4}", 1 => "[0-9\u{663}]{3,5}"],
            prop_oneof![8 => "-", 1 => "[/:]"],
            two("0[0-9]|1[0-3]"),
            two("[0-2][0-9]|3[0-2]"),
        );
        let time = (
            prop_oneof![4 => "[Tt ]", 1 => "[xZ]"],
            two("[01][0-9]|2[0-5]"),
            two("[0-5][0-9]|6[01]"),
            two("[0-5][0-9]|6[01]"),
        );
        let tail = (
            prop_oneof![2 => "", 1 => "\\.[0-9\u{663}]{0,3}"],
            prop_oneof![2 => "", 1 => "Z|z|[+-][0-9]{1,3}(:[0-9]{0,3})?"],
            prop_oneof![4 => "", 1 => "\n{1,2}|[ a]"],
        );
        (date, time, tail).prop_map(|((y, d, m, dd), (t, h, mi, se), (f, o, end))| {
            format!("{y}{d}{m}{d}{dd}{t}{h}:{mi}:{se}{f}{o}{end}")
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(4096))]
        #[test]
        fn dates_read_by_hand_as_by_the_pattern(s in date_like()) {
            proptest::prop_assert_eq!(is_date_time(&s), date_time_by_pattern(&s), "{:?}", s);
        }

        #[test]
        fn any_text_read_by_hand_as_by_the_pattern(s in "\\PC{0,40}") {
            proptest::prop_assert_eq!(is_date_time(&s), date_time_by_pattern(&s), "{:?}", s);
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
            crate::callbacks::is_hex_color("#fff")
                && crate::callbacks::is_hex_color("#A0B1C2")
                && !crate::callbacks::is_hex_color("#ffff")
                && !crate::callbacks::is_hex_color("fff")
        );
    }
}
