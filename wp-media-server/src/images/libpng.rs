//! PNG files laid out as libpng 1.6 lays them out when ImageMagick 6.9.11 writes WordPress's
//! sizes (`png:compression-filter` 5, `-level` 9, `-strategy` 1, every optional chunk excluded):
//! each row's filter chosen by libpng's heuristic, zlib's deflate in the window libpng picks,
//! and the IDAT chunks cut where libpng's buffer fills. Measured on WordPress 6.9.7's own sizes
//! (2026-12-06): zlib level 9, memory level 9 (`png_set_compression_mem_level`), strategy
//! `Z_FILTERED`, the stream's header claiming the smallest window that holds the rows; rows of a
//! palette picture unfiltered; other rows given the filter of least absolute sum, the
//! first of equals, among those libpng tries for the picture's shape (one pixel wide: None and
//! Up; one row: None and Sub).

use libz_sys as z;
use std::ffi::c_int;

/// libpng's compression buffer as ImageMagick sizes it (`png_set_compression_buffer_size`):
/// each IDAT chunk holds at most this much.
const IDAT_SIZE: usize = 32_768;

/// A PNG colour type with its bit depth, as written in IHDR.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    pub color_type: u8,
    pub bit_depth: u8,
}

impl Layout {
    pub const GREY: u8 = 0;
    pub const RGB: u8 = 2;
    pub const PALETTE: u8 = 3;
    pub const GREY_ALPHA: u8 = 4;
    pub const RGBA: u8 = 6;

    /// Bytes from one pixel to the same channel of the next (at least one), which the Sub and
    /// Paeth filters look back by.
    fn filter_step(self) -> usize {
        let channels = match self.color_type {
            Self::RGB => 3,
            Self::GREY_ALPHA => 2,
            Self::RGBA => 4,
            _ => 1,
        };
        (channels * usize::from(self.bit_depth) / 8).max(1)
    }

    fn filtered(self) -> bool {
        self.color_type != Self::PALETTE
    }
}

/// The eight bytes every PNG file starts with.
pub const SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// A picture's header and packed rows, before they are filtered and deflated.
pub struct Png {
    pub width: u32,
    pub height: u32,
    pub layout: Layout,
    /// The packed scanlines, each `row_bytes` long.
    pub rows: Vec<u8>,
    pub row_bytes: usize,
    /// RGB triples; empty without a palette.
    pub palette: Vec<u8>,
    /// The tRNS entries; empty without them.
    pub transparency: Vec<u8>,
    pub ancillary: Ancillary,
    pub compression: Compression,
}

/// How ImageMagick has libpng compress the rows, by what WordPress's editor asked of it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Compression {
    /// A size or `-scaled` copy (`png:compression-filter` 5, `-level` 9, `-strategy` 1): zlib
    /// level 9, each row's filter by libpng's heuristic (none for a palette).
    #[default]
    Resized,
    /// An edited picture, saved with no PNG options (quality 82 only): zlib level 8 and no row
    /// filtered (6.9.7's edited PNGs, colour, grey and palette alike; the same `Z_FILTERED` and
    /// memory level 9 rebuild their streams to the byte).
    Edited,
}

/// Optional chunks, each a type and its data, by where libpng places them.
#[derive(Default)]
pub struct Ancillary {
    /// Between IHDR and PLTE (gAMA, cHRM).
    pub before_palette: Vec<([u8; 4], Vec<u8>)>,
    /// After PLTE and tRNS, before the image data (bKGD, tIME).
    pub before_data: Vec<([u8; 4], Vec<u8>)>,
    /// Between the image data and IEND (tEXt).
    pub after_data: Vec<([u8; 4], Vec<u8>)>,
}

/// The PNG file.
pub fn write(png: &Png) -> Result<Vec<u8>, String> {
    let (filtered, level) = match png.compression {
        Compression::Resized => {
            let shape = (png.width, png.height);
            (filter_rows(&png.rows, png.row_bytes, shape, png.layout), 9)
        }
        Compression::Edited => (unfiltered_rows(&png.rows, png.row_bytes), 8),
    };
    let compressed = deflate(&filtered, level)?;
    let mut file = SIGNATURE.to_vec();
    let mut header = Vec::with_capacity(13);
    header.extend_from_slice(&png.width.to_be_bytes());
    header.extend_from_slice(&png.height.to_be_bytes());
    header.extend_from_slice(&[png.layout.bit_depth, png.layout.color_type, 0, 0, 0]);
    chunk(&mut file, b"IHDR", &header);
    let ancillary = &png.ancillary;
    for (kind, data) in &ancillary.before_palette {
        chunk(&mut file, kind, data);
    }
    if !png.palette.is_empty() {
        chunk(&mut file, b"PLTE", &png.palette);
    }
    if !png.transparency.is_empty() {
        chunk(&mut file, b"tRNS", &png.transparency);
    }
    for (kind, data) in &ancillary.before_data {
        chunk(&mut file, kind, data);
    }
    for part in compressed.chunks(IDAT_SIZE) {
        chunk(&mut file, b"IDAT", part);
    }
    for (kind, data) in &ancillary.after_data {
        chunk(&mut file, kind, data);
    }
    chunk(&mut file, b"IEND", &[]);
    Ok(file)
}

