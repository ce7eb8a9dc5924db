"""Model pages as published: a theme template (`template: model.html`) shows the article that the
generator handed over in front matter, and the page's Markdown (its title and section headings)
feeds search and the table of contents. Under MkDocs and under Zensical alike, every model page
shows its name, facts and scores, is found in the search index by its name, is listed in the
sitemap, and its table of contents points at its own headings."""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from utils import DATA

from tools.site import build_site

SITE_URL = "https://example.github.io/llm-math-benchmarks/"
MODELS = list(csv.DictReader((DATA / "models.csv").open(encoding="utf-8", newline="")))
SCORES = Counter(row["model"] for row in csv.DictReader((DATA / "results.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def site(request, tmp_path_factory) -> tuple[str, Path]:
    """The real site as one publisher builds it: (publisher, its folder)."""
    folder = build_site(tmp_path_factory.mktemp(request.param), SITE_URL, publisher=request.param)
    return request.param, folder


def article(folder: Path, model_id: str) -> str:
    text = (folder / "models" / model_id / "index.html").read_text(encoding="utf-8")
    return text.split("<article", 1)[1].split("</article>", 1)[0]


def search_titles(publisher: str, folder: Path) -> dict[str, str]:
    """Search entries' titles by location, as each publisher writes its index."""
    if publisher == "mkdocs":
        entries = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    else:
        entries = json.loads((folder / "search.json").read_text(encoding="utf-8"))["items"]
    return {entry["location"]: entry["title"] for entry in entries}


def test_every_model_page_shows_its_name_once_as_its_heading(site):
    _, folder = site
    for model in MODELS:
        headings = re.findall(r"<h1\b[^>]*>(.*?)</h1>", article(folder, model["id"]))
        assert [html.unescape(h) for h in headings] == [model["name"]], model["id"]


def test_every_model_page_shows_its_facts_and_a_row_per_score(site):
    _, folder = site
    for model in MODELS:
        text = article(folder, model["id"])
        facts = text.split('<ul class="lb-facts"', 1)[1].split("</ul>", 1)[0]
        assert f"<strong>Family:</strong> {html.escape(model['family'])}</li>" in facts, model["id"]
        scores = text.split('<h2 id="scores">', 1)[1].split("<h2 ", 1)[0]
        if SCORES[model["id"]]:
            assert scores.split("<tbody>", 1)[1].count("<tr>") == SCORES[model["id"]], model["id"]
        else:
            assert "No scores reported yet." in scores, model["id"]


def test_every_model_page_is_in_the_search_index_under_its_name(site):
    publisher, folder = site
    titles = search_titles(publisher, folder)
    missing = [m["id"] for m in MODELS if html.unescape(titles.get(f"models/{m['id']}/", "")) != m["name"]]
    assert missing == []


def test_the_search_index_holds_each_model_page_by_its_name_and_none_of_its_section_headings(site):
    publisher, folder = site
    titles = search_titles(publisher, folder)
    sections = sorted(location for location in titles if re.fullmatch(r"models/[^/]+/#.+", location))
    assert sections == []
    assert sum(1 for location in titles if re.fullmatch(r"models/[^/]+/", location)) == len(MODELS)


def test_the_sitemap_lists_every_model_page(site):
    _, folder = site
    listed = set(re.findall(r"<loc>([^<]+)</loc>", (folder / "sitemap.xml").read_text(encoding="utf-8")))
    assert [m["id"] for m in MODELS if f"{SITE_URL}models/{m['id']}/" not in listed] == []


def test_the_table_of_contents_of_a_model_page_links_to_each_of_its_section_headings(site):
    _, folder = site
    for model in MODELS:
        page = (folder / "models" / model["id"] / "index.html").read_text(encoding="utf-8")
        toc = page.split('class="md-nav md-nav--secondary"', 1)[1].split("</nav>", 1)[0]
        links = re.findall(r'<a href="#([^"]+)" class="md-nav__link"', toc)
        headings = re.findall(r'<h2 id="([^"]+)"', article(folder, model["id"]))
        assert links == headings and "scores" in links, model["id"]
