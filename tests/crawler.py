"""Visit every page of the served site in headless Chromium and record what a visitor would meet.

Pages are found the way a visitor or a search engine finds them: from `sitemap.xml` and from the
links on every page visited (same host only), so pages added later are crawled with no change here.
One browser context is reused for every page; each page is inspected once its charts are drawn
(each scrolled into view, as charts are drawn only as a reader comes near them): its links and
ids, its charts (with the marks their spec files' data calls for), and axe-core's accessibility
findings.
"""

from __future__ import annotations

import contextlib
import json
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from utils import PageWatch, draw_charts

COUNT_MARKS_JS = (Path(__file__).with_name("count_marks.js")).read_text(encoding="utf-8")

# Every link, every id (and legacy <a name>), and every chart of the page a reader can see, once its
# charts are drawn (the compare page's chart stays hidden until two models are chosen).
INSPECT_JS = """() => ({
  links: [...document.querySelectorAll("a[href]")].map(a => a.href),
  ids: [...document.querySelectorAll("[id]")].map(e => e.id)
        .concat([...document.querySelectorAll("a[name]")].map(a => a.name)),
  charts: [...document.querySelectorAll(".lb-chart__view")]
    .filter(view => !view.closest("[hidden]")).map(view => ({
    id: view.closest("[id]") ? view.closest("[id]").id : "",
    spec: view.dataset.vlSpec ? new URL(view.dataset.vlSpec, document.baseURI).href : "",
    state: view.dataset.rendered || "",
    svg: view.querySelectorAll("svg").length,
    rendered: Object.fromEntries(MARK_SELECTORS.map(s => [s, view.querySelectorAll(s).length])),
  })),
})"""

SERIOUS = {"serious", "critical"}
# axe-core takes about a second a page. Pages of one kind share one template, so past this many
# (thousands of model pages), the rest of a kind is crawled but not audited.
AXE_PER_KIND = 100


@dataclass
class Chart:
    """A chart as drawn on a page, and the marks its spec's data calls for."""

    id: str
    spec: str
    state: str
    svg: int
    rendered: dict[str, int]
    expected: dict[str, int] = field(default_factory=dict)
    uncountable: list[str] = field(default_factory=list)

    def mark_problems(self, name: str) -> list[str]:
        """Each kind of mark drawn a different number of times than the spec's data has rows."""
        return [
            f"{name}: {self.rendered.get(selector)} `{selector}` drawn, {count} in the data"
            for selector, count in self.expected.items()
            if self.rendered.get(selector) != count
        ]


@dataclass
class Visit:
    """One page as the browser met it."""

    url: str
    status: int | None
    errors: list[str]
    foreign: list[str]
    failed: list[str]
    links: list[str]
    ids: set[str]
    charts: list[Chart]
    violations: list[str] | None  # axe-core's findings of serious or critical impact; None: not run


@dataclass
class Crawl:
    site: str
    sitemap: list[str]
    visits: dict[str, Visit]
    files: dict[str, int]  # linked files that are not pages (.json, .csv...): their HTTP status

    def links(self):
        """Every same-host link on every page, as (page, link)."""
        for visit in self.visits.values():
            for link in visit.links:
                if same_host(link, self.site):
                    yield visit.url, link


def same_host(url: str, site: str) -> bool:
    return urlsplit(url).netloc == urlsplit(site).netloc


def is_page(url: str) -> bool:
    """A link to a page (a folder or an .html file), as opposed to a file such as data.csv."""
    path = urlsplit(url).path
    return path.endswith("/") or path.endswith(".html")


def kind(url: str, site: str) -> tuple[str, ...]:
    """The shape of a page's URL: /models/qwen2-7b/ and /models/llama-3-8b/ are one kind."""
    parts = urlsplit(url).path[len(urlsplit(site).path) :].strip("/").split("/")
    return tuple(parts[:1] + ["*"] * (len(parts) - 1)) if parts != [""] else ()


def page_key(url: str) -> str:
    """The page a URL shows: without its #fragment or ?query."""
    return urldefrag(url).url.split("?")[0]


def fragment(url: str) -> str:
    return unquote(urldefrag(url).fragment)


def http_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def sitemap_urls(site: str) -> list[str]:
    with urllib.request.urlopen(site + "sitemap.xml", timeout=30) as response:
        text = response.read().decode("utf-8")
    return [unescape_xml(loc) for loc in re.findall(r"<loc>\s*([^<]+?)\s*</loc>", text)]


