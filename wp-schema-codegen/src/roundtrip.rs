//! What the generated types make of a WordPress response, decided from the type space alone: the
//! places where an item would not read into its type, and those it holds only untyped.
//! `wp-schema check` runs this on a site's responses without compiling anything; the tests hold it
//! to the generated code itself on every recorded response and on mutations of them.
//!
//! The rules are those of the emitted code (`emit::object`, `emit::types`, `emit::views`):
//! - an object reads from a JSON object or from `[]`; a property its type lacks is kept as JSON
//!   among the extra properties (a finding that holds), one it has but the response lacks is kept
//!   absent, so neither absence nor `[]` is a finding;
//! - a string, an integer (`i64`), a boolean or an enum reads only that JSON type; a `number`
//!   reads any number and writes it as it came; a JSON value reads anything;
//! - `null` reads only into an `Option`; a list reads only a JSON list;
//! - a union takes the variant of the value's JSON type, an integer beyond `i64` its number variant.

use crate::ir::{JsonType, Schema, TypeDecl};
use crate::shape::{context_typed, Shape, TypeSpace};
use serde_json::Value;

/// One place where an item would not read, or holds only as untyped JSON.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// JSON pointer of the place in the item.
    pub pointer: String,
    /// The overlay's path of the property there (`meta.annotations`, `variations[].name`); `None`
    /// for the item itself.
    pub path: Option<String>,
    pub problem: Problem,
    /// What WordPress sent there.
    pub sent: Value,
    /// What the schema says of the place: its document, pointer and types; `None` for a property
    /// the schema lacks.
    pub schema: Option<SchemaSays>,
    /// The JSON types the Rust type there reads, in the schema's order.
    pub accepts: Vec<String>,
}

/// Why a place does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// `null` where the type has no `Option`.
    Null,
    /// Another JSON type than the Rust type reads; `expected` describes the type.
    WrongType { expected: String },
    /// A property the type lacks: it is kept as JSON among the extra properties, so the item
    /// still holds, but untyped. When the schema has it for other contexts, `contexts` is its
    /// `context` list with this one added (the full type's `serialize_in` leaves it out there).
    NotInType { contexts: Option<Vec<String>> },
}

/// What the schema says of a place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaSays {
    pub file: String,
    pub pointer: String,
    /// The `type` keyword as written (`"boolean"`, `["string", "null"]`), or `none`.
    pub types: String,
    /// The `context` keyword, when there is one.
    pub context: Option<Vec<String>>,
}

/// What the overlay would say to make a place hold.
#[derive(Clone, Debug, PartialEq)]
pub enum Fix {
    /// `"nullable": [PATH]`.
    Nullable,
    /// `"types": {PATH: [TYPE, …]}`: the types the place should take.
    Types(Vec<String>),
    /// `"contexts": {PATH: [CONTEXT, …]}`: the contexts the property is written in.
    Contexts(Vec<String>),
    /// `"properties": {PATH: SCHEMA}`: a property the schema lacks.
    Property(Value),
}

impl Finding {
    /// Whether the generated types still read the item and write it back as it came: a property
    /// their type lacks is kept as JSON among the extra properties.
    pub fn reads(&self) -> bool {
        matches!(self.problem, Problem::NotInType { .. })
    }

    /// Whether the place holds as the schema means it: the item reads and is written back, and
    /// the full type's `serialize_in` writes the property in this context too. Only a property
    /// the schema does not list at all holds, untyped.
    pub fn holds(&self) -> bool {
        matches!(self.problem, Problem::NotInType { contexts: None })
    }

    /// The overlay rules, by property path, that make this place hold with a type of its own;
    /// none when there is no property to name (the item itself is not an object). An object sent
    /// where the schema says otherwise gets its properties typed from what was sent, one level
    /// deep, so that the place does not fall back to a JSON value.
    pub fn fixes(&self) -> Vec<(String, Fix)> {
        let Some(path) = &self.path else {
            return Vec::new();
        };
        let mut fixes = Vec::new();
        match &self.problem {
            Problem::Null => fixes.push((path.clone(), Fix::Nullable)),
            Problem::WrongType { .. } => {
                let mut types = self.accepts.clone();
                let sent = json_type_of(&self.sent).to_owned();
                if !types.contains(&sent) {
                    types.push(sent);
                }
                fixes.push((path.clone(), Fix::Types(types)));
                if let Value::Object(map) = &self.sent {
                    for (key, value) in map {
                        let property = format!("{path}.{key}");
                        fixes.push((property, Fix::Property(schema_of(value))));
                    }
                }
            }
            Problem::NotInType {
                contexts: Some(contexts),
            } => fixes.push((path.clone(), Fix::Contexts(contexts.clone()))),
            Problem::NotInType { contexts: None } => {
                fixes.push((path.clone(), Fix::Property(schema_of(&self.sent))))
            }
        }
        fixes
    }
}

