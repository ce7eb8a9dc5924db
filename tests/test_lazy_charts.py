"""Vega only when a chart is about to be used: the built site served on 127.0.0.1, in headless
Chromium.

A chart shows its static image until the reader comes near it; then, when the browser is idle (or
at once on a pointer, touch or focus on it), charts.js loads Vega and builds the view, one chart at
a time, each step in a task of its own, timed as a User Timing measure `lb-chart:STEP` (detail: the
chart's id). A page without a chart loads nothing. The tests read those measures, the requests the
page made, and Chromium's long-task and layout-shift entries; nothing is timed by the clock here but
the 50 ms of a long task.
"""

from __future__ import annotations

import itertools
import warnings
from functools import cache

import pytest
from playwright.sync_api import expect
from utils import dataset, draw_charts

from leaderboard.charts.files import chart_outputs

BUNDLE = "vega.bundle.js"
PENDING = "document.querySelector('.lb-chart__view[data-rendered=pending]') === null"
IDLE = "() => new Promise((resolve) => requestIdleCallback(() => requestIdleCallback(resolve)))"
MEASURES = """() => performance.getEntriesByType('measure')
  .filter((m) => m.name.startsWith('lb-chart:'))
  .map((m) => ({step: m.name.slice('lb-chart:'.length), chart: m.detail,
                start: m.startTime, end: m.startTime + m.duration}))"""
ALL_DRAWN = "[...document.querySelectorAll('.lb-chart__view')].every(v => v.dataset.rendered === 'true')"
LONG_TASK_MS = 50  # what the Long Tasks API, Lighthouse and the issue call long
# Vega's own work, the steps charts.js cannot make shorter: evaluating the bundle, vega.parse,
# new vega.View, the dataflow's first run, drawing the SVG. The rest (wiring the chart to the page,
# the swap) is charts.js's.
VEGA_STEPS = {"vega", "parse", "view", "run", "draw"}


@cache
def info() -> dict[str, dict]:
    return chart_outputs(dataset())[1]


def chart_pages() -> list[str]:
    return ["", *[f"benchmarks/{benchmark}/" for benchmark in dataset().benchmarks]]


def busiest_benchmark_page() -> str:
    """The benchmark page with the most charts: one of them lies far below the window."""
    counts = {b: sum(i["benchmark"] == b for i in info().values()) for b in dataset().benchmarks}
    return f"benchmarks/{max(counts, key=counts.get)}/"


def pages_without_a_chart() -> list[str]:
    model = next(iter(dataset().models))
    return ["data/", "downloads/", "changes/", "models/", f"models/{model}/", "404.html"]


def requested(page) -> list[str]:
    """The file names the page asks for from now on (a list that grows)."""
    names: list[str] = []
    page.on("request", lambda request: names.append(request.url.split("?")[0].rsplit("/", 1)[-1]))
    return names


def settle(page) -> None:
    """Wait until no chart is being built and the browser has been idle twice since."""
    page.wait_for_function(PENDING, timeout=60000)
    page.evaluate(IDLE)
    page.wait_for_function(PENDING, timeout=60000)


@pytest.mark.parametrize("path", pages_without_a_chart())
def test_a_page_without_a_chart_loads_no_vega_and_builds_no_view(page, site, path):
    names = requested(page)
    page.goto(site + path, wait_until="load")
    assert page.locator(".lb-chart").count() == 0
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.evaluate(IDLE)
    assert not [name for name in names if name == BUNDLE or name.endswith(".vg.json")]
    assert page.evaluate("typeof window.vega") == "undefined"
    assert page.evaluate(MEASURES) == []
    assert not {"charts.js", "embed.js", "compare.js"} & set(names)  # load.js left them out
    assert ("tables.js" in names) == (page.locator("[data-table]").count() > 0)
    assert page.watch.errors == []


def test_instant_navigation_from_a_page_without_a_chart_draws_the_chart_of_the_next(page, site):
    names = requested(page)
    page.goto(site + "data/", wait_until="load")
    page.evaluate(IDLE)
    assert BUNDLE not in names
    page.locator("a.md-header__button.md-logo").click()  # home, by Material's instant navigation
    page.wait_for_function("document.querySelector('.lb-chart__view[data-rendered=true] svg.marks')")
    assert page.evaluate("() => performance.getEntriesByType('navigation').length") == 1  # no reload
    assert names.count(BUNDLE) == 1
    assert names.count("charts.js") == 1  # loaded by load.js once the page had a chart
    assert page.watch.errors == []


