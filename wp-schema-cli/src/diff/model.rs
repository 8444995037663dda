//! What `diff` found, independent of how it is printed: routes, their endpoints, entries (args and
//! properties) and keyword changes, with description changes kept apart.

use serde_json::Value;

/// Everything that differs between OLD and NEW, routes in stem order.
pub struct Report {
    pub routes: Vec<RouteDiff>,
    pub descriptions: Vec<DescriptionChange>,
}

impl Report {
    /// True when nothing differs (description changes count only when they were kept).
    pub fn is_equivalent(&self) -> bool {
        self.routes.is_empty() && self.descriptions.is_empty()
    }

    /// How many routes, endpoints, args and properties were added, removed or changed.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            descriptions: self.descriptions.len(),
            ..Counts::default()
        };
        for route in &self.routes {
            match &route.kind {
                RouteKind::Added(_) => counts.routes.added += 1,
                RouteKind::Removed(_) => counts.routes.removed += 1,
                RouteKind::Changed(changes) => {
                    counts.routes.changed += 1;
                    changes.count(&mut counts);
                }
            }
        }
        counts
    }
}

#[derive(Default)]
pub struct Counts {
    pub routes: Tally,
    pub endpoints: Tally,
    pub args: Tally,
    pub properties: Tally,
    pub descriptions: usize,
}

#[derive(Default)]
pub struct Tally {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl Tally {
    fn count(&mut self, entries: &[EntryDiff]) {
        for entry in entries {
            match entry.kind {
                EntryKind::Added(_) => self.added += 1,
                EntryKind::Removed(_) => self.removed += 1,
                EntryKind::Changed(_) => self.changed += 1,
            }
        }
    }
}

/// A route: its file stem, and its path where an index gave one.
pub struct RouteId {
    pub stem: String,
    pub path: Option<String>,
}

pub struct RouteDiff {
    pub id: RouteId,
    pub kind: RouteKind,
}

pub enum RouteKind {
    Added(RouteSummary),
    Removed(RouteSummary),
    Changed(RouteChanges),
}

/// The one line an added or removed route gets.
pub struct RouteSummary {
    pub methods: Vec<String>,
    pub title: Option<String>,
}

/// The differences inside a route present on both sides. Never all empty.
pub struct RouteChanges {
    /// Route-level members: `namespace`, `methods`.
    pub keywords: Vec<KeywordChange>,
    pub endpoints: Vec<EndpointDiff>,
    /// The item schema's properties, nested ones named by dotted path (`title.raw`); the entry named
    /// `""` holds changes to the item schema itself (`title`, `type`, …).
    pub properties: Vec<EntryDiff>,
    pub links: LinkChanges,
}

impl RouteChanges {
    pub fn is_empty(&self) -> bool {
        self.keywords.is_empty()
            && self.endpoints.is_empty()
            && self.properties.is_empty()
            && self.links.added.is_empty()
            && self.links.removed.is_empty()
    }

    fn count(&self, counts: &mut Counts) {
        for endpoint in &self.endpoints {
            match &endpoint.kind {
                EndpointKind::Added(_) => counts.endpoints.added += 1,
                EndpointKind::Removed(_) => counts.endpoints.removed += 1,
                EndpointKind::Changed { args, .. } => {
                    counts.endpoints.changed += 1;
                    counts.args.count(args);
                }
            }
        }
        counts.properties.count(&self.properties);
    }
}

/// An endpoint, named by NEW's method list (OLD's when removed).
pub struct EndpointDiff {
    pub methods: Vec<String>,
    pub kind: EndpointKind,
}

pub enum EndpointKind {
    /// With its argument names.
    Added(Vec<String>),
    Removed(Vec<String>),
    /// Endpoint-level members (`methods` when the method set changed, `allow_batch`) and args.
    Changed {
        keywords: Vec<KeywordChange>,
        args: Vec<EntryDiff>,
    },
}

/// An argument or a property.
pub struct EntryDiff {
    pub name: String,
    pub kind: EntryKind,
}

pub enum EntryKind {
    /// The whole schema of the new entry.
    Added(Value),
    Removed(Value),
    /// Never empty.
    Changed(Vec<KeywordChange>),
}

/// One schema keyword, by path inside its entry (`type`, `items.enum`, `oneOf[1].format`); `None`
/// where the keyword is absent.
pub struct KeywordChange {
    pub keyword: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// The `rel`s of the item schema's `links` that appeared or went.
#[derive(Default)]
pub struct LinkChanges {
    pub added: Vec<String>,
    pub removed: Vec<String>,
}

/// Where a description sits.
#[derive(Clone)]
pub enum Place {
    /// An argument of the endpoint with these methods.
    Arg(Vec<String>),
    /// A property of the item schema (or the schema itself, entry `""`).
    Property,
}

pub struct DescriptionChange {
    pub route: String,
    pub place: Place,
    pub entry: String,
    /// `description`, or a nested one such as `items.description`.
    pub keyword: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}
