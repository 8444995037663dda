//! What a picture WordPress's ImageMagick editor writes keeps of the JPEG it was made from: EXIF
//! and XMP (APP1), the ICC colour profile (APP2) and IPTC (APP13), of which WordPress strips every
//! other profile and comment; and its chroma sampling, which ImageMagick reads with it.

use bytes::Bytes;
use img_parts::jpeg::Jpeg;

/// `encoded` with the kept profiles of `original` after its own header segments, in the order
/// ImageMagick writes its profiles, by name: when `stripped` (WordPress's `strip_meta`, which its
/// resizes run and which keeps only the profiles it names), EXIF, ICC, IPTC (re-wrapped alone,
/// the other Photoshop resources gone) and XMP; otherwise the whole Photoshop block (`8bim`)
/// first, then EXIF, ICC and XMP. (6.9.7 wrote a size of a JPEG holding APP13, XMP and EXIF in
/// that order with EXIF, APP13 and XMP, and its `-rotated` copy with APP13, EXIF and XMP.)
/// EXIF is synced to the picture as ImageMagick syncs it ([`sync_exif`]); when `upright`, its
/// orientation is 1, as ImageMagick writes it after the editor has turned or flipped the
/// picture. Either picture not a JPEG that can be read: `encoded` as it is.
pub fn keep_jpeg_profiles(
    original: &[u8],
    encoded: Vec<u8>,
    upright: bool,
    stripped: bool,
) -> Vec<u8> {
    let (Ok(source), Ok(mut target)) = (
        Jpeg::from_bytes(Bytes::copy_from_slice(original)),
        Jpeg::from_bytes(Bytes::from(encoded.clone())),
    ) else {
        return encoded;
    };
    let resolution = Resolution::of(&source, original);
    let segment = |marker: u8, contents: Vec<u8>| {
        img_parts::jpeg::JpegSegment::new_with_contents(marker, contents.into())
    };
    let mut kept: Vec<(u8, img_parts::jpeg::JpegSegment)> = Vec::new();
    let photoshop: Vec<u8> = source
        .segments()
        .iter()
        .filter(|s| s.marker() == 0xED)
        .flat_map(|s| s.contents().iter().copied())
        .collect();
    for original in source.segments() {
        let contents = original.contents();
        let rank = match original.marker() {
            0xE1 if contents.starts_with(EXIF_HEADER) => 1,
            0xE1 if contents.starts_with(b"http://ns.adobe.com/xap/1.0/\0") => 4,
            0xE2 => 2,
            0xED if !stripped => 0,
            _ => continue,
        };
        let mut copy = original.clone();
        if rank == 1 {
            let mut exif = contents.to_vec();
            let orientation = if upright {
                1
            } else {
                ifd0_orientation(&exif[EXIF_HEADER.len()..])
            };
            sync_exif(&mut exif[EXIF_HEADER.len()..], &resolution, orientation);
            copy = segment(0xE1, exif);
        }
        kept.push((rank, copy));
    }
    if stripped {
        if let Some(iptc) = iptc_alone(&photoshop) {
            kept.push((3, segment(0xED, iptc)));
        }
    }
    // Stable: segments of one profile keep their order.
    kept.sort_by_key(|(rank, _)| *rank);
    if kept.is_empty() {
        return encoded;
    }
    let segments = target.segments_mut();
    // After the encoder's JFIF header, where ImageMagick writes its profiles.
    let at = segments
        .iter()
        .position(|s| !(0xE0..=0xEF).contains(&s.marker()))
        .unwrap_or(segments.len());
    segments.splice(at..at, kept.into_iter().map(|(_, s)| s));
    target.encoder().bytes().to_vec()
}

