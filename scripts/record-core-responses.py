#!/usr/bin/env python3
"""Records WordPress's responses for the core routes into tests/fixtures/wp-<x.y>/responses/core/.

Posts, pages, users, comments, categories, tags, taxonomies, types, statuses, settings and search, each
item in every context its route's `context` argument allows, plus a list per listing route; and the
routes whose schemas have type lists (`["object", "string"]` and the like): templates, template parts,
menu items, themes, global styles and font faces. The script first creates what the responses should
show (categories with a parent, tags, a post by the author with a format, comments with a reply, a child
page, a menu with an item, a font family with a face), so run it against a fresh instance: ids, slugs
and totals depend on earlier state.

    WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=/tmp/wp69 ../shared/wordpress/start-wp.sh --reset
    python3 scripts/record-core-responses.py /tmp/wp-oracle-wp69.env

`manifest.json` beside the responses names the request behind each file and the WordPress version.
Dates set by WordPress itself (modification times, the users' registration) change from run to run.
"""
import importlib.util
import json
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("record_wp_fixtures", os.path.join(HERE, "record-wp-fixtures.py"))
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)

ROOT = fixtures.ROOT
CONTEXTS = ["view", "edit", "embed"]
# Comments record the client's address and agent; a fixed agent keeps the edit context reproducible.
USER_AGENT = "wp-schema-recorder/1"


class CoreRecorder(fixtures.Recorder):
    """The media recorder's saving, with a check that WordPress answered and a manifest naming the version."""

    def get(self, name, path, auth=False, expect=200):
        response = self.site.request("GET", path, auth=auth)
        assert response[0] == expect, (name, path, response[0], response[2][:300])
        self.save(name, "GET", path, auth, response)

    def finish(self):
        manifest = {
            "wordpress_version": self.site.version,
            "recorded_by": "scripts/record-core-responses.py on a fresh start-wp.sh --reset",
            "files": self.manifest,
        }
        text = self.site.placeholder(json.dumps(manifest, indent=2, ensure_ascii=False))
        with open(os.path.join(self.folder, "manifest.json"), "w") as f:
            f.write(text + "\n")


def create(site, rec, name, route, body):
    """POSTs `body` as admin, keeps WordPress's answer (edit context) as `<name>-create`, returns its id."""
    path = "/wp-json/wp/v2/" + route
    headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT}
    response = site.request("POST", path, json.dumps(body).encode(), headers, auth=True)
    assert response[0] == 201, (name, response[0], response[2][:300])
    rec.save(f"{name}-create", "POST", path, True, response)
    return json.loads(response[2])["id"]


def make_content(site, rec):
    """What the responses show beside a fresh install's post 1, page 2, comment 1 and users 1 and 2."""
    recipes = create(site, rec, "categories-recipes", "categories", {
        "name": "Recipes", "description": "Things to <b>cook</b>.",
    })
    soups = create(site, rec, "categories-soups", "categories", {"name": "Soups", "parent": recipes})
    quick = create(site, rec, "tags-quick", "tags", {"name": "Quick", "description": "Under half an hour."})
    vegan = create(site, rec, "tags-vegan", "tags", {"name": "Vegan"})
    post = create(site, rec, "posts-soup", "posts", {
        "title": "Leek soup", "content": "<!-- wp:paragraph --><p>Leeks, potatoes, stock.</p><!-- /wp:paragraph -->",
        "excerpt": "A <em>quick</em> soup.", "status": "publish", "author": 2, "date": "2024-05-06T07:08:09",
        "categories": [soups], "tags": [quick, vegan], "format": "aside", "sticky": True,
        "comment_status": "open", "ping_status": "closed",
    })
    comment = create(site, rec, "comments-admin", "comments", {
        "post": post, "author": 1, "content": "Add <strong>pepper</strong>.", "date": "2024-05-07T08:00:00",
    })
    reply = create(site, rec, "comments-reply", "comments", {
        "post": post, "parent": comment, "author_name": "Guest Cook", "author_email": "guest@example.com",
        "author_url": "https://guest.example", "content": "Thanks!", "status": "approved",
        "date": "2024-05-08T09:00:00",
    })
    held = create(site, rec, "comments-held", "comments", {
        "post": post, "author_name": "Unsure", "author_email": "unsure@example.com",
        "content": "Is this approved?", "status": "hold", "date": "2024-05-09T10:00:00",
    })
    page = create(site, rec, "pages-child", "pages", {
        "title": "Contact", "content": "<p>Write to us.</p>", "status": "publish", "parent": 2, "menu_order": 3,
        "date": "2024-05-10T11:00:00",
    })
    menu = create(site, rec, "menus-main", "menus", {"name": "Main"})
    menu_item = create(site, rec, "menu-items-home", "menu-items", {
        "title": "Home", "url": "https://example.com/", "menus": menu, "status": "publish",
    })
    family = create(site, rec, "font-families-inter", "font-families", {
        "font_family_settings": json.dumps({"name": "Inter", "slug": "inter", "fontFamily": "Inter, sans-serif"}),
    })
    # fontWeight is ["string", "integer"]: one face is sent the integer 400 (WordPress 6.9.7 answers the
    # string "400", the first type of the list), the other a range.
    faces = [
        create(site, rec, f"font-faces-{name}", f"font-families/{family}/font-faces", {
            "font_face_settings": json.dumps({
                "fontFamily": "Inter", "fontStyle": "normal", "fontWeight": weight,
                # WordPress takes a URL only on its own host (or a public one); a theme's font is.
                "src": site.base + "/wp-content/themes/twentytwentyfive/assets/fonts/manrope/Manrope-VariableFont_wght.woff2",
            }),
        })
        for name, weight in [("regular", 400), ("variable", "100 900")]
    ]
    return {"posts": [1, post], "pages": [2, page], "comments": [1, comment, reply], "held": [held],
            "categories": [1, recipes, soups], "tags": [quick, vegan], "users": [1, 2],
            "menu-items": [menu_item], "font-family": family, "font-faces": faces}


