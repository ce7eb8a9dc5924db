"""Embedding a chart in another page: the built site served on 127.0.0.1, in headless Chromium.

Each chart has an embed page at `embed/ID/`: the chart alone, its sources and a link back to the
page it is shown on, in the reader's colour scheme and the width of its frame, with the chart's page
as its canonical URL, kept out of search and the navigation. Under each chart, "Embed" shows an
`<iframe>` snippet of that page with the chart's view. The embed pages are opened inside an <iframe>
of a page served from another port, as another site would show them. Charts come from the build
(`chart_outputs`), never typed here.
"""

from __future__ import annotations

import json
import re
import urllib.request
from functools import cache
from html import escape
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from crawler import COUNT_MARKS_JS, MARK_SELECTORS, accessibility_violations
from utils import ROOT, dataset

from leaderboard.charts.files import chart_outputs
from leaderboard.charts.specs import INK
from leaderboard.site.pages import chart_page
from tools.site import free_port, serve

WIDTHS = [360, 1000]  # px: a phone's frame, and a wide column's
DRAWN = "view => view.dataset.rendered === 'true'"
SELECTORS = sorted(set(MARK_SELECTORS.values()))
COUNT_DRAWN = """([view, selectors]) => Object.fromEntries(
  selectors.map((s) => [s, document.querySelector(view).querySelectorAll(s).length]))"""
SIDEWAYS = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# The snippet, parsed as a browser parses what a reader pastes into a page.
PARSE_SNIPPET = """(text) => {
  const body = new DOMParser().parseFromString(text, "text/html").body;
  return [...body.children].map((e) => ({
    tag: e.tagName.toLowerCase(),
    attributes: Object.fromEntries([...e.attributes].map((a) => [a.name, a.value])),
    src: e.src || "",
  }));
}"""
HOSTILE_VALUES = {
    "script": '<script>alert("address")</script>',
    "html": "\"'><img src=x onerror=alert('address')><b>bold</b>",
    "quotes": '"\' \\" &quot; &amp; %22 %3Cscript%3E',
    "10 KB": "a" * 10_000,
}


@cache
def charts() -> dict[str, dict]:
    return chart_outputs(dataset())[1]


CHART_IDS = list(charts())


def embed_path(chart: str) -> str:
    return f"embed/{chart}/"


def host(url: str) -> str:
    return urlsplit(url).netloc


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    """Another site: a folder served on another port of 127.0.0.1, where tests write pages that
    show an embed page in an <iframe>. Yields (its URL, its folder)."""
    folder = tmp_path_factory.mktemp("other-site")
    port = free_port()
    server = serve(folder, port)
    yield f"http://127.0.0.1:{port}/", folder
    server.shutdown()


def framing_page(other_site, name: str, src: str, width: int | str, height: int) -> str:
    """A page of the other site showing `src` in an <iframe> of that size; its URL."""
    url, folder = other_site
    (folder / f"{name}.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">'
        f'<title>Another site</title></head><body style="margin: 0"><main><iframe src="{escape(src)}" '
        f'title="An embedded chart" width="{width}" height="{height}" style="border: 0"></iframe>'
        "</main></body></html>",
        encoding="utf-8",
    )
    return url + f"{name}.html"


class Framed:
    """A tab on the other site, showing an embed page in a frame: every request, dialog and error."""

    def __init__(self, browser, **context):
        self.context = browser.new_context(viewport={"width": 1100, "height": 900}, **context)
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def open(self, url: str):
        """Open the framing page at `url` and wait until its frame's chart is drawn; the frame."""
        self.page.goto(url, wait_until="load")
        [frame] = self.page.main_frame.child_frames
        frame.wait_for_selector(".lb-chart__view")
        frame.wait_for_function(DRAWN, arg=frame.query_selector(".lb-chart__view"), timeout=30000)
        return frame

    def close(self):
        self.context.close()


@pytest.fixture
def framed(browser):
    tabs: list[Framed] = []

    def make(**context) -> Framed:
        tabs.append(Framed(browser, **context))
        return tabs[-1]

    yield make
    for tab in tabs:
        tab.close()


def drawn_marks(frame, view: str = ".lb-chart__view") -> dict[str, int]:
    return frame.evaluate(COUNT_DRAWN, [view, SELECTORS])