/// The IPTC record (Photoshop resource 0x0404) of APP13 contents, wrapped as ImageMagick writes
/// an `iptc` profile: `Photoshop 3.0`, one resource with an empty name, a four-byte length, the
/// record and a byte of padding to an even length. `None` without such a resource.
fn iptc_alone(photoshop: &[u8]) -> Option<Vec<u8>> {
    let mut rest = photoshop.strip_prefix(b"Photoshop 3.0\0")?;
    while rest.len() >= 12 && rest.starts_with(b"8BIM") {
        let id = u16::from_be_bytes([rest[4], rest[5]]);
        // A Pascal string padded to an even length.
        let name = usize::from(rest[6]) + 1;
        let name = name + name % 2;
        let at = 6 + name;
        let size = u32::from_be_bytes(rest.get(at..at + 4)?.try_into().ok()?) as usize;
        let data = rest.get(at + 4..at + 4 + size)?;
        if id == 0x0404 {
            let mut wrapped = b"Photoshop 3.0\08BIM\x04\x04\0\0".to_vec();
            wrapped.extend_from_slice(&(size as u32).to_be_bytes());
            wrapped.extend_from_slice(data);
            if size % 2 == 1 {
                wrapped.push(0);
            }
            return Some(wrapped);
        }
        rest = rest.get(at + 4 + size + size % 2..)?;
    }
    None
}

/// Chroma sampling as the encoder takes it: for Cb and Cr, the luma pixels across and down that
/// one chroma sample stands for.
pub type Sampling = [(u8, u8); 2];

/// Each component's `(horizontal, vertical)` sampling factor, from a JPEG's frame header.
fn frame_factors(jpeg: &[u8]) -> Option<Vec<(u8, u8)>> {
    let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).ok()?;
    // Start-of-frame markers: C0-CF less DHT (C4), JPG (C8) and DAC (CC).
    let frame = jpeg
        .segments()
        .iter()
        .find(|s| matches!(s.marker(), 0xC0..=0xCF) && !matches!(s.marker(), 0xC4 | 0xC8 | 0xCC))?;
    let header = frame.contents();
    let components = usize::from(*header.get(5)?);
    (0..components)
        .map(|c| {
            let byte = *header.get(6 + 3 * c + 1)?;
            Some((byte >> 4, byte & 0x0F))
        })
        .collect()
}

/// The chroma sampling of a three-component JPEG, from its frame header; `None` for anything
/// else.
pub fn chroma_sampling(jpeg: &[u8]) -> Option<Sampling> {
    let factors = frame_factors(jpeg)?;
    let [luma, cb, cr] = factors[..] else {
        return None;
    };
    let pixels = |(h, v): (u8, u8)| -> Option<(u8, u8)> {
        (h > 0 && v > 0 && luma.0 % h == 0 && luma.1 % v == 0).then(|| (luma.0 / h, luma.1 / v))
    };
    Some([pixels(cb)?, pixels(cr)?])
}

/// A four-component (CMYK or YCCK) JPEG's sampling factors, which ImageMagick writes again as
/// they were; `None` for anything else.
pub fn cmyk_factors(jpeg: &[u8]) -> Option<[(u8, u8); 4]> {
    frame_factors(jpeg)?.try_into().ok()
}

/// A picture's resolution as ImageMagick writes it into JFIF: density across and down, and the
/// unit (0 none, 1 per inch, 2 per centimetre).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Density {
    pub unit: u8,
    pub x: u16,
    pub y: u16,
}

/// The resolution ImageMagick holds for a JPEG it read: JFIF's density when neither side is 1,
/// then EXIF's XResolution, YResolution and ResolutionUnit over it (EXIF's unit 2, inches, is
/// its 1; 3, centimetres, its 2; 1, none, its 0). Zero where nothing set a side.
struct Resolution {
    x: f64,
    y: f64,
    unit: u8,
}

