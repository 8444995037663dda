//! Matroska and WebM, read as getID3 reads them. getID3 walks the elements in file order, lets
//! a child run past its parent's end and reads on from there, keeps what it read before a
//! missing or zero byte, and stops at the first cluster that holds a block of every track, so
//! that tags written after it (and their `BPS` bitrates) go unseen. The crates do otherwise:
//! `matroska` reads the whole file or fails, and finds the tags through the seek head;
//! `ebml-iterable` (under `webm-iterable`) stops with an error at an id its spec lacks, an
//! element out of place or a child larger than its parent. So the elements are walked here.
use super::{channel_mode, compression_ratio};
use serde_json::{json, Map, Value};
use wp_schema_runtime::php_json::float;

/// getID3's test for a Matroska file: the EBML header's id at offset 0.
pub(super) fn is_matroska(bytes: &[u8]) -> bool {
    bytes.starts_with(&EBML_HEADER.to_be_bytes()[4..])
}

const EBML_HEADER: u64 = 0x1A45_DFA3;
const SEGMENT: u64 = 0x1853_8067;
const DOCTYPE: u64 = 0x4282;
const SEEK_HEAD: u64 = 0x114D_9B74;
const SEEK: u64 = 0x4DBB;
const INFO: u64 = 0x1549_A966;
const TIMECODE_SCALE: u64 = 0x2A_D7B1;
const DURATION: u64 = 0x4489;
const DATE_UTC: u64 = 0x4461;
const TRACKS: u64 = 0x1654_AE6B;
const TRACK_ENTRY: u64 = 0xAE;
const TRACK_UID: u64 = 0x73C5;
const TRACK_TYPE: u64 = 0x83;
const FLAG_DEFAULT: u64 = 0x88;
const CODEC_ID: u64 = 0x86;
const CODEC_PRIVATE: u64 = 0x63A2;
const CODEC_NAME: u64 = 0x25_8688;
const LANGUAGE: u64 = 0x22_B59C;
const VIDEO: u64 = 0xE0;
const PIXEL_WIDTH: u64 = 0xB0;
const PIXEL_HEIGHT: u64 = 0xBA;
const AUDIO: u64 = 0xE1;
const SAMPLING_FREQUENCY: u64 = 0xB5;
const CHANNELS: u64 = 0x9F;
const BIT_DEPTH: u64 = 0x6264;
const TAGS: u64 = 0x1254_C367;
const TAG: u64 = 0x7373;
const TARGETS: u64 = 0x63C0;
const TAG_TRACK_UID: u64 = 0x63C5;
const SIMPLE_TAG: u64 = 0x67C8;
const TAG_NAME: u64 = 0x45A3;
const TAG_STRING: u64 = 0x4487;
const CLUSTER: u64 = 0x1F43_B675;
const BLOCK_GROUP: u64 = 0xA0;
const BLOCK: u64 = 0xA1;
const SIMPLE_BLOCK: u64 = 0xA3;

/// A byte getID3 cannot read an EBML number from (a zero first byte, or none): it gives up
/// the whole walk, keeping what it had stored.
struct Broken;

/// One element: its id, where its data starts and where it claims to end.
struct Element {
    id: u64,
    start: u64,
    end: u64,
}

/// The walk's position; `u64::MAX` once the file has run out, which ends every loop.
struct Walk<'a> {
    bytes: &'a [u8],
    pos: u64,
}

