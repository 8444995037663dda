//! Uploads: the file a request carries, and keeping it with its sizes and metadata.

pub mod audio_video;
pub mod store_file;
pub mod upload;
