//! Request sequences made from the route documents of WordPress 6.9.7 (`schemas/wp-6.9`): every
//! argument an endpoint lists, with values its schema accepts and values it rejects, the values
//! the overlay's callbacks change (`sanitize_text_field`, `sanitize_key`, `absint`, …), the
//! global parameters, both URL forms, every role and bad credentials, uploads of real and made
//! files, and updates and deletes of what the sequence created.

use crate::case::{Body, Case, Corpus, FilePart, Multipart};
use crate::images::Picture;
use crate::target::BAD_AUTH;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use rand::seq::SliceRandom;
use rand::Rng;
use serde_json::{json, Map, Value};
use std::path::Path;

/// The endpoints the fuzzer calls, read from the route documents.
pub struct Routes {
    list: Map<String, Value>,
    create: Map<String, Value>,
    get: Map<String, Value>,
    update: Map<String, Value>,
    delete: Map<String, Value>,
    post_process: Map<String, Value>,
    edit: Map<String, Value>,
    me: Map<String, Value>,
    /// Every property path of the attachment schema (`title`, `title.raw`, …), for `_fields`.
    fields: Vec<String>,
}

impl Routes {
    /// Reads `wp-v2-media.json`, `wp-v2-media-id.json`, `wp-v2-media-id-post-process.json`,
    /// `wp-v2-media-id-edit.json` and `wp-v2-users-me.json` from `dir`.
    pub fn read(dir: &Path) -> Result<Routes, String> {
        let document = |name: &str| crate::case::read_json::<Value>(&dir.join(name));
        let args = |document: &Value, method: &str| -> Result<Map<String, Value>, String> {
            document["endpoints"]
                .as_array()
                .into_iter()
                .flatten()
                .find(|e| e["methods"].as_array().is_some_and(|m| m[0] == method))
                .and_then(|e| e["args"].as_object().cloned())
                .ok_or_else(|| {
                    format!(
                        "no {method} endpoint in a route document of {}",
                        dir.display()
                    )
                })
        };
        let collection = document("wp-v2-media.json")?;
        let item = document("wp-v2-media-id.json")?;
        let me = document("wp-v2-users-me.json")?;
        let post_process = document("wp-v2-media-id-post-process.json")?;
        let edit = document("wp-v2-media-id-edit.json")?;
        let mut fields = Vec::new();
        property_paths("", &collection["schema"], &mut fields);
        Ok(Routes {
            list: args(&collection, "GET")?,
            create: args(&collection, "POST")?,
            get: args(&item, "GET")?,
            update: args(&item, "POST")?,
            delete: args(&item, "DELETE")?,
            post_process: args(&post_process, "POST")?,
            edit: args(&edit, "POST")?,
            me: args(&me, "GET")?,
            fields,
        })
    }
}

fn property_paths(prefix: &str, schema: &Value, out: &mut Vec<String>) {
    for (name, property) in schema["properties"].as_object().into_iter().flatten() {
        let path = format!("{prefix}{name}");
        out.push(path.clone());
        property_paths(&format!("{path}."), property, out);
    }
}

/// What a sequence has made so far, as WordPress answered: later steps update, read and delete
/// these.
#[derive(Default)]
pub struct State {
    pub created: Vec<i64>,
    /// Titles and file names of what was created, as search terms.
    pub words: Vec<String>,
    /// The addresses of the files answers named (an item's `source_url` and its sizes'), masked:
    /// what `/edit`'s `src` names.
    pub sources: Vec<String>,
}

impl State {
    /// Notes what a step's answer created.
    pub fn observe(&mut self, case: &Case, answer: &Value) {
        if case.method == "POST" && answer["status"] == 201 {
            if let Some(id) = answer["body"]["id"].as_i64() {
                self.created.push(id);
            }
            if let Some(slug) = answer["body"]["slug"].as_str() {
                self.words.push(slug.replace('-', " "));
            }
        }
        let body = &answer["body"];
        let sizes = body["media_details"]["sizes"].as_object();
        let urls = std::iter::once(&body["source_url"]).chain(
            sizes
                .into_iter()
                .flatten()
                .map(|(_, size)| &size["source_url"]),
        );
        for url in urls.filter_map(Value::as_str) {
            if !self.sources.iter().any(|known| known == url) {
                self.sources.push(url.to_owned());
            }
        }
    }
}