impl Walk<'_> {
    /// Up to `len` bytes at `at`, fewer where the file ends, as PHP's `substr` gives them.
    fn slice(&self, at: u64, len: u64) -> &[u8] {
        let total = self.bytes.len() as u64;
        let (from, to) = (at.min(total), at.saturating_add(len).min(total));
        &self.bytes[from as usize..to as usize]
    }

    /// An EBML number (an id keeps its length marker, a size loses it).
    fn vint(&mut self, keep_marker: bool) -> Result<u64, Broken> {
        let first = *self.slice(self.pos, 1).first().ok_or(Broken)?;
        if first == 0 {
            return Err(Broken);
        }
        let len = first.leading_zeros() as u64 + 1;
        let raw = self.slice(self.pos, len);
        let mut value = if keep_marker {
            u64::from(first)
        } else {
            u64::from(first) & (0xFF >> len)
        };
        for &b in &raw[1..] {
            value = (value << 8) | u64::from(b);
        }
        self.pos += len;
        Ok(value)
    }

    /// The next element before `parent_end`; at the file's end the whole walk stops.
    fn element(&mut self, parent_end: u64) -> Result<Option<Element>, Broken> {
        if self.pos >= parent_end {
            return Ok(None);
        }
        if self.pos >= self.bytes.len() as u64 {
            self.pos = u64::MAX;
            return Ok(None);
        }
        let id = self.vint(true)?;
        let len = self.vint(false)?;
        let start = self.pos;
        Ok(Some(Element {
            id,
            start,
            end: start.saturating_add(len),
        }))
    }

    /// A leaf's data; the walk moves past it.
    fn data(&mut self, e: &Element) -> &[u8] {
        self.pos = e.end;
        self.slice(e.start, e.end - e.start)
    }

    fn uint(&mut self, e: &Element) -> u64 {
        self.data(e)
            .iter()
            .fold(0u64, |n, &b| (n << 8) | u64::from(b))
    }

    /// An unsigned integer as getID3 keeps it: `false` when the element is empty.
    fn uint_value(&mut self, e: &Element) -> Value {
        match self.data(e) {
            [] => json!(false),
            data => json!(data.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b))),
        }
    }

    fn float(&mut self, e: &Element) -> f64 {
        match *self.data(e) {
            [a, b, c, d] => f64::from(f32::from_be_bytes([a, b, c, d])),
            [a, b, c, d, e, f, g, h] => f64::from_be_bytes([a, b, c, d, e, f, g, h]),
            _ => 0.0,
        }
    }

    /// A string element, less the NUL bytes around it.
    fn text(&mut self, e: &Element) -> String {
        String::from_utf8_lossy(self.data(e))
            .trim_matches('\0')
            .to_owned()
    }
}

#[derive(Default)]
struct Track {
    uid: Vec<u8>,
    kind: Option<u64>,
    default: Option<bool>,
    codec_id: Option<String>,
    codec_private: Option<Vec<u8>>,
    codec_name: Option<String>,
    language: Option<String>,
    width: Option<Value>,
    height: Option<Value>,
    sample_rate: Option<f64>,
    channels: Option<Value>,
    bit_depth: Option<Value>,
}

#[derive(Default)]
struct SimpleTag {
    name: Vec<u8>,
    /// `None` when the tag has no string element.
    string: Option<Vec<u8>>,
    nested: Vec<SimpleTag>,
}

/// What getID3 gathers of the file before it sums up.
#[derive(Default)]
struct File {
    doctype: Option<String>,
    /// The segment's info elements: time scale, duration, date.
    info: Vec<(Option<u64>, Option<f64>, Option<u64>)>,
    tracks: Vec<Track>,
    /// Each tag's track targets and its simple tags.
    tags: Vec<(Vec<Vec<u8>>, Vec<SimpleTag>)>,
    /// Every tag name and string, nested ones too, in file order.
    comments: Vec<(String, String)>,
    /// Track numbers that some block has shown.
    tracks_with_data: Vec<u64>,
}

impl File {
    fn read(bytes: &[u8]) -> File {
        let mut file = File::default();
        let mut walk = Walk { bytes, pos: 0 };
        // A broken number ends the walk where it is, as getID3's exception does.
        let _ = file.walk(&mut walk);
        file
    }

