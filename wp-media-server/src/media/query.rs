//! The collection query: every list argument turned into the SQL it implies, with text compared
//! and ordered case- and accent-insensitively as MariaDB's `utf8mb4_unicode_520_ci` does.

use super::files;
use crate::api::media::AttachmentListArgs;
use crate::rest::dispatch::Call;
use crate::store::posts::{self, PostRow};
use rusqlite::types::Value as Sql;
use rusqlite::Connection;

pub struct Page {
    pub rows: Vec<PostRow>,
    pub total: i64,
}

/// The folded form text is compared in: accents removed, lower case.
pub fn fold(s: &str) -> String {
    wp_schema_runtime::slug::remove_accents(s).to_lowercase()
}

/// Registers the collation and the search function the queries use.
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    conn.create_collation("wp_ci", |a, b| fold(a).cmp(&fold(b)))?;
    conn.create_scalar_function(
        "wp_contains",
        2,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let haystack: String = ctx.get::<Option<String>>(0)?.unwrap_or_default();
            let needle: String = ctx.get(1)?;
            Ok(fold(&haystack).contains(&fold(&needle)))
        },
    )
}

struct Where {
    clauses: Vec<String>,
    args: Vec<Sql>,
}

impl Where {
    fn push(&mut self, clause: String, args: impl IntoIterator<Item = Sql>) {
        self.clauses.push(clause);
        self.args.extend(args);
    }

    fn ids(&mut self, column: &str, negate: bool, ids: &[i64]) {
        if ids.is_empty() {
            return;
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let not = if negate { "NOT " } else { "" };
        self.push(
            format!("{column} {not}IN ({marks})"),
            ids.iter().map(|&i| Sql::Integer(i)),
        );
    }

    fn texts(&mut self, column: &str, values: &[String]) {
        let marks = vec!["?"; values.len()].join(", ");
        self.push(
            format!("{column} IN ({marks})"),
            values.iter().map(|v| Sql::Text(v.clone())),
        );
    }
}

pub fn run(
    conn: &Connection,
    args: &AttachmentListArgs,
    unfiltered_html: bool,
) -> rusqlite::Result<Page> {
    let mut w = Where {
        clauses: vec!["post_type = 'attachment'".to_owned()],
        args: Vec::new(),
    };
    let statuses: Vec<String> = if args.status.iter().any(|s| s == "any") {
        vec!["inherit".into(), "private".into()]
    } else {
        args.status.clone()
    };
    w.texts("status", &statuses);
    w.ids("author", false, &args.author);
    w.ids("author", true, &args.author_exclude);
    w.ids("id", false, &args.include);
    w.ids("id", true, &args.exclude);
    w.ids("parent", false, &args.parent);
    w.ids("parent", true, &args.parent_exclude);
    if let Some(slugs) = args.slug.as_ref().filter(|s| !s.is_empty()) {
        w.texts("slug", slugs);
    }
    for (value, column, op) in [
        (&args.after, "date", ">"),
        (&args.before, "date", "<"),
        (&args.modified_after, "modified", ">"),
        (&args.modified_before, "modified", "<"),
    ] {
        if let Some(date) = value.as_deref().and_then(crate::clock::from_rfc3339) {
            w.push(format!("{column} {op} ?"), [Sql::Text(date)]);
        }
    }
    mime_filter(&mut w, args, unfiltered_html);
    if let Some(search) = args.search.as_deref().filter(|s| !s.is_empty()) {
        search_filter(&mut w, search, &args.search_columns);
    }
    let sql_where = w.clauses.join(" AND ");
    let total: i64 = conn.query_row(
        &format!("SELECT COUNT(*) FROM posts WHERE {sql_where}"),
        rusqlite::params_from_iter(&w.args),
        |r| r.get(0),
    )?;
    let offset = args
        .offset
        .unwrap_or((args.page - 1) * args.per_page)
        .max(0);
    let order = order_by(args);
    let rows = posts::select(
        conn,
        &format!(
            "{sql_where} ORDER BY {order} LIMIT {} OFFSET {offset}",
            args.per_page
        ),
        &w.args,
    )?;
    Ok(Page { rows, total })
}

fn mime_filter(w: &mut Where, args: &AttachmentListArgs, unfiltered_html: bool) {
    let allowed: Vec<&str> = files::allowed_mimes(unfiltered_html)
        .map(|(_, m)| m)
        .collect();
    let mut mimes: Vec<String> = Vec::new();
    for family in args.media_type.iter().flatten() {
        mimes.extend(
            allowed
                .iter()
                .filter(|m| m.split('/').next() == Some(family))
                .map(|m| m.to_string()),
        );
    }
    for mime in args.mime_type.iter().flatten() {
        if allowed.contains(&mime.as_str()) {
            mimes.push(mime.clone());
        }
    }
    if !mimes.is_empty() {
        w.texts("mime_type", &mimes);
    }
}

/// `WP_Query`'s search: every term must appear in a searched column (or, for media, in the file
/// name); a term starting with `-` must not.
fn search_filter(w: &mut Where, search: &str, columns: &[String]) {
    let columns: Vec<&str> = if columns.is_empty() {
        vec!["title", "excerpt", "content"]
    } else {
        columns
            .iter()
            .map(|c| match c.as_str() {
                "post_title" => "title",
                "post_excerpt" => "excerpt",
                _ => "content",
            })
            .collect()
    };
    for term in search_terms(search) {
        let (negate, term) = match term.strip_prefix('-') {
            Some(rest) if !rest.is_empty() => (true, rest.to_owned()),
            _ => (false, term),
        };
        let mut any: Vec<String> = columns
            .iter()
            .map(|c| format!("wp_contains({c}, ?)"))
            .collect();
        any.push("wp_contains((SELECT value FROM postmeta WHERE post_id = posts.id AND key = '_wp_attached_file'), ?)".into());
        let n = any.len();
        let clause = if negate {
            format!("NOT ({})", any.join(" OR "))
        } else {
            format!("({})", any.join(" OR "))
        };
        w.push(clause, std::iter::repeat_n(Sql::Text(term), n));
    }
}

/// Quoted phrases stay whole; otherwise terms are split on spaces and commas.
fn search_terms(search: &str) -> Vec<String> {
    let mut terms = Vec::new();
    let mut rest = search.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let (phrase, tail) = after.split_once('"').unwrap_or((after, ""));
            terms.push(phrase.to_owned());
            rest = tail.trim_start_matches([' ', ',']);
        } else {
            let end = rest.find([' ', ',']).unwrap_or(rest.len());
            terms.push(rest[..end].to_owned());
            rest = rest[end..].trim_start_matches([' ', ',']);
        }
    }
    terms.retain(|t| !t.is_empty());
    terms
}

