//! What two answers to the same request may differ in, and where they differ.
//!
//! Masked on both sides: the site's address, the dates the run itself made (clock-set dates and
//! the uploads folder `YYYY/MM`), and the file sizes of generated image files, which depend on
//! the encoder. Ids are not masked: both sides start fresh, so an id that differs is a difference.

use crate::target::Target;
use serde_json::{json, Value};

/// When a run started: timestamps written during the run are masked, even when the run crosses
/// midnight or the end of a month.
pub struct RunClock {
    started: chrono::DateTime<chrono::Utc>,
}

impl RunClock {
    pub fn start() -> RunClock {
        RunClock {
            started: chrono::Utc::now(),
        }
    }

    pub fn started_at(started: chrono::DateTime<chrono::Utc>) -> RunClock {
        RunClock { started }
    }

    /// Whether `s` is a `YYYY-MM-DDTHH:MM:SS` timestamp within a day of the run, which allows for
    /// the site's time zone.
    pub fn made_during_run(&self, s: &str) -> bool {
        // Users' `registered_date` carries the offset; other dates do not.
        let s = s.strip_suffix("+00:00").unwrap_or(s);
        let Ok(at) = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") else {
            return false;
        };
        let day = chrono::Duration::days(1);
        let window = (self.started - day).naive_utc()..=(chrono::Utc::now() + day).naive_utc();
        s.len() == 19 && window.contains(&at)
    }

    /// The upload folders (`YYYY/MM`) of the run's months.
    pub fn months(&self) -> [String; 2] {
        [self.started, chrono::Utc::now()].map(|at| at.format("%Y/%m").to_string())
    }
}

/// An answer with the parts that legitimately differ between two sites replaced by tokens.
pub fn mask(target: &Target, answer: &Value, run: &RunClock) -> Value {
    // Each as it is, and with `json_encode`'s escaped slashes as a string holding JSON (a JSONP
    // body) shows them once serialized: `\\/`.
    let forms = |s: &str| [s.to_owned(), s.replace('/', "\\/"), s.replace('/', "\\\\/")];
    let mut text = answer.to_string();
    for form in forms(&target.site) {
        text = text.replace(&form, "{{site_url}}");
    }
    for month in run.months() {
        for form in forms(&month) {
            text = text.replace(&form, "{{yyyy/mm}}");
        }
    }
    let mut value: Value = serde_json::from_str(&text).expect("a masked answer stays JSON");
    mask_values(&mut value, run);
    value
}

fn mask_values(value: &mut Value, run: &RunClock) {
    match value {
        Value::String(s) if run.made_during_run(s) => *s = "{{now}}".to_owned(),
        Value::Object(map) => {
            // The server's own encodings of a picture: its sizes, and a `-scaled` or `-rotated`
            // copy or an edited picture. JPEG, WebP and PNG files are WordPress's to the byte (a
            // PNG's but for the times in it), so their sizes are compared; GIF ones are not yet.
            if let Some(Value::Object(sizes)) = map.get_mut("sizes") {
                for size in sizes.values_mut() {
                    let exact = ["mime_type", "mime-type"].iter().any(|key| {
                        matches!(
                            size.get(key).and_then(Value::as_str),
                            Some("image/jpeg" | "image/webp" | "image/png")
                        )
                    });
                    if let Some(filesize) = size.get_mut("filesize").filter(|_| !exact) {
                        *filesize = json!("{{generated}}");
                    }
                }
            }
            if map.contains_key("original_image") || map.contains_key("parent_image") {
                let file = map.get("file").and_then(Value::as_str).unwrap_or_default();
                let file = file.to_ascii_lowercase();
                let exact = [".jpg", ".jpeg", ".jpe", ".webp", ".png"]
                    .iter()
                    .any(|ext| file.ends_with(ext));
                if let Some(filesize) = map.get_mut("filesize").filter(|_| !exact) {
                    *filesize = json!("{{generated}}");
                }
            }
            map.values_mut().for_each(|v| mask_values(v, run));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| mask_values(v, run)),
        _ => {}
    }
}

/// A value the recording left unpinned: masked as the server's own encoding when it was
/// recorded (before JPEG sizes were WordPress's to the byte, every size's `filesize` was). Any
/// value stands for it; a missing one does not.
fn unpinned(expected: &Value) -> bool {
    expected.as_str() == Some("{{generated}}")
}

/// Whether two answers are the same, keys in the same order: WordPress's key order is part of
/// its output (`serde_json`'s maps compare equal in any order).
pub fn same(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        _ if unpinned(expected) => !got.is_null(),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, a), (l, b))| k == l && same(a, b))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        _ => expected == got,
    }
}

