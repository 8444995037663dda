//! Image sub-sizes: WordPress's registered sizes, its arithmetic for their dimensions, and the
//! files written for them.

use image::{DynamicImage, ImageFormat};
use serde_json::{json, Map, Value};
use std::path::Path;

/// The sizes a fresh install registers, in the order WordPress creates and lists them
/// (`_wp_make_subsizes` puts medium, large, thumbnail and medium_large first).
pub const SIZES: &[(&str, i64, i64, bool)] = &[
    ("medium", 300, 300, false),
    ("large", 1024, 1024, false),
    ("thumbnail", 150, 150, true),
    ("medium_large", 768, 0, false),
    ("1536x1536", 1536, 1536, false),
    ("2048x2048", 2048, 2048, false),
];

/// The sizes in the order WordPress registers them (`get_intermediate_image_sizes`), which is the
/// order lists of them follow; [`SIZES`] is the order they are made in.
pub const REGISTERED_ORDER: [&str; 6] = [
    "thumbnail",
    "medium",
    "medium_large",
    "large",
    "1536x1536",
    "2048x2048",
];

/// The width, height and crop WordPress registers the size `name` with.
pub fn registered(name: &str) -> Option<(i64, i64, bool)> {
    SIZES
        .iter()
        .find(|(n, ..)| *n == name)
        .map(|&(_, w, h, crop)| (w, h, crop))
}

/// Images wider or taller than this get a `-scaled` copy that stands in for the original.
pub const BIG_IMAGE_THRESHOLD: i64 = 2560;

/// `wp_constrain_dimensions`: fit `w`×`h` inside `max_w`×`max_h` (0 = unbounded).
pub fn constrain(w: i64, h: i64, max_w: i64, max_h: i64) -> (i64, i64) {
    if max_w == 0 && max_h == 0 {
        return (w, h);
    }
    let (mut width_ratio, mut height_ratio) = (1.0_f64, 1.0_f64);
    let did_width = max_w > 0 && w > 0 && w > max_w;
    let did_height = max_h > 0 && h > 0 && h > max_h;
    if did_width {
        width_ratio = max_w as f64 / w as f64;
    }
    if did_height {
        height_ratio = max_h as f64 / h as f64;
    }
    let smaller = width_ratio.min(height_ratio);
    let larger = width_ratio.max(height_ratio);
    let ratio = if php_round(w as f64 * larger) > max_w || php_round(h as f64 * larger) > max_h {
        smaller
    } else {
        larger
    };
    let mut new_w = php_round(w as f64 * ratio).max(1);
    let mut new_h = php_round(h as f64 * ratio).max(1);
    if did_width && new_w == max_w - 1 {
        new_w = max_w;
    }
    if did_height && new_h == max_h - 1 {
        new_h = max_h;
    }
    (new_w, new_h)
}

fn php_round(f: f64) -> i64 {
    wp_schema_runtime::php::php_round(f) as i64
}

/// A region of the original to scale to `width`×`height`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Resize {
    pub src_x: i64,
    pub src_y: i64,
    pub src_w: i64,
    pub src_h: i64,
    pub width: i64,
    pub height: i64,
}

