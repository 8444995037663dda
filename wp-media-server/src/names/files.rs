//! File names and types: `sanitize_file_name`, `wp_unique_filename`, and the MIME checks of
//! `wp_check_filetype_and_ext` against the types WordPress allows.

use std::collections::HashSet;

/// `wp_get_mime_types()` of WordPress 6.9.7 minus swf and exe: extensions (a `|` list) and types.
const MIMES: &[(&str, &str)] = &[
    ("jpg|jpeg|jpe", "image/jpeg"),
    ("gif", "image/gif"),
    ("png", "image/png"),
    ("bmp", "image/bmp"),
    ("tiff|tif", "image/tiff"),
    ("webp", "image/webp"),
    ("avif", "image/avif"),
    ("ico", "image/x-icon"),
    ("heic", "image/heic"),
    ("heif", "image/heif"),
    ("heics", "image/heic-sequence"),
    ("heifs", "image/heif-sequence"),
    ("asf|asx", "video/x-ms-asf"),
    ("wmv", "video/x-ms-wmv"),
    ("wmx", "video/x-ms-wmx"),
    ("wm", "video/x-ms-wm"),
    ("avi", "video/avi"),
    ("divx", "video/divx"),
    ("flv", "video/x-flv"),
    ("mov|qt", "video/quicktime"),
    ("mpeg|mpg|mpe", "video/mpeg"),
    ("mp4|m4v", "video/mp4"),
    ("ogv", "video/ogg"),
    ("webm", "video/webm"),
    ("mkv", "video/x-matroska"),
    ("3gp|3gpp", "video/3gpp"),
    ("3g2|3gp2", "video/3gpp2"),
    ("txt|asc|c|cc|h|srt", "text/plain"),
    ("csv", "text/csv"),
    ("tsv", "text/tab-separated-values"),
    ("ics", "text/calendar"),
    ("rtx", "text/richtext"),
    ("css", "text/css"),
    ("htm|html", "text/html"),
    ("vtt", "text/vtt"),
    ("dfxp", "application/ttaf+xml"),
    ("mp3|m4a|m4b", "audio/mpeg"),
    ("aac", "audio/aac"),
    ("ra|ram", "audio/x-realaudio"),
    ("wav|x-wav", "audio/wav"),
    ("ogg|oga", "audio/ogg"),
    ("flac", "audio/flac"),
    ("mid|midi", "audio/midi"),
    ("wma", "audio/x-ms-wma"),
    ("wax", "audio/x-ms-wax"),
    ("mka", "audio/x-matroska"),
    ("rtf", "application/rtf"),
    ("js", "application/javascript"),
    ("pdf", "application/pdf"),
    ("class", "application/java"),
    ("tar", "application/x-tar"),
    ("zip", "application/zip"),
    ("gz|gzip", "application/x-gzip"),
    ("rar", "application/rar"),
    ("7z", "application/x-7z-compressed"),
    ("psd", "application/octet-stream"),
    ("xcf", "application/octet-stream"),
    ("doc", "application/msword"),
    ("pot|pps|ppt", "application/vnd.ms-powerpoint"),
    ("wri", "application/vnd.ms-write"),
    ("xla|xls|xlt|xlw", "application/vnd.ms-excel"),
    ("mdb", "application/vnd.ms-access"),
    ("mpp", "application/vnd.ms-project"),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    ("docm", "application/vnd.ms-word.document.macroEnabled.12"),
    (
        "dotx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.template",
    ),
    ("dotm", "application/vnd.ms-word.template.macroEnabled.12"),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    ("xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12"),
    (
        "xlsb",
        "application/vnd.ms-excel.sheet.binary.macroEnabled.12",
    ),
    (
        "xltx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.template",
    ),
    ("xltm", "application/vnd.ms-excel.template.macroEnabled.12"),
    ("xlam", "application/vnd.ms-excel.addin.macroEnabled.12"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
    (
        "pptm",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.12",
    ),
    (
        "ppsx",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow",
    ),
    (
        "ppsm",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.12",
    ),
    (
        "potx",
        "application/vnd.openxmlformats-officedocument.presentationml.template",
    ),
    (
        "potm",
        "application/vnd.ms-powerpoint.template.macroEnabled.12",
    ),
    (
        "ppam",
        "application/vnd.ms-powerpoint.addin.macroEnabled.12",
    ),
    (
        "sldx",
        "application/vnd.openxmlformats-officedocument.presentationml.slide",
    ),
    (
        "sldm",
        "application/vnd.ms-powerpoint.slide.macroEnabled.12",
    ),
    ("onetoc|onetoc2|onetmp|onepkg", "application/onenote"),
    ("oxps", "application/oxps"),
    ("xps", "application/vnd.ms-xpsdocument"),
    ("odt", "application/vnd.oasis.opendocument.text"),
    ("odp", "application/vnd.oasis.opendocument.presentation"),
    ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ("odg", "application/vnd.oasis.opendocument.graphics"),
    ("odc", "application/vnd.oasis.opendocument.chart"),
    ("odb", "application/vnd.oasis.opendocument.database"),
    ("odf", "application/vnd.oasis.opendocument.formula"),
    ("wp|wpd", "application/wordperfect"),
    ("key", "application/vnd.apple.keynote"),
    ("numbers", "application/vnd.apple.numbers"),
    ("pages", "application/vnd.apple.pages"),
];

/// The types a user may upload: without `unfiltered_html`, no HTML and no JavaScript.
pub fn allowed_mimes(unfiltered_html: bool) -> impl Iterator<Item = (&'static str, &'static str)> {
    MIMES
        .iter()
        .copied()
        .filter(move |(exts, _)| unfiltered_html || !matches!(*exts, "htm|html" | "js"))
}

/// `wp_check_filetype`: the extension and type a file name maps to among the allowed types.
pub fn check_filetype(name: &str, unfiltered_html: bool) -> Option<(String, &'static str)> {
    let (_, ext) = name.rsplit_once('.')?;
    let ext_lower = ext.to_ascii_lowercase();
    allowed_mimes(unfiltered_html)
        .find(|(exts, _)| exts.split('|').any(|e| e == ext_lower))
        .map(|(_, mime)| (ext.to_owned(), mime))
}

/// The type an image's bytes declare (`wp_get_image_mime`), from their signature.
pub fn image_mime(bytes: &[u8]) -> Option<&'static str> {
    Some(match bytes {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [b'R', b'I', b'F', b'F', _, _, _, _, b'W', b'E', b'B', b'P', ..] => "image/webp",
        [b'B', b'M', ..] => "image/bmp",
        [b'I', b'I', 42, 0, ..] | [b'M', b'M', 0, 42, ..] => "image/tiff",
        _ => return None,
    })
}