    fn walk(&mut self, w: &mut Walk) -> Result<(), Broken> {
        while let Some(top) = w.element(u64::MAX)? {
            match top.id {
                EBML_HEADER => {
                    while let Some(e) = w.element(top.end)? {
                        if e.id == DOCTYPE {
                            self.doctype = Some(w.text(&e));
                        } else {
                            w.pos = e.end;
                        }
                    }
                }
                SEGMENT => {
                    while let Some(e) = w.element(top.end)? {
                        match e.id {
                            // Read for nothing but where it ends, which a damaged size moves.
                            SEEK_HEAD => {
                                while let Some(seek) = w.element(e.end)? {
                                    if seek.id == SEEK {
                                        while let Some(s) = w.element(seek.end)? {
                                            w.pos = s.end;
                                        }
                                    } else {
                                        w.pos = seek.end;
                                    }
                                }
                            }
                            INFO => self.read_info(w, &e)?,
                            TRACKS => self.read_tracks(w, &e)?,
                            TAGS => self.read_tags(w, &e)?,
                            CLUSTER => {
                                if self.read_cluster(w, &e)? {
                                    return Ok(());
                                }
                            }
                            _ => w.pos = e.end,
                        }
                    }
                }
                _ => w.pos = top.end,
            }
        }
        Ok(())
    }

    fn read_info(&mut self, w: &mut Walk, parent: &Element) -> Result<(), Broken> {
        let (mut scale, mut duration, mut date) = (None, None, None);
        while let Some(e) = w.element(parent.end)? {
            match e.id {
                TIMECODE_SCALE => scale = Some(w.uint(&e)),
                DURATION => duration = Some(w.float(&e)),
                DATE_UTC => date = Some(w.uint(&e)),
                _ => w.pos = e.end,
            }
        }
        self.info.push((scale, duration, date));
        Ok(())
    }

    fn read_tracks(&mut self, w: &mut Walk, parent: &Element) -> Result<(), Broken> {
        while let Some(entry) = w.element(parent.end)? {
            if entry.id != TRACK_ENTRY {
                w.pos = entry.end;
                continue;
            }
            let mut t = Track::default();
            while let Some(e) = w.element(entry.end)? {
                match e.id {
                    TRACK_UID => t.uid = w.data(&e).to_vec(),
                    TRACK_TYPE => t.kind = Some(w.uint(&e)),
                    FLAG_DEFAULT => t.default = Some(w.uint(&e) != 0),
                    CODEC_ID => t.codec_id = Some(w.text(&e)),
                    CODEC_PRIVATE => t.codec_private = Some(w.data(&e).to_vec()),
                    CODEC_NAME => t.codec_name = Some(w.text(&e)),
                    LANGUAGE => t.language = Some(w.text(&e)),
                    // Their children are read in place; the walk goes on from where they end.
                    VIDEO | AUDIO => {
                        while let Some(s) = w.element(e.end)? {
                            match s.id {
                                PIXEL_WIDTH => t.width = Some(w.uint_value(&s)),
                                PIXEL_HEIGHT => t.height = Some(w.uint_value(&s)),
                                SAMPLING_FREQUENCY => t.sample_rate = Some(w.float(&s)),
                                CHANNELS => t.channels = Some(w.uint_value(&s)),
                                BIT_DEPTH => t.bit_depth = Some(w.uint_value(&s)),
                                _ => w.pos = s.end,
                            }
                        }
                    }
                    _ => w.pos = e.end,
                }
            }
            // A track the file's end cut short is kept as far as it was read.
            self.tracks.push(t);
        }
        Ok(())
    }

    fn read_tags(&mut self, w: &mut Walk, parent: &Element) -> Result<(), Broken> {
        while let Some(tag) = w.element(parent.end)? {
            if tag.id != TAG {
                w.pos = tag.end;
                continue;
            }
            let (mut targets, mut simple) = (Vec::new(), Vec::new());
            while let Some(e) = w.element(tag.end)? {
                match e.id {
                    TARGETS => {
                        while let Some(s) = w.element(e.end)? {
                            match s.id {
                                TAG_TRACK_UID => targets.push(w.data(&s).to_vec()),
                                _ => w.pos = s.end,
                            }
                        }
                    }
                    SIMPLE_TAG => simple.push(File::read_simple_tag(w, &e)?),
                    _ => w.pos = e.end,
                }
            }
            self.add_comments(&simple);
            self.tags.push((targets, simple));
        }
        Ok(())
    }

