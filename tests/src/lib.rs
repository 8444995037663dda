//! The `routes!` macro expanded on real and fixture documents, compiled once and shared by the tests
//! in `tests/tests/`. That this crate builds is itself a test: every expansion type-checks.

/// WordPress 6.9.7's media routes.
pub mod wp69_media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/wp-v2-media.json",
        "../../schemas/wp-6.9/wp-v2-media-id.json",
    }
}

/// WordPress 6.1.9's media routes (Debian's package): the same generator takes both.
pub mod wp61_media {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.1/overlay.json",
        "../../schemas/wp-6.1/wp-v2-media.json",
        "../../schemas/wp-6.1/wp-v2-media-id.json",
    }
}

/// Small schemas, each exercising one construct.
pub mod fixtures {
    pub mod nested_objects {
        wp_schema_macros::routes!("../fixtures/schemas/nested-objects.json");
    }
    pub mod arrays_of_objects {
        wp_schema_macros::routes!("../fixtures/schemas/arrays-of-objects.json");
    }
    pub mod type_lists_and_enums {
        wp_schema_macros::routes!("../fixtures/schemas/type-lists-and-enums.json");
    }
    pub mod any_of {
        wp_schema_macros::routes!("../fixtures/schemas/any-of.json");
    }
    pub mod type_list_unions {
        wp_schema_macros::routes!("../fixtures/schemas/type-list-unions.json");
    }
}

/// WordPress 6.9.7's post routes: nothing in the generator is specific to attachments.
pub mod wp69_posts {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/wp-v2-posts.json",
        "../../schemas/wp-6.9/wp-v2-posts-id.json",
    }
}

/// WordPress 6.9.7's user routes.
pub mod wp69_users {
    wp_schema_macros::routes! {
        "../../schemas/wp-6.9/wp-v2-users.json",
        "../../schemas/wp-6.9/wp-v2-users-id.json",
    }
}

/// Responses recorded from WordPress, as `scripts/record-*.py` left them under `fixtures/`.
pub mod recorded {
    use serde_json::Value;

