//! Route documents → IR. Every problem is collected with its file and JSON pointer.

use crate::error::{pointer_join, Error, Errors};
use crate::ir::{
    Action, Additional, Api, Arg, Callbacks, Endpoint, EndpointOverlay, Item, JsonType,
    PropertyRule, Route, RoutePattern, SanitizeCallback, Schema, TypeDecl, ValidateCallback,
};
use crate::source::{document_kind, Document, DocumentKind};
use serde_json::{Map, Value};

/// Parses every document into one [`Api`].
pub fn parse(documents: &[Document], errors: &mut Errors) -> Api {
    let mut api = Api::default();
    let mut seen_items: Vec<Value> = Vec::new();
    for doc in documents {
        let mut cx = Cx {
            file: &doc.source.display,
            errors,
            api: &mut api,
            seen_items: &mut seen_items,
        };
        cx.document(doc);
    }
    apply_overlay(&mut api, errors);
    apply_item_overlay(&mut api, errors);
    apply_route_patterns(&mut api);
    api
}

/// Gives each route what the overlay says of it by document name: its pattern from `routes` when
/// the document does not state it, and the shape of its answers from `answers`. An entry naming no document is no error: one overlay serves every
/// subset of a site's documents.
fn apply_route_patterns(api: &mut Api) {
    for route in &mut api.routes {
        let name = route.document_name();
        route.answers_collection = api
            .overlay
            .answers
            .iter()
            .find(|(document, _)| *document == name)
            .map(|&(_, collection)| collection);
        if route.pattern.is_some() {
            continue;
        }
        route.pattern = api
            .overlay
            .routes
            .iter()
            .find(|entry| entry.document == name)
            .map(|entry| entry.pattern.clone());
    }
}

/// Gives item schemas what the overlay adds to them: the contexts a property is written in, and
/// properties the schema does not list. Every later stage then sees them as the schema's own.
fn apply_item_overlay(api: &mut Api, errors: &mut Errors) {
    let overlay = std::mem::take(&mut api.overlay);
    let titled = |api: &Api, title: &str| -> Vec<usize> {
        (0..api.items.len())
            .filter(|&i| api.items[i].title == title)
            .collect()
    };
    for (rule, contexts) in &overlay.contexts {
        for i in titled(api, &rule.title) {
            match api.items[i].schema.property_mut(&rule.path) {
                Some(schema) => schema.context = Some(contexts.clone()),
                None => errors.push(rule.no_such_property()),
            }
        }
    }
    for (rule, added) in &overlay.added {
        let (parent, name) = match rule.path.rsplit_once('.') {
            Some((parent, name)) => (Some(parent), name),
            None => (None, rule.path.as_str()),
        };
        for i in titled(api, &rule.title) {
            let root = &mut api.items[i].schema;
            let owner = match parent {
                Some(parent) => root.property_mut(parent),
                None => Some(root),
            };
            let Some(properties) = owner.map(|o| o.properties.get_or_insert_with(Vec::new)) else {
                errors.push(rule.no_such_property());
                continue;
            };
            if properties.iter().any(|(key, _)| key == name) {
                errors.push(Error::new(
                    &rule.file,
                    &rule.pointer,
                    format!(
                        "the item titled `{}` has a property `{}` already (to change its type, \
                         use `types`)",
                        rule.title, rule.path
                    ),
                ));
                continue;
            }
            properties.push((name.to_owned(), added.clone()));
        }
    }
    for (rule, names) in &overlay.order {
        for i in titled(api, &rule.title) {
            let root = &mut api.items[i].schema;
            let owner = match rule.path.as_str() {
                "" => Some(root),
                path => root.property_mut(path),
            };
            let Some(properties) = owner.and_then(|o| o.properties.as_mut()) else {
                errors.push(rule.no_such_property());
                continue;
            };
            if let Some(unknown) = names
                .iter()
                .find(|name| !properties.iter().any(|(key, _)| key == *name))
            {
                let owner = match rule.path.as_str() {
                    "" => String::new(),
                    path => format!("`{path}` of "),
                };
                errors.push(Error::new(
                    &rule.file,
                    &rule.pointer,
                    format!(
                        "`order` names `{unknown}`, which is no property of {owner}the item \
                         titled `{}`",
                        rule.title
                    ),
                ));
                continue;
            }
            // The named properties first, in the order given; any others after, as they were.
            let rank = |key: &str| names.iter().position(|n| n == key).unwrap_or(names.len());
            properties.sort_by_key(|(key, _)| rank(key));
        }
    }
    for (rule, _) in &overlay.why {
        if !overlay.has_rule(&rule.title, &rule.path) {
            errors.push(Error::new(
                &rule.file,
                &rule.pointer,
                format!(
                    "no rule of the item titled `{}` names `{}`: `why` explains a rule",
                    rule.title, rule.path
                ),
            ));
        }
    }
    api.overlay = overlay;
}

