"""Project pages: the site published under a sub-path, as at https://USER.github.io/REPO/, works there.

The site is built with SITE_URL=http://127.0.0.1:PORT/sub/path/ and served under /sub/path/ alone,
the way GitHub Pages serves it: the server's root holds nothing else, and a missing path answers
with the site's 404.html. A link, chart spec, download, stylesheet or script that escapes the
sub-path therefore answers 404, and so does one that assumes the site sits at the root.
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest
from crawler import crawl, http_status, is_page, page_key, same_host
from utils import dataset, headline_benchmark, report

from tools.site import QuietHandler, build_site, free_port

SUB_PATH = "/sub/path/"


class PagesHandler(QuietHandler):
    """Serves `directory` as GitHub Pages does: a missing path gets the site's own 404.html."""

    not_found_page: Path

    def send_error(self, code, message=None, explain=None):
        if code != 404 or not self.not_found_page.exists():
            return super().send_error(code, message, explain)
        body = self.not_found_page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory) -> str:
    """The site built for and served under http://127.0.0.1:PORT/sub/path/; its URL."""
    port = free_port()
    url = f"http://127.0.0.1:{port}{SUB_PATH}"
    workdir = tmp_path_factory.mktemp("subpath")
    site_dir = build_site(workdir, url)
    mount = workdir / "root" / SUB_PATH.strip("/")
    mount.parent.mkdir(parents=True)
    mount.symlink_to(site_dir, target_is_directory=True)
    handler = type("Handler", (PagesHandler,), {"not_found_page": site_dir / "404.html"})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(workdir / "root"))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def crawled(browser, subpath_site):
    return crawl(browser, subpath_site)


def test_every_page_of_the_sitemap_is_under_the_sub_path_and_answers_200(crawled, subpath_site):
    assert crawled.sitemap, "sitemap.xml lists no page"
    outside = [url for url in crawled.sitemap if not url.startswith(subpath_site)]
    assert not outside, report(outside)
    problems = [f"{url}: not visited" for url in crawled.sitemap if page_key(url) not in crawled.visits]
    problems += [f"{v.url}: HTTP {v.status}" for v in crawled.visits.values() if v.status != 200]
    assert not problems, report(problems)


def test_every_internal_link_stays_under_the_sub_path(crawled, subpath_site):
    problems = [f"{page}: {link}" for page, link in crawled.links() if not link.startswith(subpath_site)]
    assert not problems, report(problems)


def test_every_linked_page_and_download_answers_200(crawled):
    problems = [f"{url}: HTTP {status}" for url, status in crawled.files.items() if status != 200]
    for source, link in crawled.links():
        visit = crawled.visits.get(page_key(link))
        if is_page(link) and (visit is None or visit.status != 200):
            problems.append(f"{source}: {link}: {'not visited' if visit is None else visit.status}")
    assert not problems, report(problems)


def test_every_script_stylesheet_spec_and_image_a_page_loads_is_found(crawled):
    problems = [f"{v.url}: {failure}" for v in crawled.visits.values() for failure in v.failed]
    problems += [f"{v.url}: {error}" for v in crawled.visits.values() for error in v.errors]
    problems += [f"{v.url}: {request}" for v in crawled.visits.values() for request in v.foreign]
    assert not problems, report(problems)


def test_every_chart_loads_its_spec_from_the_sub_path_and_draws_its_data(crawled, subpath_site):
    charts = [(v, c) for v in crawled.visits.values() for c in v.charts]
    assert charts, "no chart found on any page"
    problems = []
    for visit, chart in charts:
        name = f"{visit.url}: chart {chart.id}"
        if not chart.spec.startswith(subpath_site):
            problems.append(f"{name}: spec {chart.spec} is outside the sub-path")
        if chart.state != "true" or not chart.expected:
            problems.append(f"{name}: state {chart.state!r}, {len(chart.expected)} mark kinds in its data")
        problems += chart.mark_problems(name)
    assert not problems, report(problems)


def test_instant_navigation_works_under_the_sub_path(browser, subpath_site):
    """Material navigates without a reload only when the page's URL matches site_url's path."""
    page = browser.new_page()
    try:
        target = f"{subpath_site}benchmarks/{headline_benchmark()}/"
        page.goto(subpath_site)
        page.wait_for_selector(".lb-chart__view[data-rendered=true] svg", timeout=15000)  # layout settled
        page.locator(f".md-content a[href$='benchmarks/{headline_benchmark()}/']").first.click()
        page.wait_for_url(lambda url: page_key(url) == target)
        page.wait_for_selector(".lb-chart__view[data-rendered=true] svg", timeout=15000)
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    finally:
        page.close()


def test_search_finds_a_benchmark_page_under_the_sub_path(browser, subpath_site):
    benchmark = headline_benchmark()
    name = dataset().benchmarks[benchmark].name
    page = browser.new_page()
    try:
        page.goto(subpath_site)
        page.locator("input.md-search__input").click()  # in the header at desktop widths
        page.keyboard.type(name)
        results = page.locator(".md-search-result__item a")
        results.first.wait_for(timeout=15000)
        found = [page_key(results.nth(i).evaluate("(a) => a.href")) for i in range(results.count())]
        assert all(url.startswith(subpath_site) for url in found), found
        assert f"{subpath_site}benchmarks/{benchmark}/" in found
    finally:
        page.close()


def test_a_missing_page_shows_the_styled_404_page_whose_links_work_at_any_depth(browser, subpath_site):
    """GitHub Pages answers a missing path with 404.html, so its links must not depend on the depth."""
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    try:
        missing = f"{subpath_site}no/such/page/"
        response = page.goto(missing)
        assert response.status == 404
        failed.remove(f"404 {missing}")
        assert not failed, report(failed)
        assert page.evaluate("() => document.styleSheets.length") > 0
        links = {
            page_key(url)
            for url in page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.href)")
            if same_host(url, subpath_site)
        }
        assert subpath_site in links
        problems = [
            f"{url}: outside the sub-path" for url in sorted(links) if not url.startswith(subpath_site)
        ]
        problems += [f"{url}: HTTP {status}" for url in sorted(links) if (status := http_status(url)) != 200]
        assert not problems, report(problems)
    finally:
        page.close()
