//! The collection query: every list argument read as `WP_Query` reads it, into the
//! [`AttachmentQuery`] the store turns into its SQL.

use crate::api::media::AttachmentListArgs;
use crate::names::files;
use crate::request::Call;
use crate::store::query::{
    AttachmentQuery, DateBound, DateColumn, Ids, Order, OrderBy, Rank, SearchTerm, TextColumn,
};
use wp_schema_runtime::php::abs_int;

/// `get_post_stati()` of a fresh 6.9.7 site.
const POST_STATI: &[&str] = &[
    "publish",
    "future",
    "draft",
    "pending",
    "private",
    "trash",
    "auto-draft",
    "inherit",
    "request-pending",
    "request-confirmed",
    "request-failed",
    "request-completed",
];

/// What the list's arguments ask `WP_Query` for; `unfiltered_html` widens the types a search by
/// media or MIME type may find, as it widens the types one may upload.
pub fn describe(args: &AttachmentListArgs, unfiltered_html: bool) -> AttachmentQuery {
    // `WP_Query` keeps the statuses it knows; when none is left, it asks for no status at all
    // (6.9.7 lists an `inherit` item to `?status=[]`, which sanitizes to the status `""`).
    let statuses: Vec<String> = if args.status.iter().any(|s| s == "any") {
        vec!["inherit".into(), "private".into()]
    } else {
        args.status
            .iter()
            .filter(|s| POST_STATI.contains(&s.as_str()))
            .cloned()
            .collect()
    };
    let slugs = slugs_for_query(args);
    let search = args
        .search
        .as_deref()
        .filter(|s| !s.is_empty())
        .map(Search::parse);
    AttachmentQuery {
        statuses,
        // Of each pair `WP_Query` reads only one: an exclusion of authors wins over their
        // inclusion, and an inclusion of ids or parents wins over their exclusion.
        authors: one_of(&args.author, &args.author_exclude, false),
        ids: one_of(&args.include, &args.exclude, true),
        parents: one_of(&args.parent, &args.parent_exclude, true),
        dates: date_bounds(args),
        mime_types: mime_types(args, unfiltered_html),
        search: search.as_ref().map(|search| {
            search_of(
                search,
                &args.search_columns,
                args.search_semantics.is_some(),
            )
        }),
        order: Order {
            by: order_by(args, search.as_ref()),
            descending: args.order != "asc",
        },
        slugs,
        per_page: args.per_page,
        // `WP_Query` reads `offset` with `absint` too: `offset=-1` skips one row.
        offset: args
            .offset
            .map_or((args.page - 1).saturating_mul(args.per_page), abs_int)
            .max(0),
    }
}

/// `WP_Query` reads every id list with `absint`: `include=-5` asks for item 5. An empty list
/// filters nothing.
fn ids(list: &[i64], filter: fn(Vec<i64>) -> Ids) -> Ids {
    match list.is_empty() {
        true => Ids::Any,
        false => filter(list.iter().map(|&i| abs_int(i)).collect()),
    }
}

/// The inclusion or the exclusion, whichever `WP_Query` reads when given both.
fn one_of(included: &[i64], excluded: &[i64], inclusion_wins: bool) -> Ids {
    if excluded.is_empty() || (inclusion_wins && !included.is_empty()) {
        ids(included, Ids::In)
    } else {
        ids(excluded, Ids::NotIn)
    }
}

/// `after`, `before`, `modified_after` and `modified_before`; one that is no RFC 3339 date bounds
/// nothing.
fn date_bounds(args: &AttachmentListArgs) -> Vec<DateBound> {
    [
        (&args.after, DateColumn::Date, true),
        (&args.before, DateColumn::Date, false),
        (&args.modified_after, DateColumn::Modified, true),
        (&args.modified_before, DateColumn::Modified, false),
    ]
    .into_iter()
    .filter_map(|(value, column, after)| {
        let value = value.as_deref().and_then(crate::clock::from_rfc3339)?;
        Some(DateBound {
            column,
            after,
            value,
        })
    })
    .collect()
}

/// The MIME types `media_type` and `mime_type` name, among those the user may upload.
fn mime_types(args: &AttachmentListArgs, unfiltered_html: bool) -> Vec<String> {
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
    mimes
}

/// `WP_Query`'s search: every term must appear in a searched column (or, for media, in the file
/// name); a term starting with `-` must not.
fn search_of(search: &Search, columns: &[String], exact: bool) -> crate::store::query::Search {
    let columns: Vec<TextColumn> = if columns.is_empty() {
        vec![TextColumn::Title, TextColumn::Excerpt, TextColumn::Content]
    } else {
        columns
            .iter()
            .map(|c| match c.as_str() {
                "post_title" => TextColumn::Title,
                "post_excerpt" => TextColumn::Excerpt,
                _ => TextColumn::Content,
            })
            .collect()
    };
    let terms = search
        .terms
        .iter()
        .map(|term| match term.strip_prefix('-') {
            Some(rest) => SearchTerm {
                text: rest.to_owned(),
                negated: true,
            },
            None => SearchTerm {
                text: term.clone(),
                negated: false,
            },
        })
        .collect();
    crate::store::query::Search {
        terms,
        columns,
        exact,
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

/// `orderby`. The ids of `include` go through `absint`, as everywhere.
fn order_by(args: &AttachmentListArgs, search: Option<&Search>) -> OrderBy {
    match args.orderby.as_str() {
        "id" => OrderBy::Id,
        "title" => OrderBy::Title,
        "slug" => OrderBy::Slug,
        "modified" => OrderBy::Modified,
        "author" => OrderBy::Author,
        "parent" => OrderBy::Parent,
        "include" => OrderBy::Include(args.include.iter().map(|&i| abs_int(i)).collect()),
        "include_slugs" => OrderBy::IncludeSlugs,
        // `relevance` is no column, so `WP_Query` falls back to the date in the given order.
        "relevance" => OrderBy::Relevance(relevance(search)),
        _ => OrderBy::Date,
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
fn relevance(search: Option<&Search>) -> Vec<Rank> {
    // A relevance order without a search is refused before the query runs.
    let Some(search) = search else {
        return Vec::new();
    };
    let in_title: Vec<String> = search
        .terms
        .iter()
        .filter(|term| !term.starts_with('-'))
        .cloned()
        .collect();
    if search.tokens <= 1 {
        return in_title
            .into_iter()
            .take(1)
            .map(|term| Rank::Holds(TextColumn::Title, term))
            .collect();
    }
    let text = &search.text;
    let negated = text.char_indices().any(|(at, c)| {
        c == '-' && (at == 0 || text[..at].ends_with([' ', '\t', '\n', '\x0b', '\x0c', '\r']))
    });
    let mut ranks = Vec::new();
    if !negated {
        ranks.push(Rank::Holds(TextColumn::Title, text.clone()));
    }
    if !in_title.is_empty() && in_title.len() < 7 {
        ranks.push(Rank::HoldsAll(TextColumn::Title, in_title.clone()));
        if in_title.len() > 1 {
            ranks.push(Rank::HoldsAny(TextColumn::Title, in_title));
        }
    }
    if !negated {
        ranks.push(Rank::Holds(TextColumn::Excerpt, text.clone()));
        ranks.push(Rank::Holds(TextColumn::Content, text.clone()));
    }
    ranks
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
