"""A path past MkDocs: Zensical publishes the same `mkdocs.yml`, and the charts render.

Material for MkDocs reaches end of life in 2027; Zensical, by the same team, reads `mkdocs.yml`.
`build_charts.py` writes the pages, specs and scripts without MkDocs, so `make zensical`
(`python build_charts.py && zensical build`) publishes the same site. MkDocs-only conveniences are
skipped there: the hook that regenerates pages in memory under `mkdocs serve`.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from crawler import COUNT_MARKS_JS, MARK_SELECTORS, crawl
from utils import DATA, read_csv, report

from tools.site import build_site, free_port, serve

SYMBOLS = MARK_SELECTORS["point"]


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> tuple[str, Path]:
    """The site as Zensical builds it, served on 127.0.0.1: its URL and its folder."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site_dir = build_site(tmp_path_factory.mktemp("zensical"), url, publisher="zensical")
    server = serve(site_dir, port)
    yield url, site_dir
    server.shutdown()


def test_zensical_takes_the_site_url_from_the_environment(zensical_site):
    url, site_dir = zensical_site
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert re.search(rf'<link rel="canonical" href="{re.escape(url)}"', home)


def test_zensical_uses_its_classic_look_the_one_material_for_mkdocs_has(zensical_site):
    home = (zensical_site[1] / "index.html").read_text(encoding="utf-8")
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home)
    assert any("/stylesheets/classic/" in href for href in stylesheets), stylesheets
    assert not any("/stylesheets/modern/" in href for href in stylesheets), stylesheets


def test_zensical_draws_the_home_chart_with_one_symbol_per_point_of_its_data(browser, zensical_site):
    url, _ = zensical_site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    try:
        page.goto(url)
        view = page.locator(".lb-chart__view").first
        page.wait_for_selector(".lb-chart__view[data-rendered=true] svg", timeout=15000)
        spec = page.evaluate(
            "(view) => new URL(view.dataset.vlSpec, document.baseURI).href", view.element_handle()
        )
        counted = page.evaluate(COUNT_MARKS_JS, {"spec": spec, "selectors": MARK_SELECTORS})
        points = counted["expected"][SYMBOLS]
        assert points > 0
        assert view.locator(SYMBOLS).count() == points
        assert errors == []
    finally:
        page.close()


@pytest.fixture(scope="module")
def crawled(browser, zensical_site):
    return crawl(browser, zensical_site[0])


def test_every_zensical_page_loads_its_scripts_styles_and_specs(crawled):
    assert len(crawled.visits) > 1
    problems = [f"{v.url}: HTTP {v.status}" for v in crawled.visits.values() if v.status != 200]
    problems += [f"{v.url}: {failure}" for v in crawled.visits.values() for failure in v.failed]
    problems += [f"{v.url}: {error}" for v in crawled.visits.values() for error in v.errors]
    problems += [f"{v.url}: {request}" for v in crawled.visits.values() for request in v.foreign]
    problems += [f"{url}: HTTP {status}" for url, status in crawled.files.items() if status != 200]
    assert not problems, report(problems)


def test_every_zensical_chart_draws_its_data(crawled):
    charts = [(v, c) for v in crawled.visits.values() for c in v.charts]
    assert charts, "no chart found on any page"
    problems = []
    for visit, chart in charts:
        name = f"{visit.url}: chart {chart.id}"
        if chart.state != "true":
            problems.append(f"{name}: state {chart.state!r}")
        problems += chart.mark_problems(name)
    assert not problems, report(problems)


def test_every_zensical_model_page_shows_its_name_facts_and_a_row_per_score(browser, zensical_site):
    """Zensical honours a page's `template: model.html`: the article comes from its front matter."""
    url, _ = zensical_site
    scores = Counter(row["model"] for row in read_csv(DATA / "results.csv"))
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = []
    try:
        for model in read_csv(DATA / "models.csv"):
            page.goto(f"{url}models/{model['id']}/")
            article = page.locator("article")
            shown = {
                "heading": article.locator("h1").all_inner_texts(),
                "facts": article.locator("ul.lb-facts li").count() > 0,
                "scores": article.locator("#scores + .lb-table tbody tr").count(),
            }
            wanted = {"heading": [model["name"]], "facts": True, "scores": scores[model["id"]]}
            if shown != wanted:
                problems.append(f"{model['id']}: {shown}, not {wanted}")
    finally:
        page.close()
    assert not problems, report(problems)