def expected_marks(frame, chart: str, site: str) -> dict[str, int]:
    counted = frame.evaluate(
        COUNT_MARKS_JS, {"spec": site + charts()[chart]["files"]["spec"], "selectors": MARK_SELECTORS}
    )
    assert counted["uncountable"] == []
    return counted["expected"]


# In a frame on another site --------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_in_a_frame_of_another_site_draws_every_mark_of_its_chart(
    framed, site, other_site, chart, width
):
    tab = framed()
    frame = tab.open(framing_page(other_site, f"{chart}-{width}", site + embed_path(chart), width, 700))
    expected = expected_marks(frame, chart, site)
    drawn = drawn_marks(frame)
    assert sum(expected.values()) > 0
    assert {selector: drawn[selector] for selector in expected} == expected
    assert tab.errors == [] and tab.dialogs == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_fits_its_frame_without_scrolling_sideways(framed, site, other_site, chart, width):
    frame = framed().open(framing_page(other_site, f"{chart}-{width}", site + embed_path(chart), width, 700))
    scroll_width, client_width = frame.evaluate(SIDEWAYS)
    assert client_width == width
    assert scroll_width <= client_width
    chart_box = frame.locator(".lb-chart__view svg.marks").bounding_box()
    frame_box = frame.frame_element().bounding_box()
    assert chart_box["x"] >= frame_box["x"] and chart_box["x"] + chart_box["width"] <= frame_box["x"] + width
    assert chart_box["width"] >= width * 0.8, "the chart takes the width of its frame"


@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_asks_nothing_of_any_host_but_its_own(framed, site, other_site, chart):
    tab = framed()
    framing = framing_page(other_site, chart, site + embed_path(chart), 1000, 700)
    frame = tab.open(framing)
    frame.locator(".lb-chart__view svg.marks").hover()  # the tooltip, and whatever a pointer loads
    frame.evaluate("document.documentElement.scrollTo(0, document.documentElement.scrollHeight)")
    from_the_other_site = [url for url in tab.requests if host(url) == host(framing)]
    assert from_the_other_site == [framing]
    elsewhere = [url for url in tab.requests if host(url) not in (host(site), host(framing))]
    assert elsewhere == []
    assert any(url.endswith("vega.bundle.js") for url in tab.requests)


@pytest.mark.parametrize("chart", CHART_IDS)
def test_the_snippets_height_holds_the_whole_embed_page_in_a_wide_frame(framed, site, other_site, chart):
    """The height "Embed" gives the frame (the chart's, and room for its switches, sources and
    the link back) shows the whole page at 1000 px: nothing to scroll."""
    height = snippet_height(site, chart)
    frame = framed().open(framing_page(other_site, chart, site + embed_path(chart), 1000, height))
    assert frame.evaluate("document.documentElement.scrollHeight") <= height


@cache
def snippet_height(site: str, chart: str) -> int:
    """The height the chart's page offers in its snippet (data-height of its Embed link)."""
    path = chart_page(charts()[chart])
    with urllib.request.urlopen(site + path, timeout=30) as response:
        text = response.read().decode("utf-8")
    found = re.search(rf'<a class="lb-chart__embed" href="[^"]*embed/{re.escape(chart)}/"[^>]*>', text)
    assert found, f"no Embed link for {chart} on {path}"
    return int(re.search(r'data-height="(\d+)"', found[0])[1])


# Colour scheme ---------------------------------------------------------------------------------