@pytest.fixture
def short_window(browser, site):
    """The benchmark page with the most charts, in a window so short that its last chart lies more
    than a window's height below it, once the charts near the window at load are drawn."""
    context = browser.new_context(viewport={"width": 1280, "height": 400})
    page = context.new_page()
    names = requested(page)
    page.goto(site + busiest_benchmark_page(), wait_until="load")
    page.wait_for_function("document.querySelector('.lb-chart__view[data-rendered=true]')", timeout=20000)
    settle(page)
    far = page.locator("figure.lb-chart").last
    assert far.evaluate("f => f.getBoundingClientRect().top > 2 * innerHeight"), "no chart lies far below"
    yield page, far, names
    context.close()


def spec_of(figure) -> str:
    return figure.locator(".lb-chart__view").get_attribute("data-vg-spec").rsplit("/", 1)[-1]


def test_a_chart_far_below_the_window_is_built_only_once_scrolled_into_view(short_window):
    page, far, names = short_window
    view = far.locator(".lb-chart__view")
    assert view.get_attribute("data-rendered") is None
    assert view.locator("svg").count() == 0
    assert spec_of(far) not in names
    assert page.evaluate(MEASURES)  # the charts near the window were built meanwhile
    far.scroll_into_view_if_needed()
    page.wait_for_function("v => v.dataset.rendered === 'true'", arg=view.element_handle(), timeout=20000)
    assert view.locator("svg.marks").count() == 1
    assert names.count(spec_of(far)) == 1


LAZY_MARGIN_PX = 1250  # how far below the window Chromium fetches a lazy image, on a fast network


def test_a_chart_image_far_below_the_window_is_fetched_only_as_the_reader_comes_near(browser, site):
    """On a phone the page's first chart image is fetched at once and one far down only once the
    reader scrolls near it (`loading="lazy"`; without JavaScript, browsers fetch every image)."""
    context = browser.new_context(viewport={"width": 360, "height": 300})
    page = context.new_page()
    names = requested(page)
    page.goto(site + busiest_benchmark_page(), wait_until="load")
    figures = page.locator("figure.lb-chart")
    first, far = figures.first, figures.last

    def narrow_image(figure) -> str:
        chart = figure.get_attribute("id").removeprefix("chart-")
        return info()[chart]["files"]["svg_narrow"].rsplit("/", 1)[-1]

    assert far.evaluate(f"f => f.getBoundingClientRect().top > innerHeight + {LAZY_MARGIN_PX}"), "none far"
    page.wait_for_timeout(500)  # time for an eager image to have been asked for; not a measure
    assert narrow_image(first) in names
    assert narrow_image(far) not in names
    far.scroll_into_view_if_needed()
    image = far.locator("img.lb-chart__static--light")
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=image.element_handle(), timeout=20000)
    assert names.count(narrow_image(far)) == 1
    context.close()


TRIGGERS = {
    "focus": "f => f.querySelector('a').focus({preventScroll: true})",
    "pointer": "f => f.dispatchEvent(new PointerEvent('pointerenter'))",
    "touch": "f => f.dispatchEvent(new Event('touchstart', {bubbles: true}))",
}


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_a_chart_far_below_the_window_is_built_on_the_first_focus_pointer_or_touch(short_window, trigger):
    page, far, _ = short_window
    view = far.locator(".lb-chart__view")
    assert view.get_attribute("data-rendered") is None
    scrolled = page.evaluate("scrollY")
    far.evaluate(TRIGGERS[trigger])
    page.wait_for_function("v => v.dataset.rendered === 'true'", arg=view.element_handle(), timeout=20000)
    assert page.evaluate("scrollY") == scrolled  # drawn for the event, not for coming near
    assert far.evaluate("f => f.getBoundingClientRect().top > 2 * innerHeight")
    assert view.locator("svg.marks").count() == 1


