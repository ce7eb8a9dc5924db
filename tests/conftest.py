"""Shared fixtures: the real data, broken copies of it, the built site served on 127.0.0.1,
and headless Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from leaderboard.workspace import link_sources, project_copy
from tools import browser as browser_tool

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ to break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve(directory: Path, port: int) -> http.server.ThreadingHTTPServer:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


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
    result = subprocess.run(
        [sys.executable, str(ROOT / "build_charts.py"), "--data", str(data), "--docs", str(project / "docs")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    destination = workdir / "site"
    config = str(project / "mkdocs.yml")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config, "-d", str(destination)]
    if publisher == "zensical":  # writes site_dir beside mkdocs.yml; it has no -d
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", config]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    if log is not None:
        log += result.stderr.splitlines()
    if publisher == "zensical":
        (project / "site").rename(destination)
    return destination


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> str:
    """The real site, built as `make build` builds it and served on 127.0.0.1; its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    destination = build_site(tmp_path_factory.mktemp("build"), url)
    server = serve(destination, port)
    yield url
    server.shutdown()


def chromium_path() -> str:
    """The browser `make test` found or installed (tools/browser.py), else the one this machine has."""
    try:
        found = browser_tool.find()
    except browser_tool.NoBrowser as error:
        pytest.fail(str(error))
    if not found:
        pytest.fail("no Chromium found: `make test` installs one, or set CHROMIUM_PATH")
    return found


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=browser_tool.FLAGS)
        yield browser
        browser.close()


class PageWatch:
    """Console errors, page errors and requests to other hosts seen by a page."""

    def __init__(self, page, base_url: str):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        host = base_url.split("/")[2]

        def check(request):
            if request.url.split("/")[2] != host and not request.url.startswith(("data:", "blob:")):
                self.foreign.append(request.url)

        page.on("request", check)


@pytest.fixture
def page(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, site)
    yield page
    context.close()
