//! The player `prepend_attachment` puts before an audio or video attachment's description, where
//! other files get a link: `[audio]` or `[video]` markup for the attached file alone.

use super::render::escape_attr;
use crate::request::PlayerCounts;

/// Which player an attachment gets: by the start of its MIME type (`wp_attachment_is`), video
/// first. The markup then goes by the file's extension, so a `video/quicktime` `.mov` is a video
/// that gets only a link.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Kind {
    Audio,
    Video,
}

impl Kind {
    /// `None`: the attachment gets the generic `<p class="attachment">` link.
    pub fn of(mime: &str) -> Option<Kind> {
        if mime.starts_with("video/") {
            Some(Kind::Video)
        } else if mime.starts_with("audio/") {
            Some(Kind::Audio)
        } else {
            None
        }
    }

    /// The number of the request's next render of a player of this kind. WordPress counts every
    /// render, the link-only ones too, and renders an item's description once and, when its
    /// caption is empty, again for the excerpt.
    pub fn next_instance(self, counts: &PlayerCounts) -> u32 {
        let counter = match self {
            Kind::Audio => &counts.audio,
            Kind::Video => &counts.video,
        };
        counter.set(counter.get() + 1);
        counter.get()
    }
}

/// The extensions that get a player (`wp_get_audio_extensions`, `wp_get_video_extensions`).
const AUDIO_EXTENSIONS: &[&str] = &["mp3", "ogg", "flac", "m4a", "wav"];
const VIDEO_EXTENSIONS: &[&str] = &["mp4", "m4v", "webm", "ogv", "flv"];

/// What a video shows at when its metadata gives no size (the shortcode's defaults). The theme,
/// Twenty Twenty-Five, sets no `$content_width`, so no video is shrunk to fit it.
const DEFAULT_VIDEO_SIZE: (i64, i64) = (640, 360);