/// Ids WordPress 6.9.7 has after install (post 1, page 2, the privacy page 3, a navigation 4), and
/// ids of nothing.
const SEEDED_IDS: &[i64] = &[1, 2, 3, 4];
const MISSING_IDS: &[i64] = &[0, 999, 123456];

pub struct Generator<'a> {
    pub routes: &'a Routes,
    /// The names in the suite's `files/`, with the type each is sent as.
    pub files: Vec<(String, &'static str)>,
}

/// The suite's own files and the types a client would send them as.
pub fn corpus_files(dir: &Path) -> Result<Vec<(String, &'static str)>, String> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let name = entry
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') || name.starts_with("made-") {
            continue;
        }
        let mime = match name.rsplit('.').next().unwrap_or_default() {
            "jpg" | "jpeg" => "image/jpeg",
            "png" => "image/png",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "svg" => "image/svg+xml",
            "txt" => "text/plain",
            "html" => "text/html",
            "php" => "application/x-php",
            _ => "application/octet-stream",
        };
        files.push((name, mime));
    }
    files.sort();
    Ok(files)
}

/// Characters a query value keeps unescaped: what `encodeURIComponent` keeps.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b'!')
    .remove(b'*')
    .remove(b'(')
    .remove(b')')
    .remove(b'\'');

fn encode(s: &str) -> String {
    utf8_percent_encode(s, QUERY_VALUE).to_string()
}

/// A request's parameters before they are written into a URL or a body.
type Params = Vec<(String, Value)>;

/// What a step asks: its name in the sequence, its method and its route.
struct Ask<'a> {
    name: &'a str,
    method: &'a str,
    route: &'a str,
}

