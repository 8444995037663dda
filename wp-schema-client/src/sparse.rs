//! Sparse responses (`_fields`): selections checked against the generated type at compile time.

use serde::{Deserialize, Deserializer};

/// A generated type's property paths (`id`, `title`, `title.rendered`, …, `_links`,
/// `_embedded`): what a `_fields` selection may name.
pub trait Sparse {
    const PATHS: &'static [&'static str];
}

const PREFIX: &[u8] = b"`";
const SUFFIX: &[u8] = b"` is not a property of this type";
/// Room for the message; a longer name is cut at a character boundary.
const MESSAGE: usize = 256;

/// `name` when it is one of `paths`; otherwise a panic naming it, which in a `const` (as
/// [`fields!`](crate::fields) uses it) is a compile error.
pub const fn check_field(paths: &[&str], name: &'static str) -> &'static str {
    let mut i = 0;
    while i < paths.len() {
        if same(paths[i].as_bytes(), name.as_bytes()) {
            return name;
        }
        i += 1;
    }
    // A const fn can format only a lone `&str`, so the message is put together by hand.
    let mut message = [0u8; MESSAGE];
    let mut len = 0;
    let parts = [PREFIX, name.as_bytes(), SUFFIX];
    let mut p = 0;
    while p < parts.len() {
        let part = parts[p];
        let mut j = 0;
        while j < part.len() && len < MESSAGE {
            message[len] = part[j];
            len += 1;
            j += 1;
        }
        p += 1;
    }
    let (written, _) = message.split_at(len);
    let text = match core::str::from_utf8(written) {
        Ok(text) => text,
        Err(cut) => match core::str::from_utf8(written.split_at(cut.valid_up_to()).0) {
            Ok(text) => text,
            Err(_) => name,
        },
    };
    panic!("{}", text)
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// `fields!(Media: "id", "title.rendered")`: the `_fields` selection as a
/// `&'static [&'static str]`, each name checked against `Media`'s [`Sparse::PATHS`] at compile
/// time.
#[macro_export]
macro_rules! fields {
    ($ty:ty : $($name:literal),+ $(,)?) => {{
        const FIELDS: &[&str] = &[$($crate::check_field(<$ty as $crate::Sparse>::PATHS, $name)),+];
        FIELDS
    }};
}

/// For `#[serde(default, deserialize_with = "…")]` on a sparse type's field whose type is itself
/// an `Option`: an absent property is `None`, a `null` one `Some(None)`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Media;

    impl Sparse for Media {
        const PATHS: &'static [&'static str] = &["id", "title", "title.rendered", "_links"];
    }

    #[test]
    fn fields_checks_at_compile_time() {
        const ONE: &str = check_field(Media::PATHS, "title.rendered");
        assert_eq!(ONE, "title.rendered");
        let selected: &'static [&'static str] = crate::fields!(Media: "id", "title.rendered",);
        assert_eq!(selected, ["id", "title.rendered"]);
    }

    fn panic_message(name: &'static str) -> Option<String> {
        let outcome = std::panic::catch_unwind(|| check_field(Media::PATHS, name));
        let payload = outcome.err()?;
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
    }

    #[test]
    fn an_unknown_name_panics_naming_it() {
        assert_eq!(panic_message("_links"), None);
        assert_eq!(
            panic_message("titel").as_deref(),
            Some("`titel` is not a property of this type")
        );
        // A prefix of a path is not a path.
        assert!(panic_message("title.").is_some());
        assert!(panic_message("").is_some());
    }

    #[test]
    fn a_long_name_is_cut_at_a_character_boundary() {
        let name: &'static str = "é".repeat(200).leak();
        let message = panic_message(name).expect("a panic");
        assert!(message.starts_with("`éé"));
        assert_eq!(message.len(), MESSAGE - 1);
    }

    #[derive(serde::Deserialize)]
    struct Post {
        #[serde(default, deserialize_with = "present")]
        featured_media: Option<Option<u64>>,
    }

    #[test]
    fn present_tells_absent_from_null() {
        let read = |value| {
            serde_json::from_value::<Post>(value)
                .unwrap()
                .featured_media
        };
        assert_eq!(read(json!({})), None);
        assert_eq!(read(json!({"featured_media": null})), Some(None));
        assert_eq!(read(json!({"featured_media": 7})), Some(Some(7)));
    }
}
