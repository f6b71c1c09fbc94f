"""Run deploy/nginx.conf as an ordinary user, in a folder of its own.

The site file is used as it is, but for three things a local run must choose:
the address nginx listens on, the app servers of its upstream and the media
folder. Around it goes the main configuration Debian's /etc/nginx/nginx.conf
would give: here with the pid file, logs and temporary files in the folder,
in the foreground (``daemon off``). Used by the reliability tests, the
slow-client test and the README's one-machine example:

    python deploy/local_nginx.py --folder /tmp/careers-nginx --listen 127.0.0.1:8080 \\
        --upstream 127.0.0.1:8001 --upstream 127.0.0.1:8002 [--media-root media]
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

SITE = Path(__file__).resolve().parent / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
UPSTREAM = re.compile(r"^upstream careers_app \{\n(.*?)^\}", re.MULTILINE | re.DOTALL)
SERVER_LINE = re.compile(r"^    server \S+ (.*);$", re.MULTILINE)
TEMP_PATHS = ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")


def nginx_installed() -> bool:
    return Path(NGINX).exists()


def render_site(listen: str, upstreams: list[str], media_root: Path) -> str:
    """deploy/nginx.conf with this run's listen address, app servers and media folder."""
    site = SITE.read_text(encoding="utf-8")
    block = UPSTREAM.search(site)
    options = SERVER_LINE.search(block.group(1)) if block else None
    if options is None:
        raise RuntimeError(f"{SITE} has no upstream careers_app block with server lines")
    servers = "".join(f"    server {address} {options.group(1)};\n" for address in upstreams)
    kept = SERVER_LINE.sub("", block.group(1)).replace("\n\n\n", "\n")
    site = site[: block.start(1)] + kept + servers + site[block.end(1) :]
    replacements = {
        "    listen 80;\n": f"    listen {listen};\n",
        "    listen [::]:80;\n": "",
        "alias /srv/careers/media/;": f"alias {media_root.resolve()}/;",
    }
    for old, new in replacements.items():
        if site.count(old) != 1:
            raise RuntimeError(f"{SITE} should hold {old.strip()!r} once")
        site = site.replace(old, new)
    return site


def render_main(folder: Path) -> str:
    """The main configuration around the site file, everything nginx writes in ``folder``."""
    temp_paths = "".join(f"    {name}_temp_path {folder}/{name};\n" for name in TEMP_PATHS)
    return (
        "# Written by deploy/local_nginx.py; the site is careers.conf (deploy/nginx.conf).\n"
        # Ignored, with a warning, unless nginx starts as root; then its workers
        # run as the user who started it and can read the folder.
        f"user {getpass.getuser()};\n"
        "daemon off;\n"
        "worker_processes 1;\n"
        f"pid {folder}/nginx.pid;\n"
        f"error_log {folder}/error.log warn;\n"
        "events { worker_connections 1024; }\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        "    default_type application/octet-stream;\n"
        f"    access_log {folder}/access.log;\n"
        f"{temp_paths}"
        f"    include {folder}/careers.conf;\n"
        "}\n"
    )


def write_config(folder: Path, listen: str, upstreams: list[str], media_root: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in TEMP_PATHS:
        (folder / name).mkdir(exist_ok=True)
    (folder / "careers.conf").write_text(render_site(listen, upstreams, media_root))
    main = folder / "nginx.conf"
    main.write_text(render_main(folder))
    return main


def start(
    folder: Path, listen: str, upstreams: list[str], media_root: Path | None = None
) -> subprocess.Popen:
    """nginx in the foreground with deploy/nginx.conf; returns once it accepts connections."""
    folder = folder.resolve()
    main = write_config(folder, listen, upstreams, media_root or folder / "media")
    command = [NGINX, "-p", str(folder), "-c", str(main), "-e", str(folder / "error.log")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    if checked.returncode != 0:
        raise RuntimeError(f"nginx -t failed:\n{checked.stderr}")
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    host, _, port = listen.rpartition(":")
    deadline = time.monotonic() + 10
    while True:
        try:
            with socket.create_connection((host or "127.0.0.1", int(port)), timeout=1):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log = folder / "error.log"
                raise RuntimeError(
                    "nginx did not start:\n" + (log.read_text() if log.exists() else "")
                ) from None
            time.sleep(0.05)


def stop(process: subprocess.Popen) -> None:
    """QUIT: nginx's graceful stop (answers in flight are finished)."""
    if process.poll() is None:
        process.send_signal(3)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, required=True, help="pid, logs, temporary files")
    parser.add_argument("--listen", default="127.0.0.1:8080", help="address:port (8080)")
    parser.add_argument("--upstream", action="append", required=True, help="an app server")
    parser.add_argument("--media-root", type=Path, default=Path("media"))
    args = parser.parse_args()
    folder = args.folder.resolve()
    main_config = write_config(folder, args.listen, args.upstream, args.media_root)
    os.execv(NGINX, [NGINX, "-p", str(folder), "-c", str(main_config), "-e", "stderr"])


if __name__ == "__main__":
    sys.exit(main())
