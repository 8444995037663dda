//! The attachment metadata of an audio or video upload: what WordPress 6.9.7's
//! `wp_read_audio_metadata` stores, from the facts getID3 reads of the file, in its key order.
//!
//! Read here: MPEG audio (a Xing/Info header or plain frames) with its ID3v2 or ID3v1 tag, FLAC,
//! PCM WAV, Ogg Vorbis, and MP4/M4A/MOV with H.264 video and AAC audio (what
//! `wp_read_video_metadata` keeps too), and as video Ogg Theora or Vorbis and Matroska/WebM
//! (VP8, VP9, AV1, H.264 with Opus, Vorbis, PCM or AAC). Any other file keeps the `filesize`
//! alone, as it did before; WordPress's getID3 also reads others (see the module's tests).

use crate::text::kses;
use serde_json::{json, Map, Value};
use wp_schema_runtime::php_json::float;

/// The metadata WordPress keeps for `bytes` uploaded as `mime` (`audio/*` or `video/*`).
pub fn metadata(bytes: &[u8], mime: &str) -> Value {
    // getID3 first looks for tags at the end of the file, 170 bytes back at most; in a shorter
    // file that seek fails and it reports nothing.
    let probe = if bytes.len() < 170 {
        None
    } else if quicktime::is_quicktime(bytes) {
        // getID3 picks its reader by the file's first bytes, whatever the type uploaded.
        match quicktime::probe(bytes) {
            Some(movie) if !mime.starts_with("audio/") => {
                return Value::Object(movie.video_metadata(bytes.len()))
            }
            movie => movie.map(|movie| movie.into_probe(bytes.len())),
        }
    } else if bytes.starts_with(b"OggS") {
        // getID3 reads any Ogg file as Ogg, whatever the type uploaded: Vorbis as audio, and
        // Theora (or Vorbis) as video.
        match mime.starts_with("audio/") {
            true => ogg::probe(bytes),
            false => {
                if ogg::is_unknown_stream(bytes) {
                    return json!({ "filesize": bytes.len(), "fileformat": "ogg" });
                }
                let meta = ogg::theora_metadata(bytes).or_else(|| {
                    ogg::probe(bytes).map(|probe| probe.into_video_metadata(bytes.len()))
                });
                return meta.map_or_else(|| json!({ "filesize": bytes.len() }), Value::Object);
            }
        }
    } else if matroska::is_matroska(bytes) {
        // Matroska and WebM are read as video; `wp_read_audio_metadata` keeps other keys.
        match mime.starts_with("audio/") {
            true => None,
            false => {
                return matroska::video_metadata(bytes)
                    .map_or_else(|| json!({ "filesize": bytes.len() }), Value::Object)
            }
        }
    } else if mime.starts_with("audio/") {
        mpeg::probe(bytes)
            .or_else(|| flac::probe(bytes))
            .or_else(|| wav::probe(bytes))
    } else {
        // No video container is read yet: WordPress's `wp_read_video_metadata` has other keys.
        None
    };
    match probe {
        Some(probe) => Value::Object(probe.into_audio_metadata(bytes.len())),
        None => json!({ "filesize": bytes.len() }),
    }
}

/// The bytes of the picture an upload's metadata describes as `image` (an ID3v2 tag's first
/// picture of a known type): WordPress makes it an attachment of its own, the cover.
pub fn picture_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
    id3_tags::picture_bytes(bytes)
}

/// What getID3 found, in the order it found it.
struct Probe {
    /// getID3's `audio` section, in its key order.
    audio: Map<String, Value>,
    fileformat: &'static str,
    mime_type: &'static str,
    playtime_seconds: f64,
    /// The first tag's comments (`id3v2`, else `id3v1`): name and first value.
    tags: Vec<(String, String)>,
    /// The first attached picture.
    image: Option<Picture>,
    /// The file's own creation time, as a Unix timestamp (QuickTime's movie header).
    created: Option<i64>,
}

