//! The server binary's allocator: mimalloc, told to give memory back to the system promptly.
//!
//! The server allocates many small JSON values per request, and glibc's malloc took a quarter of
//! a list request (BENCHMARKS.md). mimalloc's defaults trade memory for speed in two ways that
//! this server does not gain from; an environment variable a user sets (`MIMALLOC_…`) wins.

use std::ffi::c_long;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit` and `mi_option_purge_delay` in mimalloc 3's `mi_option_e`
/// (libmimalloc-sys 0.1.49 names no constants for them).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// - Purge delay 0: mimalloc keeps freed pages for a second before it returns them, and under load
///   they never get that long. Peak RSS was 263 MiB after uploads and 141 MiB after 100-item
///   lists, against 183 and 94 MiB when freed pages go back at once, at the same throughput.
/// - Arena eager commit off: on Linux mimalloc commits its arenas whole, and the kernel then
///   counts pages a thread touched once as resident for good. Peak RSS over the load test's
///   uploads went from 98 to 66 MiB, and two uploads at a time from 67 to 39 MiB, at the same
///   rate.
pub fn tune() {
    set_unless_user_set("MIMALLOC_PURGE_DELAY", MI_OPTION_PURGE_DELAY, 0);
    set_unless_user_set(
        "MIMALLOC_ARENA_EAGER_COMMIT",
        MI_OPTION_ARENA_EAGER_COMMIT,
        0,
    );
}

fn set_unless_user_set(variable: &str, option: libmimalloc_sys::mi_option_t, value: c_long) {
    if std::env::var_os(variable).is_none() {
        // SAFETY: sets one of mimalloc's options, which it reads when it next needs it; no memory
        // is touched.
        unsafe { libmimalloc_sys::mi_option_set(option, value) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(option: libmimalloc_sys::mi_option_t) -> c_long {
        // SAFETY: reads one of mimalloc's options.
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    /// The option numbers are the ones meant: in mimalloc 3's options.c the purge delay is the
    /// only option whose default is 1,000 (ms), and arena eager commit defaults to 2 between two
    /// options that default to 1.
    #[test]
    fn the_options_set_are_the_ones_meant() {
        if std::env::vars_os().any(|(name, _)| name.to_string_lossy().starts_with("MIMALLOC_")) {
            return;
        }
        assert_eq!(option(MI_OPTION_PURGE_DELAY), 1000);
        assert_eq!(
            [3, 4, 5].map(option),
            [1, 2, 1],
            "eager commit's neighbours"
        );
        tune();
        assert_eq!(option(MI_OPTION_PURGE_DELAY), 0);
        assert_eq!(option(MI_OPTION_ARENA_EAGER_COMMIT), 0);
    }
}
