//! Content-Disposition parsing, file-name sanitizing and the type check on any header and bytes:
//! no panic, and no sanitized name that could leave the uploads folder.
//! Input: the header value, a NUL, the file's first bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wp_media_server::names::files;
use wp_media_server::uploads::upload;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let header = String::from_utf8_lossy(&data[..split]);
    let bytes = data.get(split + 1..).unwrap_or_default();
    let Some(name) = upload::filename_from_disposition(&[&header]) else {
        return;
    };
    for unfiltered_html in [false, true] {
        let clean = files::sanitize_file_name(&name, unfiltered_html);
        assert!(
            !clean.contains(['/', '\\', '\0']) && !clean.starts_with('.'),
            "{name:?} sanitized to {clean:?}"
        );
        let _ = files::check_filetype_and_ext(bytes, &clean, unfiltered_html);
    }
});
