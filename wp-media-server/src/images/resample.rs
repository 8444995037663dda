//! The two ImageMagick 6 scalers WordPress's Imagick editor calls for every size it makes:
//! `SampleImage` (nearest pixel) and `ResizeImage` with the triangle filter. Both are followed
//! to the pixel, in ImageMagick's 16-bit quantum (Q16, without HDRI, as Debian builds it): the
//! pass order, the triangle weights and their normalising, the rounding of the intermediate
//! picture and the scaling back to 8 bits. A sub-size that differs from WordPress's in even a
//! few pixels encodes to a different JPEG or PNG, and the sizes WordPress reports are the sizes
//! of those files.

use super::magick::{
    clamp_to_quantum, perceptible_reciprocal, scale_to_char, EPSILON, QUANTUM_RANGE,
};
use image::{DynamicImage, ImageBuffer, Luma, LumaA, Rgb, Rgba};
use std::borrow::Cow;
use std::collections::VecDeque;

/// An upload's decoded picture read as ImageMagick's 16-bit quanta (an 8-bit value `v` is
/// `v * 257`, as `ScaleCharToQuantum`), without a copy: each size reads the rows it needs
/// through a [`View`], widened as they are read.
pub struct Picture<'a> {
    width: usize,
    height: usize,
    channels: usize,
    /// Whether the last channel is alpha (else all are colours, or inks).
    alpha: bool,
    pixels: Pixels<'a>,
}

enum Pixels<'a> {
    Eight(&'a [u8]),
    Sixteen(Cow<'a, [u16]>),
}

impl<'a> Picture<'a> {
    /// The picture with its channels: grey or colour, with or without alpha (anything else is
    /// read as 16-bit RGBA).
    pub fn of(img: &'a DynamicImage) -> Picture<'a> {
        let (channels, pixels) = match img {
            DynamicImage::ImageLuma8(i) => (1, Pixels::Eight(i.as_raw())),
            DynamicImage::ImageLumaA8(i) => (2, Pixels::Eight(i.as_raw())),
            DynamicImage::ImageRgb8(i) => (3, Pixels::Eight(i.as_raw())),
            DynamicImage::ImageRgba8(i) => (4, Pixels::Eight(i.as_raw())),
            DynamicImage::ImageLuma16(i) => (1, Pixels::Sixteen(Cow::Borrowed(i.as_raw()))),
            DynamicImage::ImageLumaA16(i) => (2, Pixels::Sixteen(Cow::Borrowed(i.as_raw()))),
            DynamicImage::ImageRgb16(i) => (3, Pixels::Sixteen(Cow::Borrowed(i.as_raw()))),
            DynamicImage::ImageRgba16(i) => (4, Pixels::Sixteen(Cow::Borrowed(i.as_raw()))),
            other => (4, Pixels::Sixteen(Cow::Owned(other.to_rgba16().into_raw()))),
        };
        Picture {
            width: img.width() as usize,
            height: img.height() as usize,
            channels,
            alpha: channels % 2 == 0,
            pixels,
        }
    }

    /// A CMYK picture carried in the four channels of an RGBA one (the last black, not alpha):
    /// all four are filtered alike, as ImageMagick filters the inks.
    pub fn inks(img: &'a DynamicImage) -> Picture<'a> {
        Picture {
            alpha: false,
            ..Picture::of(img)
        }
    }

    pub fn width(&self) -> u32 {
        self.width as u32
    }

    pub fn height(&self) -> u32 {
        self.height as u32
    }

    /// ImageMagick's `CropImage`: the `width` × `height` pixels at `(x, y)`, clipped to the
    /// picture.
    pub fn region(&self, x: u32, y: u32, width: u32, height: u32) -> View<'_> {
        let x = (x as usize).min(self.width);
        let y = (y as usize).min(self.height);
        let width = (width as usize).min(self.width - x);
        let height = (height as usize).min(self.height - y);
        View {
            picture: self,
            columns: (x..x + width).collect(),
            rows: (y..y + height).collect(),
        }
    }
}

/// Part of a [`Picture`], cut or sampled: which of its columns and rows make each of the view's.
pub struct View<'p> {
    picture: &'p Picture<'p>,
    columns: Vec<usize>,
    rows: Vec<usize>,
}

impl View<'_> {
    /// ImageMagick's `SampleImage`: each pixel taken whole from the pixel under its centre
    /// (offset a hair under one half, as ImageMagick sets it).
    pub fn sample(&self, width: u32, height: u32) -> View<'_> {
        let offset = 0.5 - EPSILON;
        let pick = |from: &[usize], to: usize| -> Vec<usize> {
            (0..to)
                .map(|i| {
                    let at = ((i as f64 + offset) * from.len() as f64 / to as f64) as usize;
                    from[at.min(from.len().saturating_sub(1))]
                })
                .collect()
        };
        View {
            picture: self.picture,
            columns: pick(&self.columns, width as usize),
            rows: pick(&self.rows, height as usize),
        }
    }

    /// ImageMagick's `ResizeImage(width, height, TriangleFilter, blur 1)`. It filters first
    /// along the axis that shrinks less, and rounds the picture between the passes to whole
    /// quanta.
    pub fn resize(&self, width: u32, height: u32) -> Quanta {
        let (width, height) = (width as usize, height as usize);
        let x_factor = width as f64 / self.columns.len() as f64;
        let y_factor = height as f64 / self.rows.len() as f64;
        if x_factor > y_factor {
            filter_columns(&filter_rows(self, width), height)
        } else {
            filter_rows(&filter_columns(self, height), width)
        }
    }
}

