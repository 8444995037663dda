//! QuickTime and ISO MP4 (MOV, MP4, M4A), read as getID3 reads them. Its choices hang on raw
//! fields that the MP4 crates skip or reject (the sample entry's vendor decides whether the
//! compressor name is the codec; a QuickTime version 1 sound entry hides its `esds`; `mvhd`
//! is always read at version 0's offsets), so the atoms are walked here.
use super::{channel_mode, compression_ratio, Probe};
use serde_json::{json, Map, Value};
use wp_schema_runtime::php_json::float;

/// Seconds from 1904 (QuickTime's epoch) to 1970.
const MAC_EPOCH: i64 = 2_082_844_800;

/// getID3's test for a QuickTime file: one of these atom names at offset 4.
pub(super) fn is_quicktime(bytes: &[u8]) -> bool {
    matches!(
        bytes.get(4..8),
        Some(b"cmov" | b"free" | b"ftyp" | b"mdat" | b"moov" | b"pnot" | b"skip" | b"wide")
    )
}

/// The sound track, as getID3 fills its `audio` section.
struct Sound {
    /// The `esds` average bitrate, when there is one.
    bitrate: Option<f64>,
    sample_rate: f64,
    channels: u32,
    bits: u32,
}

/// What getID3 keeps of a movie.
#[derive(Default)]
pub(super) struct Movie {
    /// Was an ISO (vendor-less) video entry seen?
    iso: bool,
    playtime: f64,
    created: Option<i64>,
    /// The movie's time scale as getID3 keeps it across `mvhd` and `mdhd`.
    time_scale: u32,
    /// Where the (last) media data starts.
    avdataoffset: usize,
    /// The AAC track; getID3 reads no other sound entry the same way.
    sound: Option<Sound>,
    /// Width and height, once a track header or video entry gives them.
    resolution: Option<(f64, f64)>,
    frame_rate: bool,
    /// The compressor name of a video entry written by a named vendor.
    codec: Option<String>,
    lossless: Option<bool>,
    /// Is getID3's `quicktime.video` section filled?
    has_video_section: bool,
    /// Did a top-level atom run past the end of the file?
    truncated: bool,
}

fn be(b: &[u8], at: usize, len: usize) -> Option<u64> {
    let s = b.get(at..at.checked_add(len)?)?;
    Some(s.iter().fold(0u64, |n, &x| (n << 8) | u64::from(x)))
}

/// A 16.16 fixed-point number.
fn fixed(b: &[u8], at: usize) -> Option<f64> {
    Some(be(b, at, 4)? as f64 / 65536.0)
}

/// The atoms in `data`: name and body. An atom that claims more than is left ends the list.
fn atoms(data: &[u8]) -> impl Iterator<Item = ([u8; 4], &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let size = be(data, at, 4)? as usize;
        let name: [u8; 4] = data.get(at + 4..at + 8)?.try_into().ok()?;
        let (header, size) = match size {
            1 => (16, usize::try_from(be(data, at + 8, 8)?).ok()?),
            _ => (8, size),
        };
        let end = at.checked_add(size)?;
        let body = data.get(at + header..end)?;
        at = end;
        Some((name, body))
    })
}

/// getID3's merge of a header's time scale into the movie's.
fn keep_time_scale(movie: &mut Movie, scale: u32) {
    movie.time_scale = if movie.time_scale != 0 && movie.time_scale < 1000 {
        movie.time_scale.max(scale)
    } else {
        scale
    };
}

