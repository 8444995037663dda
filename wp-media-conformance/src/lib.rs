//! The server side by side with WordPress 6.9.7.
//!
//! - [`case`]: one request as the conformance suite writes it, and the files it uploads;
//! - [`target`]: where a case is sent (a fresh server in this process, or a live WordPress) and
//!   what comes back;
//! - [`compare`]: what two answers may differ in (the site's address, the run's dates) and where
//!   they differ;
//! - [`generate`]: request sequences made from the media route documents;
//! - [`fuzz`]: the differential fuzzer: sequences sent to both in lockstep, failures shrunk and
//!   written out as conformance sequences.

pub mod case;
pub mod compare;
pub mod fuzz;
pub mod generate;
pub mod images;
pub mod target;
pub mod wordpress;

use std::path::{Path, PathBuf};

/// The conformance suite's folder: `cases.json`, `golden.json`, the lists, `files/` and
/// `sequences/`.
pub fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../wp-media-server/conformance")
        .canonicalize()
        .expect("wp-media-server/conformance")
}
