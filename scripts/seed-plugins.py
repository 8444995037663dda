#!/usr/bin/env python3
"""Installs plugins into a running WordPress and gives each GET route of theirs content to show.

    python3 scripts/seed-plugins.py ENV_FILE [--simple-history DIR]

ENV_FILE is the file ../shared/wordpress/start-wp.sh writes (/tmp/wp-oracle-<name>.env, or
/tmp/wp-oracle.env for wp61). Works on WordPress 6.9.7 and on 6.1.9, for example:

    WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=/tmp/wp69 ../shared/wordpress/start-wp.sh --reset
    python3 scripts/seed-plugins.py /tmp/wp-oracle-wp69.env --simple-history /tmp/plugins-3p/simple-history

Always: the project's test plugin tests/plugins/wp-schema-test-plugin. Its folder is symlinked into the
instance's plugins folder and activated through POST /wp/v2/plugins/wp-schema-test-plugin/wp-schema-test-plugin;
then, as its README does with curl: a cover image (a 1x1 PNG), two genres (the second a child of the
first, term meta on the first only), a published book with every field and every meta key, an update of
it (a revision), an autosave of it by admin, a draft book that sets nothing, a second published book by
another user when there is one (start-wp.sh makes author1), and three notes (one with every property, one
with defaults only, one archived and not pinned). So /wp/v2/books, /wp/v2/books/<id>, its /revisions and
/autosaves, /wp/v2/genres(/<id>), /wpst/v1/notes and /wpst/v1/notes/<id> all have items.

With --simple-history DIR (a checkout of bonny/WordPress-Simple-History, tag 5.26.0, for example
`git --git-dir=/work/.mirror/bonny+WordPress-Simple-History/repo archive 5.26.0 | tar -x -C DIR`):
DIR is symlinked as plugins/simple-history and simple-history/index.php is activated the same way. The
plugin needs WordPress 6.3, so on older versions this part is skipped with a line on stderr. Then:
- logins through wp-login.php (admin and a second user, with an X-Forwarded-For header, so that the
  events' ip_addresses are filled), a wrong password and an unknown user name. The admin page the login
  lands on runs admin_init, where the plugin backfills events for the posts and users that existed
  before it (the `backfilled` property, /backfill-status);
- events through POST /simple-history/v1/events: one per level it accepts (emergency ... debug), each
  with a note, one with defaults only and one with an explicit date (two days ago: inside the 30 days of
  the /stats/* routes and of the plugin's retention);
- actions the plugin logs by itself: posts and a page created, published, edited, trashed and deleted;
  users created, updated and deleted; media uploaded, edited and deleted; a category and a menu created,
  edited and deleted; comments; the test plugin deactivated and activated again; an option changed
  through wp-admin's options.php (the plugin logs options only when they are saved there, not over REST);
  on 6.9, block notes (comments of type note) with a reply and a resolution (/stats/notes);
- one event made sticky, and a thumbs-up reaction to one. Reactions are an experimental feature of the
  plugin; its setting (the option simple_history_experimental_features_enabled, a checkbox on its
  settings page, not in /wp/v2/settings) is switched on with php-cli, as the `reactions` property is
  only written when it is on.
So /simple-history/v1/events (as admin), /events/<id>, /events/has-updates (with since_id), the /stats/*
routes (with include_details=true for their details), /search-options, /search-user?q=..., the user
and initiator cards and /support-info answer with content.

Run it twice on the same site and nothing fails: plugins already active are left alone, genres and
users that exist are reused (and updated), and the rest is created again (duplicates are fine). On
stdout a JSON summary: ids created per kind and the plugins activated; on stderr a line per step.

Prerequisites: a WordPress started by start-wp.sh (admin's application password and login password are
read from the env file), php-cli (to find the instance's content folder and tree, as seed-wordpress.py
does: `--docroot` and `--content-dir` override them). Standard library only. It reuses seed-wordpress.py
(imported as a module) for REST calls, php-cli and the tree's location.

Nothing is written into the repository: the test plugin's folder is only symlinked into the instance's
plugins folder (and the Simple History checkout likewise); everything else lives in the instance.
"""
import argparse
import base64
import datetime
import html.parser
import http.cookiejar
import importlib.util
import os
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# Loading the modules below would otherwise leave scripts/__pycache__ in the repository.
sys.dont_write_bytecode = True
# seed-wordpress.py has the Seeder (REST with the application password, the route index, php-cli) and
# find_docroot; its file name has a dash, so it is loaded by path.
_spec = importlib.util.spec_from_file_location("seed_wordpress", os.path.join(HERE, "seed-wordpress.py"))
seed = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(seed)
fixtures = seed.fixtures
Failed = seed.Failed
say = seed.say

