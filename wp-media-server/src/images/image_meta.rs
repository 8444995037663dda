//! `image_meta`: what `wp_read_image_metadata` reads from an image's IPTC and EXIF, with every
//! value written as the string WordPress stores.

use exif::{In, Reader, Tag, Value as ExifValue};
use serde_json::{json, Value};
use std::collections::BTreeMap;

pub fn read(bytes: &[u8]) -> Value {
    let mut meta = Meta::default();
    read_iptc(bytes, &mut meta);
    // `wp_read_image_metadata_types`: EXIF is read from JPEG and TIFF files only.
    let has_exif_type = matches!(
        image::guess_format(bytes),
        Ok(image::ImageFormat::Jpeg | image::ImageFormat::Tiff)
    );
    let exif = has_exif_type
        .then(|| {
            Reader::new()
                .read_from_container(&mut std::io::Cursor::new(bytes))
                .ok()
        })
        .flatten();
    if let Some(exif) = exif {
        read_exif(&exif, &mut meta);
    }
    meta.filter_html();
    meta.to_json()
}

/// The IPTC datasets WordPress reads, where they are set: headline or title, caption, credit or
/// byline, creation date and time, copyright and keywords.
fn read_iptc(bytes: &[u8], meta: &mut Meta) {
    let Some(app13) = jpeg_segment(bytes, 0xED) else {
        return;
    };
    let iptc = iptc_datasets(app13);
    let first = |key: &str| {
        iptc.get(key)
            .and_then(|values| values.first())
            .map(|v| wp_schema_runtime::php::trim(v).to_owned())
            .filter(|v| !v.is_empty())
    };
    if let Some(title) = first("2#105").or_else(|| first("2#005")) {
        meta.title = title;
    }
    if let Some(caption) = first("2#120") {
        if meta.title.is_empty() && caption.len() < 80 {
            meta.title = caption.clone();
        }
        meta.caption = caption;
    }
    if let Some(credit) = first("2#110").or_else(|| first("2#080")) {
        meta.credit = credit;
    }
    if let (Some(date), Some(time)) = (first("2#055"), first("2#060")) {
        if let Some(ts) = iptc_timestamp(&date, &time) {
            meta.created_timestamp = ts.to_string();
        }
    }
    if let Some(copyright) = first("2#116") {
        meta.copyright = copyright;
    }
    if first("2#025").is_some() {
        meta.keywords = iptc["2#025"].clone();
    }
}

