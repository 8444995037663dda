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


def make_files(tmp):
    photo = os.path.join(tmp, "photo.jpg")
    subprocess.run(["/usr/bin/convert", "-size", "2200x1500", "plasma:fractal", "-quality", "85", photo], check=True)
    subprocess.run(
        [
            "exiftool", "-q", "-overwrite_original",
            "-Make=Canon", "-Model=Canon EOS 5D Mark IV", "-FNumber=2.8", "-ExposureTime=1/250",
            "-ISO=400", "-FocalLength=50", "-DateTimeOriginal=2024:05:06 07:08:09",
            "-Copyright=Example Copyright", "-Artist=Jane Photographer", "-IPTC:By-line=Jane Photographer",
            "-IPTC:Caption-Abstract=A fractal sky", "-IPTC:ObjectName=Fractal Sky",
            "-IPTC:Keywords=fractal", "-IPTC:Keywords=sky", "-Orientation#=1", photo,
        ],
        check=True,
    )
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


if __name__ == "__main__":
    main()