TEST_PLUGIN_DIR = os.path.join(ROOT, "tests", "plugins", "wp-schema-test-plugin")
TEST_PLUGIN = "wp-schema-test-plugin/wp-schema-test-plugin"
SIMPLE_HISTORY = "simple-history/index"
# The README's cover: a 1x1 PNG.
COVER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
# Every level POST /simple-history/v1/events accepts (its `level` enum).
LEVELS = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"]
# A documentation address (RFC 5737): the plugin keeps it, anonymised, as an extra IP header.
FORWARDED_FOR = "203.0.113.7"
HISTORIAN = "historian1"


# ---------------------------------------------------------------- plugins

def plugins_dir(s, args):
    content_dir = args.content_dir or s.php("echo WP_CONTENT_DIR;").strip()
    return os.path.join(content_dir, "plugins")


def link_plugin(folder, source, name):
    """Symlinks source as folder/name; a link elsewhere is replaced, a real folder is an error."""
    target = os.path.join(folder, name)
    if os.path.islink(target):
        if os.path.realpath(target) == os.path.realpath(source):
            return
        os.unlink(target)
    elif os.path.exists(target):
        raise Failed(f"{target} exists and is not a symlink: remove it first")
    os.symlink(source, target)
    say(f"linked {target} -> {source}")


def activate(s, plugin):
    """Activates a plugin (REST id `folder/file` without .php) unless it is active already."""
    found = s.get(f"/wp/v2/plugins/{plugin}?context=edit")
    if found["status"] == "active":
        say(f"{plugin} is active already")
        s.summary["plugins"][plugin] = "already active"
        return
    s.post(f"/wp/v2/plugins/{plugin}", {"status": "active"})
    s.summary["plugins"][plugin] = "activated"
    say(f"activated {plugin}")
    refresh_routes(s)


def refresh_routes(s):
    """The Seeder reads the route index once; a plugin just activated adds routes to it."""
    s.raw_routes = set(s.call("GET", "/", auth=False)["routes"])
    s.routes = {seed.route_key(r) for r in s.raw_routes}


def upload_png(s, filename, content=COVER_PNG):
    """A raw-body upload, as the README's curl does."""
    headers = {"Content-Type": "image/png", "Content-Disposition": f'attachment; filename="{filename}"'}
    return s.call("POST", "/wp/v2/media", headers=headers, data=content)["id"]


def me(s):
    return s.get("/wp/v2/users/me")["id"]


def term(s, route, body):
    """Creates a term, or reuses (and updates) the one of that name and parent a previous run made."""
    made = s.call("POST", route, body, expect=(201, 400))
    if made.get("code") != "term_exists":
        if "id" not in made:
            raise Failed(f"POST {route} -> {made}")
        return made["id"]
    ident = made["data"]["term_id"]
    s.post(f"{route}/{ident}", body)
    return ident


# ---------------------------------------------------------------- the test plugin

def seed_test_plugin(s, folder):
    link_plugin(folder, TEST_PLUGIN_DIR, "wp-schema-test-plugin")
    activate(s, TEST_PLUGIN)
    made = s.summary["wp-schema-test-plugin"] = {}
    say("test plugin: cover, genres, books, revision, autosave, notes")
    made["media"] = {"cover": upload_png(s, "wpst-cover.png")}
    made["genres"] = seed_genres(s)
    made["books"] = seed_books(s, made["media"]["cover"], made["genres"])
    main = made["books"]["published"]
    made["revisions"] = {main: [r["id"] for r in s.get(f"/wp/v2/books/{main}/revisions")]}
    made["autosaves"] = {main: seed_book_autosave(s, main)}
    made["notes"] = seed_notes(s)