/// `image_resize_dimensions`: `None` when the size would not be smaller than the original.
pub fn resize_dimensions(w: i64, h: i64, dest_w: i64, dest_h: i64, crop: bool) -> Option<Resize> {
    if w <= 0 || h <= 0 || (dest_w <= 0 && dest_h <= 0) {
        return None;
    }
    let too_small = if dest_h == 0 {
        w < dest_w
    } else if dest_w == 0 {
        h < dest_h
    } else {
        w < dest_w && h < dest_h
    };
    if too_small {
        return None;
    }
    let resize = if crop {
        let aspect = w as f64 / h as f64;
        let mut new_w = dest_w.min(w);
        let mut new_h = dest_h.min(h);
        if new_w == 0 {
            new_w = php_round(new_h as f64 * aspect);
        }
        if new_h == 0 {
            new_h = php_round(new_w as f64 / aspect);
        }
        let size_ratio = (new_w as f64 / w as f64).max(new_h as f64 / h as f64);
        let crop_w = php_round(new_w as f64 / size_ratio);
        let crop_h = php_round(new_h as f64 / size_ratio);
        Resize {
            src_x: (w - crop_w) / 2,
            src_y: (h - crop_h) / 2,
            src_w: crop_w,
            src_h: crop_h,
            width: new_w,
            height: new_h,
        }
    } else {
        let (new_w, new_h) = constrain(w, h, dest_w, dest_h);
        Resize {
            src_x: 0,
            src_y: 0,
            src_w: w,
            src_h: h,
            width: new_w,
            height: new_h,
        }
    };
    let identical = (resize.width - w).abs() <= 1 && (resize.height - h).abs() <= 1;
    (!identical).then_some(resize)
}

/// Writes a picture WordPress's editor made from `original` (a size, a `-scaled` or `-rotated`
/// copy) with the encoder settings WordPress's editor uses: JPEG quality 82 with optimized
/// Huffman tables, and the original's chroma sampling, which ImageMagick carries from the JPEG it
/// read (6.9.7's sizes of a 4:4:4 upload are 4:4:4; of a 4:2:0 one, 4:2:0). A JPEG keeps the
/// original's EXIF, IPTC, XMP and ICC data, as WordPress's ImageMagick editor keeps them.
pub fn write_made_from(
    img: &DynamicImage,
    format: ImageFormat,
    path: &Path,
    original: &[u8],
) -> image::ImageResult<()> {
    let mut bytes = encode_to_vec(img, format, original)?;
    if format == ImageFormat::Jpeg {
        // Made from the picture turned upright, so its orientation is upright too.
        bytes = super::profiles::keep_jpeg_profiles(original, bytes, true);
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

/// The picture encoded as [`write_made_from`] writes it, without profiles, in memory; a JPEG
/// takes its chroma sampling from `original` when that is a JPEG, else 4:2:0.
pub fn encode_to_vec(
    img: &DynamicImage,
    format: ImageFormat,
    original: &[u8],
) -> image::ImageResult<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let sampling = super::profiles::chroma_sampling(original).unwrap_or(FOUR_TWO_ZERO);
    write_encoded(img, format, sampling, &mut out)?;
    Ok(out.into_inner())
}

/// ImageMagick's sampling below quality 90 when the picture it writes came from no JPEG: each
/// chroma sample stands for 2×2 pixels.
const FOUR_TWO_ZERO: super::profiles::Sampling = [(2, 2), (2, 2)];

fn write_encoded(
    img: &DynamicImage,
    format: ImageFormat,
    sampling: super::profiles::Sampling,
    out: &mut (impl std::io::Write + std::io::Seek),
) -> image::ImageResult<()> {
    match format {
        ImageFormat::Jpeg => match img.as_rgb8() {
            Some(rgb) => encode_jpeg(rgb, sampling, out),
            None => encode_jpeg(&img.to_rgb8(), sampling, out),
        },
        ImageFormat::Png => encode_png(img, out),
        ImageFormat::WebP => encode_webp(img, out),
        other => img.write_to(out, other),
    }
}

/// A PNG in the smallest colour type that holds the picture without loss, as ImageMagick chooses
/// for WordPress's sizes: grey when every pixel is grey, a palette (of 1, 2, 4 or 8 bits) when
/// there are at most 256 colours, else RGB or RGBA; zlib's best compression, adaptive filters.
/// (A 3x1024 size of a gradient was 3,011 bytes as plain RGB, 281 from WordPress 6.9.7.)
fn encode_png(img: &DynamicImage, out: &mut impl std::io::Write) -> image::ImageResult<()> {
    let failed = |e: png::EncodingError| {
        image::ImageError::Encoding(image::error::EncodingError::new(ImageFormat::Png.into(), e))
    };
    let rgba = img.to_rgba8();
    let (width, height) = rgba.dimensions();
    let pixels: Vec<[u8; 4]> = rgba.pixels().map(|p| p.0).collect();
    let opaque = pixels.iter().all(|p| p[3] == 255);
    let grey = opaque && pixels.iter().all(|p| p[0] == p[1] && p[1] == p[2]);
    let mut palette: Vec<[u8; 4]> = Vec::new();
    let mut index_of = std::collections::HashMap::new();
    for p in &pixels {
        if index_of.len() > 256 {
            break;
        }
        index_of.entry(*p).or_insert_with(|| {
            palette.push(*p);
            palette.len() - 1
        });
    }
    let (color, depth, data) = if grey {
        let data = pixels.iter().map(|p| p[0]).collect();
        (png::ColorType::Grayscale, png::BitDepth::Eight, data)
    } else if palette.len() <= 256 {
        let bits = match palette.len() {
            0..=2 => 1,
            3..=4 => 2,
            5..=16 => 4,
            _ => 8,
        };
        let indices: Vec<u8> = pixels.iter().map(|p| index_of[p] as u8).collect();
        let depth = match bits {
            1 => png::BitDepth::One,
            2 => png::BitDepth::Two,
            4 => png::BitDepth::Four,
            _ => png::BitDepth::Eight,
        };
        (
            png::ColorType::Indexed,
            depth,
            pack_rows(&indices, width as usize, bits),
        )
    } else if opaque {
        let data = pixels.iter().flat_map(|p| [p[0], p[1], p[2]]).collect();
        (png::ColorType::Rgb, png::BitDepth::Eight, data)
    } else {
        (png::ColorType::Rgba, png::BitDepth::Eight, rgba.into_raw())
    };
    let mut encoder = png::Encoder::new(out, width, height);
    encoder.set_color(color);
    encoder.set_depth(depth);
    encoder.set_compression(png::Compression::High);
    encoder.set_filter(png::Filter::Adaptive);
    if color == png::ColorType::Indexed {
        encoder.set_palette(
            palette
                .iter()
                .flat_map(|p| [p[0], p[1], p[2]])
                .collect::<Vec<u8>>(),
        );
        // Alpha for the entries up to the last that is not opaque.
        let last = palette.iter().rposition(|p| p[3] != 255);
        if let Some(last) = last {
            encoder.set_trns(palette[..=last].iter().map(|p| p[3]).collect::<Vec<u8>>());
        }
    }
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&data).map_err(failed)?;
    writer.finish().map_err(failed)
}

