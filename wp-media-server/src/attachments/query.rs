//! The collection query: every list argument turned into the SQL it implies, with text compared
//! and ordered case- and accent-insensitively as MariaDB's `utf8mb4_unicode_520_ci` does.

use crate::api::media::AttachmentListArgs;
use crate::names::files;
use crate::request::Call;
use crate::store::posts::{self, PostRow};
use rusqlite::types::Value as Sql;
use rusqlite::Connection;
use wp_schema_runtime::php::abs_int;

pub struct Page {
    pub rows: Vec<PostRow>,
    pub total: i64,
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

    /// `WP_Query` reads every id list with `absint`: `include=-5` asks for item 5.
    fn ids(&mut self, column: &str, negate: bool, ids: &[i64]) {
        if ids.is_empty() {
            return;
        }
        let marks = vec!["?"; ids.len()].join(", ");
        let not = if negate { "NOT " } else { "" };
        self.push(
            format!("{column} {not}IN ({marks})"),
            ids.iter().map(|&i| Sql::Integer(abs_int(i))),
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
    // Of each pair `WP_Query` reads only one: an exclusion of authors wins over their inclusion,
    // and an inclusion of ids or parents wins over their exclusion.
    if args.author_exclude.is_empty() {
        w.ids("author", false, &args.author);
    }
    w.ids("author", true, &args.author_exclude);
    w.ids("id", false, &args.include);
    if args.include.is_empty() {
        w.ids("id", true, &args.exclude);
    }
    w.ids("parent", false, &args.parent);
    if args.parent.is_empty() {
        w.ids("parent", true, &args.parent_exclude);
    }
    let slugs = slugs_for_query(args);
    if !slugs.is_empty() {
        w.texts("slug", &slugs);
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
    let search = args
        .search
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(Search::parse);
    if let Some(search) = &search {
        search_filter(&mut w, search, &args.search_columns);
    }
    let sql_where = w.clauses.join(" AND ");
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM posts WHERE {sql_where}"))?
        .query_row(rusqlite::params_from_iter(&w.args), |r| r.get(0))?;
    // `WP_Query` reads `offset` with `absint` too: `offset=-1` skips one row.
    let offset = args
        .offset
        .map_or((args.page - 1).saturating_mul(args.per_page), abs_int)
        .max(0);
    let order = order_by(args, &slugs, search.as_ref());
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
fn search_filter(w: &mut Where, search: &Search, columns: &[String]) {
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
    for term in &search.terms {
        let (negate, term) = match term.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, term.as_str()),
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
        w.push(clause, std::iter::repeat_n(Sql::Text(term.to_owned()), n));
    }
}

/// A search as `WP_Query::parse_search` reads it.
struct Search {
    /// The search without slashes (`stripslashes`) or line breaks.
    text: String,
    /// How many tokens the text was cut into (`search_terms_count`).
    tokens: usize,
    /// The tokens trimmed of quotes, with single letters, a lone dash and the stop words dropped;
    /// the whole text as one term when none, or more than nine, are left.
    terms: Vec<String>,
}

impl Search {
    fn parse(search: &str) -> Search {
        let text: String = strip_slashes(search)
            .chars()
            .filter(|c| !matches!(c, '\r' | '\n'))
            .collect();
        let tokens = search_tokens(&text);
        let mut terms: Vec<String> = tokens.iter().copied().filter_map(search_term).collect();
        if terms.is_empty() || terms.len() > 9 {
            terms = vec![text.clone()];
        }
        Search {
            tokens: tokens.len(),
            terms,
            text,
        }
    }
}

/// The matches of `/".*?("|$)|((?<=[\t ",+])|^)[^\t ",+]+/`: a quoted phrase up to its closing
/// quote (or the end), or a run of other characters that starts the search or follows a tab,
/// space, quote, comma or plus.
fn search_tokens(search: &str) -> Vec<&str> {
    let bytes = search.as_bytes();
    let is_separator = |b: u8| matches!(b, b'\t' | b' ' | b'"' | b',' | b'+');
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let end = if bytes[at] == b'"' {
            bytes[at + 1..]
                .iter()
                .position(|&b| b == b'"')
                .map_or(bytes.len(), |quote| at + 1 + quote + 1)
        } else if !is_separator(bytes[at]) && (at == 0 || is_separator(bytes[at - 1])) {
            bytes[at..]
                .iter()
                .position(|&b| is_separator(b))
                .map_or(bytes.len(), |separator| at + separator)
        } else {
            at += 1;
            continue;
        };
        tokens.push(&search[at..end]);
        at = end;
    }
    tokens
}

/// `parse_search_terms` of one token: `None` for what it skips.
fn search_term(token: &str) -> Option<String> {
    let quoted = token.len() >= 3 && token.starts_with('"') && token.ends_with('"');
    let term = if quoted {
        token.trim_matches(['"', '\''])
    } else {
        token.trim_matches(['"', '\'', ' '])
    };
    let single_letter_or_dash =
        term.len() == 1 && (term == "-" || term.as_bytes()[0].is_ascii_alphabetic());
    // PHP's `! $term` also takes "0" for empty.
    if term.is_empty() || term == "0" || single_letter_or_dash {
        return None;
    }
    (!SEARCH_STOPWORDS.contains(&term.to_lowercase().as_str())).then(|| term.to_owned())
}

/// `get_search_stopwords()` of a site in English.
const SEARCH_STOPWORDS: [&str; 29] = [
    "about", "an", "are", "as", "at", "be", "by", "com", "for", "from", "how", "in", "is", "it",
    "of", "on", "or", "that", "the", "this", "to", "was", "what", "when", "where", "who", "will",
    "with", "www",
];

/// PHP's `stripslashes`: each backslash escapes the character after it (`\0` is NUL).
fn strip_slashes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => out.push('\0'),
            Some(escaped) => out.push(escaped),
            None => {}
        }
    }
    out
}