/// The chunks of a PNG file in order, each as its type and its data, up to the first one its
/// length runs past the end of; nothing when `file` does not start with the signature.
pub fn chunks(file: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = file.strip_prefix(SIGNATURE).unwrap_or_default();
    std::iter::from_fn(move || {
        let length = u32::from_be_bytes(rest.get(..4)?.try_into().ok()?) as usize;
        let kind = rest.get(4..8)?;
        let data = rest.get(8..8usize.checked_add(length)?)?;
        // Length, type, data and CRC.
        rest = rest.get(length + 12..).unwrap_or_default();
        Some((kind, data))
    })
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    let crc = crc32fast::hash(&png[start..]);
    png.extend_from_slice(&crc.to_be_bytes());
}

/// Each row behind filter type 0, none.
fn unfiltered_rows(rows: &[u8], row_bytes: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(rows.len() + rows.len() / row_bytes.max(1));
    for row in rows.chunks_exact(row_bytes.max(1)) {
        out.push(0);
        out.extend_from_slice(row);
    }
    out
}

/// Each row behind its filter-type byte.
fn filter_rows(
    rows: &[u8],
    row_bytes: usize,
    (width, height): (u32, u32),
    layout: Layout,
) -> Vec<u8> {
    let step = layout.filter_step();
    // libpng leaves out the filters that look at pixels a picture of this shape lacks.
    let candidates: &[u8] = match (width, height) {
        (1, 1) => &[0],
        (1, _) => &[0, 2],
        (_, 1) => &[0, 1],
        _ => &[0, 1, 2, 3, 4],
    };
    let mut out = Vec::with_capacity(rows.len() + rows.len() / row_bytes.max(1));
    let zeros = vec![0u8; row_bytes];
    let mut above: &[u8] = &zeros;
    let mut trial = vec![0u8; row_bytes];
    let mut best = vec![0u8; row_bytes];
    for row in rows.chunks_exact(row_bytes.max(1)) {
        if !layout.filtered() {
            out.push(0);
            out.extend_from_slice(row);
            above = row;
            continue;
        }
        let mut least = (u64::MAX, 0u8);
        for &filter in candidates {
            apply(filter, row, above, step, &mut trial);
            let sum = trial
                .iter()
                .map(|&v| u64::from(if v < 128 { v } else { 0u8.wrapping_sub(v) }))
                .sum::<u64>();
            if sum < least.0 {
                least = (sum, filter);
                std::mem::swap(&mut best, &mut trial);
            }
        }
        out.push(least.1);
        out.extend_from_slice(&best);
        above = row;
    }
    out
}

/// PNG's filter `filter` of `row` (the row `above` it) into `out`.
fn apply(filter: u8, row: &[u8], above: &[u8], step: usize, out: &mut [u8]) {
    for i in 0..row.len() {
        let left = if i >= step { row[i - step] } else { 0 };
        let up = above[i];
        let corner = if i >= step { above[i - step] } else { 0 };
        let predicted = match filter {
            1 => left,
            2 => up,
            3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
            4 => paeth(left, up, corner),
            _ => 0,
        };
        out[i] = row[i].wrapping_sub(predicted);
    }
}

fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let p = i16::from(a) + i16::from(b) - i16::from(c);
    let (pa, pb, pc) = (
        (p - i16::from(a)).abs(),
        (p - i16::from(b)).abs(),
        (p - i16::from(c)).abs(),
    );
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

/// zlib's deflate of `data` at `level`, memory level 9, `Z_FILTERED`, in the window libpng
/// asks for, with the stream's header then claiming the window libpng writes in it.
fn deflate(data: &[u8], level: c_int) -> Result<Vec<u8>, String> {
    let window_bits = compression_window(data.len());
    let capacity = data.len() + data.len() / 1000 + 64;
    let mut out = vec![0u8; capacity];
    // SAFETY: the stream starts zeroed (null allocators: zlib's own), is only reached through
    // its pointer until deflateInit2_ has filled it in, is given `data` to read and `out` to
    // fill with their true lengths, and is ended on every path after its start.
    unsafe {
        let mut stream = std::mem::MaybeUninit::<z::z_stream>::zeroed();
        let stream = stream.as_mut_ptr();
        let init = z::deflateInit2_(
            stream,
            level,
            z::Z_DEFLATED,
            window_bits,
            9,
            z::Z_FILTERED,
            z::zlibVersion(),
            std::mem::size_of::<z::z_stream>() as c_int,
        );
        if init != z::Z_OK {
            return Err(format!("zlib refused its settings ({init})"));
        }
        (*stream).next_in = data.as_ptr().cast_mut();
        (*stream).avail_in = data.len() as z::uInt;
        (*stream).next_out = out.as_mut_ptr();
        (*stream).avail_out = out.len() as z::uInt;
        let done = z::deflate(stream, z::Z_FINISH);
        let written = (*stream).total_out as usize;
        z::deflateEnd(stream);
        if done != z::Z_STREAM_END {
            return Err(format!("zlib stopped short ({done})"));
        }
        out.truncate(written);
    }
    claim_smallest_window(&mut out, data.len());
    Ok(out)
}