def unescape_xml(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


_crawls: dict[str, Crawl] = {}


def crawl_once(browser, site: str) -> Crawl:
    """The crawl of this test session's site, shared by the tests that need its pages."""
    if site not in _crawls:
        _crawls[site] = crawl(browser, site)
    return _crawls[site]


def crawl(browser, site: str) -> Crawl:
    """Every page reachable from the sitemap, the home page and the 404 page, visited once each."""
    sitemap = sitemap_urls(site)
    queue = [site, *[page_key(u) for u in sitemap if same_host(u, site)]]
    if http_status(site + "404.html") == 200:  # the page GitHub Pages shows for a missing path
        queue.append(site + "404.html")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(f"window.MARK_SELECTORS = {mark_selectors_js()};")
    recorder = Recorder(page, site)
    visits: dict[str, Visit] = {}
    expected_cache: dict[str, dict] = {}
    audited: dict[tuple[str, ...], int] = {}
    try:
        while queue:
            url = queue.pop(0)
            if url in visits:
                continue
            audit = audited.setdefault(kind(url, site), 0) < AXE_PER_KIND
            visits[url] = visit = visit_page(page, recorder, url, expected_cache, audit)
            audited[kind(url, site)] += audit
            for link in visit.links:
                if same_host(link, site) and is_page(link) and page_key(link) not in visits:
                    queue.append(page_key(link))
    finally:
        context.close()
    files = {}
    for visit in visits.values():
        for link in visit.links:
            target = page_key(link)
            if same_host(link, site) and not is_page(link) and target not in files:
                files[target] = http_status(target)
    return Crawl(site, sitemap, visits, files)


class Recorder:
    """Listens to the one page of the crawl; cleared before each visit."""

    def __init__(self, page, site: str):
        self.watch = PageWatch(page, site)  # console errors, page errors, requests to other hosts
        self.failed: list[str] = []
        self.site = site
        page.on("response", self.on_response)
        page.on("requestfailed", self.on_request_failed)

    def on_response(self, response) -> None:
        if same_host(response.url, self.site) and response.status >= 400:
            self.failed.append(f"HTTP {response.status} {response.url}")

    def on_request_failed(self, request) -> None:
        # ERR_ABORTED: the crawl moved on to the next page while this one was still loading.
        if request.failure != "net::ERR_ABORTED":
            self.failed.append(f"{request.failure} {request.url}")

    def clear(self) -> None:
        self.watch.errors.clear()
        self.watch.foreign.clear()
        self.failed.clear()


def visit_page(page, recorder: Recorder, url: str, expected_cache: dict[str, dict], audit: bool) -> Visit:
    recorder.clear()
    response = page.goto(url, wait_until="load")
    with contextlib.suppress(PlaywrightError):  # a chart that never settles fails the chart tests
        draw_charts(page, timeout=15000)
    found = page.evaluate(INSPECT_JS)
    charts = []
    for raw in found["charts"]:
        chart = Chart(**raw)
        if chart.spec:
            if chart.spec not in expected_cache:
                expected_cache[chart.spec] = page.evaluate(
                    COUNT_MARKS_JS, {"spec": chart.spec, "selectors": MARK_SELECTORS}
                )
            chart.expected = expected_cache[chart.spec]["expected"]
            chart.uncountable = expected_cache[chart.spec]["uncountable"]
        charts.append(chart)
    violations = accessibility_violations(page) if audit else None
    w = recorder.watch
    return Visit(
        url,
        response.status if response else None,
        list(w.errors),
        list(w.foreign),
        list(recorder.failed),
        found["links"],
        set(found["ids"]),
        charts,
        violations,
    )


def accessibility_violations(page) -> list[str]:
    """axe-core's findings of serious or critical impact on the page as it is now."""
    results = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']}: {', '.join(str(n['target']) for n in v['nodes'][:5])}"
        for v in results["violations"]
        if v["impact"] in SERIOUS
    ]


MARK_SELECTORS = {
    # Vega-Lite mark type: the SVG elements Vega draws for it, one per data row (or per group).
    "point": "g.mark-symbol.role-mark path",
    "circle": "g.mark-symbol.role-mark path",
    "square": "g.mark-symbol.role-mark path",
    "rule": "g.mark-rule.role-mark line",
    "text": "g.mark-text.role-mark text",
    "bar": "g.mark-rect.role-mark path",
    "rect": "g.mark-rect.role-mark path",
    "tick": "g.mark-rect.role-mark path",
    "image": "g.mark-image.role-mark image",
    "arc": "g.mark-arc.role-mark path",
    "line": "g.mark-line.role-mark path",
    "trail": "g.mark-trail.role-mark path",
    "area": "g.mark-area.role-mark path",
}


def mark_selectors_js() -> str:
    return json.dumps(sorted(set(MARK_SELECTORS.values())))