impl Resolution {
    fn of(jpeg: &Jpeg, bytes: &[u8]) -> Resolution {
        let mut resolution = Resolution {
            x: 0.0,
            y: 0.0,
            unit: 0,
        };
        let jfif = jpeg
            .segments()
            .iter()
            .find(|s| s.marker() == 0xE0 && s.contents().starts_with(b"JFIF\0"))
            .and_then(|s| s.contents().get(7..12).map(<[u8]>::to_vec));
        if let Some(header) = jfif {
            let x = u16::from_be_bytes([header[1], header[2]]);
            let y = u16::from_be_bytes([header[3], header[4]]);
            if x != 1 && y != 1 {
                resolution.x = f64::from(x);
                resolution.y = f64::from(y);
                resolution.unit = if matches!(header[0], 1 | 2) {
                    header[0]
                } else {
                    0
                };
            }
        }
        if let Ok(exif) = exif::Reader::new().read_from_container(&mut std::io::Cursor::new(bytes))
        {
            let field = |tag| exif.get_field(tag, exif::In::PRIMARY).map(|f| &f.value);
            let ratio = |tag| match field(tag) {
                Some(exif::Value::Rational(r)) if r.first().is_some_and(|r| r.denom != 0) => {
                    Some(r[0].to_f64())
                }
                _ => None,
            };
            resolution.x = ratio(exif::Tag::XResolution).unwrap_or(resolution.x);
            resolution.y = ratio(exif::Tag::YResolution).unwrap_or(resolution.y);
            if let Some(unit @ 1..=3) = field(exif::Tag::ResolutionUnit).and_then(|v| v.get_uint(0))
            {
                resolution.unit = (unit - 1) as u8;
            }
        }
        resolution
    }
}

/// The density ImageMagick writes into the JFIF header of a JPEG made from `jpeg`: its
/// [`Resolution`], each side cut to a whole number, when both sides are set; `None` leaves the
/// encoder's 1:1. (6.9.7's sizes of a photo with EXIF at 72 dpi have JFIF at 72 per inch.)
pub fn jpeg_density(jpeg: &[u8]) -> Option<Density> {
    let parsed = Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).ok()?;
    let resolution = Resolution::of(&parsed, jpeg);
    let side = |v: f64| v.clamp(0.0, f64::from(u16::MAX)) as u16;
    (resolution.x != 0.0 && resolution.y != 0.0).then(|| Density {
        unit: resolution.unit,
        x: side(resolution.x),
        y: side(resolution.y),
    })
}

/// What an APP1 EXIF block starts with, before its TIFF structure.
const EXIF_HEADER: &[u8] = b"Exif\0\0";

/// The TIFF structure's byte order, read from its first two bytes.
struct Endian(bool);

impl Endian {
    fn of(tiff: &[u8]) -> Option<Endian> {
        match tiff.get(..2)? {
            b"MM" => Some(Endian(true)),
            b"II" => Some(Endian(false)),
            _ => None,
        }
    }

    fn read16(&self, tiff: &[u8], at: usize) -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at.checked_add(2)?)?.try_into().ok()?;
        Some(if self.0 {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    }

    fn read32(&self, tiff: &[u8], at: usize) -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at.checked_add(4)?)?.try_into().ok()?;
        Some(if self.0 {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }

    fn write16(&self, tiff: &mut [u8], at: usize, value: u16) {
        let bytes = if self.0 {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        };
        if let Some(slot) = tiff.get_mut(at..at + 2) {
            slot.copy_from_slice(&bytes);
        }
    }

    fn write32(&self, tiff: &mut [u8], at: usize, value: u32) {
        let bytes = if self.0 {
            value.to_be_bytes()
        } else {
            value.to_le_bytes()
        };
        if let Some(slot) = tiff.get_mut(at..at + 4) {
            slot.copy_from_slice(&bytes);
        }
    }
}

/// IFD0's orientation as ImageMagick reads it into the picture, 0 without one.
fn ifd0_orientation(tiff: &[u8]) -> u16 {
    let read = || -> Option<u16> {
        let endian = Endian::of(tiff)?;
        let ifd = endian.read32(tiff, 4)? as usize;
        let count = usize::from(endian.read16(tiff, ifd)?);
        let entry = (0..count)
            .map(|i| ifd + 2 + 12 * i)
            .find(|&at| endian.read16(tiff, at) == Some(0x0112))?;
        match endian.read16(tiff, entry + 2)? {
            3 => endian.read16(tiff, entry + 8),
            4 => endian.read32(tiff, entry + 8).map(|v| v as u16),
            _ => None,
        }
    };
    read().unwrap_or(0)
}

