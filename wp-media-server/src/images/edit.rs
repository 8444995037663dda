//! The picture operations of `/wp/v2/media/{id}/edit` as WordPress's ImageMagick editor performs
//! them: flips, rotations by any angle, and crops. What clients see of them is the geometry (the
//! edited copy's size, and so its sub-sizes), so that follows ImageMagick 6's arithmetic to the
//! pixel: its crop clipping, its 1×1 answer to a crop outside the picture, and the best-fit canvas
//! of a rotation that is not a multiple of 90°.

use image::{DynamicImage, GenericImageView, Rgba, RgbaImage};

/// `flipImage` mirrors top and bottom; `flopImage` left and right.
pub fn flip(img: DynamicImage, top_to_bottom: bool, left_to_right: bool) -> DynamicImage {
    let img = if top_to_bottom { img.flipv() } else { img };
    if left_to_right {
        img.fliph()
    } else {
        img
    }
}

/// `RotateImage` by `degrees` clockwise with a transparent background. A multiple of 90° turns
/// the pixels exactly; any other angle is a distortion onto a canvas that just holds the turned
/// picture, sized as ImageMagick's best fit sizes it.
pub fn rotate(img: &DynamicImage, degrees: f64) -> DynamicImage {
    // ImageMagick's own reduction: an angle within 45° of a quarter turn is that many quarter
    // turns, and it distorts only when what is left is more than its epsilon.
    let mut angle = degrees % 360.0;
    while angle < -45.0 {
        angle += 360.0;
    }
    let mut quarter_turns = 0;
    while angle > 45.0 {
        angle -= 90.0;
        quarter_turns += 1;
    }
    let shear_x = -(angle.to_radians() / 2.0).tan();
    let shear_y = angle.to_radians().sin();
    if shear_x.abs() < MAGICK_EPSILON && shear_y.abs() < MAGICK_EPSILON {
        return match quarter_turns % 4 {
            1 => img.rotate90(),
            2 => img.rotate180(),
            3 => img.rotate270(),
            _ => img.clone(),
        };
    }
    distort_rotate(img, degrees)
}

/// ImageMagick 6's `MagickEpsilon`.
const MAGICK_EPSILON: f64 = 1.0e-12;

/// The canvas of a best-fit distortion: the corners mapped forward, then
/// `floor(min - 0.5)` and `ceil(max - origin + 0.5)` on each axis, as ImageMagick bounds it.
fn best_fit(width: f64, height: f64, cos: f64, sin: f64) -> (i64, i64, u32, u32) {
    let (cx, cy) = (width / 2.0, height / 2.0);
    let corners = [(0.0, 0.0), (width, 0.0), (0.0, height), (width, height)];
    let mapped = corners.map(|(x, y)| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
    });
    let min_x = mapped.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let max_x = mapped.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
    let min_y = mapped.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let max_y = mapped.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
    let x = (min_x - 0.5).floor();
    let y = (min_y - 0.5).floor();
    let w = (max_x - x + 0.5).ceil();
    let h = (max_y - y + 0.5).ceil();
    (x as i64, y as i64, w as u32, h as u32)
}

/// The picture turned by `degrees` clockwise about its centre onto its best-fit canvas, each
/// pixel sampled bilinearly from where it came from; what came from outside is transparent.
fn distort_rotate(img: &DynamicImage, degrees: f64) -> DynamicImage {
    let source = img.to_rgba8();
    let (width, height) = (f64::from(source.width()), f64::from(source.height()));
    let (sin, cos) = degrees.to_radians().sin_cos();
    let (x0, y0, out_w, out_h) = best_fit(width, height, cos, sin);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let out = RgbaImage::from_fn(out_w, out_h, |i, j| {
        let (x, y) = (
            x0 as f64 + f64::from(i) + 0.5,
            y0 as f64 + f64::from(j) + 0.5,
        );
        let (dx, dy) = (x - cx, y - cy);
        // The inverse turn: where this pixel's centre was before.
        let (sx, sy) = (cx + dx * cos + dy * sin, cy - dx * sin + dy * cos);
        bilinear(&source, sx - 0.5, sy - 0.5)
    });
    DynamicImage::ImageRgba8(out)
}