def seed_genres(s):
    """Two genres, the second a child of the first; term meta on the first only (the second shows null)."""
    genres = {}
    genres["science-fiction"] = term(s, "/wp/v2/genres", {
        "name": "Science fiction", "description": "Stories of other worlds.", "meta": {"wpst_color": "#3366ff"}})
    genres["space-opera"] = term(s, "/wp/v2/genres", {"name": "Space opera", "parent": genres["science-fiction"]})
    return genres


def seed_books(s, cover, genres):
    books = {}
    books["published"] = s.post("/wp/v2/books", {
        "title": "The Dispossessed", "status": "publish", "author": me(s), "featured_media": cover,
        "genres": [genres["science-fiction"], genres["space-opera"]],
        "content": "<p>An ambiguous utopia, told in two alternating timelines.</p>",
        "excerpt": "Shevek crosses the wall.",
        "meta": {
            "wpst_isbn": "978-0-06-051275-3", "wpst_edition": 3,
            "wpst_dimensions": {"width_mm": 106, "height_mm": 174, "binding": "paperback"},
            "wpst_translators": ["Ana Lopes", "Jin Park"], "wpst_awards": ["Hugo", "Nebula", "Locus"],
        },
        "wpst_reception": {"average": 4.6, "votes": 1200,
                           "source": {"name": "Readers' poll", "url": "https://example.com/polls/dispossessed"}},
    })["id"]
    # An update leaves a revision, and merges a partial wpst_reception into the stored one.
    s.post(f"/wp/v2/books/{books['published']}", {
        "content": "<p>An ambiguous utopia; revised.</p>", "wpst_reception": {"votes": 1201}})
    # Sets nothing: the defaults (wpst_edition 1, wpst_dimensions [], reception zeros and a null url).
    books["draft"] = s.post("/wp/v2/books", {"title": "Untitled draft"})["id"]
    other = other_author(s)
    if other is None:
        s.skip("second book", "no user other than admin can write books")
    else:
        books["by-other-user"] = s.post("/wp/v2/books", {
            "title": "Solaris", "status": "publish", "author": other, "genres": [genres["science-fiction"]],
            "content": "<p>A sentient ocean.</p>", "excerpt": "Kelvin arrives at the station.",
            "meta": {"wpst_isbn": "978-0-15-602760-1", "wpst_translators": ["Joanna Kilmartin", "Steve Cox"],
                     "wpst_awards": ["Nominated"]},
            "wpst_reception": {"average": 4, "votes": 310, "source": {"name": "Book club"}},
        })["id"]
    return books


def other_author(s):
    """The first user other than admin whose role may publish (start-wp.sh makes author1)."""
    mine = me(s)
    for user in s.get("/wp/v2/users?context=edit&per_page=100&orderby=id"):
        if user["id"] != mine and {"author", "editor", "administrator"} & set(user.get("roles", [])):
            return user["id"]
    return None


def seed_book_autosave(s, book):
    """Of a published book WordPress keeps the autosave as a revision of its own (not an update)."""
    return s.post(f"/wp/v2/books/{book}/autosaves", {
        "title": "The Dispossessed (autosaved)", "content": "<p>An ambiguous utopia; autosaved.</p>",
        "excerpt": "Shevek crosses the wall, again."})["id"]


def seed_notes(s):
    notes = {}
    # Every writable property; `archived` as the string "true", which the controller converts itself.
    notes["full"] = s.post("/wpst/v1/notes", {
        "title": "Buy milk", "content": "Two litres, semi-skimmed.", "status": "open", "pinned": True,
        "priority": 3, "payload": {"list": ["milk", 2, None], "shop": {"name": "corner"}}, "archived": "true",
        "extra": {"source": "seed-plugins.py"}, "labels": {"colour": "red", "area": "home"}})["id"]
    # Only what is required: labels [], extra {}, payload null.
    notes["defaults"] = s.post("/wpst/v1/notes", {"title": "Call the library", "status": "done"})["id"]
    # Archived but not pinned, with a scalar payload: ?pinned= and ?archived= each pick a different set.
    notes["archived"] = s.post("/wpst/v1/notes", {
        "title": "Return the drill", "content": "Borrowed in March.", "status": "done", "pinned": False,
        "priority": 1, "payload": "drill", "archived": "1", "labels": {"area": "garage"}})["id"]
    return notes