def test_charts_are_built_one_at_a_time_each_in_the_same_steps(browser, site):
    context = browser.new_context(viewport={"width": 1280, "height": 4000})  # every chart near at load
    page = context.new_page()
    try:
        page.goto(site + busiest_benchmark_page(), wait_until="load")
        page.wait_for_function(ALL_DRAWN, timeout=30000)
        views = page.locator(".lb-chart__view").count()
        measures = [m for m in page.evaluate(MEASURES) if m["step"] != "vega"]
    finally:
        context.close()
    charts: dict[str, list[dict]] = {}
    for measure in measures:
        charts.setdefault(measure["chart"], []).append(measure)
    assert len(charts) == views > 1
    steps = {chart: [m["step"] for m in sorted(ms, key=lambda m: m["start"])] for chart, ms in charts.items()}
    assert len(set(map(tuple, steps.values()))) == 1, steps  # every chart in the same steps, each once
    spans = sorted((min(m["start"] for m in ms), max(m["end"] for m in ms), c) for c, ms in charts.items())
    overlaps = [f"{a[2]} and {b[2]}" for a, b in itertools.pairwise(spans) if b[0] < a[1]]
    assert not overlaps, overlaps


LAYOUT_SHIFTS = """window.__shifts = [];
window.__swaps = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__shifts.push({value: entry.value, sources: entry.sources.map((s) =>
      `${s.node && s.node.nodeType === 1 ? s.node.outerHTML.slice(0, 60) : s.node} moved from
       ${JSON.stringify(s.previousRect)} to ${JSON.stringify(s.currentRect)}`)});
  }
}).observe({type: "layout-shift", buffered: true});
new MutationObserver((records) => {
  for (const r of records) {
    if (r.target.dataset.rendered !== "true") continue;
    const box = r.target.getBoundingClientRect();
    window.__swaps.push({chart: r.target.dataset.chartId, inView: box.top < innerHeight && box.bottom > 0});
  }
}).observe(document, {attributes: true, attributeFilter: ["data-rendered"], subtree: true});"""


@pytest.mark.parametrize("width", [1280, 480, 360])
@pytest.mark.parametrize("path", chart_pages())
def test_the_swap_from_image_to_view_shifts_nothing_on_the_page(browser, site, path, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        page.add_init_script(LAYOUT_SHIFTS)
        page.goto(site + path, wait_until="load")
        draw_charts(page)
        swaps = page.evaluate("window.__swaps")
        shifts = page.evaluate("window.__shifts")
    finally:
        context.close()
    assert len(swaps) == len({s["chart"] for s in swaps}) > 0
    assert any(swap["inView"] for swap in swaps)  # a swap the reader sees, or the test sees nothing
    assert sum(shift["value"] for shift in shifts) == 0, [s["sources"] for s in shifts]


LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    window.__longTasks.push({start: entry.startTime, end: entry.startTime + entry.duration});
  }
}).observe({type: "longtask", buffered: true});"""


@pytest.fixture(scope="module", params=["", f"benchmarks/{dataset().figures[0].benchmark}/"])
def slow_load(request, browser, site):
    """The home page and the headline's benchmark page loaded on a phone-sized window with the CPU
    slowed 4 times (Chromium's throttling, as Lighthouse's mobile preset), until the charts near the
    window are built: the long tasks, the charts' measures, and when the page finished loading."""
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()
    try:
        page.add_init_script(LONG_TASKS)
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.goto(site + request.param, wait_until="load")
        page.wait_for_function("document.querySelector('.lb-chart__view[data-rendered=true]')", timeout=60000)
        settle(page)
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventStart")
        tasks = [t for t in page.evaluate("window.__longTasks") if t["end"] - t["start"] > LONG_TASK_MS]
        yield request.param or "/", tasks, page.evaluate(MEASURES), loaded
    finally:
        context.close()


def steps_in(task: dict, measures: list[dict]) -> list[dict]:
    """The chart steps that ran in a task; Vega's bundle ran in the task its script's load ended."""
    return [
        m
        for m in measures
        if (task["start"] - 1 <= m["start"] and m["end"] <= task["end"] + 1)
        or (m["step"] == "vega" and task["start"] <= m["end"] <= task["end"] + 1)
    ]


