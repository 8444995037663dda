//! The `routes!` macro expanded on real and fixture documents, compiled once and shared by the tests
//! in `tests/tests/`. That this crate builds is itself a test: every expansion type-checks.

/// WordPress 6.9.7's media routes, with their client.
pub mod wp69_media {
    wp_schema_macros::routes! {
        client;
        "../../schemas/wp-6.9/overlay.json",
        "../../schemas/wp-6.9/routes.json",
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

/// A module of the types and parsers `routes!` makes of one fixture document.
macro_rules! fixture {
    ($(#[$doc:meta])* $name:ident, $file:literal) => {
        $(#[$doc])*
        pub mod $name {
            wp_schema_macros::routes!($file);
        }
    };
}

/// Small schemas, each exercising one construct.
pub mod fixtures {
    fixture!(nested_objects, "../fixtures/schemas/nested-objects.json");
    fixture!(
        arrays_of_objects,
        "../fixtures/schemas/arrays-of-objects.json"
    );
    fixture!(
        type_lists_and_enums,
        "../fixtures/schemas/type-lists-and-enums.json"
    );
    fixture!(any_of, "../fixtures/schemas/any-of.json");
    fixture!(
        type_list_unions,
        "../fixtures/schemas/type-list-unions.json"
    );
    fixture!(
        /// Arguments whose schemas take every step of the plan: unique items of lists and
        /// objects, `anyOf` items, `oneOf`, type lists, enums of mixed types, bounds, formats,
        /// closed objects.
        odd_args,
        "../fixtures/schemas/odd-args.json"
    );
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

/// Recorded answers held to the generated types (the checks `tests/tests/whole_core.rs` explains).
pub mod recorded_sites {
    use serde_json::Value;
    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use wp_schema_codegen::recording::{items_of, without_links, Recorded, Recording};
    use wp_schema_codegen::roundtrip::Finding;
    use wp_schema_codegen::{DocumentSource, Model};
    use wp_schema_runtime::items::{differences, ItemTypes};
    use wp_schema_runtime::Context;

    /// A path below the workspace's root.
    pub fn workspace(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path)
    }

    /// The model `wp-schema check` holds answers to, of the documents in `docs`.
    pub fn model(docs: &Path) -> Model {
        let source = DocumentSource::new(docs, docs.display().to_string());
        wp_schema_codegen::model(&[source]).unwrap_or_else(|f| panic!("{:?}", f.errors))
    }

    /// The recordings in `dir`: the folder itself when it is one, else each folder in it that is one
    /// (a version's recordings: one folder per theme).
    pub fn recordings(dir: &Path) -> Vec<(String, Recording)> {
        let mut folders: Vec<PathBuf> = if dir.join("manifest.json").is_file() {
            vec![dir.to_path_buf()]
        } else {
            std::fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .map(|entry| entry.unwrap().path())
                .filter(|path| path.join("manifest.json").is_file())
                .collect()
        };
        folders.sort();
        assert!(!folders.is_empty(), "no recording in {}", dir.display());
        folders
            .into_iter()
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (
                    name,
                    Recording::read(&path).unwrap_or_else(|e| panic!("{e}")),
                )
            })
            .collect()
    }

    /// What checking recordings came to.
    #[derive(Default)]
    pub struct Tally {
        pub items: usize,
        pub paired: usize,
        pub untyped_answers: usize,
        pub failures: Vec<String>,
    }

    impl Tally {
        fn fail(&mut self, at: &str, what: String) {
            self.failures.push(format!("{at}: {what}"));
        }
    }

    /// A request with its context taken out, to find the same request's edit answer.
    fn request_key(recorded: &Recorded) -> (String, String, Option<String>) {
        let query: Vec<&str> = recorded
            .query
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("context="))
            .collect();
        (
            recorded.path.clone(),
            query.join("&"),
            recorded.user.clone(),
        )
    }

    /// Every item of the recordings in `recorded` held to the types generated from `docs` (gathered
    /// in `types`) and to the model of them, as the module says.
    pub fn check(docs: &Path, recorded: &Path, types: &ItemTypes) -> Tally {
        assert!(!types.is_empty());
        let model = model(docs);
        let mut tally = Tally::default();
        let recordings = recordings(recorded);
        for (folder, recording) in &recordings {
            let edits: HashMap<_, &Recorded> = recording
                .responses
                .iter()
                .filter(|r| r.context.as_deref() == Some("edit"))
                .map(|r| (request_key(r), r))
                .collect();
            for recorded in &recording.responses {
                if !(200..300).contains(&recorded.status) {
                    continue;
                }
                let Some(family) = types.for_document(&recorded.document()) else {
                    tally.untyped_answers += 1;
                    continue;
                };
                let model_item = model
                    .item_of_route(&recorded.route)
                    .unwrap_or_else(|| panic!("the model has no item for {}", recorded.route));
                let ctx: Option<Context> = recorded.context.as_deref().map(|c| c.parse().unwrap());
                let edit = match (ctx, &recorded.user) {
                    (Some(Context::View | Context::Embed), Some(_)) => {
                        edits.get(&request_key(recorded)).copied()
                    }
                    _ => None,
                };
                let is_property = |key: &str| family.info.properties.contains(&key);
                let edit_items: HashMap<String, &Value> = edit
                    .map(|e| items_of(&e.body, &is_property).into_iter().collect())
                    .unwrap_or_default();
                for (pointer, item) in items_of(&recorded.body, &is_property) {
                    tally.items += 1;
                    let item = without_links(item);
                    let at = format!(
                        "{folder}/{}#{pointer} ({})",
                        recorded.file,
                        recorded.request()
                    );
                    let read = family
                        .read(ctx, &item)
                        .map(|written| differences(&written, &item));
                    let reads = matches!(&read, Ok(d) if d.is_empty());
                    match read {
                        Err(error) => tally.fail(&at, format!("does not read: {error}")),
                        Ok(found) if !found.is_empty() => {
                            tally.fail(&at, format!("written back otherwise: {}", found.join("; ")))
                        }
                        Ok(_) => {}
                    }
                    let model_says = model.check(&model_item, recorded.context.as_deref(), &item);
                    if model_says.iter().all(Finding::reads) != reads {
                        tally.fail(
                            &at,
                            format!(
                                "the model says {model_says:?}, the generated types read: {reads}"
                            ),
                        );
                    }
                    let (Some(ctx), Some(edit_item)) = (ctx, edit_items.get(&pointer)) else {
                        continue;
                    };
                    let edit_item = as_controller_writes(without_links(edit_item), ctx);
                    let item = instance_numbers_masked(&item);
                    if edit_item.get("id") != item.get("id") {
                        tally.fail(&at, "the edit answer holds another item here".into());
                        continue;
                    }
                    tally.paired += 1;
                    for (check, written) in [
                        ("serialize_in", Some(family.serialize_in(&edit_item, ctx))),
                        ("from_full", family.from_full(&edit_item, ctx)),
                    ] {
                        match written {
                            None => {}
                            Some(Err(error)) => tally.fail(
                                &at,
                                format!("{check}: the edit item does not read: {error}"),
                            ),
                            Some(Ok(written)) => {
                                let found = differences(&written, &item);
                                if !found.is_empty() {
                                    tally.fail(&at, format!("{check}: {}", found.join("; ")));
                                }
                            }
                        }
                    }
                }
            }
        }
        tally
    }

    /// The edit item as the controller writes it in `ctx` (view or embed): a protected post's
    /// rendered content and excerpt emptied; a reusable block's sync status read from the `meta`
    /// that embed leaves out; block instance numbers masked.
    fn as_controller_writes(mut edit: Value, ctx: Context) -> Value {
        if ctx == Context::Embed {
            if let Some(status) = edit.get_mut("wp_pattern_sync_status") {
                *status = Value::String(String::new());
            }
        }
        let protected = edit.pointer("/content/protected") == Some(&Value::Bool(true));
        if protected {
            for pointer in ["/content/rendered", "/excerpt/rendered"] {
                if let Some(rendered) = edit.pointer_mut(pointer) {
                    *rendered = Value::String(String::new());
                }
            }
        }
        instance_numbers_masked(&edit)
    }

    /// `wp-block-gallery-12` → `wp-block-gallery-N` in every string: the number counts the galleries
    /// the request rendered before this one.
    fn instance_numbers_masked(value: &Value) -> Value {
        match value {
            Value::String(text) if text.contains("wp-block-gallery-") => {
                let mut out = String::with_capacity(text.len());
                let mut rest = text.as_str();
                while let Some(at) = rest.find("wp-block-gallery-") {
                    let after = at + "wp-block-gallery-".len();
                    out.push_str(&rest[..after]);
                    let digits = rest[after..].bytes().take_while(u8::is_ascii_digit).count();
                    out.push_str(if digits > 0 { "N" } else { "" });
                    rest = &rest[after + digits..];
                }
                out.push_str(rest);
                Value::String(out)
            }
            Value::Array(list) => Value::Array(list.iter().map(instance_numbers_masked).collect()),
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), instance_numbers_masked(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Fails naming every failure of `tally`; `site` names the recordings in messages.
    pub fn assert_holds(site: &str, tally: Tally, at_least: usize) {
        eprintln!(
            "{site}: {} items checked, {} of them against the edit item; {} answers of \
             routes without an item type",
            tally.items, tally.paired, tally.untyped_answers
        );
        assert!(
            tally.items >= at_least,
            "too few items recorded: {}",
            tally.items
        );
        for failure in &tally.failures {
            eprintln!("{failure}");
        }
        let shown: Vec<&String> = tally.failures.iter().take(60).collect();
        assert!(
            tally.failures.is_empty(),
            "{} failures, the first ones:\n{}",
            tally.failures.len(),
            shown
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }

    /// Every place of `value`, as JSON pointers, the root excepted, at most `limit` of them.
    fn places(value: &Value, at: &str, limit: usize, out: &mut Vec<String>) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (k.replace('~', "~0").replace('/', "~1"), v))
                .collect(),
            Value::Array(list) => list
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (key, child) in children {
            if out.len() >= limit {
                return;
            }
            let pointer = format!("{at}/{key}");
            out.push(pointer.clone());
            places(child, &pointer, limit, out);
        }
    }

    /// The model (`wp-schema check`) and the generated types agree on items that do not hold: the
    /// first item of each admin answer of each route and context, with every place (up to 150 an
    /// item) replaced by a value of each JSON type, or removed.
    pub fn mutations_agree(
        docs: &Path,
        recorded: &Path,
        types: &ItemTypes,
    ) -> (usize, Vec<String>) {
        let model = model(docs);
        let replacements = [
            Value::Null,
            Value::Bool(true),
            serde_json::json!(7),
            serde_json::json!(1.5),
            serde_json::json!(u64::MAX),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({}),
            serde_json::json!([1]),
            serde_json::json!({"k": 1}),
        ];
        let (mut cases, mut disagreements) = (0, Vec::new());
        let mut seen = std::collections::HashSet::new();
        let (_, recording) = &recordings(recorded)[0];
        for recorded in &recording.responses {
            let key = (recorded.route.clone(), recorded.context.clone());
            if recorded.user.is_none()
                || !(200..300).contains(&recorded.status)
                || !seen.insert(key)
            {
                continue;
            }
            let Some(family) = types.for_document(&recorded.document()) else {
                continue;
            };
            let model_item = model.item_of_route(&recorded.route).unwrap();
            let is_property = |key: &str| family.info.properties.contains(&key);
            let Some((_, first)) = items_of(&recorded.body, &is_property).into_iter().next() else {
                continue;
            };
            let item = without_links(first);
            let ctx: Option<Context> = recorded.context.as_deref().map(|c| c.parse().unwrap());
            let mut pointers = Vec::new();
            places(&item, "", 150, &mut pointers);
            for pointer in &pointers {
                let (parent, key) = pointer.rsplit_once('/').unwrap();
                let mut variants: Vec<Value> = replacements
                    .iter()
                    .map(|replacement| {
                        let mut mutated = item.clone();
                        *mutated.pointer_mut(pointer).unwrap() = replacement.clone();
                        mutated
                    })
                    .collect();
                let mut removed = item.clone();
                if let Some(Value::Object(map)) = removed.pointer_mut(parent) {
                    map.shift_remove(&key.replace("~1", "/").replace("~0", "~"));
                    variants.push(removed);
                }
                for mutated in variants {
                    cases += 1;
                    let reads = matches!(family.read(ctx, &mutated), Ok(w) if differences(&w, &mutated).is_empty());
                    let model_reads = model
                        .check(&model_item, recorded.context.as_deref(), &mutated)
                        .iter()
                        .all(Finding::reads);
                    if reads != model_reads {
                        disagreements.push(format!(
                            "{} {pointer} = {}: the generated types read it: {reads}, the model: {model_reads}",
                            recorded.request(),
                            mutated.pointer(pointer).map_or("(removed)".into(), Value::to_string)
                        ));
                    }
                }
            }
        }
        (cases, disagreements)
    }
}

/// Every recorded request of `$recordings` (as [`recorded_sites::recordings`] reads them) sent
/// again through the client that `routes! { client; … }` generated in module `$module`
/// (`read_route`, as admin or as visitor as recorded). `$connect(responses)` gives the untyped
/// clients underneath, the admin's and the visitor's: over a [`client_routes::Replay`] of the
/// recordings, which refuses a request for any other path, query or login, or over the network
/// to the live site. Gives `(requests sent, failures)`.
#[macro_export]
macro_rules! read_through_client {
    ($module:ident, $recordings:expr, $connect:expr) => {{
        use $crate::client_routes::{block_on, read_all};
        let mut sent = 0;
        let mut failures = Vec::new();
        for (name, recording) in $recordings {
            let responses = &recording.responses;
            let (admin, visitor) = $connect(responses);
            let (admin, visitor) = ($module::Client::new(admin), $module::Client::new(visitor));
            let (count, failed) = block_on(read_all(responses, |r, variables, query| {
                let reader = if r.user.is_some() { &admin } else { &visitor };
                Box::pin(async move {
                    reader
                        .read_route(&r.route, &variables, &query, r.context.as_deref())
                        .await
                })
            }));
            sent += count;
            failures.extend(failed.into_iter().map(|f| format!("{name}: {f}")));
        }
        (sent, failures)
    }};
}

/// The recording that environment variable `$recorded_var` names, made just before from the live
/// site that `WP_SCHEMA_LIVE_ENV` names, sent to that site again through the generated client of
/// the version the recording names (`$m69` for 6.9, `$m61` for 6.1): every answer must read into
/// its type with the status recorded. Without both variables it says so and does nothing
/// (`scripts/client-live.sh` sets them).
#[macro_export]
macro_rules! read_live_recording {
    ($recorded_var:literal, $m69:ident, $m61:ident, $what:literal, $at_least:expr) => {{
        let (Some(env_file), Some(recorded)) = (
            std::env::var_os("WP_SCHEMA_LIVE_ENV"),
            std::env::var_os($recorded_var),
        ) else {
            eprintln!(
                "not asked for: {} names no recording (scripts/client-live.sh records a live \
                 site and runs this)",
                $recorded_var
            );
            return;
        };
        let (env_file, recorded) = (
            std::path::PathBuf::from(env_file),
            std::path::PathBuf::from(recorded),
        );
        let recordings = $crate::recorded_sites::recordings(&recorded);
        let version = recordings[0]
            .1
            .wordpress_version
            .clone()
            .unwrap_or_default();
        let outcome = if version.starts_with("6.9") {
            $crate::live_through!($m69, &recordings, &env_file)
        } else if version.starts_with("6.1") {
            $crate::live_through!($m61, &recordings, &env_file)
        } else {
            panic!("no generated client for WordPress {version:?}")
        };
        let site = format!("{} on live WordPress {version}", $what);
        $crate::client_routes::assert_all_read(&site, outcome, $at_least);
    }};
}

/// [`read_through_client!`] against a replay of the recordings.
#[macro_export]
macro_rules! replay_through {
    ($module:ident, $recorded:expr) => {
        $crate::read_through_client!(
            $module,
            &$crate::recorded_sites::recordings($recorded),
            $crate::client_routes::replay
        )
    };
}

/// [`read_through_client!`] on recordings already read, against the live site of the env file
/// `$env_file` (as `start-wp.sh` writes it), found by discovery.
#[macro_export]
macro_rules! live_through {
    ($module:ident, $recordings:expr, $env_file:expr) => {{
        let site = $crate::client_routes::LiveSite::read($env_file);
        $crate::read_through_client!($module, $recordings, |_: &[_]| (
            site.client(true),
            site.client(false)
        ))
    }};
}

/// Recorded requests sent again through a generated client (`routes! { client; … }`), against the
/// recordings themselves or against a live site: `whole_core.rs` and `plugins.rs` run them.
pub mod client_routes {
    use std::collections::HashMap;
    use std::future::Future;
    use std::path::Path;
    use std::sync::Arc;
    use wp_schema_client::{
        AppPassword, BoxError, BoxFuture, Client, Error, Retry, Root, Transport,
    };
    use wp_schema_codegen::recording::Recorded;

    /// A transport that answers each request with what WordPress answered to the same path, query
    /// and login when it was recorded, and refuses any other request.
    #[derive(Clone)]
    pub struct Replay {
        answers: Arc<HashMap<Asked, (u16, Vec<u8>)>>,
    }

    /// A request as the replay tells requests apart: path, query arguments (sorted) and whether
    /// it was the admin's.
    type Asked = (String, Vec<(String, String)>, bool);

    impl Replay {
        pub fn new(recorded: &[Recorded]) -> Replay {
            let answers = recorded
                .iter()
                .map(|r| {
                    let key = (r.path.clone(), query_pairs(&r.query), r.user.is_some());
                    (key, (r.status, serde_json::to_vec(&r.body).unwrap()))
                })
                .collect();
            Replay {
                answers: Arc::new(answers),
            }
        }
    }

    impl Transport for Replay {
        fn send(
            &self,
            request: http::Request<Vec<u8>>,
        ) -> BoxFuture<'_, Result<http::Response<Vec<u8>>, BoxError>> {
            let uri = request.uri().clone();
            let path = uri.path().strip_prefix("/wp-json").unwrap_or(uri.path());
            let path = decode(path);
            let admin = request.headers().contains_key(http::header::AUTHORIZATION);
            let key = (path, query_pairs(uri.query().unwrap_or("")), admin);
            let answer = self.answers.get(&key).cloned();
            Box::pin(async move {
                let (status, body) = answer.ok_or_else(|| format!("not recorded: {key:?}"))?;
                Ok(http::Response::builder()
                    .status(status)
                    .header("content-type", "application/json; charset=UTF-8")
                    .body(body)?)
            })
        }
    }

    fn decode(text: &str) -> String {
        percent_encoding::percent_decode_str(text)
            .decode_utf8_lossy()
            .into_owned()
    }

    /// A query's arguments, decoded and sorted: the client may order or encode them otherwise.
    fn query_pairs(query: &str) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = split_query(query)
            .map(|(name, value)| {
                (
                    decode(&name.replace('+', " ")),
                    decode(&value.replace('+', " ")),
                )
            })
            .collect();
        pairs.sort();
        pairs
    }

