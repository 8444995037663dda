//! The Rust types chosen for item schemas: structs, enums and fallbacks, before any tokens exist.

use crate::ir::{Additional, Api, JsonType, Route, Schema, TypeDecl};
use crate::names::upper_camel;

/// Every Rust type the item schemas need.
#[derive(Clone, Debug, Default)]
pub struct TypeSpace {
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
    pub unions: Vec<UnionDef>,
    /// Top-level item structs, parallel to [`Api::items`].
    pub items: Vec<usize>,
    current_item: usize,
}

/// Where a property path leads: the field `position` of struct `owner`, or the items of that
/// list field `items_depth` levels down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub owner: usize,
    pub position: usize,
    pub items_depth: usize,
}

/// A struct for an object schema with properties.
#[derive(Clone, Debug)]
pub struct StructDef {
    pub name: String,
    /// The item (index into [`Api::items`]) this struct belongs to.
    pub item: usize,
    pub schema: Schema,
    pub fields: Vec<FieldDef>,
}

/// One property of a struct.
#[derive(Clone, Debug)]
pub struct FieldDef {
    /// The property name WordPress uses.
    pub json: String,
    pub shape: Shape,
    pub schema: Schema,
}

/// A string enum with WordPress's spellings, plus a variant that keeps any other value.
#[derive(Clone, Debug)]
pub struct EnumDef {
    pub name: String,
    /// The item (index into [`Api::items`]) this enum belongs to.
    pub item: usize,
    pub description: Option<String>,
    pub pointer: String,
    /// `(variant name, WordPress spelling)` in schema order.
    pub variants: Vec<(String, String)>,
}

/// A type list (`["object", "string"]`) as an enum with one variant per JSON type, told apart by
/// the value's own JSON type as WordPress tells them apart.
#[derive(Clone, Debug)]
pub struct UnionDef {
    pub name: String,
    /// The item (index into [`Api::items`]) this union belongs to.
    pub item: usize,
    pub description: Option<String>,
    pub pointer: String,
    /// In the order values are tried when reading: a boolean, an integer, a number, a string, an
    /// array, then an object.
    pub variants: Vec<UnionVariant>,
    /// The variant `Default` gives: the one of the schema's `default`, else the first type listed.
    pub default_variant: usize,
    /// Properties of the object variant have contexts: the union then has per-context types.
    pub context_dependent: bool,
}

/// One JSON type of a type list.
#[derive(Clone, Debug)]
pub struct UnionVariant {
    /// `Boolean`, `Integer`, `Number`, `String`, `Array` or `Object`.
    pub name: &'static str,
    pub shape: Shape,
}

impl UnionDef {
    /// The struct of the object variant, whose properties may have contexts.
    pub fn object_struct(&self) -> Option<usize> {
        self.variants.iter().find_map(|v| match v.shape {
            Shape::Struct(index) => Some(index),
            _ => None,
        })
    }
}

/// Why a schema is typed as a plain JSON value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fallback {
    NoType,
    UnknownType(String),
    TypeList,
    Combinator,
    OpenObject,
    ExtraProperties,
    NullOnly,
}

impl Fallback {
    pub fn reason(&self) -> String {
        match self {
            Fallback::NoType => "the schema names no type".into(),
            Fallback::UnknownType(name) => {
                format!("the type `{name}` is unknown to WordPress, which then checks nothing")
            }
            Fallback::TypeList => "the type list has more than one non-null type".into(),
            Fallback::Combinator => {
                "anyOf/oneOf may match shapes no single Rust type covers".into()
            }
            Fallback::OpenObject => {
                "an object without declared properties may hold any keys".into()
            }
            Fallback::ExtraProperties => {
                "the object admits properties beyond those it declares".into()
            }
            Fallback::NullOnly => "the only type is null".into(),
        }
    }
}

/// The Rust shape of one schema.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    String,
    Integer,
    Number,
    Boolean,
    Json(Fallback),
    Enum(usize),
    Struct(usize),
    Union(usize),
    Vec(Box<Shape>),
    Option(Box<Shape>),
}

/// Chooses types for every item of `api`.
pub fn build(api: &Api) -> TypeSpace {
    let mut space = TypeSpace::default();
    let names = item_names(api);
    for (item_index, item) in api.items.iter().enumerate() {
        let name = names[item_index].clone();
        space.current_item = item_index;
        let index = space.add_struct(&name, &item.schema);
        for (path, types) in api.overlay.retyped(&item.title) {
            if let Some(place) = space.place(index, path) {
                space.retype(&place, types);
            }
        }
        for path in api.overlay.nullable_paths(&item.title) {
            if let Some(place) = space.place(index, path) {
                space.reshape(&place, |_, shape| nullable(shape));
            }
        }
        space.items.push(index);
    }
    space
}

