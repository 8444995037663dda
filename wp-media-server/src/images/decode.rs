//! Decoding uploaded pictures within bounds, so that no file can take the server's memory or
//! bring a request down.

use image::error::{DecodingError, ImageFormatHint};
use image::{DynamicImage, ImageError, ImageFormat};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Bounds on one decode: past them an upload is kept as a file without sizes, as WordPress keeps a
/// file its editor cannot open. A few bytes of PNG can claim 100,000 × 100,000 pixels; these
/// bounds keep such a bomb from taking the server's memory.
#[derive(Debug, Clone, Copy)]
pub struct DecodeLimits {
    /// The largest side, in pixels.
    pub max_side: u32,
    /// The most memory the decoder may allocate, in bytes.
    pub max_alloc: u64,
}

/// The bounds the server decodes uploads within.
pub const SERVER_LIMITS: DecodeLimits = DecodeLimits {
    max_side: 16_384,
    max_alloc: 512 * 1024 * 1024,
};

/// Decodes an uploaded picture within [`SERVER_LIMITS`]; `None` when it cannot be decoded or is
/// too large.
pub fn decode(bytes: &[u8]) -> Option<DynamicImage> {
    decode_within(bytes, SERVER_LIMITS).ok()
}

/// Decodes within `bounds`. The fuzz target passes smaller ones than the server's, so that the
/// mutated headers it makes up cannot each fill half a gigabyte.
///
/// A decoder that panics on a file it should have refused is answered like any undecodable file:
/// the upload is kept without sizes instead of failing with a 500. (Under libFuzzer the panic
/// aborts before it unwinds, so the fuzz target still reports it.)
pub fn decode_within(bytes: &[u8], bounds: DecodeLimits) -> image::ImageResult<DynamicImage> {
    if !png_palette_is_whole_colours(bytes) {
        return Err(refused(
            ImageFormat::Png.into(),
            "the palette's length is not a multiple of three",
        ));
    }
    if let Some(img) = decode_jpeg(bytes, bounds) {
        return Ok(img);
    }
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(bounds.max_side);
    limits.max_image_height = Some(bounds.max_side);
    limits.max_alloc = Some(bounds.max_alloc);
    decode_catching_panics(bytes, limits)
}

fn decode_catching_panics(bytes: &[u8], limits: image::Limits) -> image::ImageResult<DynamicImage> {
    let mut reader = image::ImageReader::new(std::io::Cursor::new(bytes)).with_guessed_format()?;
    reader.limits(limits);
    catch_unwind(AssertUnwindSafe(|| reader.decode())).unwrap_or_else(|_| {
        tracing::warn!("the image decoder panicked; the upload is kept without sizes");
        Err(refused(ImageFormatHint::Unknown, "the decoder panicked"))
    })
}

/// A JPEG decoded by libjpeg-turbo (the build mozjpeg carries), the library ImageMagick reads
/// JPEGs with, at its defaults as ImageMagick leaves them (the accurate integer IDCT, smooth
/// chroma upsampling): the sizes then start from WordPress's very pixels, where image's own
/// decoder is a unit off on about one pixel in a hundred. A CMYK or YCCK JPEG comes back as
/// ImageMagick holds it: each ink `QuantumRange` less the sample (Adobe's JPEGs store ink
/// inverted), carried as 8 bits (255 less the sample) in the four channels of an RGBA picture,
/// the last black, not alpha (`sizes::picture_of` reads them so). `None` for anything else,
/// 12-bit JPEGs and pictures past `bounds` included, which image's decoder takes or refuses.
fn decode_jpeg(bytes: &[u8], bounds: DecodeLimits) -> Option<DynamicImage> {
    if !bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return None;
    }
    catch_unwind(AssertUnwindSafe(|| {
        let decompress = mozjpeg::Decompress::new_mem(bytes).ok()?;
        let (width, height) = (decompress.width(), decompress.height());
        let channels: u64 = match decompress.color_space() {
            mozjpeg::ColorSpace::JCS_GRAYSCALE => 1,
            mozjpeg::ColorSpace::JCS_YCbCr | mozjpeg::ColorSpace::JCS_RGB => 3,
            mozjpeg::ColorSpace::JCS_CMYK | mozjpeg::ColorSpace::JCS_YCCK => 4,
            _ => return None,
        };
        // The pixels, and as much again for a progressive file's coefficients.
        let memory = (width as u64) * (height as u64) * channels * 2;
        let side = bounds.max_side as usize;
        if width > side || height > side || memory > bounds.max_alloc {
            return None;
        }
        let (width, height) = (u32::try_from(width).ok()?, u32::try_from(height).ok()?);
        let mut started = match channels {
            1 => decompress.grayscale(),
            3 => decompress.rgb(),
            _ => decompress.to_colorspace(mozjpeg::ColorSpace::JCS_CMYK),
        }
        .ok()?;
        let mut pixels = started.read_scanlines::<u8>().ok()?;
        started.finish().ok()?;
        match channels {
            1 => image::GrayImage::from_raw(width, height, pixels).map(DynamicImage::ImageLuma8),
            3 => image::RgbImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgb8),
            _ => {
                pixels.iter_mut().for_each(|s| *s = 255 - *s);
                image::RgbaImage::from_raw(width, height, pixels).map(DynamicImage::ImageRgba8)
            }
        }
    }))
    .ok()
    .flatten()
}

