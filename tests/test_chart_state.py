"""Each chart's view in the address: the built site served on 127.0.0.1, in headless Chromium.

For every chart the build writes, the test sets a view through the chart's own controls (a group
hidden, each overlay switched, each choice of the size axis changed, a model pinned by a click),
then opens the address it wrote in a fresh browser, after Material's instant navigation, and
after back and forward, and finds the same controls and the same marks: as many as the spec's
data calls for in that view (counted by count_marks.js), drawn where and as opaque as before. The
size axis is checked against the data: active parameters move a mixture of experts to its active
size, a log scale spaces sizes by their logarithm. Hostile addresses change nothing.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from pathlib import Path
from urllib.parse import quote

import pytest
from crawler import COUNT_MARKS_JS, MARK_SELECTORS
from utils import PageWatch, dataset, draw_charts

from leaderboard.charts import specs as chart_specs
from leaderboard.charts.files import ADDRESS_KEYS, chart_outputs

SYMBOLS = MARK_SELECTORS["point"]
# A view of the charts as built, for the tests to read: charts.js announces each one drawn.
KEEP_VIEWS = """window.__views = {};
document.addEventListener("lb:chart-ready", (event) => {
  window.__views[event.target.dataset.chartId] = event.detail.view;
});"""
# Every data mark of a chart: its kind, the model it draws, where and how opaque.
DRAWN = """figure => [...figure.querySelectorAll(SELECTORS)].map((e) => [
  e.closest("g.role-mark").getAttribute("class"), e.getAttribute("aria-label") || e.textContent,
  e.getAttribute("transform") || e.getAttribute("d") || "", e.getAttribute("opacity") || "1"])""".replace(
    "SELECTORS", json.dumps(", ".join(sorted(set(MARK_SELECTORS.values()))))
)
# Each point of a chart's view: the model, its sizes in the data, and where it is drawn (x).
POINTS = """([view]) => {
  const found = [];
  (function walk(mark) {
    for (const item of mark.items || []) {
      if (mark.marktype === "group") for (const child of item.items || []) walk(child);
      else if (mark.marktype === "symbol" && mark.role === "mark" && item.datum && item.datum.model_id)
        found.push({model: item.datum.model_id, total: item.datum.params_b, x: item.x,
                    opacity: item.opacity});
    }
  })(view.scenegraph().root);
  return found;
}"""


@cache
def built() -> tuple[dict[str, bytes], dict[str, dict]]:
    return chart_outputs(dataset())


def info() -> dict[str, dict]:
    return built()[1]


def points_of(chart_id: str) -> list[dict]:
    """The rows a chart by size draws as points, from its Vega-Lite spec."""
    return json.loads(built()[0][info()[chart_id]["files"]["spec"]])["datasets"]["points"]


def page_of(chart_id: str) -> str:
    """The page a chart is shown on: the home page holds the figures, a benchmark's page the rest."""
    chart = info()[chart_id]
    return "" if chart["kind"] == "figure" else f"benchmarks/{chart['benchmark']}/"


def figure(page, chart_id: str):
    return page.locator(f"#chart-{chart_id}")


def open_drawn(page, url: str) -> None:
    page.add_init_script(KEEP_VIEWS)
    page.goto(url)
    draw_charts(page)


def controls(page, chart_id: str) -> dict[str, object]:
    """Each control under the chart: checked, or the value chosen."""
    return (
        figure(page, chart_id)
        .locator("[data-key]")
        .evaluate_all(
            """els => Object.fromEntries(els.map((e) => [e.dataset.group || e.dataset.param,
             e.type === "checkbox" ? e.checked : e.value]))"""
        )
    )


def drawn(page, chart_id: str) -> list[list[str]]:
    return figure(page, chart_id).evaluate(DRAWN)


def view_points(page, chart_id: str) -> list[dict]:
    return page.evaluate(f"() => ({POINTS})([window.__views[{json.dumps(chart_id)}]])")


def signal(page, chart_id: str, name: str):
    return page.evaluate(f"() => window.__views[{json.dumps(chart_id)}].signal({json.dumps(name)})")


def settled(page, chart_id: str) -> None:
    """Wait until the chart's view has run what the last change asked for."""
    page.evaluate(f"async () => {{ await window.__views[{json.dumps(chart_id)}].runAsync(); }}")


