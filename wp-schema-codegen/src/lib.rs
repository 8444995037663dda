//! The wp-schema engine: WordPress route documents → typed IR → checks → Rust tokens.
//!
//! The macro, the CLI and the tests all call this crate; none of them holds logic of its own.
