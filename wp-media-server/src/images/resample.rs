//! The two ImageMagick 6 scalers WordPress's Imagick editor calls for every size it makes:
//! `SampleImage` (nearest pixel) and `ResizeImage` with the triangle filter. Both are followed
//! to the pixel, in ImageMagick's 16-bit quantum (Q16, without HDRI, as Debian builds it): the
//! pass order, the triangle weights and their normalising, the rounding of the intermediate
//! picture and the scaling back to 8 bits. A sub-size that differs from WordPress's in even a
//! few pixels encodes to a different JPEG or PNG, and the sizes WordPress reports are the sizes
//! of those files.

use image::{DynamicImage, ImageBuffer, Luma, LumaA, Rgb, Rgba};
use std::borrow::Cow;

/// ImageMagick's `MagickEpsilon`: the nudge it adds to each sample's centre.
const EPSILON: f64 = 1.0e-12;
/// The largest value of a 16-bit quantum.
const QUANTUM_RANGE: f64 = 65535.0;

/// A picture in ImageMagick's 16-bit quantum: `channels` values a pixel, row by row; with two or
/// four channels, the last is alpha.
struct Quanta {
    width: usize,
    height: usize,
    channels: usize,
    data: Vec<u16>,
}

impl Quanta {
    fn has_alpha(&self) -> bool {
        self.channels.is_multiple_of(2)
    }

    /// The picture turned on its diagonal, so that a pass along columns can run along rows.
    fn transposed(&self) -> Quanta {
        let c = self.channels;
        let mut data = vec![0; self.data.len()];
        for y in 0..self.height {
            for x in 0..self.width {
                let from = (y * self.width + x) * c;
                let to = (x * self.height + y) * c;
                data[to..to + c].copy_from_slice(&self.data[from..from + c]);
            }
        }
        Quanta {
            width: self.height,
            height: self.width,
            channels: c,
            data,
        }
    }
}

