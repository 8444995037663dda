//! The Rust types chosen for item schemas: structs, enums and fallbacks, before any tokens exist.

use crate::ir::{Additional, Api, JsonType, Route, Schema, TypeDecl};
use crate::names::upper_camel;

/// Every Rust type the item schemas need.
#[derive(Clone, Debug, Default)]
pub struct TypeSpace {
    pub structs: Vec<StructDef>,
    pub enums: Vec<EnumDef>,
    /// Top-level item structs, parallel to [`Api::items`].
    pub items: Vec<usize>,
    current_item: usize,
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
    /// WordPress leaves the property out of some items: `None` then, and not written.
    pub omittable: bool,
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
        let (nullable_paths, omitted_paths) = api.overlay.property_rules(&item.title);
        for path in nullable_paths {
            if let Some(field) = space.field_at(index, path) {
                field.shape = nullable(field.shape.clone());
            }
        }
        for path in omitted_paths {
            if let Some(field) = space.field_at(index, path) {
                field.shape = nullable(field.shape.clone());
                field.omittable = true;
            }
        }
        space.items.push(index);
    }
    space
}

impl TypeSpace {
    /// `(struct, field)` of the property at a dotted path below struct `index`, through nested
    /// objects; `None` when there is no such property.
    pub fn field_position(&self, index: usize, path: &str) -> Option<(usize, usize)> {
        let (first, rest) = match path.split_once('.') {
            Some((first, rest)) => (first, Some(rest)),
            None => (path, None),
        };
        let position = self.structs[index]
            .fields
            .iter()
            .position(|f| f.json == first)?;
        let Some(rest) = rest else {
            return Some((index, position));
        };
        match &self.structs[index].fields[position].shape {
            Shape::Struct(inner) => self.field_position(*inner, rest),
            Shape::Option(boxed) => match **boxed {
                Shape::Struct(inner) => self.field_position(inner, rest),
                _ => None,
            },
            _ => None,
        }
    }

    fn field_at(&mut self, index: usize, path: &str) -> Option<&mut FieldDef> {
        let (owner, position) = self.field_position(index, path)?;
        Some(&mut self.structs[owner].fields[position])
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
                omittable: false,
            })
            .collect();
        self.structs[index].fields = fields;
        index
    }

    /// The shape for `schema`; `hint` names any struct or enum it needs.
    fn shape_of(&mut self, schema: &Schema, hint: &str) -> Shape {
        if schema.any_of.is_some() || schema.one_of.is_some() {
            return Shape::Json(Fallback::Combinator);
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
                match non_null.as_slice() {
                    [] => Shape::Json(Fallback::NullOnly),
                    [only] if non_null.len() < types.len() => {
                        let inner = self.shape_of_type(only, schema, hint);
                        nullable(inner)
                    }
                    [only] => self.shape_of_type(only, schema, hint),
                    _ => Shape::Json(Fallback::TypeList),
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