/// A picture's type and size, as getID3 reads them from its bytes.
type Picture = (&'static str, u32, u32);

impl Probe {
    /// `wp_read_audio_metadata`'s map: the audio section, then the file's facts, then the tags.
    fn into_audio_metadata(self, filesize: usize) -> Map<String, Value> {
        let mut meta = self.audio;
        meta.insert("fileformat".into(), json!(self.fileformat));
        if filesize > 0 {
            meta.insert("filesize".into(), json!(filesize));
        }
        meta.insert("mime_type".into(), json!(self.mime_type));
        insert_length(&mut meta, self.playtime_seconds);
        if let Some(created) = self.created {
            meta.insert("created_timestamp".into(), json!(created));
        }
        for (key, value) in self.tags {
            // WordPress leaves out an empty value and the `length` comment, and filters the rest
            // as post content.
            if key != "length" && !value.is_empty() && value != "0" {
                meta.insert(key, json!(kses::kses(&value, kses::Rules::Post, "")));
            }
        }
        if let Some((mime, width, height)) = self.image {
            meta.insert(
                "image".into(),
                json!({ "mime": mime, "width": width, "height": height }),
            );
        }
        meta
    }

    /// `wp_read_video_metadata`'s map of a file with sound alone: the file's facts, then the
    /// audio section. Only Ogg Vorbis comes here, which has no ID3 tag and no creation time.
    fn into_video_metadata(self, filesize: usize) -> Map<String, Value> {
        let mut meta = Map::new();
        meta.insert("filesize".into(), json!(filesize));
        meta.insert("mime_type".into(), json!(self.mime_type));
        insert_length(&mut meta, self.playtime_seconds);
        meta.insert("fileformat".into(), json!(self.fileformat));
        meta.insert("audio".into(), Value::Object(self.audio));
        meta
    }
}

/// `length` (whole seconds) and `length_formatted`, which WordPress writes when getID3 found a
/// duration.
fn insert_length(meta: &mut Map<String, Value>, playtime_seconds: f64) {
    if playtime_seconds != 0.0 {
        meta.insert("length".into(), json!(playtime_seconds.round() as i64));
        meta.insert(
            "length_formatted".into(),
            json!(playtime_string(playtime_seconds)),
        );
    }
}

/// getID3's `m:ss` (or `h:mm:ss`) of a duration in seconds, rounded to the second.
fn playtime_string(seconds: f64) -> String {
    let sign = if seconds < 0.0 { "-" } else { "" };
    let total = seconds.abs().round() as u64;
    let (h, m, s) = (total / 3600, total % 3600 / 60, total % 60);
    if h > 0 {
        format!("{sign}{h}:{m:02}:{s:02}")
    } else {
        format!("{sign}{m}:{s:02}")
    }
}

/// getID3's `channelmode` for a channel count, when the format gave none.
fn channel_mode(channels: u32) -> Option<&'static str> {
    match channels {
        1 => Some("mono"),
        2 => Some("stereo"),
        _ => None,
    }
}

/// getID3's `compression_ratio`: the bitrate over that of 16-bit (or the file's depth) PCM.
fn compression_ratio(bitrate: f64, channels: u32, sample_rate: f64, bits: u32) -> f64 {
    let bits = if bits == 0 { 16 } else { bits };
    bitrate / (channels as f64 * sample_rate * bits as f64)
}

mod mpeg {
    //! MPEG audio: the first frame's header and its Xing/Info header, which no crate exposes
    //! (lofty and symphonia read them only to compute a duration), and the ID3 tags around it.
    use super::{compression_ratio, float, Probe};
    use serde_json::{json, Map};
    use std::io::Cursor;

    /// One frame header, as getID3 names its fields.
    struct Header {
        /// 1, 2 or 2.5 (as 25).
        version: u8,
        layer: u8,
        bitrate: u32,
        sample_rate: u32,
        padding: bool,
        channel_mode: &'static str,
    }