impl TypeSpace {
    /// Where a property path leads below struct `index`: names joined by dots go into nested
    /// objects (`meta.footnotes`), and `[]` after a name goes into the items of its list
    /// (`variations[].attributes`, `class_list[]`). `None` when there is no such property.
    pub fn place(&self, index: usize, path: &str) -> Option<Place> {
        let mut owner = index;
        let mut segments = path.split('.').peekable();
        loop {
            let segment = segments.next()?;
            let name = segment.trim_end_matches("[]");
            let items_depth = (segment.len() - name.len()) / 2;
            let position = self.structs[owner]
                .fields
                .iter()
                .position(|f| f.json == name)?;
            let mut shape = &self.structs[owner].fields[position].shape;
            for _ in 0..items_depth {
                shape = list_items(shape)?;
            }
            if segments.peek().is_none() {
                return Some(Place {
                    owner,
                    position,
                    items_depth,
                });
            }
            owner = self.object_struct(shape)?;
        }
    }

    /// The struct an object-valued shape reads into: a struct, or a union's object variant.
    pub fn object_struct(&self, shape: &Shape) -> Option<usize> {
        match shape {
            Shape::Struct(index) => Some(*index),
            Shape::Union(index) => self.unions[*index].object_struct(),
            Shape::Option(inner) => self.object_struct(inner),
            _ => None,
        }
    }

    /// The field at `place`.
    pub fn field(&self, place: &Place) -> &FieldDef {
        &self.structs[place.owner].fields[place.position]
    }

    /// The schema of the value at `place`: the field's, or its list's items'.
    pub fn schema_at(&self, place: &Place) -> Option<&Schema> {
        let mut schema = &self.field(place).schema;
        for _ in 0..place.items_depth {
            schema = schema.items.as_deref()?;
        }
        Some(schema)
    }

    /// Replaces the shape at `place` with `change(schema there, shape there)`.
    fn reshape(&mut self, place: &Place, change: impl FnOnce(&Schema, Shape) -> Shape) {
        let Some(schema) = self.schema_at(place).cloned() else {
            return;
        };
        let field = &mut self.structs[place.owner].fields[place.position];
        let mut shape = &mut field.shape;
        for _ in 0..place.items_depth {
            shape = match shape {
                Shape::Option(inner) => match &mut **inner {
                    Shape::Vec(items) => items,
                    _ => return,
                },
                Shape::Vec(items) => items,
                _ => return,
            };
        }
        let old = std::mem::replace(shape, Shape::Boolean);
        *shape = change(&schema, old);
    }

    /// Gives the value at `place` the shape of its schema with `types` for its type.
    fn retype(&mut self, place: &Place, types: &TypeDecl) {
        let field = self.field(place);
        let mut hint = format!(
            "{}{}",
            self.structs[place.owner].name,
            upper_camel(&field.json)
        );
        for _ in 0..place.items_depth {
            hint.push_str("Item");
        }
        let Some(mut schema) = self.schema_at(place).cloned() else {
            return;
        };
        schema.types = types.clone();
        let shape = self.shape_of(&schema, &hint);
        self.reshape(place, |_, _| shape);
    }

    fn add_struct(&mut self, name: &str, schema: &Schema) -> usize {
        let index = self.structs.len();
        self.structs.push(StructDef {
            name: name.to_owned(),
            item: self.current_item,
            schema: schema.clone(),
            fields: Vec::new(),
        });
        let fields = schema
            .properties
            .iter()
            .flatten()
            .map(|(json, prop)| FieldDef {
                json: json.clone(),
                shape: self.shape_of(prop, &format!("{name}{}", upper_camel(json))),
                schema: prop.clone(),
            })
            .collect();
        self.structs[index].fields = fields;
        index
    }

