"""axe-core on every page of the built site, in headless Chromium: no violation of serious or
critical impact.

Pages come from the crawl (sitemap.xml and links), so every page added later is checked; the crawl
runs axe-core on each page it visits, in the light scheme. The dark scheme changes colours only, so
it is checked on one page of each kind (one per URL shape: /, /benchmarks/, /benchmarks/*/,
/models/*/...), the one with the most charts. No rule is disabled: the findings that come from the
stack itself (Material's search dialog, vega-embed's actions menu, links told apart by colour only)
are fixed at the source, in docs/assets/javascripts/a11y.js and docs/assets/stylesheets/a11y.css.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler import CHARTS_SETTLED_JS, accessibility_violations, crawl_once


def report(problems: list[str], scheme: str) -> str:
    return f"{len(problems)} violation(s) in the {scheme} scheme:\n" + "\n".join(problems)


def kind(url: str, site: str) -> tuple[str, ...]:
    """The shape of a page's URL: /models/qwen2-7b/ and /models/llama-3-8b/ are one kind."""
    parts = urlsplit(url).path[len(urlsplit(site).path) :].strip("/").split("/")
    return tuple(parts[:1] + ["*"] * (len(parts) - 1)) if parts != [""] else ()


def test_no_page_has_a_serious_or_critical_accessibility_violation(browser, site):
    crawled = crawl_once(browser, site)
    problems = [f"{v.url}: {problem}" for v in crawled.visits.values() for problem in v.violations]
    assert not problems, report(problems, "light")


def test_no_kind_of_page_has_a_serious_or_critical_violation_in_the_dark_scheme(browser, site):
    crawled = crawl_once(browser, site)
    pages: dict[tuple[str, ...], object] = {}
    for visit in crawled.visits.values():
        shown = pages.get(kind(visit.url, site))
        if shown is None or len(visit.charts) > len(shown.charts):
            pages[kind(visit.url, site)] = visit
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    problems = []
    try:
        for visit in pages.values():
            page.goto(visit.url, wait_until="load")
            page.wait_for_function(CHARTS_SETTLED_JS, timeout=15000)
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", (
                "the dark scheme is not on"
            )
            problems += [f"{visit.url}: {problem}" for problem in accessibility_violations(page)]
    finally:
        context.close()
    assert not problems, report(problems, "dark")