impl Generator<'_> {
    /// Step `n` of a sequence, made from what exists: `state` is updated with each answer
    /// before the next step is made.
    pub fn step(&self, rng: &mut impl Rng, state: &State, corpus: &mut Corpus, n: usize) -> Case {
        let kind = rng.gen_range(0..100);
        let mut case = match kind {
            0..=26 => self.list(rng, state),
            27..=38 => self.read(rng, state),
            39..=57 => self.upload(rng, state, corpus),
            58..=71 => self.update(rng, state),
            72..=78 => self.delete(rng, state),
            79..=81 => self.options(rng, state),
            82..=85 => self.me(rng),
            86..=88 => self.post_process(rng, state),
            89..=97 => self.edit(rng, state),
            _ => self.create_without_file(rng, state),
        };
        case.name = format!("s{n:02}-{}", case.name);
        case
    }

    fn auth(&self, rng: &mut impl Rng) -> String {
        match rng.gen_range(0..100) {
            0..=39 => "admin",
            40..=54 => "editor",
            55..=69 => "author",
            70..=79 => "contributor",
            80..=84 => "subscriber",
            85..=94 => "anonymous",
            _ => BAD_AUTH[rng.gen_range(1..BAD_AUTH.len())],
        }
        .to_owned()
    }

    fn id(&self, rng: &mut impl Rng, state: &State) -> Value {
        match rng.gen_range(0..100) {
            0..=69 if !state.created.is_empty() => json!(state.created.choose(rng)),
            0..=79 => json!(SEEDED_IDS.choose(rng)),
            80..=94 => json!(MISSING_IDS.choose(rng)),
            _ => json!(["-1", "abc", "1.5", "05"].choose(rng)),
        }
    }

    fn list(&self, rng: &mut impl Rng, state: &State) -> Case {
        let mut params = self.args(rng, state, &self.routes.list, 0.25);
        self.globals(rng, &mut params, true);
        let method = if rng.gen_bool(0.05) { "HEAD" } else { "GET" };
        self.query_case(
            rng,
            Ask {
                name: "list",
                method,
                route: "/wp/v2/media",
            },
            params,
        )
    }

    fn read(&self, rng: &mut impl Rng, state: &State) -> Case {
        let id = self.id(rng, state);
        let mut params = self.args(rng, state, &self.routes.get, 0.5);
        params.retain(|(name, _)| name != "id");
        self.globals(rng, &mut params, true);
        let method = if rng.gen_bool(0.05) { "HEAD" } else { "GET" };
        let route = format!("/wp/v2/media/{}", plain(&id));
        self.query_case(
            rng,
            Ask {
                name: "get",
                method,
                route: &route,
            },
            params,
        )
    }

    fn me(&self, rng: &mut impl Rng) -> Case {
        let mut params = self.args(rng, &State::default(), &self.routes.me, 0.5);
        self.globals(rng, &mut params, false);
        self.query_case(
            rng,
            Ask {
                name: "me",
                method: "GET",
                route: "/wp/v2/users/me",
            },
            params,
        )
    }

    fn options(&self, rng: &mut impl Rng, state: &State) -> Case {
        let route = if rng.gen_bool(0.5) {
            "/wp/v2/media".to_owned()
        } else {
            format!("/wp/v2/media/{}", plain(&self.id(rng, state)))
        };
        let ask = Ask {
            name: "options",
            method: "OPTIONS",
            route: &route,
        };
        self.query_case(rng, ask, Vec::new())
    }

    fn update(&self, rng: &mut impl Rng, state: &State) -> Case {
        let id = self.id(rng, state);
        let mut params = self.args(rng, state, &self.routes.update, 0.2);
        // An `id` in the body overrides the URL's (seen on 6.1.9 and 6.9.7): rarely.
        if !rng.gen_bool(0.05) {
            params.retain(|(name, _)| name != "id");
        }
        self.globals(rng, &mut params, false);
        let method = ["POST", "PUT", "PATCH"].choose(rng).unwrap();
        let route = format!("/wp/v2/media/{}", plain(&id));
        self.write_case(
            rng,
            Ask {
                name: "update",
                method,
                route: &route,
            },
            params,
        )
    }

    fn delete(&self, rng: &mut impl Rng, state: &State) -> Case {
        let id = self.id(rng, state);
        let mut params = self.args(rng, state, &self.routes.delete, 0.7);
        params.retain(|(name, _)| name != "id");
        if rng.gen_bool(0.6) {
            params.retain(|(name, _)| name != "force");
            params.push(("force".to_owned(), json!(true)));
        }
        self.globals(rng, &mut params, false);
        let route = format!("/wp/v2/media/{}", plain(&id));
        match rng.gen_range(0..10) {
            0 => {
                params.push(("_method".to_owned(), json!("DELETE")));
                self.query_case(
                    rng,
                    Ask {
                        name: "delete-method",
                        method: "POST",
                        route: &route,
                    },
                    params,
                )
            }
            1 => {
                let mut case = self.query_case(
                    rng,
                    Ask {
                        name: "delete-override",
                        method: "POST",
                        route: &route,
                    },
                    params,
                );
                case.headers
                    .insert("X-HTTP-Method-Override".to_owned(), json!("DELETE"));
                case
            }
            _ => self.query_case(
                rng,
                Ask {
                    name: "delete",
                    method: "DELETE",
                    route: &route,
                },
                params,
            ),
        }
    }

    fn post_process(&self, rng: &mut impl Rng, state: &State) -> Case {
        let id = self.id(rng, state);
        let mut params = self.args(rng, state, &self.routes.post_process, 0.3);
        params.retain(|(name, _)| name != "id");
        if rng.gen_bool(0.8) && !params.iter().any(|(name, _)| name == "action") {
            params.push(("action".to_owned(), json!("create-image-subsizes")));
        }
        self.globals(rng, &mut params, true);
        let route = format!("/wp/v2/media/{}/post-process", plain(&id));
        let method = if rng.gen_bool(0.9) { "POST" } else { "GET" };
        self.write_case(
            rng,
            Ask {
                name: "post-process",
                method,
                route: &route,
            },
            params,
        )
    }

    /// An edit: mostly of a file an answer named, by `modifiers` or the older arguments, with
    /// crops, turns and flips around the values ImageMagick's geometry turns on (a crop outside
    /// the picture, negative or zero sizes, angles off the quarter turns).
    fn edit(&self, rng: &mut impl Rng, state: &State) -> Case {
        let id = self.id(rng, state);
        let mut params = self.args(rng, state, &self.routes.edit, 0.15);
        params.retain(|(name, _)| !matches!(name.as_str(), "id" | "src" | "modifiers"));
        let src = match rng.gen_range(0..10) {
            0..=7 if !state.sources.is_empty() => {
                let source = state.sources.choose(rng).expect("not empty").clone();
                // Only the end of `src` is compared with the file: any host will do.
                if rng.gen_bool(0.2) {
                    source.replace("{{site_url}}", "http://example.test")
                } else {
                    source
                }
            }
            0..=8 => "{{site_url}}/wp-content/uploads/{{yyyy/mm}}/nothing.jpg".to_owned(),
            _ => String::new(),
        };
        if !src.is_empty() {
            params.push(("src".to_owned(), json!(src)));
        }
        match rng.gen_range(0..10) {
            0..=5 => {
                let count = rng.gen_range(1..=3);
                let modifiers: Vec<Value> = (0..count).map(|_| modifier(rng)).collect();
                params.push(("modifiers".to_owned(), json!(modifiers)));
            }
            6..=8 => {
                if rng.gen_bool(0.5) {
                    let rotation = [90, 180, 270, 45, 1, 359];
                    params.push(("rotation".to_owned(), json!(rotation.choose(rng))));
                }
                if rng.gen_bool(0.5) {
                    for name in ["x", "y", "width", "height"] {
                        params.push((name.to_owned(), json!(percentage(rng))));
                    }
                }
                if rng.gen_bool(0.3) {
                    let direction = *["horizontal", "vertical"].choose(rng).expect("two");
                    let value = ["1", "0", "true", ""].choose(rng);
                    params.push(("flip".to_owned(), json!({ direction: value })));
                }
            }
            _ => {}
        }
        self.globals(rng, &mut params, true);
        if rng.gen_bool(0.2) {
            let context = ["edit", "embed", "view", "foo", ""].choose(rng);
            params.push(("context".to_owned(), json!(context)));
        }
        // `prepare_item_for_database` reads the post's fields from any parameter, though the
        // route registers none of them.
        if rng.gen_bool(0.25) {
            let fields = self.args(rng, state, &self.routes.update, 0.2);
            params.extend(fields.into_iter().filter(|(name, _)| {
                matches!(
                    name.as_str(),
                    "slug"
                        | "status"
                        | "author"
                        | "date"
                        | "date_gmt"
                        | "comment_status"
                        | "ping_status"
                )
            }));
        }
        let route = format!("/wp/v2/media/{}/edit", plain(&id));
        self.write_case(
            rng,
            Ask {
                name: "edit",
                method: "POST",
                route: &route,
            },
            params,
        )
    }

    fn create_without_file(&self, rng: &mut impl Rng, state: &State) -> Case {
        let params = self.args(rng, state, &self.routes.create, 0.3);
        self.write_case(
            rng,
            Ask {
                name: "create-no-file",
                method: "POST",
                route: "/wp/v2/media",
            },
            params,
        )
    }

    fn upload(&self, rng: &mut impl Rng, state: &State, corpus: &mut Corpus) -> Case {
        let (source, mime) = if rng.gen_bool(0.5) && !self.files.is_empty() {
            let (name, mime) = self.files.choose(rng).unwrap();
            (name.clone(), *mime)
        } else {
            let picture = Picture::random(rng);
            let name = picture.name();
            corpus.add(name.clone(), picture.encode());
            (name, picture.format.mime())
        };
        let client_name = client_file_name(rng, &source);
        let sent_type = match rng.gen_range(0..10) {
            0 => "application/octet-stream",
            1 => "text/plain",
            _ => mime,
        };
        let params = self.args(rng, state, &self.routes.create, 0.15);
        let mut case = if rng.gen_bool(0.6) {
            let mut case = self.query_case(
                rng,
                Ask {
                    name: "upload",
                    method: "POST",
                    route: "/wp/v2/media",
                },
                params,
            );
            case.headers
                .insert("Content-Type".to_owned(), json!(sent_type));
            if rng.gen_bool(0.95) {
                let disposition = match rng.gen_range(0..10) {
                    // A header value is ASCII: other names go as RFC 5987 says.
                    _ if !client_name.is_ascii() => {
                        format!("attachment; filename*=UTF-8''{}", encode(&client_name))
                    }
                    0 => format!("attachment; filename={client_name}"),
                    1 => format!("inline; filename=\"{client_name}\""),
                    _ => format!("attachment; filename=\"{client_name}\""),
                };
                case.headers
                    .insert("Content-Disposition".to_owned(), json!(disposition));
            }
            if rng.gen_bool(0.05) {
                case.headers
                    .insert("Content-MD5".to_owned(), json!("__MD5__"));
            }
            case.body = Some(Body::File(source));
            case
        } else {
            let mut fields = Map::new();
            for (name, value) in params {
                fields.insert(name, json!(plain(&value)));
            }
            Case {
                name: "upload-multipart".to_owned(),
                method: "POST".to_owned(),
                path: "/wp-json/wp/v2/media".to_owned(),
                auth: String::new(),
                headers: Map::new(),
                body: Some(Body::Multipart(Multipart {
                    fields,
                    file: Some(FilePart {
                        field: if rng.gen_bool(0.95) { "file" } else { "upload" }.to_owned(),
                        name: client_name,
                        source,
                        content_type: sent_type.to_owned(),
                    }),
                })),
            }
        };
        // Uploads mostly by those who may upload: the rest are quick refusals.
        case.auth = match rng.gen_range(0..10) {
            0..=5 => "admin".to_owned(),
            6 => "editor".to_owned(),
            7 => "author".to_owned(),
            _ => self.auth(rng),
        };
        case
    }

    /// A random subset of an endpoint's arguments, each with a value its schema accepts or (with
    /// probability `invalid`) one it should reject.
    fn args(
        &self,
        rng: &mut impl Rng,
        state: &State,
        args: &Map<String, Value>,
        invalid: f64,
    ) -> Params {
        let count = match rng.gen_range(0..10) {
            0..=2 => 0,
            3..=7 => 1,
            _ => rng.gen_range(2..=4),
        };
        let mut names: Vec<&String> = args.keys().collect();
        names.shuffle(rng);
        names
            .into_iter()
            .take(count)
            .map(|name| {
                let schema = &args[name];
                let value = if rng.gen_bool(invalid) {
                    invalid_value(rng, schema)
                } else {
                    valid_value(rng, state, name, schema)
                };
                (name.clone(), value)
            })
            .collect()
    }

    /// `context` is an argument; these are the parameters every route takes.
    fn globals(&self, rng: &mut impl Rng, params: &mut Params, embeddable: bool) {
        if rng.gen_bool(0.2) {
            let count = rng.gen_range(1..=4);
            let mut fields: Vec<String> = (0..count)
                .map(|_| match rng.gen_range(0..10) {
                    0 => ["nope", "title.nope", "_links", "_embedded", "", "ID"]
                        .choose(rng)
                        .unwrap()
                        .to_string(),
                    _ => self.routes.fields.choose(rng).unwrap().clone(),
                })
                .collect();
            fields.dedup();
            params.push(("_fields".to_owned(), json!(fields.join(","))));
        }
        if embeddable && rng.gen_bool(0.15) {
            let embed = [
                "1",
                "true",
                "author",
                "wp:attached-to",
                "author,wp:attached-to",
                "up",
                "0",
            ];
            params.push(("_embed".to_owned(), json!(embed.choose(rng))));
        }
        if rng.gen_bool(0.07) {
            params.push(("_envelope".to_owned(), json!(["1", ""].choose(rng))));
        }
        if rng.gen_bool(0.05) {
            params.push((
                "_jsonp".to_owned(),
                json!(["callback", "bad name!"].choose(rng)),
            ));
        }
        if rng.gen_bool(0.03) {
            params.push(("_pretty".to_owned(), json!("1")));
        }
    }

    /// A case whose parameters are all in the URL: `/wp-json/…?…`, or `/?rest_route=…&…`.
    fn query_case(&self, rng: &mut impl Rng, ask: Ask<'_>, params: Params) -> Case {
        let Ask {
            name,
            method,
            route,
        } = ask;
        let query = query_string(rng, &params);
        let path = if rng.gen_bool(0.85) {
            if query.is_empty() {
                format!("/wp-json{route}")
            } else {
                format!("/wp-json{route}?{query}")
            }
        } else if query.is_empty() {
            format!("/?rest_route={route}")
        } else {
            format!("/?rest_route={route}&{query}")
        };
        Case {
            name: name.to_owned(),
            method: method.to_owned(),
            path,
            auth: self.auth(rng),
            headers: Map::new(),
            body: None,
        }
    }

    /// A write: its parameters in a JSON body, a form body or the URL.
    fn write_case(&self, rng: &mut impl Rng, ask: Ask<'_>, params: Params) -> Case {
        let (globals, fields): (Params, Params) = params
            .into_iter()
            .partition(|(name, _)| name.starts_with('_'));
        let mut case = self.query_case(rng, ask, globals);
        match rng.gen_range(0..10) {
            0..=5 => {
                let body: Map<String, Value> = fields.into_iter().collect();
                case.headers
                    .insert("Content-Type".to_owned(), json!("application/json"));
                case.body = Some(Body::Json(Value::Object(body)));
            }
            6..=7 => {
                case.headers.insert(
                    "Content-Type".to_owned(),
                    json!("application/x-www-form-urlencoded"),
                );
                case.body = Some(Body::Text(query_string(rng, &fields)));
            }
            _ => {
                let query = query_string(rng, &fields);
                if !query.is_empty() {
                    let separator = if case.path.contains('?') { '&' } else { '?' };
                    case.path = format!("{}{separator}{query}", case.path);
                }
            }
        }
        case
    }
}

