//! An [`AttachmentQuery`] as the SQL `WP_Query` sends: the page's ids first, counting every match
//! (`SQL_CALC_FOUND_ROWS`), in the order MariaDB gives them for the same clauses WordPress writes
//! (so rows that tie come back as WordPress sees them), then their rows. Text is compared by the columns' own collation, as for WordPress.

use super::super::query::{
    AttachmentQuery, DateColumn, Ids, Order, OrderBy, Rank, Search, TextColumn,
};
use super::super::{Found, StoreError};
use super::{posts, Tables};
use mysql::prelude::Queryable;
use mysql::PooledConn;
use mysql::Value as Sql;

pub fn run(
    conn: &mut PooledConn,
    t: &Tables,
    query: &AttachmentQuery,
) -> Result<Found, StoreError> {
    let w = Where::of(t, query);
    let (order, order_args) = order_by(t, query);
    let mut args = w.args;
    args.extend(order_args);
    // One pass finds the page and counts every match, as `WP_Query` asks (a separate COUNT(*)
    // read the rows twice: `orderby=title` at 100,000 rows took twice WordPress's time).
    let ids: Vec<i64> = conn.exec(
        format!(
            "SELECT SQL_CALC_FOUND_ROWS {p}.ID FROM {p} WHERE {} ORDER BY {order} LIMIT {}, {}",
            w.clauses.join(" AND "),
            query.offset,
            query.per_page,
            p = t.posts,
        ),
        args,
    )?;
    let total: Option<i64> = conn.query_first("SELECT FOUND_ROWS()")?;
    Ok(Found {
        rows: posts::by_ids(conn, t, &ids)?,
        total: total.unwrap_or(0),
    })
}

struct Where {
    clauses: Vec<String>,
    args: Vec<Sql>,
}

impl Where {
    fn of(t: &Tables, query: &AttachmentQuery) -> Where {
        let mut w = Where {
            clauses: vec![format!("{}.post_type = 'attachment'", t.posts)],
            args: Vec::new(),
        };
        if !query.statuses.is_empty() {
            w.texts(t, "post_status", &query.statuses);
        }
        w.ids(t, "post_author", &query.authors);
        w.ids(t, "ID", &query.ids);
        w.ids(t, "post_parent", &query.parents);
        if !query.slugs.is_empty() {
            w.texts(t, "post_name", &query.slugs);
        }
        for bound in &query.dates {
            let column = match bound.column {
                DateColumn::Date => "post_date",
                DateColumn::Modified => "post_modified",
            };
            let op = if bound.after { ">" } else { "<" };
            w.clauses.push(format!("{}.{column} {op} ?", t.posts));
            w.args.push(bound.value.as_str().into());
        }
        if !query.mime_types.is_empty() {
            w.texts(t, "post_mime_type", &query.mime_types);
        }
        if let Some(search) = &query.search {
            w.search(t, search);
        }
        w
    }

    fn ids(&mut self, t: &Tables, column: &str, ids: &Ids) {
        let (not, ids) = match ids {
            Ids::Any => return,
            Ids::In(ids) => ("", ids),
            Ids::NotIn(ids) => ("NOT ", ids),
        };
        let marks = vec!["?"; ids.len()].join(", ");
        self.clauses
            .push(format!("{}.{column} {not}IN ({marks})", t.posts));
        self.args.extend(ids.iter().map(|&id| Sql::from(id)));
    }

    fn texts(&mut self, t: &Tables, column: &str, values: &[String]) {
        let marks = vec!["?"; values.len()].join(", ");
        self.clauses
            .push(format!("{}.{column} IN ({marks})", t.posts));
        self.args
            .extend(values.iter().map(|v| Sql::from(v.as_str())));
    }