/// libpng's window for `size` bytes of rows (`png_deflate_claim`): 32 KiB, halved while the rows
/// and zlib's 262-byte lookahead fit in half of it, for up to 16 KiB of rows; 512 bytes at least,
/// zlib's smallest.
fn compression_window(size: usize) -> c_int {
    let mut bits: c_int = 15;
    if size <= 16_384 {
        while bits > 9 && size + 262 <= 1 << (bits - 1) {
            bits -= 1;
        }
    }
    bits
}

/// libpng's rewrite of the stream's header (`optimize_cmf`): for up to 16 KiB of rows it claims
/// the smallest window that holds them (256 bytes at least), which decoders may then allocate,
/// and sets the check bits again.
fn claim_smallest_window(stream: &mut [u8], size: usize) {
    if size > 16_384 || stream.len() < 2 || stream[0] & 0x0f != 8 || stream[0] >> 4 > 7 {
        return;
    }
    let mut info = stream[0] >> 4;
    let mut half = 1usize << (info + 7);
    if size > half {
        return;
    }
    loop {
        half >>= 1;
        info -= 1;
        if info == 0 || size > half {
            break;
        }
    }
    stream[0] = (stream[0] & 0x0f) | (info << 4);
    let flags = u16::from(stream[1] & 0xe0);
    let check = 0x1f - ((u16::from(stream[0]) << 8) + flags) % 0x1f;
    stream[1] = (flags + check) as u8;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A picture without palette or transparency.
    fn plain(width: u32, height: u32, layout: Layout, rows: Vec<u8>, row_bytes: usize) -> Png {
        Png {
            width,
            height,
            layout,
            rows,
            row_bytes,
            palette: Vec::new(),
            transparency: Vec::new(),
            ancillary: Ancillary::default(),
            compression: Compression::Resized,
        }
    }

    #[test]
    fn the_file_decodes_to_its_rows() {
        let (w, h) = (33u32, 17u32);
        let rows: Vec<u8> = (0..w * h * 3).map(|i| (i * 31 % 251) as u8).collect();
        let layout = Layout {
            color_type: Layout::RGB,
            bit_depth: 8,
        };
        let png = write(&plain(w, h, layout, rows.clone(), w as usize * 3)).unwrap();
        let back = image::load_from_memory(&png).unwrap().to_rgb8();
        assert_eq!(back.as_raw(), &rows);
    }

    #[test]
    fn a_long_stream_is_cut_into_idat_chunks_of_32_kib() {
        // Noise does not compress: about 100 KB of IDAT data.
        let mut state = 1u32;
        let rows: Vec<u8> = (0..100_000)
            .map(|_| {
                state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                (state >> 16) as u8
            })
            .collect();
        let layout = Layout {
            color_type: Layout::GREY,
            bit_depth: 8,
        };
        let png = write(&plain(1000, 100, layout, rows.clone(), 1000)).unwrap();
        let idats: Vec<usize> = png
            .windows(4)
            .enumerate()
            .filter(|(_, w)| *w == b"IDAT")
            .map(|(at, _)| u32::from_be_bytes(png[at - 4..at].try_into().unwrap()) as usize)
            .collect();
        assert!(idats.len() >= 4, "{idats:?}");
        assert!(idats[..idats.len() - 1].iter().all(|&n| n == IDAT_SIZE));
        let back = image::load_from_memory(&png).unwrap().to_luma8();
        assert_eq!(back.as_raw(), &rows);
    }

    /// The window zlib is told to use shows in the stream's first byte (CINFO), as in WordPress
    /// 6.9.7's sizes: `0x38` (2 KiB) for 1,050 bytes of rows, `0x58` (8 KiB) for 6,900, `0x78`
    /// (32 KiB) for 24,576.
    #[test]
    fn the_window_is_the_smallest_that_holds_the_rows() {
        for (length, first) in [(1_050, 0x38), (6_900, 0x58), (24_576, 0x78)] {
            assert_eq!(
                deflate(&vec![7u8; length], 9).unwrap()[0],
                first,
                "{length}"
            );
        }
    }
}
