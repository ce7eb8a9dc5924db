"""The compare page (`compare/?models=ID,ID`), in headless Chromium on the built site: it shows the
data of the models chosen (every score with its source, setting and rank, their lineage, the
chart's points), keeps the choice in the address through reloads, instant navigation and
back/forward, names what the address holds that is no model, runs nothing from the address, lists
every model as a link without JavaScript, and passes axe at 1280 and 360 px."""

from __future__ import annotations

import json
import urllib.request
from functools import cache
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from crawler import accessibility_violations
from utils import PageWatch, dataset, report

from leaderboard.data.lookups import build_lookups, headline_scores

READY = "#lb-compare[data-ready=true]"
CHART = "#chart-compare-view"
POINTS = f"{CHART} g.mark-symbol.role-mark path"
MOST = 4


@cache
def lookups():
    return build_lookups(dataset())


def with_base() -> list[tuple[str, str]]:
    """Every model trained from another, as (base, model)."""
    return [(m.base_model, m.id) for m in dataset().models.values() if m.base_model]


def most_scores() -> list[str]:
    """The MOST models with the most scores, most first."""
    models = sorted(dataset().models, key=lambda i: -len(lookups().rows_by_model.get(i, [])))
    return models[:MOST]


CHOICES = [list(pair) for pair in with_base()] + [most_scores()]


def open_compare(page, site: str, query: str) -> None:
    page.goto(f"{site}compare/{query}", wait_until="load")
    page.wait_for_selector(READY)


def chosen(page) -> list[str]:
    return page.locator(".lb-compare__chip").evaluate_all("items => items.map(i => i.dataset.model)")


def address_models(page) -> list[str]:
    values = parse_qs(urlsplit(page.url).query).get("models", [])
    return values[0].split(",") if values else []


def shown_scores(page) -> dict[tuple[str, str, str], dict]:
    """Each score the table shows, by (model, benchmark, setting)."""
    return page.evaluate(
        """() => {
          const table = document.querySelector(".lb-compare__scores");
          const models = [...table.tHead.querySelectorAll("th a")].map(a => a.pathname.split("/").at(-2));
          const found = {};
          for (const row of table.tBodies[0].rows) {
            [...row.cells].slice(1).forEach((cell, index) => {
              if (!cell.querySelector(".lb-compare__score")) return;
              const source = cell.querySelector(".lb-compare__source");
              const link = source.querySelector("a");
              found[[models[index], row.dataset.benchmark, row.dataset.setting].join("|")] = {
                score_text: cell.querySelector(".lb-compare__score").textContent,
                plus_minus: cell.querySelector(".lb-pm") ? cell.querySelector(".lb-pm").textContent : "",
                rank: cell.querySelector(".lb-compare__rank").textContent,
                source: source.textContent,
                source_url: link ? link.href : "",
                also: [...cell.querySelectorAll(".lb-also")].map(e => e.textContent),
              };
            });
          }
          return found;
        }"""
    )


def expected_scores(ids: list[str]) -> dict[str, dict]:
    return {
        f"{model}|{row['benchmark']}|{row['setting']}": {
            "score_text": row["score_text"],
            "plus_minus": row["plus_minus"],
            "rank": f"rank {row['rank']} of {row['of']}",
            "source": row["source"],
            "source_url": row["source_url"],
            "also": [f"also reported: {also['text']}" for also in row["also"]],
        }
        for model in ids
        for row in lookups().rows_by_model.get(model, [])
    }


def lineage(page) -> dict[str, list[list[str]]]:
    """The lineage table: each fact's row, a list of model ids linked per column."""
    return page.evaluate(
        """() => {
          const table = document.querySelector(".lb-compare__lineage");
          const found = {};
          for (const row of table.tBodies[0].rows) {
            found[row.cells[0].textContent] = [...row.cells].slice(1).map(
              cell => [...cell.querySelectorAll("a")].map(a => a.pathname.split("/").at(-2)));
          }
          return found;
        }"""
    )


def wait_for_points(page, count: int) -> None:
    page.locator(CHART).scroll_into_view_if_needed()
    page.wait_for_function(
        "([selector, count]) => document.querySelectorAll(selector).length === count", arg=[POINTS, count]
    )


def headline_count(ids: list[str]) -> int:
    return sum(len(headline_scores(lookups().rows_by_model.get(i, []))) for i in ids)


# The values -------------------------------------------------------------------------------------


@pytest.mark.parametrize("ids", CHOICES, ids=",".join)
def test_the_page_shows_every_score_of_the_models_chosen_as_the_data_has_it(page, site, ids):
    open_compare(page, site, "?models=" + ",".join(ids))
    assert chosen(page) == ids
    expected = expected_scores(ids)
    assert expected, "the models chosen have no score to compare"
    assert shown_scores(page) == expected
    assert page.watch.errors == []


