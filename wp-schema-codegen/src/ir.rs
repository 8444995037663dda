//! The typed IR: what the documents say, with every schema keyword parsed, before any Rust is chosen.
//!
//! Everything later stages need comes from here; nothing is read from raw JSON after parsing.

use serde_json::Value;

/// Everything the input documents describe.
#[derive(Clone, Debug, Default)]
pub struct Api {
    pub routes: Vec<Route>,
    /// Item schemas, one per distinct schema, in first-seen order.
    pub items: Vec<Item>,
    /// What the overlay documents add.
    pub overlay: Overlay,
}

/// What OPTIONS does not show, from an overlay document checked in beside the route documents.
#[derive(Clone, Debug, Default)]
pub struct Overlay {
    /// Properties WordPress writes as `null` although the schema's type does not include it
    /// (6.9's attachment `post` is `null` when there is no parent).
    pub nullable: Vec<PropertyRule>,
    /// Properties whose values take other JSON types than the schema says, with the types they
    /// take (6.9's templates say `modified` is a string and write `false` for a theme's file).
    pub retyped: Vec<(PropertyRule, TypeDecl)>,
    /// Properties written in other contexts than the schema says, with the contexts they are
    /// written in (a plugin's controller that filters nothing writes every property in view).
    pub contexts: Vec<(PropertyRule, Vec<String>)>,
    /// Properties the schema does not list, with their schemas (a field registered with
    /// `register_rest_field` and no schema).
    pub added: Vec<(PropertyRule, Schema)>,
    /// The order a controller writes an object's properties in, where it is not the schema's:
    /// the item's own (path `""`) or a nested object's. Generated types write in that order.
    pub order: Vec<(PropertyRule, Vec<String>)>,
    /// Why each rule is there: the WordPress version and the cause, by path.
    pub why: Vec<(PropertyRule, String)>,
    pub endpoints: Vec<EndpointOverlay>,
    /// Route patterns by document name: OPTIONS on one route does not state a route's pattern
    /// when it has path variables, so `wp-schema pull` writes them down beside the documents.
    pub routes: Vec<RoutePattern>,
    /// Whether a route's GET answers a collection or one item, by document name, as `wp-schema
    /// check --write-overlay` saw it answer.
    pub answers: Vec<(String, bool)>,
}

/// An overlay's word on where a route lives (`routes`).
#[derive(Clone, Debug)]
pub struct RoutePattern {
    /// The route document's name (`wp-v2-media-id`), as [`Route::document_name`] gives it.
    pub document: String,
    /// The route as WordPress registers it: `/wp/v2/media/(?P<id>[\d]+)`.
    pub pattern: String,
}

/// What an endpoint does, from its route's shape and its methods: names its argument parser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    List,
    Create,
    Get,
    Update,
    Delete,
    /// Methods on a route that follows none of the usual shapes.
    Other(String),
}

impl Action {
    pub fn of(is_collection: bool, methods: &[String]) -> Action {
        let has = |m: &str| methods.iter().any(|x| x == m);
        match (is_collection, methods.first().map(String::as_str)) {
            (true, Some("GET")) => Action::List,
            (true, Some("POST")) => Action::Create,
            (false, Some("GET")) => Action::Get,
            (false, Some("POST" | "PUT" | "PATCH")) if has("POST") || has("PUT") => Action::Update,
            (false, Some("DELETE")) => Action::Delete,
            _ => Action::Other(methods.join("-")),
        }
    }

    /// The overlay's spelling, and the suffix of the parser's name.
    pub fn name(&self) -> &str {
        match self {
            Action::List => "list",
            Action::Create => "create",
            Action::Get => "get",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Other(methods) => methods,
        }
    }
}

/// `validate_callback` of an argument, as WordPress registers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidateCallback {
    /// `rest_validate_request_arg`: the argument's schema.
    Schema,
    /// The posts controller's `check_status`: the current status, or the schema.
    CheckStatus,
    /// The posts controller's `check_template`: a template the theme offers, or the current one.
    CheckTemplate,
    /// The meta fields' `check_meta_is_array`.
    CheckMetaIsArray,
}