/// Gives every argument its callbacks: the overlay's word where it has one, else WordPress's usual
/// defaults for the endpoint's action.
fn apply_overlay(api: &mut Api, errors: &mut Errors) {
    for overlay in &api.overlay.endpoints {
        let target = api.routes.iter().flat_map(|r| {
            let named = overlay_names(api, r, &overlay.item);
            r.endpoints
                .iter()
                .filter(move |e| named && e.action.name() == overlay.action)
        });
        let endpoints: Vec<&Endpoint> = target.collect();
        // A site's overlay speaks of all its items; documents of some of them take the rules of
        // those (as item rules of absent items are left aside). An item that is there without
        // the endpoint is a mistake.
        let item_present = api.items.iter().any(|i| i.title == overlay.item)
            || api
                .routes
                .iter()
                .any(|r| overlay_names(api, r, &overlay.item));
        if endpoints.is_empty() && !item_present {
            continue;
        }
        if endpoints.is_empty() {
            errors.push(Error::new(
                &overlay.file,
                &overlay.pointer,
                format!(
                    "no `{}` endpoint of an item titled `{}` in the documents",
                    overlay.action, overlay.item
                ),
            ));
            continue;
        }
        for (name, _) in &overlay.args {
            if !endpoints
                .iter()
                .any(|e| e.args.iter().any(|a| &a.name == name))
            {
                errors.push(Error::new(
                    &overlay.file,
                    &pointer_join(&pointer_join(&overlay.pointer, "callbacks"), name),
                    format!(
                        "the `{}` endpoint of `{}` has no argument `{name}`",
                        overlay.action, overlay.item
                    ),
                ));
            }
        }
    }
    let overlays = std::mem::take(&mut api.overlay.endpoints);
    let named: Vec<Vec<&EndpointOverlay>> = api
        .routes
        .iter()
        .map(|r| {
            overlays
                .iter()
                .filter(|o| overlay_names(api, r, &o.item))
                .collect()
        })
        .collect();
    for (route, overlays) in api.routes.iter_mut().zip(named) {
        for endpoint in &mut route.endpoints {
            let overlay = overlays
                .iter()
                .copied()
                .find(|o| o.action == endpoint.action.name());
            for arg in &mut endpoint.args {
                arg.callbacks = callbacks_for(arg, &endpoint.action, overlay);
            }
        }
    }
    api.overlay.endpoints = overlays;
}

/// Whether an overlay's `name` is the route's: the title of its item schema, or, for a route
/// without one (`/wp/v2/media/{id}/edit`), its document's name.
fn overlay_names(api: &Api, route: &Route, name: &str) -> bool {
    match route.item {
        Some(item) => api.items[item].title == name,
        None => route.document_name() == name,
    }
}

fn callbacks_for(arg: &Arg, action: &Action, overlay: Option<&EndpointOverlay>) -> Callbacks {
    if let Some(callbacks) = overlay.and_then(|o| o.args.iter().find(|(n, _)| *n == arg.name)) {
        return callbacks.1;
    }
    let default = match (overlay, action) {
        (Some(o), _) => o.default,
        (None, Action::Create | Action::Update) => Callbacks::FROM_SCHEMA,
        (None, _) => Callbacks::HAND_WRITTEN,
    };
    // WordPress gives a hand-written argument `rest_parse_request_arg` only when it has a type.
    if default == Callbacks::HAND_WRITTEN && arg.schema.types == TypeDecl::Absent {
        return Callbacks {
            validate: None,
            sanitize: None,
        };
    }
    default
}