/// The schema a value needs: its JSON type.
fn schema_of(value: &Value) -> Value {
    serde_json::json!({"type": json_type_of(value)})
}

/// The JSON Schema type name of a value, integers told from other numbers as WordPress tells them.
pub fn json_type_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Every place in `item` (an item of the struct `index`) that its type for `ctx` would not read
/// or write back; `ctx` is `None` for the full type.
pub fn check_item(
    space: &TypeSpace,
    file: &str,
    index: usize,
    ctx: Option<&str>,
    item: &Value,
) -> Vec<Finding> {
    let mut walk = Walk {
        space,
        file,
        findings: Vec::new(),
    };
    let mut at = At::default();
    walk.object(index, ctx, item, &mut at);
    walk.findings
}

/// Where the walk is: the JSON pointer and the overlay path.
#[derive(Default)]
struct At {
    pointer: String,
    path: Option<String>,
}

impl At {
    fn property(&mut self, name: &str, run: impl FnOnce(&mut At)) {
        let (pointer, path) = (self.pointer.clone(), self.path.clone());
        self.pointer = format!("{pointer}/{}", name.replace('~', "~0").replace('/', "~1"));
        self.path = Some(match &path {
            Some(parent) => format!("{parent}.{name}"),
            None => name.to_owned(),
        });
        run(self);
        (self.pointer, self.path) = (pointer, path);
    }

    fn list_item(&mut self, index: usize, run: impl FnOnce(&mut At)) {
        let (pointer, path) = (self.pointer.clone(), self.path.clone());
        self.pointer = format!("{pointer}/{index}");
        self.path = path.as_ref().map(|p| format!("{p}[]"));
        run(self);
        (self.pointer, self.path) = (pointer, path);
    }
}

struct Walk<'a> {
    space: &'a TypeSpace,
    file: &'a str,
    findings: Vec<Finding>,
}

