"""Every page of the built site, visited in headless Chromium: found from sitemap.xml and from links.

A visitor must never meet a broken page, a dead link or anchor, a chart that did not draw (or drew
fewer marks than its data has rows), a JavaScript error, or a request to a third party. The site is
crawled once; each test reads the same visits and lists every page at fault, not just the first.
"""

from __future__ import annotations

import pytest
from crawler import COUNT_MARKS_JS, MARK_SELECTORS, crawl_once, fragment, is_page, page_key, same_host
from utils import report


@pytest.fixture(scope="module")
def crawled(browser, site):
    return crawl_once(browser, site)


def test_the_crawl_finds_the_home_page_and_every_page_of_the_sitemap(crawled):
    assert crawled.site in crawled.visits
    assert crawled.sitemap, "sitemap.xml lists no page"
    missing = [url for url in crawled.sitemap if page_key(url) not in crawled.visits]
    assert not missing, report(missing)


def test_every_sitemap_entry_is_on_this_site(crawled):
    foreign = [url for url in crawled.sitemap if not same_host(url, crawled.site)]
    assert not foreign, report(foreign)


def test_every_page_answers_200(crawled):
    problems = [f"{v.url}: HTTP {v.status}" for v in crawled.visits.values() if v.status != 200]
    assert not problems, report(problems)


def test_no_page_logs_a_console_error_or_throws(crawled):
    problems = [f"{v.url}: {error}" for v in crawled.visits.values() for error in v.errors]
    assert not problems, report(problems)


def test_no_page_requests_another_host(crawled):
    problems = [f"{v.url}: {request}" for v in crawled.visits.values() for request in v.foreign]
    assert not problems, report(problems)


def test_every_file_a_page_loads_is_found(crawled):
    problems = [f"{v.url}: {failure}" for v in crawled.visits.values() for failure in v.failed]
    assert not problems, report(problems)


def test_every_internal_link_to_a_file_answers_200(crawled):
    problems = [f"{url}: HTTP {status}" for url, status in crawled.files.items() if status != 200]
    assert not problems, report(problems)


def test_every_internal_link_anchor_exists_on_its_target_page(crawled):
    problems = []
    for source, link in crawled.links():
        anchor = fragment(link)
        if not anchor or not is_page(link):
            continue
        target = crawled.visits[page_key(link)]
        if anchor not in target.ids:
            problems.append(f"{source}: link {link}: no element with id {anchor!r} on {target.url}")
    assert not problems, report(problems)


def test_every_chart_renders_as_an_svg(crawled):
    problems = [
        f"{v.url}: chart {c.id or c.spec}: state {c.state!r}, {c.svg} svg"
        for v in crawled.visits.values()
        for c in v.charts
        if c.state != "true" or c.svg == 0
    ]
    assert not problems, report(problems)


def test_every_chart_draws_one_mark_per_row_of_its_data(crawled):
    problems = []
    charts = [(v, c) for v in crawled.visits.values() for c in v.charts]
    for visit, chart in charts:
        name = f"{visit.url}: chart {chart.id or chart.spec}"
        problems += [f"{name}: cannot count the marks of {what}" for what in chart.uncountable]
        problems += chart.mark_problems(name)
    assert not problems, report(problems)


def test_the_crawl_found_charts_with_marks_to_count(crawled):
    """Guards the test above against counting nothing: the site has charts, each with marks."""
    charts = [c for v in crawled.visits.values() for c in v.charts]
    assert charts, "no chart found on any page"
    assert all(sum(c.expected.values()) > 0 for c in charts)


def test_the_mark_counter_replays_filters_params_and_series(page, site):
    """The counter the chart test relies on, on a spec made for it: filters (expression, field
    predicate, variable param, selection with and without start values), a calculate, a line per
    series, and an aggregate it must refuse."""
    rows = [{"x": i, "g": "a" if i < 3 else "b", "side": "left" if i % 2 else "right"} for i in range(5)]
    spec = {
        "params": [{"name": "show", "value": False}],
        "data": {"values": rows},
        "layer": [
            {
                "mark": "point",
                "params": [
                    {"name": "picked", "select": {"type": "point", "fields": ["g"]}, "value": [{"g": "b"}]},
                    {"name": "none", "select": {"type": "point", "fields": ["g"]}},
                ],
            },
            {"mark": "text", "transform": [{"filter": "datum.side === 'left'"}]},
            {"mark": "text", "transform": [{"filter": {"param": "picked", "empty": False}}]},
            {"mark": "text", "transform": [{"filter": {"not": {"param": "none", "empty": False}}}]},
            {
                "mark": "rule",
                "transform": [{"calculate": "datum.x * 2", "as": "y"}, {"filter": {"field": "y", "gte": 4}}],
            },
            {"mark": "rule", "transform": [{"filter": "show"}]},
            {"mark": "line", "encoding": {"color": {"field": "g", "type": "nominal"}}},
            {"mark": "bar", "transform": [{"aggregate": [{"op": "count", "as": "n"}]}]},
        ],
    }
    page.route("**/counter-test.vl.json", lambda route: route.fulfill(json=spec))
    page.goto(site)
    counted = page.evaluate(
        COUNT_MARKS_JS, {"spec": site + "counter-test.vl.json", "selectors": MARK_SELECTORS}
    )
    assert counted["expected"] == {
        MARK_SELECTORS["point"]: 5,
        MARK_SELECTORS["text"]: 2 + 2 + 5,
        MARK_SELECTORS["rule"]: 3,
        MARK_SELECTORS["line"]: 2,
    }
    assert counted["uncountable"] == ["spec/layer[7]: transform aggregate"]
