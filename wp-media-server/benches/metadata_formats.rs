//! The cost of keeping attachment metadata in WordPress's format (PHP's serialize, as in
//! `wp_postmeta`) rather than in JSON (the embedded store's `postmeta`): the one part of reading
//! and writing an item that a WordPress table layout in SQLite would change, the rows and their
//! SQL being alike otherwise. The metadata is that of a photo WordPress 6.9.7 made (its
//! `media_details` as recorded, less the addresses WordPress adds to each size).
//!
//! `cargo bench -p wp-media-server --bench metadata_formats`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::Value;
use wp_media_server::store::php;

fn photo_metadata() -> Value {
    let path = format!(
        "{}/../tests/fixtures/wp-6.9/responses/media-photo-edit.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let item: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut metadata = item["media_details"].clone();
    for size in metadata["sizes"].as_object_mut().unwrap().values_mut() {
        size.as_object_mut().unwrap().remove("source_url");
    }
    metadata
}

fn formats(c: &mut Criterion) {
    let metadata = photo_metadata();
    let json = serde_json::to_string(&metadata).unwrap();
    let serialized = php::serialize(&metadata);
    assert_eq!(
        php::unserialize(&serialized).unwrap(),
        metadata,
        "the two forms hold the same metadata"
    );
    let mut group = c.benchmark_group("attachment metadata");
    group.bench_function("read JSON", |b| {
        b.iter(|| serde_json::from_str::<Value>(black_box(&json)).unwrap())
    });
    group.bench_function("read PHP serialize", |b| {
        b.iter(|| php::unserialize(black_box(&serialized)).unwrap())
    });
    group.bench_function("write JSON", |b| {
        b.iter(|| serde_json::to_string(black_box(&metadata)).unwrap())
    });
    group.bench_function("write PHP serialize", |b| {
        b.iter(|| php::serialize(black_box(&metadata)))
    });
    group.finish();
    eprintln!(
        "sizes: JSON {} bytes, PHP serialize {} bytes",
        json.len(),
        serialized.len()
    );
}

criterion_group!(benches, formats);
criterion_main!(benches);
