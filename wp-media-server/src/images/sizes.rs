//! Image sub-sizes: WordPress's registered sizes, its arithmetic for their dimensions, and the
//! files written for them.

use super::libpng::{Ancillary, Compression, Layout, Png};
use super::magick::scale_to_char;
use super::resample::{self, Narrowing, Picture};
use image::{DynamicImage, ImageFormat};
use serde_json::{json, Map, Value};
use std::path::Path;

/// One image size a site registers: its name, its bounds (0: unbounded) and whether it crops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Size {
    pub name: String,
    pub width: i64,
    pub height: i64,
    pub crop: bool,
}

impl Size {
    pub fn new(name: &str, width: i64, height: i64, crop: bool) -> Size {
        Size {
            name: name.to_owned(),
            width,
            height,
            crop,
        }
    }
}

/// The image sizes a site registers and its big-image threshold: the four of the Media settings
/// (the `thumbnail_size_w`, `medium_size_h`… options), then those registered in PHP, which a
/// fresh install has two of (`1536x1536`, `2048x2048`), and plugins and themes more.
#[derive(Clone, Debug, PartialEq)]
pub struct SiteSizes {
    /// In the order WordPress registers them (`get_intermediate_image_sizes`), which is the order
    /// lists of them follow.
    registered: Vec<Size>,
    /// Images wider or taller than this get a `-scaled` copy that stands in for the original;
    /// `None` when the site turned it off (`big_image_size_threshold` returning false).
    pub big_image_threshold: Option<i64>,
}

/// The threshold of a fresh install.
pub const BIG_IMAGE_THRESHOLD: i64 = 2560;

/// The sizes of the Media settings, with a fresh install's values.
const SETTINGS: [(&str, i64, i64, bool); 4] = [
    ("thumbnail", 150, 150, true),
    ("medium", 300, 300, false),
    ("medium_large", 768, 0, false),
    ("large", 1024, 1024, false),
];

impl Default for SiteSizes {
    /// A fresh install's.
    fn default() -> SiteSizes {
        let none = |_: &str| Ok::<_, std::convert::Infallible>(None);
        match SiteSizes::of(none, Vec::new(), Some(BIG_IMAGE_THRESHOLD)) {
            Ok(sizes) => sizes,
            Err(never) => match never {},
        }
    }
}

impl SiteSizes {
    /// The sizes of a site whose options `option` gives (a fresh install's values for options it
    /// lacks), with `extra` registered in PHP after the two every install adds.
    pub fn of<E>(
        option: impl Fn(&str) -> Result<Option<String>, E>,
        extra: Vec<Size>,
        big_image_threshold: Option<i64>,
    ) -> Result<SiteSizes, E> {
        // `get_option` gives text, which WordPress reads with `(int)`.
        let int = |name: String, default: i64| -> Result<i64, E> {
            Ok(option(&name)?.map_or(default, |v| {
                wp_schema_runtime::php::to_int(&Value::String(v))
            }))
        };
        let mut registered = Vec::new();
        for (name, w, h, crop) in SETTINGS {
            registered.push(Size {
                name: name.to_owned(),
                width: int(format!("{name}_size_w"), w)?,
                height: int(format!("{name}_size_h"), h)?,
                // Only the thumbnail's cropping is a setting; the others never crop.
                crop: if name == "thumbnail" {
                    option("thumbnail_crop")?.map_or(crop, |v| !v.is_empty() && v != "0")
                } else {
                    crop
                },
            });
        }
        registered.push(Size::new("1536x1536", 1536, 1536, false));
        registered.push(Size::new("2048x2048", 2048, 2048, false));
        for size in extra {
            // `add_image_size` with a name already registered replaces it, where it stands.
            match registered.iter_mut().find(|s| s.name == size.name) {
                Some(known) => *known = size,
                None => registered.push(size),
            }
        }
        // `wp_get_registered_image_subsizes` leaves out a size without either bound.
        registered.retain(|s| s.width > 0 || s.height > 0);
        Ok(SiteSizes {
            registered,
            big_image_threshold,
        })
    }

    /// In registration order.
    pub fn registered(&self) -> impl Iterator<Item = &Size> {
        self.registered.iter()
    }

    /// In the order `_wp_make_subsizes` makes them: medium, large, thumbnail and medium_large
    /// first, then the others in registration order.
    pub fn creation_order(&self) -> Vec<&Size> {
        const FIRST: [&str; 4] = ["medium", "large", "thumbnail", "medium_large"];
        let first = FIRST.iter().filter_map(|name| self.get(name));
        let rest = self
            .registered
            .iter()
            .filter(|s| !FIRST.contains(&s.name.as_str()));
        first.chain(rest).collect()
    }

    pub fn get(&self, name: &str) -> Option<&Size> {
        self.registered.iter().find(|s| s.name == name)
    }
}

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
/// original's EXIF, IPTC, XMP and ICC data, as WordPress's ImageMagick editor keeps them;
/// `resized` (a size or a `-scaled` copy, which the editor's `strip_meta` has been through) as
/// [`super::profiles::keep_jpeg_profiles`] keeps a stripped picture's.
pub fn write_made_from(
    img: &DynamicImage,
    format: ImageFormat,
    path: &Path,
    original: &[u8],
    resized: bool,
) -> image::ImageResult<()> {
    let mut bytes = if resized {
        encode_to_vec(img, format, original)?
    } else {
        encode_edited(img, format, original, false)?
    };
    if format == ImageFormat::Jpeg {
        // Made from the picture turned upright, so its orientation is upright too.
        bytes = super::profiles::keep_jpeg_profiles(original, bytes, true, resized);
    }
    std::fs::write(path, bytes)?;
    Ok(())
}

/// A resized picture (a size or a `-scaled` copy) encoded as [`write_made_from`] writes it,
/// without profiles, in memory; a JPEG takes its chroma sampling from `original` when that is a
/// JPEG, else 4:2:0.
pub fn encode_to_vec(
    img: &DynamicImage,
    format: ImageFormat,
    original: &[u8],
) -> image::ImageResult<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    write_encoded(img, format, &Original::of(original), &mut out)?;
    Ok(out.into_inner())
}

/// [`encode_to_vec`] of a picture the editor saves without resizing it (an edit, a `-rotated`
/// copy): a PNG as ImageMagick writes one WordPress sets no PNG options for
/// ([`Original::edited`]), its background black when the edits `rotated` it (the editor's
/// `rotateImage` on `none`), else the original's.
pub fn encode_edited(
    img: &DynamicImage,
    format: ImageFormat,
    original: &[u8],
    rotated: bool,
) -> image::ImageResult<Vec<u8>> {
    let mut out = std::io::Cursor::new(Vec::new());
    let made_from = Original::of(original);
    let original = Original {
        edited: true,
        background: if rotated {
            [0; 3]
        } else {
            made_from.background
        },
        ..made_from
    };
    write_encoded(img, format, &original, &mut out)?;
    Ok(out.into_inner())
}

