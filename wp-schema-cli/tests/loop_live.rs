//! A user's loop on a real WordPress with plugins: `pull --all`, `check --live` (writing the
//! overlay), `check --live` again (nothing left to report), `generate`, compile the generated file
//! in a crate of its own, and read every recorded answer with it.
//!
//! It runs when `WP_SCHEMA_LIVE_ENV` names the env file `start-wp.sh` writes (`scripts/test.sh`
//! starts Debian's WordPress 6.1.9 for it where it can), and says SKIPPED otherwise. The test
//! installs the project's test plugin with `scripts/seed-plugins.py` (and Simple History from the
//! checkout `WP_SCHEMA_SIMPLE_HISTORY` names, on WordPress 6.3 and later) and switches them off at
//! its end.

mod support;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use support::{assert_contains, generate, live_env, pull_live_site, wp_schema_raw as wp_schema};

/// Runs `wp-schema check` and returns its exit code, with its output in the panic message when it
/// is not one of `expected`.
fn check(args: &[&str], expected: &[i32]) -> i32 {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let output = wp_schema(&all);
    let code = output.status.code().unwrap_or(-1);
    assert!(
        expected.contains(&code),
        "check exited {code}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    code
}

/// The program the generated file is compiled into: it reads a recording with the generated
/// types, by the route document of each answer, and fails naming every item that does not read or
/// is not written back as it came.
const READER: &str = r#"
mod site {
    include!("site.rs");
}

use wp_schema_codegen::recording::{items_of, without_links, Recording};
use wp_schema_runtime::items::{differences, ItemTypes};

fn main() {
    let dir = std::env::args().nth(1).expect("the recording's folder");
    let recording = Recording::read(std::path::Path::new(&dir)).expect("a recording");
    let types = ItemTypes::of(site::visit_items);
    let (mut items, mut failures) = (0, 0);
    for answer in recording.responses.iter().filter(|a| (200..300).contains(&a.status)) {
        let Some(item_type) = types.for_document(&answer.document()) else {
            continue;
        };
        let ctx = answer.context.as_deref().and_then(|c| c.parse().ok());
        let is_property = |key: &str| item_type.info.properties.contains(&key);
        for (pointer, item) in items_of(&answer.body, &is_property) {
            items += 1;
            let item = without_links(item);
            let found = match item_type.read(ctx, &item) {
                Ok(written) => differences(&written, &item),
                Err(error) => vec![error],
            };
            if !found.is_empty() {
                failures += 1;
                eprintln!("{}#{pointer}: {}", answer.file, found.join("; "));
            }
        }
    }
    println!("{items} items read, {failures} not as they came");
    std::process::exit(if failures == 0 && items > 0 { 0 } else { 1 });
}
"#;

/// A crate of its own around the generated file, built with the workspace's locked dependency
/// versions, offline, into the workspace's target folder (whose compiled dependencies it shares).
fn build_reader(dir: &Path, generated: &Path) -> std::path::PathBuf {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace.canonicalize().unwrap();
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::copy(generated, dir.join("src/site.rs")).unwrap();
    std::fs::write(dir.join("src/main.rs"), READER).unwrap();
    std::fs::copy(workspace.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    let manifest = format!(
        "[package]\nname = \"site-reader\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n\
         [dependencies]\nwp-schema-runtime = {{ path = {runtime:?} }}\n\
         wp-schema-codegen = {{ path = {codegen:?} }}\n\n\
         [profile.dev]\ndebug = \"line-tables-only\"\n\n[workspace]\n",
        runtime = workspace.join("wp-schema-runtime"),
        codegen = workspace.join("wp-schema-codegen"),
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    let target = workspace.join("target");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    assert!(
        build.status.success(),
        "the generated code does not compile:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
    target.join("debug/site-reader")
}

/// Plugins active for the test's length: installed and given content by `scripts/seed-plugins.py`,
/// switched off again when the test ends, however it ends, so that the site's core routes are
/// WordPress's own for the other live tests.
struct ActivePlugins {
    base: String,
    authorization: String,
    plugins: Vec<&'static str>,
}

impl ActivePlugins {
    fn install(env_file: &str, env: &HashMap<String, String>) -> ActivePlugins {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/seed-plugins.py");
        let mut command = Command::new("python3");
        command.arg(&script).arg(env_file);
        let mut plugins = vec!["wp-schema-test-plugin/wp-schema-test-plugin"];
        if let Ok(dir) = std::env::var("WP_SCHEMA_SIMPLE_HISTORY") {
            command.args(["--simple-history", &dir]);
            plugins.push("simple-history/index");
        }
        let seeded = command.output().expect("python3 runs");
        assert!(
            seeded.status.success(),
            "scripts/seed-plugins.py failed:\n{}",
            String::from_utf8_lossy(&seeded.stderr)
        );
        let pair = format!("{}:{}", env["USER"], env["APP_PASSWORD"]);
        ActivePlugins {
            base: env["BASE_URL"].clone(),
            authorization: format!("Basic {}", STANDARD.encode(pair)),
            plugins,
        }
    }
}

impl Drop for ActivePlugins {
    fn drop(&mut self) {
        for plugin in &self.plugins {
            let url = format!("{}/wp-json/wp/v2/plugins/{plugin}", self.base);
            let switched_off = ureq::post(&url)
                .set("Authorization", &self.authorization)
                .set("Content-Type", "application/json")
                .send_string(r#"{"status":"inactive"}"#);
            if let Err(e) = switched_off {
                eprintln!("could not switch {plugin} off again: {e}");
            }
        }
    }
}

#[test]
fn pull_check_generate_compile_and_read_a_site_with_plugins() {
    let Some((env_file, env)) = live_env("no WordPress to check") else {
        return;
    };
    let _plugins = ActivePlugins::install(&env_file, &env);
    let (base, user, password) = (&env["BASE_URL"], &env["USER"], &env["APP_PASSWORD"]);
    let out = tempfile::tempdir().unwrap();
    let docs = out.path().join("schemas");
    let docs = docs.to_str().unwrap();
    let recorded = out.path().join("recorded");
    let recorded = recorded.to_str().unwrap();
    let overlay = format!("{docs}/overlay.json");

    pull_live_site(&env, docs);
    let live = ["--live", base, "--user", user, "--password", password];
    let mut first = vec![docs];
    first.extend_from_slice(&live);
    first.extend_from_slice(&["--write-overlay", &overlay]);
    check(&first, &[0, 1]);
    // With the overlay check wrote, the site holds; this time the answers are kept.
    let mut second = vec![docs];
    second.extend_from_slice(&live);
    second.extend_from_slice(&["--save", recorded]);
    check(&second, &[0]);

    let generated = out.path().join("site.rs");
    generate(docs, &generated);
    let reader = build_reader(&out.path().join("reader"), &generated);
    let read = Command::new(reader).arg(recorded).output().unwrap();
    let said = String::from_utf8_lossy(&read.stdout);
    eprintln!("the compiled reader: {said}");
    assert!(
        read.status.success(),
        "{said}\n{}",
        String::from_utf8_lossy(&read.stderr)
    );
    assert_contains(&said, " items read, 0 not as they came");
    // The project's test plugin was on the site: its routes were read.
    let manifest = std::fs::read_to_string(out.path().join("recorded/manifest.json")).unwrap();
    assert!(
        manifest.contains("/wpst/v1/notes"),
        "the test plugin's routes were recorded"
    );
}