# ---------------------------------------------------------------- a browser session (wp-login.php, wp-admin)

class Browser:
    """Cookie login through wp-login.php, for what the plugin logs only from there or from wp-admin."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        # wp-login.php refuses a login without the cookie its login form sets first.
        self.jar.set_cookie(http.cookiejar.Cookie(
            0, "wordpress_test_cookie", "WP%20Cookie%20check", None, False, urllib.parse.urlsplit(base).hostname,
            False, False, "/", True, False, None, True, None, None, {}))

    def open(self, path, fields=None, headers=None):
        """GET, or POST when there are fields (a dict, or pairs: repeated names go as a browser sends them)."""
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(req) as resp:
                return resp.status, resp.read().decode(errors="replace")
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode(errors="replace")

    def login(self, user, password, forwarded_for=None):
        """True when WordPress set its logged-in cookie; the redirect lands on /wp-admin/ (admin_init runs)."""
        headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        self.open("/wp-login.php", {"log": user, "pwd": password, "wp-submit": "Log In", "testcookie": "1",
                                    "redirect_to": self.base + "/wp-admin/"}, headers)
        return any(c.name.startswith("wordpress_logged_in_") for c in self.jar)

    def form(self, path, action):
        """The fields a browser would send with the first form of the page whose action contains `action`."""
        status, page = self.open(path)
        parser = FormParser(action)
        parser.feed(page)
        if status != 200 or parser.fields is None:
            raise Failed(f"no form posting to {action} on {path} (HTTP {status})")
        return parser.fields


class FormParser(html.parser.HTMLParser):
    """Collects a form's successful controls: enabled inputs (checked ones only for checkboxes and
    radios, no buttons), the selected option of each select (else its first), textareas."""

    def __init__(self, action):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.fields = None
        self.inside = False
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.fields is None and self.action in (a.get("action") or ""):
            self.inside, self.fields = True, []
        if not self.inside or "disabled" in a:
            return
        if tag == "option" and self.select is not None:
            if self.option is not None:
                self.end_option()
            # An option without a value attribute submits its text (user-edit's display_name does that).
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif not a.get("name"):
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select":
            self.select = {"name": a["name"], "first": None, "chosen": None}
        elif tag == "textarea":
            self.textarea = [a["name"], ""]

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("option", "select") and self.option is not None:
            self.end_option()
        if tag == "select" and self.select is not None:
            chosen = self.select["chosen"] if self.select["chosen"] is not None else self.select["first"]
            if chosen is not None:
                self.fields.append((self.select["name"], chosen))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data
        if self.option is not None:
            self.option["text"] += data

    def end_option(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        if self.select["first"] is None:
            self.select["first"] = value
        if option["selected"] and self.select["chosen"] is None:
            self.select["chosen"] = value


def replace_fields(fields, **changes):
    return [(name, changes[name] if name in changes else value) for name, value in fields]


# ---------------------------------------------------------------- Simple History

def seed_simple_history(s, folder, source, env):
    if version_tuple(s.site.version) < (6, 3):
        s.skip("simple-history", f"it needs WordPress 6.3 or later, this is {s.site.version}")
        return
    if not os.path.isfile(os.path.join(source, "index.php")):
        raise Failed(f"{source} has no index.php: not a Simple History checkout")
    link_plugin(folder, os.path.abspath(source), "simple-history")
    activate(s, SIMPLE_HISTORY)
    made = s.summary["simple-history"] = {}
    # First, so that the backfill (on the first admin_init after activation) finds only older content.
    made["logins"] = seed_logins(s, env)
    made["backfill"] = s.get("/simple-history/v1/backfill-status")
    since = newest_event(s)
    say("posts, users, media, a category, a menu, comments, notes and a plugin toggle over REST")
    made["posts"], post = seed_logged_posts(s)
    made["users"] = seed_logged_users(s)
    made["media"] = seed_logged_media(s)
    made["categories"] = seed_logged_category(s)
    made["menus"] = seed_logged_menu(s)
    made["comments"] = seed_logged_comments(s, post)
    made["note_comments"] = seed_logged_notes(s, post)
    made["plugins_toggled"] = seed_logged_plugin_toggle(s)
    browser = admin_browser(s, env)
    made["options"] = seed_logged_option(s, browser)
    made["profile_updates"] = seed_logged_profile(s, browser, made["users"]["historian"])
    made["events"] = seed_custom_events(s, since)
    made["sticky"] = s.post(f"/simple-history/v1/events/{made['events']['emergency']}/stick", {})["id"]
    made["reactions"] = seed_reaction(s, made["events"]["warning"])
    made["events_logged_this_run"] = len(events_since(s, since))


def version_tuple(version):
    return tuple(int(part) for part in re.findall(r"\d+", version)[:2])


def events_since(s, since, extra=""):
    return s.get(f"/simple-history/v1/events?ungrouped=true&per_page=100&since_id={since}{extra}")


def newest_event(s):
    """The highest event id so far (events are listed by date, so an event with an older date may hide it)."""
    events = s.get("/simple-history/v1/events?ungrouped=true&per_page=100")
    return max((e["id"] for e in events), default=0)


def seed_logins(s, env):
    """Successful logins of two users and two failed ones, each through wp-login.php as a browser does."""
    say("logging in through wp-login.php (and failing twice)")
    password = env.get("WP_LOGIN_PASSWORD", "password")
    historian = ensure_historian(s)
    done = {}
    for who, user, pwd in [("admin", env["USER"], password), ("historian", HISTORIAN, seed.LOGIN_PASSWORD),
                           ("wrong-password", env["USER"], "not-the-password"),
                           ("unknown-user", "nobody-here", "whatever")]:
        done[who] = Browser(s.site.base).login(user, pwd, FORWARDED_FOR)
    if not (done["admin"] and done["historian"]) or done["wrong-password"] or done["unknown-user"]:
        raise Failed(f"wp-login.php did not answer as expected: {done}")
    done["historian_id"] = historian
    return done


def ensure_historian(s):
    """An editor this script owns: created on the first run, found again later."""
    found = [u for u in s.get(f"/wp/v2/users?search={HISTORIAN}&context=edit") if u["username"] == HISTORIAN]
    if found:
        return found[0]["id"]
    return s.post("/wp/v2/users", {
        "username": HISTORIAN, "email": f"{HISTORIAN}@example.com", "password": seed.LOGIN_PASSWORD,
        "name": "Hester Historian", "first_name": "Hester", "last_name": "Historian", "roles": ["editor"]})["id"]


def seed_logged_posts(s):
    """Created, published, edited, trashed and deleted: the post logger's messages and /stats/content."""
    posts = {}
    posts["published"] = s.post("/wp/v2/posts", {
        "title": "History: a draft", "status": "draft", "content": seed.text("First words.")})["id"]
    s.post(f"/wp/v2/posts/{posts['published']}", {"status": "publish", "title": "History: published"})
    s.post(f"/wp/v2/posts/{posts['published']}", {"content": seed.text("First words.", "Second thoughts.")})
    posts["page"] = s.post("/wp/v2/pages", {
        "title": "History page", "status": "publish", "content": seed.text("A page.")})["id"]
    posts["trashed"] = s.post("/wp/v2/posts", {"title": "History: to the bin", "status": "publish"})["id"]
    s.call("DELETE", f"/wp/v2/posts/{posts['trashed']}")
    posts["deleted"] = s.post("/wp/v2/posts", {"title": "History: gone for good", "status": "publish"})["id"]
    s.call("DELETE", f"/wp/v2/posts/{posts['deleted']}?force=true")
    return posts, posts["published"]