/// The colour at (`x`, `y`) between pixel centres; outside the picture, transparent black.
fn bilinear(img: &RgbaImage, x: f64, y: f64) -> Rgba<u8> {
    let (w, h) = (i64::from(img.width()), i64::from(img.height()));
    let (fx, fy) = (x.floor(), y.floor());
    let (tx, ty) = (x - fx, y - fy);
    let pixel = |px: i64, py: i64| -> [f64; 4] {
        if px < 0 || py < 0 || px >= w || py >= h {
            return [0.0; 4];
        }
        img.get_pixel(px as u32, py as u32).0.map(f64::from)
    };
    let (px, py) = (fx as i64, fy as i64);
    let corners = [
        (pixel(px, py), (1.0 - tx) * (1.0 - ty)),
        (pixel(px + 1, py), tx * (1.0 - ty)),
        (pixel(px, py + 1), (1.0 - tx) * ty),
        (pixel(px + 1, py + 1), tx * ty),
    ];
    let mut out = [0.0; 4];
    for (value, weight) in corners {
        for (o, v) in out.iter_mut().zip(value) {
            *o += v * weight;
        }
    }
    Rgba(out.map(|v| v.round().clamp(0.0, 255.0) as u8))
}

/// Writes a GIF's logical screen as ImageMagick does from the picture's page: on each side the
/// larger of the picture and the page, in the header's 16 bits. `gif` is a GIF the image crate
/// wrote, whose screen is the picture's size.
pub fn set_gif_screen(gif: &mut [u8], page: (u64, u64)) {
    let Some(header) = gif.get_mut(6..10) else {
        return;
    };
    let width = u64::from(u16::from_le_bytes([header[0], header[1]]));
    let height = u64::from(u16::from_le_bytes([header[2], header[3]]));
    let screen_w = width.max(page.0) as u16;
    let screen_h = height.max(page.1) as u16;
    header[..2].copy_from_slice(&screen_w.to_le_bytes());
    header[2..].copy_from_slice(&screen_h.to_le_bytes());
}

/// What a crop gives when it does not leave a picture.
#[derive(Debug, PartialEq, Eq)]
pub struct NothingLeft;

/// `CropImage` of the rectangle at (`x`, `y`) of `width`×`height`, the values PHP passes to
/// Imagick (a negative size wraps to a huge unsigned one, as the C call receives it). A zero side
/// means the whole side; a rectangle partly outside is clipped; one wholly outside gives a 1×1
/// transparent picture; one whose clipping leaves nothing fails.
pub fn crop(
    img: &DynamicImage,
    x: i64,
    y: i64,
    width: i64,
    height: i64,
) -> Result<DynamicImage, NothingLeft> {
    let (columns, rows) = img.dimensions();
    let (columns, rows) = (u64::from(columns), u64::from(rows));
    let (width, height) = (width as u64, height as u64);
    if misses(columns, x, width) || misses(rows, y, height) {
        return Ok(one_transparent_pixel(img));
    }
    let (x, width) = clip(columns, x, width)?;
    let (y, height) = clip(rows, y, height)?;
    Ok(img.crop_imm(x, y, width, height))
}

/// Whether the rectangle lies wholly before or after the picture on one axis (a zero size being
/// the whole side).
fn misses(extent: u64, start: i64, size: u64) -> bool {
    let size = if size == 0 { extent } else { size };
    start.wrapping_neg() >= size as i64 || start > extent as i64
}

/// One axis of the crop, clipped to the picture; `Err` when nothing is left.
fn clip(extent: u64, start: i64, wanted: u64) -> Result<(u32, u32), NothingLeft> {
    let mut size = if wanted == 0 { extent } else { wanted };
    size = size.wrapping_add(start as u64);
    let start = start.max(0);
    if start.wrapping_add(size as i64) > extent as i64 {
        size = extent - start as u64;
    }
    if wanted != 0 && size > wanted {
        size = wanted;
    }
    if size == 0 {
        return Err(NothingLeft);
    }
    Ok((start as u32, size as u32))
}

