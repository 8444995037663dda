#!/usr/bin/env python3
"""Fills a fresh WordPress with content for every GET route of the REST API (WordPress 6.9.7 and 6.1.9).

A later recorder fetches each route in each context; this script makes sure there is something to see:
users of every role with application passwords, nested categories and tags, pattern categories, media of
several kinds (a JPEG with EXIF big enough for a `-scaled` copy, PNGs, a WAV, a text file, a PDF),
posts in every status and format (sticky, password-protected, scheduled, draft, pending, private,
trashed), a page tree, comments in every status with replies (and notes on 6.9), synced and unsynced
reusable blocks, navigation menus (wp_navigation and classic menus with items of several kinds),
templates and template parts (custom ones and an edited theme copy), user global styles, font families
with faces, an active and an inactive plugin, settings; revisions and autosaves where WordPress keeps
them; menu locations and widgets under a classic theme. What a version lacks (font families, pattern
categories, global-styles revisions, notes on 6.1.9, ...) is skipped with a line on stderr: each route is
looked up in the site's `/wp-json/` index first. Run it once, against a fresh install (ids, slugs and
file names depend on earlier state):

    WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=/tmp/wp69 ../shared/wordpress/start-wp.sh --reset
    python3 scripts/seed-wordpress.py /tmp/wp-oracle-wp69.env                 # leaves the block theme active
    python3 scripts/seed-wordpress.py /tmp/wp-oracle-wp69.env --theme classic --only-theme
    python3 scripts/seed-wordpress.py /tmp/wp-oracle-wp69.env --theme block --only-theme

The full run seeds everything under the block theme (twentytwentyfive, or twentytwentythree where there
is no twentytwentyfive, as on 6.1.9), then switches to the classic theme twentytwentyone to assign the
menus to its locations and put widgets (block widgets and legacy ones: text, archives, categories, ...)
into its sidebar, then activates the theme named by `--theme` (default block). `--only-theme` does
just that last step for an already seeded site; switching to the classic theme puts the seeded widgets
back into its sidebar and the menus back into its locations (WordPress moves them to the inactive widgets
when a theme without sidebars is active). On stdout a JSON summary: the ids of what was created, per
kind, the application passwords made for the other users (all users' login password is `password`),
words to search for, a URL for /wp-block-editor/v1/url-details, and what was skipped.

The REST API does almost all of it, with the application password of the env file that start-wp.sh
writes. php-cli runs the site's own WordPress for what REST cannot do: switching the active theme. Files
are copied for what REST cannot install: plugins (REST installs them from wordpress.org only) and the
classic theme.
- `--docroot`: the WordPress tree. By default where `<data>/<name>/wp-content/themes` points (start-wp.sh
  links it to the tree's themes folder), with `<data>` = $WP_DATA or /var/lib/wp-oracle and `<name>` read
  from the env file's name (`/tmp/wp-oracle-<name>.env`; `/tmp/wp-oracle.env` is wp61). Debian's
  package is the tree /usr/share/wordpress, whose config /etc/wordpress/config-127.0.0.1.php is picked by
  the host name: the PHP run sets HTTP_HOST to the env file's host, so both kinds of tree work.
- `--content-dir`: the instance's content folder, by default the WP_CONTENT_DIR the tree's config
  defines (start-wp.sh gives each instance its own, <data>/<name>/wp-content, with an empty plugins
  folder). Into its plugins folder go hello.php and akismet, copied from the tree's own wp-content/plugins
  (Debian's tree has akismet only), and wp-schema-seed.php, written by this script: it registers a font
  collection with inline data, since core's only collection (Google Fonts) is downloaded from wordpress.org
  and /wp/v2/font-collections is empty without internet. REST activates hello and wp-schema-seed; akismet
  stays inactive.

Prerequisites (Debian packages):
- ImageMagick (`/usr/bin/convert`) and exiftool (`libimage-exiftool-perl`), as for record-wp-fixtures.py.
- The themes. Debian's wordpress package ships none: `apt-get install wordpress-theme-twentytwentythree
  wordpress-theme-twentytwentyone` (into /usr/share/wordpress/wp-content/themes). The 6.9.7 tree of
  johnpbloch/wordpress-core has block themes but no classic one: install wordpress-theme-twentytwentyone
  as well; when the tree lacks twentytwentyone the script links /usr/share/wordpress/wp-content/themes/
  twentytwentyone into the tree's themes folder itself (a change to the tree, made once).
Nothing is written into the repository.
"""
import argparse
import base64
import glob
import importlib.util
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import urllib.parse
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("record_wp_fixtures", os.path.join(HERE, "record-wp-fixtures.py"))
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

# Comments keep the client's user agent; a fixed one keeps their edit context the same from run to run.
USER_AGENT = "wp-schema-seeder/1"
BLOCK_THEMES = ["twentytwentyfive", "twentytwentythree"]
CLASSIC_THEME = "twentytwentyone"
DEBIAN_THEMES = "/usr/share/wordpress/wp-content/themes"
LOGIN_PASSWORD = "password"
# Marks the widgets this script made, so that a later theme switch can find them again.
WIDGET_MARK = "Seed"
SEARCH_WORDS = {"post": "soup", "term": "soup", "post-format": "aside"}


def say(message):
    print(f"[seed] {message}", file=sys.stderr, flush=True)


