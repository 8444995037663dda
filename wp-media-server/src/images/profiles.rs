//! What a picture WordPress's ImageMagick editor writes keeps of the JPEG it was made from: EXIF
//! and XMP (APP1), the ICC colour profile (APP2) and IPTC (APP13), of which WordPress strips every
//! other profile and comment; and its chroma sampling, which ImageMagick reads with it.

use bytes::Bytes;
use img_parts::jpeg::Jpeg;

/// The JPEG segments that carry the kept profiles.
const KEPT_MARKERS: [u8; 3] = [0xE1, 0xE2, 0xED];

/// `encoded` with the kept profiles of `original` after its own header segments. When `upright`,
/// an EXIF orientation is set to 1, as ImageMagick writes it after the editor has turned or
/// flipped the picture. Either picture not a JPEG that can be read: `encoded` as it is.
pub fn keep_jpeg_profiles(original: &[u8], encoded: Vec<u8>, upright: bool) -> Vec<u8> {
    let (Ok(source), Ok(mut target)) = (
        Jpeg::from_bytes(Bytes::copy_from_slice(original)),
        Jpeg::from_bytes(Bytes::from(encoded.clone())),
    ) else {
        return encoded;
    };
    let kept: Vec<_> = source
        .segments()
        .iter()
        .filter(|s| KEPT_MARKERS.contains(&s.marker()))
        .map(|segment| {
            let mut segment = segment.clone();
            if upright && segment.marker() == 0xE1 {
                if let Some(exif) = upright_exif(segment.contents()) {
                    segment = img_parts::jpeg::JpegSegment::new_with_contents(0xE1, exif);
                }
            }
            segment
        })
        .collect();
    if kept.is_empty() {
        return encoded;
    }
    let segments = target.segments_mut();
    // After the encoder's JFIF header, where ImageMagick writes its profiles.
    let at = segments
        .iter()
        .position(|s| !(0xE0..=0xEF).contains(&s.marker()))
        .unwrap_or(segments.len());
    segments.splice(at..at, kept);
    target.encoder().bytes().to_vec()
}

/// Chroma sampling as the encoder takes it: for Cb and Cr, the luma pixels across and down that
/// one chroma sample stands for.
pub type Sampling = [(u8, u8); 2];

/// The chroma sampling of a three-component JPEG, from its frame header; `None` for anything
/// else.
pub fn chroma_sampling(jpeg: &[u8]) -> Option<Sampling> {
    let jpeg = Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).ok()?;
    // Start-of-frame markers: C0-CF less DHT (C4), JPG (C8) and DAC (CC).
    let frame = jpeg
        .segments()
        .iter()
        .find(|s| matches!(s.marker(), 0xC0..=0xCF) && !matches!(s.marker(), 0xC4 | 0xC8 | 0xCC))?;
    let header = frame.contents();
    if header.get(5) != Some(&3) {
        return None;
    }
    let factors = |component: usize| {
        let byte = *header.get(6 + 3 * component + 1)?;
        Some((byte >> 4, byte & 0x0F))
    };
    let (luma, cb, cr) = (factors(0)?, factors(1)?, factors(2)?);
    let pixels = |(h, v): (u8, u8)| -> Option<(u8, u8)> {
        (h > 0 && v > 0 && luma.0 % h == 0 && luma.1 % v == 0).then(|| (luma.0 / h, luma.1 / v))
    };
    Some([pixels(cb)?, pixels(cr)?])
}

/// An APP1 EXIF block with IFD0's orientation set to 1; `None` when it is no EXIF block or has
/// no orientation.
fn upright_exif(contents: &Bytes) -> Option<Bytes> {
    let tiff = contents.strip_prefix(b"Exif\0\0")?;
    let big_endian = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let read16 = |at: usize| -> Option<u16> {
        let b: [u8; 2] = tiff.get(at..at + 2)?.try_into().ok()?;
        Some(if big_endian {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let read32 = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = read32(4)? as usize;
    let count = usize::from(read16(ifd)?);
    let entry = (0..count)
        .map(|i| ifd + 2 + 12 * i)
        .find(|&at| read16(at) == Some(0x0112))?;
    // A SHORT, count 1: the value sits in the first two bytes of the entry's value field.
    if read16(entry + 2) != Some(3) {
        return None;
    }
    let value_at = 6 + entry + 8;
    let mut patched = contents.to_vec();
    let one = if big_endian {
        1u16.to_be_bytes()
    } else {
        1u16.to_le_bytes()
    };
    patched
        .get_mut(value_at..value_at + 2)?
        .copy_from_slice(&one);
    Some(Bytes::from(patched))
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
        let original = jpeg_with(&[
            (0xE1, exif(false, 6)),
            (0xED, b"Photoshop 3.0\0iptc".to_vec()),
            (0xE2, b"ICC_PROFILE\0\x01\x01icc".to_vec()),
            (0xFE, b"a comment".to_vec()),
        ]);
        let made = jpeg_with(&[]);
        let kept = keep_jpeg_profiles(&original, made, false);
        let markers: Vec<u8> = Jpeg::from_bytes(Bytes::from(kept.clone()))
            .unwrap()
            .segments()
            .iter()
            .map(|s| s.marker())
            .filter(|m| KEPT_MARKERS.contains(m) || *m == 0xFE)
            .collect();
        assert_eq!(markers, [0xE2, 0xED, 0xE1]);
        assert_eq!(orientation(&kept), Some(6));
        assert!(image::load_from_memory(&kept).is_ok());
    }

    #[test]
    fn upright_sets_the_orientation_to_one_in_either_byte_order() {
        for big_endian in [false, true] {
            let original = jpeg_with(&[(0xE1, exif(big_endian, 8))]);
            let kept = keep_jpeg_profiles(&original, jpeg_with(&[]), true);
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
        assert_eq!(keep_jpeg_profiles(b"GIF89a", made.clone(), true), made);
        assert_eq!(
            keep_jpeg_profiles(&made, b"x".to_vec(), false),
            b"x".to_vec()
        );
    }
}