/// The 1×1 picture ImageMagick gives for a crop outside the canvas, of the picture's own kind.
fn one_transparent_pixel(img: &DynamicImage) -> DynamicImage {
    let pixel = DynamicImage::ImageRgba8(RgbaImage::new(1, 1));
    match img {
        DynamicImage::ImageRgb8(_) => DynamicImage::ImageRgb8(pixel.to_rgb8()),
        DynamicImage::ImageLuma8(_) => DynamicImage::ImageLuma8(pixel.to_luma8()),
        _ => pixel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(width: u32, height: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(width, height, |x, y| {
            image::Rgb([x as u8, y as u8, 7])
        }))
    }

    fn size(img: &DynamicImage) -> (u32, u32) {
        img.dimensions()
    }

    /// Sizes WordPress 6.9.7 (ImageMagick 6.9.11) gave to edits of a 1200×800 JPEG and a 40×30
    /// PNG; the crop's arguments are what `edit_media_item` computes from the percentages.
    #[test]
    fn rotations_take_imagemagick_canvases() {
        let photo = picture(1200, 800);
        // `modifiers` angle 90 reaches ImageMagick as 450°.
        assert_eq!(size(&rotate(&photo, 450.0)), (800, 1200));
        assert_eq!(size(&rotate(&photo, 360.0)), (1200, 800));
        assert_eq!(size(&rotate(&photo, 405.0)), (1416, 1416));
        assert_eq!(size(&rotate(&photo, 329.5)), (1442, 1300));
        assert_eq!(size(&rotate(&picture(40, 30), 405.0)), (52, 52));
    }

    #[test]
    fn quarter_turns_move_pixels_exactly() {
        let photo = picture(3, 2);
        let turned = rotate(&photo, 450.0).to_rgb8();
        // Clockwise: the bottom-left pixel comes to the top-left.
        assert_eq!(turned.get_pixel(0, 0).0, [0, 1, 7]);
        let back = rotate(&photo, 270.0).to_rgb8();
        assert_eq!(back.get_pixel(0, 0).0, [2, 0, 7]);
    }

    #[test]
    fn crops_clip_as_imagemagick_does() {
        let photo = picture(1200, 800);
        let crop_size = |x, y, w, h| crop(&photo, x, y, w, h).map(|img| size(&img));
        assert_eq!(crop_size(120, 160, 600, 240), Ok((600, 240)));
        assert_eq!(crop_size(-120, -80, 600, 400), Ok((480, 320)));
        assert_eq!(crop_size(1080, 720, 600, 400), Ok((120, 80)));
        assert_eq!(crop_size(1800, 0, 600, 400), Ok((1, 1)));
        assert_eq!(crop_size(1200, 0, 600, 400), Err(NothingLeft));
        assert_eq!(crop_size(0, 0, 0, 400), Ok((1200, 400)));
        assert_eq!(crop_size(0, 0, 0, 0), Ok((1200, 800)));
        assert_eq!(crop_size(120, 80, -240, 400), Ok((1, 1)));
        // `(int) round(1.2e31)` in PHP 8.2 on 64 bits.
        assert_eq!(
            crop_size(0, 0, 5_582_211_738_125_729_792, 400),
            Ok((1200, 400))
        );
    }

    #[test]
    fn a_gif_screen_takes_the_larger_of_picture_and_page() {
        let img = DynamicImage::ImageRgba8(RgbaImage::new(380, 1));
        let mut gif =
            crate::images::sizes::encode_to_vec(&img, image::ImageFormat::Gif, &[]).unwrap();
        set_gif_screen(&mut gif, (507, 0));
        assert_eq!(crate::images::decode::dimensions(&gif), Some((507, 1)));
        // A page from a negative size wraps, and the header keeps its low 16 bits.
        set_gif_screen(&mut gif, (-240_i64 as u64, 0));
        assert_eq!(crate::images::decode::dimensions(&gif), Some((65296, 1)));
    }

    #[test]
    fn flips_mirror_the_named_axis() {
        let photo = picture(3, 2);
        assert_eq!(
            flip(photo.clone(), true, false).to_rgb8().get_pixel(0, 0).0,
            [0, 1, 7]
        );
        assert_eq!(
            flip(photo, false, true).to_rgb8().get_pixel(0, 0).0,
            [2, 0, 7]
        );
    }
}
