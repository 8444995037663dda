//! Images: decoding what was uploaded, the sizes WordPress makes of it, the metadata it reads, and
//! the edits `/edit` makes.

pub mod decode;
pub mod edit;
pub mod image_meta;
pub mod libjpeg;
pub mod libpng;
pub mod magick;
pub mod profiles;
pub mod quantize;
pub mod resample;
pub mod sizes;