def describe(task: dict, steps: list[dict]) -> str:
    what = ", ".join(f"{m['step']} {m['chart'] or ''}".strip() for m in steps) or "no chart step"
    return f"{task['end'] - task['start']:.0f} ms ({what})"


def test_at_4x_cpu_no_chart_work_runs_before_the_page_has_loaded(slow_load):
    path, _, measures, loaded = slow_load
    assert measures, f"{path}: no chart was built"
    early = [f"{m['step']} {m['chart']} at {m['start']:.0f} ms" for m in measures if m["start"] < loaded]
    assert not early, f"{path}: loaded at {loaded:.0f} ms; {early}"


def test_at_4x_cpu_each_step_of_a_chart_runs_in_a_task_of_its_own(slow_load):
    path, tasks, measures, _ = slow_load
    shared = [describe(t, s) for t in tasks if len(s := steps_in(t, measures)) > 1]
    assert not shared, f"{path}: long tasks with more than one step: {shared}"


def test_at_4x_cpu_charts_js_makes_no_long_task_and_vega_s_are_reported(slow_load):
    """The 50 ms rule holds for all that charts.js does. Vega's own steps (its bundle's evaluation,
    parse, view, first run, draw), each alone in its task, are over 50 ms on a first chart with the
    CPU slowed 4 times: they are reported as a warning, with the page's other long tasks (the theme's
    scripts and the browser's parsing and layout), which no chart work is part of."""
    path, tasks, measures, _ = slow_load
    ours, vega, others = [], [], []
    for task in tasks:
        steps = steps_in(task, measures)
        if not steps:
            others.append(describe(task, steps))
        elif {m["step"] for m in steps} <= VEGA_STEPS:
            vega.append(describe(task, steps))
        else:
            ours.append(describe(task, steps))
    assert not ours, f"{path}: long tasks of charts.js's own work at 4x CPU: {ours}"
    if vega or others:
        warnings.warn(
            f"{path} at 4x CPU: long tasks of Vega's own steps: {', '.join(vega) or 'none'}; "
            f"other long tasks, no chart work in them: {', '.join(others) or 'none'}",
            stacklevel=1,
        )


POINT_IN_FRAME = """() => {
  const frame = document.querySelector(".lb-chart__frame");
  const symbols = [...frame.querySelectorAll(".lb-chart__view g.mark-symbol.role-mark path")];
  const box = frame.getBoundingClientRect();
  const sizes = symbols.map((s) => s.getBoundingClientRect()).filter((r) => r.width > 0);
  const mark = sizes[Math.floor(sizes.length / 2)];
  return [mark.left + mark.width / 2 - box.left, mark.top + mark.height / 2 - box.top];
}"""


def test_on_a_touch_screen_only_a_touch_builds_a_chart_and_the_point_touched_shows_its_tooltip(browser, site):
    size = {"width": 412, "height": 823}
    mouse = browser.new_context(viewport=size).new_page()  # where a point is drawn, with a mouse
    mouse.goto(site, wait_until="load")
    mouse.wait_for_function("document.querySelector('.lb-chart__view[data-rendered=true] svg.marks')")
    dx, dy = mouse.evaluate(POINT_IN_FRAME)
    mouse.context.close()

    context = browser.new_context(viewport=size, is_mobile=True, has_touch=True)
    page = context.new_page()
    names = requested(page)
    page.goto(site, wait_until="load")
    assert page.evaluate("matchMedia('(hover: none) and (pointer: coarse)').matches")
    page.evaluate(IDLE)
    page.evaluate(IDLE)
    assert BUNDLE not in names  # the chart at the top is in view, the browser idle: no Vega yet
    assert page.locator(".lb-chart__view[data-rendered]").count() == 0
    frame = page.locator(".lb-chart__frame").first.bounding_box()
    page.touchscreen.tap(frame["x"] + dx, frame["y"] + dy)
    page.wait_for_function("document.querySelector('.lb-chart__view[data-rendered=true] svg.marks')")
    assert names.count(BUNDLE) == 1
    tooltip = page.locator("#lb-tooltip")
    expect(tooltip).to_be_visible()
    assert tooltip.inner_text().strip()
    assert page.locator(".lb-chart__view[data-rendered]").count() == 1  # the chart touched, no other
    context.close()