struct Cx<'a> {
    file: &'a str,
    errors: &'a mut Errors,
    api: &'a mut Api,
    /// The raw JSON of each item in `api.items`, to merge identical schemas met in several routes.
    seen_items: &'a mut Vec<Value>,
}

impl Cx<'_> {
    fn error(&mut self, pointer: &str, message: impl Into<String>) {
        self.errors.push(Error::new(self.file, pointer, message));
    }

    /// `value` as an object; otherwise an error at `pointer` saying what it `must_be`.
    fn object<'v>(
        &mut self,
        value: &'v Value,
        pointer: &str,
        must_be: &str,
    ) -> Option<&'v Map<String, Value>> {
        let object = value.as_object();
        if object.is_none() {
            self.error(pointer, format!("must be {must_be}"));
        }
        object
    }

    fn document(&mut self, doc: &Document) {
        let obj = doc.json.as_object();
        match (document_kind(&doc.json), obj) {
            (Some(DocumentKind::Route), Some(obj)) => {
                let path = self_link(obj);
                self.route(obj, "", path, doc.source.name.clone());
            }
            (Some(DocumentKind::Index), Some(obj)) => self.index(obj),
            (Some(DocumentKind::Overlay), Some(obj)) => {
                if let Some(overlay) = obj.get("overlay").and_then(Value::as_object) {
                    self.overlay(overlay);
                }
            }
            (Some(DocumentKind::Schema), Some(obj)) => {
                self.item(obj, "", doc.source.name.clone());
            }
            (_, Some(obj)) if obj.contains_key("endpoints") => {
                self.error("/endpoints", "`endpoints` must be a list")
            }
            _ => self.error(
                "",
                "neither a route document (an object with `endpoints`, as OPTIONS answers), \
                 a `?context=help` index (with `routes`), a JSON Schema (with `properties` or `$schema`), \
                 nor an overlay (with `overlay`)",
            ),
        }
    }

    /// `{"overlay": {"items": {TITLE: {"nullable": [PATH, …], "types": {PATH: [TYPE, …]}}}}}`, a
    /// PATH being a property name, names joined by dots into nested objects, and `[]` after a
    /// name for the items of its list.
    fn overlay(&mut self, obj: &Map<String, Value>) {
        self.overlay_args(obj);
        self.overlay_routes(obj);
        self.overlay_answers(obj);
        let rules = self.overlay_entries(obj, "items", "an object of rules (`nullable`, `types`)");
        for (title, key, value, pointer) in rules {
            match key {
                "nullable" => {
                    let nullable = self.property_rules(value, title, &pointer);
                    self.api.overlay.nullable.extend(nullable);
                }
                "types" => {
                    let retyped = self.retype_rules(value, title, &pointer);
                    self.api.overlay.retyped.extend(retyped);
                }
                "contexts" => {
                    for (rule, value) in self.path_map(value, title, &pointer) {
                        let contexts = self.strings(Some(value), &rule.pointer);
                        self.api.overlay.contexts.push((rule, contexts));
                    }
                }
                "properties" => {
                    for (rule, value) in self.path_map(value, title, &pointer) {
                        if rule.path.ends_with("[]") {
                            self.error(&rule.pointer, "a new property needs a name, not `[]`");
                        } else if let Some(schema) = self.schema(value, &rule.pointer) {
                            self.api.overlay.added.push((rule, schema));
                        }
                    }
                }
                "order" => {
                    for (rule, value) in self.path_map(value, title, &pointer) {
                        let names = self.strings(Some(value), &rule.pointer);
                        self.api.overlay.order.push((rule, names));
                    }
                }
                "why" => {
                    for (rule, value) in self.path_map(value, title, &pointer) {
                        if let Some(text) = self.string(value, &rule.pointer) {
                            self.api.overlay.why.push((rule, text));
                        }
                    }
                }
                "omitted" => self.error(
                    &pointer,
                    "`omitted` is no longer needed: every property may be absent from a \
                         response, and generated types keep which were (remove the rule)",
                ),
                _ => self.error(
                    &pointer,
                    format!(
                        "unknown overlay rule `{key}` (rules: `nullable`, `types`, \
                             `contexts`, `properties`, `order`, and `why` for their reasons)"
                    ),
                ),
            }
        }
    }

    /// `{"overlay": {"routes": {DOCUMENT: ROUTE}}}`: where each route document's route lives.
    fn overlay_routes(&mut self, obj: &Map<String, Value>) {
        let Some(routes) = obj.get("routes") else {
            return;
        };
        let pointer = "/overlay/routes";
        let Some(map) = self.object(routes, pointer, "an object of document names and routes")
        else {
            return;
        };
        for (document, pattern) in map {
            match pattern.as_str() {
                Some(pattern) if pattern.starts_with('/') => {
                    self.api.overlay.routes.push(RoutePattern {
                        document: document.clone(),
                        pattern: pattern.to_owned(),
                    })
                }
                _ => self.error(
                    &pointer_join(pointer, document),
                    "must be a route as WordPress lists it, such as \"/wp/v2/media/(?P<id>[\\d]+)\"",
                ),
            }
        }
    }

    /// `{"overlay": {"answers": {DOCUMENT: "collection" | "item"}}}`.
    fn overlay_answers(&mut self, obj: &Map<String, Value>) {
        let Some(answers) = obj.get("answers") else {
            return;
        };
        let pointer = "/overlay/answers";
        let Some(map) = self.object(answers, pointer, "an object of document names and shapes")
        else {
            return;
        };
        for (document, shape) in map {
            match shape.as_str() {
                Some("collection") => self.api.overlay.answers.push((document.clone(), true)),
                Some("item") => self.api.overlay.answers.push((document.clone(), false)),
                _ => self.error(
                    &pointer_join(pointer, document),
                    "must be \"collection\" or \"item\"",
                ),
            }
        }
    }

    /// `{PATH: VALUE, …}`: each path as a rule of item `title`, with its value.
    fn path_map<'v>(
        &mut self,
        value: &'v Value,
        title: &str,
        pointer: &str,
    ) -> Vec<(PropertyRule, &'v Value)> {
        let Some(map) = self.object(value, pointer, "an object keyed by property path") else {
            return Vec::new();
        };
        map.iter()
            .map(|(path, value)| {
                let rule = PropertyRule {
                    title: title.to_owned(),
                    path: path.clone(),
                    file: self.file.to_owned(),
                    pointer: pointer_join(pointer, path),
                };
                (rule, value)
            })
            .collect()
    }

    /// `"types": {PATH: TYPE | [TYPE, …]}`.
    fn retype_rules(
        &mut self,
        value: &Value,
        title: &str,
        pointer: &str,
    ) -> Vec<(PropertyRule, TypeDecl)> {
        let Some(map) = self.object(
            value,
            pointer,
            "an object of property paths and their types",
        ) else {
            return Vec::new();
        };
        map.iter()
            .map(|(path, types)| {
                let at = pointer_join(pointer, path);
                let decl = self.type_decl(types, &at);
                let rule = PropertyRule {
                    title: title.to_owned(),
                    path: path.clone(),
                    file: self.file.to_owned(),
                    pointer: at,
                };
                (rule, decl)
            })
            .collect()
    }

    fn property_rules(&mut self, value: &Value, title: &str, pointer: &str) -> Vec<PropertyRule> {
        self.strings(Some(value), pointer)
            .into_iter()
            .enumerate()
            .map(|(index, path)| PropertyRule {
                title: title.to_owned(),
                path,
                file: self.file.to_owned(),
                pointer: pointer_join(pointer, &index.to_string()),
            })
            .collect()
    }

    /// `{"overlay": {"args": {TITLE: {ACTION: {"default": "schema" | "hand-written",
    /// "callbacks": {ARG: {"validate": NAME | null, "sanitize": NAME | null}}}}}}}`.
    fn overlay_args(&mut self, obj: &Map<String, Value>) {
        let actions = self.overlay_entries(
            obj,
            "args",
            "an object keyed by action (list, create, get, update, delete)",
        );
        for (title, action, spec, pointer) in actions {
            if let Some(overlay) = self.endpoint_overlay(title, action, spec, &pointer) {
                self.api.overlay.endpoints.push(overlay);
            }
        }
    }

    /// The entries of `{"overlay": {SECTION: {TITLE: {KEY: VALUE}}}}` as (TITLE, KEY, VALUE, its
    /// pointer); what is not an object is an error, `must_be` saying what a TITLE's value is.
    fn overlay_entries<'v>(
        &mut self,
        obj: &'v Map<String, Value>,
        section: &str,
        must_be: &str,
    ) -> Vec<(&'v str, &'v str, &'v Value, String)> {
        let section_pointer = format!("/overlay/{section}");
        let titles = obj.get(section).and_then(|titles| {
            self.object(
                titles,
                &section_pointer,
                "an object keyed by item schema title",
            )
        });
        let mut entries = Vec::new();
        for (title, keyed) in titles.into_iter().flatten() {
            let title_pointer = pointer_join(&section_pointer, title);
            let Some(keyed) = self.object(keyed, &title_pointer, must_be) else {
                continue;
            };
            for (key, value) in keyed {
                let pointer = pointer_join(&title_pointer, key);
                entries.push((title.as_str(), key.as_str(), value, pointer));
            }
        }
        entries
    }

    fn endpoint_overlay(
        &mut self,
        item: &str,
        action: &str,
        spec: &Value,
        pointer: &str,
    ) -> Option<EndpointOverlay> {
        let default = match spec.get("default").and_then(Value::as_str) {
            Some("schema") => Callbacks::FROM_SCHEMA,
            Some("hand-written") => Callbacks::HAND_WRITTEN,
            _ => {
                self.error(
                    &pointer_join(pointer, "default"),
                    "must be \"schema\" or \"hand-written\"",
                );
                return None;
            }
        };
        let mut args = Vec::new();
        let callbacks = spec.get("callbacks").and_then(Value::as_object);
        for (name, given) in callbacks.into_iter().flatten() {
            let arg_pointer = pointer_join(&pointer_join(pointer, "callbacks"), name);
            let validate = self.callback(
                given,
                "validate",
                default.validate,
                &arg_pointer,
                validate_callback,
            )?;
            let sanitize = self.callback(
                given,
                "sanitize",
                default.sanitize,
                &arg_pointer,
                sanitize_callback,
            )?;
            args.push((name.clone(), Callbacks { validate, sanitize }));
        }
        Some(EndpointOverlay {
            pointer: pointer.to_owned(),
            file: self.file.to_owned(),
            item: item.to_owned(),
            action: action.to_owned(),
            default,
            args,
        })
    }

    /// The callback `given` names under `key` (a name, or `null` for none), or `default` when it
    /// names none; `None` (with an error) for a name the runtime lacks.
    fn callback<C>(
        &mut self,
        given: &Value,
        key: &str,
        default: Option<C>,
        arg_pointer: &str,
        known: fn(&str) -> Option<C>,
    ) -> Option<Option<C>> {
        let pointer = &pointer_join(arg_pointer, key);
        match given.get(key) {
            None => Some(default),
            Some(Value::Null) => Some(None),
            Some(Value::String(name)) => match known(name) {
                Some(c) => Some(Some(c)),
                None => {
                    self.error(pointer, format!("unknown callback `{name}`"));
                    None
                }
            },
            Some(_) => {
                self.error(pointer, "must be a callback name or null");
                None
            }
        }
    }

    fn index(&mut self, obj: &Map<String, Value>) {
        let Some(routes) = obj.get("routes").and_then(Value::as_object) else {
            return;
        };
        for (path, route) in routes {
            let pointer = pointer_join("/routes", path);
            match route.as_object() {
                Some(route) => self.route(route, &pointer, Some(path.clone()), None),
                None => self.error(&pointer, "a route must be an object"),
            }
        }
    }

    fn route(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        path: Option<String>,
        name: Option<String>,
    ) {
        let item = obj
            .get("schema")
            .and_then(Value::as_object)
            .and_then(|schema| self.item(schema, &pointer_join(pointer, "schema"), name.clone()));
        let is_collection = match &path {
            Some(p) if !obj.contains_key("_links") => !p.contains("(?P<"),
            _ => obj.contains_key("_links"),
        };
        let endpoints = self.endpoints(
            obj.get("endpoints"),
            &pointer_join(pointer, "endpoints"),
            is_collection,
        );
        let route = Route {
            file: self.file.to_owned(),
            pointer: pointer.to_owned(),
            pattern: path.clone(),
            answers_collection: None,
            path,
            name,
            namespace: obj
                .get("namespace")
                .and_then(Value::as_str)
                .map(str::to_owned),
            methods: self.strings(obj.get("methods"), &pointer_join(pointer, "methods")),
            is_collection,
            endpoints,
            item,
        };
        self.api.routes.push(route);
    }

    fn endpoints(
        &mut self,
        value: Option<&Value>,
        pointer: &str,
        is_collection: bool,
    ) -> Vec<Endpoint> {
        let Some(list) = value.and_then(Value::as_array) else {
            self.error(pointer, "`endpoints` must be a list");
            return Vec::new();
        };
        let mut endpoints = Vec::new();
        for (i, endpoint) in list.iter().enumerate() {
            let pointer = pointer_join(pointer, &i.to_string());
            let Some(obj) = endpoint.as_object() else {
                self.error(&pointer, "an endpoint must be an object");
                continue;
            };
            let methods = self.strings(obj.get("methods"), &pointer_join(&pointer, "methods"));
            endpoints.push(Endpoint {
                action: Action::of(is_collection, &methods),
                methods,
                args: self.args(obj.get("args"), &pointer_join(&pointer, "args")),
                pointer,
            });
        }
        endpoints
    }

    fn args(&mut self, value: Option<&Value>, pointer: &str) -> Vec<Arg> {
        let entries = match value {
            None => return Vec::new(),
            Some(v) if is_php_empty_array(v) => return Vec::new(),
            Some(Value::Object(map)) => map,
            Some(_) => {
                self.error(pointer, "`args` must be an object");
                return Vec::new();
            }
        };
        let mut args = Vec::new();
        for (name, arg) in entries {
            let pointer = pointer_join(pointer, name);
            let required = match arg.get("required") {
                None | Some(Value::Bool(false)) => false,
                Some(Value::Bool(true)) => true,
                Some(_) => {
                    self.error(
                        &pointer_join(&pointer, "required"),
                        "`required` must be a boolean",
                    );
                    false
                }
            };
            if let Some(schema) = self.schema(arg, &pointer) {
                args.push(Arg {
                    name: name.clone(),
                    required,
                    schema,
                    callbacks: Callbacks::HAND_WRITTEN,
                });
            }
        }
        args
    }

    /// Records an item schema, merging it with an identical one already seen; returns its index.
    fn item(
        &mut self,
        obj: &Map<String, Value>,
        pointer: &str,
        name: Option<String>,
    ) -> Option<usize> {
        let raw = Value::Object(obj.clone());
        if let Some(i) = self.seen_items.iter().position(|seen| *seen == raw) {
            return Some(i);
        }
        let schema = self.schema(&raw, pointer)?;
        let Some(title) = schema.title.clone() else {
            self.error(
                pointer,
                "an item schema needs a `title`: it names the generated types",
            );
            return None;
        };
        self.api.items.push(Item {
            file: self.file.to_owned(),
            title,
            name,
            schema,
        });
        self.seen_items.push(raw);
        Some(self.api.items.len() - 1)
    }

    fn strings(&mut self, value: Option<&Value>, pointer: &str) -> Vec<String> {
        match value {
            None => Vec::new(),
            Some(v) if is_php_empty_array(v) => Vec::new(),
            Some(v) => match string_list(v) {
                Some(list) => list.into_iter().map(str::to_owned).collect(),
                None => {
                    self.error(pointer, "must be a list of strings");
                    Vec::new()
                }
            },
        }
    }

    /// Parses one schema; `None` (with an error recorded) when it is not an object.
    fn schema(&mut self, value: &Value, pointer: &str) -> Option<Schema> {
        let obj = match value {
            Value::Object(obj) => obj,
            v if is_php_empty_array(v) => return Some(Schema::at(pointer)),
            _ => {
                self.error(pointer, "a schema must be an object");
                return None;
            }
        };
        let mut schema = Schema::at(pointer);
        for (key, v) in obj {
            self.keyword(&mut schema, key, v, &pointer_join(pointer, key));
        }
        Some(schema)
    }

    fn keyword(&mut self, schema: &mut Schema, key: &str, v: &Value, pointer: &str) {
        match key {
            "type" => schema.types = self.type_decl(v, pointer),
            "title" => schema.title = self.string(v, pointer),
            "description" => schema.description = self.string(v, pointer),
            "format" => schema.format = self.string(v, pointer),
            "pattern" => schema.pattern = self.string(v, pointer),
            "context" => schema.context = self.context(v, pointer),
            "readonly" => schema.readonly = self.boolean(v, pointer),
            "enum" => schema.enum_values = self.list(v, pointer),
            "default" => schema.default = Some(v.clone()),
            "required" => schema.required = Some(v.clone()),
            "properties" => schema.properties = Some(self.schema_map(v, pointer)),
            "patternProperties" => schema.pattern_properties = Some(self.schema_map(v, pointer)),
            "additionalProperties" => schema.additional_properties = self.additional(v, pointer),
            "items" => schema.items = self.items(v, pointer),
            "anyOf" => schema.any_of = Some(self.schema_list(v, pointer)),
            "oneOf" => schema.one_of = Some(self.schema_list(v, pointer)),
            "minimum" => schema.minimum = self.number(v, pointer),
            "maximum" => schema.maximum = self.number(v, pointer),
            "exclusiveMinimum" => schema.exclusive_minimum = Some(v.clone()),
            "exclusiveMaximum" => schema.exclusive_maximum = Some(v.clone()),
            "multipleOf" => schema.multiple_of = self.number(v, pointer),
            "minLength" => schema.min_length = self.number(v, pointer),
            "maxLength" => schema.max_length = self.number(v, pointer),
            "minItems" => schema.min_items = self.number(v, pointer),
            "maxItems" => schema.max_items = self.number(v, pointer),
            "uniqueItems" => schema.unique_items = Some(v.clone()),
            "minProperties" => schema.min_properties = self.number(v, pointer),
            "maxProperties" => schema.max_properties = self.number(v, pointer),
            _ => schema.other.push((key.to_owned(), v.clone())),
        }
    }

    fn type_decl(&mut self, v: &Value, pointer: &str) -> TypeDecl {
        match v {
            Value::String(name) => TypeDecl::Single(JsonType::parse(name)),
            _ => match string_list(v) {
                Some(names) => TypeDecl::List(names.into_iter().map(JsonType::parse).collect()),
                None => {
                    self.error(
                        pointer,
                        "`type` must be a type name or a list of type names",
                    );
                    TypeDecl::Absent
                }
            },
        }
    }

    fn context(&mut self, v: &Value, pointer: &str) -> Option<Vec<String>> {
        if is_php_empty_array(v) {
            return Some(Vec::new());
        }
        match string_list(v) {
            Some(list) => Some(list.into_iter().map(str::to_owned).collect()),
            None => {
                self.error(
                    pointer,
                    format!("`context` must be a list of strings, found {v}"),
                );
                None
            }
        }
    }

    fn string(&mut self, v: &Value, pointer: &str) -> Option<String> {
        match v.as_str() {
            Some(s) => Some(s.to_owned()),
            None => {
                self.error(pointer, format!("must be a string, found {v}"));
                None
            }
        }
    }

    fn boolean(&mut self, v: &Value, pointer: &str) -> Option<bool> {
        match v.as_bool() {
            Some(b) => Some(b),
            None => {
                self.error(pointer, format!("must be a boolean, found {v}"));
                None
            }
        }
    }

    fn number(&mut self, v: &Value, pointer: &str) -> Option<Value> {
        if v.is_number() {
            Some(v.clone())
        } else {
            self.error(pointer, format!("must be a number, found {v}"));
            None
        }
    }

    fn list(&mut self, v: &Value, pointer: &str) -> Option<Vec<Value>> {
        match v {
            Value::Array(list) => Some(list.clone()),
            // PHP writes an array with holes in its keys as an object; its values are the members.
            Value::Object(map) => Some(map.values().cloned().collect()),
            _ => {
                self.error(pointer, format!("must be a list, found {v}"));
                None
            }
        }
    }

    fn schema_map(&mut self, v: &Value, pointer: &str) -> Vec<(String, Schema)> {
        if is_php_empty_array(v) {
            return Vec::new();
        }
        let Some(map) = self.object(v, pointer, "an object of schemas") else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(name, s)| {
                Some((name.clone(), self.schema(s, &pointer_join(pointer, name))?))
            })
            .collect()
    }

    fn schema_list(&mut self, v: &Value, pointer: &str) -> Vec<Schema> {
        let Some(list) = v.as_array() else {
            self.error(pointer, "must be a list of schemas");
            return Vec::new();
        };
        list.iter()
            .enumerate()
            .filter_map(|(i, s)| self.schema(s, &pointer_join(pointer, &i.to_string())))
            .collect()
    }

    fn additional(&mut self, v: &Value, pointer: &str) -> Option<Additional> {
        match v {
            Value::Bool(b) => Some(Additional::Allowed(*b)),
            _ => self
                .schema(v, pointer)
                .map(|s| Additional::Schema(Box::new(s))),
        }
    }

    fn items(&mut self, v: &Value, pointer: &str) -> Option<Box<Schema>> {
        if let Value::Array(list) = v {
            if !list.is_empty() {
                self.error(
                    pointer,
                    "tuple `items` (a list of schemas) is not supported by WordPress",
                );
                return None;
            }
        }
        self.schema(v, pointer).map(Box::new)
    }
}

