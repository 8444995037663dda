//! Multipart bodies as the server reads them (multer, then PHP's `$_POST` rules for the form fields),
//! and the names of the files in them sanitized as an upload's: no panic, whatever the body, and no
//! sanitized name that could leave the uploads folder.
//! Input: the boundary, a NUL, the body.
#![no_main]

use futures_util::FutureExt;
use libfuzzer_sys::fuzz_target;
use wp_media_server::names::files;
use wp_media_server::server::read_multipart;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let boundary = String::from_utf8_lossy(&data[..split]).into_owned();
    let body = data.get(split + 1..).unwrap_or_default().to_vec();
    let read = read_multipart(body, boundary)
        .now_or_never()
        .expect("a body in memory is read without waiting");
    let Ok((_form, uploaded)) = read else {
        return;
    };
    for file in uploaded {
        let clean = files::sanitize_file_name(&file.file_name, false);
        assert!(
            !clean.contains(['/', '\\', '\0']) && !clean.starts_with('.'),
            "{:?} sanitized to {clean:?}",
            file.file_name
        );
    }
});