/// The movie, or `None` for a file getID3 gives up on or that holds an entry not read here.
pub(super) fn probe(bytes: &[u8]) -> Option<Movie> {
    let mut movie = Movie::default();
    let mut at = 0usize;
    // A header cut short reads as size 0, which ends the file for getID3 as for QuickTime.
    while let Some(size) = be(bytes, at, 4).filter(|size| *size != 0) {
        let (header, size) = match size {
            1 => (16, be(bytes, at + 8, 8).unwrap_or(0)),
            _ => (8, size),
        };
        if size < header as u64 {
            return None;
        }
        let Some(body) = usize::try_from(size)
            .ok()
            .and_then(|size| bytes.get(at + header..at.checked_add(size)?))
        else {
            // An atom past the end: getID3 stops with an error and skips its own summing
            // up, but what it read so far is kept.
            movie.truncated = true;
            break;
        };
        match bytes.get(at + 4..at + 8) {
            Some(b"moov") => read_container(&mut movie, body, true)?,
            Some(b"mdat") if !body.is_empty() => movie.avdataoffset = at + 8,
            _ => {}
        }
        at += body.len() + header;
    }
    Some(movie)
}

fn read_container(movie: &mut Movie, data: &[u8], is_moov: bool) -> Option<()> {
    for (index, (name, body)) in atoms(data).enumerate() {
        match &name {
            b"trak" | b"mdia" | b"minf" => read_container(movie, body, false)?,
            b"stbl" => read_sample_table(movie, body)?,
            b"mvhd" => {
                // getID3 reads the version 0 layout whatever the version says, and gives
                // up on a zero time scale.
                let scale = u32::try_from(be(body, 12, 4)?).ok()?;
                if scale == 0 {
                    return None;
                }
                movie.playtime = be(body, 16, 4)? as f64 / f64::from(scale);
                keep_time_scale(movie, scale);
                // WordPress takes the creation time of the movie's first atom only.
                if is_moov && index == 0 {
                    movie.created = Some(be(body, 4, 4)? as i64 - MAC_EPOCH);
                }
            }
            b"mdhd" => {
                let scale = u32::try_from(be(body, 12, 4)?).ok()?;
                if scale == 0 {
                    return None;
                }
                keep_time_scale(movie, scale);
            }
            // An enabled track widens the picture to its own size, audio ones too.
            b"tkhd" if be(body, 1, 3).is_some_and(|flags| flags & 1 == 1) => {
                let (w, h) = (fixed(body, 76)?, fixed(body, 80)?);
                let (x, y) = movie.resolution.unwrap_or((w, h));
                movie.resolution = Some((x.max(w), y.max(h)));
                movie.has_video_section = true;
            }
            _ => {}
        }
    }
    Some(())
}

/// The sample descriptions, and whether a video track has a frame rate.
fn read_sample_table(movie: &mut Movie, data: &[u8]) -> Option<()> {
    let mut is_video = false;
    let mut has_rate = false;
    for (name, body) in atoms(data) {
        match &name {
            b"stsd" => {
                let count = be(body, 4, 4)?;
                for (format, entry) in atoms(body.get(8..)?).take(count as usize) {
                    is_video |= format == *b"avc1";
                    read_sample_entry(movie, &format, entry)?;
                }
            }
            b"stts" => {
                let count = be(body, 4, 4)? as usize;
                for i in 0..count.min(body.len() / 8) {
                    let duration = be(body, 12 + i * 8, 4)?;
                    if duration > 0 && movie.time_scale > 0 {
                        // getID3 rounds the rate to three places; zero counts as none.
                        let rate = f64::from(movie.time_scale) / duration as f64;
                        has_rate = (rate * 1000.0).round() != 0.0;
                    }
                }
            }
            _ => {}
        }
    }
    movie.frame_rate |= is_video && has_rate;
    Some(())
}

