"""Fixtures: the real data and a copy of it to break, the built site served on 127.0.0.1, and
headless Chromium. Helpers that are not fixtures live in utils.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from utils import DATA, PageWatch

from tools import browser as browser_tool
from tools.site import build_site, free_port, serve


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ to break."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> str:
    """The real site, built as `make build` builds it and served on 127.0.0.1; its base URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    destination = build_site(tmp_path_factory.mktemp("build"), url)
    server = serve(destination, port)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium: the one `make test` found or installed (tools/browser.py)."""
    from playwright.sync_api import sync_playwright

    try:
        found = browser_tool.find()
    except browser_tool.NoBrowser as error:
        pytest.fail(str(error))
    if not found:
        pytest.fail("no Chromium found: `make test` installs one, or set CHROMIUM_PATH")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=found, args=browser_tool.FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site):
    """A fresh page of a desktop-sized browser context, watching for errors and foreign requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, site)
    yield page
    context.close()