    /// A simple tag with the tags nested in it.
    fn read_simple_tag(w: &mut Walk, parent: &Element) -> Result<SimpleTag, Broken> {
        let mut tag = SimpleTag::default();
        while let Some(e) = w.element(parent.end)? {
            match e.id {
                TAG_NAME => tag.name = w.data(&e).to_vec(),
                TAG_STRING => tag.string = Some(w.data(&e).to_vec()),
                SIMPLE_TAG => tag.nested.push(File::read_simple_tag(w, &e)?),
                _ => w.pos = e.end,
            }
        }
        Ok(tag)
    }

    /// getID3's comments from a tag: each name and string, then those nested in it.
    fn add_comments(&mut self, tags: &[SimpleTag]) {
        for tag in tags {
            if let Some(string) = tag.string.as_deref().filter(|s| !php_empty(s)) {
                if !php_empty(&tag.name) {
                    let key = String::from_utf8_lossy(&tag.name).to_lowercase();
                    let value = String::from_utf8_lossy(string).into_owned();
                    self.comments.push((key, value));
                }
            }
            self.add_comments(&tag.nested);
        }
    }

    /// Reads a cluster's blocks; true when getID3 stops there, every track having data.
    fn read_cluster(&mut self, w: &mut Walk, parent: &Element) -> Result<bool, Broken> {
        while let Some(e) = w.element(parent.end)? {
            match e.id {
                SIMPLE_BLOCK => self.block(w, &e)?,
                BLOCK_GROUP => {
                    while let Some(s) = w.element(e.end)? {
                        match s.id {
                            BLOCK => self.block(w, &s)?,
                            _ => w.pos = s.end,
                        }
                    }
                }
                _ => {}
            }
            w.pos = e.end;
        }
        Ok(!self.info.is_empty()
            && !self.tracks.is_empty()
            && self.tracks_with_data.len() == self.tracks.len())
    }

    fn block(&mut self, w: &mut Walk, e: &Element) -> Result<(), Broken> {
        let number = w.vint(false)?;
        if !self.tracks_with_data.contains(&number) {
            self.tracks_with_data.push(number);
        }
        w.pos = e.end;
        Ok(())
    }
}

/// PHP's `empty()` of a string: `""` and `"0"`.
fn php_empty(s: &[u8]) -> bool {
    s.is_empty() || s == b"0"
}

/// The leading integer of a string, as PHP's `(int)` cast reads it.
fn php_int(s: &[u8]) -> i64 {
    let s = String::from_utf8_lossy(s);
    let s = s.trim_start();
    let (sign, digits) = match s.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, s.strip_prefix('+').unwrap_or(s)),
    };
    let end = digits
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

/// A section (getID3's `video` or `audio`) from its streams: the last default one, else the
/// first, less its `default` flag.
fn default_stream(streams: &[(Vec<u8>, bool, Map<String, Value>)]) -> Option<&Map<String, Value>> {
    streams
        .iter()
        .rev()
        .find(|(_, default, _)| *default)
        .or(streams.first())
        .map(|(_, _, s)| s)
}

/// The facts of a Vorbis identification header inside a track's codec data, as getID3 merges
/// them into the track: `None` for the nominal bitrate when it is not given.
fn vorbis_ident(track: &mut Map<String, Value>, private: &[u8]) -> Option<u64> {
    let at = private.get(1..)?.windows(6).position(|w| w == b"vorbis")?;
    let ident = &private[at..];
    let le = |from: usize, len: usize| {
        let s = ident.get(from.min(ident.len())..(from + len).min(ident.len()))?;
        Some(s.iter().rev().fold(0u64, |n, &b| (n << 8) | u64::from(b)))
    };
    track.insert("dataformat".into(), json!("vorbis"));
    track.insert("lossless".into(), json!(false));
    let channels = ident.get(11).map_or(json!(false), |&c| json!(c));
    track.insert("channels".into(), channels);
    let rate = le(12, 4)?;
    if rate == 0 {
        return None;
    }
    track.insert("sample_rate".into(), json!(rate));
    let unknown = |b: u64| b == 0xFFFF_FFFF;
    let (max, nominal, min) = (le(16, 4)?, le(20, 4)?, le(24, 4)?);
    let mode = if unknown(max) || unknown(min) {
        "abr"
    } else {
        "vbr"
    };
    track.insert("bitrate_mode".into(), json!(mode));
    (!unknown(nominal)).then_some(nominal)
}

