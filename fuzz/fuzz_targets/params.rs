//! Request parameters as WordPress reads them (query strings, form and JSON bodies), then the
//! generated parsers of the media routes on them: no panic on any request.
//! Input: one byte choosing the body's type, the query string, a newline, the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wp_media_server::api::media::{AttachmentCreateArgs, AttachmentListArgs, AttachmentUpdateArgs};
use wp_schema_runtime::params::{Params, RequestParts};

fuzz_target!(|data: &[u8]| {
    let Some((&kind, rest)) = data.split_first() else {
        return;
    };
    let split = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
    let query = String::from_utf8_lossy(&rest[..split]);
    let body = rest.get(split + 1..).unwrap_or_default();
    let content_type = match kind % 4 {
        0 => None,
        1 => Some("application/json"),
        2 => Some("application/x-www-form-urlencoded"),
        _ => Some("text/plain"),
    };
    for method in ["GET", "POST"] {
        let params = Params::from_request(&RequestParts {
            method,
            query: &query,
            content_type,
            body,
            ..RequestParts::default()
        });
        let _ = AttachmentListArgs::from_params(&params);
        let _ = AttachmentCreateArgs::from_params(&params);
        let _ = AttachmentUpdateArgs::from_params(&params);
    }
});
