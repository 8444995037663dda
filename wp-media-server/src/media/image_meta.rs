//! `image_meta`: what `wp_read_image_metadata` reads from an image's EXIF, with every value
//! written as the string WordPress stores.

use exif::{In, Reader, Tag, Value as ExifValue};
use serde_json::{json, Value};

pub fn read(bytes: &[u8]) -> Value {
    let mut meta = Meta::default();
    if let Ok(exif) = Reader::new().read_from_container(&mut std::io::Cursor::new(bytes)) {
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
            if description.len() < 80 {
                meta.title = description.clone();
            }
            meta.caption = description;
        }
        if let Some(artist) = text(Tag::Artist) {
            meta.credit = artist;
        }
        if let Some(copyright) = text(Tag::Copyright) {
            meta.copyright = copyright;
        }
        if let Some(model) = text(Tag::Model) {
            meta.camera = model;
        }
        if let Some(f) = number(Tag::FNumber) {
            meta.aperture = php_number((f * 100.0).round() / 100.0);
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
    meta.to_json()
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