/// ImageMagick's sampling below quality 90 when the picture it writes came from no JPEG: each
/// chroma sample stands for 2×2 pixels.
const FOUR_TWO_ZERO: super::profiles::Sampling = [(2, 2), (2, 2)];

/// What the encoders carry over from the file a picture was made from, as ImageMagick and
/// WordPress's editor carry it.
struct Original {
    /// A JPEG's chroma sampling (else 4:2:0).
    sampling: super::profiles::Sampling,
    /// A JPEG's resolution, which ImageMagick writes back as JFIF's density.
    density: Option<super::profiles::Density>,
    /// A CMYK JPEG's sampling factors: its sizes are CMYK too, the picture holding its inks
    /// ([`Picture::inks`]).
    cmyk: Option<[(u8, u8); 4]>,
    /// A PNG of colour type 3: its sizes keep tRNS where WordPress excludes every other chunk.
    indexed_png: bool,
    /// A palette PNG with tRNS (alpha, for ImageMagick).
    palette_alpha: bool,
    /// A palette PNG with an entry neither transparent nor opaque in its tRNS: WordPress does
    /// not force its grey sizes into a palette, which would lose that alpha. (WordPress asks
    /// ImageMagick whether any pixel's alpha is partial; an entry no pixel uses is rare enough
    /// to be taken as used.)
    partial_alpha: bool,
    /// A PNG of 16 bits a channel: its sizes keep 16 bits, unless 8 hold them without loss.
    sixteen_bit_png: bool,
    /// A PNG of a grey colour type (0 or 4), which ImageMagick reads without chromaticities:
    /// it writes no cHRM for pictures made of it.
    grey_png: bool,
    /// Saved after an edit, not a resize: WordPress's editor sets no PNG options, so
    /// ImageMagick writes its default chunks, may keep transparency in tRNS, and compresses as
    /// [`Compression::Edited`].
    edited: bool,
    /// ImageMagick's background colour in 16-bit quanta, which it writes as bKGD (and adds to
    /// a palette): a PNG's own bKGD as it reads it ([`png_background`]), else white.
    background: [u16; 3],
    /// A PNG's gAMA, which ImageMagick writes back (in 100,000ths).
    gamma: Option<u32>,
    /// A PNG's cHRM: white point and red, green and blue primaries, in 100,000ths.
    chromaticities: Option<[u32; 8]>,
    /// A simple lossless WebP (`VP8L`, `wp_get_webp_info`): its sizes are lossless too.
    lossless_webp: bool,
}

impl Original {
    fn of(bytes: &[u8]) -> Original {
        let png = bytes.starts_with(super::libpng::SIGNATURE);
        let transparency = png_chunk(bytes, b"tRNS");
        Original {
            sampling: super::profiles::chroma_sampling(bytes).unwrap_or(FOUR_TWO_ZERO),
            density: super::profiles::jpeg_density(bytes),
            cmyk: super::profiles::cmyk_factors(bytes),
            // IHDR's bit depth and colour type follow the signature, its length and type, and
            // the width and height.
            indexed_png: png && bytes.get(25) == Some(&Layout::PALETTE),
            palette_alpha: transparency.is_some(),
            partial_alpha: transparency
                .is_some_and(|alphas| alphas.iter().any(|a| !matches!(a, 0 | 255))),
            sixteen_bit_png: png && bytes.get(24) == Some(&16),
            grey_png: png && matches!(bytes.get(25), Some(0 | 4)),
            edited: false,
            background: png_background(bytes).unwrap_or(WHITE),
            gamma: png_chunk(bytes, b"gAMA")
                .and_then(|g| Some(u32::from_be_bytes(g.try_into().ok()?))),
            chromaticities: png_chunk(bytes, b"cHRM").and_then(|c| {
                let values: Vec<u32> = c
                    .chunks_exact(4)
                    .map(|v| u32::from_be_bytes([v[0], v[1], v[2], v[3]]))
                    .collect();
                values.try_into().ok()
            }),
            lossless_webp: bytes.starts_with(b"RIFF") && bytes.get(8..16) == Some(b"WEBPVP8L"),
        }
    }
}

fn write_encoded(
    img: &DynamicImage,
    format: ImageFormat,
    original: &Original,
    out: &mut (impl std::io::Write + std::io::Seek),
) -> image::ImageResult<()> {
    match format {
        ImageFormat::Jpeg => jpeg_with(
            img,
            original.sampling,
            original.cmyk,
            original.density,
            true,
        )
        .and_then(|bytes| Ok(out.write_all(&bytes)?)),
        ImageFormat::Png => encode_png(img, original, out),
        ImageFormat::WebP => {
            let img = resample::eight_bits(img, Narrowing::Round);
            encode_webp(&img, original.lossless_webp, out)
        }
        other => resample::eight_bits(img, Narrowing::Round).write_to(out, other),
    }
}

