//! Names WordPress gives things: uploaded files' names and types, post slugs, and addresses by
//! the site's permalink structure.

pub mod files;
pub mod permalinks;
pub mod slugs;