fn image_ext(mime: &str) -> Option<&'static str> {
    Some(match mime {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/gif" => "gif",
        "image/bmp" => "bmp",
        "image/tiff" => "tif",
        "image/webp" => "webp",
        _ => return None,
    })
}

/// What content sniffing (PHP's fileinfo, libmagic) reports for bytes that are not an image,
/// for the kinds that decide an upload's fate.
pub fn sniffed_mime(bytes: &[u8]) -> &'static str {
    match bytes {
        [b'%', b'P', b'D', b'F', ..] => "application/pdf",
        [b'P', b'K', 3, 4, ..] => "application/zip",
        [0x1F, 0x8B, ..] => "application/gzip",
        [] => "application/x-empty",
        [_] => "application/octet-stream",
        _ => match std::str::from_utf8(bytes) {
            Ok(text) if !bytes.contains(&0) => sniffed_text(text),
            _ => "application/octet-stream",
        },
    }
}

/// libmagic's verdict on text: scripts, XML, calendars and RTF by how they start, HTML by the
/// tags it searches the first 4 KiB for, JSON by parsing, and plain text otherwise.
fn sniffed_text(text: &str) -> &'static str {
    let starts = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let head = text
        .get(..text.len().min(4096))
        .unwrap_or(text)
        .to_ascii_lowercase();
    const HTML_MARKS: &[&str] = &[
        "<!doctype html",
        "<head>",
        "<head ",
        "<title>",
        "<title ",
        "<html>",
        "<html ",
        "<script>",
        "<script ",
        "<style>",
        "<style ",
        "<table>",
        "<table ",
        "<a href=",
    ];
    let trimmed = text.trim_start();
    if starts("<?php") {
        "text/x-php"
    } else if text.starts_with("#!") {
        "text/x-shellscript"
    } else if starts("<svg") {
        "image/svg+xml"
    } else if starts("<?xml") {
        if head.contains("<svg") {
            "image/svg+xml"
        } else {
            "text/xml"
        }
    } else if text.starts_with("BEGIN:VCALENDAR") {
        "text/calendar"
    } else if text.starts_with("{\\rtf") {
        "text/rtf"
    } else if HTML_MARKS.iter().any(|mark| head.contains(mark)) {
        "text/html"
    } else if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    {
        "application/json"
    } else {
        "text/plain"
    }
}