/// Lossy WebP at WordPress's default quality for WebP, 86 (`WP_Image_Editor::get_default_quality`),
/// with an alpha channel only when the picture has transparency.
fn encode_webp(img: &DynamicImage, out: &mut impl std::io::Write) -> image::ImageResult<()> {
    let rgba = img.to_rgba8();
    let (width, height) = rgba.dimensions();
    let encoded = if rgba.pixels().all(|p| p.0[3] == 255) {
        let rgb = img.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), width, height).encode(86.0)
    } else {
        webp::Encoder::from_rgba(rgba.as_raw(), width, height).encode(86.0)
    };
    out.write_all(&encoded)?;
    Ok(())
}

/// Palette indices of `bits` each, packed into bytes row by row (each row starts a byte).
fn pack_rows(indices: &[u8], width: usize, bits: usize) -> Vec<u8> {
    if bits == 8 {
        return indices.to_vec();
    }
    let per_byte = 8 / bits;
    let mut out = Vec::new();
    for row in indices.chunks(width.max(1)) {
        for group in row.chunks(per_byte) {
            let mut byte = 0u8;
            for (i, &index) in group.iter().enumerate() {
                byte |= index << (8 - bits * (i + 1));
            }
            out.push(byte);
        }
    }
    out
}

fn encode_jpeg(
    rgb: &image::RgbImage,
    sampling: super::profiles::Sampling,
    out: &mut impl std::io::Write,
) -> image::ImageResult<()> {
    jpeg_with(rgb, sampling, true).and_then(|bytes| Ok(out.write_all(&bytes)?))
}