    /// `fixtures/VERSION/responses/NAME.json`; NAME may go into a folder (`core/posts-1-view`).
    pub fn response(version: &str, name: &str) -> Value {
        let path = format!(
            "{}/fixtures/{version}/responses/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// WordPress's item without the links the controller adds beside the schema's properties.
    pub fn without_links(mut item: Value) -> Value {
        if let Some(map) = item.as_object_mut() {
            map.remove("_links");
        }
        item
    }

    /// A value as JSON, to compare with what WordPress wrote.
    pub fn json<T: serde::Serialize>(value: &T) -> Value {
        serde_json::to_value(value).expect("serializes")
    }
}

/// The generated item types of a whole site, reached through `visit_items`, and the three checks
/// every recorded item must pass: it reads into its context's type, which writes it back as it
/// came; the full type read from the edit item writes it with `serialize_in`; and the context type
/// converted from that full value writes it too.
pub mod sites {
    use serde::de::DeserializeOwned;
    use serde::Serialize;
    use serde_json::Value;
    use wp_schema_runtime::{Context, InContext, Item, ItemInfo, ItemVisitor};

    type Json = Result<Value, String>;

    /// Every item type of one `routes!` expansion.
    #[derive(Default)]
    pub struct Families {
        families: Vec<Family>,
    }

    /// A context type's checks: read and written back, and converted from the full type.
    struct ContextChecks {
        ctx: Context,
        read: fn(&Value) -> Json,
        from_full: fn(&Value) -> Json,
    }

    /// One item type: its full type's checks and each context type's.
    pub struct Family {
        pub info: &'static ItemInfo,
        read_full: fn(&Value) -> Json,
        full_in: fn(&Value, Context) -> Json,
        contexts: Vec<ContextChecks>,
    }

    impl ItemVisitor for Families {
        fn item<T: Item>(&mut self, info: &'static ItemInfo) {
            self.families.push(Family {
                info,
                read_full: read_as::<T>,
                full_in: full_in::<T>,
                contexts: Vec::new(),
            });
        }

        fn context<T: Item, C>(&mut self, info: &'static ItemInfo, ctx: Context)
        where
            C: Serialize + DeserializeOwned + From<T> + 'static,
        {
            let family = self
                .families
                .iter_mut()
                .find(|f| std::ptr::eq(f.info, info))
                .expect("visit_items gives an item before its context types");
            family.contexts.push(ContextChecks {
                ctx,
                read: read_as::<C>,
                from_full: converted::<T, C>,
            });
        }
    }

    impl Families {
        /// The family whose route documents include `stem` (`wp-v2-posts-id`).
        pub fn for_document(&self, stem: &str) -> Option<&Family> {
            self.families
                .iter()
                .find(|f| f.info.documents.contains(&stem))
        }

        pub fn len(&self) -> usize {
            self.families.len()
        }

        pub fn is_empty(&self) -> bool {
            self.families.is_empty()
        }
    }

    impl Family {
        /// `item`, WordPress's answer in `ctx`, read into that context's type (the full type when
        /// the item has none for it) and written back.
        pub fn read(&self, ctx: Option<Context>, item: &Value) -> Json {
            match self.context(ctx) {
                Some(checks) => (checks.read)(item),
                None => (self.read_full)(item),
            }
        }

        /// The edit item read into the full type and written with `serialize_in(ctx)`.
        pub fn serialize_in(&self, edit: &Value, ctx: Context) -> Json {
            (self.full_in)(edit, ctx)
        }

        /// The edit item read into the full type and converted into `ctx`'s type, written; `None`
        /// when the item has no type for `ctx`.
        pub fn from_full(&self, edit: &Value, ctx: Context) -> Option<Json> {
            self.context(Some(ctx)).map(|checks| (checks.from_full)(edit))
        }

        fn context(&self, ctx: Option<Context>) -> Option<&ContextChecks> {
            self.contexts.iter().find(|checks| Some(checks.ctx) == ctx)
        }
    }

    fn read_as<T: Serialize + DeserializeOwned>(item: &Value) -> Json {
        let value: T = serde_json::from_value(item.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(&value).map_err(|e| e.to_string())
    }

    fn full_in<T: Item>(edit: &Value, ctx: Context) -> Json {
        let full: T = serde_json::from_value(edit.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(InContext::new(&full, ctx)).map_err(|e| e.to_string())
    }

    fn converted<T: Item, C: Serialize + From<T>>(edit: &Value) -> Json {
        let full: T = serde_json::from_value(edit.clone()).map_err(|e| e.to_string())?;
        serde_json::to_value(C::from(full)).map_err(|e| e.to_string())
    }

    /// The places where `written` is not what WordPress `sent`, pointer by pointer; empty when
    /// they are the same JSON (key order aside).
    pub fn differences(written: &Value, sent: &Value) -> Vec<String> {
        let mut out = Vec::new();
        differ("", written, sent, &mut out);
        out
    }

    fn differ(at: &str, written: &Value, sent: &Value, out: &mut Vec<String>) {
        match (written, sent) {
            (Value::Object(w), Value::Object(s)) => {
                for (key, value) in s {
                    match w.get(key) {
                        Some(mine) => differ(&format!("{at}/{key}"), mine, value, out),
                        None => out.push(format!("{at}/{key}: missing, WordPress {value}")),
                    }
                }
                for (key, value) in w {
                    if !s.contains_key(key) {
                        out.push(format!("{at}/{key}: written {value}, WordPress has none"));
                    }
                }
            }
            (Value::Array(w), Value::Array(s)) if w.len() == s.len() => {
                for (i, (mine, theirs)) in w.iter().zip(s).enumerate() {
                    differ(&format!("{at}/{i}"), mine, theirs, out);
                }
            }
            _ if written == sent => {}
            _ => out.push(format!("{at}: written {written}, WordPress {sent}")),
        }
    }
}
