//! Reading the uploaded file from a request: a raw body with its headers (`upload_from_data`) or
//! a multipart `file` field (`upload_from_file`), with WordPress's checks and errors in order.

use crate::request::RestRequest;
use md5::{Digest, Md5};
use serde_json::json;
use wp_schema_runtime::WpError;

/// A file as the request carried it, before WordPress's type checks.
pub struct Incoming {
    pub name: String,
    pub bytes: Vec<u8>,
    /// Multipart uploads title the attachment after the name as uploaded.
    pub from_form: bool,
}

fn error(code: &'static str, message: &str, status: u16) -> WpError {
    WpError::new(code, message).with_data(json!({ "status": status }))
}

pub fn incoming(req: &RestRequest) -> Result<Incoming, WpError> {
    match &req.multipart {
        Some((_, files)) if !files.is_empty() => from_form(req, files),
        _ => from_body(req),
    }
}

fn from_form(
    req: &RestRequest,
    files: &[crate::request::UploadedFile],
) -> Result<Incoming, WpError> {
    let Some(file) = files.iter().find(|f| f.field == "file") else {
        // WordPress reads the `file` field whatever the form sent: without it, the hash of no
        // file matches no `Content-MD5`, and no file passes the upload test (6.9.7, a form whose
        // file field is named `upload`).
        let md5_given = req.header("content-md5").is_some_and(|v| !v.is_empty());
        return Err(match md5_given {
            true => error(
                "rest_upload_hash_mismatch",
                "Content hash did not match expected.",
                412,
            ),
            false => error(
                "rest_upload_unknown_error",
                "Specified file failed upload test.",
                500,
            ),
        });
    };
    check_md5(req, &file.bytes)?;
    Ok(Incoming {
        name: file.file_name.clone(),
        bytes: file.bytes.clone(),
        from_form: true,
    })
}

fn from_body(req: &RestRequest) -> Result<Incoming, WpError> {
    if req.body.is_empty() {
        return Err(error("rest_upload_no_data", "No data supplied.", 400));
    }
    if req.header("content-type").is_none_or(str::is_empty) {
        return Err(error(
            "rest_upload_no_content_type",
            "No Content-Type supplied.",
            400,
        ));
    }
    let values = req.header_values("content-disposition");
    let dispositions: Vec<&str> = values.iter().map(|v| v.as_ref()).collect();
    if dispositions.iter().all(|d| d.is_empty()) {
        return Err(error(
            "rest_upload_no_content_disposition",
            "No Content-Disposition supplied.",
            400,
        ));
    }
    let Some(name) = filename_from_disposition(&dispositions) else {
        return Err(error(
            "rest_upload_invalid_disposition",
            "Invalid Content-Disposition supplied. Content-Disposition needs to be formatted as `attachment; filename=\"image.png\"` or similar.",
            400,
        ));
    };
    check_md5(req, &req.body)?;
    Ok(Incoming {
        name,
        bytes: req.body.clone(),
        from_form: false,
    })
}

fn check_md5(req: &RestRequest, bytes: &[u8]) -> Result<(), WpError> {
    let Some(expected) = req.header("content-md5").filter(|v| !v.is_empty()) else {
        return Ok(());
    };
    let actual: String = Md5::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if expected.trim() != actual {
        return Err(error(
            "rest_upload_hash_mismatch",
            "Content hash did not match expected.",
            412,
        ));
    }
    Ok(())
}

/// `get_filename_from_disposition`: the last non-empty `filename` parameter, quotes removed.
pub fn filename_from_disposition(values: &[&str]) -> Option<String> {
    let mut found = None;
    for value in values {
        let Some((_, params)) = value.trim().split_once(';') else {
            continue;
        };
        for param in params.split(';') {
            let Some((key, v)) = param.split_once('=') else {
                continue;
            };
            if key.trim() != "filename" {
                continue;
            }
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .unwrap_or(v);
            if !v.is_empty() {
                found = Some(v.to_owned());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disposition_file_names() {
        assert_eq!(
            filename_from_disposition(&["attachment; filename=\"a.png\""]),
            Some("a.png".into())
        );
        assert_eq!(
            filename_from_disposition(&["inline; filename=b.png"]),
            Some("b.png".into())
        );
        assert_eq!(filename_from_disposition(&["attachment"]), None);
        assert_eq!(
            filename_from_disposition(&["attachment; filename*=UTF-8''c.png"]),
            None
        );
        assert_eq!(
            filename_from_disposition(&["a; filename=x.png", "a; filename=y.png"]),
            Some("y.png".into())
        );
    }
}
