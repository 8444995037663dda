//! The time, as WordPress writes it (the site's timezone is UTC, so local and GMT agree).

/// `YYYY-MM-DD HH:MM:SS`, the MySQL DATETIME form stored in rows.
pub fn now_mysql() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// `YYYY/MM`, the uploads sub-folder for a file uploaded now.
pub fn upload_subdir() -> String {
    chrono::Utc::now().format("%Y/%m").to_string()
}

/// `mysql_to_rfc3339`: the stored form with a `T`, or `None` for the zero date.
pub fn to_rfc3339(mysql: &str) -> Option<String> {
    if mysql.starts_with("0000-00-00") || mysql.is_empty() {
        return None;
    }
    Some(mysql.replacen(' ', "T", 1))
}

/// A validated RFC 3339 date (with or without an offset) as the stored `YYYY-MM-DD HH:MM:SS`; the
/// site is on UTC, so an offset is applied and a bare time is taken as UTC.
pub fn from_rfc3339(date: &str) -> Option<String> {
    let parsed = chrono::DateTime::parse_from_rfc3339(date)
        .map(|d| d.naive_utc())
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(date, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    Some(parsed.format("%Y-%m-%d %H:%M:%S").to_string())
}