impl Schema {
    fn at(pointer: &str) -> Schema {
        Schema {
            pointer: pointer.to_owned(),
            ..Schema::default()
        }
    }
}

fn validate_callback(name: &str) -> Option<ValidateCallback> {
    Some(match name {
        "rest_validate_request_arg" => ValidateCallback::Schema,
        "check_status" => ValidateCallback::CheckStatus,
        "check_template" => ValidateCallback::CheckTemplate,
        "check_meta_is_array" => ValidateCallback::CheckMetaIsArray,
        _ => return None,
    })
}

fn sanitize_callback(name: &str) -> Option<SanitizeCallback> {
    Some(match name {
        "rest_sanitize_request_arg" => SanitizeCallback::Schema,
        "rest_parse_request_arg" => SanitizeCallback::ValidateThenSanitize,
        "sanitize_key" => SanitizeCallback::SanitizeKey,
        "absint" => SanitizeCallback::Absint,
        "sanitize_text_field" => SanitizeCallback::SanitizeTextField,
        "sanitize_slug" => SanitizeCallback::SanitizeSlug,
        "sanitize_post_statuses" => SanitizeCallback::SanitizePostStatuses,
        _ => return None,
    })
}

/// PHP encodes an empty array as `[]`, whether it was meant as a list or a map.
fn is_php_empty_array(v: &Value) -> bool {
    matches!(v, Value::Array(list) if list.is_empty())
}

/// The route's own URL, which WordPress writes only for routes without path variables.
fn self_link(obj: &Map<String, Value>) -> Option<String> {
    let href = obj
        .get("_links")?
        .get("self")?
        .get(0)?
        .get("href")?
        .as_str()?;
    let path = href.split_once("/wp-json").map_or(href, |(_, rest)| rest);
    Some(path.to_owned())
}

/// `v` as a list of strings; `None` when it is not a list or holds anything else.
fn string_list(v: &Value) -> Option<Vec<&str>> {
    v.as_array()?.iter().map(Value::as_str).collect()
}