    impl Header {
        fn parse(b: &[u8]) -> Option<Header> {
            let [b0, b1, b2, b3, ..] = *b else {
                return None;
            };
            if b0 != 0xFF || b1 & 0xE0 != 0xE0 {
                return None;
            }
            let version = match (b1 >> 3) & 3 {
                0 => 25,
                2 => 2,
                3 => 1,
                _ => return None,
            };
            let layer = match (b1 >> 1) & 3 {
                1 => 3,
                2 => 2,
                3 => 1,
                _ => return None,
            };
            // Free-format (0) and the forbidden index (15) are not read here.
            let index = (b2 >> 4) as usize;
            if index == 0 || index == 15 {
                return None;
            }
            let kbps: [u32; 15] = match (version, layer) {
                (1, 1) => [
                    0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448,
                ],
                (1, 2) => [
                    0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384,
                ],
                (1, _) => [
                    0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320,
                ],
                (_, 1) => [
                    0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256,
                ],
                _ => [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
            };
            let rates: [u32; 3] = match version {
                1 => [44100, 48000, 32000],
                2 => [22050, 24000, 16000],
                _ => [11025, 12000, 8000],
            };
            let sample_rate = *rates.get(((b2 >> 2) & 3) as usize)?;
            let channel_mode = match b3 >> 6 {
                0 => "stereo",
                1 => "joint stereo",
                2 => "dual channel",
                _ => "mono",
            };
            Some(Header {
                version,
                layer,
                bitrate: kbps[index] * 1000,
                sample_rate,
                padding: b2 & 2 != 0,
                channel_mode,
            })
        }

        fn channels(&self) -> u32 {
            if self.channel_mode == "mono" {
                1
            } else {
                2
            }
        }

        /// The frame's length in bytes, padding included.
        fn length(&self) -> usize {
            let pad = usize::from(self.padding);
            let (br, sr) = (self.bitrate as usize, self.sample_rate as usize);
            match (self.layer, self.version) {
                (1, _) => (12 * br / sr + pad) * 4,
                (3, 2 | 25) => 72 * br / sr + pad,
                _ => 144 * br / sr + pad,
            }
        }

        /// Where a Xing or Info header would start, from the frame's first byte.
        fn xing_offset(&self) -> usize {
            match (self.version, self.channel_mode == "mono") {
                (1, true) => 21,
                (1, false) => 36,
                (2, true) => 13,
                _ => 21,
            }
        }
    }

    /// The length of the ID3v2 tag that starts the file, with its header and footer.
    fn id3v2_length(bytes: &[u8]) -> Option<usize> {
        let h = bytes.get(..10)?;
        if &h[..3] != b"ID3" {
            return None;
        }
        let size = h[6..10]
            .iter()
            .fold(0usize, |n, b| (n << 7) | usize::from(b & 0x7F));
        let footer = if h[5] & 0x10 != 0 { 10 } else { 0 };
        Some(size + 10 + footer)
    }

    /// The first frame header at or after `from` that another valid header follows, as getID3
    /// wants before it takes a frame for the start of the audio; a Xing/Info frame needs none.
    fn first_frame(bytes: &[u8], from: usize, end: usize) -> Option<(usize, Header)> {
        let data = bytes.get(from..end)?;
        (0..data.len()).find_map(|i| {
            let header = Header::parse(&data[i..])?;
            let has_xing = matches!(
                data.get(i + header.xing_offset()..i + header.xing_offset() + 4),
                Some(b"Xing" | b"Info")
            );
            let next = data.get(i + header.length()..).and_then(Header::parse);
            (has_xing || next.is_some()).then_some((from + i, header))
        })
    }