def record_type_lists(rec, ids):
    """Routes whose schemas have type lists, all as admin (a visitor may read none of them)."""
    for route, name, ident in [("templates", "index", "twentytwentyfive//index"),
                               ("template-parts", "header", "twentytwentyfive//header")]:
        for ctx in CONTEXTS:
            rec.get(f"{route}-{name}-{ctx}", f"/wp-json/wp/v2/{route}/{ident}?context={ctx}", auth=True)
            rec.get(f"{route}-list-{ctx}", f"/wp-json/wp/v2/{route}?context={ctx}", auth=True)
    record_items(rec, "menu-items", ids["menu-items"], anonymous_view=False)
    for ctx in CONTEXTS:
        rec.get(f"menu-items-list-{ctx}", f"/wp-json/wp/v2/menu-items?context={ctx}", auth=True)
    faces = f"font-families/{ids['font-family']}/font-faces"
    for face in ids["font-faces"]:
        for ctx in CONTEXTS:
            rec.get(f"font-faces-{face}-{ctx}", f"/wp-json/wp/v2/{faces}/{face}?context={ctx}", auth=True)
    # Themes and global styles take no `context` argument.
    rec.get("themes-active", "/wp-json/wp/v2/themes?status=active", auth=True)
    rec.get("themes-twentytwentyfive", "/wp-json/wp/v2/themes/twentytwentyfive", auth=True)
    theme = json.loads(rec.site.request("GET", "/wp-json/wp/v2/themes/twentytwentyfive", auth=True)[2])
    styles = theme["_links"]["wp:user-global-styles"][0]["href"].rsplit("/", 1)[1]
    rec.get("global-styles-user", f"/wp-json/wp/v2/global-styles/{styles}", auth=True)


def record_items(rec, route, ids, anonymous_view=True):
    """Each id in every context: view and embed as an anonymous client sees them, edit as admin."""
    for ident in ids:
        for ctx in CONTEXTS:
            auth = ctx == "edit" or not anonymous_view
            rec.get(f"{route}-{ident}-{ctx}", f"/wp-json/wp/v2/{route}/{ident}?context={ctx}", auth=auth)


def record_lists(rec, route):
    for ctx in CONTEXTS:
        rec.get(f"{route}-list-{ctx}", f"/wp-json/wp/v2/{route}?context={ctx}&per_page=100", auth=ctx == "edit")


def record_responses(site, folder):
    shutil.rmtree(folder, ignore_errors=True)
    rec = CoreRecorder(site, folder)
    ids = make_content(site, rec)
    for route in ["posts", "pages", "categories", "tags", "users"]:
        record_items(rec, route, ids[route])
        record_lists(rec, route)
    # The held comment is visible to its moderators only, in every context.
    record_items(rec, "comments", ids["comments"])
    record_items(rec, "comments", ids["held"], anonymous_view=False)
    record_lists(rec, "comments")
    # Objects keyed by name. An anonymous client sees fewer statuses than a user who can edit posts.
    for route, name in [("types", "post"), ("taxonomies", "category"), ("statuses", "publish")]:
        for ctx in CONTEXTS:
            rec.get(f"{route}-all-{ctx}", f"/wp-json/wp/v2/{route}?context={ctx}", auth=ctx == "edit")
        rec.get(f"{route}-all-view-admin", f"/wp-json/wp/v2/{route}?context=view", auth=True)
        record_items(rec, route, [name])
    rec.get("statuses-draft-edit", "/wp-json/wp/v2/statuses/draft?context=edit", auth=True)
    # Search allows view and embed only; each type of result is its own request.
    for kind in ["post", "term", "post-format"]:
        for ctx in ["view", "embed"]:
            rec.get(f"search-{kind}-{ctx}", f"/wp-json/wp/v2/search?type={kind}&context={ctx}")
    rec.get("search-edit-rejected", "/wp-json/wp/v2/search?context=edit", expect=400)
    # Settings has no `context` argument and filters nothing by context: WordPress ignores the parameter.
    rec.get("settings", "/wp-json/wp/v2/settings", auth=True)
    for ctx in CONTEXTS:
        rec.get(f"settings-context-{ctx}", f"/wp-json/wp/v2/settings?context={ctx}", auth=True)
    record_type_lists(rec, ids)
    rec.finish()


def main():
    env = fixtures.read_env(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wp-oracle-wp69.env")
    site = fixtures.Site(env)
    folder = os.path.join(ROOT, "tests", "fixtures", "wp-" + site.version[:3], "responses", "core")
    record_responses(site, folder)


if __name__ == "__main__":
    main()
