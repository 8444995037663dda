//! `/wp/v2/media`: the attachments controller.

pub mod autop;
pub mod decode;
pub mod files;
pub mod html;
pub mod image_meta;
pub mod images;
pub mod item_cache;
pub mod kses;
pub mod links;
pub mod perms;
pub mod prepare;
pub mod query;
pub mod read;
pub mod render;
pub mod store_file;
pub mod texturize;
pub mod upload;
pub mod write;