/// One element of `/edit`'s `modifiers`.
fn modifier(rng: &mut impl Rng) -> Value {
    match rng.gen_range(0..3) {
        0 => json!({ "type": "flip", "args": { "flip": {
            "horizontal": rng.gen_bool(0.5),
            "vertical": rng.gen_bool(0.5),
        } } }),
        1 => {
            let angles = [
                90.0, 180.0, 270.0, -90.0, 0.0, 360.0, 450.0, 45.0, -30.5, 10.0,
            ];
            json!({ "type": "rotate", "args": { "angle": angles.choose(rng) } })
        }
        _ => json!({ "type": "crop", "args": {
            "left": percentage(rng),
            "top": percentage(rng),
            "width": percentage(rng),
            "height": percentage(rng),
        } }),
    }
}

/// A percentage of a picture for a crop: mostly inside it, sometimes at or past its edges.
fn percentage(rng: &mut impl Rng) -> f64 {
    match rng.gen_range(0..10) {
        0..=5 => f64::from(rng.gen_range(1..=100)),
        6 => [0.0, 100.0, 99.9, 0.4, 50.5]
            .choose(rng)
            .copied()
            .expect("five"),
        7 => f64::from(rng.gen_range(101..=200)),
        8 => -f64::from(rng.gen_range(1..=50)),
        _ => f64::from(rng.gen_range(0..=1000)) / 10.0,
    }
}