    /// The shape for `schema`; `hint` names any struct or enum it needs.
    fn shape_of(&mut self, schema: &Schema, hint: &str) -> Shape {
        match (&schema.any_of, &schema.one_of) {
            (Some(alternatives), None) | (None, Some(alternatives)) => {
                return self.shape_of_alternatives(schema, alternatives, hint);
            }
            (Some(_), Some(_)) => return Shape::Json(Fallback::Combinator),
            (None, None) => {}
        }
        match &schema.types {
            TypeDecl::Absent if has_properties(schema) => {
                self.shape_of_type(&JsonType::Object, schema, hint)
            }
            TypeDecl::Absent => Shape::Json(Fallback::NoType),
            TypeDecl::Single(t) => self.shape_of_type(t, schema, hint),
            TypeDecl::List(types) => {
                let non_null: Vec<&JsonType> =
                    types.iter().filter(|t| **t != JsonType::Null).collect();
                let shape = match non_null.as_slice() {
                    [] => return Shape::Json(Fallback::NullOnly),
                    [only] => self.shape_of_type(only, schema, hint),
                    _ => match self.union_of(
                        &non_null.iter().map(|t| (*t, schema)).collect::<Vec<_>>(),
                        schema,
                        hint,
                    ) {
                        Some(index) => Shape::Union(index),
                        None => return Shape::Json(Fallback::TypeList),
                    },
                };
                if non_null.len() < types.len() {
                    nullable(shape)
                } else {
                    shape
                }
            }
        }
    }

    fn shape_of_type(&mut self, t: &JsonType, schema: &Schema, hint: &str) -> Shape {
        match t {
            JsonType::String => match string_enum(schema) {
                Some(values) => Shape::Enum(self.add_enum(hint, schema, values)),
                None => Shape::String,
            },
            JsonType::Integer => Shape::Integer,
            JsonType::Number => Shape::Number,
            JsonType::Boolean => Shape::Boolean,
            JsonType::Array => {
                let item = match &schema.items {
                    Some(items) => self.shape_of(items, &format!("{hint}Item")),
                    None => Shape::Json(Fallback::NoType),
                };
                Shape::Vec(Box::new(item))
            }
            JsonType::Object if declares_extra_properties(schema) => {
                Shape::Json(Fallback::ExtraProperties)
            }
            JsonType::Object if has_properties(schema) => {
                Shape::Struct(self.add_struct(hint, schema))
            }
            JsonType::Object => Shape::Json(Fallback::OpenObject),
            JsonType::Null => Shape::Json(Fallback::NullOnly),
            JsonType::Unknown(name) => Shape::Json(Fallback::UnknownType(name.clone())),
        }
    }

    /// `anyOf`/`oneOf` whose alternatives each name one JSON type: that type when all name the
    /// schema's own scalar type (`app_id`: a UUID or `""`), a union when they name distinct types
    /// (`src`: a string or a list of strings). Anything else, or contexts inside an alternative
    /// (WordPress then filters by the matching alternative), stays a JSON value.
    fn shape_of_alternatives(
        &mut self,
        schema: &Schema,
        alternatives: &[Schema],
        hint: &str,
    ) -> Shape {
        let fallback = Shape::Json(Fallback::Combinator);
        let mut typed = Vec::new();
        for alternative in alternatives {
            match &alternative.types {
                _ if alternative.context.is_some() || alternative.has_nested_context() => {
                    return fallback
                }
                TypeDecl::Single(t) => typed.push((t, alternative)),
                _ => return fallback,
            }
        }
        match &schema.types {
            TypeDecl::Single(own) if is_scalar(own) && typed.iter().all(|(t, _)| *t == own) => {
                let mut plain = schema.clone();
                (plain.any_of, plain.one_of) = (None, None);
                self.shape_of_type(own, &plain, hint)
            }
            TypeDecl::Absent if distinct(typed.iter().map(|(t, _)| *t)) => {
                match self.union_of(&typed, schema, hint) {
                    Some(index) => Shape::Union(index),
                    None => fallback,
                }
            }
            _ => fallback,
        }
    }

