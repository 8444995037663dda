//! Image decoding within limits, header sizes, and EXIF/IPTC reading, on any bytes: no panic, no allocation
//! past the limits (libFuzzer's -rss_limit_mb catches one), no decoded side past the bound.
//!
//! The decoder runs with bounds smaller than the server's, and the seeds are tiny pictures
//! (`fuzz/seeds/images`): within the server's 512 MiB, every header the fuzzer makes up to claim a
//! big picture is decoded in full, and with photos as seeds the target crawled at 50 executions a
//! second. The code path is the same; that the server's own bounds refuse a bomb is a unit test in
//! `media::decode`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wp_media_server::images::{decode, image_meta};

const FUZZ_LIMITS: decode::DecodeLimits = decode::DecodeLimits {
    max_side: 256,
    max_alloc: 1024 * 1024,
};

fuzz_target!(|data: &[u8]| {
    if let Ok(img) = decode::decode_within(data, FUZZ_LIMITS) {
        assert!(img.width() <= FUZZ_LIMITS.max_side && img.height() <= FUZZ_LIMITS.max_side);
    }
    let _ = decode::dimensions(data);
    let _ = image_meta::read(data);
});