/// A PNG in the colour type ImageMagick picks for WordPress's sizes, laid out as libpng lays it
/// out for ImageMagick ([`super::libpng`]). WordPress excludes every optional chunk, tRNS
/// included, unless the original had a palette; without tRNS any transparency takes RGBA (grey
/// and alpha when every pixel is grey). Otherwise: grey when every pixel is grey, a palette (of
/// 1, 2, 4 or 8 bits) when there are at most 256 colours, the transparent ones first, then the
/// partly transparent, then the opaque, each in the order they first appear; else RGB or RGBA.
/// (A 3x1024 size of a gradient was 3,011 bytes as plain RGB, 281 from WordPress 6.9.7.)
/// A palette original's grey sizes take a palette too, and one with tRNS has ImageMagick's
/// default chunks written ([`imagemagick_chunks`]).
fn encode_png(
    img: &DynamicImage,
    original: &Original,
    out: &mut impl std::io::Write,
) -> image::ImageResult<()> {
    if original.sixteen_bit_png {
        let rgba = img.to_rgba16();
        // ImageMagick writes 8 bits when they hold every quantum (`LosslessReduceDepthOK`).
        if rgba.as_raw().iter().any(|&v| v % 257 != 0) {
            let mut png = sixteen_bit_layout(&rgba);
            if original.edited {
                let colour = !matches!(png.layout.color_type, Layout::GREY | Layout::GREY_ALPHA);
                let background = background_samples(original.background, colour, 16);
                png.ancillary = imagemagick_chunks(Some(background), original, chrono::Utc::now());
                png.compression = Compression::Edited;
            }
            return write_png(&png, out);
        }
    }
    // Only a resize of a palette original, or an edit, leaves tRNS to ImageMagick.
    let indexed_original = original.indexed_png || original.edited;
    // WordPress has ImageMagick write a grey size of a palette PNG as a palette too (`png8`),
    // unless the original's alpha was partial.
    let grey_palette =
        original.indexed_png && !original.edited && !original.partial_alpha && is_grey(img);
    // WordPress keeps tRNS of a palette original with it by naming it the one chunk to include,
    // which leaves ImageMagick's other chunks in as well; an edit excludes none.
    let default_chunks = original.edited || original.indexed_png && original.palette_alpha;
    let img = resample::eight_bits(img, Narrowing::Truncate);
    let mut rgba = img.to_rgba8();
    if grey_palette {
        one_transparency(&mut rgba, original.background.map(scale_to_char));
    }
    let (width, height) = rgba.dimensions();
    let pixels: Vec<[u8; 4]> = rgba.pixels().map(|p| p.0).collect();
    let opaque = pixels.iter().all(|p| p[3] == 255);
    let colour = pixels.iter().any(|p| p[0] != p[1] || p[1] != p[2]);
    let mut palette: Vec<[u8; 4]> = Vec::new();
    if opaque || indexed_original {
        let mut seen = std::collections::HashSet::new();
        for p in &pixels {
            if seen.len() > 256 {
                break;
            }
            if seen.insert(*p) {
                palette.push(*p);
            }
        }
        // Stable: each kind keeps the order of first appearance.
        palette.sort_by_key(|p| match p[3] {
            0 => 0,
            255 => 2,
            _ => 1,
        });
        // The background colour joins the opaque entries when none of them has its colour, as
        // an opaque entry. (Not in `png8`, which writes no colour it does not use.)
        let background = original.background;
        let [r, g, b] = background.map(scale_to_char);
        let quanta = |p: &[u8; 4]| [p[0], p[1], p[2]].map(|v| u16::from(v) * 257);
        if default_chunks
            && !grey_palette
            && palette.len() <= 256
            && !palette
                .iter()
                .any(|p| p[3] == 255 && quanta(p) == background)
        {
            palette.push([r, g, b, 255]);
        }
    }
    // Where tRNS may stand for the transparency of a grey picture: one grey level, transparent
    // wherever it is and nowhere else, with no partial alpha. It then takes grey and tRNS
    // (6.9.7's edit of a grey palette PNG with one transparent entry); a colour picture past a
    // palette takes RGBA all the same (its edit of an RGBA PNG transparent in one colour).
    let keyed = (indexed_original && !grey_palette && !opaque && !colour)
        .then(|| single_transparent_colour(&pixels))
        .flatten();
    // Without `png8`, a grey palette original's partly transparent sizes take grey and alpha.
    let (color_type, bit_depth, rows, row_bytes) = if keyed.is_some() {
        let data = pixels.iter().map(|p| p[0]).collect();
        (Layout::GREY, 8, data, width as usize)
    } else if !opaque && (!indexed_original || !colour && !grey_palette) {
        if colour {
            (Layout::RGBA, 8, rgba.into_raw(), width as usize * 4)
        } else {
            let data = pixels.iter().flat_map(|p| [p[0], p[3]]).collect();
            (Layout::GREY_ALPHA, 8, data, width as usize * 2)
        }
    } else if opaque && !colour && !grey_palette {
        let data = pixels.iter().map(|p| p[0]).collect();
        (Layout::GREY, 8, data, width as usize)
    } else if palette.len() <= 256 {
        let index_of: std::collections::HashMap<[u8; 4], u8> = palette
            .iter()
            .enumerate()
            .map(|(i, p)| (*p, i as u8))
            .collect();
        // `png8` keeps 8 bits an index, however few the colours.
        let bits = match palette.len() {
            _ if grey_palette => 8,
            0..=2 => 1,
            3..=4 => 2,
            5..=16 => 4,
            _ => 8,
        };
        let indices: Vec<u8> = pixels.iter().map(|p| index_of[p]).collect();
        let row_bytes = (width as usize * bits).div_ceil(8);
        (
            Layout::PALETTE,
            bits as u8,
            pack_rows(&indices, width as usize, bits),
            row_bytes,
        )
    } else if opaque {
        let data = pixels.iter().flat_map(|p| [p[0], p[1], p[2]]).collect();
        (Layout::RGB, 8, data, width as usize * 3)
    } else {
        (Layout::RGBA, 8, rgba.into_raw(), width as usize * 4)
    };
    let (colours, alphas): (Vec<u8>, Vec<u8>) = if color_type == Layout::PALETTE {
        // Alpha for the entries up to the last that is not opaque.
        let last = palette
            .iter()
            .rposition(|p| p[3] != 255)
            .map_or(0, |i| i + 1);
        (
            palette.iter().flat_map(|p| [p[0], p[1], p[2]]).collect(),
            palette[..last].iter().map(|p| p[3]).collect(),
        )
    } else if let Some([grey, ..]) = keyed {
        // The transparent grey level as a 16-bit sample.
        (Vec::new(), vec![0, grey])
    } else {
        (Vec::new(), Vec::new())
    };
    let ancillary = if default_chunks {
        let background = if color_type == Layout::PALETTE {
            // The first entry of the background's colour, whatever its alpha; libpng leaves
            // bKGD out when there is none.
            let colour = original.background.map(scale_to_char);
            let index = palette.iter().position(|p| p[..3] == colour);
            index.map(|i| vec![i as u8])
        } else {
            // 16-bit samples of an 8-bit picture: three, or one for grey.
            Some(background_samples(original.background, colour, 8))
        };
        imagemagick_chunks(background, original, chrono::Utc::now())
    } else {
        Ancillary::default()
    };
    let layout = Layout {
        color_type,
        bit_depth,
    };
    let png = Png {
        width,
        height,
        layout,
        rows,
        row_bytes,
        palette: colours,
        transparency: alphas,
        ancillary,
        compression: if original.edited {
            Compression::Edited
        } else {
            Compression::Resized
        },
    };
    write_png(&png, out)
}

/// ImageMagick's `png8` alpha, on the pixels already brought to 8 bits: when some pixel is
/// partly transparent, or transparent pixels differ in colour, every pixel more transparent than
/// half (an opacity over half the quantum range) becomes transparent in the background colour,
/// and every other one opaque.
fn one_transparency(rgba: &mut image::RgbaImage, background: [u8; 3]) {
    let mut transparent = std::collections::HashSet::new();
    let mut partial = false;
    for p in rgba.pixels() {
        match p.0[3] {
            0 => {
                transparent.insert([p.0[0], p.0[1], p.0[2]]);
            }
            255 => {}
            _ => partial = true,
        }
    }
    if !partial && transparent.len() <= 1 {
        return;
    }
    for p in rgba.pixels_mut() {
        p.0 = if p.0[3] <= 127 {
            let [r, g, b] = background;
            [r, g, b, 0]
        } else {
            [p.0[0], p.0[1], p.0[2], 255]
        };
    }
}

/// The one colour of every transparent pixel, when no other pixel is partly transparent and no
/// opaque pixel has that colour: what a tRNS chunk of a grey picture can say.
fn single_transparent_colour(pixels: &[[u8; 4]]) -> Option<[u8; 3]> {
    let mut key = None;
    for p in pixels.iter().filter(|p| p[3] == 0) {
        let colour = [p[0], p[1], p[2]];
        match key {
            None => key = Some(colour),
            Some(k) if k != colour => return None,
            Some(_) => {}
        }
    }
    let key = key?;
    pixels
        .iter()
        .all(|p| p[3] == 0 || p[3] == 255 && p[..3] != key)
        .then_some(key)
}

