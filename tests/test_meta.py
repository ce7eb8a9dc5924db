"""Finding the site and sharing it: every page has a description and a link preview (Open Graph,
Twitter card) with the headline chart and absolute URLs; the site has its own favicon and 404 page;
text from data/ in the head is escaped."""

from __future__ import annotations

import html.parser
import re
import urllib.error
import urllib.parse
import urllib.request

import yaml
from utils import DATA, ROOT

from leaderboard.charts.files import PREVIEW_IMAGE
from leaderboard.pipeline import build
from tools.site import build_site

PNG = b"\x89PNG\r\n\x1a\n"


class Head(html.parser.HTMLParser):
    """The `<meta>` values, `<link rel=icon>` and `<title>` of a page, unescaped as a browser reads them."""

    def __init__(self, text: str):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.icon = ""
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta[values.get("name") or values["property"]] = values.get("content", "")
        elif tag == "link" and values.get("rel") == "icon":
            self.icon = values["href"]
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def page_urls(site: str) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", get(site + "sitemap.xml").decode("utf-8"))


def test_every_page_has_a_description_and_a_link_preview_with_absolute_urls(site):
    urls = page_urls(site)
    assert len(urls) > 5
    descriptions = set()
    for url in urls:
        head = Head(get(url).decode("utf-8"))
        meta = head.meta
        descriptions.add(meta.get("description"))
        assert meta.get("description"), url
        assert meta["og:description"] == meta["twitter:description"] == meta["description"], url
        assert meta["og:title"] and meta["og:title"] == meta["twitter:title"], url
        assert meta["og:url"] == url
        assert meta["og:image"] == meta["twitter:image"] == site + PREVIEW_IMAGE, url
        assert meta["twitter:card"] == "summary_large_image", url
    assert len(descriptions) == len(urls)  # each page describes itself, not the site


def test_the_home_page_describes_itself_with_its_own_front_matter(site):
    front_matter = build(DATA)["index.md"].decode("utf-8").split("---")[1]
    head = Head(get(site).decode("utf-8"))
    assert head.meta["description"] == yaml.safe_load(front_matter)["description"]
    assert head.title.startswith(head.meta["og:title"])


def test_the_preview_image_is_served_as_a_png_of_the_headline_chart(site):
    image = get(Head(get(site).decode("utf-8")).meta["og:image"])
    assert image.startswith(PNG)


def test_the_favicon_is_the_sites_own_svg(site):
    head = Head(get(site).decode("utf-8"))
    assert head.icon.endswith("favicon.svg")
    assert (
        get(urllib.parse.urljoin(site, head.icon)) == (ROOT / "docs/assets/images/favicon.svg").read_bytes()
    )


def test_the_404_page_links_home_benchmarks_models_and_downloads_by_absolute_paths(page, site):
    text = get(site + "404.html").decode("utf-8")
    article = re.search(r"<article.*?</article>", text, re.S).group(0)
    hrefs = [h for h in re.findall(r'href="([^"]+)"', article) if not h.startswith("#")]
    assert len(hrefs) == 4
    assert all(href.startswith("/") for href in hrefs), hrefs  # a relative link breaks at /a/missing/path/
    page.goto(site + "404.html")
    assert page.locator("article h1").inner_text() == "Page not found"
    assert "search" in page.locator("article").inner_text()
    for href in hrefs:
        assert page.request.get(urllib.parse.urljoin(site, href)).status == 200, href
    assert page.watch.errors == [] and page.watch.foreign == []


def test_a_page_that_does_not_exist_is_an_error_not_an_empty_page(site):
    try:
        get(site + "models/no-such-model/")
    except urllib.error.HTTPError as error:
        assert error.code == 404
    else:
        raise AssertionError("a missing page answered 200")


def test_titles_and_descriptions_from_data_are_escaped_in_the_head(tmp_path, data_copy):
    name = 'GSM8K "<i>x</i>" & y</title><script>alert(1)</script>'
    benchmarks = (data_copy / "benchmarks.yaml").read_text(encoding="utf-8")
    benchmarks = benchmarks.replace('name: "GSM8K"', "name: " + yaml_quoted(name), 1)
    (data_copy / "benchmarks.yaml").write_text(benchmarks, encoding="utf-8")
    site_url = "http://127.0.0.1:9/sub/"
    site = build_site(tmp_path, site_url, data=data_copy)
    for path in site.rglob("*.html"):
        assert "<script>alert" not in path.read_text(encoding="utf-8"), path
    head = Head((site / "benchmarks" / "gsm8k" / "index.html").read_text(encoding="utf-8"))
    assert head.title.startswith(name)
    assert head.meta["og:title"] == name
    assert name in head.meta["description"] and head.meta["og:description"] == head.meta["description"]
    assert head.meta["og:image"] == site_url + PREVIEW_IMAGE


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def test_the_overrides_are_not_published_as_files(site):
    for name in ("main.html", "404.html"):
        try:
            get(site + "overrides/" + name)
        except urllib.error.HTTPError as error:
            assert error.code == 404
        else:
            raise AssertionError(f"overrides/{name} is published")


def test_the_favicon_is_small_and_names_the_site():
    svg = (ROOT / "docs/assets/images/favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<title>" in svg and len(svg) < 2000
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", svg)  # nothing fetched from elsewhere
