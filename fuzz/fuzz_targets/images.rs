//! Image decoding within the server's limits, and EXIF/IPTC reading, on any bytes: no panic, no
//! allocation past the limits (libFuzzer's -rss_limit_mb catches one), no decoded side past
//! `MAX_DECODED_SIDE`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wp_media_server::media::{image_meta, images};

fuzz_target!(|data: &[u8]| {
    if let Some(img) = images::decode(data) {
        assert!(img.width() <= images::MAX_DECODED_SIDE && img.height() <= images::MAX_DECODED_SIDE);
    }
    let _ = image_meta::read(data);
});
