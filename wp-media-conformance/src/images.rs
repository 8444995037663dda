//! Pictures made for uploads: every format WordPress resizes, at and around each dimension where
//! its behaviour changes (the sub-sizes' widths and heights, the big-image threshold), and JPEGs
//! with each EXIF orientation.

use image::{ImageFormat, Rgb, RgbImage};
use rand::Rng;
use std::io::Cursor;

/// The widths and heights where WordPress 6.9.7's answer changes: the registered sub-sizes
/// (thumbnail 150, medium 300, medium_large 768, large 1024, 1536x1536, 2048x2048) and the
/// big-image threshold (2560), each with its neighbours.
pub const EDGES: &[u32] = &[
    149, 150, 151, 299, 300, 301, 767, 768, 769, 1023, 1024, 1025, 1535, 1536, 1537, 2047, 2048,
    2049, 2559, 2560, 2561, 2562,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Png, Format::Jpeg, Format::Gif, Format::Webp];

    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Gif => "gif",
            Format::Webp => "webp",
        }
    }

    pub fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Gif => "image/gif",
            Format::Webp => "image/webp",
        }
    }
}

/// A picture to make: its name in the corpus says all of it, so a written-out case names the
/// same bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Picture {
    pub format: Format,
    pub width: u32,
    pub height: u32,
    /// The EXIF orientation tag (1-8) of a JPEG; none when 0.
    pub orientation: u16,
}

impl Picture {
    /// Width and height: mostly small (quick on both sides), each often at an edge, one side
    /// large at a time more often than both (WordPress takes seconds for a large picture).
    pub fn random(rng: &mut impl Rng) -> Picture {
        let format = Format::ALL[rng.gen_range(0..Format::ALL.len())];
        let side = |rng: &mut dyn rand::RngCore| match rng.gen_range(0..10) {
            0..=3 => rng.gen_range(1..=40),
            4..=8 => EDGES[rng.gen_range(0..EDGES.len())],
            _ => rng.gen_range(41..=2700),
        };
        let (mut width, mut height) = (side(rng), side(rng));
        if width > 1600 && height > 1600 && rng.gen_bool(0.7) {
            // Both sides large: keep one small most of the time.
            if rng.gen_bool(0.5) {
                width = rng.gen_range(1..=200);
            } else {
                height = rng.gen_range(1..=200);
            }
        }
        let orientation = if format == Format::Jpeg && rng.gen_bool(0.4) {
            rng.gen_range(1..=8)
        } else {
            0
        };
        Picture {
            format,
            width,
            height,
            orientation,
        }
    }

    pub fn name(&self) -> String {
        let orientation = match self.orientation {
            0 => String::new(),
            o => format!("-o{o}"),
        };
        format!(
            "made-{}x{}{orientation}.{}",
            self.width,
            self.height,
            self.format.extension()
        )
    }

    /// The encoded picture: a gradient with a few shapes, so that encoders meet real content
    /// (a flat picture compresses to nothing and hides size differences).
    pub fn encode(&self) -> Vec<u8> {
        let (w, h) = (self.width, self.height);
        let picture = RgbImage::from_fn(w, h, |x, y| {
            let r = (x * 255 / w.max(1)) as u8;
            let g = (y * 255 / h.max(1)) as u8;
            let b = if (x / 37 + y / 23) % 3 == 0 { 200 } else { 40 };
            Rgb([r, g, b])
        });
        let format = match self.format {
            Format::Png => ImageFormat::Png,
            Format::Jpeg => ImageFormat::Jpeg,
            Format::Gif => ImageFormat::Gif,
            Format::Webp => ImageFormat::WebP,
        };
        let mut out = Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(picture)
            .write_to(&mut out, format)
            .expect("encoding a picture in memory");
        let mut bytes = out.into_inner();
        if self.orientation != 0 {
            bytes = with_orientation(&bytes, self.orientation);
        }
        bytes
    }
}

/// A JPEG with an EXIF segment holding only the orientation tag, put right after the start of
/// the image, where cameras write it.
fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    // TIFF header (little-endian), one IFD with one entry: tag 0x0112, type SHORT, count 1.
    let mut tiff = Vec::new();
    tiff.extend(b"II*\0");
    tiff.extend(8u32.to_le_bytes());
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(0x0112u16.to_le_bytes());
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(1u32.to_le_bytes());
    tiff.extend(orientation.to_le_bytes());
    tiff.extend([0, 0]);
    tiff.extend(0u32.to_le_bytes());
    let mut segment = b"Exif\0\0".to_vec();
    segment.extend(tiff);
    let length = (segment.len() + 2) as u16;
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(length.to_be_bytes());
    out.extend(segment);
    out.extend(&jpeg[2..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_made_jpeg_carries_its_orientation() {
        let picture = Picture {
            format: Format::Jpeg,
            width: 30,
            height: 20,
            orientation: 6,
        };
        let bytes = picture.encode();
        let decoded = image::load_from_memory(&bytes).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (30, 20));
        let meta = wp_media_server::images::image_meta::read(&bytes);
        assert_eq!(meta["orientation"], "6");
    }
}
