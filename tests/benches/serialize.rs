//! Context-filtered serialization of a real attachment (an image with every size and its
//! `image_meta`, recorded from WordPress 6.9.7), and per-context deserialization, against what a
//! user would write instead:
//! - `serialize_in`: the generated per-context serializer;
//! - `serialize_in_php`: the same, written with PHP's `json_encode` escapes (`\/`, `\uXXXX`), as
//!   the server writes its answers;
//! - `derive_full`: `#[derive(Serialize)]` of the same struct, every field written (the floor);
//! - `dynamic_value`: the item held as a `serde_json::Value`, filtered by the schema's `context`
//!   lists (`filter_by_context`), then written — what a schema-interpreting library does.
//!
//! `cargo bench -p wp-schema-tests --bench serialize`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use serde_json::Value;
use wp_schema_runtime::Context;
use wp_schema_tests::wp69_media as media;

fn recorded(name: &str) -> Value {
    let path = format!(
        "{}/fixtures/wp-6.9/responses/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut item: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    item.as_object_mut().unwrap().remove("_links");
    item
}

fn item_schema() -> Value {
    let document: Value = serde_json::from_str(media::WP_V2_MEDIA_DOCUMENT).unwrap();
    document["schema"].clone()
}

fn serialization(c: &mut Criterion) {
    let value = recorded("media-photo-edit");
    let item: media::Attachment = serde_json::from_value(value.clone()).unwrap();
    let schema = item_schema();
    for (name, ctx) in [
        ("view", Context::View),
        ("edit", Context::Edit),
        ("embed", Context::Embed),
    ] {
        let mut group = c.benchmark_group(format!("serialize/{name}"));
        group.bench_function("serialize_in", |b| {
            b.iter(|| serde_json::to_vec(&black_box(&item).serialize_in(ctx)).unwrap())
        });
        group.bench_function("serialize_in_php", |b| {
            b.iter(|| {
                wp_schema_runtime::php_json::to_vec(&black_box(&item).serialize_in(ctx)).unwrap()
            })
        });
        group.bench_function("derive_full", |b| {
            b.iter(|| serde_json::to_vec(black_box(&item)).unwrap())
        });
        group.bench_function("dynamic_value", |b| {
            b.iter(|| {
                let filtered =
                    wp_schema_runtime::filter::filter_by_context(black_box(&value), &schema, name);
                serde_json::to_vec(&filtered).unwrap()
            })
        });
        group.finish();
    }
}

fn deserialization(c: &mut Criterion) {
    let bytes = serde_json::to_vec(&recorded("media-photo-view")).unwrap();
    let mut group = c.benchmark_group("deserialize/view");
    group.bench_function("context_type", |b| {
        b.iter(|| serde_json::from_slice::<media::AttachmentView>(black_box(&bytes)).unwrap())
    });
    group.bench_function("value", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(&bytes)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, serialization, deserialization);
criterion_main!(benches);