/// Rows of quanta, as a filter pass reads them.
trait Rows {
    fn width(&self) -> usize;
    fn height(&self) -> usize;
    fn channels(&self) -> usize;
    /// Whether the last channel is alpha.
    fn alpha(&self) -> bool;
    /// Row `y`, into `buffer` (emptied first).
    fn read_row(&self, y: usize, buffer: &mut Vec<u16>);
}

impl Rows for View<'_> {
    fn width(&self) -> usize {
        self.columns.len()
    }

    fn height(&self) -> usize {
        self.rows.len()
    }

    fn channels(&self) -> usize {
        self.picture.channels
    }

    fn alpha(&self) -> bool {
        self.picture.alpha
    }

    fn read_row(&self, y: usize, buffer: &mut Vec<u16>) {
        let c = self.picture.channels;
        let line = self.rows[y] * self.picture.width * c;
        buffer.clear();
        // A cut (not sampled) view reads one run of each row.
        let first = self.columns.first().copied().unwrap_or(0);
        let run = self
            .columns
            .last()
            .is_some_and(|&last| last + 1 - first == self.columns.len());
        match &self.picture.pixels {
            Pixels::Eight(data) if run => {
                let pixels = &data[line + first * c..line + (first + self.columns.len()) * c];
                buffer.extend(pixels.iter().map(|&v| u16::from(v) * 257));
            }
            Pixels::Sixteen(data) if run => {
                buffer.extend_from_slice(
                    &data[line + first * c..line + (first + self.columns.len()) * c],
                );
            }
            Pixels::Eight(data) => {
                for &x in &self.columns {
                    let pixel = &data[line + x * c..line + (x + 1) * c];
                    buffer.extend(pixel.iter().map(|&v| u16::from(v) * 257));
                }
            }
            Pixels::Sixteen(data) => {
                for &x in &self.columns {
                    buffer.extend_from_slice(&data[line + x * c..line + (x + 1) * c]);
                }
            }
        }
    }
}

impl Rows for Quanta {
    fn width(&self) -> usize {
        self.width
    }

    fn height(&self) -> usize {
        self.height
    }

    fn channels(&self) -> usize {
        self.channels
    }

    fn alpha(&self) -> bool {
        self.alpha
    }

    fn read_row(&self, y: usize, buffer: &mut Vec<u16>) {
        let length = self.width * self.channels;
        buffer.clear();
        buffer.extend_from_slice(&self.data[y * length..(y + 1) * length]);
    }
}

/// A resized picture in 16-bit quanta: `channels` values a pixel, row by row; with `alpha`, the
/// last is alpha (four channels without it are CMYK's inks).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quanta {
    width: usize,
    height: usize,
    channels: usize,
    alpha: bool,
    data: Vec<u16>,
}