/// The markup for the `kind` attachment `post_id` whose file is at `url`, as its `instance`th
/// render of the request; `size` is a video's width and height from its metadata, when both are
/// there, and `poster` the URL of its featured media's file.
pub fn markup(
    kind: Kind,
    post_id: i64,
    instance: u32,
    url: &str,
    size: Option<(i64, i64)>,
    poster: Option<&str>,
) -> String {
    // The `<source>` type is the one the URL's extension maps to, not the attachment's.
    let source_type = crate::names::files::check_filetype(url, true)
        .filter(|(ext, _)| {
            let exts = match kind {
                Kind::Audio => AUDIO_EXTENSIONS,
                Kind::Video => VIDEO_EXTENSIONS,
            };
            exts.contains(&ext.to_ascii_lowercase().as_str())
        })
        .map(|(_, mime)| mime);
    let link = escape_attr(url);
    let Some(source_type) = source_type else {
        let class = match kind {
            Kind::Audio => "wp-embedded-audio",
            Kind::Video => "wp-embedded-video",
        };
        return format!("<a class=\"{class}\" href=\"{url}\">{link}</a>");
    };
    let source = format!("<source type=\"{source_type}\" src=\"{url}?_={instance}\" />");
    let fallback = format!("<a href=\"{url}\">{url}</a>");
    match kind {
        Kind::Audio => format!(
            "<audio class=\"wp-audio-shortcode\" id=\"audio-{post_id}-{instance}\" preload=\"none\" style=\"width: 100%;\" controls=\"controls\">{source}{fallback}</audio>"
        ),
        Kind::Video => {
            let (width, height) = size.unwrap_or(DEFAULT_VIDEO_SIZE);
            // `wp_video_shortcode` writes the poster after the size, escaped by `esc_url`.
            let poster = poster
                .map(|p| format!(" poster=\"{}\"", escape_attr(p)))
                .unwrap_or_default();
            format!(
                "<div style=\"width: {width}px;\" class=\"wp-video\"><video class=\"wp-video-shortcode\" id=\"video-{post_id}-{instance}\" width=\"{width}\" height=\"{height}\"{poster} preload=\"metadata\" controls=\"controls\">{source}{fallback}</video></div>"
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DIR: &str = "http://127.0.0.1:8072/wp-content/uploads/2026/12";

    #[test]
    fn an_audio_file_gets_the_audio_player_as_wordpress_6_9_7_renders_it() {
        let url = format!("{DIR}/tone.wav");
        assert_eq!(
            markup(Kind::Audio, 12, 1, &url, None, None),
            format!("<audio class=\"wp-audio-shortcode\" id=\"audio-12-1\" preload=\"none\" style=\"width: 100%;\" controls=\"controls\"><source type=\"audio/wav\" src=\"{url}?_=1\" /><a href=\"{url}\">{url}</a></audio>")
        );
    }

    #[test]
    fn the_source_type_follows_the_extension_as_in_wordpress_6_9_7() {
        // An `.m4a` is `audio/mpeg` by its extension.
        let url = format!("{DIR}/tone.m4a");
        assert!(markup(Kind::Audio, 9, 7, &url, None, None)
            .contains(&format!("<source type=\"audio/mpeg\" src=\"{url}?_=7\" />")));
    }

    #[test]
    fn a_video_file_gets_the_video_player_at_its_size_as_wordpress_6_9_7_renders_it() {
        let url = format!("{DIR}/clip.mp4");
        assert_eq!(
            markup(Kind::Video, 13, 9, &url, Some((64, 48)), None),
            format!("<div style=\"width: 64px;\" class=\"wp-video\"><video class=\"wp-video-shortcode\" id=\"video-13-9\" width=\"64\" height=\"48\" preload=\"metadata\" controls=\"controls\"><source type=\"video/mp4\" src=\"{url}?_=9\" /><a href=\"{url}\">{url}</a></video></div>")
        );
        let ogv = format!("{DIR}/clip.ogv");
        assert!(markup(Kind::Video, 16, 3, &ogv, Some((64, 48)), None)
            .contains("<source type=\"video/ogg\""));
    }

    #[test]
    fn a_video_with_featured_media_shows_it_as_its_poster_as_wordpress_6_9_7_renders_it() {
        let url = format!("{DIR}/clip.mp4");
        let poster = format!("{DIR}/tone-mp3-image.jpg");
        assert!(
            markup(Kind::Video, 7, 3, &url, Some((64, 48)), Some(&poster)).contains(&format!(
            "id=\"video-7-3\" width=\"64\" height=\"48\" poster=\"{poster}\" preload=\"metadata\""
        ))
        );
    }

    #[test]
    fn a_video_without_a_size_shows_at_640_by_360() {
        let url = format!("{DIR}/clip.mp4");
        assert!(markup(Kind::Video, 5, 1, &url, None, None).starts_with(
            "<div style=\"width: 640px;\" class=\"wp-video\"><video class=\"wp-video-shortcode\" id=\"video-5-1\" width=\"640\" height=\"360\""
        ));
    }

    #[test]
    fn a_file_no_player_plays_gets_a_link_as_in_wordpress_6_9_7() {
        let url = format!("{DIR}/clip.mov");
        assert_eq!(
            markup(Kind::Video, 15, 5, &url, Some((64, 48)), None),
            format!("<a class=\"wp-embedded-video\" href=\"{url}\">{url}</a>")
        );
        let aac = format!("{DIR}/tone.aac");
        assert_eq!(
            markup(Kind::Audio, 5, 1, &aac, None, None),
            format!("<a class=\"wp-embedded-audio\" href=\"{aac}\">{aac}</a>")
        );
    }

    #[test]
    fn each_kind_counts_its_own_renders() {
        let instances = PlayerCounts::default();
        assert_eq!(Kind::Audio.next_instance(&instances), 1);
        assert_eq!(Kind::Audio.next_instance(&instances), 2);
        assert_eq!(Kind::Video.next_instance(&instances), 1);
        assert_eq!(Kind::Audio.next_instance(&instances), 3);
    }
}