def set_a_view(page, chart_id: str) -> dict:
    """Change everything the chart's controls change, and pin a model by clicking its point: what
    the view is then, as {params, hidden, pinned}."""
    box = figure(page, chart_id)
    groups = box.locator("input[data-group]")
    hidden = []
    if groups.count() > 1:
        groups.last.uncheck()
        hidden.append(groups.last.get_attribute("data-group"))
    for switch in box.locator("input[data-param]").all():
        switch.set_checked(not switch.is_checked())
    for choice in box.locator("select[data-param]").all():
        values = choice.locator("option").evaluate_all("os => os.map((o) => o.value)")
        choice.select_option(next(v for v in values if v != choice.input_value()))
    settled(page, chart_id)
    point = next(p for p in view_points(page, chart_id) if p["opacity"] != 0)
    symbol = next(
        s for s in box.locator(SYMBOLS).all() if s.get_attribute("opacity") != "0" and s.is_visible()
    )
    symbol.click(force=True)
    settled(page, chart_id)
    pinned = signal(page, chart_id, "pinned")["model_id"][0]
    assert point  # a point to click
    params = {
        name: signal(page, chart_id, name)
        for name in box.locator("[data-param]").evaluate_all("els => els.map((e) => e.dataset.param)")
    }
    return {"params": params, "hidden": hidden, "pinned": pinned}


def expected_marks(page, chart_id: str, view: dict) -> dict[str, int]:
    """How many marks of each kind the spec's data calls for in the view."""
    groups = info()[chart_id]["groups"]
    shown = [{"group": group} for group in groups if group not in view["hidden"]]
    spec = page.evaluate(
        "id => new URL(document.querySelector(`#chart-${id} .lb-chart__view`).dataset.vlSpec,"
        " document.baseURI).href",
        chart_id,
    )
    counted = page.evaluate(
        COUNT_MARKS_JS,
        {"spec": spec, "selectors": MARK_SELECTORS, "params": view["params"], "selections": {"shown": shown}},
    )
    assert counted["uncountable"] == []
    return counted["expected"]


