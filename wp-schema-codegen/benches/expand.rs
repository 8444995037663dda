//! What code generation costs: the time the macro spends expanding documents, before rustc
//! compiles what it wrote.
//! - `media`: WordPress 6.9.7's media routes with their overlay, as a user's `routes!` names them;
//! - `media_formatted`: the same, formatted with prettyplease, as `wp-schema generate` writes it;
//! - `core`: every route of WordPress 6.9.7, from its `?context=help` index.
//!
//! `cargo bench -p wp-schema-codegen --bench expand`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use std::path::PathBuf;
use wp_schema_codegen::{expand, format, DocumentSource, TextMode};

fn source(relative: &str) -> DocumentSource {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(relative);
    DocumentSource::new(path, relative)
}

fn media_sources() -> Vec<DocumentSource> {
    [
        "../schemas/wp-6.9/overlay.json",
        "../schemas/wp-6.9/wp-v2-media.json",
        "../schemas/wp-6.9/wp-v2-media-id.json",
    ]
    .into_iter()
    .map(source)
    .collect()
}

fn core_sources() -> Vec<DocumentSource> {
    vec![
        source("../schemas/wp-6.9/overlay.json"),
        source("../../shared/wordpress/6.9/wp-json-help.json"),
    ]
}

fn expansion(c: &mut Criterion) {
    let media = media_sources();
    let core = core_sources();
    let mut group = c.benchmark_group("expand");
    group.bench_function("media", |b| {
        b.iter(|| expand(black_box(&media), TextMode::Include).unwrap())
    });
    group.bench_function("media_formatted", |b| {
        b.iter(|| format(expand(black_box(&media), TextMode::Inline).unwrap()).unwrap())
    });
    group.sample_size(10);
    group.bench_function("core", |b| {
        b.iter(|| expand(black_box(&core), TextMode::Include).unwrap())
    });
    group.finish();
}

criterion_group!(benches, expansion);
criterion_main!(benches);