/// libjpeg's JPEG of `rgb` at quality 82 and the given chroma sampling, with optimized Huffman
/// tables or the standard ones. mozjpeg with its fastest defaults codes as libjpeg-turbo does, which ImageMagick writes
/// WordPress's JPEGs with: its sizes come within 1% of WordPress 6.9.7's for the same picture,
/// where jpeg-encoder's came 10% under (the same quantized picture, other entropy coding).
fn jpeg_with(
    rgb: &image::RgbImage,
    sampling: super::profiles::Sampling,
    optimize: bool,
) -> image::ImageResult<Vec<u8>> {
    let failed = |message: String| {
        image::ImageError::Encoding(image::error::EncodingError::new(
            ImageFormat::Jpeg.into(),
            message,
        ))
    };
    // JPEG has no room for a side over 65,535 pixels.
    if rgb.width() > 65_535 || rgb.height() > 65_535 {
        return Err(image::ImageError::Limits(
            image::error::LimitError::from_kind(image::error::LimitErrorKind::DimensionError),
        ));
    }
    // libjpeg reports its errors by unwinding out of its error handler.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut compress = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
        compress.set_fastest_defaults();
        compress.set_size(rgb.width() as usize, rgb.height() as usize);
        compress.set_quality(82.0);
        compress.set_optimize_coding(optimize);
        compress.set_chroma_sampling_pixel_sizes(sampling[0], sampling[1]);
        let mut started = compress.start_compress(Vec::new())?;
        started.write_scanlines(rgb.as_raw())?;
        started.finish()
    }))
    .map_err(|panic| failed(panic_message(&panic)))?
    .map_err(|e| failed(e.to_string()))
}

/// What a caught unwind carries, as text.
fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "libjpeg failed".to_owned())
}

pub fn apply(img: &DynamicImage, r: &Resize) -> DynamicImage {
    let source = (
        r.src_x as u32,
        r.src_y as u32,
        r.src_w as u32,
        r.src_h as u32,
    );
    // WordPress's editor first samples a picture down to five times the size (nearest pixel,
    // ImageMagick's `sampleImage`) when the size is under a ninth of the whole picture's area,
    // the whole picture's even for a crop, and the sample would be over 128 pixels a side.
    let ratio =
        (r.width as f64 / f64::from(img.width())) * (r.height as f64 / f64::from(img.height()));
    let (sample_w, sample_h) = (r.width * 5, r.height * 5);
    if ratio < 0.111 && sample_w > 128 && sample_h > 128 {
        let (x, y, w, h) = source;
        let sampled = sample(&img.crop_imm(x, y, w, h), sample_w as u32, sample_h as u32);
        let whole = (0, 0, sampled.width(), sampled.height());
        return scale(&sampled, whole, r.width as u32, r.height as u32);
    }
    scale(img, source, r.width as u32, r.height as u32)
}

/// ImageMagick's `SampleImage`: each pixel taken whole from the source pixel under its centre
/// (offset a hair under one half, as ImageMagick sets it).
fn sample(img: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let offset = 0.5 - 1.0e-12;
    let (src_w, src_h) = (f64::from(img.width()), f64::from(img.height()));
    let column = |x: u32| ((f64::from(x) + offset) * src_w / f64::from(width)) as u32;
    let row = |y: u32| ((f64::from(y) + offset) * src_h / f64::from(height)) as u32;
    let mut out = DynamicImage::new(width, height, img.color());
    for y in 0..height {
        let sy = row(y).min(img.height() - 1);
        for x in 0..width {
            let sx = column(x).min(img.width() - 1);
            image::GenericImage::put_pixel(
                &mut out,
                x,
                y,
                image::GenericImageView::get_pixel(img, sx, sy),
            );
        }
    }
    out
}

