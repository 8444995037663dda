//! An [`AttachmentQuery`] as SQLite's SQL, with text compared and ordered case- and
//! accent-insensitively as MariaDB's `utf8mb4_unicode_520_ci` does (the `wp_ci` collation and
//! `wp_contains`, see `functions`).

use super::super::query::{
    AttachmentQuery, DateColumn, Ids, Order, OrderBy, Rank, Search, TextColumn,
};
use super::super::Found;
use super::posts;
use rusqlite::types::Value as Sql;
use rusqlite::Connection;

/// The rows on the query's page, and how many rows match across pages.
pub fn run(conn: &Connection, query: &AttachmentQuery) -> rusqlite::Result<Found> {
    let w = Where::of(query);
    let sql_where = w.clauses.join(" AND ");
    let total: i64 = conn
        .prepare_cached(&format!("SELECT COUNT(*) FROM posts WHERE {sql_where}"))?
        .query_row(rusqlite::params_from_iter(&w.args), |r| r.get(0))?;
    let rows = posts::select(
        conn,
        &format!(
            "{sql_where} ORDER BY {} LIMIT {} OFFSET {}",
            order_by(query),
            query.per_page,
            query.offset
        ),
        &w.args,
    )?;
    Ok(Found { rows, total })
}

/// The WHERE clauses, each with its arguments bound in order.
struct Where {
    clauses: Vec<String>,
    args: Vec<Sql>,
}

impl Where {
    fn of(query: &AttachmentQuery) -> Where {
        let mut w = Where {
            clauses: vec!["post_type = 'attachment'".to_owned()],
            args: Vec::new(),
        };
        if !query.statuses.is_empty() {
            w.texts("status", &query.statuses);
        }
        w.ids("author", &query.authors);
        w.ids("id", &query.ids);
        w.ids("parent", &query.parents);
        if !query.slugs.is_empty() {
            w.texts("slug", &query.slugs);
        }
        for bound in &query.dates {
            let column = match bound.column {
                DateColumn::Date => "date",
                DateColumn::Modified => "modified",
            };
            let op = if bound.after { ">" } else { "<" };
            w.push(format!("{column} {op} ?"), [Sql::Text(bound.value.clone())]);
        }
        if !query.mime_types.is_empty() {
            w.texts("mime_type", &query.mime_types);
        }
        if let Some(search) = &query.search {
            w.search(search);
        }
        w
    }

    fn push(&mut self, clause: String, args: impl IntoIterator<Item = Sql>) {
        self.clauses.push(clause);
        self.args.extend(args);
    }

    fn ids(&mut self, column: &str, ids: &Ids) {
        let (not, ids) = match ids {
            Ids::Any => return,
            Ids::In(ids) => ("", ids),
            Ids::NotIn(ids) => ("NOT ", ids),
        };
        let marks = vec!["?"; ids.len()].join(", ");
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

    /// Each term in any of the columns or the attached file's name (in none of them when negated);
    /// for an exact search, as the whole of one of them.
    fn search(&mut self, search: &Search) {
        let matches = if search.exact {
            "wp_equals"
        } else {
            "wp_contains"
        };
        for term in &search.terms {
            let mut any: Vec<String> = search
                .columns
                .iter()
                .map(|&c| format!("{matches}({}, ?)", column(c)))
                .collect();
            any.push(format!("{matches}((SELECT value FROM postmeta WHERE post_id = posts.id AND key = '_wp_attached_file'), ?)"));
            let n = any.len();
            let clause = if term.negated {
                format!("NOT ({})", any.join(" OR "))
            } else {
                format!("({})", any.join(" OR "))
            };
            self.push(clause, std::iter::repeat_n(Sql::Text(term.text.clone()), n));
        }
    }
}

fn column(column: TextColumn) -> &'static str {
    match column {
        TextColumn::Title => "title",
        TextColumn::Excerpt => "excerpt",
        TextColumn::Content => "content",
    }
}

/// The ORDER BY clause. Rows that tie on the sort key come back in the order MariaDB gave them
/// to WordPress 6.9.7 for result sets that fit in the page: along the date index (the later id
/// first, or last in ascending order), in slug order when the slug index found them, and in id
/// order after the file sort that a search or `relevance` needs.
fn order_by(query: &AttachmentQuery) -> String {
    let Order { by, descending } = &query.order;
    let dir = if *descending { "DESC" } else { "ASC" };
    let ties_for = |dir: &str| {
        if !query.slugs.is_empty() {
            "slug COLLATE wp_ci ASC, id ASC".to_owned()
        } else if query.search.is_some() {
            "id ASC".to_owned()
        } else {
            format!("id {dir}")
        }
    };
    let ties = ties_for(dir);
    match by {
        OrderBy::Id => format!("id {dir}"),
        OrderBy::Title => format!("title COLLATE wp_ci {dir}, {ties}"),
        OrderBy::Slug => format!("slug COLLATE wp_ci {dir}, {ties}"),
        OrderBy::Modified => format!("modified {dir}, {ties}"),
        OrderBy::Author => format!("author {dir}, {ties}"),
        OrderBy::Parent => format!("parent {dir}, {ties}"),
        // With nothing to place, `WP_Query` orders by the bare `post_date`: ascending, as these
        // two orderings ignore `order` (6.9.7, `orderby=include_slugs` without `slug`).
        OrderBy::Include(ids) => place("id ", ids.iter().map(i64::to_string))
            .unwrap_or_else(|| format!("date ASC, {}", ties_for("ASC"))),
        OrderBy::IncludeSlugs => place("slug ", query.slugs.iter().map(|s| sql_text(s)))
            .unwrap_or_else(|| format!("date ASC, {}", ties_for("ASC"))),
        OrderBy::Relevance(ranks) => {
            let relevance = place("", ranks.iter().map(rank)).unwrap_or_else(|| "0".to_owned());
            format!("{relevance}, date {dir}, id ASC")
        }
        OrderBy::Date => format!("date {dir}, {ties}"),
    }
}

/// The condition of a relevance rank.
fn rank(rank: &Rank) -> String {
    let holds =
        |c: TextColumn, text: &str| format!("wp_contains({}, {})", column(c), sql_text(text));
    let each = |c: TextColumn, terms: &[String], join: &str| {
        let held: Vec<String> = terms.iter().map(|t| holds(c, t)).collect();
        held.join(join)
    };
    match rank {
        Rank::Holds(c, text) => holds(*c, text),
        Rank::HoldsAll(c, terms) => each(*c, terms, " AND "),
        Rank::HoldsAny(c, terms) => each(*c, terms, " OR "),
    }
}

/// `CASE {subject}WHEN … THEN 0 WHEN … THEN 1 … ELSE n END`: the place of the first `WHEN` that
/// holds (`FIELD( column, … )` when `subject` names a column), the rows that meet none after the
/// others; `None` without any `WHEN`.
fn place(subject: &str, whens: impl Iterator<Item = String>) -> Option<String> {
    let cases: Vec<String> = whens
        .enumerate()
        .map(|(i, when)| format!("WHEN {when} THEN {i}"))
        .collect();
    (!cases.is_empty())
        .then(|| format!("CASE {subject}{} ELSE {} END", cases.join(" "), cases.len()))
}

/// A string as an SQL literal.
fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}