    pub(super) fn probe(bytes: &[u8]) -> Option<Probe> {
        let tag_v2 = id3v2_length(bytes);
        let has_v1 = bytes.len() >= 128 && bytes[bytes.len() - 128..].starts_with(b"TAG");
        let avdataend = bytes.len() - if has_v1 { 128 } else { 0 };
        let (offset, header) = first_frame(bytes, tag_v2.unwrap_or(0), avdataend)?;
        let channels = header.channels();
        let sample_rate = header.sample_rate;
        let xing = offset + header.xing_offset();
        let mut audio = Map::new();
        audio.insert("dataformat".into(), json!(format!("mp{}", header.layer)));
        audio.insert("channels".into(), json!(channels));
        audio.insert("sample_rate".into(), json!(sample_rate));
        let (bitrate, mode, playtime) = match bytes.get(xing..xing + 16) {
            Some(x) if &x[..4] == b"Xing" || &x[..4] == b"Info" => {
                // getID3 takes both for VBR, and its stream length from the header when the
                // header has one, else from the file less its tags.
                let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as f64;
                let flags = be(&x[4..8]) as u32;
                let frames = if flags & 1 != 0 { be(&x[8..12]) } else { 0.0 };
                if frames == 0.0 {
                    return None;
                }
                let header_bytes = (flags & 2 != 0).then(|| be(&x[12..16]));
                let stream_bytes = match header_bytes {
                    Some(b) if b != 0.0 => b,
                    _ => (avdataend - tag_v2.unwrap_or(0)) as f64,
                };
                let frame_length = stream_bytes / frames;
                let share = 2.0 / channels as f64;
                let sr = sample_rate as f64;
                // getID3's first estimate, from the mean frame length...
                let estimate = if header.layer == 1 {
                    (frame_length / 4.0) * sr * share / 12.0
                } else {
                    frame_length * sr * share / 144.0
                };
                // ...which the header's byte count, when there is one, replaces.
                let samples_per_frame = match (header.version, header.layer) {
                    (1, 1) => 384.0,
                    (2 | 25, 3) => 576.0,
                    _ => 1152.0,
                };
                let bitrate = match header_bytes {
                    Some(b) if b > 0.0 => (b / frames * 8.0) * (sr / samples_per_frame),
                    _ => estimate,
                };
                // The Xing frame itself holds no audio.
                let audio_bytes = (avdataend - offset) as f64 - frame_length.floor();
                (bitrate, "vbr", audio_bytes * 8.0 / bitrate)
            }
            _ => {
                let bitrate = header.bitrate as f64;
                let playtime = ((avdataend - offset) * 8) as f64 / bitrate;
                (bitrate, "cbr", playtime)
            }
        };
        audio.insert("bitrate".into(), float(bitrate));
        audio.insert("channelmode".into(), json!(header.channel_mode));
        audio.insert("bitrate_mode".into(), json!(mode));
        audio.insert("lossless".into(), json!(false));
        // What getID3 guesses of the encoder's options when there is no LAME tag.
        let options = match mode {
            "cbr" => format!("CBR{}", (bitrate / 1000.0).round()),
            _ => "VBR".to_owned(),
        };
        audio.insert("encoder_options".into(), json!(options));
        audio.insert(
            "compression_ratio".into(),
            float(compression_ratio(
                bitrate,
                channels,
                f64::from(sample_rate),
                16,
            )),
        );
        let (tags, image) = match tag_v2 {
            Some(_) => super::id3_tags::read_v2(bytes),
            None => (Vec::new(), None),
        };
        let tags = if tags.is_empty() && has_v1 {
            super::id3_tags::read_v1(&mut Cursor::new(&bytes[bytes.len() - 128..]))
        } else {
            tags
        };
        Some(Probe {
            audio,
            fileformat: "mp3",
            mime_type: "audio/mpeg",
            playtime_seconds: playtime,
            tags,
            image,
            created: None,
        })
    }
}

mod id3_tags {
    //! ID3 tags read with the `id3` crate (ID3v2.2 to 2.4 and ID3v1), named as getID3 names them.
    use std::io::Cursor;

    /// getID3's name for a frame it keeps among a tag's comments.
    fn name(id: &str) -> Option<&'static str> {
        Some(match id {
            "TALB" => "album",
            "TBPM" => "bpm",
            "TCMP" => "part_of_a_compilation",
            "TCOM" => "composer",
            "TCON" => "genre",
            "TCOP" => "copyright_message",
            "TDAT" => "date",
            "TDEN" => "encoding_time",
            "TDLY" => "playlist_delay",
            "TDOR" => "original_release_time",
            "TDRC" => "recording_time",
            "TDRL" => "release_time",
            "TDTG" => "tagging_time",
            "TENC" => "encoded_by",
            "TEXT" => "lyricist",
            "TFLT" => "file_type",
            "TIME" => "time",
            "TIT1" => "content_group_description",
            "TIT2" => "title",
            "TIT3" => "subtitle",
            "TKEY" => "initial_key",
            "TLAN" => "language",
            "TLEN" => "length",
            "TMED" => "media_type",
            "TMOO" => "mood",
            "TOAL" => "original_album",
            "TOFN" => "original_filename",
            "TOLY" => "original_lyricist",
            "TOPE" => "original_artist",
            "TORY" => "original_year",
            "TOWN" => "file_owner",
            "TPE1" => "artist",
            "TPE2" => "band",
            "TPE3" => "conductor",
            "TPE4" => "remixer",
            "TPOS" => "part_of_a_set",
            "TPRO" => "produced_notice",
            "TPUB" => "publisher",
            "TRCK" => "track_number",
            "TRDA" => "recording_dates",
            "TRSN" => "internet_radio_station_name",
            "TRSO" => "internet_radio_station_owner",
            "TSIZ" => "size",
            "TSO2" => "album_artist_sort_order",
            "TSOA" => "album_sort_order",
            "TSOC" => "composer_sort_order",
            "TSOP" => "performer_sort_order",
            "TSOT" => "title_sort_order",
            "TSRC" => "isrc",
            "TSSE" => "encoder_settings",
            "TSST" => "set_subtitle",
            "TXXX" => "text",
            "TYER" => "year",
            "COMM" => "comment",
            "USLT" => "unsynchronised_lyric",
            "WCOM" => "commercial_information",
            "WCOP" => "copyright",
            "WOAF" => "url_file",
            "WOAR" => "url_artist",
            "WOAS" => "url_source",
            "WORS" => "url_station",
            "WPAY" => "url_payment",
            "WPUB" => "url_publisher",
            "WXXX" => "url_user",
            _ => return None,
        })
    }