@pytest.mark.parametrize("ids", CHOICES, ids=",".join)
def test_the_lineage_links_what_each_model_was_trained_from_and_into(page, site, ids):
    open_compare(page, site, "?models=" + ",".join(ids))
    models = [dataset().models[i] for i in ids]
    assert lineage(page)["Trained from"] == [[m.base_model] if m.base_model else [] for m in models]
    assert lineage(page)["Trained into"] == [lookups().trained_from_it.get(i, []) for i in ids]


@pytest.mark.parametrize("ids", [CHOICES[0], CHOICES[-1]], ids=",".join)
def test_the_chart_draws_a_point_per_headline_score_of_the_models_chosen(page, site, ids):
    open_compare(page, site, "?models=" + ",".join(ids))
    wait_for_points(page, headline_count(ids))
    every = sum(len(headline_scores(rows)) for rows in lookups().rows_by_model.values())
    assert page.locator(f"{CHART} g.mark-rect.role-mark path").count() == every  # a tick per model
    assert page.watch.errors == []


def test_the_chart_data_is_every_models_headline_scores(site):
    with urllib.request.urlopen(site + "compare/compare.vl.json") as response:
        spec = json.load(response)
    rows = spec["datasets"]["scores"]
    expected = {
        (model, row["benchmark_name"], row["score_shown"])
        for model, model_rows in lookups().rows_by_model.items()
        for row in headline_scores(model_rows).values()
    }
    assert {(r["model_id"], r["benchmark"], r["score_shown"].rsplit(" (", 1)[0]) for r in rows} == expected
    assert len(rows) == len(expected)


# The address ------------------------------------------------------------------------------------


def pick_by_keyboard(page, name: str) -> None:
    """Type the name into the picker, step with the arrow keys to the suggestion of that name, Enter."""
    field = page.locator("#lb-compare-input")
    field.focus()
    page.keyboard.type(name)
    assert field.get_attribute("aria-expanded") == "true"
    for _ in range(60):
        page.keyboard.press("ArrowDown")
        active = field.get_attribute("aria-activedescendant")
        if page.locator(f"#{active} .lb-combobox__name").text_content() == name:
            break
    else:
        pytest.fail(f"no suggestion named {name!r}")
    page.keyboard.press("Enter")


def test_models_picked_by_keyboard_are_in_the_address_and_a_fresh_page_shows_them(browser, page, site):
    base, model = with_base()[0]
    open_compare(page, site, "")
    assert chosen(page) == []
    entries = page.evaluate("history.length")
    for model_id in (base, model):
        pick_by_keyboard(page, dataset().models[model_id].name)
    assert chosen(page) == [base, model]
    assert address_models(page) == [base, model]
    assert f"?models={base},{model}" in page.url  # the commas as they are
    assert page.evaluate("history.length") == entries  # replaced, not pushed

    page.reload(wait_until="load")
    page.wait_for_selector(READY)
    assert chosen(page) == [base, model]

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        fresh = context.new_page()
        open_compare(fresh, site, f"?models={base},{model}")
        assert chosen(fresh) == [base, model]
        assert shown_scores(fresh) == expected_scores([base, model])
    finally:
        context.close()
    assert page.watch.errors == []


def test_removing_a_model_with_its_button_takes_it_out_of_the_address(page, site):
    ids = most_scores()
    open_compare(page, site, "?models=" + ",".join(ids))
    page.locator(f".lb-compare__chip[data-model='{ids[1]}'] button").focus()
    page.keyboard.press("Enter")
    assert chosen(page) == ids[:1] + ids[2:]
    assert address_models(page) == ids[:1] + ids[2:]
    assert page.evaluate("document.activeElement.classList.contains('lb-compare__remove')")


def test_the_picker_adds_no_fifth_model(page, site):
    ids = most_scores()
    open_compare(page, site, "?models=" + ",".join(ids))
    other = next(m for m in dataset().models.values() if m.id not in ids)
    page.locator("#lb-compare-input").fill(other.name)
    assert page.locator("#lb-compare-options").is_hidden()
    page.keyboard.press("Enter")
    assert chosen(page) == ids
    assert "remove one" in page.locator(".lb-compare__live").text_content()


def test_compare_with_its_base_opens_by_instant_navigation_and_survives_back_and_forward(page, site):
    base, model = with_base()[0]
    page.goto(f"{site}models/{model}/", wait_until="load")
    page.evaluate("window.lbSameDocument = true")  # gone if the browser loads a page afresh
    page.locator("article a.lb-compare-link", has_text="compare with its base").click()
    page.wait_for_selector(READY)
    assert address_models(page) == [base, model]
    assert chosen(page) == [base, model]
    assert page.evaluate("window.lbSameDocument === true")  # Material's instant navigation
    assert shown_scores(page) == expected_scores([base, model])

    page.go_back()
    page.wait_for_url(f"{site}models/{model}/")
    page.wait_for_selector("article .lb-facts")
    page.go_forward()
    page.wait_for_selector(READY)
    assert page.evaluate("window.lbSameDocument === true")
    assert chosen(page) == [base, model]
    assert shown_scores(page) == expected_scores([base, model])
    assert page.watch.errors == []


