//! Images: decoding what was uploaded, the sizes WordPress makes of it, and the metadata it reads.

pub mod decode;
pub mod image_meta;
pub mod sizes;