def route_key(pattern):
    """`/wp/v2/posts/(?P<parent>[\\d]+)/revisions` -> `/wp/v2/posts/{parent}/revisions` (groups may nest)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("(?P<", i):
            name = pattern[i + 4:pattern.index(">", i)]
            depth, j = 0, i
            while True:
                if pattern[j] == "\\":
                    j += 2
                    continue
                depth += {"(": 1, ")": -1}.get(pattern[j], 0)
                j += 1
                if depth == 0:
                    break
            out.append("{" + name + "}")
            i = j
        else:
            out.append(pattern[i])
            i += 1
    return "".join(out)


class Failed(Exception):
    pass


class Seeder:
    """REST calls as admin, the site's route index, php-cli on the site's tree, and the summary."""

    def __init__(self, site, host):
        self.site = site
        self.host = host
        self.docroot = None
        self.summary = {"wordpress_version": site.version, "skipped": []}
        self.schemas = {}
        self.raw_routes = set(self.call("GET", "/", auth=False)["routes"])
        self.routes = {route_key(r) for r in self.raw_routes}

    def run_and_report(self, work):
        """Runs `work`, then prints the summary as JSON; on a failure it says why and prints what was
        seeded until then, then exits 1, so a half-seeded site is never mistaken for a seeded one."""
        try:
            work()
        except Failed as e:
            say(f"failed: {e}")
            print(json.dumps(self.summary, indent=2))
            sys.exit(1)
        print(json.dumps(self.summary, indent=2))

    # -- REST
    def call(self, method, route, body=None, expect=(200, 201), auth=True, headers=None, data=None):
        all_headers = {"User-Agent": USER_AGENT}
        all_headers.update(headers or {})
        if body is not None:
            data = json.dumps(body).encode()
            all_headers["Content-Type"] = "application/json"
        status, _, answer = self.site.request(method, "/wp-json" + route, data, all_headers, auth=auth)
        if status not in expect:
            raise Failed(f"{method} {route} -> {status}: {answer[:400].decode(errors='replace')}")
        return json.loads(answer) if answer else None

    def get(self, route):
        return self.call("GET", route)

    def post(self, route, body):
        return self.call("POST", route, body)

    def has(self, route):
        return route in self.routes

    def numeric_template_ids(self, kind):
        """6.1.9 routes template revisions and autosaves by post id, 6.9.7 by the theme//slug id."""
        return f"/wp/v2/{kind}/(?P<id>[\\d]+)/autosaves" in self.raw_routes

    def fields(self, route):
        """The properties of a route's item schema (OPTIONS), to send only fields a version knows."""
        if route not in self.schemas:
            self.schemas[route] = self.call("OPTIONS", route).get("schema", {}).get("properties", {})
        return self.schemas[route]

    def meta_keys(self, route):
        return set(self.fields(route).get("meta", {}).get("properties", {}))

    def multipart(self, route, fields, files):
        """POST form fields and files [(field, filename, mime, bytes)] as multipart/form-data."""
        boundary = "----wpschemaseedboundary"
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in fields.items()
        ]
        for field, filename, mime, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
                f"Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        return self.call("POST", route, headers=headers, data=b"".join(parts))

    # -- bookkeeping
    def skip(self, what, why):
        say(f"skip {what}: {why}")
        self.summary["skipped"].append(f"{what}: {why}")

    def require(self, route, what):
        if self.has(route):
            return True
        self.skip(what, f"no route {route} on {self.site.version}")
        return False

    # -- php-cli
    def php(self, code, *args):
        """Runs `code` after loading the site's WordPress (as start-wp.sh's setup does); returns stdout."""
        head = (
            "<?php\n[$_, $docroot, $host] = $argv;\n"
            "$_SERVER['HTTP_HOST'] = $host; $_SERVER['SERVER_NAME'] = '127.0.0.1'; $_SERVER['REQUEST_URI'] = '/';\n"
            "$_SERVER['REQUEST_METHOD'] = 'GET'; $_SERVER['SERVER_PORT'] = explode(':', $host)[1];\n"
            "require $docroot . '/wp-load.php';\n"
        )
        with tempfile.NamedTemporaryFile("w", suffix=".php", delete=False) as f:
            f.write(head + code)
        try:
            done = subprocess.run(["php", f.name, self.docroot, self.host, *args], capture_output=True, text=True)
        finally:
            os.unlink(f.name)
        if done.returncode != 0:
            raise Failed(f"php-cli failed: {done.stderr.strip()[:400]} {done.stdout.strip()[:400]}")
        return done.stdout


# ---------------------------------------------------------------- files to upload

def make_files(tmp):
    photo = os.path.join(tmp, "harbour.jpg")
    # Over 2560 px wide, so WordPress keeps `original_image` and makes a `-scaled` copy; a fixed seed keeps
    # the bytes (and so filesize in media_details) the same from run to run.
    fixtures.write_exif_photo(photo, "2600x1700", "A harbour at dawn", "Harbour", ["harbour", "dawn"], seed=7)
    icon = os.path.join(tmp, "site-icon.png")
    subprocess.run(["/usr/bin/convert", "-size", "512x512", "gradient:#3366cc-#99ccff", icon], check=True)
    bowl = os.path.join(tmp, "bowl.png")
    subprocess.run(["/usr/bin/convert", "-size", "640x480", "xc:#cc6633", bowl], check=True)
    sound = os.path.join(tmp, "kitchen-sounds.wav")
    write_wav(sound)
    notes = os.path.join(tmp, "shopping-list.txt")
    with open(notes, "w") as f:
        f.write("Leeks\nPotatoes\nStock\n")
    pdf = os.path.join(tmp, "menu-card.pdf")
    write_pdf(pdf, "Seed kitchen menu")
    return {"photo": photo, "icon": icon, "bowl": bowl, "sound": sound, "notes": notes, "pdf": pdf}


def write_wav(path):
    """One second of a 440 Hz tone, 8 kHz mono 16 bit: WordPress reads its length and format with getID3."""
    rate = 8000
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(12000 * math.sin(2 * math.pi * 440 * i / rate)))
                               for i in range(rate)))


def write_pdf(path, text):
    """A one-page PDF with a line of text (offsets in the xref table must be exact)."""
    stream = f"BT /F1 18 Tf 20 40 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 100] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def block(name, html="", attrs=None):
    """Serialized block markup, so that the block editor and the renderers see real blocks."""
    attr_text = " " + json.dumps(attrs, separators=(",", ":")) if attrs else ""
    if not html:
        return f"<!-- wp:{name}{attr_text} /-->"
    return f"<!-- wp:{name}{attr_text} -->{html}<!-- /wp:{name} -->"


def paragraph(text):
    return block("paragraph", f"<p>{text}</p>")


# ---------------------------------------------------------------- plugins and themes

# Font collections are registered in PHP at every request, and core's only one (Google Fonts) is fetched
# from wordpress.org: without internet /wp/v2/font-collections is empty. This plugin registers one whose data
# is inline. It is also the active plugin on Debian's tree, which ships no Hello Dolly.
SEED_PLUGIN = """<?php
/*
 * Plugin Name: wp-schema seed
 * Description: Registers a font collection whose data needs no internet (written by seed-wordpress.py).
 * Version: 1.0
 * Author: wp-schema
 */
add_action( 'init', function () {
	if ( ! function_exists( 'wp_register_font_collection' ) ) {
		return;
	}
	$data = <<<'JSON'
%s
JSON;
	wp_register_font_collection( 'seed-fonts', json_decode( $data, true ) );
} );
"""


def font_collection(fonts, preview):
    faces = [{"fontFamily": "Seed Collection Sans", "fontStyle": "normal", "fontWeight": "400", "src": url,
              "preview": preview} for _, url in fonts[:2]]
    return {
        "name": "Seed fonts", "description": "Fonts of the active block theme, offered as a collection.",
        "categories": [{"name": "Sans serif", "slug": "sans-serif"}, {"name": "Monospace", "slug": "monospace"}],
        "font_families": [
            {"font_family_settings": {"name": "Seed Collection Sans", "slug": "seed-collection-sans",
                                      "fontFamily": "\"Seed Collection Sans\", sans-serif", "preview": preview,
                                      "fontFace": faces},
             "categories": ["sans-serif"]},
            {"font_family_settings": {"name": "Seed Collection Mono", "slug": "seed-collection-mono",
                                      "fontFamily": "monospace"},
             "categories": ["monospace"]},
        ],
    }


