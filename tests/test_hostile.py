"""Hostile text is shown, never run: a site built from data whose text fields hold HTML,
Markdown, Jinja, quotes, backslashes, emoji, right-to-left text and a 300-character name shows
each of them literally, in headless Chromium, wherever it appears (tables, page titles, the
navigation, tooltips, chart labels, alt text and ARIA labels, search), and runs no script.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from utils import (
    AUTHORS,
    BENCHMARK_DESCRIPTION,
    BENCHMARK_NAME,
    DATA,
    FAMILY,
    FIGURE_CAPTION,
    FIGURE_TITLE,
    IMG,
    JINJA,
    LOCATOR,
    METHOD_LABEL,
    NAMES,
    NOTE,
    ORGANISATION,
    QUOTES,
    SCRIPT,
    SETTING,
    SHORT_AUTHORS,
    SITE_DESCRIPTION,
    SITE_INTRO,
    SITE_NAME,
    SITE_TITLE,
    SOURCE_TITLE,
    hostile_data,
    read_yaml,
)

from leaderboard.data.load import load_dataset
from leaderboard.site import citations
from tools.site import build_site, free_port, serve

# The site built from the hostile data (tests/utils.py) -------------------------------------

STEP_DPO = "qwen2-7b-sft-step-dpo"  # named SCRIPT; its scores carry LOCATOR
SHORT_SOURCE = SOURCE_TITLE.split(":")[0]  # how tables and tooltips name a source: its title before the colon
PAGES = [
    "",
    "benchmarks/",
    "benchmarks/math/",
    "benchmarks/gsm8k/",
    "models/",
    *(f"models/{model}/" for model in NAMES),
    "downloads/",
    "data/",
    *(f"embed/{figure['id']}/" for figure in read_yaml(DATA / "figures.yaml")),  # titles and captions hostile
]
# Elements that would exist only if hostile markup had been parsed: (CSS selector, text).
INJECTED = [
    ("strong, b", "Bold"),
    ("em, i", "em"),
    ("a", "link"),
    ("code", "code"),
    ("i", "Accuracy"),
    ("i", "authors'"),
    ("b", "Preference"),
    ("a", "click"),
    ("a", "md"),
    ("svg", "Fam"),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> tuple[str, Path]:
    """The site built from the hostile data and served on 127.0.0.1: (its URL, its folder)."""
    work = tmp_path_factory.mktemp("hostile")
    data = hostile_data(work)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    folder = build_site(work, url, data=data)  # the build itself must not break
    server = serve(folder, port)
    yield url, folder
    server.shutdown()


class Visit:
    """A browser tab on the hostile site that records every dialog and every script error."""

    def __init__(self, page, url: str):
        self.page, self.url = page, url
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on(
            "console", lambda message: self.errors.append(message.text) if message.type == "error" else None
        )

    def open(self, path: str):
        self.page.goto(self.url + path)
        self.page.wait_for_load_state("load")
        for view in self.page.locator(".lb-chart__view").all():
            view.scroll_into_view_if_needed()
            self.page.wait_for_function("el => el.dataset.rendered === 'true'", arg=view.element_handle())
        return self.page


@pytest.fixture
def visit(browser, hostile_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = Visit(context.new_page(), hostile_site[0])
    yield tab
    context.close()


def words(text: str | None) -> str:
    return " ".join((text or "").split())


@pytest.mark.parametrize("path", PAGES)
def test_no_page_runs_hostile_text_or_grows_elements_from_it(visit, path):
    page = visit.open(path)
    page.mouse.move(640, 450)
    found = {
        (selector, text): page.locator(selector).filter(has_text=re.compile(f"^{re.escape(text)}$")).count()
        for selector, text in INJECTED
    }
    assert {key: count for key, count in found.items() if count} == {}
    assert (
        page.locator(
            "img[src='x'], [onerror], [onload], a[href^='javascript:'], a[href*='evil.example']"
        ).count()
        == 0
    )
    assert (
        page.evaluate("() => [...document.scripts].filter(s => s.textContent.includes('alert(')).length") == 0
    )
    assert visit.dialogs == [] and visit.errors == []


@pytest.mark.parametrize("model", list(NAMES))
def test_a_hostile_model_name_is_the_page_title_and_heading_as_typed(visit, model):
    page = visit.open(f"models/{model}/")
    assert page.title() == f"{NAMES[model]} - {SITE_NAME}"
    assert page.locator("h1").first.evaluate("h => h.firstChild.textContent") == NAMES[model]


def test_a_hostile_benchmark_name_is_the_title_the_heading_and_the_navigation_entry(visit):
    page = visit.open("benchmarks/gsm8k/")
    assert page.title() == f"{BENCHMARK_NAME} - {SITE_NAME}"
    assert page.locator("h1").first.evaluate("h => h.firstChild.textContent") == BENCHMARK_NAME
    links = page.locator("nav.md-nav--primary a[href]").all()
    assert BENCHMARK_NAME in [words(link.text_content()) for link in links]
    assert BENCHMARK_DESCRIPTION in page.locator("article").inner_text()


def test_the_table_of_contents_shows_a_hostile_heading_as_typed(visit):
    page = visit.open("")
    entries = [words(link.text_content()) for link in page.locator("nav.md-nav--secondary a").all()]
    assert any(entry.endswith(BENCHMARK_NAME) for entry in entries), entries


def table_text(page) -> str:
    return "\n".join(page.locator("article table").all_inner_texts())


def test_the_results_table_shows_every_hostile_field_as_typed(visit):
    page = visit.open("benchmarks/math/")
    text = table_text(page)
    for value in [*NAMES.values(), SETTING, LOCATOR, NOTE, SHORT_SOURCE]:
        assert value in text, value


def test_the_models_table_shows_hostile_names_and_family_as_typed(visit):
    text = table_text(visit.open("models/"))
    for value in [*NAMES.values(), FAMILY]:
        assert value in text, value


def test_chart_labels_and_title_show_hostile_text_as_typed(visit):
    page = visit.open("")
    chart = page.locator(".lb-chart__view svg").first
    labels = chart.locator("g.mark-text.role-mark text").all_text_contents()
    for name in NAMES.values():
        assert name in labels, name
    assert FIGURE_TITLE in chart.locator("g.role-title text").all_text_contents()
    caption = words(page.locator("figure.lb-chart figcaption").first.inner_text())
    assert SHORT_SOURCE in caption and words(FIGURE_CAPTION) in caption and SHORT_AUTHORS in caption


@pytest.fixture(scope="module")
def hostile_sources(tmp_path_factory):
    """The hostile data's sources, loaded as the build loads them."""
    return load_dataset(hostile_data(tmp_path_factory.mktemp("hostile-data"))).sources