/// The picture's size as its header gives it, without decoding (`wp_getimagesize`); `None` when
/// the header cannot be read.
pub fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    let size = imagesize::blob_size(bytes).ok()?;
    Some((
        u32::try_from(size.width).ok()?,
        u32::try_from(size.height).ok()?,
    ))
}

fn refused(format: ImageFormatHint, why: &'static str) -> ImageError {
    ImageError::Decoding(DecodingError::new(format, why))
}

/// False for a PNG whose PLTE chunk does not hold whole RGB entries (1 to 256 of them), which
/// libpng refuses and png 0.18.1 panics on. Anything else, PNG or not, is left to the decoder.
fn png_palette_is_whole_colours(bytes: &[u8]) -> bool {
    // The palette comes before the image data, or not at all.
    super::libpng::chunks(bytes)
        .take_while(|(kind, _)| !matches!(*kind, b"IDAT" | b"IEND"))
        .find(|(kind, _)| *kind == b"PLTE")
        .is_none_or(|(_, palette)| {
            palette.len().is_multiple_of(3) && (3..=768).contains(&palette.len())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG that is nothing but a header claiming 100,000 × 100,000 RGB pixels.
    const BOMB: &[u8] = include_bytes!("decode-crashes/png-header-100000x100000.png");

    #[test]
    fn a_picture_claiming_too_many_pixels_is_refused_before_decoding() {
        assert!(matches!(
            decode_within(BOMB, SERVER_LIMITS),
            Err(ImageError::Limits(_))
        ));
        let mut small = Vec::new();
        DynamicImage::new_rgb8(100, 100)
            .write_to(&mut std::io::Cursor::new(&mut small), ImageFormat::Png)
            .unwrap();
        assert!(decode_within(&small, SERVER_LIMITS).is_ok());
    }

    /// Found by the images fuzz target on 2026-12-01 (CRCs made valid afterwards, as the fuzz
    /// build of png skips them): a PLTE chunk of 56 bytes made png 0.18.1 slice past the palette.
    const SHORT_PALETTE: &[u8] = include_bytes!("decode-crashes/png-short-palette.png");

    #[test]
    fn a_palette_that_is_not_whole_colours_is_refused() {
        assert!(!png_palette_is_whole_colours(SHORT_PALETTE));
        assert!(matches!(
            decode_within(SHORT_PALETTE, SERVER_LIMITS),
            Err(ImageError::Decoding(_))
        ));
    }

    /// WordPress 6.9.7 (2026-12-01) kept both files with these sizes and no sub-sizes.
    #[test]
    fn undecodable_pictures_still_have_their_header_size() {
        assert_eq!(dimensions(SHORT_PALETTE), Some((12, 7)));
        assert_eq!(dimensions(BOMB), Some((100_000, 100_000)));
        assert_eq!(dimensions(b"this is not a picture"), None);
    }

    #[test]
    fn a_whole_palette_is_decoded() {
        let indexed = include_bytes!("../../../fuzz/seeds/images/palette.png");
        assert!(png_palette_is_whole_colours(indexed));
        let img = decode(indexed).expect("an indexed PNG decodes");
        assert_eq!((img.width(), img.height()), (12, 7));
    }

    /// The same file past the palette check: png's panic is caught and answered as an error.
    #[test]
    fn a_decoder_panic_is_an_undecodable_file() {
        let result = decode_catching_panics(SHORT_PALETTE, image::Limits::default());
        assert!(matches!(result, Err(ImageError::Decoding(_))));
    }
}
