//! The scenario both the reference server and WordPress go through: the commands a user types,
//! parsed as the binary parses them and run on a client over the test's transport.

use clap::Parser;
use media_client::cli::{self, Cli, Failure, Site};
use media_client::media;
use std::collections::BTreeSet;
use std::path::Path;
use wp_schema_client::Transport;

/// Where the scenario runs, and as whom.
pub struct Target {
    pub site_url: String,
    pub user: String,
    pub password: String,
}

impl Target {
    fn site(&self, password: &str) -> Site {
        Site {
            url: self.site_url.clone(),
            user: Some(self.user.clone()),
            password: Some(password.to_owned()),
        }
    }
}

/// A connected client, and what its commands printed, as a terminal would show them.
struct Session<'a> {
    client: media::Client,
    files: &'a Path,
    transcript: String,
}

impl Session<'_> {
    /// Runs `args` as `media-client --site … ARGS` runs them; stdout and stderr on success.
    async fn run(&mut self, args: &[&str]) -> Result<(String, String), Failure> {
        self.run_shown(args, Lines::AsPrinted).await
    }

    async fn run_shown(
        &mut self,
        args: &[&str],
        lines: Lines,
    ) -> Result<(String, String), Failure> {
        let argv = ["media-client", "--site", "http://unused.example"]
            .into_iter()
            .chain(args.iter().copied());
        let Cli { command, .. } = Cli::try_parse_from(argv).expect("arguments parse");
        let mut out = Vec::new();
        let mut progress = Vec::new();
        let outcome = cli::run(command, &self.client, &mut out, &mut progress).await;
        let out = String::from_utf8(out).expect("UTF-8 output");
        let progress = String::from_utf8(progress).expect("UTF-8 progress");
        let shown: Vec<String> = args
            .iter()
            .map(|arg| {
                let arg = arg.replace(&*self.files.to_string_lossy(), ".");
                if arg.contains(' ') {
                    format!("{arg:?}")
                } else {
                    arg
                }
            })
            .collect();
        let note = match lines {
            Lines::AsPrinted => "",
            Lines::Sorted => "  # lines sorted",
            Lines::Counted => "  # lines counted",
        };
        self.transcript
            .push_str(&format!("$ media-client {}{note}\n", shown.join(" ")));
        outcome?;
        let mut shown_out: Vec<&str> = out.lines().collect();
        match lines {
            Lines::AsPrinted => {}
            Lines::Sorted => shown_out.sort_unstable(),
            Lines::Counted => {
                self.transcript
                    .push_str(&format!("({} lines)\n", shown_out.len()));
                shown_out.clear();
            }
        }
        for line in shown_out {
            self.transcript.push_str(&format!("{line}\n"));
        }
        for line in progress.lines() {
            self.transcript.push_str(&format!("stderr: {line}\n"));
        }
        Ok((out, progress))
    }

    async fn ok(&mut self, args: &[&str]) -> (String, String) {
        match self.run(args).await {
            Ok(printed) => printed,
            Err(failure) => panic!("{args:?}: {failure:?}"),
        }
    }

    /// As [`Session::ok`], with the output's lines in the transcript as `lines` says: the order
    /// of a search's items that tie goes by upload time, to the second.
    async fn ok_shown(&mut self, args: &[&str], lines: Lines) -> (String, String) {
        match self.run_shown(args, lines).await {
            Ok(printed) => printed,
            Err(failure) => panic!("{args:?}: {failure:?}"),
        }
    }

    /// Uploads `name` from the files folder; the new id, after checking the printed address.
    async fn upload(&mut self, name: &str, extra: &[&str], site_url: &str) -> i64 {
        let path = self.files.join(name);
        let path = path.to_str().expect("a UTF-8 temporary path");
        let mut args = vec!["upload", path];
        args.extend_from_slice(extra);
        let (out, _) = self.ok(&args).await;
        let (id, url) = out
            .trim_end()
            .split_once(' ')
            .unwrap_or_else(|| panic!("{out:?}"));
        // WordPress adds `-1`, `-2` to a name an earlier upload holds.
        let (stem, extension) = name.rsplit_once('.').unwrap();
        assert!(
            url.starts_with(&format!("{site_url}/wp-content/uploads/"))
                && url.contains(stem)
                && url.ends_with(&format!(".{extension}")),
            "{out:?}"
        );
        id.parse().unwrap_or_else(|_| panic!("{out:?}"))
    }
}

/// How a command's output goes into the transcript.
enum Lines {
    AsPrinted,
    Sorted,
    /// Only how many: which items a page of a search holds depends on the upload times.
    Counted,
}

/// A small PNG of one colour: each upload's bytes differ.
pub fn png(rgb: [u8; 3]) -> Vec<u8> {
    let picture = image::RgbImage::from_pixel(8, 8, image::Rgb(rgb));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("PNG encoding");
    bytes.into_inner()
}