    /// The comments of an ID3v2 tag in frame order, each name once with its first value, and
    /// the first attached picture's type and size.
    pub(super) fn read_v2(bytes: &[u8]) -> (Vec<(String, String)>, Option<super::Picture>) {
        let Ok(tag) = id3::Tag::read_from2(Cursor::new(bytes)) else {
            return (Vec::new(), None);
        };
        let mut comments: Vec<(String, String)> = Vec::new();
        let mut totaltracks = None;
        let image = first_picture(&tag).map(|(image, _)| image);
        for frame in tag.frames() {
            use id3::Content;
            let Some(key) = name(frame.id()) else {
                continue;
            };
            let value = match frame.content() {
                Content::Text(t) => t.split('\0').next().unwrap_or_default().trim().to_owned(),
                Content::ExtendedText(t) => t.value.trim().to_owned(),
                Content::Comment(c) => c.text.clone(),
                Content::Lyrics(l) => l.text.clone(),
                Content::Link(l) => l.clone(),
                Content::ExtendedLink(l) => l.link.clone(),
                _ => continue,
            };
            // getID3 splits `3/10` into the track and the count of tracks.
            let value = match (key, value.split_once('/')) {
                ("track_number", Some((track, total))) => {
                    totaltracks.get_or_insert_with(|| total.to_owned());
                    track.to_owned()
                }
                _ => value,
            };
            add(&mut comments, key, value);
        }
        if let Some(total) = totaltracks {
            add(&mut comments, "totaltracks", total);
        }
        // getID3 adds the year of an ID3v2.4 recording time when there is no year.
        let year = comments
            .iter()
            .find(|(k, _)| k == "recording_time")
            .map(|(_, v)| v.trim())
            .filter(|v| v.len() >= 4 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit))
            .map(|v| v[..4].to_owned());
        if let Some(year) = year {
            add(&mut comments, "year", year);
        }
        (comments, image)
    }

    /// The first attached picture of a type getID3 reads, with its bytes.
    fn first_picture(tag: &id3::Tag) -> Option<(super::Picture, &[u8])> {
        tag.pictures()
            .find_map(|p| picture(&p.data).map(|image| (image, p.data.as_slice())))
    }

    /// The bytes of the picture [`read_v2`] describes.
    pub(super) fn picture_bytes(bytes: &[u8]) -> Option<Vec<u8>> {
        let tag = id3::Tag::read_from2(Cursor::new(bytes)).ok()?;
        first_picture(&tag).map(|(_, data)| data.to_vec())
    }

    /// A comment under a name not seen yet; getID3 keeps the first value of each.
    fn add(comments: &mut Vec<(String, String)>, key: &str, value: String) {
        if !comments.iter().any(|(k, _)| k == key) {
            comments.push((key.to_owned(), value));
        }
    }

    /// An ID3v1 tag's comments in getID3's order.
    pub(super) fn read_v1(reader: &mut Cursor<&[u8]>) -> Vec<(String, String)> {
        let Ok(tag) = id3::v1::Tag::read_from(reader) else {
            return Vec::new();
        };
        let mut comments = vec![
            ("title".to_owned(), tag.title.trim().to_owned()),
            ("artist".to_owned(), tag.artist.trim().to_owned()),
            ("album".to_owned(), tag.album.trim().to_owned()),
            ("year".to_owned(), tag.year.trim().to_owned()),
            ("comment".to_owned(), tag.comment.trim().to_owned()),
        ];
        if let Some(track) = tag.track {
            comments.push(("track_number".to_owned(), track.to_string()));
        }
        if let Some(genre) = tag.genre() {
            comments.push(("genre".to_owned(), genre.to_owned()));
        }
        comments
    }

    /// A picture's type and size as PHP's `getimagesize` reads them; `None` when it is no image.
    fn picture(data: &[u8]) -> Option<super::Picture> {
        use imagesize::ImageType;
        let mime = match imagesize::image_type(data).ok()? {
            ImageType::Jpeg => "image/jpeg",
            ImageType::Png => "image/png",
            ImageType::Gif => "image/gif",
            ImageType::Webp => "image/webp",
            ImageType::Bmp => "image/bmp",
            _ => return None,
        };
        let size = imagesize::blob_size(data).ok()?;
        Some((mime, size.width as u32, size.height as u32))
    }
}