/// `wp_read_video_metadata`'s map for a Matroska or WebM file; `None` for a track whose
/// codec getID3 reads with another of its modules (MPEG audio, AC-3, DTS, FLAC, ACM, VfW).
pub(super) fn video_metadata(bytes: &[u8]) -> Option<Map<String, Value>> {
    let file = File::read(bytes);
    let filesize = bytes.len() as f64;
    let playtime = file.info.iter().find_map(|(scale, duration, _)| {
        duration.map(|d| d * (scale.unwrap_or(1_000_000) as f64 / 1e9))
    });

    // Each stream as getID3 keys it: its id, its default flag, its facts.
    type Streams = Vec<(Vec<u8>, bool, Map<String, Value>)>;
    let (mut videos, mut audios): (Streams, Streams) = (Vec::new(), Vec::new());
    for t in &file.tracks {
        let codec_id = t.codec_id.clone().unwrap_or_default();
        let mut s = Map::new();
        let common = match codec_id.as_str() {
            "A_AAC" | "A_AAC/MPEG2/LC" => "aac",
            "A_PCM/INT/LIT" | "A_PCM/INT/BIG" => "pcm",
            "A_QUICKTIME/QDMC" | "A_QUICKTIME/QDM2" | "V_QUICKTIME" => "quicktime",
            "A_VORBIS" => "vorbis",
            "A_MPEG/L1" => "mp1",
            "V_MPEG1" => "mpeg",
            "V_THEORA" => "theora",
            "V_REAL/RV10" | "V_REAL/RV20" | "V_REAL/RV30" | "V_REAL/RV40" => "real",
            "V_MPEG4/ISO/AP" | "V_MPEG4/ISO/ASP" | "V_MPEG4/ISO/SP" => "mpeg4",
            "V_MPEG4/ISO/AVC" => "h264",
            "V_VP8" => "vp8",
            "A_AC3" | "A_EAC3" | "A_DTS" | "A_MPEG/L3" | "A_MPEG/L2" | "A_FLAC" | "A_MS/ACM"
            | "V_MS/VFW/FOURCC" => return None,
            other => other,
        };
        // A track without a codec id has a null format, which counts as none.
        let common = t.codec_id.as_ref().map(|_| common);
        s.insert("dataformat".into(), json!(common));
        match t.kind {
            Some(1) => {
                s.insert("resolution_x".into(), json!(t.width));
                s.insert("resolution_y".into(), json!(t.height));
                if let Some(name) = &t.codec_name {
                    s.insert("codec".into(), json!(name));
                }
                videos.push((t.uid.clone(), t.default.unwrap_or(true), s));
            }
            Some(2) => {
                s.insert("sample_rate".into(), float(t.sample_rate.unwrap_or(8000.0)));
                let channels = t.channels.clone().unwrap_or(json!(1));
                s.insert("channels".into(), channels.clone());
                let language = t.language.as_deref().unwrap_or("eng");
                s.insert("language".into(), json!(language));
                if let Some(bits) = &t.bit_depth {
                    s.insert("bits_per_sample".into(), json!(bits));
                }
                if let Some(name) = &t.codec_name {
                    s.insert("codec".into(), json!(name));
                }
                match codec_id.as_str() {
                    "A_PCM/INT/LIT" | "A_PCM/INT/BIG" => {
                        let rate = t.sample_rate.unwrap_or(8000.0);
                        let bits = number(t.bit_depth.as_ref());
                        let bitrate = rate * number(Some(&channels)) * bits;
                        s.insert("bitrate".into(), float(bitrate));
                    }
                    "A_VORBIS" => {
                        let nominal = t
                            .codec_private
                            .as_deref()
                            .and_then(|p| vorbis_ident(&mut s, p));
                        if let Some(n) = nominal.filter(|n| *n != 0) {
                            s.insert("bitrate".into(), json!(n));
                        }
                    }
                    _ => {}
                }
                audios.push((t.uid.clone(), t.default.unwrap_or(true), s));
            }
            _ => {}
        }
    }

    // getID3 keys streams by track UID, so a later track replaces an earlier one's facts.
    for streams in [&mut videos, &mut audios] {
        let mut kept: Streams = Vec::new();
        for stream in streams.drain(..) {
            match kept.iter().position(|k| k.0 == stream.0) {
                Some(i) => kept[i] = stream,
                None => kept.push(stream),
            }
        }
        *streams = kept;
    }

    // getID3 starts both sections with an empty format, which its sums below see.
    let section = |streams: &Streams| {
        default_stream(streams)
            .cloned()
            .unwrap_or_else(|| Map::from_iter([("dataformat".to_owned(), json!(""))]))
    };
    let (mut video, mut audio) = (section(&videos), section(&audios));

    // Tag statistics (`BPS`) give the bitrate of a stream that has none, added up per section.
    for (section, streams) in [(&mut video, &videos), (&mut audio, &audios)] {
        for (uid, _, stream) in streams {
            if stream.contains_key("bitrate") {
                continue;
            }
            // The last `BPS` given for the track wins, as getID3 keeps one per name.
            let bps = file
                .tags
                .iter()
                .filter(|(targets, _)| targets.first().is_some_and(|t| !t.is_empty() && t == uid))
                .flat_map(|(_, simple)| simple)
                .filter(|tag| tag.name == b"BPS")
                .filter_map(|tag| tag.string.as_deref())
                .next_back();
            if let Some(bps) = bps.filter(|b| !php_empty(b)) {
                let sum = number(section.get("bitrate"));
                section.insert("bitrate".into(), float(sum + php_int(bps) as f64));
            }
        }
    }

    let mime = if !videos.is_empty() {
        Some(match file.doctype.as_deref() {
            Some("webm") => "video/webm",
            _ => "video/x-matroska",
        })
    } else if !audios.is_empty() {
        Some(match file.doctype.as_deref() {
            Some("webm") => "audio/webm",
            _ => "audio/x-matroska",
        })
    } else {
        None
    };

    // getID3's sums of the audio and video bitrates and the playtime.
    if !audio.contains_key("channelmode") && audio.contains_key("channels") {
        if let Some(mode) = channel_mode(number(audio.get("channels")) as u32) {
            if audio.get("channels").is_some_and(Value::is_number) {
                audio.insert("channelmode".into(), json!(mode));
            }
        }
    }
    let audio_rate = number(audio.get("bitrate"));
    let mut video_rate = number(video.get("bitrate"));
    let combined = audio_rate + video_rate;
    let mut bitrate = (combined > 0.0).then_some(combined);
    let mut playtime = playtime;
    if !is_empty(video.get("dataformat")) && video_rate == 0.0 {
        if let (Some(all), Some(p)) = (bitrate, playtime) {
            if audio_rate > 0.0 && audio_rate == all && p > 0.0 {
                let all = (filesize * 8.0 / p).round();
                bitrate = Some(all);
                video_rate = all - audio_rate;
                video.insert("bitrate".into(), float(video_rate));
            }
        }
    }
    if playtime.is_none_or(|p| p <= 0.0) {
        if let Some(b) = bitrate.filter(|b| *b != 0.0) {
            playtime = Some(filesize * 8.0 / b);
        }
    }
    if bitrate.is_none() {
        if let Some(p) = playtime.filter(|p| *p != 0.0) {
            bitrate = Some(filesize * 8.0 / p);
        }
    }
    if let Some(b) = bitrate {
        if audio_rate == 0.0 && video_rate == 0.0 {
            let isset = |v: Option<&Value>| v.is_some_and(|v| !v.is_null());
            if isset(audio.get("dataformat")) && is_empty(video.get("resolution_x")) {
                audio.insert("bitrate".into(), float(b));
            } else if isset(video.get("resolution_x")) && is_empty(audio.get("dataformat")) {
                video_rate = b;
                video.insert("bitrate".into(), float(b));
            }
        }
    }
    let (b, channels) = (number(audio.get("bitrate")), number(audio.get("channels")));
    let rate = number(audio.get("sample_rate"));
    if b != 0.0 && channels != 0.0 && rate != 0.0 {
        let bits = number(audio.get("bits_per_sample")) as u32;
        let ratio = compression_ratio(b, channels as u32, rate, bits);
        audio.insert("compression_ratio".into(), float(ratio));
    }
    // getID3's clean-up drops these keys when empty, then a section left empty.
    for section in [&mut video, &mut audio] {
        for key in [
            "dataformat",
            "bits_per_sample",
            "encoder_options",
            "streams",
            "bitrate",
        ] {
            if section.contains_key(key) && is_empty(section.get(key)) {
                section.remove(key);
            }
        }
    }

    let mut meta = Map::new();
    if video_rate != 0.0 {
        meta.insert("bitrate".into(), json!(video_rate as i64));
    }
    if !bytes.is_empty() {
        meta.insert("filesize".into(), json!(bytes.len()));
    }
    if let Some(mime) = mime {
        meta.insert("mime_type".into(), json!(mime));
    }
    super::insert_length(&mut meta, playtime.unwrap_or(0.0));
    for (from, to) in [("resolution_x", "width"), ("resolution_y", "height")] {
        if !is_empty(video.get(from)) {
            meta.insert(to.into(), json!(number(video.get(from)) as i64));
        }
    }
    if let Some(doctype) = file.doctype.as_deref().filter(|d| !php_empty(d.as_bytes())) {
        meta.insert("fileformat".into(), json!(doctype));
    }
    for key in ["dataformat", "codec"] {
        if !is_empty(video.get(key)) {
            meta.insert(key.into(), video[key].clone());
        }
    }
    if !audio.is_empty() {
        meta.insert("audio".into(), Value::Object(audio));
    }
    if let Some(created) = created_timestamp(&file) {
        meta.insert("created_timestamp".into(), json!(created));
    }
    Some(meta)
}

