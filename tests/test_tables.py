"""The interactive tables (the models index, each benchmark's results) in headless Chromium, on the
real site and on a synthetic site of more rows than a page holds: the page holds the first rows and
a link to the full CSV; sorting, filtering and searching reach every row; the rest are drawn as
the reader scrolls; the view is in the address and comes back from it (fresh, by instant
navigation, by back and forward), a hostile address changes nothing; "Download these" gives the
rows shown as CSV; nothing moves as the table comes to life. Expected rows come from the data."""

from __future__ import annotations

import csv
import http.server
import io
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from utils import DATA, ROOT, PageWatch, read_csv, read_yaml, write_csv

from leaderboard.site.tables import FIRST_ROWS, csv_field
from tools.site import build_site, free_port, serve

sys.path.insert(0, str(ROOT / "benchmarks"))
import synthetic

BIG = 1500  # models of the synthetic site: far more rows than a page holds, quick to build
FORMULA = '=HYPERLINK("http://evil.example","x")-Math'  # a name a spreadsheet would run
READY = "[data-table][data-enhanced='true']"
ROWS = "table.lb-results tbody tr"


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A synthetic site of BIG models (one named like a formula), served on 127.0.0.1: (URL, data)."""
    work = tmp_path_factory.mktemp("big")
    data = synthetic.write_data(work / "data", BIG)
    models = read_csv(data / "models.csv")
    models[-1]["name"] = FORMULA
    write_csv(data / "models.csv", models)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = serve(build_site(work / "build", url, data), port)
    yield url, data
    server.shutdown()


@pytest.fixture
def tab(browser):
    """A fresh page in a context that accepts downloads, watching for errors and dialogs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    yield page
    context.close()


def watched(page, url: str):
    page.watch = PageWatch(page, url)
    page.on(
        "response", lambda r: page.watch.errors.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    return page


def moved_back_to_a_new_table(page, move) -> None:
    """Make the move, and wait for a table of the page it arrives at to be interactive. Material
    changes the address before it swaps the page, and may not yet have swapped in the page being
    left: a table on the page now is marked, so that only a new one counts."""
    page.evaluate(
        "document.querySelectorAll('[data-table]').forEach((block) => { block.dataset.left = '1'; })"
    )
    move()
    page.locator(f"{READY}:not([data-left])").wait_for()


def open_table(page, url: str):
    page.goto(url)
    page.locator(READY).wait_for()
    return page


def status(page) -> str:
    return page.locator(".lb-filters__status").inner_text()


def model_links(page) -> list[str]:
    """The model each drawn row links to, in order."""
    return page.locator(f"{ROWS} a[href*='models/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href').split('/').slice(-2)[0])"
    )


def math_results(data=DATA) -> list[dict]:
    """Every MATH result with its model's facts, from the CSV files."""
    models = {model["id"]: model for model in read_csv(data / "models.csv")}
    return [
        {**r, "m": models[r["model"]]} for r in read_csv(data / "results.csv") if r["benchmark"] == "math"
    ]


def headline_math(data) -> dict[str, Decimal]:
    """Each model's one MATH score on the models index: as first reported, else its best."""
    chosen: dict[str, tuple] = {}
    for r in read_csv(data / "results.csv"):
        if r["benchmark"] == "math":
            rank = (r["setting"] == "", Decimal(r["score"]))
            chosen[r["model"]] = max(chosen.get(r["model"], rank), rank)
    return {model: score for model, (_, score) in chosen.items()}


def words_match(name: str, typed: str) -> bool:
    return all(word in name.lower() for word in typed.lower().split())


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# Without JavaScript ---------------------------------------------------------------------------


def test_without_javascript_the_page_shows_its_first_rows_and_links_the_full_csv(browser, big):
    url, data = big
    models = read_csv(data / "models.csv")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url + "models/")
    assert model_links(page) == [m["id"] for m in models[:FIRST_ROWS]]
    link = page.get_by_role("link", name=f"All {len(models):,} models as CSV")
    with urllib.request.urlopen(urllib.parse.urljoin(page.url, link.get_attribute("href"))) as response:
        rows = csv_rows(response.read().decode("utf-8"))
    assert [r["model_id"] for r in rows] == [m["id"] for m in models]
    assert not page.locator(".lb-filters__controls").is_visible()  # no control that would do nothing
    assert not page.get_by_role("button", name="Show more models").is_visible()
    context.close()