/// ImageMagick's `SampleImage`: each pixel taken whole from the source pixel under its centre
/// (offset a hair under one half, as ImageMagick sets it).
pub fn sample(img: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let offset = 0.5 - EPSILON;
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

/// ImageMagick's `ResizeImage(width, height, TriangleFilter, blur 1)`, in 16-bit quanta with the
/// channels of `img` (grey or colour, with or without alpha); [`eight_bits`] narrows it as the
/// encoder that writes it would.
pub fn resize(img: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    let quanta = to_quanta(img);
    let (width, height) = (width as usize, height as usize);
    let x_factor = width as f64 / quanta.width as f64;
    let y_factor = height as f64 / quanta.height as f64;
    // ImageMagick filters first along the axis that shrinks less, and rounds the picture
    // between the passes to whole quanta.
    let resized = if x_factor > y_factor {
        let across = filter_rows(&quanta, width);
        filter_rows(&across.transposed(), height).transposed()
    } else {
        let down = filter_rows(&quanta.transposed(), height).transposed();
        filter_rows(&down, width)
    };
    from_quanta(resized)
}

/// One output sample's source pixels along an axis: the first one and the weight of each.
struct Contribution {
    start: usize,
    weights: Vec<f64>,
}

/// The triangle filter's contributions to each of `dst_len` samples from `src_len` pixels:
/// centred on the sample's position in the source, as wide as the scale when shrinking, and
/// normalised to sum to one.
fn contributions(src_len: usize, dst_len: usize) -> Vec<Contribution> {
    let factor = dst_len as f64 / src_len as f64;
    let scale = (1.0 / factor + EPSILON).max(1.0);
    let support = scale;
    let reciprocal = perceptible_reciprocal(scale);
    (0..dst_len)
        .map(|x| {
            let bisect = (x as f64 + 0.5) / factor + EPSILON;
            let start = (bisect - support + 0.5).max(0.0) as usize;
            let stop = (bisect + support + 0.5).min(src_len as f64) as usize;
            let mut weights: Vec<f64> = (start..stop)
                .map(|pixel| triangle(reciprocal * (pixel as f64 - bisect + 0.5)))
                .collect();
            let density = weights.iter().fold(0.0, |sum, w| sum + w);
            if density != 0.0 && density != 1.0 {
                let density = perceptible_reciprocal(density);
                weights.iter_mut().for_each(|w| *w *= density);
            }
            Contribution { start, weights }
        })
        .collect()
}

fn triangle(x: f64) -> f64 {
    let x = x.abs();
    if x < 1.0 {
        1.0 - x
    } else {
        0.0
    }
}

/// `1 / x`, kept finite for an `x` too close to zero.
fn perceptible_reciprocal(x: f64) -> f64 {
    let sign = if x < 0.0 { -1.0 } else { 1.0 };
    if sign * x >= EPSILON {
        1.0 / x
    } else {
        sign / EPSILON
    }
}

/// Rounds to the nearest quantum, as ImageMagick's `ClampToQuantum` does.
fn clamp_to_quantum(value: f64) -> u16 {
    if value.is_nan() || value <= 0.0 {
        0
    } else if value >= QUANTUM_RANGE {
        u16::MAX
    } else {
        (value + 0.5) as u16
    }
}

/// Each row of `src` filtered to `dst_width` pixels. Colour is weighted by alpha where there is
/// alpha, so that transparent pixels lend no colour; alpha itself is filtered as opacity.
fn filter_rows(src: &Quanta, dst_width: usize) -> Quanta {
    let c = src.channels;
    let colours = if src.has_alpha() { c - 1 } else { c };
    let plan = contributions(src.width, dst_width);
    let mut data = vec![0u16; dst_width * src.height * c];
    let mut sums = [0.0f64; 3];
    for (row, out_row) in src
        .data
        .chunks_exact(src.width * c)
        .zip(data.chunks_exact_mut(dst_width * c))
    {
        for (contribution, out) in plan.iter().zip(out_row.chunks_exact_mut(c)) {
            let pixels = row[contribution.start * c..].chunks_exact(c);
            sums.fill(0.0);
            if !src.has_alpha() {
                for (&weight, pixel) in contribution.weights.iter().zip(pixels) {
                    for (sum, &value) in sums.iter_mut().zip(pixel) {
                        *sum += weight * f64::from(value);
                    }
                }
                for (out, &sum) in out.iter_mut().zip(&sums) {
                    *out = clamp_to_quantum(sum);
                }
                continue;
            }
            let (mut gamma, mut opacity) = (0.0, 0.0);
            for (&weight, pixel) in contribution.weights.iter().zip(pixels) {
                let alpha = pixel[colours];
                let coverage = weight * (1.0 / QUANTUM_RANGE) * f64::from(alpha);
                for (sum, &value) in sums.iter_mut().zip(&pixel[..colours]) {
                    *sum += coverage * f64::from(value);
                }
                opacity += weight * f64::from(u16::MAX - alpha);
                gamma += coverage;
            }
            let gamma = perceptible_reciprocal(gamma);
            for (out, &sum) in out.iter_mut().zip(&sums[..colours]) {
                *out = clamp_to_quantum(gamma * sum);
            }
            out[colours] = u16::MAX - clamp_to_quantum(opacity);
        }
    }
    Quanta {
        width: dst_width,
        height: src.height,
        channels: c,
        data,
    }
}

/// The picture in 16-bit quanta (an 8-bit value `v` is `v * 257`, as `ScaleCharToQuantum`).
fn to_quanta(img: &DynamicImage) -> Quanta {
    let widen = |values: &[u8]| values.iter().map(|&v| u16::from(v) * 257).collect();
    let (channels, data) = match img {
        DynamicImage::ImageLuma8(i) => (1, widen(i.as_raw())),
        DynamicImage::ImageLumaA8(i) => (2, widen(i.as_raw())),
        DynamicImage::ImageRgb8(i) => (3, widen(i.as_raw())),
        DynamicImage::ImageRgba8(i) => (4, widen(i.as_raw())),
        DynamicImage::ImageLuma16(i) => (1, i.as_raw().clone()),
        DynamicImage::ImageLumaA16(i) => (2, i.as_raw().clone()),
        DynamicImage::ImageRgb16(i) => (3, i.as_raw().clone()),
        other => (4, other.to_rgba16().into_raw()),
    };
    Quanta {
        width: img.width() as usize,
        height: img.height() as usize,
        channels,
        data,
    }
}

/// The quanta as a 16-bit picture of the same channels. They stay 16-bit until an encoder takes
/// them: ImageMagick keeps them so (Imagick's `setImageDepth` only labels the picture), and
/// each of its encoders narrows them its own way ([`Narrowing`]).
fn from_quanta(q: Quanta) -> DynamicImage {
    let (w, h) = (q.width as u32, q.height as u32);
    match q.channels {
        1 => ImageBuffer::<Luma<u16>, _>::from_raw(w, h, q.data).map(DynamicImage::ImageLuma16),
        2 => ImageBuffer::<LumaA<u16>, _>::from_raw(w, h, q.data).map(DynamicImage::ImageLumaA16),
        3 => ImageBuffer::<Rgb<u16>, _>::from_raw(w, h, q.data).map(DynamicImage::ImageRgb16),
        _ => ImageBuffer::<Rgba<u16>, _>::from_raw(w, h, q.data).map(DynamicImage::ImageRgba16),
    }
    .expect("the buffer holds width × height pixels")
}

/// How an ImageMagick encoder brings 16-bit quanta down to the 8 bits it writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Narrowing {
    /// `ScaleQuantumToChar`, to the nearest value: the JPEG, WebP and GIF encoders.
    Round,
    /// `SetImageDepth(8)`, which the PNG encoder applies first: a colour to `255 q / 65535`
    /// rounded down, and alpha through its opacity, rounded down too.
    Truncate,
}

