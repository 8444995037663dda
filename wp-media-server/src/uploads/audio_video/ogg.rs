//! Ogg, read as getID3 reads it. Vorbis: the first two pages' headers, and the last page found
//! by a search for `OggS` in the file's last 32 KiB; its average bitrate counts the bytes from
//! the end of the comments to the start of that page, offsets that `ogg` and `lewton` (which
//! also check each page's CRC, as getID3 does not) keep to themselves; so the pages are read
//! here. Theora: the first page's header alone, as getID3 gives up on the rest of a Theora
//! file (no playtime, and no audio even when a Vorbis stream follows).
use super::{channel_mode, compression_ratio, Probe};
use serde_json::{json, Map, Value};
use wp_schema_runtime::php_json::float;

/// getID3's read buffer, which bounds its search for the last page.
const LAST_CHUNK: usize = 32 * 1024;

fn le(b: &[u8], at: usize, len: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(len)?)?;
    Some(s.iter().rev().fold(0u64, |n, &x| (n << 8) | u64::from(x)))
}

/// A page at `at`: where its body starts and how long it is.
fn page(b: &[u8], at: usize) -> Option<(usize, usize)> {
    if b.get(at..at + 4)? != b"OggS" {
        return None;
    }
    let segments = usize::from(*b.get(at + 26)?);
    let table = b.get(at + 27..at + 27 + segments)?;
    let length = table.iter().map(|&s| usize::from(s)).sum();
    Some((at + 27 + segments, length))
}

/// `wp_read_video_metadata`'s map for an Ogg file whose first page opens a Theora stream;
/// `None` for any other first stream.
pub(super) fn theora_metadata(bytes: &[u8]) -> Option<Map<String, Value>> {
    let (start, length) = page(bytes, 0)?;
    // getID3 reads the page's body as far as the file goes.
    let header = &bytes[start.min(bytes.len())..(start + length).min(bytes.len())];
    if !header.starts_with(b"\x80theora") {
        return None;
    }
    // The picture size, 24-bit big-endian after the version and the size in macroblocks; a
    // field the page cuts short is read from the bytes that are there.
    let be = |at: usize| {
        header[at.min(header.len())..(at + 3).min(header.len())]
            .iter()
            .fold(0u64, |n, &b| (n << 8) | u64::from(b))
    };
    let mut meta = Map::new();
    meta.insert("filesize".into(), json!(bytes.len()));
    meta.insert("mime_type".into(), json!("video/ogg"));
    for (key, at) in [("width", 14), ("height", 17)] {
        if be(at) != 0 {
            meta.insert(key.into(), json!(be(at)));
        }
    }
    meta.insert("fileformat".into(), json!("ogg"));
    meta.insert("dataformat".into(), json!("theora"));
    Some(meta)
}

/// Does the first page open a stream getID3 does not know? It then keeps the format alone.
pub(super) fn is_unknown_stream(bytes: &[u8]) -> bool {
    let Some((start, length)) = page(bytes, 0) else {
        return false;
    };
    let body = &bytes[start.min(bytes.len())..(start + length).min(bytes.len())];
    let known: [&[u8]; 6] = [
        b"fLaC",
        b"OpusHead",
        b"Speex   ",
        b"\x80theora",
        b"fishead\0",
        b"\x7FFLAC",
    ];
    !(body.get(1..7) == Some(b"vorbis") || known.iter().any(|id| body.starts_with(id)))
}