/// One sample entry: H.264 video or AAC audio, else the file is not read here.
fn read_sample_entry(movie: &mut Movie, format: &[u8; 4], entry: &[u8]) -> Option<()> {
    // getID3's fields start after the reserved bytes and the data reference index.
    let data = entry.get(8..)?;
    let vendor_is_zero = be(data, 4, 4)? == 0;
    match (format, vendor_is_zero) {
        (b"avc1", true) => {
            movie.iso = true;
            let (w, h) = (be(data, 16, 2)?, be(data, 18, 2)?);
            if w != 0 && h != 0 {
                movie.resolution = Some((w as f64, h as f64));
                movie.has_video_section = true;
            }
        }
        (b"mp4a", true) => {
            let bitrate = data.get(20..).and_then(|sub| {
                atoms(sub)
                    .find(|(name, _)| name == b"esds")
                    .and_then(|(_, esds)| average_bitrate(esds))
            });
            movie.sound = Some(Sound {
                bitrate,
                sample_rate: fixed(data, 16)?,
                channels: be(data, 8, 2)? as u32,
                bits: be(data, 10, 2)? as u32,
            });
        }
        (b"avc1", false) => {
            // Vendor-written entries are read as QuickTime video descriptions: the codec is
            // the compressor's name when the pixel depth is one QuickTime knows.
            let len = be(data, 34, 1)? as usize;
            let name = data.get(35..35 + len)?;
            let depth = be(data, 66, 2)?;
            if matches!(depth, 1 | 2 | 4 | 8 | 16 | 24 | 32 | 33 | 34 | 36 | 40) {
                let codec = match len {
                    0 => "avc1".to_owned(),
                    _ => String::from_utf8_lossy(name).into_owned(),
                };
                movie.codec = Some(codec);
                movie.has_video_section = true;
            }
            movie.lossless = Some(false);
        }
        _ => return None,
    }
    Some(())
}

/// An `esds` descriptor's average bitrate, when it is read and not zero.
fn average_bitrate(esds: &[u8]) -> Option<f64> {
    let mut at = 4;
    let skip_descriptor = |tag: u8, at: &mut usize| -> Option<()> {
        if be(esds, *at, 1)? != u64::from(tag) {
            return None;
        }
        *at += 1;
        // A length of up to four bytes of seven bits.
        for _ in 0..4 {
            let b = be(esds, *at, 1)?;
            *at += 1;
            if b & 0x80 == 0 {
                break;
            }
        }
        Some(())
    };
    skip_descriptor(0x03, &mut at)?;
    let flags = be(esds, at + 2, 1)?;
    at += 3;
    if flags & 0x40 != 0 {
        return None;
    }
    at += if flags & 0x80 != 0 { 2 } else { 0 };
    at += if flags & 0x20 != 0 { 2 } else { 0 };
    skip_descriptor(0x04, &mut at)?;
    let avg = be(esds, at + 9, 4)?;
    (avg != 0).then_some(avg as f64)
}

impl Movie {
    /// getID3's overall bitrate: the media data from its start to the file's end.
    fn bitrate(&self, filesize: usize) -> Option<f64> {
        (self.playtime != 0.0 && !self.truncated)
            .then(|| (filesize.saturating_sub(self.avdataoffset) * 8) as f64 / self.playtime)
    }

    fn width(&self) -> f64 {
        self.resolution.map_or(0.0, |(w, _)| w)
    }