mod flac {
    //! FLAC: STREAMINFO's exact sample count and the Vorbis comment's vendor string, both of
    //! which getID3 uses, read from the metadata blocks. getID3 needs no more than those blocks
    //! (a file cut inside its padding still gets its description); `claxon` and `metaflac` refuse
    //! such a file, so the blocks are walked here.
    use super::{channel_mode, compression_ratio, float, Probe};
    use serde_json::{json, Map};

    /// STREAMINFO's facts: sample rate, channels, bits per sample, total samples.
    struct StreamInfo {
        rate: u32,
        channels: u32,
        bits: u32,
        samples: u64,
    }

    fn stream_info(block: &[u8]) -> Option<StreamInfo> {
        let b = block.get(10..18)?;
        let rate = (u32::from(b[0]) << 12) | (u32::from(b[1]) << 4) | (u32::from(b[2]) >> 4);
        let channels = u32::from((b[2] >> 1) & 0x07) + 1;
        let bits = (u32::from(b[2] & 0x01) << 4 | u32::from(b[3] >> 4)) + 1;
        let samples = (u64::from(b[3] & 0x0F) << 32)
            | u64::from(u32::from_be_bytes([b[4], b[5], b[6], b[7]]));
        (rate > 0).then_some(StreamInfo {
            rate,
            channels,
            bits,
            samples,
        })
    }

    /// The vendor string at the start of a VORBIS_COMMENT block.
    fn vendor(block: &[u8]) -> Option<String> {
        let length = u32::from_le_bytes(block.get(..4)?.try_into().ok()?) as usize;
        let text = block.get(4..4usize.checked_add(length)?)?;
        Some(String::from_utf8_lossy(text).into_owned())
    }

    /// The metadata blocks after the `fLaC` marker, as (type, contents) up to the last one or
    /// the end of the file; a block cut short gives what the file holds of it.
    fn blocks(bytes: &[u8]) -> Option<Vec<(u8, &[u8])>> {
        let mut at = bytes.strip_prefix(b"fLaC").map(|_| 4)?;
        let mut blocks = Vec::new();
        while let Some(header) = bytes.get(at..at + 4) {
            let (last, kind) = (header[0] & 0x80 != 0, header[0] & 0x7F);
            let length =
                usize::from(header[1]) << 16 | usize::from(header[2]) << 8 | usize::from(header[3]);
            let start = at + 4;
            let end = start.saturating_add(length).min(bytes.len());
            blocks.push((kind, &bytes[start..end]));
            if last {
                break;
            }
            at = start.saturating_add(length);
        }
        Some(blocks)
    }