pub(super) fn probe(bytes: &[u8]) -> Option<Probe> {
    let (start, length) = page(bytes, 0)?;
    let ident = bytes.get(start..start + length)?;
    if !ident.starts_with(b"\x01vorbis") {
        return None;
    }
    let channels = le(ident, 11, 1)? as u32;
    let rate = le(ident, 12, 4)?;
    if rate == 0 {
        return None;
    }
    // All ones means "not given" for each of the three bitrates.
    let given = |at| le(ident, at, 4).filter(|b| *b != 0xFFFF_FFFF);
    let (max, nominal, min) = (given(16), given(20), given(24));
    let mode = if max.is_none() || min.is_none() {
        "abr"
    } else {
        "vbr"
    };
    let mut audio = Map::new();
    audio.insert("dataformat".into(), json!("vorbis"));
    audio.insert("lossless".into(), json!(false));
    audio.insert("channels".into(), json!(channels));
    audio.insert("sample_rate".into(), json!(rate));
    audio.insert("bitrate_mode".into(), json!(mode));

    // The comment header opens the second page; getID3 measures the stream from where its
    // comments end, and reads no comment past that page.
    let (comments_page, comments_length) = page(bytes, start + length)?;
    // getID3 reads only as far as the comments go, so a page cut later does not matter.
    let rest = bytes.get(comments_page..)?;
    let comments = &rest[..comments_length.min(rest.len())];
    if !comments.starts_with(b"\x03vorbis") {
        return None;
    }
    let vendor_len = le(comments, 7, 4)? as usize;
    let vendor = comments.get(11..11usize.checked_add(vendor_len)?)?;
    let mut at = 11 + vendor_len;
    let count = le(comments, at, 4)?;
    at += 4;
    for _ in 0..count {
        at = at.checked_add(4 + le(comments, at, 4)? as usize)?;
        comments.get(..at)?;
    }
    let avdataoffset = comments_page + at;

    // The last `OggS` within the last chunk; getID3 skips one whose page ends the file with an
    // unknown granule position (all ones at a fixed place from the end).
    let chunk_start = bytes.len().saturating_sub(LAST_CHUNK);
    let chunk = &bytes[chunk_start..];
    // An `OggS` in the file's last four bytes is found at position 0 of getID3's reversed
    // search, which it takes for "not found".
    let mut found = chunk
        .windows(4)
        .rposition(|w| w == b"OggS")
        .filter(|f| f + 4 != chunk.len());
    let ends_unknown = bytes.len() >= 21
        && bytes[bytes.len() - 21..bytes.len() - 13]
            .iter()
            .all(|&b| b == 0xFF);
    if ends_unknown {
        found = found.and_then(|f| chunk[..f + 3].windows(4).rposition(|w| w == b"OggS"));
    }
    let (avdataend, average) = match found {
        Some(f) => {
            let end = chunk_start + f;
            let samples = le(bytes, end + 6, 8).unwrap_or(0);
            if samples == 0 {
                // getID3 stops there, with the identification header's facts alone.
                if let Some(mode) = channel_mode(channels) {
                    audio.insert("channelmode".into(), json!(mode));
                }
                return Some(probe_of(audio, 0.0));
            }
            let span = end.checked_sub(avdataoffset)? as f64;
            (end, Some(span * 8.0 * rate as f64 / samples as f64))
        }
        None => (bytes.len(), None),
    };
    let bitrate = average
        .filter(|b| *b != 0.0)
        .or(nominal.filter(|b| *b != 0).map(|b| b as f64))
        .or(match (min, max) {
            (Some(lo), Some(hi)) if lo != 0 && hi != 0 => Some((lo + hi) as f64 / 2.0),
            _ => None,
        })?;
    if bitrate == 0.0 {
        return None;
    }
    let playtime = (avdataend.checked_sub(avdataoffset)? * 8) as f64 / bitrate;

    let encoder = String::from_utf8_lossy(vendor);
    let encoder = encoder.strip_prefix("Encoded with ").unwrap_or(&encoder);
    // Xiph.Org's own encoder gets options guessed from a quality table not kept here.
    if encoder.starts_with("Xiph.Org") {
        return None;
    }
    audio.insert("bitrate".into(), float(bitrate));
    audio.insert("encoder".into(), json!(encoder));
    if let Some(nominal) = nominal.filter(|b| *b != 0) {
        let kbps = (nominal as f64 / 1000.0).round();
        audio.insert(
            "encoder_options".into(),
            json!(format!("Nominal bitrate: {kbps}kbps")),
        );
    }
    if let Some(mode) = channel_mode(channels) {
        audio.insert("channelmode".into(), json!(mode));
    }
    if channels != 0 {
        let ratio = compression_ratio(bitrate, channels, rate as f64, 16);
        audio.insert("compression_ratio".into(), float(ratio));
    }
    Some(probe_of(audio, playtime))
}

fn probe_of(audio: Map<String, Value>, playtime: f64) -> Probe {
    Probe {
        audio,
        fileformat: "ogg",
        mime_type: "application/ogg",
        playtime_seconds: playtime,
        tags: Vec::new(),
        image: None,
        created: None,
    }
}