/// The ORDER BY clause. Rows that tie on the sort key come back in the order MariaDB gave them
/// to WordPress 6.9.7 for result sets that fit in the page: along the date index (the later id
/// first, or last in ascending order), in slug order when the slug index found them, and in id
/// order after the file sort that a search or `relevance` needs.
fn order_by(args: &AttachmentListArgs, slugs: &[String], search: Option<&Search>) -> String {
    let dir = if args.order == "asc" { "ASC" } else { "DESC" };
    let ties = if !slugs.is_empty() {
        "slug COLLATE wp_ci ASC, id ASC".to_owned()
    } else if search.is_some() {
        "id ASC".to_owned()
    } else {
        format!("id {dir}")
    };
    match args.orderby.as_str() {
        "id" => format!("id {dir}"),
        "title" => format!("title COLLATE wp_ci {dir}, {ties}"),
        "slug" => format!("slug COLLATE wp_ci {dir}, {ties}"),
        "modified" => format!("modified {dir}, {ties}"),
        "author" => format!("author {dir}, {ties}"),
        "parent" => format!("parent {dir}, {ties}"),
        "include" => position("id", args.include.iter().map(|&i| abs_int(i).to_string())),
        "include_slugs" => position("slug", slugs.iter().map(|slug| sql_text(slug))),
        // `relevance` is no column, so `WP_Query` falls back to the date in the given order.
        "relevance" => format!("{}, date {dir}, id ASC", relevance(search)),
        _ => format!("date {dir}, {ties}"),
    }
}

/// The `slug` argument as `WP_Query` reads `post_name__in`: each through
/// `sanitize_title_for_query` (`slug=PHOTO` finds `photo`), each once.
fn slugs_for_query(args: &AttachmentListArgs) -> Vec<String> {
    let mut slugs: Vec<String> = Vec::new();
    for slug in args.slug.iter().flatten() {
        let slug = wp_schema_runtime::slug::sanitize_title_for_query(slug);
        if !slugs.contains(&slug) {
            slugs.push(slug);
        }
    }
    slugs
}