/// `sanitize_callback` of an argument, as WordPress registers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SanitizeCallback {
    /// `rest_sanitize_request_arg`: sanitize with the schema.
    Schema,
    /// `rest_parse_request_arg`: validate, then sanitize, with the schema.
    ValidateThenSanitize,
    SanitizeKey,
    Absint,
    SanitizeTextField,
    /// The posts controller's `sanitize_slug` (`sanitize_title`).
    SanitizeSlug,
    /// The posts controller's `sanitize_post_statuses`.
    SanitizePostStatuses,
}

/// Both callbacks of an argument; `None` is WordPress's explicit `null`: nothing is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Callbacks {
    pub validate: Option<ValidateCallback>,
    pub sanitize: Option<SanitizeCallback>,
}

impl Callbacks {
    /// Arguments `get_endpoint_args_for_item_schema` derives from the item schema.
    pub const FROM_SCHEMA: Callbacks = Callbacks {
        validate: Some(ValidateCallback::Schema),
        sanitize: Some(SanitizeCallback::Schema),
    };
    /// Arguments a controller writes by hand with a `type` and no callbacks: WordPress then
    /// validates and sanitizes them in its sanitize step.
    pub const HAND_WRITTEN: Callbacks = Callbacks {
        validate: None,
        sanitize: Some(SanitizeCallback::ValidateThenSanitize),
    };
}

/// The overlay's word for one endpoint's arguments.
#[derive(Clone, Debug)]
pub struct EndpointOverlay {
    pub pointer: String,
    pub file: String,
    pub item: String,
    pub action: String,
    pub default: Callbacks,
    /// `(argument, callbacks)`: arguments whose callbacks differ from the default.
    pub args: Vec<(String, Callbacks)>,
}

/// An overlay's word on one property of an item.
#[derive(Clone, Debug)]
pub struct PropertyRule {
    /// The item schema's title.
    pub title: String,
    /// A property name, or names joined by dots into nested objects: `meta._wp_note_status`.
    pub path: String,
    pub file: String,
    pub pointer: String,
}

impl PropertyRule {
    /// The error for a rule whose path names no property of its item.
    pub fn no_such_property(&self) -> crate::error::Error {
        crate::error::Error::new(
            &self.file,
            &self.pointer,
            format!(
                "no property `{}` in the item titled `{}` (a path goes into nested objects with \
                 dots, as in `meta.footnotes`, and into a list's items with `[]`, as in \
                 `variations[].attributes`)",
                self.path, self.title
            ),
        )
    }
}

impl Overlay {
    /// The property paths of item `title` that the overlay marks nullable.
    pub fn nullable_paths<'a>(&'a self, title: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.nullable
            .iter()
            .filter(move |rule| rule.title == title)
            .map(|rule| rule.path.as_str())
    }

    /// The property paths of item `title` that the overlay retypes, with their types.
    pub fn retyped<'a>(&'a self, title: &'a str) -> impl Iterator<Item = (&'a str, &'a TypeDecl)> {
        self.retyped
            .iter()
            .filter(move |(rule, _)| rule.title == title)
            .map(|(rule, types)| (rule.path.as_str(), types))
    }

    /// The rules that reshape a property the schema lists: `nullable` and `types`.
    pub fn property_paths(&self) -> impl Iterator<Item = &PropertyRule> {
        self.nullable
            .iter()
            .chain(self.retyped.iter().map(|(rule, _)| rule))
    }

    /// Whether any rule of item `title` names `path`.
    pub fn has_rule(&self, title: &str, path: &str) -> bool {
        let named = |rule: &PropertyRule| rule.title == title && rule.path == path;
        self.property_paths().any(named)
            || self.contexts.iter().any(|(rule, _)| named(rule))
            || self.added.iter().any(|(rule, _)| named(rule))
            || self.order.iter().any(|(rule, _)| named(rule))
    }
}

/// One REST route: what `OPTIONS` on it answers.
#[derive(Clone, Debug)]
pub struct Route {
    /// The file it came from, for messages.
    pub file: String,
    /// JSON pointer of the route document inside the file (empty, or `/routes/…` in an index).
    pub pointer: String,
    /// The route's path where the document says it (an index key or `_links.self`).
    pub path: Option<String>,
    /// The prefix of generated names: the user's `as Name`, or the item's name, or one from the path.
    pub name: Option<String>,
    /// The route as WordPress registers it, path variables and all: the path the document states,
    /// or the overlay's `routes` entry for it. The client fills it in; names never derive from it,
    /// so adding an overlay entry renames nothing.
    pub pattern: Option<String>,
    /// Whether its GET answers a collection (a list, or an object keyed by name), from the
    /// overlay's `answers`; `None` when the overlay does not say.
    pub answers_collection: Option<bool>,
    pub namespace: Option<String>,
    pub methods: Vec<String>,
    /// True when the route has no path variables (WordPress gives only those `_links`).
    pub is_collection: bool,
    pub endpoints: Vec<Endpoint>,
    /// Index into [`Api::items`].
    pub item: Option<usize>,
}

