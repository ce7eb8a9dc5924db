"""The charts as a reader meets them: the built site served on 127.0.0.1, in headless Chromium.

Expected values come from the data (through the same chart rows the site is built from), never
typed here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from utils import dataset, draw_charts

from leaderboard.charts import rows as chart_rows
from leaderboard.charts.files import chart_outputs

SYMBOLS = "g.mark-symbol.role-mark path"
RULES = "g.mark-rule.role-mark line"
LINES = "g.mark-line.role-mark path"
TEXTS = "g.mark-text.role-mark text"
HEADLINE = "#chart-math-by-size"

STEP_DPO = dataset().methods["step-dpo"]


@cache
def info() -> dict[str, dict]:
    return chart_outputs(dataset())[1]


def chart_pages() -> list[str]:
    """Every page with a chart: the home page and each benchmark's page."""
    return ["", *[f"benchmarks/{benchmark}/" for benchmark in dataset().benchmarks]]


def headline_points() -> list[dict]:
    return chart_rows.figure_points(dataset(), dataset().figures[0])[0]


def open_charts(page, url: str) -> None:
    """Open the page and bring each of its charts into view until it is drawn."""
    page.goto(url)
    draw_charts(page)


def symbol_of(page, chart: str, model: str, score_text: str):
    """The point of `model` at `score_text`, found by the accessible label Vega gives each mark."""
    labels = page.locator(f"{chart} {SYMBOLS}").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    [index] = [
        i for i, label in enumerate(labels) if f"Model: {model};" in label and f": {score_text};" in label
    ]
    return page.locator(f"{chart} {SYMBOLS}").nth(index)


def opacities(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('opacity'))")


@pytest.mark.parametrize("path", chart_pages())
def test_every_chart_page_draws_its_charts_without_errors_warnings_or_foreign_requests(page, site, path):
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)
    open_charts(page, site + path)
    views = page.locator(".lb-chart__view")
    if path:
        assert views.count() == len([i for i in info().values() if path == f"benchmarks/{i['benchmark']}/"])
    assert page.locator(".lb-chart__view[data-rendered=true] svg.marks").count() == views.count() > 0
    assert page.watch.errors == []
    assert warnings == []
    assert page.watch.foreign == []


def test_a_chart_page_fetches_vega_and_each_compiled_spec_once_and_no_vega_lite(page, site):
    requested = []
    page.on("request", lambda request: requested.append(request.url.rsplit("/", 1)[-1]))
    open_charts(page, site + "benchmarks/math/")
    specs = [f"{i['id']}.vg.json" for i in info().values() if i["benchmark"] == "math"]
    vega = sorted(name for name in requested if name.endswith(".vg.json") or name.startswith("vega"))
    assert vega == sorted(["vega.bundle.js", *specs])
    assert not [name for name in requested if name.endswith(".vl.json")]