def seed_logged_users(s):
    """A user created and deleted (/stats/users details). The historian's update over REST is not
    logged (see seed_logged_profile); it gives the user-edit form later a URL and a nickname to keep."""
    users = {"historian": ensure_historian(s)}
    s.post(f"/wp/v2/users/{users['historian']}", {"url": "https://historian.example", "nickname": "hester"})
    # A name a failed earlier run may have left behind is removed first, so that the creation succeeds.
    for left in [u for u in s.get("/wp/v2/users?search=leaver1&context=edit") if u["username"] == "leaver1"]:
        s.call("DELETE", f"/wp/v2/users/{left['id']}?force=true&reassign={me(s)}")
    users["deleted"] = s.post("/wp/v2/users", {
        "username": "leaver1", "email": "leaver1@example.com", "password": seed.LOGIN_PASSWORD,
        "roles": ["subscriber"]})["id"]
    s.call("DELETE", f"/wp/v2/users/{users['deleted']}?force=true&reassign={me(s)}")
    return users


def seed_logged_media(s):
    media = {"edited": upload_png(s, "history-cover.png")}
    s.post(f"/wp/v2/media/{media['edited']}", {"title": "History cover", "alt_text": "A single pixel",
                                               "caption": "One pixel", "description": "Edited once."})
    media["deleted"] = upload_png(s, "history-gone.png")
    s.call("DELETE", f"/wp/v2/media/{media['deleted']}?force=true")
    return media