def install_plugins(s, content_dir, block_theme):
    if not s.require("/wp/v2/plugins", "plugins"):
        return
    source = os.path.join(s.docroot, "wp-content", "plugins")
    target = os.path.join(content_dir, "plugins")
    os.makedirs(target, exist_ok=True)
    if os.path.isdir(os.path.join(source, "akismet")) and not os.path.exists(os.path.join(target, "akismet")):
        shutil.copytree(os.path.join(source, "akismet"), os.path.join(target, "akismet"))
    active = ["wp-schema-seed"]
    if os.path.isfile(os.path.join(source, "hello.php")):
        shutil.copy2(os.path.join(source, "hello.php"), target)
        active.append("hello")
    preview = f"{s.site.base}/wp-content/themes/{block_theme}/screenshot.png"
    with open(os.path.join(target, "wp-schema-seed.php"), "w") as f:
        f.write(SEED_PLUGIN % json.dumps(font_collection(theme_fonts(s, block_theme), preview), indent=1))
    for plugin in active:
        s.call("PUT", f"/wp/v2/plugins/{plugin}", {"status": "active"})
    plugins = s.get("/wp/v2/plugins?context=edit")
    s.summary["plugins"] = {p["plugin"]: p["status"] for p in plugins}
    if s.has("/wp/v2/font-collections"):
        s.summary["font_collections"] = [c["slug"] for c in s.get("/wp/v2/font-collections")]


def theme_fonts(s, theme):
    """The theme's woff2 files with their URLs: a URL on the site's own host is one WordPress accepts."""
    theme_root = s.php("echo get_theme_root();").strip()
    found = sorted(glob.glob(os.path.join(theme_root, theme, "assets", "fonts", "*", "*.woff2")))
    return [(path, f"{s.site.base}/wp-content/themes/" + os.path.relpath(path, theme_root)) for path in found]


def find_themes(s):
    """Which block theme to use; links Debian's classic theme into a tree that lacks one."""
    installed = {t["stylesheet"] for t in s.get("/wp/v2/themes?context=edit")}
    block_theme = next((t for t in BLOCK_THEMES if t in installed), None)
    if not block_theme:
        raise Failed(f"none of {BLOCK_THEMES} installed (Debian: apt-get install wordpress-theme-twentytwentythree)")
    if CLASSIC_THEME not in installed:
        theme_root = s.php("echo get_theme_root();").strip()
        debian = os.path.join(DEBIAN_THEMES, CLASSIC_THEME)
        if not os.path.isdir(debian):
            raise Failed(f"{CLASSIC_THEME} missing: apt-get install wordpress-theme-{CLASSIC_THEME}")
        say(f"linking {debian} into {theme_root}")
        os.symlink(debian, os.path.join(theme_root, CLASSIC_THEME))
    s.summary["themes"] = {"block": block_theme, "classic": CLASSIC_THEME}
    return block_theme


def switch_theme(s, stylesheet):
    active = s.php(
        "$t = wp_get_theme( $argv[3] ); if ( ! $t->exists() ) { fwrite( STDERR, 'no theme ' . $argv[3] ); exit( 1 ); }\n"
        "switch_theme( $argv[3] ); echo get_stylesheet();",
        stylesheet,
    ).strip()
    # The first request after a switch runs the after_switch_theme hooks (widgets, menu locations).
    s.get("/wp/v2/themes?status=active")
    say(f"active theme: {active}")
    s.summary["active_theme"] = active


# ---------------------------------------------------------------- users

# login, role, first name, last name, description; admin and author1 come from start-wp.sh.
NEW_USERS = [
    ("editor1", "editor", "Edith", "Editor", "Edits everything in the kitchen."),
    ("contributor1", "contributor", "Conrad", "Contributor", "Sends recipes for review."),
    ("subscriber1", "subscriber", "Sue", "Subscriber", "Reads every post."),
    ("admin2", "administrator", "Adele", "Second-Admin", "Keeps the site running at night."),
]


def seed_users(s):
    """Users by login: every role, each with names, a description and a URL."""
    users = {"admin": s.post("/wp/v2/users/me", {
        "first_name": "Ada", "last_name": "Admin", "nickname": "ada", "name": "Ada Admin",
        "description": "Runs the <em>seed</em> kitchen.", "url": "https://admin.example", "locale": "en_US",
        **persisted_preferences(s),
    })["id"]}
    author = s.get("/wp/v2/users?search=author1&context=edit")[0]["id"]
    users["author1"] = s.post(f"/wp/v2/users/{author}", {
        "first_name": "Arthur", "last_name": "Author", "nickname": "arthur", "description": "Writes about soup.",
        "url": "https://author.example", "locale": "en_US",
    })["id"]
    for login, role, first, last, description in NEW_USERS:
        users[login] = s.post("/wp/v2/users", {
            "username": login, "email": f"{login}@example.com", "password": LOGIN_PASSWORD,
            "name": f"{first} {last}", "first_name": first, "last_name": last, "nickname": first.lower(),
            "description": description, "url": f"https://{login}.example", "roles": [role], "locale": "en_US",
        })["id"]
    s.summary["users"] = users
    return users


def persisted_preferences(s):
    if "persisted_preferences" not in s.meta_keys("/wp/v2/users/me"):
        return {}
    return {"meta": {"persisted_preferences": {
        "core/edit-post": {"welcomeGuide": False}, "core": {"fixedToolbar": True},
        "_modified": "2024-05-06T07:08:09.000Z",
    }}}


def seed_application_passwords(s, users):
    """A second password for admin and one each for the editor and the author, each used once (last_used)."""
    made = {}
    for login, name, app_id in [
        ("admin", "seed-admin", "11111111-2222-4333-8444-555555555555"),
        ("editor1", "seed-editor", "22222222-3333-4444-8555-666666666666"),
        ("author1", "seed-author", None),
    ]:
        body = {"name": name}
        if app_id:
            body["app_id"] = app_id
        created = s.post(f"/wp/v2/users/{users[login]}/application-passwords", body)
        token = base64.b64encode(f"{login}:{created['password']}".encode()).decode()
        s.call("GET", "/wp/v2/users/me", auth=False, headers={"Authorization": f"Basic {token}"})
        made[login] = {"user": users[login], "uuid": created["uuid"], "password": created["password"]}
    s.summary["application_passwords"] = made


# ---------------------------------------------------------------- terms

def seed_terms(s):
    cats = {}
    cats["recipes"] = s.post("/wp/v2/categories", {"name": "Recipes", "description": "Things to <b>cook</b>."})["id"]
    cats["soups"] = s.post("/wp/v2/categories", {
        "name": "Soups", "parent": cats["recipes"], "description": "Hot soup, cold soup."})["id"]
    cats["cold-soups"] = s.post("/wp/v2/categories", {
        "name": "Cold soups", "parent": cats["soups"], "description": "For summer."})["id"]
    cats["travel"] = s.post("/wp/v2/categories", {"name": "Travel", "description": "Kitchens far away."})["id"]
    tags = {}
    for name, description in [("Quick", "Under half an hour."), ("Vegan", "No animal products."), ("Winter", "")]:
        tags[name.lower()] = s.post("/wp/v2/tags", {"name": name, "description": description})["id"]
    s.summary["categories"] = cats
    s.summary["tags"] = tags
    pattern_cats = {}
    if s.require("/wp/v2/wp_pattern_category", "pattern categories"):
        for name, description in [("Hero sections", "Big openings."), ("Calls to action", "Buttons and banners.")]:
            term = s.post("/wp/v2/wp_pattern_category", {"name": name, "description": description})
            pattern_cats[term["slug"]] = term["id"]
        s.summary["pattern_categories"] = pattern_cats
    return cats, tags, pattern_cats


