//! The regeneration round against a real WordPress: `pull --all` from a running site, `diff` of its
//! core routes against the checked-in folder of its version (no change expected), and `generate` on
//! what was pulled.
//!
//! It runs when `WP_SCHEMA_LIVE_ENV` names the env file `start-wp.sh` writes (`scripts/test.sh`
//! starts Debian's WordPress 6.1.9 for it where it can), and says SKIPPED otherwise.

mod support;

use std::path::Path;
use support::{assert_contains, generate, live_env, pull_live_site, wp_schema_raw as wp_schema};

#[test]
fn pull_diff_and_generate_against_a_running_wordpress() {
    let Some((_, env)) = live_env("no WordPress to pull from") else {
        return;
    };
    let version = &env["WP_VERSION"];
    let minor = version
        .rsplit_once('.')
        .map_or(version.as_str(), |(m, _)| m);
    let checked_in = format!("{}/../schemas/wp-{minor}", env!("CARGO_MANIFEST_DIR"));
    assert!(
        Path::new(&checked_in).is_dir(),
        "no {checked_in} for WordPress {version}"
    );
    let out = tempfile::tempdir().unwrap();
    let pulled_dir = out.path().join("schemas");
    let pulled = pulled_dir.to_str().unwrap();

    let stderr = pull_live_site(&env, pulled);
    assert_contains(&stderr, "new, 0 updated, 0 unchanged, 0 removed");

    // The core's routes only: what a plugin adds is no change of WordPress's.
    for entry in std::fs::read_dir(&pulled_dir).unwrap() {
        let path = entry.unwrap().path();
        if !Path::new(&checked_in)
            .join(path.file_name().unwrap())
            .exists()
        {
            std::fs::remove_file(path).unwrap();
        }
    }
    let diff = wp_schema(&["diff", &checked_in, pulled]);
    assert_eq!(
        diff.status.code(),
        Some(0),
        "WordPress {version} differs from {checked_in}:\n{}",
        String::from_utf8_lossy(&diff.stdout)
    );

    let code = out.path().join("routes.rs");
    generate(pulled, &code);
    let code = std::fs::read_to_string(code).unwrap();
    assert!(
        code.contains("pub struct Attachment {"),
        "the media routes are generated"
    );
}