@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_draws_its_chart_in_the_readers_dark_scheme_and_follows_a_change(
    framed, site, other_site, chart
):
    tab = framed(color_scheme="dark")
    frame = tab.open(framing_page(other_site, chart, site + embed_path(chart), 1000, 700))
    title = frame.locator(".lb-chart__view .role-title-text text").first
    assert title.get_attribute("fill") == INK[1]
    assert frame.evaluate("getComputedStyle(document.body).colorScheme") == "light dark"
    assert frame.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    tab.page.emulate_media(color_scheme="light")
    frame.wait_for_function(
        "([selector, ink]) => document.querySelector(selector).getAttribute('fill') === ink",
        arg=[".lb-chart__view .role-title-text text", INK[0]],
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
def test_without_javascript_an_embed_page_shows_the_static_chart_of_the_readers_scheme_and_width(
    browser, site, scheme, width
):
    chart = CHART_IDS[0]
    files = charts()[chart]["files"]
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto(site + embed_path(chart), wait_until="load")
        shown = [image for image in page.locator("img.lb-chart__static").all() if image.is_visible()]
        assert len(shown) == 1
        dark = scheme == "dark"
        narrow = width < 480  # the <picture>'s (max-width: 30em)
        expected = files[("svg_narrow" if narrow else "svg") + ("_dark" if dark else "")]
        page.wait_for_function(
            "image => image.complete && image.naturalWidth > 0", arg=shown[0].element_handle()
        )
        assert shown[0].evaluate("image => image.currentSrc") == site + expected
        assert not page.locator(".lb-chart__view").is_visible()
        back = page.locator(".lb-embed__back a")
        assert back.get_attribute("target") == "_blank"
        assert back.evaluate("a => a.href") == f"{site}{chart_page(charts()[chart])}#chart-{chart}"
    finally:
        context.close()


# What the page is and links to -----------------------------------------------------------------


@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_is_the_chart_alone_with_its_title_sources_and_a_link_back(page, site, chart):
    info = charts()[chart]
    page.goto(site + embed_path(chart), wait_until="load")
    assert page.locator("header, nav, footer, .md-header, .md-sidebar, .md-search, .md-footer").count() == 0
    assert page.locator("figure.lb-chart").count() == 1
    assert page.locator(f"figure#chart-{chart} .lb-chart__view[data-chart-id='{chart}']").count() == 1
    assert page.title().startswith(info["title"])
    assert page.locator("h1").inner_text() == info["title"]
    assert words(page.locator("figcaption").inner_text()) == words(info["caption"])
    assert page.locator(".lb-chart__downloads").count() == 0
    back = page.locator(".lb-embed__back a")
    assert back.get_attribute("target") == "_blank"
    target = back.evaluate("a => a.href")
    assert target == f"{site}{chart_page(info)}#chart-{chart}"
    page.goto(target)
    assert page.locator(f"figure#chart-{chart}").count() == 1, "the link's page shows the chart"
    assert page.watch.errors == [] and page.watch.foreign == []


def words(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_is_indexable_and_names_its_chart_s_page_as_canonical(site, chart):
    with urllib.request.urlopen(site + embed_path(chart), timeout=30) as response:
        text = response.read().decode("utf-8")
    assert not re.search(r'<meta name="robots"', text), "nothing keeps a search engine from reading it"
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)"', text)
    assert canonical == [site + chart_page(charts()[chart])]


def test_no_embed_page_is_in_the_search_index_or_the_navigation(page, site):
    with urllib.request.urlopen(site + "search/search_index.json", timeout=30) as response:
        locations = [doc["location"] for doc in json.loads(response.read())["docs"]]
    assert locations, "the search index is empty"
    assert [location for location in locations if location.startswith("embed/")] == []
    for path in ["", *{chart_page(info) for info in charts().values()}]:
        page.goto(site + path)
        assert page.locator("nav.md-nav--primary a").count() > 0
        assert page.locator("nav a[href*='embed/']").count() == 0, path


# "Embed" under each chart ----------------------------------------------------------------------


def open_snippet(page, chart: str) -> str:
    """Click "Embed" under the chart: the snippet it shows."""
    figure = page.locator(f"#chart-{chart}")
    button = figure.locator("button.lb-chart__embed")
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    code = figure.locator(".lb-chart__embed-panel textarea")
    assert code.is_visible() and code.get_attribute("readonly") is not None
    return code.input_value()


@pytest.mark.parametrize("chart", CHART_IDS)
def test_embed_shows_an_iframe_snippet_of_the_embed_page_with_the_charts_title_and_height(page, site, chart):
    info = charts()[chart]
    page.goto(site + chart_page(info))
    [element] = page.evaluate(PARSE_SNIPPET, open_snippet(page, chart))
    assert element["tag"] == "iframe"
    assert element["src"] == site + embed_path(chart)
    attributes = element["attributes"]
    assert attributes["title"] == info["title"]
    assert attributes["width"] == "100%"
    assert int(attributes["height"]) >= info["height"]
    assert attributes["loading"] == "lazy"
    assert page.watch.errors == [] and page.watch.foreign == []


def test_embed_carries_the_charts_own_part_of_the_address_into_the_snippet(page, site):
    chart = CHART_IDS[0]
    other = CHART_IDS[1]
    page.goto(f"{site}{chart_page(charts()[chart])}?{chart}.hide=a,b&{other}.hide=c&view=1")
    [element] = page.evaluate(PARSE_SNIPPET, open_snippet(page, chart))
    src = urlsplit(element["src"])
    assert f"{src.scheme}://{src.netloc}{src.path}" == site + embed_path(chart)
    assert parse_qsl(src.query) == [(f"{chart}.hide", "a,b")]


def test_an_open_snippet_follows_the_view_as_it_changes(page, site):
    """The view changes in the address as the reader uses the chart (charts.js writes it): the
    snippet shown is written again on the next click in the figure, and when it is focused."""
    chart = CHART_IDS[0]
    page.goto(site + chart_page(charts()[chart]))
    assert urlsplit(page.evaluate(PARSE_SNIPPET, open_snippet(page, chart))[0]["src"]).query == ""
    code = page.locator(f"#chart-{chart} .lb-chart__embed-panel textarea")
    page.evaluate("chart => lbState.write(chart, {hide: 'a'})", chart)
    page.locator(f"#chart-{chart} figcaption").click(position={"x": 2, "y": 2})
    page.wait_for_function(
        "([box, query]) => box.value.includes(query)", arg=[code.element_handle(), f"?{chart}.hide=a"]
    )
    page.evaluate("chart => lbState.write(chart, {hide: 'b'})", chart)
    code.focus()
    assert f"?{chart}.hide=b" in code.input_value()


WRITES_THE_VIEW = "lbState.write" in (ROOT / "docs/assets/javascripts/charts.js").read_text(encoding="utf-8")


@pytest.mark.skipif(not WRITES_THE_VIEW, reason="charts.js does not keep the view in the address yet")
@pytest.mark.parametrize("chart", [chart for chart, info in charts().items() if info["groups"]][:2])
def test_the_view_set_up_on_a_charts_page_is_the_view_its_snippet_embeds(
    page, framed, site, other_site, chart
):
    """A group switched off and an overlay switched under the chart: the snippet's frame draws the
    same marks, with the same switches, as the chart's page; its link back carries the view."""
    page.goto(site + chart_page(charts()[chart]))
    figure = page.locator(f"#chart-{chart}")
    figure.scroll_into_view_if_needed()
    view = figure.locator(".lb-chart__view")
    page.wait_for_function(DRAWN, arg=view.element_handle(), timeout=30000)
    figure.locator("input[data-group]").first.uncheck()
    figure.locator(".lb-chart__controls input[type=checkbox][data-param]").first.click()
    page.wait_for_function("chart => lbState.query(chart) !== ''", arg=chart)
    query = page.evaluate("chart => lbState.query(chart)", chart)
    [element] = page.evaluate(PARSE_SNIPPET, open_snippet(page, chart))
    assert element["src"] == f"{site}{embed_path(chart)}?{query}"
    switches = "figure => [...figure.querySelectorAll('.lb-chart__controls input')].map((box) => box.checked)"
    frame = framed().open(framing_page(other_site, f"view-{chart}", element["src"], 1000, 700))
    assert drawn_marks(frame) == drawn_marks(page, f"#chart-{chart} .lb-chart__view")
    assert frame.locator("figure").evaluate(switches) == figure.evaluate(switches)
    frame.locator(".lb-embed__back a").focus()
    back = frame.locator(".lb-embed__back a").evaluate("a => a.href")
    assert back == f"{site}{chart_page(charts()[chart])}?{query}#chart-{chart}"


def test_copy_puts_the_snippet_on_the_clipboard(browser, site):
    chart = CHART_IDS[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        context.grant_permissions(["clipboard-read", "clipboard-write"])
        page = context.new_page()
        page.goto(site + chart_page(charts()[chart]))
        snippet = open_snippet(page, chart)
        page.locator(f"#chart-{chart} .lb-chart__copy").click()
        assert page.evaluate("navigator.clipboard.readText()") == snippet
        assert page.locator(f"#chart-{chart} .lb-chart__copied").inner_text() == "Copied."
    finally:
        context.close()


def test_without_a_clipboard_copy_selects_the_snippet(page, site):
    chart = CHART_IDS[0]
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.goto(site + chart_page(charts()[chart]))
    snippet = open_snippet(page, chart)
    page.locator(f"#chart-{chart} .lb-chart__copy").click()
    code = page.locator(f"#chart-{chart} .lb-chart__embed-panel textarea")
    assert page.evaluate("document.activeElement.tagName") == "TEXTAREA"
    assert code.evaluate("box => box.value.slice(box.selectionStart, box.selectionEnd)") == snippet
    assert page.locator(f"#chart-{chart} .lb-chart__copied").inner_text().startswith("Selected")


@pytest.mark.parametrize("chart", CHART_IDS)
def test_without_javascript_embed_is_a_link_to_the_embed_page_in_the_same_place(browser, site, chart):
    """The link without JavaScript and the button with it stand in the same place of a downloads
    line of the same size: nothing moves as the one replaces the other."""
    boxes = []
    for script in (False, True):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=script)
        try:
            page = context.new_page()
            page.goto(site + chart_page(charts()[chart]), wait_until="load")
            figure = page.locator(f"#chart-{chart}")
            control = figure.locator(".lb-chart__embed")
            assert control.evaluate("e => e.tagName") == ("BUTTON" if script else "A")
            if not script:
                assert control.evaluate("a => a.href") == site + embed_path(chart)
            line = figure.locator(".lb-chart__downloads").bounding_box()
            box = control.bounding_box()
            boxes.append({**line, "control x": box["x"], "control width": box["width"]})
        finally:
            context.close()
    assert boxes[0] == pytest.approx(boxes[1], abs=0.5)


# Hostile addresses -----------------------------------------------------------------------------


def hostile_query(chart: str, value: str) -> str:
    """An address holding `value` under keys of the chart's, and markup in its keys."""
    keys = {f"{chart}.hide": value, f"{chart}.highlight": value, f"{chart}.<img src=x onerror=alert(1)>": "x"}
    return urlencode([*keys.items(), ("<script>alert('key')</script>", "x")])


@pytest.mark.parametrize("value", list(HOSTILE_VALUES), ids=list(HOSTILE_VALUES))
@pytest.mark.parametrize("chart", CHART_IDS[:2])
def test_a_hostile_address_on_an_embed_page_runs_nothing_and_adds_nothing(
    framed, site, other_site, chart, value
):
    address = f"{site}{embed_path(chart)}?{hostile_query(chart, HOSTILE_VALUES[value])}"
    tab = framed()
    frame = tab.open(framing_page(other_site, f"hostile-{chart}", address, 1000, 700))
    # the one inline script of the page is its own (the no-js switch)
    assert frame.evaluate("[...document.scripts].filter((s) => !s.src).length") == 1
    assert frame.locator("img[src='x'], [onerror], [onload], b").count() == 0
    frame.locator(".lb-embed__back a").focus()
    back = urlsplit(frame.locator(".lb-embed__back a").evaluate("a => a.href"))
    assert f"{back.scheme}://{back.netloc}{back.path}" == site + chart_page(charts()[chart])
    assert tab.dialogs == [] and tab.errors == []


@pytest.mark.parametrize("value", list(HOSTILE_VALUES), ids=list(HOSTILE_VALUES))
def test_a_hostile_address_reaches_the_snippet_encoded_as_one_iframe(page, site, value):
    chart = CHART_IDS[0]
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{site}{chart_page(charts()[chart])}?{hostile_query(chart, HOSTILE_VALUES[value])}")
    elements = page.evaluate(PARSE_SNIPPET, open_snippet(page, chart))
    assert [element["tag"] for element in elements] == ["iframe"]
    assert set(elements[0]["attributes"]) == {"src", "title", "width", "height", "style", "loading"}
    src = urlsplit(elements[0]["src"])
    assert f"{src.scheme}://{src.netloc}{src.path}" == site + embed_path(chart)
    assert all(key.startswith(f"{chart}.") for key, _ in parse_qsl(src.query))
    assert page.locator("img[src='x'], [onerror], [onload]").count() == 0
    assert page.evaluate("[...document.scripts].filter((s) => s.text.includes('alert(')).length") == 0
    assert dialogs == [] and page.watch.errors == []


# Accessibility ---------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("chart", CHART_IDS)
def test_an_embed_page_has_no_serious_or_critical_accessibility_violation(browser, site, chart, scheme):
    context = browser.new_context(viewport={"width": 1000, "height": 800}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(site + embed_path(chart), wait_until="load")
        page.wait_for_function(DRAWN, arg=page.locator(".lb-chart__view").element_handle(), timeout=30000)
        assert accessibility_violations(page) == []
    finally:
        context.close()