    pub(super) fn probe(bytes: &[u8]) -> Option<Probe> {
        let blocks = blocks(bytes)?;
        let info = blocks
            .iter()
            .find(|(kind, _)| *kind == 0)
            .and_then(|(_, block)| stream_info(block))?;
        let (rate, channels, bits) = (info.rate, info.channels, info.bits);
        let playtime = info.samples as f64 / f64::from(rate);
        let mut audio = Map::new();
        audio.insert("dataformat".into(), json!("flac"));
        audio.insert("bitrate_mode".into(), json!("vbr"));
        audio.insert("lossless".into(), json!(true));
        audio.insert("sample_rate".into(), json!(rate));
        audio.insert("channels".into(), json!(channels));
        audio.insert("bits_per_sample".into(), json!(bits));
        // getID3 divides the whole file by the duration, headers included.
        let bitrate = (bytes.len() * 8) as f64 / playtime;
        if playtime > 0.0 {
            audio.insert("bitrate".into(), float(bitrate));
        }
        let comment = blocks.iter().find(|(kind, _)| *kind == 4);
        if let Some(vendor) = comment.and_then(|(_, block)| vendor(block)) {
            audio.insert("encoder".into(), json!(vendor));
        }
        if let Some(mode) = channel_mode(channels) {
            audio.insert("channelmode".into(), json!(mode));
        }
        if playtime > 0.0 && channels > 0 {
            let ratio = compression_ratio(bitrate, channels, f64::from(rate), bits);
            audio.insert("compression_ratio".into(), float(ratio));
        }
        Some(Probe {
            audio,
            fileformat: "flac",
            mime_type: "audio/flac",
            playtime_seconds: playtime,
            tags: Vec::new(),
            image: None,
            created: None,
        })
    }
}

mod wav {
    //! PCM WAV, read with `hound`, which checks the RIFF chunks and the format.
    use super::{channel_mode, compression_ratio, float, Probe};
    use serde_json::{json, Map};
    use std::io::Cursor;

    pub(super) fn probe(bytes: &[u8]) -> Option<Probe> {
        let reader = hound::WavReader::new(Cursor::new(bytes)).ok()?;
        let spec = reader.spec();
        if spec.sample_format != hound::SampleFormat::Int {
            return None;
        }
        let (channels, rate, bits) = (
            u32::from(spec.channels),
            spec.sample_rate,
            u32::from(spec.bits_per_sample),
        );
        let bitrate = u64::from(rate) * u64::from(channels) * u64::from(bits);
        if bitrate == 0 {
            return None;
        }
        let data_bytes = u64::from(reader.len()) * u64::from(bits.div_ceil(8));
        let mut audio = Map::new();
        audio.insert("dataformat".into(), json!("wav"));
        audio.insert("bitrate_mode".into(), json!("cbr"));
        audio.insert("wformattag".into(), json!(1));
        audio.insert("codec".into(), json!("Pulse Code Modulation (PCM)"));
        audio.insert("channels".into(), json!(channels));
        audio.insert("sample_rate".into(), json!(rate));
        audio.insert("bitrate".into(), json!(bitrate));
        audio.insert("bits_per_sample".into(), json!(bits));
        audio.insert("lossless".into(), json!(true));
        if let Some(mode) = channel_mode(channels) {
            audio.insert("channelmode".into(), json!(mode));
        }
        let ratio = compression_ratio(bitrate as f64, channels, f64::from(rate), bits);
        audio.insert("compression_ratio".into(), float(ratio));
        Some(Probe {
            audio,
            fileformat: "wav",
            mime_type: "audio/wav",
            playtime_seconds: (data_bytes * 8) as f64 / bitrate as f64,
            tags: Vec::new(),
            image: None,
            created: None,
        })
    }
}

