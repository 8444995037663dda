//! Names WordPress gives things: uploaded files' names and types, and post slugs.

pub mod files;
pub mod slugs;