/// ImageMagick's background colour for a picture read without one, unless an edit rotated it.
const WHITE: [u16; 3] = [u16::MAX; 3];

/// The data of a PNG's first chunk of `kind`.
fn png_chunk<'a>(png: &'a [u8], kind: &[u8; 4]) -> Option<&'a [u8]> {
    super::libpng::chunks(png)
        .find(|(k, _)| k == kind)
        .map(|(_, data)| data)
}

/// A PNG's bKGD as ImageMagick reads it into its background colour: a palette entry, a grey
/// level or a colour, each sample multiplied up to 16 bits as ImageMagick multiplies it for the
/// file's bit depth, in libpng's 16-bit field, so that it wraps (white in a 1-bit palette reads
/// as 65,281, which 6.9.7's edited copy writes as `fefefe`).
fn png_background(png: &[u8]) -> Option<[u16; 3]> {
    let data = png_chunk(png, b"bKGD")?;
    let depth = *png.get(24)?;
    let scale: u32 = match depth {
        1 => 255 * 257,
        2 => 85 * 257,
        4 => 17 * 257,
        8 => 257,
        _ => 1,
    };
    let raw: [u16; 3] = match data.len() {
        1 => {
            let at = usize::from(data[0]) * 3;
            let entry = png_chunk(png, b"PLTE")?.get(at..at + 3)?;
            [entry[0], entry[1], entry[2]].map(u16::from)
        }
        2 => [u16::from_be_bytes([data[0], data[1]]); 3],
        6 => [0, 2, 4].map(|at| u16::from_be_bytes([data[at], data[at + 1]])),
        _ => return None,
    };
    Some(raw.map(|v| (u32::from(v) * scale) as u16))
}

/// bKGD's samples of a true-colour or grey picture of `bits` a sample: each two bytes, the
/// colour's three or its first, brought to 8 bits as ImageMagick brings the quanta.
fn background_samples(background: [u16; 3], colour: bool, bits: u8) -> Vec<u8> {
    let samples = if colour {
        &background[..]
    } else {
        &background[..1]
    };
    samples
        .iter()
        .flat_map(|&q| {
            let v = if bits == 16 {
                q
            } else {
                u16::from(scale_to_char(q))
            };
            v.to_be_bytes()
        })
        .collect()
}

/// The chunks ImageMagick 6.9.11 writes to a PNG when none is excluded, as WordPress 6.9.7's
/// sizes of a palette PNG with tRNS and its edited PNGs have them: gAMA, the original's or 1/2.2;
/// cHRM, the original's or sRGB's primaries and white point, but none when the original's gamma
/// is 1 (a linear picture) and none by default for a grey original; bKGD (the background); tIME
/// (when written); and the original's creation and modification times as `date:create` and
/// `date:modify` texts, which for an upload are the moment it was received. (An original's
/// sRGB chunk turns into the default gAMA and cHRM, as ImageMagick writes it back; its iCCP,
/// pHYs and texts are not read.)
fn imagemagick_chunks(
    background: Option<Vec<u8>>,
    original: &Original,
    at: chrono::DateTime<chrono::Utc>,
) -> Ancillary {
    use chrono::{Datelike, Timelike};
    const LINEAR: u32 = 100_000;
    let be = |values: &[u32]| {
        values
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect::<Vec<u8>>()
    };
    let gamma = original.gamma.unwrap_or(45455);
    let primaries = match original.chromaticities {
        _ if gamma == LINEAR => None,
        Some(own) => Some(own),
        None if original.grey_png => None,
        None => Some([31270, 32900, 64000, 33000, 30000, 60000, 15000, 6000]),
    };
    let mut time = (at.year() as u16).to_be_bytes().to_vec();
    time.extend([at.month(), at.day(), at.hour(), at.minute(), at.second()].map(|v| v as u8));
    let stamp = at.format("%Y-%m-%dT%H:%M:%S+00:00").to_string();
    let text = |key: &str| [key.as_bytes(), b"\0", stamp.as_bytes()].concat();
    Ancillary {
        before_palette: std::iter::once((*b"gAMA", be(&[gamma])))
            .chain(primaries.map(|p| (*b"cHRM", be(&p))))
            .collect(),
        before_data: background
            .map(|b| (*b"bKGD", b))
            .into_iter()
            .chain([(*b"tIME", time)])
            .collect(),
        after_data: vec![
            (*b"tEXt", text("date:create")),
            (*b"tEXt", text("date:modify")),
        ],
    }
}

fn write_png(png: &Png, out: &mut impl std::io::Write) -> image::ImageResult<()> {
    let file = super::libpng::write(png).map_err(|e| encoding_error(ImageFormat::Png, e))?;
    out.write_all(&file)?;
    Ok(())
}

/// An encoder's refusal, as image's error.
fn encoding_error(format: ImageFormat, message: impl std::fmt::Display) -> image::ImageError {
    image::ImageError::Encoding(image::error::EncodingError::new(
        format.into(),
        message.to_string(),
    ))
}

/// A 16-bit picture in ImageMagick's 16-bit colour types (a palette holds 8-bit entries only),
/// tRNS excluded as for any size of a true-colour original: grey or RGB, with alpha when any
/// pixel is not opaque; each sample big-endian.
fn sixteen_bit_layout(rgba: &image::ImageBuffer<image::Rgba<u16>, Vec<u16>>) -> Png {
    let (width, height) = rgba.dimensions();
    let opaque = rgba.pixels().all(|p| p.0[3] == u16::MAX);
    let colour = rgba.pixels().any(|p| p.0[0] != p.0[1] || p.0[1] != p.0[2]);
    let (color_type, channels): (u8, &[usize]) = match (opaque, colour) {
        (true, false) => (Layout::GREY, &[0]),
        (false, false) => (Layout::GREY_ALPHA, &[0, 3]),
        (true, true) => (Layout::RGB, &[0, 1, 2]),
        (false, true) => (Layout::RGBA, &[0, 1, 2, 3]),
    };
    let rows = rgba
        .pixels()
        .flat_map(|p| channels.iter().flat_map(|&c| p.0[c].to_be_bytes()))
        .collect();
    Png {
        width,
        height,
        layout: Layout {
            color_type,
            bit_depth: 16,
        },
        rows,
        row_bytes: width as usize * channels.len() * 2,
        palette: Vec::new(),
        transparency: Vec::new(),
        ancillary: Ancillary::default(),
        compression: Compression::Resized,
    }
}