/// The outcome of `wp_check_filetype_and_ext`: the type and a corrected file name, or `None`
/// when WordPress refuses the file ("Sorry, you are not allowed to upload this file type.").
pub fn check_filetype_and_ext(
    bytes: &[u8],
    name: &str,
    unfiltered_html: bool,
) -> Option<(&'static str, String)> {
    let (_, mut mime) = check_filetype(name, unfiltered_html)?;
    let mut proper = name.to_owned();
    if mime.starts_with("image/") {
        if let Some(real) = image_mime(bytes).filter(|real| *real != mime) {
            let ext = image_ext(real)?;
            let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
            proper = format!("{stem}.{ext}");
            mime = check_filetype(&proper, unfiltered_html)?.1;
        }
        if image_mime(bytes).is_some() {
            return Some((mime, proper));
        }
    }
    let real = sniffed_mime(bytes);
    let family = mime.split('/').next().unwrap_or("");
    let accepted = match real {
        "application/octet-stream" | "application/zip" => {
            matches!(family, "application" | "video" | "audio")
        }
        // A few common types are often sniffed as plain text.
        "text/plain" => matches!(
            mime,
            "text/plain"
                | "text/csv"
                | "application/csv"
                | "text/richtext"
                | "text/tsv"
                | "text/vtt"
        ),
        "application/csv" => matches!(mime, "text/csv" | "text/plain" | "application/csv"),
        "text/rtf" => matches!(mime, "text/rtf" | "text/plain" | "application/rtf"),
        _ => real == mime || (real == "application/gzip" && mime == "application/x-gzip"),
    };
    accepted.then_some((mime, proper))
}

