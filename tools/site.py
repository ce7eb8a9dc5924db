"""Build the site in a copy of the project, and serve a folder on 127.0.0.1 (plain, or with gzip as
GitHub Pages serves it): what the tests and the benchmarks both do before they open a page."""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

from leaderboard.workspace import link_sources, project_copy

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
# Content types GitHub Pages sends gzip-compressed
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class BuildFailed(Exception):
    """A step of the build exited with an error; the message is its output."""


def source_date_epoch() -> str | None:
    """What the Makefile exports: $SOURCE_DATE_EPOCH, else the last commit's time (None outside git)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or None


def build_site(
    workdir: Path,
    site_url: str,
    data: Path = DATA,
    extra_env: dict | None = None,
    publisher: str = "mkdocs",
    log: list[str] | None = None,
) -> Path:
    """What `make build` does (or `make zensical` with publisher="zensical"), in a copy of the project
    under `workdir`; returns the site folder. The publisher's log lines go to `log` if given."""
    project = project_copy(workdir / "project")
    link_sources(project, data)
    env = {**os.environ, "SITE_URL": site_url, "NO_MKDOCS_2_WARNING": "1"}
    if epoch := source_date_epoch():
        env["SOURCE_DATE_EPOCH"] = epoch
    env.update(extra_env or {})
    generate = [
        sys.executable,
        str(ROOT / "build_charts.py"),
        "--data",
        str(data),
        "--docs",
        str(project / "docs"),
    ]
    _run(generate, ROOT, env)
    destination = workdir / "site"
    config = str(project / "mkdocs.yml")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(destination)]
    if publisher == "zensical":  # writes site_dir beside mkdocs.yml; it has no -d
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", config]
    stderr = _run(command, project, env)
    if log is not None:
        log += stderr.splitlines()
    if publisher == "zensical":
        (project / "site").rename(destination)
    return destination


def _run(command: list[str], cwd: Path, env: dict) -> str:
    """Run one step of the build; its standard error, or BuildFailed with it."""
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed(f"{' '.join(command[1:3])} exited with {result.returncode}:\n{result.stderr}")
    return result.stderr


def mkdocs_serve_command(config: Path, port: int, dirty: bool = False) -> list[str]:
    """`mkdocs serve` of the project configured by `config`, on 127.0.0.1:`port`, by this Python."""
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "-f",
        str(config),
        "--dev-addr",
        f"127.0.0.1:{port}",
        *(["--dirty"] if dirty else []),
    ]


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """End a server started as a process: asked to stop, then killed if it has not in `timeout` s."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, without a log line per request."""

    def log_message(self, *args):
        pass


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    """Serve `directory` on 127.0.0.1:`port` from a background thread; `.shutdown()` stops it."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class GzipHandler(QuietHandler):
    """Static files, gzip-compressed for text types when the browser asks (as GitHub Pages does);
    every request is logged with its raw size and the size sent."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if not path.is_file():
            return super().do_GET()  # redirects and 404s as usual
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        compress = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(COMPRESSED)
        payload = self.server.gzipped(path, body) if compress else body
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Cache-Control", "max-age=600")
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(payload)
        self.server.log.append((path.name, len(body), len(payload)))


class GzipServer(http.server.ThreadingHTTPServer):
    def __init__(self, directory: Path, port: int):
        super().__init__(("127.0.0.1", port), functools.partial(GzipHandler, directory=str(directory)))
        self.log: list[tuple[str, int, int]] = []  # (file name, raw size, size sent)
        self._gzip: dict[Path, bytes] = {}

    def gzipped(self, path: Path, body: bytes) -> bytes:
        if path not in self._gzip:
            self._gzip[path] = gzip.compress(body, compresslevel=6, mtime=0)
        return self._gzip[path]


def serve_gzip(directory: Path, port: int) -> GzipServer:
    """`serve`, with gzip: its `.log` lists every file sent, with its raw size and the size sent."""
    server = GzipServer(directory, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