/// The `(x, y, width, height)` part of `img` scaled to `width` × `height` with a triangle
/// (bilinear) filter. fast_image_resize works on the 8- or 16-bit pixels themselves, where
/// `image`'s resize keeps an f32 RGBA copy of the picture (16 bytes a pixel) for each size.
pub fn scale(
    img: &DynamicImage,
    source: (u32, u32, u32, u32),
    width: u32,
    height: u32,
) -> DynamicImage {
    let (x, y, w, h) = source;
    if (x, y, w, h) != (0, 0, img.width(), img.height()) {
        // Cut first: fast_image_resize's own crop lets the filter read pixels beyond the
        // rectangle, and a crop shows none of them (as WordPress's cropImage then resize).
        return scale(&img.crop_imm(x, y, w, h), (0, 0, w, h), width, height);
    }
    let mut scaled = DynamicImage::new(width, height, img.color());
    let options = fast_image_resize::ResizeOptions::new().resize_alg(
        fast_image_resize::ResizeAlg::Convolution(fast_image_resize::FilterType::Bilinear),
    );
    match fast_image_resize::Resizer::new().resize(img, &mut scaled, &options) {
        Ok(()) => scaled,
        // Pixel types it does not take (32-bit float): image's own resize.
        Err(_) => img.resize_exact(width, height, image::imageops::FilterType::Triangle),
    }
}

/// The image turned upright by its EXIF orientation, or `None` when it already is (orientation 1,
/// none, or one WordPress does not know).
pub fn exif_upright(img: &DynamicImage, orientation: i64) -> Option<DynamicImage> {
    Some(match orientation {
        2 => img.fliph(),
        3 => img.rotate180(),
        4 => img.flipv(),
        5 => img.rotate270().flipv(),
        6 => img.rotate90(),
        7 => img.rotate270().fliph(),
        8 => img.rotate270(),
        _ => return None,
    })
}