impl Walk<'_> {
    /// A finding where a value of `shape` stood.
    fn find(
        &mut self,
        at: &At,
        problem: Problem,
        sent: &Value,
        schema: Option<&Schema>,
        shape: Option<&Shape>,
    ) {
        let mut accepts = Vec::new();
        if let Some(shape) = shape {
            accepted_types(self.space, shape, &mut accepts);
        }
        self.findings.push(Finding {
            accepts,
            pointer: at.pointer.clone(),
            path: at.path.clone(),
            problem,
            sent: sent.clone(),
            schema: schema.map(|s| SchemaSays {
                file: self.file.to_owned(),
                pointer: s.pointer.clone(),
                types: types_text(&s.types),
                context: s.context.clone(),
            }),
        });
    }

    /// An object read by struct `index`, through its `ctx` type when `ctx` is given.
    fn object(&mut self, index: usize, ctx: Option<&str>, value: &Value, at: &mut At) {
        let def = &self.space.structs[index];
        let map = match value {
            Value::Object(map) => map,
            Value::Array(list) if list.is_empty() => return,
            _ => {
                let (shape, schema) = (Shape::Struct(index), def.schema.clone());
                return self.mismatch(&shape, &schema, value, at);
            }
        };
        for (name, sent) in map {
            let field = def.fields.iter().find(|f| &f.json == name);
            match field {
                Some(field) if ctx.is_none_or(|ctx| field.schema.in_context(ctx)) => {
                    let inner = ctx.filter(|ctx| context_typed(field, ctx));
                    at.property(name, |at| {
                        self.value(&field.shape, &field.schema, inner, sent, at)
                    });
                }
                _ => {
                    let contexts = field.map(|f| {
                        let mut list = f.schema.context.clone().unwrap_or_default();
                        list.extend(ctx.map(str::to_owned));
                        list
                    });
                    let schema = field.map(|f| &f.schema);
                    at.property(name, |at| {
                        self.find(at, Problem::NotInType { contexts }, sent, schema, None)
                    });
                }
            }
        }
    }

    /// A value of `shape`, read through `ctx` types where the shape holds objects that have them.
    fn value(
        &mut self,
        shape: &Shape,
        schema: &Schema,
        ctx: Option<&str>,
        sent: &Value,
        at: &mut At,
    ) {
        match (shape, sent) {
            (Shape::Json(_), _)
            | (Shape::Option(_), Value::Null)
            | (Shape::String | Shape::Enum(_), Value::String(_))
            | (Shape::Number, Value::Number(_))
            | (Shape::Boolean, Value::Bool(_)) => {}
            (Shape::Integer, Value::Number(n)) if n.is_i64() => {}
            (Shape::Option(inner), _) => self.value(inner, schema, ctx, sent, at),
            (Shape::Struct(index), _) => self.object(*index, ctx, sent, at),
            (Shape::Vec(items), Value::Array(list)) => {
                let item_schema = schema.items.as_deref().unwrap_or(schema);
                for (i, item) in list.iter().enumerate() {
                    at.list_item(i, |at| self.value(items, item_schema, ctx, item, at));
                }
            }
            (Shape::Union(index), _) => self.union(*index, schema, ctx, sent, at),
            _ => self.mismatch(shape, schema, sent, at),
        }
    }

    /// A value the Rust type of `shape` does not read.
    fn mismatch(&mut self, shape: &Shape, schema: &Schema, sent: &Value, at: &At) {
        let problem = if sent.is_null() {
            Problem::Null
        } else {
            let mut names = Vec::new();
            accepted_types(self.space, shape, &mut names);
            Problem::WrongType {
                expected: names.join(" or "),
            }
        };
        self.find(at, problem, sent, Some(schema), Some(shape));
    }

    /// A type-list union: the variant of the value's own JSON type.
    fn union(
        &mut self,
        index: usize,
        schema: &Schema,
        ctx: Option<&str>,
        sent: &Value,
        at: &mut At,
    ) {
        let def = &self.space.unions[index];
        let variant = |name: &str| def.variants.iter().find(|v| v.name == name);
        let chosen = match sent {
            Value::Bool(_) => variant("Boolean"),
            Value::Number(n) if n.is_i64() => variant("Integer").or_else(|| variant("Number")),
            Value::Number(_) => variant("Number"),
            Value::String(_) => variant("String"),
            // An empty list is PHP's empty array: the object variant takes it when no list does.
            Value::Array(list) if list.is_empty() => variant("Array").or_else(|| variant("Object")),
            Value::Array(_) => variant("Array"),
            Value::Object(_) => variant("Object"),
            Value::Null => None,
        };
        match chosen {
            Some(variant) => {
                let shape = variant.shape.clone();
                self.value(&shape, schema, ctx, sent, at)
            }
            None => self.mismatch(&Shape::Union(index), schema, sent, at),
        }
    }
}

/// The JSON types a value of `shape` reads from, in the order the shape lists them.
fn accepted_types(space: &TypeSpace, shape: &Shape, out: &mut Vec<String>) {
    let mut add = |name: &str| {
        if !out.iter().any(|t| t == name) {
            out.push(name.to_owned());
        }
    };
    match shape {
        Shape::String | Shape::Enum(_) => add("string"),
        Shape::Integer => add("integer"),
        Shape::Number => add("number"),
        Shape::Boolean => add("boolean"),
        Shape::Struct(_) => add("object"),
        Shape::Vec(_) => add("array"),
        Shape::Json(_) => {}
        Shape::Option(inner) => {
            accepted_types(space, inner, out);
            if !out.iter().any(|t| t == "null") {
                out.push("null".to_owned());
            }
        }
        Shape::Union(index) => {
            for variant in &space.unions[*index].variants {
                accepted_types(space, &variant.shape, out);
            }
        }
    }
}

/// The `type` keyword as JSON text, or `none`.
fn types_text(types: &TypeDecl) -> String {
    match types {
        TypeDecl::Absent => "none".to_owned(),
        TypeDecl::Single(t) => Value::from(t.name()).to_string(),
        TypeDecl::List(list) => {
            Value::from(list.iter().map(JsonType::name).collect::<Vec<_>>()).to_string()
        }
    }
}