    /// Each term `LIKE` any of the columns or the attached file's name (none of them when
    /// negated); an exact search's term as the whole value.
    fn search(&mut self, t: &Tables, search: &Search) {
        for term in &search.terms {
            let pattern = if search.exact {
                escape_like(&term.text)
            } else {
                format!("%{}%", escape_like(&term.text))
            };
            let mut any: Vec<String> = search
                .columns
                .iter()
                .map(|&c| format!("{}.{} LIKE ?", t.posts, column(c)))
                .collect();
            any.push(format!(
                "EXISTS (SELECT 1 FROM {m} WHERE {m}.post_id = {p}.ID \
                 AND {m}.meta_key = '_wp_attached_file' AND {m}.meta_value LIKE ?)",
                m = t.postmeta,
                p = t.posts
            ));
            let n = any.len();
            let (not, join) = if term.negated {
                ("NOT ", " OR ")
            } else {
                ("", " OR ")
            };
            self.clauses.push(format!("{not}({})", any.join(join)));
            self.args
                .extend(std::iter::repeat_n(Sql::from(pattern.as_str()), n));
        }
    }
}

fn column(column: TextColumn) -> &'static str {
    match column {
        TextColumn::Title => "post_title",
        TextColumn::Excerpt => "post_excerpt",
        TextColumn::Content => "post_content",
    }
}

/// `$wpdb->esc_like`: `%`, `_` and the escape character itself taken literally.
fn escape_like(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The ORDER BY clause `WP_Query` writes, with its bound values: the sort key alone, so that
/// rows that tie come back in MariaDB's own order, as they do for WordPress.
fn order_by(t: &Tables, query: &AttachmentQuery) -> (String, Vec<Sql>) {
    let Order { by, descending } = &query.order;
    let dir = if *descending { "DESC" } else { "ASC" };
    let p = &t.posts;
    let marks = |n: usize| vec!["?"; n].join(",");
    match by {
        OrderBy::Id => (format!("{p}.ID {dir}"), Vec::new()),
        OrderBy::Title => (format!("{p}.post_title {dir}"), Vec::new()),
        OrderBy::Slug => (format!("{p}.post_name {dir}"), Vec::new()),
        OrderBy::Modified => (format!("{p}.post_modified {dir}"), Vec::new()),
        OrderBy::Author => (format!("{p}.post_author {dir}"), Vec::new()),
        OrderBy::Parent => (format!("{p}.post_parent {dir}"), Vec::new()),
        OrderBy::Date => (format!("{p}.post_date {dir}"), Vec::new()),
        // With nothing to place, `WP_Query` orders by the bare `post_date` (ascending).
        OrderBy::Include(ids) if ids.is_empty() => (format!("{p}.post_date"), Vec::new()),
        OrderBy::Include(ids) => (
            format!("FIELD( {p}.ID, {} )", marks(ids.len())),
            ids.iter().map(|&id| Sql::from(id)).collect(),
        ),
        OrderBy::IncludeSlugs if query.slugs.is_empty() => (format!("{p}.post_date"), Vec::new()),
        OrderBy::IncludeSlugs => (
            format!("FIELD( {p}.post_name, {} )", marks(query.slugs.len())),
            query.slugs.iter().map(|s| Sql::from(s.as_str())).collect(),
        ),
        OrderBy::Relevance(ranks) if ranks.is_empty() => {
            (format!("{p}.post_date {dir}"), Vec::new())
        }
        OrderBy::Relevance(ranks) => {
            let mut args = Vec::new();
            let whens: Vec<String> = ranks
                .iter()
                .enumerate()
                .map(|(i, r)| format!("WHEN {} THEN {}", rank(p, r, &mut args), i + 1))
                .collect();
            (
                format!(
                    "(CASE {} ELSE {} END), {p}.post_date {dir}",
                    whens.join(" "),
                    ranks.len() + 1
                ),
                args,
            )
        }
    }
}

/// The condition of a relevance rank, its patterns pushed onto `args`.
fn rank(p: &str, rank: &Rank, args: &mut Vec<Sql>) -> String {
    let mut holds = |c: TextColumn, text: &str| {
        args.push(format!("%{}%", escape_like(text)).into());
        format!("{p}.{} LIKE ?", column(c))
    };
    match rank {
        Rank::Holds(c, text) => holds(*c, text),
        Rank::HoldsAll(c, terms) => {
            let held: Vec<String> = terms.iter().map(|term| holds(*c, term)).collect();
            format!("({})", held.join(" AND "))
        }
        Rank::HoldsAny(c, terms) => {
            let held: Vec<String> = terms.iter().map(|term| holds(*c, term)).collect();
            format!("({})", held.join(" OR "))
        }
    }
}