def bibtex_shown(page) -> str:
    return "\n".join(code.text_content() for code in page.locator("article pre code").all())


def test_the_cite_box_shows_hostile_authors_as_typed_in_its_citation_and_bibtex(visit, hostile_sources):
    box = visit.open("").locator(".lb-cite")
    assert f"({SHORT_AUTHORS}, 2024)" in words(box.inner_text())
    assert box.locator("pre code").text_content() == citations.bibtex(hostile_sources["step-dpo"])


def test_a_benchmark_page_shows_a_hostile_organisation_whole_in_its_reference_and_bibtex(
    visit, hostile_sources
):
    page = visit.open("benchmarks/math/")
    reference = words(page.locator("article p", has_text="Reference:").inner_text())
    assert f"({words(ORGANISATION)}, 2021)" in reference
    entry = citations.bibtex(hostile_sources["math"])
    assert "  author = {{" + citations.latex(ORGANISATION) + "}},\n" in entry  # braced: one name
    assert page.locator(".lb-cite pre code").text_content() == entry
    sources = words(page.locator("article ul", has_text="Step-DPO").last.inner_text())
    assert f"({SHORT_AUTHORS}, 2024)" in sources


def test_a_model_page_cites_its_sources_with_hostile_authors_as_typed(visit):
    page = visit.open(f"models/{STEP_DPO}/")
    assert f"({SHORT_AUTHORS}, 2024)" in words(page.locator(".lb-sources").inner_text())


def test_the_downloads_page_and_files_hold_every_hostile_author_as_typed(
    visit, hostile_site, hostile_sources
):
    page = visit.open("downloads/")
    assert f"({SHORT_AUTHORS}, 2024)" in words(page.locator("article").inner_text())
    shown = bibtex_shown(page)
    for source in ("step-dpo", "math"):
        assert citations.bibtex(hostile_sources[source]) in shown
    folder = hostile_site[1]
    bib = (folder / "downloads" / "citations.bib").read_text(encoding="utf-8")
    assert citations.bibtex(hostile_sources["step-dpo"]) in bib
    assert r"Yukang \{Chen\} 50\% \_x \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} \$" in bib
    rows = csv.DictReader(io.StringIO((folder / "downloads" / "results.csv").read_text(encoding="utf-8")))
    assert {row["source_authors"] for row in rows if row["source_id"] == "step-dpo"} == {"; ".join(AUTHORS)}


