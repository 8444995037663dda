//! A list query of attachments as plain data: what `WP_Query` is left with once WordPress has read
//! the list route's arguments (`attachments::query` reads them), for each backend to turn into its
//! own SQL. Every value is final: ids have been through `absint`, slugs through
//! `sanitize_title_for_query`, dates into MySQL's form, searches into terms.

/// The rows to find, their order and the page.
#[derive(Clone, Debug, PartialEq)]
pub struct AttachmentQuery {
    /// `post_status IN (…)`; empty: any status.
    pub statuses: Vec<String>,
    pub authors: Ids,
    pub ids: Ids,
    pub parents: Ids,
    /// `post_name__in`, each once; empty for any slug.
    pub slugs: Vec<String>,
    /// Every bound must hold.
    pub dates: Vec<DateBound>,
    /// `post_mime_type IN (…)`; empty for any type.
    pub mime_types: Vec<String>,
    pub search: Option<Search>,
    pub order: Order,
    /// Rows on a page (`LIMIT`).
    pub per_page: i64,
    /// Rows skipped before the page (`OFFSET`).
    pub offset: i64,
}

/// An id column's filter: any value, one of these, or none of these.
#[derive(Clone, Debug, PartialEq)]
pub enum Ids {
    Any,
    In(Vec<i64>),
    NotIn(Vec<i64>),
}

/// A date column strictly after or before a `YYYY-MM-DD HH:MM:SS` value.
#[derive(Clone, Debug, PartialEq)]
pub struct DateBound {
    pub column: DateColumn,
    pub after: bool,
    pub value: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DateColumn {
    /// `post_date`.
    Date,
    /// `post_modified`.
    Modified,
}

/// A text column of `wp_posts` that searches and relevance read.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum TextColumn {
    Title,
    Excerpt,
    Content,
}

/// `WP_Query`'s search of attachments: every term must appear in one of `columns` or in the
/// attached file's name, and a negated term in none of them. Text is compared without case or
/// accents, as MariaDB's `utf8mb4_unicode_520_ci` compares it.
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    pub terms: Vec<SearchTerm>,
    pub columns: Vec<TextColumn>,
    /// `search_semantics=exact`: a term must be a column's whole value (`LIKE` without `%`).
    pub exact: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SearchTerm {
    pub text: String,
    pub negated: bool,
}

/// The order of the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub by: OrderBy,
    pub descending: bool,
}

/// What the rows are sorted by. Rows that tie are the backend's to order.
#[derive(Clone, Debug, PartialEq)]
pub enum OrderBy {
    Date,
    Id,
    /// Text ordered without case or accents.
    Title,
    Slug,
    Modified,
    Author,
    Parent,
    /// The order of these ids (`post__in`), whatever the direction.
    Include(Vec<i64>),
    /// The order of the query's `slugs` (`post_name__in`), whatever the direction.
    IncludeSlugs,
    /// `WP_Query::parse_search_order`: a row takes the place of the first rank it meets, rows
    /// meeting none come after those that meet one, each group then by date in the query's
    /// direction. No ranks leaves the date order alone.
    Relevance(Vec<Rank>),
}

/// One rank of a relevance order: the text `column` holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Rank {
    /// The column holds this text.
    Holds(TextColumn, String),
    /// The column holds every one of these terms.
    HoldsAll(TextColumn, Vec<String>),
    /// The column holds at least one of these terms.
    HoldsAny(TextColumn, Vec<String>),
}