# ---------------------------------------------------------------- media

def read(path):
    with open(path, "rb") as f:
        return f.read()


def seed_media(s, files):
    """Uploads unattached media; posts that use them are made later and then become their parents."""
    media = {}

    def upload(key, mime, fields):
        name = os.path.basename(files[key])
        media[key] = s.multipart("/wp/v2/media", fields, [("file", name, mime, read(files[key]))])["id"]

    upload("photo", "image/jpeg", {"title": "Harbour at dawn", "alt_text": "Boats in a harbour",
                                   "caption": "Seen from the <em>pier</em>", "description": "A long description."})
    upload("icon", "image/png", {"title": "Site icon", "alt_text": "A blue square"})
    upload("bowl", "image/png", {"title": "Soup bowl", "alt_text": "An orange bowl", "caption": "Soup"})
    upload("sound", "audio/wav", {"title": "Kitchen sounds", "caption": "A tone", "description": "One second."})
    upload("notes", "text/plain", {"title": "Shopping list"})
    try:
        upload("pdf", "application/pdf", {"title": "Menu card", "description": "A one-page PDF."})
    except Failed as e:
        s.skip("PDF upload", str(e)[:200])
    s.summary["media"] = media
    return media


def attach_media(s, media, parents):
    for key, parent in parents.items():
        if key in media:
            s.post(f"/wp/v2/media/{media[key]}", {"post": parent})


# ---------------------------------------------------------------- templates and global styles

def seed_templates(s, theme):
    if not s.require("/wp/v2/templates", "templates"):
        return {}
    made = {}
    main = block("group", "<main class=\"wp-block-group\">" + block("post-title") + block("post-content") + "</main>",
                 {"tagName": "main"})
    custom = s.post("/wp/v2/templates", {
        "slug": "wide-page", "title": "Wide page", "description": "A page without sidebars.",
        "content": block("template-part", attrs={"slug": "header", "tagName": "header"}) + main
        + block("template-part", attrs={"slug": "footer", "tagName": "footer"}),
        "status": "publish",
    })
    made["wide-page"] = custom
    made["index"] = s.post(f"/wp/v2/templates/{theme}//index", {
        "content": block("template-part", attrs={"slug": "header"}) + paragraph("Edited index.") + block("query", block(
            "post-template", block("post-title", attrs={"isLink": True})), {"queryId": 1, "query": {"inherit": True}})
        + block("template-part", attrs={"slug": "footer"}),
    })
    parts = {}
    if s.require("/wp/v2/template-parts", "template parts"):
        parts["promo-banner"] = s.post("/wp/v2/template-parts", {
            "slug": "promo-banner", "title": "Promo banner", "description": "A banner for offers.",
            "area": "uncategorized", "content": paragraph("Soup of the day: leek."), "status": "publish",
        })
        parts["seed-header"] = s.post("/wp/v2/template-parts", {
            "slug": "seed-header", "title": "Seed header", "description": "A plain header.",
            "area": "header", "content": block("site-title") + block("site-tagline"), "status": "publish",
        })
        parts["footer"] = s.post(f"/wp/v2/template-parts/{theme}//footer", {
            "content": paragraph("Edited footer.") + block("site-title"),
        })
    for kind, items in [("templates", made), ("template-parts", parts)]:
        for name, item in items.items():
            for n in range(1, 4):
                s.post(f"/wp/v2/{kind}/{item['id']}", {
                    "content": item["content"]["raw"] + paragraph(f"Revision {n} of {name}."),
                    "description": f"{name}, edited {n} times.",
                })
    for kind in ("templates", "template-parts"):
        if s.numeric_template_ids(kind):
            # The revisions exist (the updates above made them), but no request can read or add to them.
            s.skip(f"{kind} revisions and autosaves", f"{s.site.version} routes them by post id and then looks"
                   " that id up as a theme//slug id: every request is 404 rest_template_not_found")
    s.summary["templates"] = {name: t["id"] for name, t in made.items()}
    s.summary["template_parts"] = {name: t["id"] for name, t in parts.items()}
    return {"templates": made, "template-parts": parts}


def seed_global_styles(s, theme):
    links = s.get(f"/wp/v2/themes/{theme}")["_links"]
    if "wp:user-global-styles" not in links:
        s.skip("global styles", "the active theme has no user global styles link")
        return None
    ident = links["wp:user-global-styles"][0]["href"].rstrip("/").rsplit("/", 1)[1]
    for n, (background, ink) in enumerate([("#fafaf5", "#222222"), ("#fffdf0", "#1a1a1a"), ("#f5f9ff", "#111133")]):
        s.post(f"/wp/v2/global-styles/{ident}", {
            "styles": {"color": {"background": background, "text": ink},
                       "typography": {"lineHeight": f"1.{5 + n}"},
                       "elements": {"link": {"color": {"text": "#cc3300"}}}},
            "settings": {"color": {"palette": {"custom": [
                {"slug": "seed-red", "color": "#cc3300", "name": "Seed red"},
                {"slug": "seed-cream", "color": background, "name": "Seed cream"},
            ]}}},
        })
    s.summary["global_styles"] = int(ident) if ident.isdigit() else ident
    if not s.has("/wp/v2/global-styles/{parent}/revisions"):
        s.skip("global styles revisions", f"no revisions route on {s.site.version}")
    return ident


# ---------------------------------------------------------------- posts and pages

def text(*sentences):
    return "".join(paragraph(x) for x in sentences)


def published_maker(s, route, ids, author):
    """A function creating one item on `route` under a key, published by `author` unless the body says
    otherwise, and keeping its id in `ids`."""

    def make(key, **body):
        body.setdefault("status", "publish")
        body.setdefault("author", author)
        ids[key] = s.post(route, body)["id"]
        return ids[key]

    return make