/// Writes the sub-sizes of `img` next to `dir/stem.ext` and returns the `sizes` metadata, each
/// entry as WordPress stores it (`mime-type`, with a hyphen). `written` collects the file names.
/// A size that cannot be written (a full disk) is left out, as WordPress's `_wp_make_subsizes`
/// leaves out a size its editor fails to save; the upload goes on.
pub fn make_subsizes(
    img: &DynamicImage,
    format: ImageFormat,
    dir: &Path,
    file_name: &str,
    mime: &str,
    original: &[u8],
    written: &mut Vec<std::path::PathBuf>,
) -> Map<String, Value> {
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let (w, h) = (img.width() as i64, img.height() as i64);
    let mut sizes = Map::new();
    for &(name, dest_w, dest_h, crop) in SIZES {
        let Some(resize) = resize_dimensions(w, h, dest_w, dest_h, crop) else {
            continue;
        };
        let file = format!("{stem}-{}x{}.{ext}", resize.width, resize.height);
        let path = dir.join(&file);
        // Two sizes can come out alike (768x1024 as `medium_large` and as `large` for a
        // portrait): WordPress writes the one file twice and lists it under both names.
        if !written.contains(&path) {
            if let Err(error) = write_made_from(&apply(img, &resize), format, &path, original) {
                tracing::warn!(size = name, file = %path.display(), %error, "image size left out");
                let _ = std::fs::remove_file(&path);
                continue;
            }
            written.push(path.clone());
        }
        let filesize = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        sizes.insert(
            name.to_owned(),
            json!({ "file": file, "width": resize.width, "height": resize.height, "mime-type": mime, "filesize": filesize }),
        );
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webp_sizes_are_lossy_and_keep_transparency() {
        let opaque = DynamicImage::ImageRgb8(image::RgbImage::from_fn(120, 80, |x, y| {
            image::Rgb([(x * 2) as u8, (y * 3) as u8, ((x * y) % 251) as u8])
        }));
        let mut lossy = Vec::new();
        encode_webp(&opaque, &mut lossy).unwrap();
        let mut lossless = std::io::Cursor::new(Vec::new());
        opaque.write_to(&mut lossless, ImageFormat::WebP).unwrap();
        assert!(
            lossy.len() * 2 < lossless.get_ref().len(),
            "{} bytes",
            lossy.len()
        );
        let back = image::load_from_memory(&lossy).unwrap();
        assert_eq!(
            (back.width(), back.height(), back.color().has_alpha()),
            (120, 80, false)
        );
        let clear = DynamicImage::ImageRgba8(image::RgbaImage::from_fn(16, 16, |x, _| {
            image::Rgba([200, 10, 10, if x < 8 { 0 } else { 255 }])
        }));
        let mut bytes = Vec::new();
        encode_webp(&clear, &mut bytes).unwrap();
        let back = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert_eq!(
            (back.get_pixel(0, 0).0[3], back.get_pixel(15, 0).0[3]),
            (0, 255)
        );
    }

    /// Every picture comes back pixel for pixel, in the colour type ImageMagick would pick.
    #[test]
    fn pngs_take_the_smallest_colour_type_without_loss() {
        let cases: [(DynamicImage, png::ColorType); 5] = [
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(7, 5, |x, _| {
                    image::Rgb([[10, 200, 30], [0, 0, 255], [255, 255, 0]][x as usize % 3])
                })),
                png::ColorType::Indexed,
            ),
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(9, 9, |x, y| {
                    let v = (x * 20 + y) as u8;
                    image::Rgb([v, v, v])
                })),
                png::ColorType::Grayscale,
            ),
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
                    image::Rgb([(x * 6) as u8, (y * 8) as u8, ((x + y) * 3) as u8])
                })),
                png::ColorType::Rgb,
            ),
            (
                DynamicImage::ImageRgba8(image::RgbaImage::from_fn(3, 3, |x, _| {
                    image::Rgba([255, 0, 0, if x == 0 { 0 } else { 255 }])
                })),
                png::ColorType::Indexed,
            ),
            (
                DynamicImage::ImageRgba8(image::RgbaImage::from_fn(40, 30, |x, y| {
                    image::Rgba([(x * 6) as u8, (y * 8) as u8, 9, (x * y) as u8])
                })),
                png::ColorType::Rgba,
            ),
        ];
        for (picture, color) in cases {
            let mut bytes = Vec::new();
            encode_png(&picture, &mut bytes).unwrap();
            let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
            assert_eq!(decoder.read_info().unwrap().info().color_type, color);
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!(back.to_rgba8(), picture.to_rgba8(), "{color:?}");
        }
    }

    /// The sampling factor byte of each component in a baseline JPEG's frame header.
    fn component_sampling(jpeg: &[u8]) -> Vec<u8> {
        let sof = jpeg
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("a baseline frame header");
        let components = usize::from(jpeg[sof + 9]);
        (0..components).map(|i| jpeg[sof + 11 + 3 * i]).collect()
    }

    // WordPress 6.9.7 (ImageMagick 6.9.11, quality 82) wrote the sizes of a 1200×800 photo with
    // sampling factors 2x2,1x1,1x1 (`identify -verbose`), IJG's tables scaled to 82 (the
    // luminance table starts 6, 4, 4, 5, 4, 4, 6, 5) and optimized Huffman tables.
    #[test]
    fn jpegs_are_written_as_imagemagick_writes_wordpress_sizes() {
        let noise = image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 7 + y * 3) as u8, (x * y) as u8, (x ^ y) as u8 * 4])
        });
        let mut ours = Vec::new();
        encode_jpeg(&noise, FOUR_TWO_ZERO, &mut ours).unwrap();
        assert_eq!(component_sampling(&ours), [0x22, 0x11, 0x11]);
        let dqt = ours.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
        assert_eq!(ours[dqt + 5..dqt + 13], [6, 4, 4, 5, 4, 4, 6, 5]);
        let standard_tables = jpeg_with(&noise, FOUR_TWO_ZERO, false).unwrap();
        assert!(ours.len() < standard_tables.len());
        let decoded = image::load_from_memory(&ours).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (64, 48));
    }
    /// A 200×200 picture of four flat quadrants: red, green / blue, white.
    fn quadrants() -> image::RgbImage {
        image::RgbImage::from_fn(200, 200, |x, y| match (x < 100, y < 100) {
            (true, true) => image::Rgb([255, 0, 0]),
            (false, true) => image::Rgb([0, 255, 0]),
            (true, false) => image::Rgb([0, 0, 255]),
            (false, false) => image::Rgb([255, 255, 255]),
        })
    }

    #[test]
    fn scaling_takes_the_source_rectangle_only() {
        let img = DynamicImage::ImageRgb8(quadrants());
        let green = scale(&img, (100, 0, 100, 100), 10, 10);
        assert_eq!((green.width(), green.height()), (10, 10));
        assert!(green.to_rgb8().pixels().all(|p| p.0 == [0, 255, 0]));
    }

    #[test]
    fn scaling_the_whole_picture_keeps_its_layout_in_every_pixel_type() {
        let rgb = DynamicImage::ImageRgb8(quadrants());
        let pictures = [
            rgb.clone(),
            DynamicImage::ImageRgba8(rgb.to_rgba8()),
            DynamicImage::ImageRgb16(rgb.to_rgb16()),
            // 32-bit float: fast_image_resize does not take it; image's resize does.
            DynamicImage::ImageRgb32F(rgb.to_rgb32f()),
        ];
        for picture in pictures {
            let small = scale(&picture, (0, 0, 200, 200), 20, 20);
            assert_eq!(small.color(), picture.color());
            let small = small.to_rgb8();
            for ((x, y), expected) in [
                ((0, 0), [255, 0, 0]),
                ((19, 0), [0, 255, 0]),
                ((0, 19), [0, 0, 255]),
                ((19, 19), [255, 255, 255]),
            ] {
                assert_eq!(
                    small.get_pixel(x, y).0,
                    expected,
                    "{:?} at {x},{y}",
                    picture.color()
                );
            }
        }
    }

    /// EXIF orientations as the specification defines them, on a 3×2 image with one red pixel
    /// at the top left: where that pixel ends up once the image is upright.
    #[test]
    fn exif_orientations_turn_images_upright() {
        let mut img = image::RgbImage::new(3, 2);
        img.put_pixel(0, 0, image::Rgb([255, 0, 0]));
        let img = DynamicImage::ImageRgb8(img);
        let red = |orientation| {
            let upright = exif_upright(&img, orientation).unwrap().to_rgb8();
            let at = upright
                .enumerate_pixels()
                .find(|(_, _, p)| p.0 == [255, 0, 0])
                .map(|(x, y, _)| (x, y));
            (upright.dimensions(), at.unwrap())
        };
        assert_eq!(red(2), ((3, 2), (2, 0)), "mirrored");
        assert_eq!(red(3), ((3, 2), (2, 1)), "turned half way");
        assert_eq!(red(4), ((3, 2), (0, 1)), "flipped");
        assert_eq!(red(5), ((2, 3), (0, 0)), "transposed");
        assert_eq!(red(6), ((2, 3), (1, 0)), "turned clockwise");
        assert_eq!(red(7), ((2, 3), (1, 2)), "transversed");
        assert_eq!(red(8), ((2, 3), (0, 2)), "turned anticlockwise");
        assert!(exif_upright(&img, 1).is_none());
    }

    /// Dimensions WordPress 6.9.7 gave a 2200×1500 JPEG (tests/fixtures/wp-6.9/responses).
    #[test]
    fn sizes_of_a_2200_by_1500_photo() {
        let dims: Vec<_> = SIZES
            .iter()
            .filter_map(|&(_, w, h, crop)| resize_dimensions(2200, 1500, w, h, crop))
            .map(|r| (r.width, r.height))
            .collect();
        assert_eq!(
            dims,
            [
                (300, 205),
                (1024, 698),
                (150, 150),
                (768, 524),
                (1536, 1047),
                (2048, 1396)
            ]
        );
    }

    /// As WordPress's `_wp_make_subsizes`, a size whose file cannot be written is left out and the
    /// others are made.
    #[test]
    fn a_size_that_cannot_be_written_is_left_out() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the thumbnail's file would go: creating that file fails.
        std::fs::create_dir(dir.path().join("photo-150x150.png")).unwrap();
        let img = DynamicImage::new_rgb8(400, 300);
        let mut written = Vec::new();
        let sizes = make_subsizes(
            &img,
            ImageFormat::Png,
            dir.path(),
            "photo.png",
            "image/png",
            &[],
            &mut written,
        );
        assert_eq!(sizes.keys().collect::<Vec<_>>(), ["medium"]);
        assert_eq!(sizes["medium"]["file"], "photo-300x225.png");
        assert_eq!(written, [dir.path().join("photo-300x225.png")]);
        assert!(
            dir.path().join("photo-150x150.png").is_dir(),
            "nothing written over it"
        );
    }

    /// WordPress 6.9.7's sizes of an EXIF-rotated JPEG hold its EXIF, upright (`exiftool` on
    /// them: the camera kept, orientation 1).
    #[test]
    fn jpeg_sizes_keep_the_originals_exif_upright() {
        let original = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/conformance/files/rotated.jpg"
        ))
        .unwrap();
        let exif_of = |bytes: &[u8]| {
            exif::Reader::new()
                .read_from_container(&mut std::io::Cursor::new(bytes))
                .unwrap()
        };
        let field = |exif: &exif::Exif, tag| {
            exif.get_field(tag, exif::In::PRIMARY)
                .map(|f| f.display_value().to_string())
        };
        let before = exif_of(&original);
        assert_eq!(
            field(&before, exif::Tag::Orientation).as_deref(),
            Some("row 0 at right and column 0 at top")
        );
        let dir = tempfile::tempdir().unwrap();
        let img = image::load_from_memory(&original).unwrap();
        let mut written = Vec::new();
        let sizes = make_subsizes(
            &img,
            ImageFormat::Jpeg,
            dir.path(),
            "rotated.jpg",
            "image/jpeg",
            &original,
            &mut written,
        );
        let thumbnail = sizes["thumbnail"]["file"].as_str().unwrap();
        let after = exif_of(&std::fs::read(dir.path().join(thumbnail)).unwrap());
        assert_eq!(
            field(&after, exif::Tag::Orientation).as_deref(),
            Some("row 0 at top and column 0 at left")
        );
        assert_eq!(field(&after, exif::Tag::Make).as_deref(), Some("\"Canon\""));
    }

    #[test]
    fn a_small_image_gets_no_sizes() {
        assert!(SIZES
            .iter()
            .all(|&(_, w, h, c)| resize_dimensions(40, 30, w, h, c).is_none()));
        assert_eq!(
            resize_dimensions(200, 100, 150, 150, true).map(|r| (r.width, r.height)),
            Some((150, 100))
        );
    }

    #[test]
    fn big_images_scale_to_the_threshold() {
        assert_eq!(
            constrain(3000, 2000, BIG_IMAGE_THRESHOLD, BIG_IMAGE_THRESHOLD),
            (2560, 1707)
        );
    }
}