/// The scenario: four uploads (one as a multipart form), a listing of every page, an alt text
/// set and read back, deletions checked to be final, and a wrong password refused. Each
/// `connect` gets a transport from `transport`. Returns the transcript of the commands and what
/// they printed.
pub async fn scenario<T: Transport>(target: &Target, transport: impl Fn() -> T) -> String {
    let files = tempfile::tempdir().unwrap();
    std::fs::write(files.path().join("red.png"), png([200, 30, 30])).unwrap();
    std::fs::write(files.path().join("green.png"), png([30, 200, 30])).unwrap();
    std::fs::write(files.path().join("blue.png"), png([30, 30, 200])).unwrap();
    std::fs::write(files.path().join("notes.txt"), "Shopping list: paint.\n").unwrap();

    let client = cli::connect(&target.site(&target.password), transport())
        .await
        .expect("connects");
    let mut session = Session {
        client,
        files: files.path(),
        transcript: String::new(),
    };
    let site_url = target.site_url.as_str();
    let red = session
        .upload(
            "red.png",
            &["--title", "mc-demo red", "--alt-text", "A red square"],
            site_url,
        )
        .await;
    let green = session
        .upload("green.png", &["--title", "mc-demo green"], site_url)
        .await;
    let blue = session
        .upload(
            "blue.png",
            &[
                "--title",
                "mc-demo blue",
                "--alt-text",
                "A blue square",
                "--multipart",
            ],
            site_url,
        )
        .await;
    let notes = session
        .upload("notes.txt", &["--title", "mc-demo notes"], site_url)
        .await;

    let expected = BTreeSet::from([
        format!(r#"{red} image/png "mc-demo red" alt="A red square""#),
        format!(r#"{green} image/png "mc-demo green" alt="""#),
        format!(r#"{blue} image/png "mc-demo blue" alt="A blue square""#),
        format!(r#"{notes} text/plain "mc-demo notes" alt="""#),
    ]);
    // The search keeps other media of the site out of the count.
    let (out, progress) = session
        .ok_shown(
            &["list", "--per-page", "2", "--search", "mc-demo"],
            Lines::Counted,
        )
        .await;
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.lines().all(|line| expected.contains(line)), "{out}");
    assert_eq!(
        progress,
        "page 1/2, 2 of 4 items (--all lists every page)\n"
    );
    let (out, progress) = session
        .ok_shown(
            &["list", "--per-page", "2", "--search", "mc-demo", "--all"],
            Lines::Sorted,
        )
        .await;
    assert_eq!(
        progress, "page 1/2, 2 of 4 items\npage 2/2, 4 of 4 items\n",
        "{out}"
    );
    let listed: BTreeSet<&str> = out.lines().collect();
    assert_eq!(out.lines().count(), 4, "each item once: {out}");
    assert_eq!(
        listed,
        expected.iter().map(String::as_str).collect(),
        "{out}"
    );

    let (out, _) = session
        .ok(&["alt", &green.to_string(), "A green square"])
        .await;
    assert_eq!(out, format!("{green} alt=\"A green square\"\n"));
    let read_back = session
        .client
        .attachment_get(green)
        .context_edit()
        .send()
        .await
        .expect("the item reads back");
    assert_eq!(read_back.alt_text, "A green square");

    let (out, _) = session.ok(&["delete", &red.to_string()]).await;
    assert_eq!(out, format!("deleted {red} image/png \"mc-demo red\"\n"));
    let gone = session.client.attachment_get(red).send().await.unwrap_err();
    assert_eq!(
        (gone.status().map(|s| s.as_u16()), gone.code()),
        (Some(404), Some("rest_post_invalid_id")),
        "{gone}"
    );
    let again = session
        .run(&["delete", &red.to_string()])
        .await
        .unwrap_err();
    let message = cli::describe(&again, site_url);
    assert_eq!(message, "Invalid post ID. (rest_post_invalid_id, HTTP 404)");
    session.transcript.push_str(&format!("error: {message}\n"));

    // What is left is removed too, so that a site stays as it was.
    for (id, mime_type, title) in [
        (green, "image/png", "mc-demo green"),
        (blue, "image/png", "mc-demo blue"),
        (notes, "text/plain", "mc-demo notes"),
    ] {
        let (out, _) = session.ok(&["delete", &id.to_string()]).await;
        assert_eq!(out, format!("deleted {id} {mime_type} {title:?}\n"));
    }
    let (out, progress) = session.ok(&["list", "--search", "mc-demo"]).await;
    assert_eq!((out.as_str(), progress.as_str()), ("", ""));

    // `let … else`: the generated client has no `Debug` for `unwrap_err` to print.
    let Err(refused) = cli::connect(&target.site("wrongwrongwrongwrongwrong"), transport()).await
    else {
        panic!("a wrong password was accepted");
    };
    assert!(refused.is_unauthorized(), "{refused}");
    let message = cli::describe(&Failure::Site(refused), site_url);
    assert_eq!(
        message,
        "the site refused the login: check --user and the application password \
         (WordPress said: You are not currently logged in.)"
    );
    session.transcript.push_str(&format!(
        "(connecting with a wrong password)\nerror: {message}\n"
    ));
    session.transcript
}
