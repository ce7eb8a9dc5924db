"""axe-core on every page of the built site, in headless Chromium: no violation of serious or
critical impact.

Pages come from the crawl (sitemap.xml and links), so every page added later is checked; the crawl
runs axe-core on each page it visits, in the light scheme (on the first AXE_PER_KIND pages of each
kind: a site of thousands of model pages is audited on a hundred of them). The dark scheme changes
colours only, so it is checked on one page of each kind (one per URL shape: /, /benchmarks/, /benchmarks/*/,
/models/*/...), the one with the most charts. No rule is disabled: the findings that come from the
stack itself (Material's search dialog, Material's dimmed <small> and outlined button in the dark
scheme) are fixed at the source, in docs/assets/javascripts/a11y.js and
docs/assets/stylesheets/site.css (which also underlines links, as link-in-text-block asks).
"""

from __future__ import annotations

from crawler import AXE_PER_KIND, accessibility_violations, crawl_once, kind
from utils import draw_charts, report

# Material's dark scheme on; or, on a page without Material's scheme (an embed page), the reader's.
DARK_IS_ON = """document.body.dataset.mdColorScheme
  ? document.body.dataset.mdColorScheme === "slate"
  : matchMedia("(prefers-color-scheme: dark)").matches
    && getComputedStyle(document.body).backgroundColor !== 'rgb(255, 255, 255)'"""


def test_no_page_has_a_serious_or_critical_accessibility_violation(browser, site):
    crawled = crawl_once(browser, site)
    audited = [v for v in crawled.visits.values() if v.violations is not None]
    assert len(audited) >= min(len(crawled.visits), AXE_PER_KIND)
    problems = [f"{v.url}: {problem}" for v in crawled.visits.values() for problem in v.violations or []]
    assert not problems, report(problems, "violation(s) in the light scheme")


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
            draw_charts(page, timeout=15000)
            assert page.evaluate(DARK_IS_ON), f"{visit.url}: the dark scheme is not on"
            problems += [f"{visit.url}: {problem}" for problem in accessibility_violations(page)]
    finally:
        context.close()
    assert not problems, report(problems, "violation(s) in the dark scheme")