# Every row, with JavaScript -------------------------------------------------------------------


def test_searching_finds_a_model_far_below_the_rows_of_the_page(tab, big):
    url, data = big
    models = read_csv(data / "models.csv")
    wanted = models[FIRST_ROWS * 10]["name"]
    page = open_table(watched(tab, url), url + "models/")
    page.get_by_label("Model", exact=True).fill(wanted)
    expected = [m["id"] for m in models if words_match(m["name"], wanted)]
    expect(page.locator(".lb-filters__status")).to_have_text(
        f"Showing {len(expected)} of {len(models)} models."
    )
    assert model_links(page) == expected[:FIRST_ROWS]
    assert page.watch.errors == []


def test_sorting_orders_every_row_and_empty_scores_go_last(tab, big):
    url, data = big
    scores = headline_math(data)
    page = open_table(tab, url + "models/")
    math = page.get_by_role("button", name="MATH", exact=True)
    math.click()  # ascending
    math.click()  # descending
    expect(page.locator("th[data-key='math']")).to_have_attribute("aria-sort", "descending")
    expected = sorted(scores.values(), reverse=True)[:FIRST_ROWS]
    shown = [Decimal(model) for model in (scores[m] for m in model_links(page))]
    assert shown == expected
    math.click()  # ascending: the lowest score first, models without one after every score
    assert Decimal(scores[model_links(page)[0]]) == min(scores.values())


def test_filtering_counts_every_row_and_draws_the_rest_as_the_reader_scrolls(tab, big):
    url, data = big
    results = math_results(data)
    family = Counter(r["m"]["family"] for r in results).most_common(1)[0][0]
    expected = [r["model"] for r in results if r["m"]["family"] == family]
    assert len(expected) > FIRST_ROWS
    page = open_table(tab, url + "benchmarks/math/")
    page.get_by_label("Family", exact=True).select_option(family)
    expect(page.locator(".lb-filters__status")).to_have_text(
        f"Showing {len(expected)} of {len(results)} results."
    )
    first = model_links(page)
    assert len(first) == FIRST_ROWS and set(first) <= set(expected)  # best first, as built
    page.get_by_role("button", name="Show more results").scroll_into_view_if_needed()
    expect(page.locator(ROWS)).to_have_count(min(len(expected), 2 * FIRST_ROWS))
    assert model_links(page)[:FIRST_ROWS] == first
    assert set(model_links(page)) <= set(expected)


def test_a_size_range_keeps_the_rows_within_it(tab, big):
    url, data = big
    models = read_csv(data / "models.csv")
    page = open_table(tab, url + "models/")
    page.get_by_label("Size from (B)").fill("13")
    page.get_by_label("to (B)").fill("34")
    expected = [m["id"] for m in models if m["params_b"] and 13 <= float(m["params_b"]) <= 34]
    expect(page.locator(".lb-filters__status")).to_have_text(
        f"Showing {len(expected)} of {len(models)} models."
    )
    assert model_links(page) == expected[:FIRST_ROWS]


# The view in the address ----------------------------------------------------------------------


def set_up_a_view(page, family: str) -> None:
    page.get_by_label("Family", exact=True).select_option(family)
    page.get_by_label("Model", exact=True).fill("b")
    score = page.get_by_role("button", name="Accuracy (%)")
    score.click()
    score.click()  # descending


def test_a_table_view_comes_back_from_its_address_fresh_by_instant_navigation_and_by_back(tab, browser, site):
    page = open_table(watched(tab, site), site + "benchmarks/math/")
    set_up_a_view(page, "Qwen2")
    expected = [
        r["model"]
        for r in sorted(math_results(), key=lambda r: -Decimal(r["score"]))
        if r["m"]["family"] == "Qwen2" and "b" in r["m"]["name"].lower()
    ]
    assert expected and model_links(page) == expected
    address = page.url
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(address).query)
    assert query == {
        "math-results.family": ["Qwen2"],
        "math-results.model": ["b"],
        "math-results.sort": ["-score"],
    }

    fresh = browser.new_context().new_page()  # loaded fresh
    open_table(fresh, address)
    assert model_links(fresh) == expected
    assert fresh.get_by_label("Family", exact=True).input_value() == "Qwen2"
    assert fresh.get_by_label("Model", exact=True).input_value() == "b"
    expect(fresh.locator("th[data-key='score']")).to_have_attribute("aria-sort", "descending")
    fresh.context.close()

    page.goto(site)  # by instant navigation, from another page
    page.evaluate("window.lbStayed = true")
    page.evaluate(
        """address => { const a = document.createElement("a"); a.href = address; a.textContent = "view";
        document.querySelector("article").append(a); a.click(); }""",
        address,
    )
    page.wait_for_url(address)
    page.locator(READY).wait_for()
    assert page.evaluate("window.lbStayed === true")  # no reload: Material's instant navigation
    assert model_links(page) == expected

    page.locator(f"{ROWS} a[href*='models/']").first.click()  # away, then back and forward
    page.wait_for_url(f"**/models/{expected[0]}/")
    moved_back_to_a_new_table(page, page.go_back)
    page.wait_for_url(address)
    assert model_links(page) == expected
    page.go_forward()
    page.wait_for_url(f"**/models/{expected[0]}/")
    moved_back_to_a_new_table(page, page.go_back)
    assert model_links(page) == expected
    assert page.watch.errors == []