fn order_by(args: &AttachmentListArgs) -> String {
    let dir = if args.order == "asc" { "ASC" } else { "DESC" };
    match args.orderby.as_str() {
        "id" => format!("id {dir}"),
        "title" => format!("title COLLATE wp_ci {dir}, id {dir}"),
        "slug" => format!("slug COLLATE wp_ci {dir}, id {dir}"),
        "modified" => format!("modified {dir}, id {dir}"),
        "author" => format!("author {dir}, id {dir}"),
        "parent" => format!("parent {dir}, id {dir}"),
        "include" => position("id", args.include.iter().map(|i| i.to_string())),
        "include_slugs" => position(
            "slug",
            args.slug
                .iter()
                .flatten()
                .map(|s| format!("'{}'", s.replace('\'', "''"))),
        ),
        "relevance" => {
            let phrase = args.search.clone().unwrap_or_default().replace('\'', "''");
            format!("wp_contains(title, '{phrase}') DESC, date DESC, id DESC")
        }
        _ => format!("date {dir}, id {dir}"),
    }
}

/// `FIELD( column, … )`: the order the values were given in.
fn position(column: &str, values: impl Iterator<Item = String>) -> String {
    let cases: Vec<String> = values
        .enumerate()
        .map(|(i, v)| format!("WHEN {v} THEN {i}"))
        .collect();
    if cases.is_empty() {
        return "id DESC".to_owned();
    }
    format!("CASE {column} {} ELSE {} END", cases.join(" "), cases.len())
}

/// The `Link` headers for the previous and next pages.
pub fn page_links(call: &Call<'_>, page: i64, max_pages: i64) -> Vec<String> {
    let base_params: Vec<(String, String)> = form_pairs(&call.req.query);
    let with_page = |n: i64| {
        let mut pairs = base_params.clone();
        match pairs.iter_mut().find(|(k, _)| k == "page") {
            Some(pair) => pair.1 = n.to_string(),
            None => pairs.push(("page".into(), n.to_string())),
        }
        let query: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
        call.app
            .config
            .rest_url(&format!("/wp/v2/media?{}", query.join("&")))
    };
    let mut links = Vec::new();
    if page > 1 {
        links.push(format!(
            "<{}>; rel=\"prev\"",
            with_page((page - 1).min(max_pages))
        ));
    }
    if max_pages > page {
        links.push(format!("<{}>; rel=\"next\"", with_page(page + 1)));
    }
    links
}

/// The query's pairs re-encoded the way `urlencode_deep` writes them.
fn form_pairs(query: &str) -> Vec<(String, String)> {
    let encode = |s: &str| {
        let decoded = percent_encoding::percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        php_urlencode(&decoded)
    };
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(k), encode(v))
        })
        .collect()
}

/// PHP's `urlencode`.
pub fn php_urlencode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_folds_case_and_accents() {
        assert_eq!(fold("Éclair"), fold("eclair"));
        assert_eq!(
            search_terms("red \"blue sky\" -green"),
            ["red", "blue sky", "-green"]
        );
    }
}
