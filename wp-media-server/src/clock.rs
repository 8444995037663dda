//! The time, as WordPress writes it (the site's timezone is UTC, so local and GMT agree).

/// `YYYY-MM-DD HH:MM:SS`, the MySQL DATETIME form stored in rows.
pub fn now_mysql() -> String {
    chrono::Utc::now().format("%Y-%m-%d %H:%M:%S").to_string()
}

/// The uploads sub-folder for a file uploaded now: `YYYY/MM`, or none when the site keeps its
/// uploads in one folder (the `uploads_use_yearmonth_folders` option off).
pub fn upload_subdir(year_month_folders: bool) -> String {
    if year_month_folders {
        chrono::Utc::now().format("%Y/%m").to_string()
    } else {
        String::new()
    }
}

/// `mysql_to_rfc3339`: the stored form with a `T`, or `None` for the zero date.
pub fn to_rfc3339(mysql: &str) -> Option<String> {
    if mysql.starts_with("0000-00-00") || mysql.is_empty() {
        return None;
    }
    Some(mysql.replacen(' ', "T", 1))
}

/// A date argument as `rest_get_date_with_gmt` stores it: `rest_parse_date`'s time (an offset
/// applied, a bare time taken in the site's time zone, UTC) as `YYYY-MM-DD HH:MM:SS`; `None` for
/// what WordPress's date pattern does not accept.
pub fn from_rfc3339(date: &str) -> Option<String> {
    let unix = wp_schema_runtime::schema::validate::rest_parse_date(date)?;
    let at = chrono::DateTime::from_timestamp(unix, 0)?;
    Some(at.format("%Y-%m-%d %H:%M:%S").to_string())
}