def seed_logged_category(s):
    ident = term(s, "/wp/v2/categories", {"name": "History notes", "description": "Made by seed-plugins.py."})
    s.post(f"/wp/v2/categories/{ident}", {"description": "Edited by seed-plugins.py."})
    s.call("DELETE", f"/wp/v2/categories/{ident}?force=true")
    return {"deleted": ident}


def seed_logged_menu(s):
    """Deleted again, so that the next run can create a menu of the same name."""
    if not s.require("/wp/v2/menus", "menu events"):
        return {}
    ident = s.post("/wp/v2/menus", {"name": "History menu", "description": "Made by seed-plugins.py."})["id"]
    s.call("DELETE", f"/wp/v2/menus/{ident}?force=true")
    return {"deleted": ident}


def seed_logged_comments(s, post):
    comments = {"approved": s.post("/wp/v2/comments", {"post": post, "content": "A comment worth logging."})["id"]}
    comments["reply"] = s.post("/wp/v2/comments", {
        "post": post, "parent": comments["approved"], "author_name": "Guest", "author_email": "guest@example.com",
        "content": "A reply."})["id"]
    s.post(f"/wp/v2/comments/{comments['reply']}", {"status": "hold"})
    comments["trashed"] = s.post("/wp/v2/comments", {"post": post, "content": "Second thoughts."})["id"]
    s.call("DELETE", f"/wp/v2/comments/{comments['trashed']}")
    return comments


def seed_logged_notes(s, post):
    """Block notes (6.9): the notes logger and /stats/notes count added, replied and resolved notes."""
    if "_wp_note_status" not in s.meta_keys("/wp/v2/comments"):
        s.skip("note events", f"no note comments on {s.site.version}")
        return {}
    notes = {"note": s.post("/wp/v2/comments", {"post": post, "type": "note", "content": "Check the dates."})["id"]}
    notes["reply"] = s.post("/wp/v2/comments", {
        "post": post, "type": "note", "parent": notes["note"], "content": "Dates checked."})["id"]
    # The editor resolves a note with an empty reply that carries the status.
    notes["resolved"] = s.post("/wp/v2/comments", {
        "post": post, "type": "note", "parent": notes["note"], "content": "",
        "meta": {"_wp_note_status": "resolved"}})["id"]
    return notes


def seed_logged_plugin_toggle(s):
    """Deactivating and activating the test plugin logs both, with its name and version (/stats/plugins)."""
    s.post(f"/wp/v2/plugins/{TEST_PLUGIN}", {"status": "inactive"})
    s.post(f"/wp/v2/plugins/{TEST_PLUGIN}", {"status": "active"})
    return [TEST_PLUGIN]


def admin_browser(s, env):
    browser = Browser(s.site.base)
    if not browser.login(env["USER"], env.get("WP_LOGIN_PASSWORD", "password")):
        raise Failed("could not log in as admin through wp-login.php")
    return browser


