//! Rules the documents must meet before code is emitted, each a named `check_*` function.

use crate::emit::{args_names, route_const_name, view_name};
use crate::error::{Error, Errors};
use crate::ir::Api;
use crate::names::field_ident;
use crate::shape::TypeSpace;
use std::collections::HashMap;

pub fn check(api: &Api, space: &TypeSpace, documents: &[String], errors: &mut Errors) {
    check_type_names(api, space, errors);
    check_field_names(api, space, errors);
    check_variant_names(api, space, errors);
    check_document_names(documents, errors);
    check_overlay_properties(api, space, errors);
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
fn check_type_names(api: &Api, space: &TypeSpace, errors: &mut Errors) {
    let mut names: Vec<(String, usize, String)> = Vec::new();
    for def in &space.structs {
        names.push((def.name.clone(), def.item, def.schema.pointer.clone()));
        for ctx in api.items[def.item].schema.used_contexts() {
            names.push((
                view_name(&def.name, ctx),
                def.item,
                def.schema.pointer.clone(),
            ));
        }
    }
    names.extend(
        space
            .enums
            .iter()
            .map(|e| (e.name.clone(), e.item, e.pointer.clone())),
    );
    for def in &space.unions {
        names.push((def.name.clone(), def.item, def.pointer.clone()));
        if def.context_dependent {
            for ctx in api.items[def.item].schema.used_contexts() {
                names.push((view_name(&def.name, ctx), def.item, def.pointer.clone()));
            }
        }
    }
    check_args_names(api, space, &names, errors);
    let mut first: HashMap<&str, (usize, &str)> = HashMap::new();
    let mut reported: Vec<(usize, usize)> = Vec::new();
    for (name, item, pointer) in &names {
        let Some(&(earlier_item, earlier_pointer)) = first.get(name.as_str()) else {
            first.insert(name, (*item, pointer));
            continue;
        };
        if reported.contains(&(earlier_item, *item)) {
            continue;
        }
        reported.push((earlier_item, *item));
        let earlier = Origin {
            file: api.items[earlier_item].file.clone(),
            pointer: earlier_pointer.to_owned(),
        };
        errors.push(collision(
            name,
            "type",
            &api.items[*item].file,
            pointer,
            &earlier,
        ));
    }
}

/// Argument parsers take names of their own (`AttachmentListArgs`), distinct among themselves; they
/// must not take an item type's name.
fn check_args_names(
    api: &Api,
    space: &TypeSpace,
    types: &[(String, usize, String)],
    errors: &mut Errors,
) {
    for (route, names) in api.routes.iter().zip(args_names(space, api)) {
        for (endpoint, name) in route.endpoints.iter().zip(names) {
            if let Some((_, item, pointer)) = types.iter().find(|(n, _, _)| *n == name) {
                let earlier = Origin {
                    file: api.items[*item].file.clone(),
                    pointer: pointer.clone(),
                };
                errors.push(collision(
                    &name,
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
fn check_field_names(api: &Api, space: &TypeSpace, errors: &mut Errors) {
    for def in &space.structs {
        let names = def
            .fields
            .iter()
            .map(|f| {
                let origin = Origin {
                    file: api.items[def.item].file.clone(),
                    pointer: f.schema.pointer.clone(),
                };
                (field_ident(&f.json).to_string(), origin)
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
fn check_document_names(documents: &[String], errors: &mut Errors) {
    let names = documents
        .iter()
        .map(|display| {
            let origin = Origin {
                file: display.clone(),
                pointer: String::new(),
            };
            (route_const_name(display), origin)
        })
        .collect();
    report_collisions(names, "constant", errors);
}
