//! Items' JSON as `prepare::write` writes it, kept until the database next changes.
//!
//! Writing an item reads its meta, parses its stored metadata and renders its HTML: most of a
//! list request (BENCHMARKS.md). What is written depends only on the database and the context,
//! not on who asks (the per-user `_links` are added afterwards), so it can be kept as long as the
//! database is unchanged.

use crate::store::Generation;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use wp_schema_runtime::Context;

/// Past this, the cache starts again empty: about 5,000 image items.
const MAX_BYTES: usize = 16 << 20;

#[derive(Default)]
pub struct ItemCache {
    kept: Mutex<Kept>,
}

/// Items written while the database was at one generation.
#[derive(Default)]
struct Kept {
    generation: Option<Generation>,
    bytes: usize,
    items: HashMap<(i64, Context), Arc<[u8]>>,
}

impl ItemCache {
    /// Item `id`'s JSON in `ctx`, from the cache when it was written at `generation`, else from
    /// `write`. `generation` must be read before anything the item is written from, so that a
    /// change in between leaves the entry under an older generation, where it is never used.
    pub fn get_or_write<E>(
        &self,
        generation: Generation,
        id: i64,
        ctx: Context,
        write: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Arc<[u8]>, E> {
        if let Some(json) = self.kept(generation).items.get(&(id, ctx)) {
            return Ok(Arc::clone(json));
        }
        let json: Arc<[u8]> = write()?.into();
        let mut kept = self.kept(generation);
        if kept.bytes + json.len() > MAX_BYTES {
            kept.items.clear();
            kept.bytes = 0;
        }
        kept.bytes += json.len();
        kept.items.insert((id, ctx), Arc::clone(&json));
        Ok(json)
    }

    /// The kept items, emptied first when the database has changed since they were written.
    fn kept(&self, generation: Generation) -> std::sync::MutexGuard<'_, Kept> {
        let mut kept = self
            .kept
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if kept.generation != Some(generation) {
            *kept = Kept {
                generation: Some(generation),
                ..Kept::default()
            };
        }
        kept
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(text: &str) -> impl FnOnce() -> Result<Vec<u8>, ()> + '_ {
        move || Ok(text.as_bytes().to_vec())
    }

    #[test]
    fn an_item_is_kept_until_the_generation_changes() {
        let cache = ItemCache::default();
        let (first, second) = (Generation::new(1), Generation::new(2));
        let get = |generation, text| cache.get_or_write(generation, 7, Context::View, write(text));
        assert_eq!(&*get(first, "a").unwrap(), b"a");
        assert_eq!(&*get(first, "b").unwrap(), b"a", "kept");
        assert_eq!(&*get(second, "c").unwrap(), b"c", "written again");
        assert_eq!(
            &*get(first, "d").unwrap(),
            b"d",
            "an older generation is not reused"
        );
    }

    #[test]
    fn contexts_are_kept_apart() {
        let cache = ItemCache::default();
        let generation = Generation::new(1);
        cache
            .get_or_write(generation, 7, Context::View, write("view"))
            .unwrap();
        let edit = cache.get_or_write(generation, 7, Context::Edit, write("edit"));
        assert_eq!(&*edit.unwrap(), b"edit");
    }

    #[test]
    fn a_failed_write_keeps_nothing() {
        let cache = ItemCache::default();
        let generation = Generation::new(1);
        let failed = cache.get_or_write(generation, 7, Context::View, || Err::<Vec<u8>, _>("no"));
        assert_eq!(failed.unwrap_err(), "no");
        let written = cache.get_or_write(generation, 7, Context::View, write("ok"));
        assert_eq!(&*written.unwrap(), b"ok");
    }

    #[test]
    fn the_cache_starts_again_when_full() {
        let cache = ItemCache::default();
        let generation = Generation::new(1);
        let big = "x".repeat(MAX_BYTES / 2 + 1);
        cache
            .get_or_write(generation, 1, Context::View, write(&big))
            .unwrap();
        cache
            .get_or_write(generation, 2, Context::View, write(&big))
            .unwrap();
        let kept = cache.kept(generation);
        assert_eq!((kept.items.len(), kept.bytes), (1, big.len()));
    }
}