def seed_posts(s, users, cats, tags, media, templates):
    footnotes = "footnotes" in s.meta_keys("/wp/v2/posts")
    posts = {}
    make = published_maker(s, "/wp/v2/posts", posts, users["admin"])

    soup = dict(
        title="Leek soup", excerpt="A <em>quick</em> soup.", author=users["author1"], date="2024-05-06T07:08:09",
        content=text("Leeks, potatoes, stock.", "Simmer for twenty minutes."), categories=[cats["soups"]],
        tags=[tags["quick"], tags["vegan"]], sticky=True, featured_media=media["photo"],
        comment_status="open", ping_status="closed",
    )
    if footnotes:
        soup["meta"] = {"footnotes": json.dumps([{"content": "Or water.", "id": "f00d-1"}])}
    make("leek-soup", **soup)
    gazpacho = dict(title="Gazpacho", format="aside", date="2024-05-07T08:00:00", categories=[cats["cold-soups"]],
                    tags=[tags["vegan"]], content=text("Tomatoes and cucumber, blended cold."), excerpt="Cold soup.")
    if "wide-page" in templates.get("templates", {}):
        gazpacho["template"] = "wide-page"
    make("gazpacho", **gazpacho)
    make("harbour-photo", title="Harbour photo", format="image", date="2024-05-08T09:00:00",
         featured_media=media["bowl"], categories=[cats["travel"]], sticky=True,
         content=block("image", f'<figure class="wp-block-image"><img src="" alt="" class="wp-image-{media["photo"]}"/>'
                                "</figure>", {"id": media["photo"]}))
    make("gallery", title="Soup gallery", format="gallery", date="2024-05-09T10:00:00", categories=[cats["soups"]],
         content=block("gallery", '<figure class="wp-block-gallery">' + "".join(
             block("image", f'<figure class="wp-block-image"><img class="wp-image-{m}"/></figure>', {"id": m})
             for m in (media["photo"], media["bowl"])) + "</figure>", {"linkTo": "none"}))
    make("podcast", title="Kitchen sounds", format="audio", date="2024-05-10T11:00:00",
         content=block("audio", '<figure class="wp-block-audio"><audio controls></audio></figure>',
                       {"id": media["sound"]}))
    make("quote", title="A quote", format="quote", date="2024-05-11T12:00:00",
         content=block("quote", '<blockquote class="wp-block-quote">' + paragraph("Soup is a hug.") + "</blockquote>"))
    make("link", title="A link", format="link", date="2024-05-12T13:00:00",
         content=paragraph('<a href="https://example.com/soup">Soup elsewhere</a>'))
    make("status", title="Status", format="status", date="2024-05-13T14:00:00", content=text("Stock is simmering."))
    make("chat", title="Chat", format="chat", date="2024-05-14T15:00:00", content=text("A: Salt? B: More."))
    make("video", title="Video", format="video", date="2024-05-15T16:00:00", content=text("No video yet."))
    make("secret", title="Secret recipe", password="soup", date="2024-05-16T17:00:00",
         content=text("Only with the password."), excerpt="Locked away.")
    make("scheduled", title="Spring menu", status="future", date="2099-03-01T09:00:00", content=text("Asparagus soup."))
    make("draft", title="Draft notes", status="draft", content=text("Half an idea about soup."))
    make("draft-by-author", title="Author's draft", status="draft", author=users["author1"], content=text("Barley?"))
    make("pending", title="Pending review", status="pending", author=users["contributor1"],
         content=text("A contributor's soup."), date="2024-05-17T18:00:00")
    make("private", title="Private diary", status="private", content=text("Nobody reads this."),
         date="2024-05-18T19:00:00")
    make("closed", title="Closed thread", date="2024-05-19T20:00:00", content=text("Comments were closed later."),
         categories=[cats["recipes"]], tags=[tags["winter"]])
    make("trashed", title="Old announcement", date="2024-01-02T03:04:05", content=text("Out of date."))
    s.summary["posts"] = posts
    return posts


def seed_pages(s, users, media, templates):
    pages = {}
    make = published_maker(s, "/wp/v2/pages", pages, users["admin"])

    make("home", title="Home", content=text("Welcome to the seed kitchen."), menu_order=0, date="2024-04-01T08:00:00")
    make("blog", title="Blog", content="", menu_order=5, date="2024-04-01T08:01:00")
    make("about", title="About", content=text("Who cooks here."), menu_order=1, featured_media=media["bowl"],
         excerpt="About us.", date="2024-04-02T08:00:00")
    make("team", title="Team", parent=pages["about"], menu_order=1, content=text("The cooks."),
         date="2024-04-03T08:00:00")
    make("alumni", title="Alumni", parent=pages["team"], menu_order=2, content=text("Cooks who left."),
         date="2024-04-04T08:00:00", author=users["editor1"])
    contact = dict(title="Contact", menu_order=3, content=text("Write to us."), comment_status="closed",
                   date="2024-04-05T08:00:00")
    if "wide-page" in templates.get("templates", {}):
        contact["template"] = "wide-page"
    make("contact", **contact)
    make("private", title="Staff only", status="private", content=text("Rota."), date="2024-04-06T08:00:00")
    make("draft", title="Draft page", status="draft", content=text("Not yet."))
    make("protected", title="Recipes vault", password="soup", content=text("Behind a password."),
         date="2024-04-07T08:00:00")
    make("trashed", title="Old page", content=text("Gone."), date="2024-04-08T08:00:00")
    s.summary["pages"] = pages
    return pages


def revise(s, route, ident, changes):
    """Updates an item once per change, each update leaving a revision."""
    for change in changes:
        s.post(f"{route}/{ident}", change)


def seed_revisions(s, posts, pages):
    revise(s, "/wp/v2/posts", posts["leek-soup"], [
        {"title": "Leek soup (v2)", "content": text("Leeks, potatoes, stock.", "Simmer for 25 minutes.")},
        {"excerpt": "A quick, green soup.", "content": text("Leeks, potatoes, stock, pepper.")},
        {"title": "Leek and potato soup"},
    ])
    revise(s, "/wp/v2/posts", posts["gazpacho"], [{"content": text("Tomatoes, cucumber, garlic.")}])
    revise(s, "/wp/v2/pages", pages["about"], [
        {"content": text("Who cooks here, and why.")},
        {"title": "About us", "content": text("Who cooks here, and why, and when.")},
    ])


def seed_autosaves(s, posts, pages, blocks, navigation, templates):
    """Autosaves by admin: of a published item (or someone else's draft) WordPress keeps a separate revision."""
    made = {}
    items = [("posts", posts["leek-soup"]), ("posts", posts["draft-by-author"]), ("pages", pages["about"])]
    items += [("blocks", b) for b in list(blocks.values())[:1]]
    items += [("navigation", n) for n in list(navigation.values())[:1]]
    for kind, ident in items:
        if not s.require(f"/wp/v2/{kind}/{{id}}/autosaves", f"{kind} autosaves"):
            continue
        body = {"title": f"Autosaved {kind} {ident}", "content": text(f"Autosaved content of {kind} {ident}.")}
        if kind in ("posts", "pages"):
            body["excerpt"] = "Autosaved excerpt."
        made.setdefault(kind, {})[ident] = s.post(f"/wp/v2/{kind}/{ident}/autosaves", body)["id"]
    for kind, items in templates.items():
        if not s.require(f"/wp/v2/{kind}/{{id}}/autosaves", f"{kind} autosaves") or s.numeric_template_ids(kind):
            continue
        for template in items.values():
            autosave = s.post(f"/wp/v2/{kind}/{template['id']}/autosaves", {
                "content": template["content"]["raw"] + paragraph("Autosaved."),
            })
            # An autosave answers with its template's theme//slug id; its own (revision) id is wp_id.
            made.setdefault(kind, {})[template["id"]] = autosave["wp_id"]
    s.summary.setdefault("autosaves", {}).update(made)


def trash(s, posts, pages):
    s.call("DELETE", f"/wp/v2/posts/{posts['trashed']}")
    s.call("DELETE", f"/wp/v2/pages/{pages['trashed']}")


# ---------------------------------------------------------------- comments