/// `sanitize_file_name` (WordPress 6.9.7).
pub fn sanitize_file_name(name: &str, unfiltered_html: bool) -> String {
    const SPECIAL: &[char] = &[
        '?', '[', ']', '/', '\\', '=', '<', '>', ':', ';', ',', '\'', '"', '&', '$', '#', '*', '(',
        ')', '|', '~', '`', '!', '{', '}', '%', '+', '\u{2019}', '\u{ab}', '\u{bb}', '\u{201d}',
        '\u{201c}', '\0',
    ];
    let name = wp_schema_runtime::slug::remove_accents(name).replace('\u{a0}', " ");
    let name: String = name.chars().filter(|c| !SPECIAL.contains(c)).collect();
    let name = name.replace("%20", "-").replace('+', "-");
    let name = collapse(&name, |c| c == '.', ".");
    let name = collapse(&name, |c| matches!(c, '\r' | '\n' | '\t' | ' ' | '-'), "-");
    let name = name
        .trim_matches(|c| matches!(c, '.' | '-' | '_'))
        .to_owned();
    if !name.contains('.') {
        return match check_filetype(&format!("test.{name}"), true) {
            Some((ext, _)) if ext == name => format!("unnamed-file.{ext}"),
            _ => name,
        };
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() <= 2 {
        return name;
    }
    let mut out = parts[0].to_owned();
    for part in &parts[1..parts.len() - 1] {
        out.push('.');
        out.push_str(part);
        if looks_like_extension(part)
            && check_filetype(&format!("x.{part}"), unfiltered_html).is_none()
        {
            out.push('_');
        }
    }
    out.push('.');
    out.push_str(parts[parts.len() - 1]);
    out
}

fn looks_like_extension(part: &str) -> bool {
    let letters = part.trim_end_matches(|c: char| c.is_ascii_digit());
    part.len() - letters.len() <= 1
        && (2..=5).contains(&letters.len())
        && letters.chars().all(|c| c.is_ascii_alphabetic())
}

fn collapse(s: &str, is_run: impl Fn(char) -> bool, with: &str) -> String {
    let mut out = String::new();
    let mut in_run = false;
    for c in s.chars() {
        if is_run(c) {
            if !in_run {
                out.push_str(with);
            }
            in_run = true;
        } else {
            out.push(c);
            in_run = false;
        }
    }
    out
}

/// `wp_unique_filename` for a sanitized `name` in a folder holding `files`, step by step as WordPress 6.9.7 takes it:
/// a name that could be a sub-size's (`-300x200`, `-scaled`, `-rotated`) always gets a number;
/// the number grows while the name (or its lower-cased extension form) exists, or is in
/// `reserved` (uploads still being written); the extension is lower-cased; then the number grows
/// while an existing file could be one of the name's sub-sizes.
pub fn unique_filename(files: &[String], name: &str, reserved: impl Fn(&str) -> bool) -> String {
    // One listing of the folder answers every candidate: a folder of thousands of `photo-N.jpg`
    // is not read again for each N.
    let existing: HashSet<&str> = files.iter().map(String::as_str).collect();
    let exists = |candidate: &str| existing.contains(candidate) || reserved(candidate);

    let (fname, ext) = split_extension(name);
    let ext = ext.map(|e| format!(".{e}")).unwrap_or_default();
    let lc_ext = ext.to_lowercase();
    let mut filename = name.to_owned();
    // The number as PHP holds it: "" until one is added.
    let mut number = String::new();
    if !fname.is_empty() && ends_like_a_subsize(fname) {
        number = "1".to_owned();
        filename = filename.replace(&format!("{fname}{ext}"), &format!("{fname}-1{ext}"));
    }
    let mut lc_filename = (ext != lc_ext).then(|| {
        let stem = &filename[..filename.len() - ext.len()];
        format!("{stem}{lc_ext}")
    });
    while exists(&filename) || lc_filename.as_deref().is_some_and(exists) {
        let next = next_number(&number);
        if let Some(lc) = &lc_filename {
            lc_filename = Some(renumber(lc, &number, &next, &lc_ext));
        }
        filename = if number.is_empty() && ext.is_empty() {
            format!("{filename}-{next}")
        } else {
            renumber(&filename, &number, &next, &ext)
        };
        number = next;
    }
    if let Some(lc) = lc_filename {
        filename = lc;
    }
    if !name.is_empty() && !ext.is_empty() {
        // At most as many rounds as there are files: WordPress's own bound on this loop.
        for _ in 0..=files.len() {
            if !could_be_a_subsize_of(&filename, files) {
                break;
            }
            let next = next_number(&number);
            filename = renumber(&filename, &number, &next, &lc_ext);
            number = next;
        }
    }
    filename
}

/// PHP's `pathinfo` `filename` and `extension` of a base name.
fn split_extension(name: &str) -> (&str, Option<&str>) {
    match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, Some(ext)),
        None => (name, None),
    }
}

/// Whether a name without extension ends as a sub-size's does: `-WxH`, `-scaled`, `-rotated`.
fn ends_like_a_subsize(fname: &str) -> bool {
    fname
        .rsplit_once('-')
        .is_some_and(|(_, last)| is_subsize_suffix(last))
}

fn next_number(number: &str) -> String {
    (number.parse::<u64>().unwrap_or(0) + 1).to_string()
}

/// WordPress's renumbering: `-N.ext` and then `N.ext` replaced everywhere by `-M.ext`, as PHP's
/// `str_replace` with two searches does (so `photo.jpg` becomes `photo-1.jpg`).
fn renumber(filename: &str, number: &str, next: &str, ext: &str) -> String {
    let with = format!("-{next}{ext}");
    filename
        .replace(&format!("-{number}{ext}"), &with)
        .replace(&format!("{number}{ext}"), &with)
}

/// `_wp_check_existing_file_names`: whether a file in the folder is named as one of the
/// sub-sizes of `filename` would be (compared without regard to case).
fn could_be_a_subsize_of(filename: &str, files: &[String]) -> bool {
    let (fname, ext) = split_extension(filename);
    if fname.is_empty() {
        return false;
    }
    let prefix = format!("{}-", fname.to_lowercase());
    let suffix = ext
        .map(|e| format!(".{e}"))
        .unwrap_or_default()
        .to_lowercase();
    files.iter().any(|file| {
        let lower = file.to_lowercase();
        lower.len() > prefix.len() + suffix.len()
            && lower.starts_with(&prefix)
            && lower.ends_with(&suffix)
            && is_subsize_suffix(&lower[prefix.len()..lower.len() - suffix.len()])
    })
}