    /// A union of `(type, schema)` alternatives (a type list pairs each type with the list's own
    /// schema), or `None` when one of them has no Rust type of its own (an open object, an array
    /// of anything, an unknown type) or its array items have contexts (then the dynamic filter
    /// keeps WordPress's exact rules). Whatever was added on the way is removed again then.
    fn union_of(
        &mut self,
        alternatives: &[(&JsonType, &Schema)],
        schema: &Schema,
        hint: &str,
    ) -> Option<usize> {
        const ORDER: [(&str, JsonType); 6] = [
            ("Boolean", JsonType::Boolean),
            ("Integer", JsonType::Integer),
            ("Number", JsonType::Number),
            ("String", JsonType::String),
            ("Array", JsonType::Array),
            ("Object", JsonType::Object),
        ];
        if alternatives
            .iter()
            .any(|(t, _)| !ORDER.iter().any(|(_, known)| known == *t))
        {
            return None;
        }
        let items_have_context = |s: &Schema| {
            s.items
                .as_deref()
                .is_some_and(|items| items.context.is_some() || items.has_nested_context())
        };
        if alternatives
            .iter()
            .any(|(t, s)| **t == JsonType::Array && items_have_context(s))
        {
            return None;
        }
        let (structs, enums, unions) = (self.structs.len(), self.enums.len(), self.unions.len());
        let mut variants = Vec::new();
        for (name, json_type) in &ORDER {
            let Some((_, own)) = alternatives.iter().find(|(t, _)| *t == json_type) else {
                continue;
            };
            let shape = self.shape_of_type(json_type, own, &format!("{hint}{name}"));
            if contains_json(&shape) {
                self.structs.truncate(structs);
                self.enums.truncate(enums);
                self.unions.truncate(unions);
                return None;
            }
            variants.push(UnionVariant { name, shape });
        }
        let types: Vec<&JsonType> = alternatives.iter().map(|(t, _)| *t).collect();
        let default_variant = default_variant(&variants, schema, &types);
        self.unions.push(UnionDef {
            name: hint.to_owned(),
            item: self.current_item,
            description: schema.description.clone(),
            pointer: schema.pointer.clone(),
            variants,
            default_variant,
            context_dependent: schema.has_nested_context(),
        });
        Some(self.unions.len() - 1)
    }

    fn add_enum(&mut self, name: &str, schema: &Schema, values: Vec<String>) -> usize {
        self.enums.push(EnumDef {
            name: name.to_owned(),
            item: self.current_item,
            description: schema.description.clone(),
            pointer: schema.pointer.clone(),
            variants: values.into_iter().map(|v| (upper_camel(&v), v)).collect(),
        });
        self.enums.len() - 1
    }
}

/// A Rust name per item: the user's `as Name`, else the title in camel case. Distinct schemas that
/// share a title (revisions and autosaves both say `post-revision`) are told apart by the last
/// literal segment of their route (`PostRevisionAutosaves`), then by a number. The plain name goes
/// to the schema whose route is named after its title (`revisions` for `post-revision`), whatever
/// order the documents come in, and otherwise to the first.
fn item_names(api: &Api) -> Vec<String> {
    let routes: Vec<Option<&Route>> = (0..api.items.len())
        .map(|index| api.routes.iter().find(|r| r.item == Some(index)))
        .collect();
    let mut order: Vec<usize> = (0..api.items.len()).collect();
    order.sort_by_key(|&index| !route_names_title(routes[index], &api.items[index].title));
    let mut names: Vec<Option<String>> = vec![None; api.items.len()];
    let mut taken: Vec<String> = Vec::new();
    for index in order {
        let item = &api.items[index];
        let base = item
            .name
            .clone()
            .unwrap_or_else(|| upper_camel(&item.title));
        let mut name = base.clone();
        if item.name.is_none() && taken.contains(&name) {
            if let Some(segment) = routes[index].and_then(Route::distinguishing_word) {
                name = format!("{base}{}", upper_camel(&segment));
            }
            let mut n = 2;
            while taken.contains(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
        }
        taken.push(name.clone());
        names[index] = Some(name);
    }
    names.into_iter().flatten().collect()
}

/// `revisions` names `post-revision`; `autosaves` does not.
fn route_names_title(route: Option<&Route>, title: &str) -> bool {
    let Some(word) = route.and_then(Route::distinguishing_word) else {
        return false;
    };
    let last = title.rsplit(['-', '_']).next().unwrap_or(title);
    word.strip_suffix('s').unwrap_or(&word) == last
}

fn is_scalar(t: &JsonType) -> bool {
    matches!(
        t,
        JsonType::String | JsonType::Integer | JsonType::Number | JsonType::Boolean
    )
}

fn distinct<'a>(types: impl Iterator<Item = &'a JsonType>) -> bool {
    let mut seen: Vec<&JsonType> = Vec::new();
    types.into_iter().all(|t| {
        let new = !seen.contains(&t);
        seen.push(t);
        new
    })
}

/// Whether a JSON value stands anywhere in the shape.
fn contains_json(shape: &Shape) -> bool {
    match shape {
        Shape::Json(_) => true,
        Shape::Vec(inner) | Shape::Option(inner) => contains_json(inner),
        _ => false,
    }
}