def seed_comments(s, users, posts, media):
    comments = {}

    def make(key, **body):
        comments[key] = s.post("/wp/v2/comments", body)["id"]
        return comments[key]

    soup = posts["leek-soup"]
    make("admin", post=soup, author=users["admin"], content="Add <strong>pepper</strong>.",
         date="2024-05-07T08:00:00")
    make("guest-reply", post=soup, parent=comments["admin"], author_name="Guest Cook",
         author_email="guest@example.com", author_url="https://guest.example", content="Thanks!",
         date="2024-05-08T09:00:00")
    make("author-reply", post=soup, parent=comments["guest-reply"], author=users["author1"],
         content="Glad you liked it.", date="2024-05-08T10:00:00")
    make("held", post=soup, author_name="Unsure", author_email="unsure@example.com", content="Is this approved?",
         date="2024-05-09T10:00:00")
    make("held-reply", post=soup, parent=comments["admin"], author_name="Late", author_email="late@example.com",
         content="Waiting for approval too.", date="2024-05-09T11:00:00")
    make("spam", post=soup, author_name="Cheap pills", author_email="spam@example.com",
         author_url="https://spam.example", content="Buy now!", date="2024-05-10T10:00:00")
    make("spam-reply", post=soup, parent=comments["admin"], author_name="More spam", author_email="spam2@example.com",
         content="Cheap soup!", date="2024-05-10T11:00:00")
    make("trashed", post=soup, author_name="Regret", author_email="regret@example.com", content="Never mind.",
         date="2024-05-11T10:00:00")
    make("trashed-reply", post=soup, parent=comments["admin"], author_name="Oops", author_email="oops@example.com",
         content="Wrong post.", date="2024-05-11T11:00:00")
    make("gazpacho", post=posts["gazpacho"], author=users["editor1"], content="Perfect in August.",
         date="2024-05-12T10:00:00")
    make("closed-before", post=posts["closed"], author=users["subscriber1"], content="First!",
         date="2024-05-19T21:00:00")
    make("attachment", post=media["photo"], author=users["admin"], content="Lovely light.",
         date="2024-05-13T10:00:00")
    make("attachment-reply", post=media["photo"], parent=comments["attachment"], author_name="Guest Cook",
         author_email="guest@example.com", content="Where is this?", date="2024-05-13T11:00:00")
    for key in ("held", "held-reply"):
        s.post(f"/wp/v2/comments/{comments[key]}", {"status": "hold"})
    for key in ("spam", "spam-reply"):
        s.post(f"/wp/v2/comments/{comments[key]}", {"status": "spam"})
    for key in ("trashed", "trashed-reply"):
        s.call("DELETE", f"/wp/v2/comments/{comments[key]}")
    s.post(f"/wp/v2/posts/{posts['closed']}", {"comment_status": "closed", "ping_status": "closed"})
    seed_notes(s, comments, soup)
    s.summary["comments"] = comments
    return comments


def seed_notes(s, comments, post):
    """Block notes (comments of type `note`, 6.9) with a reply and a resolution."""
    if "_wp_note_status" not in s.meta_keys("/wp/v2/comments"):
        s.skip("notes", f"no note comments on {s.site.version}")
        return
    note = s.post("/wp/v2/comments", {"post": post, "type": "note", "content": "Check the salt.",
                                      "date": "2024-05-14T10:00:00"})["id"]
    comments["note"] = note
    comments["note-reply"] = s.post("/wp/v2/comments", {
        "post": post, "type": "note", "parent": note, "content": "Salt checked.", "date": "2024-05-14T11:00:00"})["id"]
    comments["note-resolved"] = s.post("/wp/v2/comments", {
        "post": post, "type": "note", "parent": note, "content": "", "meta": {"_wp_note_status": "resolved"},
        "date": "2024-05-14T12:00:00"})["id"]


# ---------------------------------------------------------------- reusable blocks and navigation

def seed_blocks(s, pattern_cats):
    blocks = {}
    fields = s.fields("/wp/v2/blocks")
    # A synced pattern has no wp_pattern_sync_status at all; the meta only ever says "unsynced" (or "partial").
    synced_meta = "wp_pattern_sync_status" in s.meta_keys("/wp/v2/blocks")
    if not synced_meta:
        s.skip("wp_pattern_sync_status", f"no such block meta on {s.site.version}")
    specs = [
        ("signature", {"title": "Signature", "content": paragraph("— The seed kitchen team")}, None, []),
        ("hero", {"title": "Hero banner", "content": block("heading", "<h2 class=\"wp-block-heading\">Soup!</h2>")
                  + paragraph("Every day.")}, "unsynced", ["hero-sections"]),
        ("cta", {"title": "Call to action", "content": block("buttons", '<div class="wp-block-buttons">' + block(
            "button", '<div class="wp-block-button"><a class="wp-block-button__link">Order</a></div>') + "</div>")},
         None, ["calls-to-action"]),
        ("draft", {"title": "Unfinished pattern", "content": paragraph("Later."), "status": "draft"}, None, []),
    ]
    for key, body, sync, cats in specs:
        body.setdefault("status", "publish")
        if synced_meta and sync is not None:
            body["meta"] = {"wp_pattern_sync_status": sync}
        if "wp_pattern_category" in fields and cats:
            body["wp_pattern_category"] = [pattern_cats[c] for c in cats if c in pattern_cats]
        blocks[key] = s.post("/wp/v2/blocks", body)["id"]
    revise(s, "/wp/v2/blocks", blocks["signature"], [
        {"content": paragraph("— The seed kitchen team, with love")},
        {"title": "Signature line", "content": paragraph("— The whole seed kitchen team")},
    ])
    s.summary["blocks"] = blocks
    return blocks


def nav_link(label, kind, type_, ident=None, url=None):
    attrs = {"label": label, "type": type_, "kind": kind}
    if ident:
        attrs["id"] = ident
    if url:
        attrs["url"] = url
    return block("navigation-link", attrs=attrs)


def seed_navigation(s, posts, pages, cats):
    if not s.require("/wp/v2/navigation", "navigation"):
        return {}
    base = s.site.base
    content = (
        nav_link("About", "post-type", "page", pages["about"], f"{base}/about/")
        + block("navigation-submenu", nav_link("Team", "post-type", "page", pages["team"], f"{base}/about/team/"),
                {"label": "More", "type": "page", "id": pages["contact"], "kind": "post-type"})
        + nav_link("Recipes", "taxonomy", "category", cats["recipes"], f"{base}/category/recipes/")
        + nav_link("Leek soup", "post-type", "post", posts["leek-soup"], f"{base}/leek-soup/")
        + nav_link("Example", "custom", "custom", url="https://example.com/")
    )
    footer = nav_link("Contact", "post-type", "page", pages["contact"])
    navigation = {
        key: s.post("/wp/v2/navigation", {"title": title, "content": markup, "status": "publish"})["id"]
        for key, title, markup in [("header", "Header navigation", content), ("footer", "Footer navigation", footer)]
    }
    revise(s, "/wp/v2/navigation", navigation["header"], [
        {"content": content + nav_link("Blog", "post-type", "page", pages["blog"])},
        {"title": "Main navigation", "content": content + nav_link("Blog", "post-type", "page", pages["blog"])},
    ])
    s.summary["navigation"] = navigation
    return navigation