mod matroska;
mod ogg;
mod quicktime;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What WordPress 6.9.7 stored for each fixture (`wp_read_audio_metadata` or
    /// `wp_read_video_metadata`, less the picture's bytes, as `json_encode` writes it).
    fn wordpress_697() -> Map<String, Value> {
        serde_json::from_str(include_str!("audio_video-wordpress-6.9.7.json")).unwrap()
    }

    /// The fixture and the type WordPress gives a file of its extension.
    fn fixture(name: &str) -> (Vec<u8>, &'static str) {
        let path = format!("{}/conformance/files/{name}", env!("CARGO_MANIFEST_DIR"));
        let mime = match name.rsplit('.').next() {
            // WordPress's type for `.m4a` is `audio/mpeg`.
            Some("mp3" | "m4a") => "audio/mpeg",
            Some("flac") => "audio/flac",
            Some("wav") => "audio/wav",
            Some("ogg") => "audio/ogg",
            Some("mp4") => "video/mp4",
            Some("webm") => "video/webm",
            Some("mov") => "video/quicktime",
            _ => "video/ogg",
        };
        (std::fs::read(path).unwrap(), mime)
    }

    #[test]
    fn audio_metadata_is_wordpress_697s() {
        let mut differ = Vec::new();
        for (name, expected) in wordpress_697() {
            let (bytes, mime) = fixture(&name);
            let got = metadata(&bytes, mime);
            // Compared as text, so that the key order counts too.
            let (got, expected) = (got.to_string(), expected.to_string());
            if got != expected {
                differ.push(format!("{name}:\n  got  {got}\n  want {expected}"));
            }
        }
        assert!(differ.is_empty(), "{}", differ.join("\n"));
    }

    /// WordPress 6.9.7's `wp_read_video_metadata` of the Ogg Vorbis fixture (a `.ogv` name).
    #[test]
    fn ogg_vorbis_as_video_is_wordpress_697s() {
        let (bytes, _) = fixture("av-tone.ogg");
        let want = json!({
            "filesize": 5175, "mime_type": "application/ogg", "length": 2,
            "length_formatted": "0:02", "fileformat": "ogg",
            "audio": {
                "dataformat": "vorbis", "lossless": false, "channels": 1, "sample_rate": 22050,
                "bitrate_mode": "vbr", "bitrate": 22949.333333333332, "encoder": "Lavf59.27.100",
                "encoder_options": "Nominal bitrate: 24kbps", "channelmode": "mono",
                "compression_ratio": 0.06504913076341648
            }
        });
        assert_eq!(metadata(&bytes, "video/ogg").to_string(), want.to_string());
    }

    #[test]
    fn playtime_strings() {
        assert_eq!(playtime_string(0.49), "0:00");
        assert_eq!(playtime_string(0.5), "0:01");
        assert_eq!(playtime_string(59.5), "1:00");
        assert_eq!(playtime_string(3725.0), "1:02:05");
    }

    #[test]
    fn garbage_keeps_the_size() {
        for bytes in [
            &b""[..],
            b"ID3",
            b"ID3\x04\0\0\x7f\x7f\x7f\x7f",
            b"fLaC",
            b"RIFF\0\0\0\0WAVE",
        ] {
            assert_eq!(
                metadata(bytes, "audio/mpeg"),
                json!({ "filesize": bytes.len() })
            );
        }
    }

    proptest! {
        #[test]
        fn any_bytes_give_a_map(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            prop_assert!(metadata(&bytes, "audio/mpeg").is_object());
        }

        /// A fixture cut anywhere, or with a byte changed, is read without a panic.
        #[test]
        fn damaged_fixtures_give_a_map(which in 0usize..12, cut in 0usize..20000, at in 0usize..20000, byte in any::<u8>(), as_video in any::<bool>()) {
            let names = ["av-tone-cbr.mp3", "av-tone-vbr.mp3", "av-tone-cover.mp3", "av-tone.flac", "av-tone.wav", "av-clip.mp4", "av-silent.mp4", "av-clip.mov", "av-tone.m4a", "av-tone.ogg", "av-clip.webm", "av-clip.ogv"];
            let (mut bytes, mime) = fixture(names[which]);
            // A movie or an Ogg file is read whatever the type it came with.
            let mime = if as_video { "video/mp4" } else { mime };
            if !bytes.is_empty() {
                let len = bytes.len();
                bytes[at % len] = byte;
            }
            bytes.truncate(cut);
            prop_assert!(metadata(&bytes, mime).is_object());
        }

        /// A video container with several bytes of its headers changed, where its walk turns
        /// on every size and id, is read without a panic.
        #[test]
        fn damaged_video_headers_give_a_map(theora in any::<bool>(), changes in proptest::collection::vec((0usize..700, any::<u8>()), 1..12)) {
            let (mut bytes, mime) = fixture(if theora { "av-clip.ogv" } else { "av-clip.webm" });
            for (at, byte) in changes {
                bytes[at] = byte;
            }
            prop_assert!(metadata(&bytes, mime).is_object());
        }
    }
}