/// ImageMagick's `SyncExifProfile`, which runs on every picture it writes, as 6.9.7's sizes
/// show it: in IFD0, XResolution and YResolution become the picture's resolution rounded, over 1;
/// Orientation the picture's; ResolutionUnit its unit in EXIF's numbering. IFD1 (the thumbnail's
/// directory) keeps its own: a 72.6 dpi original's sizes say 73/1 in IFD0 and still 72 in IFD1.
fn sync_exif(tiff: &mut [u8], resolution: &Resolution, orientation: u16) {
    /// Bytes a value of each TIFF type takes, by type number.
    const TYPE_BYTES: [usize; 13] = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8];
    let Some(endian) = Endian::of(tiff) else {
        return;
    };
    let length = tiff.len();
    if endian.read16(tiff, 2) != Some(0x2a) {
        return;
    }
    let Some(directory) = endian
        .read32(tiff, 4)
        .map(|o| o as usize)
        .filter(|&o| o + 2 <= length)
    else {
        return;
    };
    let entries = usize::from(endian.read16(tiff, directory).unwrap_or(0));
    for entry in 0..entries {
        let at = directory + 2 + 12 * entry;
        if at + 12 > length {
            break;
        }
        let tag = endian.read16(tiff, at).unwrap_or(0);
        let kind = usize::from(endian.read16(tiff, at + 2).unwrap_or(0));
        let Some(&size) = TYPE_BYTES.get(kind) else {
            break;
        };
        let Ok(count) = i32::try_from(endian.read32(tiff, at + 4).unwrap_or(0)) else {
            break;
        };
        let bytes = count as usize * size;
        // ImageMagick's overflow guard, which a type of no size trips too.
        if bytes < count as usize {
            break;
        }
        let value = if bytes <= 4 {
            at + 8
        } else {
            let offset = endian.read32(tiff, at + 8).unwrap_or(0) as usize;
            if offset + bytes > length {
                continue;
            }
            offset
        };
        let rounded = |v: f64| (v + 0.5) as u64 as u32;
        match tag {
            0x011a | 0x011b => {
                let side = if tag == 0x011a {
                    resolution.x
                } else {
                    resolution.y
                };
                endian.write32(tiff, value, rounded(side));
                if bytes == 8 {
                    endian.write32(tiff, value + 4, 1);
                }
            }
            0x0112 | 0x0128 => {
                let v = if tag == 0x0112 {
                    orientation
                } else {
                    u16::from(resolution.unit) + 1
                };
                if bytes == 4 {
                    endian.write32(tiff, value, u32::from(v));
                } else {
                    endian.write16(tiff, value, v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal EXIF block whose IFD0 holds only an orientation.
    fn exif(big_endian: bool, orientation: u16) -> Vec<u8> {
        let u16b = |v: u16| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big_endian {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut tiff = Vec::new();
        tiff.extend(if big_endian { b"MM" } else { b"II" });
        tiff.extend(u16b(42));
        tiff.extend(u32b(8));
        tiff.extend(u16b(1));
        tiff.extend(u16b(0x0112));
        tiff.extend(u16b(3));
        tiff.extend(u32b(1));
        tiff.extend(u16b(orientation));
        tiff.extend([0, 0]);
        tiff.extend(u32b(0));
        [b"Exif\0\0".as_slice(), &tiff].concat()
    }

    fn jpeg_with(segments: &[(u8, Vec<u8>)]) -> Vec<u8> {
        let img = image::DynamicImage::new_rgb8(4, 4);
        let plain =
            crate::images::sizes::encode_to_vec(&img, image::ImageFormat::Jpeg, &[]).unwrap();
        let mut jpeg = Jpeg::from_bytes(Bytes::from(plain)).unwrap();
        for (marker, contents) in segments {
            let segment = img_parts::jpeg::JpegSegment::new_with_contents(
                *marker,
                Bytes::from(contents.clone()),
            );
            jpeg.segments_mut().insert(1, segment);
        }
        jpeg.encoder().bytes().to_vec()
    }

    fn orientation(jpeg: &[u8]) -> Option<u32> {
        let exif = exif::Reader::new()
            .read_from_container(&mut std::io::Cursor::new(jpeg))
            .ok()?;
        exif.get_field(exif::Tag::Orientation, exif::In::PRIMARY)?
            .value
            .get_uint(0)
    }

    #[test]
    fn profiles_are_copied_and_others_left() {
        // A Photoshop block of two resources: resolution (0x03ED) and an odd-sized IPTC record.
        let mut photoshop = b"Photoshop 3.0\08BIM\x03\xed\0\0\0\0\0\x02ab".to_vec();
        photoshop.extend_from_slice(b"8BIM\x04\x04\0\0\0\0\0\x03ipt\0");
        let original = jpeg_with(&[
            (0xE1, exif(false, 6)),
            (0xED, photoshop),
            (0xE2, b"ICC_PROFILE\0\x01\x01icc".to_vec()),
            (0xFE, b"a comment".to_vec()),
        ]);
        let profiles = |kept: &[u8]| -> Vec<(u8, Vec<u8>)> {
            Jpeg::from_bytes(Bytes::copy_from_slice(kept))
                .unwrap()
                .segments()
                .iter()
                .filter(|s| matches!(s.marker(), 0xE1 | 0xE2 | 0xED | 0xFE))
                .map(|s| (s.marker(), s.contents().to_vec()))
                .collect()
        };
        // The original's segments sit in the order ICC, Photoshop, EXIF, comment.
        let whole = keep_jpeg_profiles(&original, jpeg_with(&[]), false, false);
        let markers: Vec<u8> = profiles(&whole).iter().map(|(m, _)| *m).collect();
        assert_eq!(markers, [0xED, 0xE1, 0xE2]);
        assert_eq!(orientation(&whole), Some(6));
        assert!(image::load_from_memory(&whole).is_ok());
        // Stripped: the IPTC record alone, after EXIF and ICC.
        let stripped = profiles(&keep_jpeg_profiles(&original, jpeg_with(&[]), false, true));
        let markers: Vec<u8> = stripped.iter().map(|(m, _)| *m).collect();
        assert_eq!(markers, [0xE1, 0xE2, 0xED]);
        assert_eq!(
            stripped[2].1,
            b"Photoshop 3.0\08BIM\x04\x04\0\0\0\0\0\x03ipt\0"
        );
    }

    #[test]
    fn upright_sets_the_orientation_to_one_in_either_byte_order() {
        for big_endian in [false, true] {
            let original = jpeg_with(&[(0xE1, exif(big_endian, 8))]);
            let kept = keep_jpeg_profiles(&original, jpeg_with(&[]), true, false);
            assert_eq!(orientation(&kept), Some(1), "big endian: {big_endian}");
        }
    }

    /// The suite's `rotated.jpg` is 4:4:4 and `photo.jpg` 4:2:0 (`identify`); WordPress 6.9.7's
    /// sizes of them are too.
    #[test]
    fn sampling_is_read_from_the_frame_header() {
        let file = |name: &str| {
            std::fs::read(format!(
                "{}/conformance/files/{name}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .unwrap()
        };
        assert_eq!(
            chroma_sampling(&file("rotated.jpg")),
            Some([(1, 1), (1, 1)])
        );
        assert_eq!(chroma_sampling(&file("photo.jpg")), Some([(2, 2), (2, 2)]));
        assert_eq!(chroma_sampling(&file("blue.png")), None);
    }

    #[test]
    fn what_is_no_jpeg_is_left_alone() {
        let made = jpeg_with(&[]);
        assert_eq!(
            keep_jpeg_profiles(b"GIF89a", made.clone(), true, true),
            made
        );
        assert_eq!(
            keep_jpeg_profiles(&made, b"x".to_vec(), false, false),
            b"x".to_vec()
        );
    }
}