/// The variant of the schema's `default` value, else of the first type the schema lists.
fn default_variant(variants: &[UnionVariant], schema: &Schema, types: &[&JsonType]) -> usize {
    let of_default = schema.default.as_ref().and_then(|value| match value {
        serde_json::Value::Bool(_) => Some("Boolean"),
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => Some("Integer"),
        serde_json::Value::Number(_) => Some("Number"),
        serde_json::Value::String(_) => Some("String"),
        serde_json::Value::Array(_) => Some("Array"),
        serde_json::Value::Object(_) => Some("Object"),
        serde_json::Value::Null => None,
    });
    let first_listed = types.first().map(|t| match t {
        JsonType::Boolean => "Boolean",
        JsonType::Integer => "Integer",
        JsonType::Number => "Number",
        JsonType::String => "String",
        JsonType::Array => "Array",
        _ => "Object",
    });
    [of_default, first_listed]
        .into_iter()
        .flatten()
        .find_map(|name| variants.iter().position(|v| v.name == name))
        .unwrap_or(0)
}

/// The items of a list shape, through an `Option`.
fn list_items(shape: &Shape) -> Option<&Shape> {
    match shape {
        Shape::Vec(items) => Some(items),
        Shape::Option(inner) => match &**inner {
            Shape::Vec(items) => Some(items),
            _ => None,
        },
        _ => None,
    }
}

/// `Option<T>`, without doubling an `Option` that is already there.
fn nullable(shape: Shape) -> Shape {
    match shape {
        Shape::Option(_) | Shape::Json(_) => shape,
        other => Shape::Option(Box::new(other)),
    }
}

/// `additionalProperties` or `patternProperties` let keys in that a struct would drop.
fn declares_extra_properties(schema: &Schema) -> bool {
    let additional = matches!(
        schema.additional_properties,
        Some(Additional::Allowed(true)) | Some(Additional::Schema(_))
    );
    additional
        || schema
            .pattern_properties
            .as_ref()
            .is_some_and(|p| !p.is_empty())
}

fn has_properties(schema: &Schema) -> bool {
    schema.properties.as_ref().is_some_and(|p| !p.is_empty())
}

/// The members of a non-empty enum made only of strings.
fn string_enum(schema: &Schema) -> Option<Vec<String>> {
    let values = schema.enum_values.as_ref().filter(|v| !v.is_empty())?;
    values
        .iter()
        .map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// How the filter treats a value once its own `context` has let it through.
pub enum Recursion {
    /// Written as it is.
    Untouched,
    /// An object (or optional object): its properties are filtered in turn.
    Into,
    /// An array of objects whose item schema has `context`: filtered per item, or `[]`.
    Items(Vec<String>),
    /// An array of plain values whose item schema has `context`: as it is, or `[]`.
    EmptyUnless(Vec<String>),
    /// A JSON value whose schema has contexts below it: the dynamic filter decides.
    Dynamic,
}

pub fn recursion(shape: &Shape, schema: &Schema) -> Recursion {
    match shape {
        Shape::Json(_) if schema.has_nested_context() => Recursion::Dynamic,
        Shape::Struct(_) => Recursion::Into,
        Shape::Option(inner) if matches!(**inner, Shape::Struct(_)) => Recursion::Into,
        // A union's nested contexts are its object variant's: the struct's rules then apply.
        Shape::Union(_) if schema.has_nested_context() => Recursion::Into,
        Shape::Option(inner)
            if matches!(**inner, Shape::Union(_)) && schema.has_nested_context() =>
        {
            Recursion::Into
        }
        Shape::Vec(inner) | Shape::Option(inner) => {
            let vec_inner = match shape {
                Shape::Option(_) => match &**inner {
                    Shape::Vec(v) => v,
                    _ => return Recursion::Untouched,
                },
                _ => inner,
            };
            let Some(items) = schema.items.as_deref() else {
                return Recursion::Untouched;
            };
            match (&items.context, &**vec_inner) {
                (None, _) => Recursion::Untouched,
                (Some(c), Shape::Struct(_) | Shape::Union(_)) => Recursion::Items(c.clone()),
                (Some(c), _) => Recursion::EmptyUnless(c.clone()),
            }
        }
        _ => Recursion::Untouched,
    }
}

/// Whether a per-context type holds `field` through its own context types in `ctx`: the filter
/// recurses into it there, so its objects are filtered too. Otherwise the field keeps its full type.
pub fn context_typed(field: &FieldDef, ctx: &str) -> bool {
    if field.schema.context.is_none() {
        return false;
    }
    match recursion(&field.shape, &field.schema) {
        Recursion::Into => true,
        Recursion::Items(contexts) => contexts.iter().any(|c| c == ctx),
        Recursion::Untouched | Recursion::EmptyUnless(_) | Recursion::Dynamic => false,
    }
}
