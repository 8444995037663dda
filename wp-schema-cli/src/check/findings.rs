//! The model of the generated types held against each recorded item, and the report of what does
//! not hold: one entry per item type, property and problem, with where it was seen.

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use wp_schema_codegen::recording::{is_collection, items_of, without_links, Recorded, Recording};
use wp_schema_codegen::roundtrip::{json_type_of, Finding, Fix, Problem};
use wp_schema_codegen::{Model, ModelItem};

/// What checking a recording found.
pub struct Findings {
    /// Items checked, in how many answers, of how many routes.
    pub items: usize,
    pub answers: usize,
    pub routes: BTreeSet<String>,
    /// Routes that answered but whose documents give no item type (or no document was given).
    pub routes_without_type: BTreeSet<String>,
    pub groups: Vec<Group>,
    /// Whether each route answered with a collection (a list, or an object keyed by name) or
    /// with one item, by document name: what the generated client reads its answers as.
    pub collections: BTreeMap<String, bool>,
}

/// One problem at one property of one item type, and every item it was seen in.
pub struct Group {
    pub title: String,
    /// The first finding of the group; the others differ only in where they were.
    pub finding: Finding,
    pub seen: Vec<Seen>,
}

/// Where a finding was seen.
pub struct Seen {
    pub file: String,
    pub request: String,
    pub context: Option<String>,
    /// JSON pointer in the answer.
    pub pointer: String,
}

impl Findings {
    pub fn of(model: &Model, recording: &Recording) -> Findings {
        let mut findings = Findings {
            items: 0,
            answers: 0,
            routes: BTreeSet::new(),
            routes_without_type: BTreeSet::new(),
            groups: Vec::new(),
            collections: BTreeMap::new(),
        };
        for recorded in &recording.responses {
            if !(200..300).contains(&recorded.status) {
                continue;
            }
            let item = model.item_of_route(&recorded.route);
            let is_property = |key: &str| {
                item.as_ref()
                    .is_some_and(|i| i.properties.iter().any(|p| p == key))
            };
            let collection = is_collection(&recorded.body, &is_property);
            // A route answers one way; one collection among its answers makes it a collection
            // (an empty keyed object reads as an item).
            *findings.collections.entry(recorded.document()).or_default() |= collection;
            let Some(item) = &item else {
                findings.routes_without_type.insert(recorded.route.clone());
                continue;
            };
            findings.answers += 1;
            findings.routes.insert(recorded.route.clone());
            for (prefix, value) in items_of(&recorded.body, &is_property) {
                findings.items += 1;
                let value = without_links(value);
                for finding in model.check(item, recorded.context.as_deref(), &value) {
                    findings.add(item, recorded, &prefix, finding);
                }
            }
        }
        findings
    }

    fn add(&mut self, item: &ModelItem, recorded: &Recorded, prefix: &str, finding: Finding) {
        let seen = Seen {
            file: recorded.file.clone(),
            request: recorded.request(),
            context: recorded.context.clone(),
            pointer: format!("{prefix}{}", finding.pointer),
        };
        let same = |group: &&mut Group| {
            group.title == item.title
                && group.finding.path == finding.path
                && group.finding.problem == finding.problem
                && json_type_of(&group.finding.sent) == json_type_of(&finding.sent)
                && (finding.path.is_some() || group.finding.pointer == finding.pointer)
        };
        match self.groups.iter_mut().find(same) {
            Some(group) => group.seen.push(seen),
            None => self.groups.push(Group {
                title: item.title.clone(),
                finding,
                seen: vec![seen],
            }),
        }
    }

    /// Whether every place holds: properties the schema lacks are kept as JSON, and are noted
    /// only.
    pub fn holds(&self) -> bool {
        self.groups.iter().all(|group| group.finding.holds())
    }