def test_clearing_the_filters_leaves_the_sort_and_takes_the_filters_out_of_the_address(tab, site):
    page = open_table(tab, site + "benchmarks/math/")
    set_up_a_view(page, "Qwen2")
    page.get_by_role("button", name="Clear filters").click()
    expect(page.locator(".lb-filters__status")).to_have_text(re.compile(rf"Showing {len(math_results())} of"))
    assert urllib.parse.urlsplit(page.url).query == "math-results.sort=-score"


# Each row's markup, its links absolute (Material's instant navigation makes the page's own so)
AS_WRITTEN = """rows => rows.map((row) => {
  const copy = row.cloneNode(true);
  copy.querySelectorAll("a[href]").forEach((a) => a.setAttribute("href", a.href));
  return copy.outerHTML;
})"""
TABLE_PAGES = ["models/", *(f"benchmarks/{b['id']}/" for b in read_yaml(DATA / "benchmarks.yaml"))]


@pytest.mark.parametrize("path", TABLE_PAGES)
def test_the_rows_tables_js_draws_are_the_rows_the_page_was_built_with(tab, site, path):
    page = open_table(tab, site + path)
    rows = page.locator("table.lb-results").first.locator("tbody tr")
    built = rows.evaluate_all(AS_WRITTEN)
    search = page.locator("[data-filter='search']").first
    search.fill("no such model anywhere")
    expect(rows).to_have_count(0)
    search.fill("")  # every row again, in the built order, each drawn from the rows file
    expect(rows).to_have_count(len(built))
    assert rows.evaluate_all(AS_WRITTEN) == built


HOSTILE = [
    "<script>alert('family')</script>",
    "<img src=x onerror=alert('img')>",
    '"><svg onload=alert(1)>',
    "' onmouseover='alert(1)",
    "x" * 10_000,
]


@pytest.mark.parametrize("value", HOSTILE, ids=["script", "img", "quotes", "attribute", "10KB"])
def test_a_hostile_address_changes_nothing_and_is_never_written_as_html(tab, site, value):
    keys = ["family", "model", "open", "size-from", "size-to", "sort", "nope"]
    if len(value) > 1000:
        keys = ["family", "model", "sort"]  # the request line within what a server takes
    query = urllib.parse.urlencode({f"math-results.{key}": value for key in keys})
    page = open_table(watched(tab, site), f"{site}benchmarks/math/?{query}")
    assert page.get_by_label("Family", exact=True).input_value() == ""  # not one of its options
    assert page.get_by_label("Size from (B)").input_value() == ""
    assert page.locator("th[aria-sort]").count() == 0
    injected = "script:not([src]):not([type]), img[src='x'], svg[onload], [onmouseover], [onerror]"
    assert page.locator(f"article {injected}").count() == 0
    assert tab.dialogs == [] and page.watch.errors == []
    searched = page.get_by_label("Model", exact=True).input_value()
    assert searched == (value if len(value) <= 1000 else "")  # text in a text box, at most
    expected = [r["model"] for r in math_results() if words_match(r["m"]["name"], searched)]
    assert sorted(model_links(page)) == sorted(expected)


# Downloads ------------------------------------------------------------------------------------


def download(page) -> tuple[str, str]:
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Download these")).click()
    path = info.value.path()
    return info.value.suggested_filename, path.read_text(encoding="utf-8")