/// `WP_Query::parse_search_order`. A search of one token ranks titles that hold its term first.
/// A longer one ranks: the whole search in the title (1), every term in the title (2), any term in
/// it (3), the whole search in the excerpt (4) or the content (5), the rest (6); the whole-search
/// ranks are left out when a term is negated, and the term ranks past six terms.
fn relevance(search: Option<&Search>) -> String {
    // A relevance order without a search is refused before the query runs.
    let Some(search) = search else {
        return "0".to_owned();
    };
    let in_title: Vec<String> = search
        .terms
        .iter()
        .filter(|term| !term.starts_with('-'))
        .map(|term| format!("wp_contains(title, {})", sql_text(term)))
        .collect();
    if search.tokens <= 1 {
        return match in_title.first() {
            Some(term) => format!("{term} DESC"),
            None => "0".to_owned(),
        };
    }
    let text = &search.text;
    let negated = text.char_indices().any(|(at, c)| {
        c == '-' && (at == 0 || text[..at].ends_with([' ', '\t', '\n', '\x0b', '\x0c', '\r']))
    });
    let whole = sql_text(text);
    let mut ranks = Vec::new();
    if !negated {
        ranks.push(format!("WHEN wp_contains(title, {whole}) THEN 1"));
    }
    if !in_title.is_empty() && in_title.len() < 7 {
        ranks.push(format!("WHEN {} THEN 2", in_title.join(" AND ")));
        if in_title.len() > 1 {
            ranks.push(format!("WHEN {} THEN 3", in_title.join(" OR ")));
        }
    }
    if !negated {
        ranks.push(format!("WHEN wp_contains(excerpt, {whole}) THEN 4"));
        ranks.push(format!("WHEN wp_contains(content, {whole}) THEN 5"));
    }
    if ranks.is_empty() {
        return "0".to_owned();
    }
    format!("(CASE {} ELSE 6 END)", ranks.join(" "))
}

/// A string as an SQL literal.
fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
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
pub fn page_links(
    call: &Call<'_>,
    args: &AttachmentListArgs,
    page: i64,
    max_pages: i64,
) -> Vec<String> {
    // The links carry the request's query with each argument replaced by its sanitized value,
    // as `sanitize_params` leaves them (`exclude=5,6` comes back as `exclude[0]=5&exclude[1]=6`).
    let sanitized = serde_json::to_value(args).unwrap_or_default();
    let mut params = call.req.query_params.clone();
    for (key, value) in params.iter_mut() {
        if let Some(clean) = sanitized.get(key).filter(|v| !v.is_null()) {
            *value = clean.clone();
        }
    }
    let with_page = |n: i64| {
        let mut params = params.clone();
        params.insert("page".to_owned(), n.into());
        call.app
            .config
            .rest_url(&format!("/wp/v2/media?{}", build_query(&params)))
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

/// `add_query_arg` over `urlencode_deep` values: nested keys as `key%5Bi%5D`, booleans as 1 and 0,
/// and no `=` after an empty value.
fn build_query(params: &serde_json::Map<String, serde_json::Value>) -> String {
    fn pairs(key: String, value: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value;
        let scalar = match value {
            Value::Null => return,
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    pairs(format!("{key}%5B{i}%5D"), item, out);
                }
                return;
            }
            Value::Object(map) => {
                for (sub, item) in map {
                    pairs(format!("{key}%5B{sub}%5D"), item, out);
                }
                return;
            }
            Value::Bool(b) => (if *b { "1" } else { "0" }).to_owned(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => wp_schema_runtime::php::urlencode(s),
        };
        out.push(match scalar.is_empty() {
            true => key,
            false => format!("{key}={scalar}"),
        });
    }
    let mut out = Vec::new();
    for (key, value) in params {
        pairs(key.clone(), value, &mut out);
    }
    out.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_phrases_are_one_term() {
        assert_eq!(
            Search::parse("red \"blue sky\" -green").terms,
            ["red", "blue sky", "-green"]
        );
    }

    // What WordPress 6.9.7's `WP_Query::parse_search` made of each search (PHP 8.2).
    #[test]
    fn search_terms_are_cut_as_wordpress_cuts_them() {
        let cases: [(&str, &[&str]); 9] = [
            ("the photo of a cat", &["photo", "cat"]),
            ("the a", &["the a"]),
            ("xx+yy,zz\ttail", &["xx", "yy", "zz", "tail"]),
            ("ab\"cd ef", &["ab", "cd ef"]),
            ("it\\'s", &["it's"]),
            ("0 photo", &["photo"]),
            ("\"the\"", &["\"the\""]),
            ("- photo", &["photo"]),
            (
                "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10",
                &["a1 b2 c3 d4 e5 f6 g7 h8 i9 j10"],
            ),
        ];
        for (search, terms) in cases {
            assert_eq!(Search::parse(search).terms, terms, "{search}");
        }
    }
}