    fn mime_type(&self) -> &'static str {
        match (&self.sound, self.width() != 0.0, self.truncated) {
            (Some(_), false, false) => "audio/mp4",
            (Some(_), true, false) => "video/mp4",
            _ => "video/quicktime",
        }
    }

    /// The audio section in getID3's key order, and the video bitrate it leaves.
    fn sections(&self, filesize: usize) -> (Option<Map<String, Value>>, Option<f64>) {
        let bitrate = self.bitrate(filesize);
        let Some(sound) = &self.sound else {
            // A silent movie's bitrate is its video's.
            let video = bitrate.filter(|b| *b != 0.0 && self.resolution.is_some());
            return (None, video);
        };
        let mut audio = Map::new();
        audio.insert("dataformat".into(), json!("mp4"));
        let mut audio_bitrate = sound.bitrate;
        if let Some(b) = audio_bitrate {
            audio.insert("bitrate".into(), float(b));
        }
        audio.insert("codec".into(), json!("ISO/IEC 14496-3 AAC"));
        audio.insert("sample_rate".into(), float(sound.sample_rate));
        audio.insert("channels".into(), json!(sound.channels));
        audio.insert("bits_per_sample".into(), json!(sound.bits));
        audio.insert("lossless".into(), json!(false));
        // With no video section at all, the overall bitrate is the sound's.
        if let (None, Some(b), false) = (audio_bitrate, bitrate, self.has_video_section) {
            audio_bitrate = Some(b);
            audio.insert("bitrate".into(), float(b));
        }
        let video_bitrate = match (bitrate, audio_bitrate) {
            (Some(all), Some(sound_rate))
                if all != 0.0 && self.frame_rate && self.width() != 0.0 && all > sound_rate =>
            {
                Some(all - sound_rate)
            }
            _ => None,
        };
        if let Some(mode) = channel_mode(sound.channels) {
            audio.insert("channelmode".into(), json!(mode));
        }
        // Audio alone takes the overall bitrate when nothing else gave one.
        if let (None, None, Some(b), false) =
            (audio_bitrate, video_bitrate, bitrate, self.width() != 0.0)
        {
            audio_bitrate = Some(b);
            audio.insert("bitrate".into(), float(b));
        }
        if let Some(b) = audio_bitrate.filter(|b| *b != 0.0) {
            if sound.channels != 0 && sound.sample_rate != 0.0 {
                let ratio = compression_ratio(b, sound.channels, sound.sample_rate, sound.bits);
                audio.insert("compression_ratio".into(), float(ratio));
            }
        }
        (Some(audio), video_bitrate)
    }

    fn fileformat(&self) -> &'static str {
        // AAC makes the file an MP4 in getID3's summing up; an ISO video entry at once.
        if self.iso || (self.sound.is_some() && !self.truncated) {
            "mp4"
        } else {
            "quicktime"
        }
    }

    /// What `wp_read_audio_metadata` reads of the movie.
    pub(super) fn into_probe(self, filesize: usize) -> Probe {
        let (audio, _) = self.sections(filesize);
        Probe {
            audio: audio.unwrap_or_default(),
            fileformat: self.fileformat(),
            mime_type: self.mime_type(),
            playtime_seconds: self.playtime,
            tags: Vec::new(),
            image: None,
            created: self.created,
        }
    }

    /// `wp_read_video_metadata`'s map, in its order.
    pub(super) fn video_metadata(&self, filesize: usize) -> Map<String, Value> {
        let (audio, video_bitrate) = self.sections(filesize);
        let mut meta = Map::new();
        if let Some(lossless) = self.lossless {
            meta.insert("lossless".into(), json!(lossless));
        }
        if let Some(b) = video_bitrate.filter(|b| *b as i64 != 0) {
            meta.insert("bitrate".into(), json!(b as i64));
        }
        if filesize > 0 {
            meta.insert("filesize".into(), json!(filesize));
        }
        meta.insert("mime_type".into(), json!(self.mime_type()));
        super::insert_length(&mut meta, self.playtime);
        if let Some((w, h)) = self.resolution {
            if w as i64 != 0 {
                meta.insert("width".into(), json!(w as i64));
            }
            if h as i64 != 0 {
                meta.insert("height".into(), json!(h as i64));
            }
        }
        meta.insert("fileformat".into(), json!(self.fileformat()));
        // An audio-only MP4 loses its video section.
        let audio_only = self.sound.is_some() && self.width() == 0.0;
        if self.has_video_section && !audio_only && !self.truncated {
            meta.insert("dataformat".into(), json!("quicktime"));
        }
        if let Some(codec) = &self.codec {
            meta.insert("codec".into(), json!(codec));
        }
        if let Some(audio) = audio {
            meta.insert("audio".into(), Value::Object(audio));
        }
        if let Some(created) = self.created {
            meta.insert("created_timestamp".into(), json!(created));
        }
        meta
    }
}