impl Quanta {
    /// The quanta as a 16-bit picture of the same channels. They stay 16-bit until an encoder
    /// takes them: ImageMagick keeps them so (Imagick's `setImageDepth` only labels the
    /// picture), and each of its encoders narrows them its own way ([`Narrowing`]).
    pub fn into_image(self) -> DynamicImage {
        let (w, h) = (self.width as u32, self.height as u32);
        match self.channels {
            1 => ImageBuffer::<Luma<u16>, _>::from_raw(w, h, self.data)
                .map(DynamicImage::ImageLuma16),
            2 => ImageBuffer::<LumaA<u16>, _>::from_raw(w, h, self.data)
                .map(DynamicImage::ImageLumaA16),
            3 => {
                ImageBuffer::<Rgb<u16>, _>::from_raw(w, h, self.data).map(DynamicImage::ImageRgb16)
            }
            _ => ImageBuffer::<Rgba<u16>, _>::from_raw(w, h, self.data)
                .map(DynamicImage::ImageRgba16),
        }
        .expect("the buffer holds width × height pixels")
    }
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

/// Each row of `src` filtered to `dst_width` pixels. Colour is weighted by alpha where there is
/// alpha, so that transparent pixels lend no colour; alpha itself is filtered as opacity.
fn filter_rows(src: &impl Rows, dst_width: usize) -> Quanta {
    match src.channels() {
        1 => rows_of::<1>(src, dst_width),
        2 => rows_of::<2>(src, dst_width),
        3 => rows_of::<3>(src, dst_width),
        _ => rows_of::<4>(src, dst_width),
    }
}

fn rows_of<const C: usize>(src: &impl Rows, dst_width: usize) -> Quanta {
    let alpha = src.alpha();
    let colours = if alpha { C - 1 } else { C };
    let plan = contributions(src.width(), dst_width);
    let mut data = vec![0u16; dst_width * src.height() * C];
    let mut buffer = Vec::new();
    for (y, out_row) in data.chunks_exact_mut(dst_width * C).enumerate() {
        src.read_row(y, &mut buffer);
        for (contribution, out) in plan.iter().zip(out_row.chunks_exact_mut(C)) {
            let pixels = buffer[contribution.start * C..].chunks_exact(C);
            let mut sums = [0.0f64; C];
            if !alpha {
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
            let mut coverage = Coverage::default();
            for (&weight, pixel) in contribution.weights.iter().zip(pixels) {
                coverage.add(&mut sums[..colours], weight, pixel);
            }
            coverage.finish(&sums[..colours], out);
        }
    }
    Quanta {
        width: dst_width,
        height: src.height(),
        channels: C,
        alpha,
        data,
    }
}

/// Each column of `src` filtered to `dst_height` pixels, a whole output row at a time: the
/// source rows under a row's contributions are added up in their order, as ImageMagick adds
/// them pixel by pixel.
fn filter_columns(src: &impl Rows, dst_height: usize) -> Quanta {
    let (width, c) = (src.width(), src.channels());
    let alpha = src.alpha();
    let colours = if alpha { c - 1 } else { c };
    let row_len = width * c;
    let plan = contributions(src.height(), dst_height);
    let mut data = vec![0u16; row_len * dst_height];
    let mut sums = vec![0.0f64; row_len];
    // With alpha: what each pixel's colour was weighted by, and its opacity.
    let mut coverage = vec![Coverage::default(); if alpha { width } else { 0 }];
    // The source rows under the current output row, read once each: the windows of successive
    // output rows only move down.
    let mut window: VecDeque<(usize, Vec<u16>)> = VecDeque::new();
    let mut spare: Vec<Vec<u16>> = Vec::new();
    for (contribution, out_row) in plan.iter().zip(data.chunks_exact_mut(row_len)) {
        sums.fill(0.0);
        coverage.fill(Coverage::default());
        while window.front().is_some_and(|(y, _)| *y < contribution.start) {
            spare.extend(window.pop_front().map(|(_, row)| row));
        }
        let end = contribution.start + contribution.weights.len();
        let mut next = window.back().map_or(contribution.start, |(y, _)| y + 1);
        while next < end {
            let mut row = spare.pop().unwrap_or_default();
            src.read_row(next, &mut row);
            window.push_back((next, row));
            next += 1;
        }
        for (&weight, (_, row)) in contribution.weights.iter().zip(&window) {
            if !alpha {
                for (sum, &value) in sums.iter_mut().zip(row) {
                    *sum += weight * f64::from(value);
                }
                continue;
            }
            for (x, pixel) in row.chunks_exact(c).enumerate() {
                coverage[x].add(&mut sums[x * c..x * c + colours], weight, pixel);
            }
        }
        if !alpha {
            for (out, &sum) in out_row.iter_mut().zip(&sums) {
                *out = clamp_to_quantum(sum);
            }
            continue;
        }
        for (x, out) in out_row.chunks_exact_mut(c).enumerate() {
            coverage[x].finish(&sums[x * c..x * c + colours], out);
        }
    }
    Quanta {
        width,
        height: dst_height,
        channels: c,
        alpha,
        data,
    }
}

/// What a filter adds up for a pixel with alpha besides its colour: the alpha its colour was
/// weighted by (ImageMagick's `gamma`) and the opacity. Both passes add pixels the one way.
#[derive(Clone, Copy, Default)]
struct Coverage {
    gamma: f64,
    opacity: f64,
}

impl Coverage {
    /// `pixel` (its colours, then alpha) at `weight`: the colours into `sums` weighted by alpha,
    /// so that transparent pixels lend no colour, and the alpha as opacity.
    #[inline]
    fn add(&mut self, sums: &mut [f64], weight: f64, pixel: &[u16]) {
        let alpha = pixel[sums.len()];
        let coverage = weight * (1.0 / QUANTUM_RANGE) * f64::from(alpha);
        for (sum, &value) in sums.iter_mut().zip(pixel) {
            *sum += coverage * f64::from(value);
        }
        self.opacity += weight * f64::from(u16::MAX - alpha);
        self.gamma += coverage;
    }

    /// The output pixel: the colours divided by the alpha they were weighted by, and alpha
    /// from the opacity.
    #[inline]
    fn finish(self, sums: &[f64], out: &mut [u16]) {
        let reciprocal = perceptible_reciprocal(self.gamma);
        for (out, &sum) in out.iter_mut().zip(sums) {
            *out = clamp_to_quantum(reciprocal * sum);
        }
        out[sums.len()] = u16::MAX - clamp_to_quantum(self.opacity);
    }
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
    // With two or four channels, the last is alpha.
    let narrow = |values: &[u16], channels: usize| -> Vec<u8> {
        let alpha = channels.is_multiple_of(2);
        values
            .iter()
            .enumerate()
            .map(|(i, &v)| match narrowing {
                Narrowing::Round => scale_to_char(v),
                Narrowing::Truncate => {
                    let down = |v: u16| (255.0 * f64::from(v) / QUANTUM_RANGE) as u8;
                    if alpha && i % channels == channels - 1 {
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
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), 1)).map(DynamicImage::ImageLuma8)
        }
        DynamicImage::ImageLumaA16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), 2)).map(DynamicImage::ImageLumaA8)
        }
        DynamicImage::ImageRgb16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), 3)).map(DynamicImage::ImageRgb8)
        }
        DynamicImage::ImageRgba16(i) => {
            ImageBuffer::from_raw(w, h, narrow(i.as_raw(), 4)).map(DynamicImage::ImageRgba8)
        }
        _ => return Cow::Borrowed(img),
    };
    Cow::Owned(narrowed.expect("the buffer holds width × height pixels"))
}