fn read_exif(exif: &exif::Exif, meta: &mut Meta) {
    let text = |tag| {
        exif.get_field(tag, In::PRIMARY)
            .map(|f| ascii(&f.value))
            .filter(|s| !s.is_empty())
    };
    let number = |tag| {
        exif.get_field(tag, In::PRIMARY)
            .and_then(|f| rational(&f.value))
    };
    if let Some(description) = text(Tag::ImageDescription) {
        if meta.title.is_empty() && description.len() < 80 {
            meta.title = description.clone();
        }
        if meta.caption.is_empty() {
            meta.caption = description;
        }
    }
    if meta.credit.is_empty() {
        if let Some(artist) = text(Tag::Artist) {
            meta.credit = artist;
        }
    }
    if meta.copyright.is_empty() {
        if let Some(copyright) = text(Tag::Copyright) {
            meta.copyright = copyright;
        }
    }
    if let Some(model) = text(Tag::Model) {
        meta.camera = model;
    }
    if let Some(f) = number(Tag::FNumber) {
        meta.aperture = php_number((f * 100.0).round() / 100.0);
    }
    if meta.created_timestamp == "0" {
        if let Some(ts) = text(Tag::DateTimeDigitized).and_then(|d| exif_timestamp(&d)) {
            meta.created_timestamp = ts.to_string();
        }
    }
    if let Some(f) = number(Tag::FocalLength) {
        meta.focal_length = php_number(f);
    }
    if let Some(f) = number(Tag::ExposureTime) {
        meta.shutter_speed = php_number(f);
    }
    if let Some(f) = exif
        .get_field(Tag::PhotographicSensitivity, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
    {
        meta.iso = f.to_string();
    }
    if let Some(o) = exif
        .get_field(Tag::Orientation, In::PRIMARY)
        .and_then(|f| f.value.get_uint(0))
    {
        meta.orientation = o.to_string();
    }
}

/// The payload of the first JPEG segment with this marker, as `getimagesize` hands it over.
fn jpeg_segment(bytes: &[u8], marker: u8) -> Option<&[u8]> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut at = 2;
    while at + 4 <= bytes.len() && bytes[at] == 0xFF {
        let kind = bytes[at + 1];
        if kind == 0xDA || kind == 0xD9 {
            return None;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        let end = (at + 2).checked_add(length).filter(|&e| e <= bytes.len())?;
        if length < 2 {
            return None;
        }
        if kind == marker {
            return Some(&bytes[at + 4..end]);
        }
        at = end;
    }
    None
}

/// PHP's `iptcparse`: from the first dataset marker on, `record#dataset` keys to their values,
/// stopping at the first byte that is not a dataset.
fn iptc_datasets(buffer: &[u8]) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let Some(mut at) = buffer
        .windows(2)
        .position(|w| w[0] == 0x1C && matches!(w[1], 1 | 2))
    else {
        return out;
    };
    while at + 5 <= buffer.len() && buffer[at] == 0x1C {
        let (record, dataset) = (buffer[at + 1], buffer[at + 2]);
        at += 3;
        let length = if buffer[at] & 0x80 != 0 {
            let Some(b) = buffer.get(at + 2..at + 6) else {
                break;
            };
            at += 6;
            u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize
        } else {
            let length = usize::from(u16::from_be_bytes([buffer[at], buffer[at + 1]]));
            at += 2;
            length
        };
        let Some(value) = buffer.get(at..at.saturating_add(length)) else {
            break;
        };
        out.entry(format!("{record}#{dataset:03}"))
            .or_default()
            .push(latin1_if_not_utf8(value));
        at += length;
    }
    out
}