    /// A query's `name=value` pairs as written.
    fn split_query(query: &str) -> impl Iterator<Item = (&str, &str)> {
        query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
    }

    /// Clients answered by one [`Replay`] of `responses`: the admin's and a visitor's.
    pub fn replay(responses: &[Recorded]) -> (Client, Client) {
        let replay = Replay::new(responses);
        let root = Root::parse("http://wordpress.test/wp-json/").expect("a REST root");
        let builder = || Client::builder().retry(Retry::none());
        let admin = builder()
            .transport(replay.clone())
            .auth(AppPassword::new("admin", "replayed"))
            .build(root.clone());
        let visitor = builder().transport(replay).build(root);
        (admin.expect("a client"), visitor.expect("a client"))
    }

    /// A route's pattern as WordPress matches paths with it.
    fn route_regex(route: &str) -> fancy_regex::Regex {
        fancy_regex::Regex::new(&format!("(?i)^{route}$"))
            .unwrap_or_else(|e| panic!("{route}: {e}"))
    }

    /// The values of the path variables of `route` (compiled as `pattern`) in `path`, in order.
    fn variables<'a>(pattern: &fancy_regex::Regex, route: &str, path: &'a str) -> Vec<&'a str> {
        let captures = pattern
            .captures(path)
            .unwrap()
            .unwrap_or_else(|| panic!("{path} is not a path of {route}"));
        (1..captures.len())
            .filter_map(|i| {
                let name = pattern.capture_names().nth(i).flatten()?;
                captures.name(name).map(|m| m.as_str())
            })
            .collect()
    }

    /// Sends every recorded request through `read` (a generated client's `read_route`, as admin
    /// or as visitor as recorded), with its path variables and query arguments, and returns how
    /// many were sent and one line per request that did not come back as recorded: read into its
    /// type after a 2xx, or WordPress's error with the recorded status.
    pub async fn read_all<'a, F>(recorded: &'a [Recorded], read: F) -> (usize, Vec<String>)
    where
        F: Fn(&'a Recorded, Vec<&'a str>, Vec<(&'a str, &'a str)>) -> ReadFuture<'a>,
    {
        let mut failures = Vec::new();
        // Each route's pattern compiled once, not once per request.
        let mut patterns: HashMap<&str, fancy_regex::Regex> = HashMap::new();
        for r in recorded {
            let pattern = patterns
                .entry(&r.route)
                .or_insert_with(|| route_regex(&r.route));
            let variables = variables(pattern, &r.route, &r.path);
            let what = format!(
                "{} {}?{} ({})",
                r.route,
                r.path,
                r.query,
                r.user.as_deref().unwrap_or("visitor")
            );
            match read(r, variables, split_query(&r.query).collect()).await {
                None => failures.push(format!(
                    "{what}: no GET endpoint of the client has this route"
                )),
                Some(Ok(())) if r.status < 300 => {}
                Some(Ok(())) => failures.push(format!(
                    "{what}: read, where WordPress answered {}",
                    r.status
                )),
                Some(Err(e))
                    if r.status >= 400 && e.status().map(|s| s.as_u16()) == Some(r.status) => {}
                Some(Err(e)) => failures.push(format!("{what}: {e}")),
            }
        }
        (recorded.len(), failures)
    }

    /// What `read_route` gives: `None` for a route the client has no GET endpoint of.
    pub type ReadFuture<'a> = BoxFuture<'a, Option<Result<(), Error>>>;

    /// Fails with every request that did not come back as recorded; `at_least` guards against a
    /// recording folder that lost its requests.
    pub fn assert_all_read(site: &str, (sent, failures): (usize, Vec<String>), at_least: usize) {
        eprintln!("{site}: {sent} recorded requests sent through the client");
        assert!(sent >= at_least, "too few requests: {sent}");
        assert!(
            failures.is_empty(),
            "{} of {sent} requests did not come back as recorded:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// Runs `future` to its end on a runtime of its own.
    pub fn block_on<F: Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(future)
    }

    /// A running WordPress, from the env file `start-wp.sh` writes.
    pub struct LiveSite {
        base: String,
        user: String,
        password: String,
    }

    impl LiveSite {
        pub fn read(env_file: &Path) -> LiveSite {
            let text = std::fs::read_to_string(env_file)
                .unwrap_or_else(|e| panic!("{}: {e}", env_file.display()));
            let get = |key: &str| {
                text.lines()
                    .find_map(|line| line.strip_prefix(&format!("{key}=")))
                    .map(|v| v.trim_matches('\'').to_owned())
                    .unwrap_or_else(|| panic!("{}: no {key}", env_file.display()))
            };
            LiveSite {
                base: get("BASE_URL"),
                user: get("USER"),
                password: get("APP_PASSWORD"),
            }
        }

        /// A client of the site over the default transport, its REST root found by discovery,
        /// as the admin or as a visitor.
        pub fn client(&self, admin: bool) -> Client {
            let mut builder = Client::builder();
            if admin {
                builder = builder.auth(AppPassword::new(&self.user, &self.password));
            }
            block_on(builder.discover(&self.base)).unwrap_or_else(|e| panic!("{}: {e}", self.base))
        }
    }
}