#[cfg(test)]
mod tests {
    use super::super::magick::fixture;
    use super::*;

    /// `convert F.png -filter Triangle -resize WxH! -depth 16` (ImageMagick 6.9.11-60 Q16, as
    /// Debian builds it) for a colour, a transparent and a grey 40×30 picture: shrinking both
    /// ways with either pass first, and widening one way while shrinking the other. Every
    /// quantum must match.
    #[test]
    fn resizing_matches_imagemagick_quantum_for_quantum() {
        for picture in ["rgb", "rgba", "gray"] {
            let source = fixture(&format!("{picture}.png"));
            for (w, h) in [(13, 7), (7, 19), (61, 11)] {
                let quanta = Picture::of(&source);
                let whole = quanta.region(0, 0, source.width(), source.height());
                let ours = whole.resize(w, h).into_image();
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
        let picture = Picture::of(&img);
        let sampled = picture
            .region(0, 0, 10, 1)
            .sample(4, 1)
            .resize(4, 1)
            .into_image()
            .to_luma8();
        // Centres at 1.25, 3.75, 6.25 and 8.75 source pixels.
        assert_eq!(sampled.as_raw(), &[1, 3, 6, 8]);
    }

    #[test]
    fn cropping_keeps_the_rectangle_within_the_picture() {
        let img = DynamicImage::ImageRgb8(image::ImageBuffer::from_fn(5, 4, |x, y| {
            Rgb([x as u8, y as u8, 9])
        }));
        let picture = Picture::of(&img);
        let cut = picture
            .region(3, 1, 10, 2)
            .resize(2, 2)
            .into_image()
            .to_rgb8();
        assert_eq!(cut.dimensions(), (2, 2));
        assert_eq!(cut.get_pixel(0, 0).0, [3, 1, 9]);
        assert_eq!(cut.get_pixel(1, 1).0, [4, 2, 9]);
    }
}