/// `WxH`, `scaled` or `rotated`: what follows the last `-` of a sub-size's name.
fn is_subsize_suffix(s: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    s == "scaled"
        || s == "rotated"
        || s.split_once('x')
            .is_some_and(|(w, h)| digits(w) && digits(h))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers of WordPress 6.9.7's `sanitize_file_name` for an administrator.
    #[test]
    fn file_names_are_sanitized_as_wordpress_does() {
        for (input, expected) in [
            ("photo.jpg", "photo.jpg"),
            ("My File (1).PNG", "My-File-1.PNG"),
            ("a b.txt", "a-b.txt"),
            ("héllo wörld.jpg", "hello-world.jpg"),
            ("x.php.jpg", "x.php_.jpg"),
            ("archive.tar.gz", "archive.tar.gz"),
            ("..weird..name..png", "weird.name_.png"),
            ("café.txt", "cafe.txt"),
            ("a%20b+c.png", "a20bc.png"),
            ("noext", "noext"),
            ("png", "unnamed-file.png"),
        ] {
            assert_eq!(sanitize_file_name(input, true), expected, "{input}");
        }
    }

    /// Answers of WordPress 6.9.7's `wp_unique_filename` (php-cli, a folder under the uploads
    /// folder holding the listed files).
    #[test]
    fn unique_names_are_numbered_as_wordpress_numbers_them() {
        for (files, name, expected) in [
            (&[][..], "made-17x1836.gif", "made-17x1836-1.gif"),
            (
                &["made-17x1836-1.gif"],
                "made-17x1836.gif",
                "made-17x1836-2.gif",
            ),
            (
                &["made-17x1836-1.gif", "made-17x1836-2.gif"],
                "made-17x1836.gif",
                "made-17x1836-3.gif",
            ),
            (&[], "photo-scaled.jpg", "photo-scaled-1.jpg"),
            (&[], "photo-rotated.JPG", "photo-rotated-1.jpg"),
            (
                &["photo-rotated-1.jpg"],
                "photo-rotated.JPG",
                "photo-rotated-2.jpg",
            ),
            (&["photo.jpg", "photo-1.jpg"], "photo.jpg", "photo-2.jpg"),
            (&["sized-150x150.jpg"], "sized.jpg", "sized-1.jpg"),
            (
                &["sized-1-150x150.jpg", "sized-150x150.jpg"],
                "sized.jpg",
                "sized-2.jpg",
            ),
            (&["Other.PNG"], "Other.PNG", "Other-1.png"),
            (&["other.png"], "Other.PNG", "Other.png"),
            (&["file-1.jpg"], "file-1.jpg", "file-1-1.jpg"),
            (&["a1.jpg"], "a1.jpg", "a1-1.jpg"),
            (&["x-1.jpg", "x.jpg"], "x.jpg", "x-2.jpg"),
            (&["noext"], "noext", "noext-1"),
            (&["noext", "noext-1"], "noext", "noext-2"),
            (&[], "10x20.png", "10x20.png"),
            (&["photo-300x200.JPG"], "photo.JPG", "photo-1.jpg"),
            (&["photo-1.jpg"], "photo-1.jpg", "photo-1-1.jpg"),
            (&["a-1x1-1.png"], "a-1x1.png", "a-1x1-2.png"),
            (&["photo-150x150.webp"], "photo.jpg", "photo.jpg"),
            (&["photo-2x3.jpg"], "photo-2x3.jpg", "photo-2x3-1.jpg"),
        ] {
            let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
            assert_eq!(
                unique_filename(&files, name, |_| false),
                expected,
                "{name} beside {files:?}"
            );
        }
        assert_eq!(
            unique_filename(&[], "photo.jpg", |n| n == "photo.jpg" || n == "photo-1.jpg"),
            "photo-2.jpg",
            "names being written count as taken"
        );
    }

    #[test]
    fn content_corrects_an_image_extension_and_rejects_a_mismatch() {
        let png = [0x89, b'P', b'N', b'G', 0, 0];
        assert_eq!(
            check_filetype_and_ext(&png, "a.jpg", false),
            Some(("image/png", "a.png".to_owned()))
        );
        assert_eq!(
            check_filetype_and_ext(b"hello", "a.txt", false),
            Some(("text/plain", "a.txt".to_owned()))
        );
        assert_eq!(check_filetype_and_ext(b"hello", "a.pdf", false), None);
        assert_eq!(check_filetype_and_ext(b"<p>", "a.html", false), None);
        assert_eq!(check_filetype_and_ext(b"x", "a.exe", true), None);
    }
}