/// A value as a query string writes it.
fn plain(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Bool(true) => "true".to_owned(),
        Value::Bool(false) => "false".to_owned(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Parameters as PHP reads them from a query string: lists as `a,b`, `a[]=x&a[]=y` or
/// `a[0]=x`, objects as `a[key]=x`.
fn query_string(rng: &mut impl Rng, params: &Params) -> String {
    let mut pairs = Vec::new();
    for (name, value) in params {
        match value {
            Value::Array(items) if !items.is_empty() => match rng.gen_range(0..3) {
                0 => {
                    let joined: Vec<String> = items.iter().map(plain).collect();
                    pairs.push(format!("{}={}", encode(name), encode(&joined.join(","))));
                }
                1 => items.iter().for_each(|item| {
                    pairs.push(format!("{}%5B%5D={}", encode(name), encode(&plain(item))))
                }),
                _ => items.iter().enumerate().for_each(|(i, item)| {
                    pairs.push(format!(
                        "{}%5B{i}%5D={}",
                        encode(name),
                        encode(&plain(item))
                    ))
                }),
            },
            Value::Object(map) if !map.is_empty() => {
                for (key, item) in map {
                    pairs.push(format!(
                        "{}%5B{}%5D={}",
                        encode(name),
                        encode(key),
                        encode(&plain(item))
                    ));
                }
            }
            other => pairs.push(format!("{}={}", encode(name), encode(&plain(other)))),
        }
    }
    pairs.join("&")
}

/// A name a client might give the file: its own, another case, spaces, accents, no extension, a
/// second extension.
fn client_file_name(rng: &mut impl Rng, source: &str) -> String {
    let (stem, extension) = source.rsplit_once('.').unwrap_or((source, ""));
    match rng.gen_range(0..12) {
        0 => format!("{} Photo.{}", stem.to_uppercase(), extension.to_uppercase()),
        1 => format!("été à l'eau {stem}.{extension}"),
        2 => stem.to_owned(),
        3 => format!("{stem}.php.{extension}"),
        4 => format!("{stem}.{extension}.txt"),
        5 => format!("  {stem} (1).{extension}"),
        _ => source.to_owned(),
    }
}

/// Strings that WordPress's sanitizers change: markup, octets, whitespace, case, quotes.
const WORDS: &[&str] = &[
    "blue",
    "Blue Box",
    "photo",
    "made",
    "",
    " ",
    "a  b\tc",
    "<b>bold</b> text",
    "<script>alert(1)</script>",
    "line one\nline two",
    "%41%zz",
    "O'Reilly & \"quotes\"",
    "ünïcödé",
    "😀 emoji",
    "UPPER lower",
    "-negated",
    "trailing-",
    "dots.and.more",
    "x",
    "Sample Page",
    "hello-world",
];

const DATES: &[&str] = &[
    "2024-01-02T03:04:05",
    "2020-02-29T12:00:00Z",
    "2030-06-15T08:30:00+02:00",
    "1999-12-31T23:59:59",
    "2024-01-02 03:04:05",
    "2024-01-02",
    "2100-01-01T00:00:00",
];

/// A value the schema accepts (after WordPress's coercions); for names the sequence knows about
/// (`post`, `author`, `parent`, `include`, …) mostly ids that exist.
fn valid_value(rng: &mut impl Rng, state: &State, name: &str, schema: &Value) -> Value {
    if let Some(choices) = schema["enum"].as_array() {
        if !choices.is_empty() && rng.gen_bool(0.9) {
            return choices.choose(rng).unwrap().clone();
        }
    }
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec!["string"],
    };
    match *types.choose(rng).unwrap_or(&"string") {
        "integer" | "number" => json!(integer(rng, state, name, schema)),
        "boolean" => [
            json!(true),
            json!(false),
            json!("1"),
            json!("0"),
            json!("false"),
        ]
        .choose(rng)
        .unwrap()
        .clone(),
        "null" => Value::Null,
        "array" => {
            let count = rng.gen_range(1..=3);
            let items = &schema["items"];
            Value::Array(
                (0..count)
                    .map(|_| valid_value(rng, state, name, items))
                    .collect(),
            )
        }
        "object" => {
            let mut object = Map::new();
            if let Some(properties) = schema["properties"].as_object() {
                for (key, property) in properties {
                    if rng.gen_bool(0.5) {
                        object.insert(key.clone(), valid_value(rng, state, key, property));
                    }
                }
            }
            // `title`, `caption` and `description` take a plain string too.
            if object.is_empty() && rng.gen_bool(0.5) {
                return json!(WORDS.choose(rng));
            }
            Value::Object(object)
        }
        _ => json!(string(rng, state, name, schema)),
    }
}

fn integer(rng: &mut impl Rng, state: &State, name: &str, schema: &Value) -> i64 {
    let minimum = schema["minimum"].as_i64();
    let maximum = schema["maximum"].as_i64();
    let ids = matches!(
        name,
        "post"
            | "author"
            | "parent"
            | "include"
            | "exclude"
            | "featured_media"
            | "author_exclude"
            | "parent_exclude"
            | "id"
    );
    let value = if ids {
        match rng.gen_range(0..10) {
            0..=5 if !state.created.is_empty() => *state.created.choose(rng).unwrap(),
            0..=7 => *[1, 2, 3, 4, 5].choose(rng).unwrap(),
            _ => *[0, 999].choose(rng).unwrap(),
        }
    } else {
        *[0, 1, 2, 3, 5, 10, 100].choose(rng).unwrap()
    };
    let value = minimum.map_or(value, |m| value.max(m));
    maximum.map_or(value, |m| value.min(m))
}

fn string(rng: &mut impl Rng, state: &State, name: &str, schema: &Value) -> String {
    if schema["format"] == "date-time" {
        return DATES.choose(rng).unwrap().to_string();
    }
    match name {
        "mime_type" => ["image/png", "image/jpeg", "image", "text/plain", "image/*"]
            .choose(rng)
            .unwrap()
            .to_string(),
        "status" => ["inherit", "publish", "private", "trash", "draft"]
            .choose(rng)
            .unwrap()
            .to_string(),
        "slug" if !state.words.is_empty() && rng.gen_bool(0.5) => {
            state.words.choose(rng).unwrap().replace(' ', "-")
        }
        "template" => ["", "default", "nope.php"].choose(rng).unwrap().to_string(),
        _ if !state.words.is_empty() && rng.gen_bool(0.3) => {
            state.words.choose(rng).unwrap().clone()
        }
        _ => WORDS.choose(rng).unwrap().to_string(),
    }
}

/// A value the schema rejects, or one at the edge of what its sanitizer turns into something
/// else: the wrong type, out of bounds, not in the enum, an impossible date.
fn invalid_value(rng: &mut impl Rng, schema: &Value) -> Value {
    let mut choices = vec![json!([]), json!({"a": 1}), json!("1.5"), json!("")];
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if types.contains(&"integer") || types.contains(&"number") {
        choices.extend([
            json!("abc"),
            json!(1.5),
            json!("-5"),
            json!(true),
            json!("1e3"),
        ]);
        if let Some(min) = schema["minimum"].as_i64() {
            choices.push(json!(min - 1));
        }
        if let Some(max) = schema["maximum"].as_i64() {
            choices.push(json!(max + 1));
        }
    }
    if types.contains(&"boolean") {
        choices.extend([json!("maybe"), json!(2), json!("yes")]);
    }
    if types.contains(&"array") {
        choices.extend([json!(["", "x"]), json!([[1]]), json!("a,,b")]);
        if schema["items"]["type"] == "integer" {
            choices.extend([json!(["x"]), json!("1,a")]);
        }
    }
    if schema["format"] == "date-time" {
        choices.extend([
            json!("2024-13-45T00:00:00"),
            json!("yesterday"),
            json!("2024-01-02T25:00:00"),
        ]);
    }
    if schema.get("enum").is_some() || schema["items"].get("enum").is_some() {
        choices.extend([json!("nope"), json!("VIEW"), json!(" view")]);
    }
    if types.contains(&"object") {
        choices.extend([json!({"raw": ["x"]}), json!({"rendered": "x"}), json!(5)]);
    }
    choices.choose(rng).unwrap().clone()
}