/// JSON pointers where two values differ, with both values, for a report; an object whose keys
/// come in another order is a difference too.
pub fn differences(path: &str, expected: &Value, got: &Value, out: &mut Vec<String>) {
    match (expected, got) {
        _ if unpinned(expected) && !got.is_null() => {}
        (Value::Object(x), Value::Object(y)) => {
            if x.len() == y.len() && x.keys().all(|k| y.contains_key(k)) && !x.keys().eq(y.keys()) {
                out.push(format!(
                    "{path}: keys in another order: expected {:?} got {:?}",
                    x.keys().collect::<Vec<_>>(),
                    y.keys().collect::<Vec<_>>()
                ));
            }
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                differences(
                    &format!("{path}/{key}"),
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                    out,
                );
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(&format!("{path}/{i}"), p, q, out);
            }
        }
        (Value::String(x), Value::String(y)) if x != y => {
            // Long strings (rendered HTML) differ somewhere in the middle: show that place.
            let at = x
                .char_indices()
                .zip(y.chars())
                .find(|((_, a), b)| a != b)
                .map_or(x.len().min(y.len()), |((i, _), _)| i);
            let around = |s: &str| {
                let mut start = at.saturating_sub(40).min(s.len());
                while !s.is_char_boundary(start) {
                    start -= 1;
                }
                s[start..].chars().take(100).collect::<String>()
            };
            out.push(format!(
                "{path}: at byte {at}: expected {:?} got {:?}",
                around(x),
                around(y)
            ))
        }
        _ if expected != got => out.push(format!(
            "{path}: expected {} got {}",
            short(expected),
            short(got)
        )),
        _ => {}
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

/// Whether two answers differ at most in the order of a list body's items: rows that tie on
/// every sort key come back in MariaDB's access-path order, which WordPress does not fix.
pub fn same_items_in_any_order(a: &Value, b: &Value) -> bool {
    let sorted = |answer: &Value| {
        let mut answer = answer.clone();
        if let Some(Value::Array(items)) = answer.get_mut("body") {
            items.sort_by_cached_key(Value::to_string);
        }
        answer
    };
    sorted(a) == sorted(b)
}

/// Whether two list answers hold the same items in orders that agree on `key`, the value each
/// item is sorted by: only items that tie on it are in another order. `None` when an item lacks
/// the key (`_fields` left it out), so the orders cannot be told apart from ties.
pub fn reordered_within_ties(a: &Value, b: &Value, key: &str) -> Option<bool> {
    if !same_items_in_any_order(a, b) {
        return Some(false);
    }
    let keys = |answer: &Value| -> Option<Vec<Value>> {
        answer["body"]
            .as_array()?
            .iter()
            .map(|item| item.pointer(key).cloned())
            .collect()
    };
    Some(keys(a)? == keys(b)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_another_order_are_a_difference() {
        let wordpress: Value =
            serde_json::from_str(r#"{"id":5,"guid":{"rendered":"a","raw":"a"}}"#).unwrap();
        let reordered: Value =
            serde_json::from_str(r#"{"id":5,"guid":{"raw":"a","rendered":"a"}}"#).unwrap();
        assert_eq!(
            wordpress, reordered,
            "serde_json's maps compare without order"
        );
        assert!(!same(&wordpress, &reordered));
        assert!(same(&wordpress, &wordpress.clone()));
        let mut found = Vec::new();
        differences("", &wordpress, &reordered, &mut found);
        assert_eq!(
            found,
            [
                r#"/guid: keys in another order: expected ["rendered", "raw"] got ["raw", "rendered"]"#
            ]
        );
    }

    #[test]
    fn jpeg_webp_and_png_sizes_are_compared_and_other_encodings_left_unpinned() {
        let run = RunClock::start();
        let mut answer = serde_json::json!({"media_details": {
            "file": "2026/12/photo-scaled.jpg", "filesize": 54194, "original_image": "photo.jpg",
            "sizes": {
                "medium": {"mime_type": "image/jpeg", "filesize": 1923},
                "thumbnail": {"mime_type": "image/png", "filesize": 263},
                "large": {"mime-type": "image/webp", "filesize": 9},
                "tiny": {"mime-type": "image/gif", "filesize": 7}
            }
        }});
        mask_values(&mut answer, &run);
        let details = &answer["media_details"];
        assert_eq!(details["filesize"], 54194);
        assert_eq!(details["sizes"]["medium"]["filesize"], 1923);
        assert_eq!(details["sizes"]["thumbnail"]["filesize"], 263);
        assert_eq!(details["sizes"]["large"]["filesize"], 9);
        assert_eq!(details["sizes"]["tiny"]["filesize"], "{{generated}}");
        // A `-scaled` or edited PNG is compared; a GIF is not.
        for (file, key, kept) in [
            ("shot-scaled.png", "original_image", true),
            ("shot-e1.png", "parent_image", true),
            ("shot-e1.gif", "parent_image", false),
        ] {
            let mut answer = serde_json::json!({"media_details": {
                "file": file, "filesize": 300, key: "shot"
            }});
            mask_values(&mut answer, &run);
            let filesize = &answer["media_details"]["filesize"];
            assert_eq!(filesize == 300, kept, "{file}: {filesize}");
        }
        // An older recording that left a size unpinned takes any value, but not none.
        let recorded = serde_json::json!({"filesize": "{{generated}}"});
        assert!(same(&recorded, &serde_json::json!({"filesize": 1923})));
        assert!(!same(&recorded, &serde_json::json!({})));
        let mut found = Vec::new();
        differences(
            "",
            &recorded,
            &serde_json::json!({"filesize": 7}),
            &mut found,
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