    /// The report as text: a block per group, then a summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for group in &self.groups {
            let finding = &group.finding;
            let place = finding.path.as_deref().unwrap_or("(the item)");
            let _ = writeln!(
                out,
                "{}: `{place}` {} ({} {})",
                group.title,
                problem_text(&finding.problem),
                group.seen.len(),
                if group.seen.len() == 1 {
                    "item"
                } else {
                    "items"
                }
            );
            for seen in group.seen.iter().take(3) {
                let _ = writeln!(
                    out,
                    "  at {} in {} ({})",
                    seen.pointer, seen.request, seen.file
                );
            }
            if group.seen.len() > 3 {
                let _ = writeln!(out, "  and {} more", group.seen.len() - 3);
            }
            let _ = writeln!(out, "  WordPress sent: {}", abbreviated(&finding.sent));
            match &finding.schema {
                Some(says) => {
                    let context = says
                        .context
                        .as_ref()
                        .map(|list| format!(", context {}", json!(list)))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "  the schema says: type {}{context} ({} at {})",
                        says.types, says.file, says.pointer
                    );
                }
                None => {
                    let _ = writeln!(out, "  the schema says nothing of it here");
                }
            }
            if let Some(rules) = overlay_rules(&group.title, finding) {
                let _ = writeln!(out, "  overlay: {rules}");
            }
            out.push('\n');
        }
        let _ = writeln!(out, "{}", self.summary());
        out
    }

    fn summary(&self) -> String {
        let mut line = format!(
            "checked {} items in {} answers of {} routes: ",
            self.items,
            self.answers,
            self.routes.len()
        );
        let (failing, untyped): (Vec<&Group>, Vec<&Group>) =
            self.groups.iter().partition(|g| !g.finding.holds());
        if failing.is_empty() {
            line.push_str("every item reads and is written back as it came");
        } else {
            let places: usize = failing.iter().map(|g| g.seen.len()).sum();
            let _ = write!(
                line,
                "{places} places in {} properties do not hold",
                failing.len()
            );
        }
        if !untyped.is_empty() {
            let _ = write!(
                line,
                "; {} properties the schema does not list are kept as JSON",
                untyped.len()
            );
        }
        if !self.groups.is_empty() {
            line.push_str(" (--write-overlay adds the rules above)");
        }
        if !self.routes_without_type.is_empty() {
            let _ = write!(
                line,
                "; {} routes answered without an item type in the documents",
                self.routes_without_type.len()
            );
        }
        line
    }

    pub fn json(&self) -> Value {
        let groups: Vec<Value> = self
            .groups
            .iter()
            .map(|group| {
                let finding = &group.finding;
                json!({
                    "title": group.title,
                    "path": finding.path,
                    "problem": problem_text(&finding.problem),
                    "sent": finding.sent,
                    "schema": finding.schema.as_ref().map(|s| json!({
                        "file": s.file, "pointer": s.pointer, "types": s.types, "context": s.context,
                    })),
                    "holds": finding.holds(),
                    "overlay": finding.fixes().iter().map(|(path, fix)| rule_json(path, fix)).collect::<Vec<_>>(),
                    "seen": group.seen.iter().map(|seen| json!({
                        "file": seen.file,
                        "request": seen.request,
                        "context": seen.context,
                        "pointer": seen.pointer,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        json!({
            "items": self.items,
            "answers": self.answers,
            "routes": self.routes.len(),
            "untyped_routes": self.routes_without_type,
            "findings": groups,
        })
    }
}

fn problem_text(problem: &Problem) -> String {
    match problem {
        Problem::Null => "is null, and its type is not nullable: the item does not read".to_owned(),
        Problem::WrongType { expected } => format!("is not {expected}: the item does not read"),
        Problem::NotInType { contexts: Some(_) } => "is written in a context whose type lacks it: \
             kept as JSON, and serialize_in leaves it out there"
            .to_owned(),
        Problem::NotInType { contexts: None } => {
            "is not in the schema: kept as JSON among the extra properties".to_owned()
        }
    }
}

/// The overlay rules for a finding, as they read in an overlay document.
fn overlay_rules(title: &str, finding: &Finding) -> Option<String> {
    let fixes = finding.fixes();
    if fixes.is_empty() {
        return None;
    }
    let rules: Vec<String> = fixes
        .iter()
        .map(|(path, fix)| json!({ title: rule_json(path, fix) }).to_string())
        .collect();
    Some(rules.join(", "))
}

/// `{"nullable": [PATH]}`, `{"types": {PATH: […]}}` and the like.
pub fn rule_json(path: &str, fix: &Fix) -> Value {
    match fix {
        Fix::Nullable => json!({"nullable": [path]}),
        Fix::Types(types) => json!({"types": {path: types}}),
        Fix::Contexts(contexts) => json!({"contexts": {path: contexts}}),
        Fix::Property(schema) => json!({"properties": {path: schema}}),
    }
}

/// A value on one line, cut at 100 characters.
fn abbreviated(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 100 {
        return text;
    }
    let cut: String = text.chars().take(100).collect();
    format!("{cut}… ({})", json_type_of(value))
}