/// WebP as ImageMagick writes WordPress's: lossy at WordPress's default quality for WebP, 86
/// (`WP_Image_Editor::get_default_quality`), or, when the original is lossless (`VP8L`,
/// `wp_get_webp_info`), lossless at quality 100 as WordPress's editor asks for it; libwebp's
/// other settings at their defaults, pixels given as ARGB, alpha only when there is transparency.
fn encode_webp(
    img: &DynamicImage,
    lossless: bool,
    out: &mut impl std::io::Write,
) -> image::ImageResult<()> {
    let rgba = img.to_rgba8();
    let (width, height) = rgba.dimensions();
    let rgb;
    let encoder = if rgba.pixels().all(|p| p.0[3] == 255) {
        rgb = img.to_rgb8();
        webp::Encoder::from_rgb(rgb.as_raw(), width, height)
    } else {
        webp::Encoder::from_rgba(rgba.as_raw(), width, height)
    };
    let quality = if lossless { 100.0 } else { 86.0 };
    let encoded = encoder
        .encode_simple(lossless, quality)
        .map_err(|error| encoding_error(ImageFormat::WebP, format!("{error:?}")))?;
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

/// libjpeg's JPEG of `img` at quality 82 and the given chroma sampling, with optimized Huffman
/// tables or the standard ones, coded as ImageMagick codes WordPress's (see [`super::libjpeg`]).
/// A picture whose every pixel is grey is written with one component, as ImageMagick writes it;
/// 16-bit quanta are rounded to 8 bits as its JPEG encoder rounds them. With `cmyk`'s sampling
/// factors, `img` holds the inks of a picture made from a CMYK JPEG ([`Picture::inks`]), written
/// back as ImageMagick writes them: each 16-bit ink `q` as the 8-bit sample nearest
/// `QuantumRange - q`, which undoes its reading `QuantumRange - 257 s`. JFIF takes `density`.
fn jpeg_with(
    img: &DynamicImage,
    sampling: super::profiles::Sampling,
    cmyk: Option<[(u8, u8); 4]>,
    density: Option<super::profiles::Density>,
    optimize: bool,
) -> image::ImageResult<Vec<u8>> {
    // JPEG has no room for a side over 65,535 pixels.
    if img.width() > 65_535 || img.height() > 65_535 {
        return Err(image::ImageError::Limits(
            image::error::LimitError::from_kind(image::error::LimitErrorKind::DimensionError),
        ));
    }
    let settings = super::libjpeg::Settings {
        quality: 82,
        sampling,
        optimize_coding: optimize,
        density,
    };
    if let Some(factors) = cmyk {
        let inks: Vec<u8> = img
            .to_rgba16()
            .into_raw()
            .into_iter()
            .map(|q| scale_to_char(u16::MAX - q))
            .collect();
        let colours = super::libjpeg::Colours::Cmyk(factors);
        return super::libjpeg::compress(&inks, img.width(), img.height(), colours, &settings)
            .map_err(|e| encoding_error(ImageFormat::Jpeg, e));
    }
    let grey = is_grey(img);
    let img = resample::eight_bits(img, Narrowing::Round);
    let pixels: std::borrow::Cow<[u8]> = match (img.as_ref(), grey) {
        (DynamicImage::ImageLuma8(luma), true) => luma.as_raw().into(),
        (DynamicImage::ImageRgb8(rgb), false) => rgb.as_raw().into(),
        (other, true) => other.to_rgb8().pixels().map(|p| p.0[0]).collect(),
        (other, false) => other.to_rgb8().into_raw().into(),
    };
    let colours = if grey {
        super::libjpeg::Colours::Grey
    } else {
        super::libjpeg::Colours::Rgb
    };
    super::libjpeg::compress(&pixels, img.width(), img.height(), colours, &settings)
        .map_err(|e| encoding_error(ImageFormat::Jpeg, e))
}

/// ImageMagick's `SetImageGray`: a grey picture, or one whose every pixel has its three
/// channels equal.
fn is_grey(img: &DynamicImage) -> bool {
    match img {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageLuma16(_)
        | DynamicImage::ImageLumaA16(_) => true,
        DynamicImage::ImageRgb8(i) => i.pixels().all(|p| p.0[0] == p.0[1] && p.0[1] == p.0[2]),
        DynamicImage::ImageRgb16(i) => i.pixels().all(|p| p.0[0] == p.0[1] && p.0[1] == p.0[2]),
        other => other
            .to_rgb16()
            .pixels()
            .all(|p| p.0[0] == p.0[1] && p.0[1] == p.0[2]),
    }
}

/// The decoded upload `img` as the resizers read it: a CMYK JPEG's four inks alike, anything
/// else by its channels.
pub fn picture_of<'a>(img: &'a DynamicImage, original: &[u8]) -> Picture<'a> {
    if Original::of(original).cmyk.is_some() {
        Picture::inks(img)
    } else {
        Picture::of(img)
    }
}

/// The size `r` of a picture as WordPress's editor makes it, in 16-bit quanta.
pub fn apply(picture: &Picture, r: &Resize) -> DynamicImage {
    let cut = picture.region(
        r.src_x as u32,
        r.src_y as u32,
        r.src_w as u32,
        r.src_h as u32,
    );
    // WordPress's editor first samples a picture down to five times the size (nearest pixel,
    // ImageMagick's `sampleImage`) when the size is under a ninth of the whole picture's area,
    // the whole picture's even for a crop, and the sample would be over 128 pixels a side.
    let ratio = (r.width as f64 / f64::from(picture.width()))
        * (r.height as f64 / f64::from(picture.height()));
    let (sample_w, sample_h) = (r.width * 5, r.height * 5);
    let (width, height) = (r.width as u32, r.height as u32);
    if ratio < 0.111 && sample_w > 128 && sample_h > 128 {
        let sampled = cut.sample(sample_w as u32, sample_h as u32);
        return sampled.resize(width, height).into_image();
    }
    cut.resize(width, height).into_image()
}

/// A resized picture as WordPress's editor leaves it to be written (`thumbnail_image`): a size
/// of a palette PNG is reduced to at most 256 colours by ImageMagick's quantizer, so that it can
/// be written with a palette again; other pictures are left as they are.
pub fn finish_resize(img: DynamicImage, original: &[u8]) -> DynamicImage {
    if Original::of(original).indexed_png {
        super::quantize::reduce_colors(&img, 256)
    } else {
        img
    }
}

