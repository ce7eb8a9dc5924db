"""The built site, served on 127.0.0.1 and opened in headless Chromium."""

from __future__ import annotations

import paper
from crawler import MARK_SELECTORS
from utils import draw_charts

SYMBOLS, RULES = MARK_SELECTORS["point"], MARK_SELECTORS["rule"]
HEADING = "document.querySelector('article h1').textContent"
ALL_DRAWN = "[...document.querySelectorAll('.lb-chart__view')].every(v => v.dataset.rendered === 'true')"


def wait_for_chart(page) -> None:
    page.wait_for_selector(".lb-chart__view[data-rendered=true] svg", timeout=15000)


def test_the_home_chart_draws_figure_1_s_points_and_lines_without_errors_or_foreign_requests(page, site):
    page.goto(site)
    wait_for_chart(page)
    assert page.locator(SYMBOLS).count() == len(paper.figure1_points())
    assert page.locator(RULES).count() == len(paper.figure1_closed_lines())
    assert page.watch.errors == []
    assert page.watch.foreign == []


def test_the_chart_renders_again_after_instant_navigation(page, site):
    page.goto(site)
    wait_for_chart(page)
    home_heading = page.locator("article h1").text_content()
    page.locator(".md-content a[href$='/benchmarks/math/']").first.click()
    page.wait_for_url(lambda url: url.split("#")[0].endswith("/benchmarks/math/"))
    # Material changes the address before it swaps the page: wait for another heading.
    page.wait_for_function(f"heading => {HEADING} !== heading", arg=home_heading)
    draw_charts(page)
    assert page.evaluate(ALL_DRAWN)
    assert page.locator(".lb-chart__view").count() > 1
    assert page.locator(f"#chart-math-by-size {SYMBOLS}").count() == len(paper.figure1_points())
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    page.go_back()
    # Back on the home page, Material restores the scroll position (where the link was), so the
    # chart is drawn when it comes into view again.
    page.wait_for_function(f"heading => {HEADING} === heading", arg=home_heading)
    draw_charts(page)
    assert page.evaluate(ALL_DRAWN)
    assert page.locator(".lb-chart__view").count() == 1
    assert page.locator(SYMBOLS).count() == len(paper.figure1_points())
    assert page.watch.errors == []


def test_the_chart_width_follows_the_page(browser, site):
    widths = []
    for viewport in (1280, 480):
        context = browser.new_context(viewport={"width": viewport, "height": 900})
        page = context.new_page()
        page.goto(site)
        wait_for_chart(page)
        container = page.locator(".lb-chart__view").bounding_box()["width"]
        chart = page.locator(".lb-chart__view svg").first.bounding_box()["width"]
        assert abs(chart - container) < 0.1 * container
        widths.append(chart)
        context.close()
    assert widths[1] < widths[0]


def svg_and_view_widths(page) -> list[tuple[float, float]]:
    return page.locator(".lb-chart__view").evaluate_all(
        "views => views.map(v => [v.querySelector('svg.marks').getBoundingClientRect().width, v.clientWidth])"
    )


def test_the_chart_width_follows_a_resize_and_instant_navigation(page, site):
    page.goto(site)
    wait_for_chart(page)
    [(before, _)] = svg_and_view_widths(page)
    page.set_viewport_size({"width": 480, "height": 900})
    page.wait_for_function(
        "before => document.querySelector('.lb-chart__view svg.marks').getBoundingClientRect().width"
        " < before - 50",
        arg=before,
    )
    [(after, container)] = svg_and_view_widths(page)
    assert abs(after - container) < 0.1 * container
    page.locator(".md-content a[href$='/benchmarks/math/']").first.click()
    page.wait_for_function("() => document.querySelectorAll('.lb-chart__view').length > 1")
    draw_charts(page)
    assert page.evaluate(ALL_DRAWN)
    for chart, container in svg_and_view_widths(page):
        assert abs(chart - container) < 0.1 * container


def test_a_tooltip_shows_the_model_its_score_setting_and_source(page, site):
    page.goto(site)
    wait_for_chart(page)
    page.locator(SYMBOLS).first.hover()
    tooltip = page.locator("#lb-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    for word in ("Model", "Size", "Accuracy (%)", "Setting", "Source", "Step-DPO"):
        assert word in text


def test_the_results_table_sorts_by_a_column(page, site):
    page.goto(site + "benchmarks/math/")
    page.get_by_role("button", name="Model").click()
    names = page.locator("table[data-sortable] tbody tr td:nth-child(2)").all_inner_texts()
    assert names == sorted(names, key=str.lower)