def test_tooltips_show_hostile_names_settings_and_sources_as_typed(visit):
    page = visit.open("")
    tooltips = []
    for mark in page.locator(".lb-chart__view").first.locator("g.mark-symbol.role-mark path").all():
        box = mark.bounding_box()
        centre = {"clientX": box["x"] + box["width"] / 2, "clientY": box["y"] + box["height"] / 2}
        mark.dispatch_event("pointermove", {**centre, "bubbles": True})
        cells = page.locator("#lb-tooltip td")
        cells.first.wait_for()
        texts = cells.all_inner_texts()
        tooltips.append(dict(zip(texts[::2], texts[1::2], strict=True)))
        assert page.locator("#lb-tooltip img, #lb-tooltip script, #lb-tooltip i").count() == 0
    by_model = {tip["Model"]: tip for tip in tooltips}
    for name in NAMES.values():
        assert name in by_model, name
    assert by_model[SCRIPT]["Source"] == f"{SHORT_SOURCE}, {LOCATOR}"
    assert SETTING in {tip["Setting"] for tip in tooltips}
    assert visit.dialogs == []


@pytest.mark.parametrize(("path", "start"), [("", FIGURE_TITLE), ("benchmarks/gsm8k/", BENCHMARK_NAME)])
def test_alt_text_and_aria_labels_of_charts_hold_hostile_text_as_typed(visit, path, start):
    page = visit.open(path)
    alts = page.locator("img.lb-chart__static").evaluate_all("imgs => imgs.map(i => i.getAttribute('alt'))")
    labels = page.locator(".lb-chart__view svg.marks").evaluate_all(
        "svgs => svgs.map(s => s.getAttribute('aria-label'))"
    )
    assert [alt for alt in alts if alt.startswith(start)], alts
    assert [label for label in labels if label.startswith(start)], labels


def test_the_static_chart_images_hold_hostile_labels_as_text(hostile_site):
    import xml.etree.ElementTree as ElementTree

    _, folder = hostile_site
    svg = ElementTree.parse(folder / "charts" / "math-by-size.svg")  # well-formed XML, or this raises
    texts = {"".join(element.itertext()) for element in svg.iter() if element.tag.endswith("text")}
    for name in [SCRIPT, IMG, JINJA, QUOTES]:
        assert name in texts, name


def test_the_search_index_holds_hostile_text_escaped_for_the_results_list(hostile_site):
    _, folder = hostile_site
    docs = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    raw = re.compile(r"<(script|img|svg|i|b)\b|href=\"?javascript:", re.IGNORECASE)
    assert [doc["location"] for doc in docs if raw.search(doc["title"] + doc["text"])] == []
    titles = {doc["location"]: doc["title"] for doc in docs}
    assert titles[f"models/{STEP_DPO}/"] == '&lt;script&gt;alert("name")&lt;/script&gt;'
    assert titles["benchmarks/gsm8k/"] == "&lt;img src=x onerror=alert('bench')&gt; GSM8K {{ 7*7 }}"


@pytest.mark.parametrize("query", ["Emoji", "Quote", "RTL"])
def test_search_results_show_hostile_names_as_typed(visit, query):
    page = visit.open("")
    page.locator(".md-search__input").click()
    page.keyboard.type(query)
    page.locator(".md-search-result__item").first.wait_for(timeout=10000)
    results = page.locator(".md-search-result").inner_text()
    name = next(value for value in NAMES.values() if value.startswith(query))
    assert name in results
    assert page.locator(".md-search-result img, .md-search-result script, .md-search-result i").count() == 0
    assert visit.dialogs == []


def test_the_home_page_shows_the_sites_hostile_name_title_description_and_intro_as_typed(visit):
    page = visit.open("")
    assert page.title() == f"{SITE_TITLE} - {SITE_NAME}"
    assert words(page.locator("article h1").first.inner_text()).removesuffix("¶").strip() == words(SITE_TITLE)
    assert words(SITE_NAME) in words(page.locator("header .md-header__topic").first.inner_text())
    assert page.locator('meta[name="description"]').get_attribute("content") == SITE_DESCRIPTION
    intro = page.locator("article p").first
    assert words(intro.inner_text()) == words(SITE_INTRO)
    assert page.locator("article [onclick], article b, article script").count() == 0
    assert visit.dialogs == [] and visit.errors == []


@pytest.mark.parametrize("path", ["", "benchmarks/math/", "models/", "models/qwen1.5-32b-sft/"])
def test_a_hostile_method_label_is_shown_as_typed_in_tables_facts_and_legends(visit, path):
    page = visit.open(path)
    assert words(METHOD_LABEL) in words(page.locator("article").inner_text())
    assert visit.dialogs == []


@pytest.mark.parametrize("path", PAGES)
def test_hostile_text_changes_nothing_else_on_the_page(visit, site, path):
    selectors = [
        "article h1",
        "article h2",
        "article h3",
        "article table",
        "article tbody tr",
        "article figure",
        "article li",
        "nav.md-nav--primary a",
    ]
    shape = "selectors => selectors.map(s => s + ': ' + document.querySelectorAll(s).length)"
    hostile = visit.open(path).evaluate(shape, selectors)
    real = visit.page.context.new_page()
    real.goto(site + path)
    assert real.evaluate(shape, selectors) == hostile