/// The `(x, y, width, height)` part of `img` scaled to `width` × `height` as WordPress's editor
/// scales it, without its pre-sampling: cut first (`cropImage`, so the filter reads no pixel
/// outside the rectangle), then ImageMagick's triangle-filtered resize, in 16-bit quanta.
pub fn scale(
    img: &DynamicImage,
    source: (u32, u32, u32, u32),
    width: u32,
    height: u32,
    original: &[u8],
) -> DynamicImage {
    let (x, y, w, h) = source;
    let picture = picture_of(img, original);
    let resized = picture.region(x, y, w, h).resize(width, height);
    resized.into_image()
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
/// entry as WordPress stores it (`mime-type`, with a hyphen), and the files written.
/// A size that cannot be written (a full disk) is left out, as WordPress's `_wp_make_subsizes`
/// leaves out a size its editor fails to save; the upload goes on.
pub fn make_subsizes(
    img: &DynamicImage,
    format: ImageFormat,
    dir: &Path,
    file_name: &str,
    mime: &str,
    original: &[u8],
    sizes: &SiteSizes,
) -> (Map<String, Value>, Vec<std::path::PathBuf>) {
    let (stem, ext) = file_name.rsplit_once('.').unwrap_or((file_name, ""));
    let (w, h) = (img.width() as i64, img.height() as i64);
    let picture = picture_of(img, original);
    let mut made = Map::new();
    let mut written = Vec::new();
    for size in sizes.creation_order() {
        let name = size.name.as_str();
        let Some(resize) = resize_dimensions(w, h, size.width, size.height, size.crop) else {
            continue;
        };
        let file = format!("{stem}-{}x{}.{ext}", resize.width, resize.height);
        let path = dir.join(&file);
        // Two sizes can come out alike (768x1024 as `medium_large` and as `large` for a
        // portrait): WordPress writes the one file twice and lists it under both names.
        if !written.contains(&path) {
            let size = finish_resize(apply(&picture, &resize), original);
            if let Err(error) = write_made_from(&size, format, &path, original, true) {
                tracing::warn!(size = name, file = %path.display(), %error, "image size left out");
                let _ = std::fs::remove_file(&path);
                continue;
            }
            written.push(path.clone());
        }
        let filesize = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        made.insert(
            name.to_owned(),
            json!({ "file": file, "width": resize.width, "height": resize.height, "mime-type": mime, "filesize": filesize }),
        );
    }
    (made, written)
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
        encode_webp(&opaque, false, &mut lossy).unwrap();
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
        encode_webp(&clear, false, &mut bytes).unwrap();
        let back = image::load_from_memory(&bytes).unwrap().to_rgba8();
        assert_eq!(
            (back.get_pixel(0, 0).0[3], back.get_pixel(15, 0).0[3]),
            (0, 255)
        );
    }

    /// Every picture comes back pixel for pixel, in the colour type ImageMagick picks when
    /// WordPress writes it: with tRNS excluded (a true-colour or grey original), transparency
    /// takes RGBA or grey and alpha; with tRNS kept (a palette original), a palette whose
    /// transparent entries come first.
    #[test]
    fn pngs_take_the_colour_type_imagemagick_picks() {
        let one_clear = DynamicImage::ImageRgba8(image::RgbaImage::from_fn(3, 3, |x, _| {
            image::Rgba([255, 0, 0, if x == 2 { 0 } else { 255 }])
        }));
        let cases: [(DynamicImage, bool, u8); 7] = [
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(7, 5, |x, _| {
                    image::Rgb([[10, 200, 30], [0, 0, 255], [255, 255, 0]][x as usize % 3])
                })),
                false,
                Layout::PALETTE,
            ),
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(9, 9, |x, y| {
                    let v = (x * 20 + y) as u8;
                    image::Rgb([v, v, v])
                })),
                false,
                Layout::GREY,
            ),
            (
                DynamicImage::ImageRgb8(image::RgbImage::from_fn(40, 30, |x, y| {
                    image::Rgb([(x * 6) as u8, (y * 8) as u8, ((x + y) * 3) as u8])
                })),
                false,
                Layout::RGB,
            ),
            (one_clear.clone(), false, Layout::RGBA),
            (one_clear.clone(), true, Layout::PALETTE),
            (
                DynamicImage::ImageRgba8(image::RgbaImage::from_fn(40, 30, |x, y| {
                    image::Rgba([(x * 6) as u8, (y * 8) as u8, 9, (x * y) as u8])
                })),
                true,
                Layout::RGBA,
            ),
            (
                DynamicImage::ImageLumaA8(image::GrayAlphaImage::from_fn(8, 8, |x, y| {
                    image::LumaA([(x * 30) as u8, (y * 30) as u8])
                })),
                false,
                Layout::GREY_ALPHA,
            ),
        ];
        for (picture, indexed, color) in cases {
            let mut bytes = Vec::new();
            encode_png(&picture, &png_original(indexed, false), &mut bytes).unwrap();
            // IHDR's colour type, after the signature, the chunk's length and type, and the
            // width, height and bit depth.
            assert_eq!(bytes[25], color, "{:?}", picture.color());
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!(back.to_rgba8(), picture.to_rgba8(), "{color:?}");
        }
        // The transparent red is the palette's first entry, and the only one in tRNS.
        let mut bytes = Vec::new();
        encode_png(&one_clear, &png_original(true, false), &mut bytes).unwrap();
        let trns = bytes.windows(4).position(|w| w == b"tRNS").unwrap();
        assert_eq!(bytes[trns - 1], 1);
        assert_eq!(bytes[trns + 4], 0);
    }

    /// A file without its tIME and tEXt chunks, which hold the times it was written and its
    /// original was received; anything not a PNG as it is.
    fn without_times(file: &[u8]) -> Vec<u8> {
        if !file.starts_with(super::super::libpng::SIGNATURE) {
            return file.to_vec();
        }
        let mut kept = super::super::libpng::SIGNATURE.to_vec();
        let mut rest = &file[8..];
        for (kind, data) in super::super::libpng::chunks(file) {
            let whole = data.len() + 12;
            if kind != b"tIME" && kind != b"tEXt" {
                kept.extend_from_slice(&rest[..whole]);
            }
            rest = &rest[whole..];
        }
        kept
    }

    /// Edited PNGs as WordPress 6.9.7's `/edit` saved them, but for the times in them: a palette
    /// PNG with partial alpha turned a quarter (black as the background after a rotation), a
    /// 1-bit palette PNG flipped both ways (its white bKGD read as ImageMagick reads a 1-bit
    /// file's, `fefefe`), and a grey palette PNG with one transparent entry flipped (grey with
    /// that level in tRNS). Unfiltered rows at zlib level 8, ImageMagick's default chunks.
    #[test]
    fn edited_pngs_are_wordpresss_own_bytes() {
        use crate::images::edit::{flip, rotate};
        let files = concat!(env!("CARGO_MANIFEST_DIR"), "/conformance/files/");
        type Edit = fn(DynamicImage) -> DynamicImage;
        let cases: [(&str, Edit, bool); 3] = [
            ("enc-pal-alpha", |img| rotate(&img, 90.0), true),
            ("blue", |img| flip(img, true, true), false),
            ("enc-pal-grey-clear", |img| flip(img, false, true), false),
        ];
        for (name, edit, rotated) in cases {
            let original = std::fs::read(format!("{files}{name}.png")).unwrap();
            let img = crate::images::decode::decode(&original).unwrap();
            let ours = encode_edited(&edit(img), ImageFormat::Png, &original, rotated).unwrap();
            let wordpress = std::fs::read(format!(
                "{}/src/images/wordpress-6.9.7-sizes/{name}-edited.png",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap();
            assert!(
                without_times(&ours) == without_times(&wordpress),
                "{name}: {} bytes, WordPress's {}",
                ours.len(),
                wordpress.len()
            );
        }
    }

    /// WordPress 6.9.7 wrote the 768×576 size of a palette PNG with tRNS as RGBA: its 256
    /// colours and the white background ImageMagick adds to the palette are more than a palette
    /// holds. The background is then three 16-bit samples.
    #[test]
    fn a_palette_too_full_for_the_background_takes_rgba() {
        let picture = DynamicImage::ImageRgba8(image::RgbaImage::from_fn(16, 16, |x, y| {
            let i = (y * 16 + x) as u8;
            image::Rgba([i, 255 - i, 7, if i == 0 { 0 } else { 255 }])
        }));
        let mut bytes = Vec::new();
        encode_png(&picture, &png_original(true, false), &mut bytes).unwrap();
        assert_eq!(bytes[25], Layout::RGBA);
        let background = super::super::libpng::chunks(&bytes)
            .find(|(kind, _)| *kind == b"bKGD")
            .map(|(_, data)| data.to_vec());
        assert_eq!(background, Some(vec![0, 255, 0, 255, 0, 255]));
        // One colour fewer leaves room for white, as the last entry and the background.
        let fewer = DynamicImage::ImageRgba8(image::RgbaImage::from_fn(16, 16, |x, y| {
            let i = (y * 16 + x).min(254) as u8;
            image::Rgba([i, 255 - i, 7, if i == 0 { 0 } else { 255 }])
        }));
        let mut bytes = Vec::new();
        encode_png(&fewer, &png_original(true, false), &mut bytes).unwrap();
        assert_eq!(bytes[25], Layout::PALETTE);
        let chunk = |kind: &[u8]| {
            super::super::libpng::chunks(&bytes)
                .find(|(k, _)| *k == kind)
                .map(|(_, data)| data.to_vec())
                .unwrap()
        };
        assert_eq!(chunk(b"PLTE").len(), 256 * 3);
        assert_eq!(chunk(b"PLTE")[255 * 3..], [255, 255, 255]);
        assert_eq!(chunk(b"bKGD"), [255]);
    }

    /// `png8`'s one bit of alpha splits at an opacity over half the quantum range (32767 of
    /// 65535): an 8-bit alpha of 127 is opacity 128 × 257 = 32896, transparent; 128 stays.
    /// Transparent pixels take the background's white.
    #[test]
    fn png8_alpha_is_split_at_half_opacity() {
        let mut rgba = image::RgbaImage::from_fn(4, 1, |x, _| {
            image::Rgba([10 * x as u8, 20, 30, [0, 127, 128, 255][x as usize]])
        });
        one_transparency(&mut rgba, [255, 255, 255]);
        let alphas: Vec<[u8; 4]> = rgba.pixels().map(|p| p.0).collect();
        assert_eq!(
            alphas,
            [
                [255, 255, 255, 0],
                [255, 255, 255, 0],
                [20, 20, 30, 255],
                [30, 20, 30, 255]
            ]
        );
        // One transparent colour and nothing partial: left as it is.
        let mut clear =
            image::RgbaImage::from_fn(2, 1, |x, _| image::Rgba([9, 9, 9, 255 * x as u8]));
        let before = clear.clone();
        one_transparency(&mut clear, [255, 255, 255]);
        assert_eq!(clear, before);
    }

    fn png_original(indexed_png: bool, sixteen_bit_png: bool) -> Original {
        Original {
            sampling: FOUR_TWO_ZERO,
            density: None,
            cmyk: None,
            indexed_png,
            // A palette original whose sizes have transparency had tRNS.
            palette_alpha: indexed_png,
            partial_alpha: false,
            sixteen_bit_png,
            grey_png: false,
            edited: false,
            background: WHITE,
            gamma: None,
            chromaticities: None,
            lossless_webp: false,
        }
    }

    /// A 16-bit original's sizes stay 16-bit (WordPress 6.9.7 wrote 16-bit RGB, grey and RGBA
    /// sizes of 16-bit PNGs), unless 8 bits hold every quantum, as ImageMagick then writes 8.
    #[test]
    fn sixteen_bit_originals_keep_sixteen_bits_where_eight_would_lose() {
        let fine = DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(9, 7, |x, y| {
            image::Rgb([(x * 7001) as u16, (y * 9001) as u16, 12_345])
        }));
        let whole = DynamicImage::ImageRgb16(image::ImageBuffer::from_fn(9, 7, |x, y| {
            image::Rgb([(x * 20 * 257) as u16, (y * 30 * 257) as u16, 257])
        }));
        // Reduced to 8 bits, the second takes the 8-bit rules: 63 colours, a palette.
        for (picture, layout) in [(fine, (16, Layout::RGB)), (whole, (8, Layout::PALETTE))] {
            let mut bytes = Vec::new();
            encode_png(&picture, &png_original(false, true), &mut bytes).unwrap();
            // IHDR's bit depth and colour type.
            assert_eq!((bytes[24], bytes[25]), layout);
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!(back.to_rgb16(), picture.to_rgb16());
        }
    }

    // WordPress 6.9.7 (ImageMagick 6.9.11, quality 82) wrote the sizes of a 1200×800 photo with
    // sampling factors 2x2,1x1,1x1 (`identify -verbose`), IJG's tables scaled to 82 (the
    // luminance table starts 6, 4, 4, 5, 4, 4, 6, 5) and optimized Huffman tables.
    #[test]
    fn jpegs_are_written_as_imagemagick_writes_wordpress_sizes() {
        let noise = image::RgbImage::from_fn(64, 48, |x, y| {
            image::Rgb([(x * 7 + y * 3) as u8, (x * y) as u8, (x ^ y) as u8 * 4])
        });
        let noise = DynamicImage::ImageRgb8(noise);
        let ours = jpeg_with(&noise, FOUR_TWO_ZERO, None, None, true).unwrap();
        assert_eq!(
            crate::images::libjpeg::component_sampling(&ours),
            [0x22, 0x11, 0x11]
        );
        let dqt = ours.windows(2).position(|w| w == [0xFF, 0xDB]).unwrap();
        assert_eq!(ours[dqt + 5..dqt + 13], [6, 4, 4, 5, 4, 4, 6, 5]);
        let standard_tables = jpeg_with(&noise, FOUR_TWO_ZERO, None, None, false).unwrap();
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
        let green = scale(&img, (100, 0, 100, 100), 10, 10, &[]);
        assert_eq!((green.width(), green.height()), (10, 10));
        assert!(green.to_rgb8().pixels().all(|p| p.0 == [0, 255, 0]));
    }

    #[test]
    fn scaling_the_whole_picture_keeps_its_layout_and_channels() {
        let rgb = DynamicImage::ImageRgb8(quadrants());
        let pictures = [
            (rgb.clone(), image::ColorType::Rgb16),
            (
                DynamicImage::ImageRgba8(rgb.to_rgba8()),
                image::ColorType::Rgba16,
            ),
            (
                DynamicImage::ImageRgb16(rgb.to_rgb16()),
                image::ColorType::Rgb16,
            ),
            // 32-bit float: taken as 16-bit RGBA.
            (
                DynamicImage::ImageRgb32F(rgb.to_rgb32f()),
                image::ColorType::Rgba16,
            ),
        ];
        for (picture, color) in pictures {
            let small = scale(&picture, (0, 0, 200, 200), 20, 20, &[]);
            assert_eq!(small.color(), color, "{:?}", picture.color());
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

    /// The sizes WordPress 6.9.7 made of four uploads (its Imagick editor, ImageMagick 6.9.11
    /// Q16, libpng 1.6), byte for byte. JPEG: libjpeg-turbo's decoding, the sampling down to
    /// five times the size (the photo's medium and large), ImageMagick's triangle resize, a crop
    /// (the thumbnails), rounding to 8 bits, the fast DCT, the original's EXIF. PNG: truncation
    /// to 8 bits, an RGB picture with filtered rows, a palette one without, zlib's window. WebP:
    /// a lossless original's size, lossless at quality 100.
    #[test]
    fn sizes_are_wordpresss_own_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let mut checked = 0;
        for (upload, format, mime, made) in [
            (
                "photo.jpg",
                ImageFormat::Jpeg,
                "image/jpeg",
                &[
                    "photo-300x200.jpg",
                    "photo-150x150.jpg",
                    "photo-1024x683.jpg",
                ][..],
            ),
            (
                "made-151x299.jpg",
                ImageFormat::Jpeg,
                "image/jpeg",
                &["made-151x299-150x150.jpg"][..],
            ),
            (
                "made-1535x36.png",
                ImageFormat::Png,
                "image/png",
                &["made-1535x36-300x7.png"][..],
            ),
            (
                "made-6x2048.png",
                ImageFormat::Png,
                "image/png",
                &["made-6x2048-6x150.png", "made-6x2048-1x300.png"][..],
            ),
            (
                "made-301x299.webp",
                ImageFormat::WebP,
                "image/webp",
                &["made-301x299-150x150.webp"][..],
            ),
            // EXIF at 72.6 per centimetre over JFIF's 300 per inch: JFIF at 72 per centimetre,
            // IFD0 at 73/1, IFD1 left at its 72 per inch.
            (
                "enc-resolution.jpg",
                ImageFormat::Jpeg,
                "image/jpeg",
                &["enc-resolution-150x150.jpg"][..],
            ),
            // CMYK, read as ImageMagick's inks and written back as YCCK with its sampling.
            (
                "enc-cmyk.jpg",
                ImageFormat::Jpeg,
                "image/jpeg",
                &["enc-cmyk-150x150.jpg"][..],
            ),
            // Palette PNGs: reduced to 256 colours; with tRNS, ImageMagick's chunks and white
            // as the background; grey ones as `png8`, whose alpha is one bit.
            (
                "enc-pal.png",
                ImageFormat::Png,
                "image/png",
                &["enc-pal-150x150.png"][..],
            ),
            (
                "enc-pal-alpha.png",
                ImageFormat::Png,
                "image/png",
                &["enc-pal-alpha-300x225.png"][..],
            ),
            (
                "enc-pal-grey-clear.png",
                ImageFormat::Png,
                "image/png",
                &["enc-pal-grey-clear-150x150.png"][..],
            ),
        ] {
            let files = concat!(env!("CARGO_MANIFEST_DIR"), "/conformance/files/");
            let original = std::fs::read(format!("{files}{upload}")).unwrap();
            let img = crate::images::decode::decode(&original).unwrap();
            make_subsizes(
                &img,
                format,
                dir.path(),
                upload,
                mime,
                &original,
                &SiteSizes::default(),
            );
            for name in made {
                let wordpress = std::fs::read(format!(
                    "{}/src/images/wordpress-6.9.7-sizes/{name}",
                    env!("CARGO_MANIFEST_DIR")
                ))
                .unwrap();
                let ours = std::fs::read(dir.path().join(name)).unwrap();
                let kinds = |file: &[u8]| -> Vec<Vec<u8>> {
                    super::super::libpng::chunks(file)
                        .map(|(kind, _)| kind.to_vec())
                        .collect()
                };
                assert_eq!(kinds(&ours), kinds(&wordpress), "{name}: chunks");
                assert!(
                    without_times(&ours) == without_times(&wordpress),
                    "{name}: {} bytes, WordPress's {}",
                    ours.len(),
                    wordpress.len()
                );
                checked += 1;
            }
        }
        assert_eq!(checked, 13);
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
        let dims: Vec<_> = SiteSizes::default()
            .creation_order()
            .into_iter()
            .filter_map(|s| resize_dimensions(2200, 1500, s.width, s.height, s.crop))
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
        let (sizes, written) = make_subsizes(
            &img,
            ImageFormat::Png,
            dir.path(),
            "photo.png",
            "image/png",
            &[],
            &SiteSizes::default(),
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
        let (sizes, _) = make_subsizes(
            &img,
            ImageFormat::Jpeg,
            dir.path(),
            "rotated.jpg",
            "image/jpeg",
            &original,
            &SiteSizes::default(),
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
    fn a_sites_sizes_come_from_its_settings_and_its_flags() {
        let options = |name: &str| {
            Ok::<_, ()>(match name {
                "medium_size_w" => Some("400".to_owned()),
                "medium_size_h" => Some(" 250abc".to_owned()),
                "thumbnail_crop" => Some("0".to_owned()),
                "medium_large_size_w" => Some("0".to_owned()),
                _ => None,
            })
        };
        let extra = vec![
            Size::new("card", 600, 400, true),
            Size::new("large", 900, 900, false),
        ];
        let sizes = SiteSizes::of(options, extra, None).unwrap();
        let registered: Vec<_> = sizes
            .registered()
            .map(|s| (s.name.as_str(), s.width, s.height, s.crop))
            .collect();
        assert_eq!(
            registered,
            [
                ("thumbnail", 150, 150, false),
                ("medium", 400, 250, false),
                ("large", 900, 900, false),
                ("1536x1536", 1536, 1536, false),
                ("2048x2048", 2048, 2048, false),
                ("card", 600, 400, true),
            ],
            "medium_large has no bound left; `large` is replaced where it stands"
        );
        let made: Vec<_> = sizes
            .creation_order()
            .iter()
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            made,
            [
                "medium",
                "large",
                "thumbnail",
                "1536x1536",
                "2048x2048",
                "card"
            ]
        );
        assert_eq!(sizes.big_image_threshold, None);
        assert_eq!(SiteSizes::default().big_image_threshold, Some(2560));
    }

    #[test]
    fn a_small_image_gets_no_sizes() {
        assert!(SiteSizes::default()
            .registered()
            .all(|s| resize_dimensions(40, 30, s.width, s.height, s.crop).is_none()));
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