def test_every_model_page_links_to_compare_it_with_its_base_and_the_models_trained_from_it(site):
    problems = []
    for model in dataset().models.values():
        with urllib.request.urlopen(f"{site}models/{model.id}/") as response:
            text = response.read().decode("utf-8")
        derived = lookups().trained_from_it.get(model.id, [])
        wanted = []
        if model.base_model:
            wanted.append(f'href="../../compare/?models={model.base_model},{model.id}"')
        if derived:
            wanted.append(f'href="../../compare/?models={",".join([model.id, *derived][:MOST])}"')
        problems += [f"{model.id}: no link {link}" for link in wanted if link not in text]
        if text.count('class="lb-compare-link"') != len(wanted):
            problems.append(
                f"{model.id}: {text.count('lb-compare-link')} compare links, {len(wanted)} wanted"
            )
    assert not problems, report(problems)


# What the address holds that is no model ------------------------------------------------------


def test_unknown_ids_are_named_and_the_page_asks_for_more_models(page, site):
    known = with_base()[0][1]
    open_compare(page, site, f"?models=no-such-model,{known},another")
    assert chosen(page) == [known]
    messages = page.locator(".lb-compare__messages").inner_text()
    assert "No model with id “no-such-model”." in messages
    assert "No model with id “another”." in messages
    assert "Pick 1 more model" in messages
    assert page.locator(".lb-compare__result").is_hidden()
    assert page.watch.errors == []


def test_more_than_four_models_show_the_first_four_and_say_so(page, site):
    ids = list(dataset().models)[: MOST + 2]
    open_compare(page, site, "?models=" + ",".join(ids))
    assert chosen(page) == ids[:MOST]
    assert f"showing the first {MOST}" in page.locator(".lb-compare__messages").inner_text()


HOSTILE = [
    "<script>alert('models')</script>",
    "<img src=x onerror=alert('img')>",
    "\"'><svg onload=alert('quote')>",
    "';alert(1);//",
    "%3Cscript%3Ealert(2)%3C%2Fscript%3E",
    "x" * 10240,
]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: v[:24])
def test_a_hostile_address_runs_nothing_and_adds_no_element(browser, site, value):
    known = ",".join(with_base()[0])
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        watch = PageWatch(page, site)
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        query = urlencode({"models": f"{value},{known}"}, safe=",")
        open_compare(page, site, "?" + query)
        injected = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                 .filter(e => e.matches(".lb-compare__messages *") && e.localName !== "p"
                   || [...e.attributes].some(a => a.name.startsWith("on")))
                 .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert injected == []
        assert dialogs == []
        assert watch.errors == []
        messages = page.locator(".lb-compare__messages").inner_text()
        if len(value) > 1000:
            assert "too long to read" in messages
        else:
            assert value[:60] in messages  # named as text
            assert chosen(page) == known.split(",")
    finally:
        context.close()


# Without JavaScript, accessibility, small screens ---------------------------------------------


def test_without_javascript_the_page_lists_every_model_as_a_link_and_hides_the_picker(browser, site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site}compare/?models=" + ",".join(most_scores()), wait_until="load")
        links = page.locator(".lb-compare__models li > a:first-child").evaluate_all(
            "links => links.map(a => [a.pathname.split('/').at(-2), a.textContent])"
        )
        assert links == [[m.id, m.name] for m in dataset().models.values()]
        assert page.locator(".lb-compare__picker").is_hidden()
        assert page.locator(".lb-compare__result").is_hidden()
        assert page.locator("#chart-compare").is_hidden()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 360])
def test_the_page_has_no_serious_accessibility_violation_and_no_sideways_scroll(browser, site, scheme, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        ids = most_scores()
        open_compare(page, site, "?models=" + ",".join(ids) + ",no-such-model")
        wait_for_points(page, headline_count(ids))
        page.evaluate("window.scrollTo(0, 0)")
        page.locator(".lb-compare__chip button").first.click()  # back to 3: the picker takes a 4th
        other = next(m for m in dataset().models.values() if m.id not in ids)
        page.locator("#lb-compare-input").fill(other.name[:3])
        page.keyboard.press("ArrowDown")
        assert page.locator("#lb-compare-options").is_visible()
        problems = accessibility_violations(page)
        assert not problems, report(problems, "violation(s)")
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    finally:
        context.close()


LAYOUT_SHIFTS = """window.__shifted = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__shifted += e.value; })
  .observe({type: "layout-shift", buffered: true});"""


def test_with_no_model_chosen_the_page_moves_nothing_and_loads_no_vega(browser, site):
    page = browser.new_context(viewport={"width": 412, "height": 823}).new_page()
    names = []
    page.on("request", lambda request: names.append(request.url.split("?")[0].rsplit("/", 1)[-1]))
    page.add_init_script(LAYOUT_SHIFTS)
    open_compare(page, site, "")
    page.evaluate("() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done)))")
    assert page.locator(".lb-combobox__input").is_enabled()
    assert page.locator("#chart-compare").is_hidden()
    assert page.evaluate("window.__shifted") == 0
    assert "vega.bundle.js" not in names
    page.context.close()
