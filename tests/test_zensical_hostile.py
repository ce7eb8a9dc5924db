"""Under Zensical too, hostile names stay text: titles and descriptions reach the theme escaped
(front matter holds them as HTML), so the page title, the header and the meta tags show a name as
typed, and no element or event handler comes from the data."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from utils import BENCHMARK_NAME, NAMES, SITE_URL, hostile_data

from tools.site import build_site


class Page(HTMLParser):
    """The page's <title> text, its header topics, and every tag or handler a name could inject."""

    def __init__(self, html: str):
        super().__init__()
        self.title, self.topics, self.injected = "", [], []
        self._in_title = self._in_topic = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if any(name.startswith("on") for name in attributes):  # an event handler: no page has one
            self.injected.append((tag, attributes))
        self._in_title = tag == "title"
        self._in_topic = tag == "span" and "md-ellipsis" in (attributes.get("class") or "")

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        elif self._in_topic and data.strip():
            self.topics.append(data.strip())
            self._in_topic = False

    def handle_endtag(self, tag):
        self._in_title = False if tag == "title" else self._in_title


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("zensical-hostile")
    return build_site(work, SITE_URL, data=hostile_data(work), publisher="zensical")


@pytest.mark.parametrize("model", sorted(NAMES))
def test_a_hostile_model_name_is_text_in_the_zensical_title_and_header(zensical_site, model):
    page = Page((zensical_site / "models" / model / "index.html").read_text(encoding="utf-8"))
    assert page.title.startswith(NAMES[model] + " - ")
    assert NAMES[model] in page.topics
    assert page.injected == []


def test_a_hostile_benchmark_name_is_text_in_the_zensical_title_and_header(zensical_site):
    page = Page((zensical_site / "benchmarks" / "gsm8k" / "index.html").read_text(encoding="utf-8"))
    assert page.title.startswith(BENCHMARK_NAME + " - ")
    assert BENCHMARK_NAME in page.topics
    assert page.injected == []


def test_no_zensical_page_holds_an_element_or_handler_from_the_data(zensical_site):
    found = {}
    for path in zensical_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        injected = Page(text).injected
        for marker in ("<script>alert(", "<img src=x onerror", "<svg onload"):
            if marker in text:
                injected.append(marker)
        if injected:
            found[path.relative_to(zensical_site).as_posix()] = injected
    assert found == {}