impl Route {
    /// The name of the route's document: its file's stem, or for a route of an index, the stem
    /// of its path (`wp-v2-media-id-edit`). Generated code names the document by it, and an
    /// overlay names by it a route that has no item schema.
    pub fn document_name(&self) -> String {
        match &self.path {
            Some(path) if !self.pointer.is_empty() => crate::route_file::stem(path),
            _ => std::path::Path::new(&self.file)
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or(&self.file)
                .to_owned(),
        }
    }

    /// The word that tells this route's names from another's with the same title: the last literal
    /// segment of its path (`/wp/v2/posts/(?P<id>[\d]+)/autosaves` → `autosaves`). A route document
    /// of a route with path variables does not state its path; its file name, as `wp-schema pull`
    /// derives it (`wp-v2-posts-parent-autosaves-id.json`), then gives the last word that is not one
    /// of the route's own arguments, which is where the path variables went.
    pub fn distinguishing_word(&self) -> Option<String> {
        if let Some(path) = &self.path {
            return path
                .split('/')
                .rfind(|s| !s.is_empty() && !s.contains('('))
                .map(str::to_owned);
        }
        if !self.pointer.is_empty() {
            return None;
        }
        let stem = std::path::Path::new(&self.file).file_stem()?.to_str()?;
        let is_arg = |word: &str| {
            self.endpoints
                .iter()
                .any(|e| e.args.iter().any(|a| a.name == word))
        };
        stem.rsplit('-')
            .find(|word| !word.is_empty() && !is_arg(word))
            .map(str::to_owned)
    }
}

/// One endpoint of a route: the methods it answers and the arguments it takes.
#[derive(Clone, Debug)]
pub struct Endpoint {
    pub pointer: String,
    pub methods: Vec<String>,
    pub action: Action,
    pub args: Vec<Arg>,
}

impl Endpoint {
    /// The method a client sends: the first the endpoint lists (an update's POST, before PUT and
    /// PATCH).
    pub fn first_method(&self) -> &str {
        self.methods.first().map_or("GET", String::as_str)
    }

    /// Whether it answers reads: its first method is GET.
    pub fn is_get(&self) -> bool {
        self.first_method() == "GET"
    }
}

/// One endpoint argument, as OPTIONS shows it.
#[derive(Clone, Debug)]
pub struct Arg {
    pub name: String,
    pub required: bool,
    pub schema: Schema,
    /// Set from the overlay (or WordPress's usual defaults) once every document is read.
    pub callbacks: Callbacks,
}

/// An item schema (`get_item_schema()`), such as the one titled `attachment`.
#[derive(Clone, Debug)]
pub struct Item {
    pub file: String,
    pub title: String,
    /// The Rust name the user gave with `"file.json" as Name`, instead of one from the title.
    pub name: Option<String>,
    pub schema: Schema,
}

/// The JSON types a schema may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
    /// A name WordPress does not know (core 6.9 has `"bool"`): it gets no type check there.
    Unknown(String),
}

impl JsonType {
    pub fn parse(name: &str) -> JsonType {
        match name {
            "string" => JsonType::String,
            "integer" => JsonType::Integer,
            "number" => JsonType::Number,
            "boolean" => JsonType::Boolean,
            "array" => JsonType::Array,
            "object" => JsonType::Object,
            "null" => JsonType::Null,
            other => JsonType::Unknown(other.to_owned()),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
            JsonType::Unknown(name) => name,
        }
    }
}

/// The `type` keyword: absent, one name, or a list of names (kept as written; order matters to
/// WordPress, which tries them in turn).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum TypeDecl {
    #[default]
    Absent,
    Single(JsonType),
    List(Vec<JsonType>),
}

/// `additionalProperties`: a boolean or a schema.
#[derive(Clone, Debug)]
pub enum Additional {
    Allowed(bool),
    Schema(Box<Schema>),
}

