//! Request parameters as WordPress reads them (query strings, form and JSON bodies), then the
//! generated parsers of the media routes on them: no panic on any request, and the typed path
//! (`from_request`) answers what the full path (`from_params`) answers.
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
        let parts = RequestParts {
            method,
            query: &query,
            content_type,
            body,
            ..RequestParts::default()
        };
        let params = Params::from_request(&parts);
        assert_eq!(
            AttachmentListArgs::from_request(&parts),
            AttachmentListArgs::from_params(&params)
        );
        assert_eq!(
            AttachmentCreateArgs::from_request(&parts),
            AttachmentCreateArgs::from_params(&params)
        );
        assert_eq!(
            AttachmentUpdateArgs::from_request(&parts),
            AttachmentUpdateArgs::from_params(&params)
        );
    }
});