def seed_logged_option(s, browser):
    """The options logger logs only what wp-admin/options.php saves from one of core's settings pages:
    the tagline is changed in the General settings form, every other field sent back as it was shown."""
    say("changing the tagline through wp-admin/options-general.php")
    current = s.get("/wp/v2/settings")["description"]
    # Alternates, so that every run changes the option (an unchanged value is not saved, nor logged).
    tagline = "Seeded history" if current != "Seeded history" else "Seeded history, again"
    fields = browser.form("/wp-admin/options-general.php", "options.php")
    status, _ = browser.open("/wp-admin/options.php", replace_fields(fields, blogdescription=tagline))
    if s.get("/wp/v2/settings")["description"] != tagline:
        raise Failed(f"options.php did not save blogdescription (HTTP {status})")
    return {"blogdescription": tagline}


def seed_logged_profile(s, browser, user):
    """The user logger logs profile updates only from wp-admin's user-edit screen (/stats/users
    profile_updates): the description is changed in that form, every other field sent back as shown."""
    say(f"updating user {user} through wp-admin/user-edit.php")
    before = s.get(f"/wp/v2/users/{user}?context=edit")["description"]
    description = "Keeps the records." if before != "Keeps the records." else "Keeps the archive."
    fields = browser.form(f"/wp-admin/user-edit.php?user_id={user}", "user-edit.php")
    status, _ = browser.open("/wp-admin/user-edit.php", replace_fields(fields, description=description))
    if s.get(f"/wp/v2/users/{user}?context=edit")["description"] != description:
        raise Failed(f"user-edit.php did not save the description (HTTP {status})")
    return {user: description}


def seed_custom_events(s, since):
    """POST /simple-history/v1/events answers without the event's id: the ids are found in the log after."""
    say("events through POST /simple-history/v1/events")
    messages = {}
    for level in LEVELS:
        messages[level] = f"Seed event at level {level}"
        s.post("/simple-history/v1/events", {"message": messages[level], "level": level,
                                             "note": f"Logged by seed-plugins.py with level {level}."})
    messages["defaults"] = "Seed event with defaults"
    s.post("/simple-history/v1/events", {"message": messages["defaults"]})
    # Two days back keeps it inside the /stats/* default range and the plugin's 30-day retention.
    when = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=2)).replace(
        hour=9, minute=30, second=0, microsecond=0)
    messages["dated"] = "Seed event with a date"
    s.post("/simple-history/v1/events", {"message": messages["dated"], "level": "notice",
                                         "note": "Dated two days back.", "date": when.strftime("%Y-%m-%d %H:%M:%S")})
    found = {}
    for event in events_since(s, since, "&loggers=CustomEntryLogger"):
        found[event["context"].get("message")] = max(event["id"], found.get(event["context"].get("message"), 0))
    missing = [key for key, message in messages.items() if message not in found]
    if missing:
        raise Failed(f"custom events not found in the log: {missing}")
    return {key: found[message] for key, message in messages.items()}


def seed_reaction(s, event):
    """Reactions are experimental: the plugin writes `reactions` and accepts /react only when it is on."""
    say("switching on Simple History's experimental features (php-cli) for a reaction")
    s.php("update_option( 'simple_history_experimental_features_enabled', '1' );")
    s.post(f"/simple-history/v1/events/{event}/react", {"type": "thumbsup"})
    return {event: ["thumbsup"]}


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("env", help="env file written by start-wp.sh")
    parser.add_argument("--simple-history", metavar="DIR", help="a checkout of Simple History 5.26.0 to install")
    parser.add_argument("--docroot", help="WordPress tree (default: where the instance's themes folder points)")
    parser.add_argument("--content-dir", help="instance content dir (default: WP_CONTENT_DIR of the tree's config)")
    args = parser.parse_args()
    env = fixtures.read_env(args.env)
    site = fixtures.Site(env)
    s = seed.Seeder(site, urllib.parse.urlsplit(site.base).netloc)
    s.summary["plugins"] = {}

    def work():
        # find_docroot also reads the instance name and data folder from these (None: from the env file).
        s.docroot = seed.find_docroot(args.env, argparse.Namespace(docroot=args.docroot, name=None, data=None))
        folder = plugins_dir(s, args)
        seed_test_plugin(s, folder)
        if args.simple_history:
            seed_simple_history(s, folder, args.simple_history, env)

    s.run_and_report(work)


if __name__ == "__main__":
    main()