/// `img` in 8 bits a channel as an encoder narrows it; an 8-bit picture is taken as it is.
pub fn eight_bits(img: &DynamicImage, narrowing: Narrowing) -> Cow<'_, DynamicImage> {
    let (w, h) = (img.width(), img.height());
    let narrow = |values: &[u16], alpha: Option<usize>, channels: usize| -> Vec<u8> {
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| match narrowing {
                Narrowing::Round => {
                    let v = u32::from(v) + 128;
                    ((v - (v >> 8)) >> 8) as u8
                }
                Narrowing::Truncate => {
                    let down = |v: u16| (255.0 * f64::from(v) / QUANTUM_RANGE) as u8;
                    if alpha == Some(i % channels) {
                        255 - down(u16::MAX - v)
                    } else {
                        down(v)
                    }
                }
            })
            .collect()
    };
    let narrowed = match img {
        DynamicImage::ImageLuma16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), None, 1)).map(DynamicImage::ImageLuma8)
        }
        DynamicImage::ImageLumaA16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), Some(1), 2))
                .map(DynamicImage::ImageLumaA8)
        }
        DynamicImage::ImageRgb16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), None, 3)).map(DynamicImage::ImageRgb8)
        }
        DynamicImage::ImageRgba16(i) => ImageBuffer::from_raw(w, h, narrow(i.as_raw(), Some(3), 4))
            .map(DynamicImage::ImageRgba8),
        _ => return Cow::Borrowed(img),
    };
    Cow::Owned(narrowed.expect("the buffer holds width × height pixels"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> DynamicImage {
        let path = format!(
            "{}/src/images/imagemagick-6.9.11/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        image::open(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    /// `convert F.png -filter Triangle -resize WxH! -depth 16` (ImageMagick 6.9.11-60 Q16, as
    /// Debian builds it) for a colour, a transparent and a grey 40×30 picture: shrinking both
    /// ways with either pass first, and widening one way while shrinking the other. Every
    /// quantum must match.
    #[test]
    fn resizing_matches_imagemagick_quantum_for_quantum() {
        for picture in ["rgb", "rgba", "gray"] {
            let source = fixture(&format!("{picture}.png"));
            for (w, h) in [(13, 7), (7, 19), (61, 11)] {
                let ours = resize(&source, w, h);
                let theirs = fixture(&format!("{picture}-{w}x{h}.png"));
                assert_eq!(ours.color(), theirs.color(), "{picture} {w}x{h}");
                assert!(
                    ours.as_bytes() == theirs.as_bytes(),
                    "{picture} at {w}x{h} differs from ImageMagick's"
                );
            }
        }
    }

    /// ImageMagick Q16 resized a vertical step from 128 to 129 to a quantum of 33121 (128.875
    /// eighth-bit units): its JPEG encoder wrote 129 there, its PNG encoder 128.
    #[test]
    fn encoders_narrow_quanta_their_own_way() {
        let q = DynamicImage::ImageRgba16(image::ImageBuffer::from_pixel(
            1,
            1,
            Rgba([33121, 65535, 0, 32950]),
        ));
        let rounded = eight_bits(&q, Narrowing::Round)
            .to_rgba8()
            .get_pixel(0, 0)
            .0;
        assert_eq!(rounded, [129, 255, 0, 128]);
        // Alpha goes down through its opacity, so it comes out rounded up (128.2 to 129).
        let truncated = eight_bits(&q, Narrowing::Truncate)
            .to_rgba8()
            .get_pixel(0, 0)
            .0;
        assert_eq!(truncated, [128, 255, 0, 129]);
        let eight = DynamicImage::ImageRgb8(image::ImageBuffer::from_pixel(1, 1, Rgb([7, 8, 9])));
        assert!(matches!(
            eight_bits(&eight, Narrowing::Truncate),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn sampling_takes_the_pixel_under_each_centre() {
        let img =
            DynamicImage::ImageLuma8(image::ImageBuffer::from_fn(10, 1, |x, _| Luma([x as u8])));
        let sampled = sample(&img, 4, 1).to_luma8();
        // Centres at 1.25, 3.75, 6.25 and 8.75 source pixels.
        assert_eq!(sampled.as_raw(), &[1, 3, 6, 8]);
    }
}