def counts(marks: list[list[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for kind, *_ in marks:
        selector = next(s for s in set(MARK_SELECTORS.values()) if s.split()[0].split(".")[1] in kind.split())
        found[selector] = found.get(selector, 0) + 1
    return found


def same_view(page, chart_id: str, before_controls: dict, before_marks: list, expected: dict) -> None:
    assert controls(page, chart_id) == before_controls
    marks = drawn(page, chart_id)
    assert counts(marks) == {selector: n for selector, n in expected.items() if n}
    # Each mark where it was (within a pixel or two: the plot's width is fitted to what is drawn
    # as the view starts), as opaque as it was.
    assert [(kind, label, opacity) for kind, label, _, opacity in marks] == [
        (kind, label, opacity) for kind, label, _, opacity in before_marks
    ]
    for now, before in zip(marks, before_marks, strict=True):
        assert numbers(now[2]) == pytest.approx(numbers(before[2]), abs=2), now[1]


def numbers(geometry: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", geometry)]


@pytest.fixture
def a_view(browser, site, request):
    """A chart's view set through its controls: the address written, the controls and the marks."""
    chart_id = request.param
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    open_drawn(page, site + page_of(chart_id))
    view = set_a_view(page, chart_id)
    result = {
        "id": chart_id,
        "address": page.url,
        "view": view,
        "controls": controls(page, chart_id),
        "marks": drawn(page, chart_id),
        "expected": expected_marks(page, chart_id, view),
    }
    context.close()
    return result


CHARTS = sorted(info())


@pytest.mark.parametrize("a_view", CHARTS, indirect=True)
def test_a_view_set_through_the_controls_is_written_to_the_address_under_the_chart_s_id(a_view):
    chart_id, address, view = a_view["id"], a_view["address"], a_view["view"]
    query = dict(re.findall(r"[?&]([^=&#]+)=([^&#]*)", address))
    assert all(name.startswith(f"{chart_id}.") for name in query)
    assert query[f"{chart_id}.{ADDRESS_KEYS['pinned']}"] == view["pinned"]
    if view["hidden"]:
        assert query[f"{chart_id}.{ADDRESS_KEYS['shown']}"] == ",".join(view["hidden"])
    for param in view["params"]:
        assert f"{chart_id}.{ADDRESS_KEYS[param]}" in query, param


@pytest.mark.parametrize("a_view", CHARTS, indirect=True)
def test_the_address_of_a_view_opens_it_in_a_fresh_browser_with_the_same_marks_and_controls(
    a_view, browser, site
):
    chart_id = a_view["id"]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        open_drawn(page, a_view["address"])
        same_view(page, chart_id, a_view["controls"], a_view["marks"], a_view["expected"])
        assert signal(page, chart_id, "pinned")["model_id"] == [a_view["view"]["pinned"]]
        opacities = {
            p["opacity"] for p in view_points(page, chart_id) if p["model"] != a_view["view"]["pinned"]
        }
        assert opacities - {0}, "the models not pinned are dimmed"
        assert 1 not in opacities
        assert without_fragment(page.url) == without_fragment(a_view["address"])  # read, not rewritten
    finally:
        context.close()


def without_fragment(url: str) -> str:
    """The address without its fragment, which the theme sets to the heading scrolled to."""
    return url.split("#")[0]


def fresh(browser, site):
    """A new browser context's page, watching for errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = PageWatch(page, site)
    return context, page


def drawn_after_navigation(page, chart_id: str) -> None:
    """Wait until the page shown is a new one (instant navigation replaces the article, the
    address changes first) and its chart is drawn."""
    page.wait_for_function(
        """id => !document.querySelector("article[data-left]")
             && document.querySelector(`#chart-${id} .lb-chart__view`)?.dataset.rendered === 'true'""",
        arg=chart_id,
    )
    draw_charts(page)


def on_data_page(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('article[data-left]') && location.pathname.endsWith('/data/')"
        " && !document.querySelector('figure.lb-chart')"
    )


def leave(page) -> None:
    """Mark the page shown as left: the next one shown is told apart by it."""
    page.evaluate("() => document.querySelector('article').setAttribute('data-left', '')")


@pytest.mark.parametrize("a_view", CHARTS, indirect=True)
def test_the_view_comes_back_after_instant_navigation_and_after_back_and_forward(a_view, browser, site):
    chart_id = a_view["id"]
    context, page = fresh(browser, site)
    try:
        # Reached by a link, through instant navigation: the address's query opens the view.
        open_drawn(page, site + "data/")
        page.evaluate(
            """href => { const a = document.createElement("a"); a.href = href; a.textContent = "the view";
                         a.id = "lb-test-link"; document.querySelector("article").append(a); }""",
            a_view["address"],
        )
        leave(page)
        page.locator("#lb-test-link").click()
        drawn_after_navigation(page, chart_id)
        same_view(page, chart_id, a_view["controls"], a_view["marks"], a_view["expected"])
        # Away by a navigation link, and back; then forward and back again.
        leave(page)
        page.locator("a.md-nav__link[href$='data/']:visible").first.click()
        on_data_page(page)
        # History is: Data, the view, Data. Where each move lands is known; Playwright's
        # `page.url` may lag behind a move within the document, so it does not decide.
        for move, to_the_view in ((page.go_back, True), (page.go_forward, False), (page.go_back, True)):
            leave(page)
            move()
            if to_the_view:
                drawn_after_navigation(page, chart_id)
                same_view(page, chart_id, a_view["controls"], a_view["marks"], a_view["expected"])
            else:
                on_data_page(page)
        assert without_fragment(page.url) == without_fragment(a_view["address"])
        assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
        assert page.watch.errors == []
    finally:
        context.close()


def test_several_charts_on_one_page_keep_separate_views(browser, site):
    path = max({page_of(c) for c in CHARTS}, key=lambda p: sum(page_of(c) == p for c in CHARTS))
    context, page = fresh(browser, site)
    try:
        open_drawn(page, site + path)
        ids = page.locator(".lb-chart__view").evaluate_all("els => els.map((e) => e.dataset.chartId)")
        assert len(ids) > 1
        views = {chart_id: set_a_view(page, chart_id) for chart_id in ids}
        before = {c: (controls(page, c), drawn(page, c), expected_marks(page, c, views[c])) for c in ids}
        address = page.url
    finally:
        context.close()
    context, page = fresh(browser, site)
    try:
        open_drawn(page, address)
        for chart_id in ids:
            same_view(page, chart_id, *before[chart_id])
            assert signal(page, chart_id, "pinned")["model_id"] == [views[chart_id]["pinned"]]
        assert page.watch.errors == []
    finally:
        context.close()


def by_size_charts() -> list[str]:
    return [chart_id for chart_id in CHARTS if info()[chart_id]["kind"] != "gains"]


def with_moe() -> list[str]:
    return [c for c in by_size_charts() if any(p == "x_size" for p, *_ in info()[c]["choices"])]


def address(chart_id: str, **values: str) -> str:
    return page_of(chart_id) + "?" + "&".join(f"{chart_id}.{ADDRESS_KEYS[k]}={v}" for k, v in values.items())


def texts_drawn(page, chart_id: str) -> list[str]:
    return figure(page, chart_id).locator(MARK_SELECTORS["text"]).all_text_contents()


def title_of(chart_id: str, size: str, scale: str) -> str:
    """The size axis's title: the chart's own in its first view (the paper's on a figure)."""
    first = {p: value for p, _, _, value in info()[chart_id]["choices"]}
    if (size, scale) == ("total", first["x_scale"]) and info()[chart_id]["kind"] == "figure":
        return "Model size"
    return chart_specs.size_title(size, scale)


@pytest.mark.parametrize("scale", list(chart_specs.X_SCALES))
@pytest.mark.parametrize("chart_id", with_moe())
def test_active_parameters_move_each_mixture_of_experts_to_its_active_size(page, site, chart_id, scale):
    models = dataset().models
    open_drawn(page, site + address(chart_id, x_size="active", x_scale=scale))
    view = f"window.__views[{json.dumps(chart_id)}]"

    def size_at(x: float) -> float:
        """The size a point drawn at `x` stands for."""
        at = page.evaluate(f"x => {view}.scale('x').invert(x)", x)
        return 10**at if scale == "log" else at

    # Points of one size are drawn a little apart by group (a few percent of their size).
    points = view_points(page, chart_id)
    moe = [p for p in points if models[p["model"]].active_params_b is not None]
    assert moe
    for point in moe:
        model = models[point["model"]]
        assert size_at(point["x"]) == pytest.approx(model.active_params_b, rel=0.05), model.id
    for point in points:  # the others stay at their total
        if models[point["model"]].active_params_b is None:
            assert size_at(point["x"]) == pytest.approx(point["total"], rel=0.05), point["model"]
    assert title_of(chart_id, "active", scale) in texts_drawn(page, chart_id)
    assert page.watch.errors == []


@pytest.mark.parametrize("chart_id", by_size_charts())
def test_a_log_scale_spaces_sizes_by_their_logarithm_and_a_linear_one_by_the_sizes(browser, site, chart_id):
    for scale in chart_specs.X_SCALES:
        context, page = fresh(browser, site)
        try:
            open_drawn(page, site + address(chart_id, x_scale=scale))
            placed: dict[float, list[float]] = {}
            for point in view_points(page, chart_id):
                placed.setdefault(point["total"], []).append(point["x"])
            sizes = sorted(placed)
            assert len(sizes) >= 3, sizes
            low, high = sizes[0], sizes[-1]

            def at(size: float, scale: str = scale) -> float:
                return math.log10(size) if scale == "log" else size

            x = {size: sum(xs) / len(xs) for size, xs in placed.items()}
            for size in sizes[1:-1]:
                share = (x[size] - x[low]) / (x[high] - x[low])
                assert share == pytest.approx((at(size) - at(low)) / (at(high) - at(low)), abs=0.03), size
            assert title_of(chart_id, "total", scale) in texts_drawn(page, chart_id)
            assert page.watch.errors == []
        finally:
            context.close()


# The texts and points of a saved SVG: (text, label, opacity).
SAVED_MARKS = """svg => [...new DOMParser().parseFromString(svg, "image/svg+xml").querySelectorAll(SELECTOR)]
  .map((e) => [e.textContent, e.getAttribute("aria-label"), e.getAttribute("opacity") || "1"])"""


def test_the_chart_as_shown_saves_as_svg_with_its_size_axis_and_its_model_pinned(site, page):
    chart_id = with_moe()[0]
    model = next(dataset().models[p["model_id"]] for p in points_of(chart_id) if p["active_params_b"])
    view_address = address(chart_id, x_size="active", x_scale="log", pinned=model.id)
    open_drawn(page, site + view_address)
    with page.expect_download() as saved:
        figure(page, chart_id).locator(".lb-chart__exports button[data-export=svg]").click()
    svg = Path(saved.value.path()).read_text(encoding="utf-8")
    texts = page.evaluate(SAVED_MARKS.replace("SELECTOR", json.dumps(MARK_SELECTORS["text"])), svg)
    assert title_of(chart_id, "active", "log") in [text for text, _, _ in texts]
    points = page.evaluate(SAVED_MARKS.replace("SELECTOR", json.dumps(SYMBOLS)), svg)
    on_page = (
        figure(page, chart_id)
        .locator(SYMBOLS)
        .evaluate_all(
            "els => els.map((e) => [e.getAttribute('aria-label'), e.getAttribute('opacity') || '1'])"
        )
    )
    assert [[label, opacity] for _, label, opacity in points] == on_page  # as shown
    pinned = {opacity for _, label, opacity in points if f"Model: {model.name};" in label}
    others = {opacity for _, label, opacity in points if f"Model: {model.name};" not in label}
    assert pinned == {"1"} and "1" not in others  # every other model dimmed
    assert page.watch.errors == []


HOSTILE = [
    "<script>alert('state')</script>",
    "<img src=x onerror=alert('state')>",
    "\"'><svg onload=alert('state')>",
    "1' OR '1'='1",
    "x" * 10240,
]


def hostile_address(chart_id: str, value: str) -> str:
    """The value under each of the chart's keys (a long one under two: an address of 64 KB is
    more than the test's server reads)."""
    keys = list(ADDRESS_KEYS.values())
    keys = keys if len(value) < 1000 else [ADDRESS_KEYS["shown"], ADDRESS_KEYS["pinned"]]
    return page_of(chart_id) + "?" + "&".join(f"{chart_id}.{key}={quote(value)}" for key in keys)


@pytest.mark.parametrize("value", HOSTILE, ids=["script", "img", "quotes", "sql", "10kb"])
@pytest.mark.parametrize("chart_id", [with_moe()[0], next(c for c in CHARTS if info()[c]["kind"] == "gains")])
def test_a_hostile_address_runs_nothing_injects_nothing_and_leaves_the_view_as_built(
    browser, site, chart_id, value
):
    context, page = fresh(browser, site)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        open_drawn(page, site + page_of(chart_id))
        built = (controls(page, chart_id), drawn(page, chart_id))
        page.close()
        page = context.new_page()
        page.watch = PageWatch(page, site)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        open_drawn(page, site + hostile_address(chart_id, value))
        assert (controls(page, chart_id), drawn(page, chart_id)) == built
        assert dialogs == []
        assert page.locator("[onerror], [onload], img[src=x]").count() == 0
        assert "alert('state')" not in page.content().split("</head>", 1)[1].replace(page.url, "")
        assert page.watch.errors == []
        figure(page, chart_id).locator("input[data-param]").first.set_checked(
            not figure(page, chart_id).locator("input[data-param]").first.is_checked()
        )
        settled(page, chart_id)
        # A change writes the chart's own values in place of the hostile ones.
        assert "alert" not in page.evaluate(f"() => window.lbState.query({json.dumps(chart_id)})")
    finally:
        context.close()


SHIFTS = """window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__shifts.push(entry.value);
}).observe({type: "layout-shift", buffered: true});"""


@pytest.mark.parametrize("chart_id", [with_moe()[0], next(c for c in CHARTS if info()[c]["kind"] == "gains")])
def test_a_view_from_the_address_is_drawn_at_once_and_shifts_nothing(browser, site, chart_id):
    """Drawn without the reader coming near it: its static image shows the chart as built."""
    context = browser.new_context(viewport={"width": 1280, "height": 400})
    page = context.new_page()
    page.watch = PageWatch(page, site)
    try:
        page.add_init_script(SHIFTS)
        groups = info()[chart_id]["groups"]
        page.goto(site + address(chart_id, shown=groups[-1], show_intervals="1", x_scale="linear"))
        page.wait_for_function(
            "id => document.querySelector(`#chart-${id} .lb-chart__view`).dataset.rendered === 'true'",
            arg=chart_id,
        )
        assert page.evaluate("scrollY") == 0
        assert not page.locator(f"#chart-{chart_id} input[data-group]").last.is_checked()
        assert sum(page.evaluate("window.__shifts")) == 0
        assert page.watch.errors == []
    finally:
        context.close()