# ---------------------------------------------------------------- classic menus

def seed_menus(s, posts, pages, cats, tags):
    if not s.require("/wp/v2/menus", "menus"):
        return
    main = s.post("/wp/v2/menus", {"name": "Main menu", "description": "Top of every page.", "auto_add": True})["id"]
    footer = s.post("/wp/v2/menus", {"name": "Footer menu", "description": "Small print."})["id"]
    items = {}

    def item(key, **body):
        body.setdefault("status", "publish")
        items[key] = s.post("/wp/v2/menu-items", body)["id"]

    item("custom", menus=main, type="custom", title="Example", url="https://example.com/", target="_blank",
         attr_title="Opens example.com", classes=["external", "highlight"], xfn=["nofollow", "external"],
         description="A link out of the site.", menu_order=1)
    item("post", menus=main, type="post_type", object="post", object_id=posts["leek-soup"], menu_order=2)
    item("page", menus=main, type="post_type", object="page", object_id=pages["about"], menu_order=3,
         title="About us")
    item("child-page", menus=main, type="post_type", object="page", object_id=pages["team"], parent=items["page"],
         menu_order=4)
    item("category", menus=main, type="taxonomy", object="category", object_id=cats["recipes"], menu_order=5)
    item("tag", menus=main, type="taxonomy", object="post_tag", object_id=tags["quick"], menu_order=6)
    item("archive", menus=main, type="post_type_archive", object="post", title="All posts", menu_order=7)
    item("draft", menus=main, type="custom", title="Coming soon", url="https://example.com/soon", status="draft",
         menu_order=8)
    item("footer-contact", menus=footer, type="post_type", object="page", object_id=pages["contact"], menu_order=1)
    item("footer-custom", menus=footer, type="custom", title="Imprint", url="https://example.com/imprint",
         menu_order=2)
    s.summary["menus"] = {"main-menu": main, "footer-menu": footer}
    s.summary["menu_items"] = items
    if s.require("/wp/v2/menu-items/{id}/autosaves", "menu item autosaves"):
        ident = s.post(f"/wp/v2/menu-items/{items['custom']}/autosaves", {"title": "Example (autosaved)"})["id"]
        s.summary.setdefault("autosaves", {})["menu-items"] = {items["custom"]: ident}


# ---------------------------------------------------------------- fonts

def seed_fonts(s, block_theme):
    if not s.require("/wp/v2/font-families", "font families"):
        return
    fonts = theme_fonts(s, block_theme)
    if not fonts:
        s.skip("font faces", f"{block_theme} has no woff2 files to point at")
        return
    preview = f"{s.site.base}/wp-content/themes/{block_theme}/screenshot.png"
    families = {}
    faces = {}
    family = s.post("/wp/v2/font-families", {"font_family_settings": json.dumps({
        "name": "Seed Sans", "slug": "seed-sans", "fontFamily": "\"Seed Sans\", sans-serif", "preview": preview})})
    families["seed-sans"] = family["id"]
    route = f"/wp/v2/font-families/{family['id']}/font-faces"
    # fontWeight is ["string", "integer"]: the regular face is sent an integer, the others strings.
    for key, style, weight, extra in [
        ("regular", "normal", 400, {}),
        ("italic", "italic", "400", {"fontDisplay": "swap", "unicodeRange": "U+0000-00FF, U+0131"}),
        ("bold", "normal", "700", {
            "fontDisplay": "block", "fontStretch": "normal", "ascentOverride": "90%", "descentOverride": "20%",
            "lineGapOverride": "0%", "sizeAdjust": "105%", "fontVariant": "small-caps",
            "fontFeatureSettings": "\"liga\" 1", "fontVariationSettings": "\"wght\" 700", "preview": preview}),
        ("variable", "normal", "100 900", {"fontDisplay": "optional"}),
    ]:
        settings = {"fontFamily": "Seed Sans", "fontStyle": style, "fontWeight": weight,
                    "src": fonts[len(faces) % len(fonts)][1], **extra}
        faces[key] = s.post(route, {"font_face_settings": json.dumps(settings)})["id"]
    # One face with its file uploaded, so that src points into wp-content/uploads/fonts.
    try:
        faces["uploaded"] = s.multipart(route, {"font_face_settings": json.dumps({
            "fontFamily": "Seed Sans", "fontStyle": "oblique", "fontWeight": "300", "src": "file-0"})},
            [("file-0", "seed-sans-light.woff2", "font/woff2", read(fonts[0][0]))])["id"]
    except Failed as e:
        s.skip("uploaded font face", str(e)[:200])
    mono = s.post("/wp/v2/font-families", {"font_family_settings": json.dumps({
        "name": "Seed Mono", "slug": "seed-mono", "fontFamily": "\"Seed Mono\", monospace"})})
    families["seed-mono"] = mono["id"]
    faces["mono"] = s.post(f"/wp/v2/font-families/{mono['id']}/font-faces", {"font_face_settings": json.dumps({
        "fontFamily": "Seed Mono", "src": [fonts[-1][1]]})})["id"]
    s.summary["font_families"] = families
    s.summary["font_faces"] = faces


# ---------------------------------------------------------------- settings

def seed_settings(s, media, pages):
    known = s.get("/wp/v2/settings")
    wanted = {
        "title": "Seed Kitchen", "description": "Recipes, travel and notes",
        "show_on_front": "page", "page_on_front": pages["home"], "page_for_posts": pages["blog"],
        "site_logo": media["bowl"], "site_icon": media["icon"],
    }
    body = {k: v for k, v in wanted.items() if k in known}
    for k in sorted(set(wanted) - set(body)):
        s.skip(f"setting {k}", f"not in /wp/v2/settings on {s.site.version}")
    s.summary["settings"] = s.post("/wp/v2/settings", body)


# ---------------------------------------------------------------- classic theme: locations and widgets

WIDGETS = [
    ("block", {"content": block("paragraph", f"<p>{WIDGET_MARK} kitchen: recipes and travel notes.</p>")}),
    ("block", {"content": block("group", '<div class="wp-block-group">' + block(
        "heading", f'<h2 class="wp-block-heading">{WIDGET_MARK} latest posts</h2>') + block(
        "latest-posts", attrs={"postsToShow": 3}) + "</div>")}),
    ("text", {"title": f"{WIDGET_MARK} text", "text": "<p>Hello from a <em>text</em> widget.</p>", "filter": True,
              "visual": True}),
    ("archives", {"title": f"{WIDGET_MARK} archives", "count": 1, "dropdown": 0}),
    ("categories", {"title": f"{WIDGET_MARK} categories", "count": 1, "hierarchical": 1, "dropdown": 0}),
    ("recent-posts", {"title": f"{WIDGET_MARK} recent posts", "number": 3, "show_date": True}),
    ("recent-comments", {"title": f"{WIDGET_MARK} recent comments", "number": 3}),
    ("custom_html", {"title": f"{WIDGET_MARK} HTML", "content": "<em>Custom</em> HTML"}),
    ("tag_cloud", {"title": f"{WIDGET_MARK} tags", "count": 1, "taxonomy": "post_tag"}),
    ("search", {"title": f"{WIDGET_MARK} search"}),
    ("meta", {"title": f"{WIDGET_MARK} meta"}),
    ("nav_menu", {"title": f"{WIDGET_MARK} menu"}),
]


