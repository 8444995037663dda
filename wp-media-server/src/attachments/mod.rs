//! `/wp/v2/media`: the attachments controller, an action a file (list and get in `read`, create,
//! update and delete in `write`), with the permissions, the collection query, the item as WordPress
//! prepares it, its links and its rendered HTML, and its parent post as `_embed` shows it.

pub mod edit;
pub mod links;
pub mod parent;
pub mod perms;
pub mod players;
pub mod post_process;
pub mod prepare;
pub mod query;
pub mod read;
pub mod render;
pub mod write;