/// Text as WordPress keeps it: UTF-8 as is, anything else read as Latin-1 (`utf8_encode`).
fn latin1_if_not_utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// `strtotime( "CCYYMMDD HHMMSS±HHMM" )` in a UTC site, for the IPTC date and time.
fn iptc_timestamp(date: &str, time: &str) -> Option<i64> {
    let date = chrono::NaiveDate::parse_from_str(date, "%Y%m%d").ok()?;
    // Bytes, not characters: an IPTC time is ASCII, and a byte index may fall inside anything else.
    let (clock, offset) = time.as_bytes().split_at(time.len().min(6));
    let clock =
        chrono::NaiveTime::parse_from_str(std::str::from_utf8(clock).ok()?, "%H%M%S").ok()?;
    let number = |digits: &[u8]| std::str::from_utf8(digits).ok()?.parse::<i64>().ok();
    let offset_seconds = match offset {
        [] => 0,
        [sign @ (b'+' | b'-'), digits @ ..] if digits.len() == 4 => {
            let hours = number(&digits[..2])?;
            let minutes = number(&digits[2..])?;
            let seconds = hours * 3600 + minutes * 60;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    Some(date.and_time(clock).and_utc().timestamp() - offset_seconds)
}

/// `wp_exif_date2ts`: `YYYY:MM:DD HH:MM:SS` read in a UTC site.
fn exif_timestamp(date: &str) -> Option<i64> {
    chrono::NaiveDateTime::parse_from_str(date.trim(), "%Y:%m:%d %H:%M:%S")
        .ok()
        .map(|d| d.and_utc().timestamp())
}

struct Meta {
    aperture: String,
    credit: String,
    camera: String,
    caption: String,
    created_timestamp: String,
    copyright: String,
    focal_length: String,
    iso: String,
    shutter_speed: String,
    title: String,
    orientation: String,
    keywords: Vec<String>,
}

impl Default for Meta {
    fn default() -> Self {
        Meta {
            aperture: "0".into(),
            credit: String::new(),
            camera: String::new(),
            caption: String::new(),
            created_timestamp: "0".into(),
            copyright: String::new(),
            focal_length: "0".into(),
            iso: "0".into(),
            shutter_speed: "0".into(),
            title: String::new(),
            orientation: "0".into(),
            keywords: Vec::new(),
        }
    }
}

impl Meta {
    /// `wp_kses_post_deep`: metadata is text from the file, filtered like post content.
    fn filter_html(&mut self) {
        let filter =
            |s: &mut String| *s = crate::text::kses::kses(s, crate::text::kses::Rules::Post, "");
        for field in [
            &mut self.aperture,
            &mut self.credit,
            &mut self.camera,
            &mut self.caption,
            &mut self.created_timestamp,
            &mut self.copyright,
            &mut self.focal_length,
            &mut self.iso,
            &mut self.shutter_speed,
            &mut self.title,
            &mut self.orientation,
        ] {
            filter(field);
        }
        self.keywords.iter_mut().for_each(filter);
    }

    fn to_json(&self) -> Value {
        json!({
            "aperture": self.aperture,
            "credit": self.credit,
            "camera": self.camera,
            "caption": self.caption,
            "created_timestamp": self.created_timestamp,
            "copyright": self.copyright,
            "focal_length": self.focal_length,
            "iso": self.iso,
            "shutter_speed": self.shutter_speed,
            "title": self.title,
            "orientation": self.orientation,
            "keywords": self.keywords,
        })
    }
}

fn ascii(value: &ExifValue) -> String {
    match value {
        ExifValue::Ascii(parts) => parts
            .iter()
            .map(|p| String::from_utf8_lossy(p).trim().to_owned())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

fn rational(value: &ExifValue) -> Option<f64> {
    match value {
        ExifValue::Rational(r) => r
            .first()
            .filter(|r| r.denom != 0)
            .map(|r| r.num as f64 / r.denom as f64),
        _ => value.get_uint(0).map(f64::from),
    }
}

/// A number as PHP's string conversion writes it.
fn php_number(f: f64) -> String {
    wp_schema_runtime::php::float_to_string(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JPEG with IPTC written by exiftool (values checked against WordPress 6.9.7's answer in
    /// the conformance suite's `create-iptc`).
    #[test]
    fn iptc_fields_are_read_as_wordpress_reads_them() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/conformance/files/iptc.jpg"
        ))
        .unwrap();
        let meta = read(&bytes);
        assert_eq!(meta["title"], "Harbour at dawn");
        assert_eq!(meta["caption"], "Boats in the harbour");
        assert_eq!(meta["credit"], "Jane Photographer");
        assert_eq!(meta["copyright"], "(c) 2024 Jane");
        assert_eq!(meta["created_timestamp"], "1706933106");
        assert_eq!(meta["keywords"], json!(["boats", "harbour"]));
    }

    #[test]
    fn iptc_parsing_stops_at_damage_without_panicking() {
        let mut buffer = b"Photoshop 3.0\0\x1c\x02\x05\x00\x05Title\x1c\x02\x19\x00\x02ab".to_vec();
        let parsed = iptc_datasets(&buffer);
        assert_eq!(parsed["2#005"], vec!["Title".to_owned()]);
        assert_eq!(parsed["2#025"], vec!["ab".to_owned()]);
        buffer.truncate(buffer.len() - 1);
        assert!(!iptc_datasets(&buffer).contains_key("2#025"));
        assert!(iptc_datasets(b"\x1c\x02\x05\x80\x04").is_empty());
        assert_eq!(latin1_if_not_utf8(b"caf\xe9"), "café");
    }

    #[test]
    fn iptc_times_follow_their_offset() {
        assert_eq!(iptc_timestamp("20240203", "040506+0000"), Some(1706933106));
        assert_eq!(iptc_timestamp("20240203", "040506+0100"), Some(1706929506));
        assert_eq!(iptc_timestamp("20240203", "040506"), Some(1706933106));
        assert_eq!(iptc_timestamp("2024", "040506"), None);
        // Found by the images fuzz target: a byte index inside a two-byte character.
        assert_eq!(iptc_timestamp("20240203", "040ÿÿÿÿÿÿÿÿ"), None);
        assert_eq!(iptc_timestamp("20240203", "040506+ÿÿ"), None);
    }
}