def widget_marker(instance):
    return instance.get("title") or instance.get("content")


def activate_classic(s):
    """Switches to the classic theme and (re)places the menus and the seeded widgets; safe to run again."""
    switch_theme(s, CLASSIC_THEME)
    assign_menu_locations(s)
    place_widgets(s)


def assign_menu_locations(s):
    if not s.require("/wp/v2/menu-locations", "menu locations"):
        return
    locations = list(s.get("/wp/v2/menu-locations"))
    menus = {m["slug"]: m["id"] for m in s.get("/wp/v2/menus?per_page=100")}
    wanted = [m for m in ("main-menu", "footer-menu") if m in menus]
    if not locations or not wanted:
        s.skip("menu locations", f"locations {locations}, menus {sorted(menus)}")
        return
    # The first location gets the main menu, every other one the footer menu.
    assigned = {}
    for i, location in enumerate(locations):
        assigned.setdefault(wanted[min(i, len(wanted) - 1)], []).append(location)
    for slug, where in assigned.items():
        s.post(f"/wp/v2/menus/{menus[slug]}", {"locations": where})
    s.summary["menu_locations"] = {loc: slug for slug, where in assigned.items() for loc in where}


def place_widgets(s):
    if not s.require("/wp/v2/widgets", "widgets"):
        return
    # Sidebars of other themes stay listed as inactive (6.9); only the active theme's get widgets.
    sidebars = [b["id"] for b in s.get("/wp/v2/sidebars") if b["status"] == "active"]
    if not sidebars:
        s.skip("widgets", "the classic theme registers no sidebar")
        return
    types = {t["id"] for t in s.get("/wp/v2/widget-types")}
    menus = {m["slug"]: m["id"] for m in s.get("/wp/v2/menus?per_page=100")}
    existing = {}
    for w in s.get("/wp/v2/widgets?context=edit"):
        raw = (w.get("instance") or {}).get("raw") or {}
        mark = widget_marker(raw) if isinstance(raw, dict) else None
        if mark and WIDGET_MARK in mark:
            existing[(w["id_base"], mark)] = w["id"]
    placed = {sidebar: [] for sidebar in sidebars}
    for n, (id_base, instance) in enumerate(WIDGETS):
        if id_base not in types:
            s.skip(f"widget {id_base}", f"not registered on {s.site.version}")
            continue
        instance = dict(instance)
        if id_base == "nav_menu":
            instance["nav_menu"] = menus.get("main-menu", 0)
        key = (id_base, widget_marker(instance))
        sidebar = sidebars[n % len(sidebars)]
        if key not in existing:
            existing[key] = s.post("/wp/v2/widgets", {"id_base": id_base, "sidebar": sidebar,
                                                      "instance": {"raw": instance}})["id"]
        placed[sidebar].append(existing[key])
    # A theme switch moves widgets to the inactive ones; putting the lists back restores the classic layout.
    for sidebar, ids in placed.items():
        s.post(f"/wp/v2/sidebars/{sidebar}", {"widgets": ids})
    s.summary["widgets"] = placed


# ---------------------------------------------------------------- main

def find_docroot(env_path, args):
    """The WordPress tree: --docroot, or where start-wp.sh linked the instance's themes folder from."""
    if args.docroot:
        return args.docroot
    base = os.path.basename(env_path)
    # start-wp.sh writes /tmp/wp-oracle-<name>.env, and /tmp/wp-oracle.env for its default instance wp61.
    name = args.name or ("wp61" if base == "wp-oracle.env" else base[len("wp-oracle-"):-len(".env")])
    themes = os.path.join(args.data or os.environ.get("WP_DATA", "/var/lib/wp-oracle"), name, "wp-content", "themes")
    if not os.path.islink(themes):
        raise Failed(f"cannot find the WordPress tree: {themes} is not a link; pass --docroot")
    return os.path.dirname(os.path.dirname(os.readlink(themes)))


def seed_all(s, content_dir, final_theme):
    if s.get("/wp/v2/users?search=editor1&context=edit"):
        raise Failed("this site is seeded already: reset it (start-wp.sh --reset) or pass --only-theme")
    block_theme = find_themes(s)
    install_plugins(s, content_dir, block_theme)
    switch_theme(s, block_theme)
    users = seed_users(s)
    seed_application_passwords(s, users)
    cats, tags, pattern_cats = seed_terms(s)
    with tempfile.TemporaryDirectory() as tmp:
        media = seed_media(s, make_files(tmp))
    templates = seed_templates(s, block_theme)
    seed_global_styles(s, block_theme)
    posts = seed_posts(s, users, cats, tags, media, templates)
    pages = seed_pages(s, users, media, templates)
    attach_media(s, media, {"photo": posts["leek-soup"], "bowl": posts["harbour-photo"],
                            "sound": posts["podcast"], "notes": pages["about"]})
    seed_revisions(s, posts, pages)
    seed_comments(s, users, posts, media)
    blocks = seed_blocks(s, pattern_cats)
    navigation = seed_navigation(s, posts, pages, cats)
    seed_menus(s, posts, pages, cats, tags)
    seed_fonts(s, block_theme)
    seed_settings(s, media, pages)
    seed_autosaves(s, posts, pages, blocks, navigation, templates)
    trash(s, posts, pages)
    s.summary["search"] = SEARCH_WORDS
    # url-details fetches the URL from the server itself; a page of the site works without internet.
    s.summary["url_details"] = f"{s.site.base}/leek-soup/"
    activate_classic(s)
    if final_theme == "block":
        switch_theme(s, block_theme)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("env", nargs="?", default="/tmp/wp-oracle-wp69.env", help="env file written by start-wp.sh")
    parser.add_argument("--theme", choices=["block", "classic"], default="block", help="theme left active")
    parser.add_argument("--only-theme", action="store_true", help="only switch themes (site already seeded)")
    parser.add_argument("--docroot", help="WordPress tree (default: derived from the instance's content dir)")
    parser.add_argument("--content-dir", help="instance content dir (default: WP_CONTENT_DIR of the tree's config)")
    parser.add_argument("--name", help="instance name (default: from the env file's name)")
    parser.add_argument("--data", help="start-wp.sh's data dir (default: $WP_DATA or /var/lib/wp-oracle)")
    args = parser.parse_args()
    site = fixtures.Site(fixtures.read_env(args.env))
    s = Seeder(site, urllib.parse.urlsplit(site.base).netloc)

    def work():
        s.docroot = find_docroot(args.env, args)
        content_dir = args.content_dir or s.php("echo WP_CONTENT_DIR;").strip()
        if args.only_theme:
            block_theme = find_themes(s)
            if args.theme == "classic":
                activate_classic(s)
            else:
                switch_theme(s, block_theme)
        else:
            seed_all(s, content_dir, args.theme)

    s.run_and_report(work)


if __name__ == "__main__":
    main()