/// PHP's `empty()` of a value that may be missing.
fn is_empty(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::Bool(false)) => true,
        Some(Value::Number(n)) => n.as_f64() == Some(0.0),
        Some(Value::String(s)) => php_empty(s.as_bytes()),
        Some(Value::Array(a)) => a.is_empty(),
        Some(Value::Object(o)) => o.is_empty(),
        Some(Value::Bool(true)) => false,
    }
}

/// A value as PHP's arithmetic reads it (false and a missing value are 0).
fn number(v: Option<&Value>) -> f64 {
    v.and_then(Value::as_f64).unwrap_or(0.0)
}

/// WordPress's creation time of a Matroska file: a `creation_time` tag as PHP's `strtotime`
/// reads it (here its ISO 8601 forms only), else the first info element's date.
fn created_timestamp(file: &File) -> Option<i64> {
    // WordPress looks for it in these two formats alone.
    if !matches!(file.doctype.as_deref(), Some("matroska" | "webm")) {
        return None;
    }
    if let Some((_, when)) = file.comments.iter().find(|(k, _)| k == "creation_time") {
        let when = when.trim();
        return chrono::DateTime::parse_from_rfc3339(when)
            .map(|t| t.timestamp())
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(when, "%Y-%m-%d %H:%M:%S")
                    .map(|t| t.and_utc().timestamp())
            })
            .ok();
    }
    let date = file.info.first()?.2?;
    // Nanoseconds from 2001, which getID3 reads unsigned.
    Some((date as f64 / 1e9 + 978_307_200.0).round() as i64)
}
