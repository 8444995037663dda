//! Cross-crate tests for wp-schema live in `tests/tests/`; this library holds the helpers they share.