def test_download_these_gives_the_rows_shown_named_for_the_filters(tab, site):
    page = open_table(tab, site + "benchmarks/math/")
    name, text = download(page)
    with urllib.request.urlopen(site + "downloads/tables/math-results.csv") as response:
        assert (name, text) == ("math-results.csv", response.read().decode("utf-8"))

    page.get_by_label("Family", exact=True).select_option("Qwen2")
    name, text = download(page)
    assert name == "math-results-family-qwen2.csv"
    expected = [(r["model"], r["score"]) for r in math_results() if r["m"]["family"] == "Qwen2"]
    assert sorted((r["model_id"], r["score"]) for r in csv_rows(text)) == sorted(expected)

    page.get_by_role("button", name="Model").click()
    name, text = download(page)
    names = [r["model"] for r in csv_rows(text)]
    assert names == sorted(names, key=str.lower) and len(names) == len(expected)  # in the order shown


def test_a_name_that_reads_as_a_formula_is_downloaded_as_text(tab, big):
    url, _ = big
    page = open_table(tab, url + "models/")
    page.get_by_label("Model", exact=True).fill("HYPERLINK")
    expect(page.locator(".lb-filters__status")).to_have_text(re.compile(r"^Showing 1 of"))
    name, text = download(page)
    assert name == "models-model-hyperlink.csv"
    [row] = csv_rows(text)
    assert row["model"] == csv_field(FORMULA) == "'" + FORMULA
    with urllib.request.urlopen(url + "downloads/tables/models.csv") as response:
        full = response.read().decode("utf-8")
    assert text.splitlines()[1] in full.splitlines()  # the same line as the full CSV's


# Nothing moves --------------------------------------------------------------------------------

LAYOUT_SHIFTS = """
window.lbShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.lbShifts.push(entry.value);
}).observe({ type: "layout-shift", buffered: true });
"""


@pytest.mark.parametrize("path", ["models/", "benchmarks/math/"])
@pytest.mark.parametrize("which", ["real", "big"])
def test_nothing_moves_when_a_table_becomes_interactive(browser, site, big, path, which):
    base = site if which == "real" else big[0]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    held = []  # the table's rows, held back until the table is in the window
    page.route("**/downloads/tables/*.json", lambda route: held.append(route))
    page.goto(base + path)
    page.locator("[data-table]").scroll_into_view_if_needed()
    while not held:
        page.wait_for_timeout(50)
    page.wait_for_timeout(500)  # the page settled: what moves now moves because of the table
    page.evaluate("window.lbShifts.length = 0")
    held[0].continue_()
    page.locator(READY).wait_for()
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert page.evaluate("window.lbShifts") == []
    assert page.locator(".lb-filters select").first.is_enabled()
    context.close()


class Trickle(http.server.BaseHTTPRequestHandler):
    """The site as `url` serves it, but one page's HTML comes in two parts, a pause between them,
    the first ending a few rows into its table: as a slow network delivers a long page, giving
    the browser time to paint what it has."""

    url, page, rows, pause = "", "", 3, 0.5

    def do_GET(self):
        with urllib.request.urlopen(self.url + self.path.lstrip("/")) as response:
            body, kind = response.read(), response.headers["Content-Type"]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.end_headers()
        if self.path == "/" + self.page:
            start = body.index(b"<tbody>")
            cut = start
            for _ in range(self.rows):
                cut = body.index(b"</tr>", cut) + len(b"</tr>")
            self.wfile.write(body[:cut])
            self.wfile.flush()
            time.sleep(self.pause)
            body = body[cut:]
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_table_that_comes_first_is_painted_with_its_first_rows_and_nothing_moves(browser, site):
    """A table's columns are as wide as their widest cell so far: painted a few rows in, they widen
    as the rest arrive, and the rows shift. The first paint waits for the line under the table."""
    handler = type("ModelsIndex", (Trickle,), {"url": site, "page": "models/"})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(LAYOUT_SHIFTS)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/models/", wait_until="load")
        expected = page.locator("head link[rel=expect][blocking=render]")
        assert expected.evaluate("link => new URL(link.href).hash") == "#models-foot"
        assert page.locator("#models-foot").evaluate(
            "foot => !!(document.querySelector('[data-table] table').compareDocumentPosition(foot) & 4)"
        )
        page.locator(READY).wait_for()
        page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert page.evaluate("window.lbShifts") == []
    finally:
        context.close()
        server.shutdown()
