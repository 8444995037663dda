#!/usr/bin/env python3
"""Records ground truth from a real WordPress into the project: route documents and responses.

Run against a fresh instance started by ../shared/wordpress/start-wp.sh --reset (ids, slugs and file
names depend on earlier state):

    WP_NAME=wp69 WP_PORT=8069 WP_DOCROOT=/tmp/wp69 ../shared/wordpress/start-wp.sh --reset
    python3 scripts/record-wp-fixtures.py /tmp/wp-oracle-wp69.env

It needs ImageMagick (`/usr/bin/convert`) and exiftool (Debian's libimage-exiftool-perl).
"""
import base64
import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADERS_KEPT = ["Content-Type", "X-WP-Total", "X-WP-TotalPages", "Link", "Allow", "Location"]


def read_env(path):
    env = {}
    for line in open(path):
        if "=" in line:
            key, value = line.strip().split("=", 1)
            env[key] = shlex.split(value)[0] if value else ""
    return env


class Site:
    def __init__(self, env):
        self.base = env["BASE_URL"]
        token = base64.b64encode(f"{env['USER']}:{env['APP_PASSWORD']}".encode()).decode()
        self.auth = {"Authorization": f"Basic {token}"}
        self.version = env["WP_VERSION"]

    def request(self, method, path, body=None, headers=None, auth=False):
        url = self.base + path
        all_headers = dict(headers or {})
        if auth:
            all_headers.update(self.auth)
        req = urllib.request.Request(url, data=body, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(req) as resp:
                return resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def placeholder(self, text):
        return text.replace(self.base, "{{site_url}}")


def write_route_document(site, route, name, folder):
    status, _, body = site.request("OPTIONS", "/wp-json" + route, auth=True)
    assert status == 200, (route, status)
    doc = json.loads(body)
    text = site.placeholder(json.dumps(doc, indent=2, ensure_ascii=False)) + "\n"
    with open(os.path.join(ROOT, "schemas", folder, name + ".json"), "w") as f:
        f.write(text)


def write_exif_photo(path, size, caption, title, keywords, seed=None):
    """A JPEG of a fractal with the camera EXIF and IPTC fields WordPress reads into `image_meta`;
    `seed` makes the pixels (and so the file size) the same from run to run."""
    make = ["/usr/bin/convert"] + (["-seed", str(seed)] if seed is not None else [])
    subprocess.run(make + ["-size", size, "plasma:fractal", "-quality", "85", path], check=True)
    subprocess.run(
        [
            "exiftool", "-q", "-overwrite_original",
            "-Make=Canon", "-Model=Canon EOS 5D Mark IV", "-FNumber=2.8", "-ExposureTime=1/250",
            "-ISO=400", "-FocalLength=50", "-DateTimeOriginal=2024:05:06 07:08:09",
            "-Copyright=Example Copyright", "-Artist=Jane Photographer", "-IPTC:By-line=Jane Photographer",
            f"-IPTC:Caption-Abstract={caption}", f"-IPTC:ObjectName={title}",
        ]
        + [f"-IPTC:Keywords={keyword}" for keyword in keywords]
        + ["-Orientation#=1", path],
        check=True,
    )


def make_files(tmp):
    photo = os.path.join(tmp, "photo.jpg")
    write_exif_photo(photo, "2200x1500", "A fractal sky", "Fractal Sky", ["fractal", "sky"])
    png = os.path.join(tmp, "small.png")
    subprocess.run(["/usr/bin/convert", "-size", "40x30", "xc:#3366cc", png], check=True)
    text = os.path.join(tmp, "notes.txt")
    with open(text, "w") as f:
        f.write("Plain notes.\n")
    return photo, png, text


def upload_raw(site, path, mime, name):
    with open(path, "rb") as f:
        data = f.read()
    headers = {"Content-Type": mime, "Content-Disposition": f'attachment; filename="{name}"'}
    return site.request("POST", "/wp-json/wp/v2/media", data, headers, auth=True)


def upload_multipart(site, path, mime, name, fields):
    boundary = "----wpschemaboundary"
    parts = []
    for key, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
    with open(path, "rb") as f:
        data = f.read()
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        f"Content-Type: {mime}\r\n\r\n".encode() + data + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return site.request("POST", "/wp-json/wp/v2/media", b"".join(parts), headers, auth=True)


class Recorder:
    def __init__(self, site, folder):
        self.site = site
        self.folder = folder
        self.manifest = {}
        os.makedirs(folder, exist_ok=True)

    def save(self, name, method, path, auth, response):
        status, headers, body = response
        with open(os.path.join(self.folder, name + ".json"), "wb") as f:
            f.write(body)
        kept = {h: headers[h] for h in HEADERS_KEPT if h in headers}
        self.manifest[name + ".json"] = {
            "method": method, "path": path, "auth": "admin" if auth else None, "status": status, "headers": kept,
        }

    def get(self, name, path, auth=False):
        self.save(name, "GET", path, auth, self.site.request("GET", path, auth=auth))

    def finish(self):
        text = self.site.placeholder(json.dumps(self.manifest, indent=2, ensure_ascii=False))
        with open(os.path.join(self.folder, "manifest.json"), "w") as f:
            f.write(text + "\n")


def record_responses(site, folder):
    rec = Recorder(site, folder)
    with tempfile.TemporaryDirectory() as tmp:
        photo, png, text = make_files(tmp)
        created = {}
        for name, response, method in [
            ("photo", upload_raw(site, photo, "image/jpeg", "photo.jpg"), "raw"),
            ("png", upload_multipart(site, png, "image/png", "small.png", {"post": "1", "alt_text": "A blue box"}), "multipart"),
            ("text", upload_raw(site, text, "text/plain", "notes.txt"), "raw"),
        ]:
            status, _, body = response
            assert status == 201, (name, status, body[:300])
            created[name] = json.loads(body)["id"]
            rec.save(f"media-{name}-create", "POST", "/wp-json/wp/v2/media", True, response)
    update = json.dumps({
        "alt_text": "A fractal", "caption": "Seen from <em>below</em>", "description": "A long description.",
    }).encode()
    path = f"/wp-json/wp/v2/media/{created['photo']}"
    response = site.request("POST", path, update, {"Content-Type": "application/json"}, auth=True)
    rec.save("media-photo-update", "POST", path, True, response)
    for name, ident in created.items():
        for ctx in ["view", "edit", "embed"]:
            rec.get(f"media-{name}-{ctx}", f"/wp-json/wp/v2/media/{ident}?context={ctx}", auth=ctx == "edit")
    rec.get("media-list-view", "/wp-json/wp/v2/media")
    rec.get("media-list-edit", "/wp-json/wp/v2/media?context=edit", auth=True)
    for kind, path in [("posts-1", "/wp-json/wp/v2/posts/1"), ("users-1", "/wp-json/wp/v2/users/1")]:
        for ctx in ["view", "edit", "embed"]:
            rec.get(f"{kind}-{ctx}", f"{path}?context={ctx}", auth=ctx == "edit")
    rec.finish()


# Requests WordPress rejects, for the argument parsers: (name, method, path with query, JSON body).
ERROR_CASES = [
    ("list-per-page-0", "GET", "/wp-json/wp/v2/media?per_page=0", None),
    ("list-per-page-101", "GET", "/wp-json/wp/v2/media?per_page=101", None),
    ("list-page-0", "GET", "/wp-json/wp/v2/media?page=0", None),
    ("list-page-abc", "GET", "/wp-json/wp/v2/media?page=abc", None),
    ("list-order-up", "GET", "/wp-json/wp/v2/media?order=up", None),
    ("list-orderby-nope", "GET", "/wp-json/wp/v2/media?orderby=nope", None),
    ("list-media-type-bogus", "GET", "/wp-json/wp/v2/media?media_type=bogus", None),
    ("list-media-type-array-bogus", "GET", "/wp-json/wp/v2/media?media_type[]=image&media_type[]=x", None),
    ("list-include-letters", "GET", "/wp-json/wp/v2/media?include=a,b", None),
    ("list-author-negative", "GET", "/wp-json/wp/v2/media?author=-1", None),
    ("list-after-not-a-date", "GET", "/wp-json/wp/v2/media?after=not-a-date", None),
    ("list-search-columns-nope", "GET", "/wp-json/wp/v2/media?search_columns=nope", None),
    ("list-search-semantics-fuzzy", "GET", "/wp-json/wp/v2/media?search_semantics=fuzzy", None),
    ("list-context-bogus", "GET", "/wp-json/wp/v2/media?context=bogus", None),
    ("list-several-bad", "GET", "/wp-json/wp/v2/media?per_page=0&order=up&page=-1&include=x", None),
    ("list-status-draft-anonymous", "GET", "/wp-json/wp/v2/media?status=draft", None),
    ("list-orderby-relevance-no-search", "GET", "/wp-json/wp/v2/media?orderby=relevance", None),
    ("list-orderby-include-no-include", "GET", "/wp-json/wp/v2/media?orderby=include", None),
    ("list-page-past-end", "GET", "/wp-json/wp/v2/media?page=99", None),
    ("list-offset-letters", "GET", "/wp-json/wp/v2/media?offset=x", None),
    ("list-parent-letters", "GET", "/wp-json/wp/v2/media?parent=x&parent_exclude=y", None),
    ("list-slug-array", "GET", "/wp-json/wp/v2/media?slug[a]=b", None),
    ("update-date-x", "POST", "/wp-json/wp/v2/media/{id}", {"date": "x"}),
    ("update-status-bogus", "POST", "/wp-json/wp/v2/media/{id}", {"status": "bogus"}),
    ("update-status-inherit", "POST", "/wp-json/wp/v2/media/{id}", {"status": "inherit"}),
    ("update-comment-status-3", "POST", "/wp-json/wp/v2/media/{id}", {"comment_status": 3}),
    ("update-author-abc", "POST", "/wp-json/wp/v2/media/{id}", {"author": "abc"}),
    ("update-alt-text-5", "POST", "/wp-json/wp/v2/media/{id}", {"alt_text": 5}),
    ("update-post-x", "POST", "/wp-json/wp/v2/media/{id}", {"post": "x"}),
    ("update-slug-list", "POST", "/wp-json/wp/v2/media/{id}", {"slug": [1]}),
    ("update-meta-x", "POST", "/wp-json/wp/v2/media/{id}", {"meta": "x"}),
    ("update-template-nope", "POST", "/wp-json/wp/v2/media/{id}", {"template": "nope.php"}),
    ("update-several-bad", "POST", "/wp-json/wp/v2/media/{id}", {"date": "x", "status": "bogus", "author": "abc", "ping_status": "maybe"}),
    ("update-title-5", "POST", "/wp-json/wp/v2/media/{id}", {"title": 5}),
    ("update-featured-media-x", "POST", "/wp-json/wp/v2/media/{id}", {"featured_media": "x"}),
    ("update-date-gmt-epoch", "POST", "/wp-json/wp/v2/media/{id}", {"date_gmt": "1970-01-01T00:00:00"}),
    ("update-invalid-json", "POST", "/wp-json/wp/v2/media/{id}", "{nope"),
    ("delete-without-force", "DELETE", "/wp-json/wp/v2/media/{id}", None),
    ("delete-force-maybe", "DELETE", "/wp-json/wp/v2/media/{id}?force=maybe", None),
    ("get-context-bogus", "GET", "/wp-json/wp/v2/media/{id}?context=bogus", None),
]


def record_errors(site, folder, media_id):
    os.makedirs(folder, exist_ok=True)
    for name, method, path, body in ERROR_CASES:
        path = path.replace("{id}", str(media_id))
        headers = {}
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = (body if isinstance(body, str) else json.dumps(body)).encode()
        auth = method != "GET"
        status, _, response = site.request(method, path, data, headers, auth=auth)
        case = {
            "request": {
                "method": method, "path": path, "auth": "admin" if auth else None,
                "headers": headers, "body": body,
            },
            "status": status,
            "body": json.loads(response) if response else None,
        }
        text = site.placeholder(json.dumps(case, indent=2, ensure_ascii=False))
        with open(os.path.join(folder, name + ".json"), "w") as f:
            f.write(text + "\n")


def main():
    env = read_env(sys.argv[1] if len(sys.argv) > 1 else "/tmp/wp-oracle-wp69.env")
    site = Site(env)
    folder = "wp-" + site.version[:3]
    routes = [("/wp/v2/media", "wp-v2-media"), ("/wp/v2/media/{id}", "wp-v2-media-id")]
    if folder == "wp-6.9":
        routes += [
            ("/wp/v2/posts", "wp-v2-posts"), ("/wp/v2/posts/1", "wp-v2-posts-id"),
            ("/wp/v2/users", "wp-v2-users"), ("/wp/v2/users/1", "wp-v2-users-id"),
        ]
    record_responses(site, os.path.join(ROOT, "tests", "fixtures", folder, "responses"))
    media_id = min(
        json.loads(site.request("GET", "/wp-json/wp/v2/media?orderby=id&order=asc", auth=True)[2])[0]["id"], 10**9
    )
    for route, name in routes:
        write_route_document(site, route.replace("{id}", str(media_id)), name, folder)
    record_errors(site, os.path.join(ROOT, "tests", "fixtures", folder, "errors"), media_id)


if __name__ == "__main__":
    main()