def test_a_tooltip_shows_the_name_size_with_active_parameters_score_setting_and_source(page, site):
    point = next(p for p in headline_points() if dataset().models[p["model_id"]].active_params_b is not None)
    open_charts(page, site)
    symbol_of(page, HEADLINE, point["model"], point["score_text"]).hover()
    tooltip = page.locator("#lb-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    for value in (point["model"], point["size"], point["score_text"], point["setting"], point["source"]):
        assert value in text
    assert "active" in point["size"]


def test_the_arrow_keys_step_through_every_point_left_to_right_and_read_each_one_out(page, site):
    points = headline_points()
    open_charts(page, site)
    page.locator(f"{HEADLINE} .lb-chart__view svg.marks").focus()
    tooltip, status = page.locator("#lb-tooltip"), page.locator(f"{HEADLINE} .lb-chart__status")

    def shown() -> dict:
        tooltip.wait_for(state="visible")
        text = tooltip.inner_text()
        values = {line.split("\t")[-1].strip() for line in text.splitlines()}  # "key<TAB>value" rows
        [point] = [p for p in points if p["model"] in values and p["score_text"] in text]
        assert point["model"] in status.text_content() and point["score_text"] in status.text_content()
        return point

    page.keyboard.press("Home")
    first = shown()
    assert first["params_b"] == min(p["params_b"] for p in points)
    visited = [first["model"]]
    for _ in points[1:]:
        page.keyboard.press("ArrowRight")
        visited.append(shown()["model"])
    assert sorted(visited) == sorted(p["model"] for p in points)  # each point once
    sizes = [next(p["params_b"] for p in points if p["model"] == m) for m in visited]
    assert sizes == sorted(sizes)  # left to right
    page.keyboard.press("End")
    assert shown()["model"] == visited[-1]
    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    assert page.watch.errors == []


TOOLTIP_COLOURS = """t => {
  const probe = document.body.appendChild(document.createElement("div"));
  probe.style.cssText = "background: var(--md-default-bg-color); color: var(--md-default-fg-color)";
  const [tip, page] = [getComputedStyle(t), getComputedStyle(probe)];
  const colours = [tip.backgroundColor, page.backgroundColor, tip.color, page.color];
  probe.remove();
  return colours;
}"""


def test_the_tooltip_has_the_page_colours_stays_in_the_window_and_goes_with_the_pointer(browser, site):
    backgrounds = []
    for scheme, width, height in (("light", 1280, 900), ("dark", 360, 740)):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        page = context.new_page()
        try:
            open_charts(page, site)
            symbols = page.locator(f"{HEADLINE} {SYMBOLS}")
            symbols.first.scroll_into_view_if_needed()
            # The point furthest right and down: a tooltip beside it would run out of the window.
            corner = max(symbols.all(), key=lambda s: (s.bounding_box()["x"], s.bounding_box()["y"]))
            box = corner.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            tooltip = page.locator("#lb-tooltip")
            tooltip.wait_for(state="visible")
            shown = tooltip.bounding_box()
            assert shown["x"] >= 0 and shown["x"] + shown["width"] <= width
            assert shown["y"] >= 0 and shown["y"] + shown["height"] <= height
            background, page_background, colour, page_colour = tooltip.evaluate(TOOLTIP_COLOURS)
            assert (background, colour) == (page_background, page_colour)
            backgrounds.append(background)
            page.mouse.move(1, 1)
            tooltip.wait_for(state="hidden")
        finally:
            context.close()
    assert backgrounds[0] != backgrounds[1]


def test_hovering_a_model_highlights_it_and_dims_the_others(page, site):
    point = max(headline_points(), key=lambda p: p["score"])
    same_model = [p for p in headline_points() if p["model_id"] == point["model_id"]]
    open_charts(page, site)
    symbol_of(page, HEADLINE, point["model"], point["score_text"]).hover()
    page.wait_for_function(
        f"() => [...document.querySelectorAll('{HEADLINE} {SYMBOLS}')]"
        ".some(e => e.getAttribute('opacity') !== '1')"
    )
    shown = opacities(page, f"{HEADLINE} {SYMBOLS}")
    assert shown.count("1") == len(same_model)
    assert len(shown) == len(headline_points())


def step_dpo_points() -> list[dict]:
    return [p for p in headline_points() if p["group"] == STEP_DPO.label]


def legend_entry(page, chart: str, group: str):
    return page.locator(f"{chart} g.role-legend-label text", has_text=group)


def hidden_symbols(page, chart: str, count: int) -> None:
    """Wait until exactly `count` of the chart's points are switched off (drawn transparent)."""
    page.wait_for_function(
        f"n => document.querySelectorAll(`{chart} {SYMBOLS}[opacity='0']`).length === n", arg=count
    )


def test_a_legend_click_hides_its_group_and_a_second_click_shows_it_again(page, site):
    step_dpo = step_dpo_points()
    open_charts(page, site)
    legend_label = legend_entry(page, HEADLINE, STEP_DPO.label)
    legend_label.click()
    hidden_symbols(page, HEADLINE, len(step_dpo))
    assert legend_label.get_attribute("opacity") != "1"  # the entry fades with its group
    assert not page.locator(f"{HEADLINE} input[data-group='{STEP_DPO.label}']").is_checked()
    symbol_of(page, HEADLINE, step_dpo[0]["model"], step_dpo[0]["score_text"]).hover(force=True)
    page.wait_for_timeout(300)  # long enough for a tooltip to show, were there one
    assert not page.locator("#lb-tooltip").is_visible()
    legend_label.click()
    hidden_symbols(page, HEADLINE, 0)
    assert legend_label.get_attribute("opacity") == "1"
    assert page.locator(f"{HEADLINE} input[data-group='{STEP_DPO.label}']").is_checked()


VEGA_ALONE = """<!doctype html><html><body><div id="chart"></div>
<script src="assets/vendor/vega.bundle.js"></script>
<script>
fetch(%s).then((r) => r.json()).then((spec) => {
  const view = new vega.View(vega.parse(spec), { renderer: "svg", container: "#chart" });
  return view.runAsync();
}).then(() => { document.body.dataset.drawn = "true"; });
</script></body></html>"""


def test_the_legend_toggles_its_groups_by_the_compiled_spec_alone_without_charts_js(page, site):
    """The interaction is declared in the spec: Vega alone, given the compiled spec, draws a legend
    whose entries switch their groups off and on."""
    chart = "#chart"
    spec = info()["math-by-size"]["files"]["vega"]
    page.route(
        site + "vega-alone.html",
        lambda route: route.fulfill(body=VEGA_ALONE % repr(spec), content_type="text/html"),
    )
    page.goto(site + "vega-alone.html")
    page.wait_for_function("document.body.dataset.drawn === 'true'")
    assert page.locator(f"{chart} {SYMBOLS}").count() == len(headline_points())
    legend_entry(page, chart, STEP_DPO.label).click()
    hidden_symbols(page, chart, len(step_dpo_points()))
    legend_entry(page, chart, STEP_DPO.label).click()
    hidden_symbols(page, chart, 0)
    assert page.watch.errors == []


def test_the_group_checkboxes_and_the_legend_switch_the_same_groups(page, site):
    step_dpo = len(step_dpo_points())
    open_charts(page, site)
    checkbox = page.locator(f"{HEADLINE} input[data-group='{STEP_DPO.label}']")
    legend_label = legend_entry(page, HEADLINE, STEP_DPO.label)
    checkbox.uncheck()
    hidden_symbols(page, HEADLINE, step_dpo)
    expect(legend_label).not_to_have_attribute("opacity", "1")
    legend_label.click()  # the legend undoes what the checkbox did
    hidden_symbols(page, HEADLINE, 0)
    expect(checkbox).to_be_checked()
    legend_label.click()
    hidden_symbols(page, HEADLINE, step_dpo)
    expect(checkbox).not_to_be_checked()
    checkbox.check()  # and the checkbox what the legend did
    hidden_symbols(page, HEADLINE, 0)
    assert page.watch.errors == []


def test_the_closed_model_lines_and_the_gain_connectors_can_be_switched_off_and_on(page, site):
    figure = dataset().figures[0]
    pairs = chart_rows.connectors(chart_rows.gain_pairs(dataset(), figure.benchmark), headline_points())
    open_charts(page, site)
    assert page.locator(f"{HEADLINE} {RULES}").count() == len(figure.reference_lines)
    assert page.locator(f"{HEADLINE} {LINES}").count() == len(pairs) > 0
    page.locator(f"{HEADLINE} input[data-param=show_closed]").uncheck()
    page.locator(f"{HEADLINE} input[data-param=show_gains]").uncheck()
    page.wait_for_function(f"() => document.querySelectorAll('{HEADLINE} {RULES}').length == 0")
    assert page.locator(f"{HEADLINE} {LINES}").count() == 0
    assert page.locator(f"{HEADLINE} {SYMBOLS}").count() == len(headline_points())
    page.locator(f"{HEADLINE} input[data-param=show_closed]").check()
    page.wait_for_function(f"() => document.querySelectorAll('{HEADLINE} {RULES}').length == 3")


def step_dpo_fill(page) -> str:
    point = next(p for p in headline_points() if p["group"] == STEP_DPO.label)
    return symbol_of(page, HEADLINE, point["model"], point["score_text"]).get_attribute("fill")


def switch_to_dark(page) -> None:
    for _ in range(3):
        if page.evaluate("document.body.dataset.mdColorScheme") == "slate":
            return
        page.locator("form[data-md-component=palette] label.md-header__button:visible").click()
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"


def test_the_theme_switch_recolours_the_chart_at_once_without_a_reload(page, site):
    light, dark = STEP_DPO.colour, STEP_DPO.colour_dark
    open_charts(page, site)
    assert step_dpo_fill(page) == light
    axis_before = page.locator(f"{HEADLINE} g.role-axis-label text").first.get_attribute("fill")
    switch_to_dark(page)
    page.wait_for_function(f"() => document.querySelector(`{HEADLINE} {SYMBOLS}[fill='{dark}']`) !== null")
    assert step_dpo_fill(page) == dark
    assert page.locator(f"{HEADLINE} g.role-axis-label text").first.get_attribute("fill") != axis_before
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert page.watch.errors == []


def test_the_chart_follows_the_system_dark_preference(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    page = context.new_page()
    try:
        open_charts(page, site)
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        assert step_dpo_fill(page) == STEP_DPO.colour_dark
    finally:
        context.close()


def test_the_chart_as_shown_saves_as_svg_and_png_in_its_scheme_with_the_groups_hidden(page, site):
    light, dark = STEP_DPO.colour, STEP_DPO.colour_dark
    open_charts(page, site)
    legend_entry(page, HEADLINE, STEP_DPO.label).click()
    hidden_symbols(page, HEADLINE, len(step_dpo_points()))
    switch_to_dark(page)
    page.wait_for_function(f"() => document.querySelector(`{HEADLINE} {SYMBOLS}[fill='{dark}']`) !== null")
    buttons = page.locator(f"{HEADLINE} .lb-chart__exports button")
    assert buttons.all_inner_texts() == ["PNG", "SVG"]
    with page.expect_download() as svg:
        buttons.filter(has_text="SVG").click()
    assert svg.value.suggested_filename == "math-by-size-as-shown.svg"
    drawn = Path(svg.value.path()).read_text(encoding="utf-8")
    assert f'fill="{dark}"' in drawn and f'fill="{light}"' not in drawn
    switched_off = page.evaluate(
        f"""svg => new DOMParser().parseFromString(svg, "image/svg+xml")
          .querySelectorAll("{SYMBOLS}[opacity='0']").length""",
        drawn,
    )
    assert switched_off == len(step_dpo_points())  # the group hidden stays hidden
    with page.expect_download() as png:
        buttons.filter(has_text="PNG").click()
    assert png.value.suggested_filename == "math-by-size-as-shown.png"
    assert Path(png.value.path()).read_bytes().startswith(b"\x89PNG")
    assert page.watch.errors == []


@pytest.mark.parametrize("path", chart_pages())
def test_the_first_paint_of_a_chart_page_waits_for_its_first_chart_and_no_further(browser, site, path):
    """<link rel=expect blocking=render> names an element: the first chart's view, which follows
    its static image; so the image is in the first paint, and the rest of the page is not waited for."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + path, wait_until="load")
        links = page.locator("head link[rel=expect][blocking=render]")
        assert links.count() == 1
        target = links.get_attribute("href")
        first = page.locator("figure.lb-chart").first
        assert first.locator(".lb-chart__view").evaluate("view => '#' + view.id") == target
        image = first.locator("img.lb-chart__static--light")
        assert image.evaluate(
            f"img => !!(img.compareDocumentPosition(document.querySelector('{target}')) & 4)"
        )
        preload = page.locator("head link[rel=preload][as=script]")  # Vega, asked for early
        assert preload.evaluate("link => link.href") == site + "assets/vendor/vega.bundle.js"
    finally:
        context.close()


@pytest.mark.parametrize("path", chart_pages())
def test_without_javascript_every_chart_shows_its_static_image_described_in_words(browser, site, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + path, wait_until="load")
        figures = page.locator("figure.lb-chart")
        assert figures.count() > 0
        for figure in figures.all():
            chart_id = figure.get_attribute("id").removeprefix("chart-")
            image = figure.locator("img.lb-chart__static--light")
            assert image.is_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            assert image.get_attribute("alt") == info()[chart_id]["description"]
            assert image.bounding_box()["height"] == pytest.approx(info()[chart_id]["height"], abs=1)
            assert figure.locator(".lb-chart__view svg.marks").count() == 0
            assert not figure.locator(".lb-chart__controls").is_visible()
    finally:
        context.close()


def test_the_interactive_chart_takes_the_place_of_the_static_one_without_moving_the_page(browser, site):
    """Where everything below the charts sits is the same before the charts are drawn (their specs
    held back) and after."""
    positions = []
    for hold_back in (True, False):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        if hold_back:
            page.route("**/*.vg.json", lambda route: route.abort())
        page.goto(site + "benchmarks/math/", wait_until="load")
        draw_charts(page)
        expected = "error" if hold_back else "true"
        assert set(
            page.locator(".lb-chart__view").evaluate_all("els => els.map(e => e.dataset.rendered)")
        ) == {expected}
        positions.append(
            page.locator("figure.lb-chart figcaption").evaluate_all(
                "els => els.map(e => Math.round(e.getBoundingClientRect().top + scrollY))"
            )
        )
        context.close()
    assert positions[0] == positions[1]


@pytest.mark.parametrize("path", chart_pages())
def test_on_a_360_px_phone_nothing_overflows_and_direct_labels_give_way(browser, site, path):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_charts(page, site + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        for svg in page.locator(".lb-chart__view svg.marks").all():
            box = svg.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        if path == "":
            texts = page.locator(f"{HEADLINE} {TEXTS}").evaluate_all(
                "els => els.map(e => [e.textContent, e.getAttribute('opacity')])"
            )
            names = {p["label"] for p in headline_points()}
            label_opacity = [opacity for text, opacity in texts if text in names]
            assert len(label_opacity) == len(names) and set(label_opacity) == {"0"}
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("path", ["", "benchmarks/math/"])
def test_every_switch_under_a_chart_is_in_sight_without_scrolling_sideways(browser, site, path, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        open_charts(page, site + path)
        for controls in page.locator(".lb-chart__controls").all():
            column = controls.bounding_box()
            switches = controls.locator("label").all()
            assert len(switches) >= 2
            for switch in switches:
                box = switch.bounding_box()
                assert (
                    column["x"] <= box["x"] and box["x"] + box["width"] <= column["x"] + column["width"] + 0.5
                ), switch.text_content()
            assert controls.evaluate("el => el.scrollWidth <= el.clientWidth")
    finally:
        context.close()


def test_the_chart_and_its_switches_are_reachable_and_usable_by_keyboard(page, site):
    open_charts(page, site)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.lb-chart__view svg.marks')"):
            break
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-label')")
        == info()["math-by-size"]["description"]
    )
    page.locator(f"{HEADLINE} input[data-param=show_closed]").focus()
    page.keyboard.press("Space")
    page.wait_for_function(f"() => document.querySelectorAll('{HEADLINE} {RULES}').length == 0")


@pytest.mark.parametrize("path", chart_pages())
def test_every_download_under_a_chart_is_served_under_a_name_that_says_what_it_is(page, site, path):
    page.goto(site + path)
    links = page.locator(".lb-chart__downloads a")
    assert links.count() == 5 * page.locator("figure.lb-chart").count()
    for link in links.all():
        href, name = link.get_attribute("href"), link.get_attribute("download")
        response = page.request.get(page.evaluate("h => new URL(h, document.baseURI).href", href))
        assert response.status == 200, href
        assert name.split(".")[-1] in {"png", "svg", "csv", "json"}
        assert any(chart_id in name for chart_id in info())


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_chart_has_a_serious_or_critical_accessibility_violation(browser, site, scheme):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems = []
    try:
        for path in chart_pages():
            open_charts(page, site + path)
            results = Axe().run(page, context={"include": [[".lb-chart"]]})
            problems += [
                f"{path or '/'}: {v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
                for v in results.response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_phone_without_javascript_gets_the_static_chart_drawn_for_its_width(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site + "benchmarks/gsm8k/", wait_until="load")
        for image in page.locator("img.lb-chart__static--light").all():
            image.scroll_into_view_if_needed()
            assert image.evaluate("img => img.complete && img.naturalWidth > 0")
            assert image.evaluate("img => img.currentSrc").endswith(".narrow.svg")
            assert image.bounding_box()["width"] <= 360
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()
