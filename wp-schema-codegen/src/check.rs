//! Rules the documents must meet before code is emitted, each a named `check_*` function.

use crate::error::{Error, Errors};
use crate::ir::Api;
use crate::naming::client::ClientNames;
use crate::naming::{DeclaredType, Names};
use crate::shape::TypeSpace;
use std::collections::HashMap;

/// `documents` are the input documents as displayed, in the order `names` names their constants.
pub fn check(
    api: &Api,
    space: &TypeSpace,
    names: &Names,
    documents: &[String],
    errors: &mut Errors,
) {
    check_type_names(api, space, names, errors);
    check_field_names(api, space, names, errors);
    check_variant_names(api, space, errors);
    check_document_names(documents, names, errors);
    check_overlay_properties(api, space, errors);
}

/// With the client asked for, every route must have a path the client can fill in.
pub fn check_client(api: &Api, client: &ClientNames, errors: &mut Errors) {
    for (route, client_route) in api.routes.iter().zip(&client.routes) {
        if let Err(why) = &client_route.path {
            errors.push(Error::new(&route.file, &route.pointer, why.clone()));
        }
    }
}

/// An overlay's `nullable` or `types` path must name a property of its item, when the documents
/// hold that item (one overlay serves several sets of documents, so an absent item is no error).
fn check_overlay_properties(api: &Api, space: &TypeSpace, errors: &mut Errors) {
    for rule in api.overlay.property_paths() {
        let items: Vec<usize> = (0..api.items.len())
            .filter(|&i| api.items[i].title == rule.title)
            .collect();
        let found = items
            .iter()
            .any(|&i| space.place(space.items[i], &rule.path).is_some());
        if !items.is_empty() && !found {
            errors.push(rule.no_such_property());
        }
    }
}

/// Where a generated name comes from: file and pointer.
struct Origin {
    file: String,
    pointer: String,
}

/// Reports every name given to two different things.
fn report_collisions(names: Vec<(String, Origin)>, what: &str, errors: &mut Errors) {
    let mut first: HashMap<String, Origin> = HashMap::new();
    for (name, origin) in names {
        match first.get(&name) {
            Some(earlier) => errors.push(collision(
                &name,
                what,
                &origin.file,
                &origin.pointer,
                earlier,
            )),
            None => {
                first.insert(name, origin);
            }
        }
    }
}

/// Structs, enums, unions and per-context types share one namespace. A collision between two items is
/// reported once, at the first name they share: the names nested below it collide as a consequence.
fn check_type_names(api: &Api, space: &TypeSpace, names: &Names, errors: &mut Errors) {
    let types = names.declared_types(space);
    check_args_names(api, names, &types, errors);
    let mut first: HashMap<&str, (usize, &str)> = HashMap::new();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for declared in &types {
        let Some(&(earlier_item, earlier_pointer)) = first.get(declared.name) else {
            first.insert(declared.name, (declared.item, declared.pointer));
            continue;
        };
        if reported.contains(&(earlier_item, declared.item)) {
            continue;
        }
        reported.push((earlier_item, declared.item));
        let earlier = Origin {
            file: api.items[earlier_item].file.clone(),
            pointer: earlier_pointer.to_owned(),
        };
        errors.push(collision(
            declared.name,
            "type",
            &api.items[declared.item].file,
            declared.pointer,
            &earlier,
        ));
    }
}

/// Argument parsers take names of their own (`AttachmentListArgs`), distinct among themselves; they
/// must not take an item type's name.
fn check_args_names(api: &Api, names: &Names, types: &[DeclaredType], errors: &mut Errors) {
    for (route, route_names) in api.routes.iter().zip(&names.routes) {
        for (endpoint, parser) in route.endpoints.iter().zip(&route_names.parsers) {
            if let Some(declared) = types.iter().find(|t| t.name == parser.name) {
                let earlier = Origin {
                    file: api.items[declared.item].file.clone(),
                    pointer: declared.pointer.to_owned(),
                };
                errors.push(collision(
                    &parser.name,
                    "type",
                    &route.file,
                    &endpoint.pointer,
                    &earlier,
                ));
            }
        }
    }
}

fn collision(name: &str, what: &str, file: &str, pointer: &str, earlier: &Origin) -> Error {
    let place = Error::new(&earlier.file, &earlier.pointer, "").to_string();
    let place = place.trim_end_matches(": ");
    Error::new(
        file,
        pointer,
        format!(
            "the generated {what} `{name}` collides with the one generated for {place}; \
             name one document's types with `\"file.json\" as Name`, or change the schema"
        ),
    )
}

/// Two properties of one object must not map to the same Rust field (`a-b` and `a_b`).
fn check_field_names(api: &Api, space: &TypeSpace, names: &Names, errors: &mut Errors) {
    for (def, struct_names) in space.structs.iter().zip(&names.structs) {
        let names = def
            .fields
            .iter()
            .zip(&struct_names.fields)
            .map(|(f, field_names)| {
                let origin = Origin {
                    file: api.items[def.item].file.clone(),
                    pointer: f.schema.pointer.clone(),
                };
                (field_names.ident.to_string(), origin)
            })
            .collect();
        report_collisions(names, "field", errors);
    }
}

/// Enum members must give distinct variants, and none may be `Unknown`, which keeps other values.
fn check_variant_names(api: &Api, space: &TypeSpace, errors: &mut Errors) {
    for def in &space.enums {
        let mut seen: Vec<(&str, String)> =
            vec![("Unknown", "any value the schema does not list".to_owned())];
        for (variant, spelling) in &def.variants {
            match seen.iter().find(|(v, _)| v == variant) {
                Some((_, earlier)) => errors.push(Error::new(
                    &api.items[def.item].file,
                    &format!("{}/enum", def.pointer),
                    format!(
                        "the enum `{}` cannot tell `{spelling}` from {earlier}: both become the variant `{variant}`",
                        def.name
                    ),
                )),
                None => seen.push((variant, format!("`{spelling}`"))),
            }
        }
    }
}

/// Each document becomes a constant named after its file.
fn check_document_names(documents: &[String], names: &Names, errors: &mut Errors) {
    let names = documents
        .iter()
        .zip(&names.documents)
        .map(|(display, constant)| {
            let origin = Origin {
                file: display.clone(),
                pointer: String::new(),
            };
            (constant.clone(), origin)
        })
        .collect();
    report_collisions(names, "constant", errors);
}