/// One JSON Schema, every keyword WordPress knows parsed; the rest kept verbatim in `other`.
#[derive(Clone, Debug, Default)]
pub struct Schema {
    /// Where it is, as a JSON pointer into its file.
    pub pointer: String,
    pub types: TypeDecl,
    pub title: Option<String>,
    pub description: Option<String>,
    /// `context`: the contexts the value is written in; `None` when the keyword is absent.
    pub context: Option<Vec<String>>,
    pub readonly: Option<bool>,
    pub format: Option<String>,
    pub enum_values: Option<Vec<Value>>,
    pub default: Option<Value>,
    /// `required`: a boolean (draft 3, on a property) or a list of names (draft 4, on an object).
    pub required: Option<Value>,
    /// `properties`, in document order; `Some(vec![])` for PHP's `[]`.
    pub properties: Option<Vec<(String, Schema)>>,
    pub pattern_properties: Option<Vec<(String, Schema)>>,
    pub additional_properties: Option<Additional>,
    pub items: Option<Box<Schema>>,
    pub any_of: Option<Vec<Schema>>,
    pub one_of: Option<Vec<Schema>>,
    /// Numeric and length keywords, kept as JSON numbers so integers and floats stay distinct.
    pub minimum: Option<Value>,
    pub maximum: Option<Value>,
    pub exclusive_minimum: Option<Value>,
    pub exclusive_maximum: Option<Value>,
    pub multiple_of: Option<Value>,
    pub min_length: Option<Value>,
    pub max_length: Option<Value>,
    pub pattern: Option<String>,
    pub min_items: Option<Value>,
    pub max_items: Option<Value>,
    pub unique_items: Option<Value>,
    pub min_properties: Option<Value>,
    pub max_properties: Option<Value>,
    /// Keywords the generator has no use for (`$schema`, `links`, `arg_options`, …), verbatim.
    pub other: Vec<(String, Value)>,
}

impl Schema {
    /// Whether `context` lists `ctx`; a schema without `context` is written in every context.
    pub fn in_context(&self, ctx: &str) -> bool {
        self.context
            .as_ref()
            .is_none_or(|list| list.iter().any(|c| c == ctx))
    }

    pub fn is_readonly(&self) -> bool {
        self.readonly == Some(true)
    }

    /// Whether anything below this schema carries a `context` list, so that filtering can change it.
    pub fn has_nested_context(&self) -> bool {
        self.children()
            .any(|child| child.context.is_some() || child.has_nested_context())
    }

    /// Every direct sub-schema.
    pub fn children(&self) -> impl Iterator<Item = &Schema> {
        let props = self.properties.iter().flatten().map(|(_, s)| s);
        let patterns = self.pattern_properties.iter().flatten().map(|(_, s)| s);
        let additional = match &self.additional_properties {
            Some(Additional::Schema(s)) => Some(&**s),
            _ => None,
        };
        props
            .chain(patterns)
            .chain(additional)
            .chain(self.items.as_deref())
            .chain(self.any_of.iter().flatten())
            .chain(self.one_of.iter().flatten())
    }
}

impl Schema {
    /// The schema of the property at `path` below this object schema: names joined by dots go
    /// into nested objects' `properties`, and `[]` after a name into its list's `items`.
    pub fn property_mut(&mut self, path: &str) -> Option<&mut Schema> {
        let mut schema = self;
        for segment in path.split('.') {
            let name = segment.trim_end_matches("[]");
            let depth = (segment.len() - name.len()) / 2;
            schema = schema
                .properties
                .as_mut()?
                .iter_mut()
                .find(|(key, _)| key == name)
                .map(|(_, s)| s)?;
            for _ in 0..depth {
                schema = schema.items.as_deref_mut()?;
            }
        }
        Some(schema)
    }
}

/// The contexts generated code can be asked for, in the order per-context types are emitted.
pub const KNOWN_CONTEXTS: [&str; 3] = ["view", "edit", "embed"];

impl Schema {
    /// The known contexts named anywhere in this schema, in [`KNOWN_CONTEXTS`] order.
    pub fn used_contexts(&self) -> Vec<&'static str> {
        KNOWN_CONTEXTS
            .into_iter()
            .filter(|ctx| self.mentions_context(ctx))
            .collect()
    }

    fn mentions_context(&self, ctx: &str) -> bool {
        self.context
            .as_ref()
            .is_some_and(|list| list.iter().any(|c| c == ctx))
            || self.children().any(|child| child.mentions_context(ctx))
    }
}
