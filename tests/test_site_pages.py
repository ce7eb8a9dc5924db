"""The benchmark pages, the model pages and the models index, served on 127.0.0.1 and used in
headless Chromium: filters, search and sorting work, links go both ways, search finds models and
benchmarks by name, and no page logs an error. Expected rows are counted from the CSV files."""

from __future__ import annotations

import json
import re
import urllib.request

import yaml
from playwright.sync_api import expect
from utils import DATA, read_csv

ROWS = "table.lb-results tbody tr"


def math_results() -> list[dict]:
    """Every result on MATH with its model's facts, as the CSV files hold them."""
    models = {model["id"]: model for model in read_csv(DATA / "models.csv")}
    return [
        {**result, **{f"model_{k}": v for k, v in models[result["model"]].items()}}
        for result in read_csv(DATA / "results.csv")
        if result["benchmark"] == "math"
    ]


def shown(page) -> int:
    return page.locator(f"{ROWS}:visible").count()


def expect_shown(page, count: int) -> None:
    """Wait (up to Playwright's timeout) until exactly `count` rows are visible: filters apply
    on the next task after a reset."""
    expect(page.locator(f"{ROWS}:visible")).to_have_count(count)


def shown_names(page, column: int) -> list[str]:
    return page.locator(f"{ROWS}:visible td:nth-child({column})").all_inner_texts()


def test_the_benchmark_table_filters_by_family_method_open_weights_and_size(page, site):
    results = math_results()
    page.goto(site + "benchmarks/math/")
    expect_shown(page, len(results))

    page.get_by_label("Family", exact=True).select_option("Qwen2")
    expect_shown(page, sum(1 for r in results if r["model_family"] == "Qwen2"))
    page.get_by_label("Method", exact=True).select_option("Step-DPO")
    both = sum(1 for r in results if r["model_family"] == "Qwen2" and r["model_method"] == "step-dpo")
    expect_shown(page, both)
    assert page.locator(".lb-filters__status").inner_text() == f"Showing {both} of {len(results)} results."

    page.get_by_role("button", name="Clear filters").click()
    expect_shown(page, len(results))
    page.get_by_label("Open weights", exact=True).select_option("No")
    expect_shown(page, sum(1 for r in results if r["model_open_weights"] == "false"))

    page.get_by_role("button", name="Clear filters").click()
    page.get_by_label("Size from (B)").fill("30")
    page.get_by_label("to (B)").fill("60")
    in_range = [r for r in results if r["model_params_b"] and 30 <= float(r["model_params_b"]) <= 60]
    assert in_range
    expect_shown(page, len(in_range))
    assert page.watch.errors == []


def test_the_benchmark_table_searches_model_names_by_every_word_typed(page, site):
    results = math_results()
    page.goto(site + "benchmarks/math/")
    page.get_by_label("Model", exact=True).fill("72b STEP")
    expected = [
        r["model_name"]
        for r in results
        if "72b" in r["model_name"].lower() and "step" in r["model_name"].lower()
    ]
    assert expected and sorted(shown_names(page, 2)) == sorted(expected)
    page.get_by_label("Model", exact=True).fill("no model has this name")
    expect_shown(page, 0)
    assert page.watch.errors == []


def test_filtering_and_sorting_combine(page, site):
    page.goto(site + "benchmarks/math/")
    page.get_by_label("Family", exact=True).select_option("Qwen2")
    page.get_by_role("button", name="Model").click()
    names = shown_names(page, 2)
    assert names == sorted(names, key=str.lower)
    assert set(names) == {r["model_name"] for r in math_results() if r["model_family"] == "Qwen2"}


def test_the_table_is_complete_and_linked_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "benchmarks/math/")
    results = math_results()
    assert page.locator(ROWS).count() == len(results)
    assert not page.locator(".lb-filters__controls").is_visible()  # no control that would do nothing
    assert page.locator(".lb-filters select").first.is_disabled()
    hrefs = page.locator(f"{ROWS} td:nth-child(2) a").evaluate_all("links => links.map(a => a.href)")
    assert sorted(hrefs) == sorted(f"{site}models/{r['model']}/" for r in results)
    context.close()


def test_the_models_index_sorts_by_a_benchmark_and_searches_by_name(page, site):
    models = read_csv(DATA / "models.csv")
    page.goto(site + "models/")
    expect_shown(page, len(models))
    page.get_by_role("button", name="MATH", exact=True).click()  # ascending
    page.get_by_role("button", name="MATH", exact=True).click()  # descending: best first
    scores = page.locator(f"{ROWS} td:nth-child(6)").all_inner_texts()
    # The score, not its interval (`± 1.4`) nor its setting.
    numbers = [float(score.split("\n")[0].split(" ± ")[0]) for score in scores if score]
    assert numbers == sorted(numbers, reverse=True)
    assert all(score == "" for score in scores[len(numbers) :])  # models without a MATH score last
    page.get_by_label("Model", exact=True).fill("llama")
    assert sorted(shown_names(page, 1)) == sorted(m["name"] for m in models if "llama" in m["name"].lower())
    assert page.watch.errors == []


def test_a_model_page_links_to_the_model_it_was_trained_from_and_back(page, site):
    child = next(m for m in read_csv(DATA / "models.csv") if m["method"] == "step-dpo")
    base = next(m for m in read_csv(DATA / "models.csv") if m["id"] == child["base_model"])
    title = page.locator("h1")  # with its permalink sign, hence the pattern
    page.goto(site + f"models/{child['id']}/")
    expect(title).to_have_text(re.compile(rf"^{re.escape(child['name'])}\W*$"))
    page.locator("li", has_text="Trained from:").get_by_role("link", name=base["name"], exact=True).click()
    page.wait_for_url(f"**/models/{base['id']}/")
    expect(title).to_have_text(re.compile(rf"^{re.escape(base['name'])}\W*$"))  # instant navigation
    trained_from_it = page.locator("#models-trained-from-it + ul")
    trained_from_it.get_by_role("link", name=child["name"], exact=True).click()
    page.wait_for_url(f"**/models/{child['id']}/")
    expect(title).to_have_text(re.compile(rf"^{re.escape(child['name'])}\W*$"))
    assert page.watch.errors == []


def test_a_model_page_ranks_its_scores_and_links_its_benchmarks(page, site):
    model = "qwen2-72b-sft"
    results = [r for r in read_csv(DATA / "results.csv") if r["model"] == model]
    page.goto(site + f"models/{model}/")
    table = page.locator("#scores ~ .lb-table").first
    assert table.locator("tbody tr").count() == len(results)
    for result in results:
        row = table.locator("tbody tr", has=page.locator(f"a[href$='benchmarks/{result['benchmark']}/']"))
        assert row.locator("td").nth(1).inner_text().split(" ± ")[0] == result["score"]
        assert re.fullmatch(r"\d+ of \d+", row.locator("td").nth(2).inner_text())


def test_model_pages_stay_out_of_the_navigation(page, site):
    page.goto(site + "models/qwen2-72b-sft/")
    hrefs = page.locator("nav.md-nav--primary a").evaluate_all("links => links.map(a => a.href)")
    assert f"{site}models/" in hrefs
    assert not [href for href in hrefs if re.search(r"/models/[^/#]+/$", href)]


def test_search_finds_every_model_and_benchmark_by_name(site):
    with urllib.request.urlopen(site + "search/search_index.json") as response:
        index = json.load(response)
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    for model in read_csv(DATA / "models.csv"):
        assert titles.get(f"models/{model['id']}/") == model["name"], model["id"]
    for benchmark in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8")):
        assert titles.get(f"benchmarks/{benchmark['id']}/") == benchmark["name"], benchmark["id"]


def test_typing_a_model_name_in_the_search_box_offers_its_page(page, site):
    model = next(m for m in read_csv(DATA / "models.csv") if m["method"] == "step-dpo")
    page.goto(site)
    page.locator(".md-search__input").click()
    page.keyboard.type(model["name"])  # keystrokes, as a visitor types (Material listens for keys)
    first = page.locator(".md-search-result__item a").first
    first.wait_for(timeout=10000)
    hrefs = page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith(f"{site}models/{model['id']}/") for href in hrefs[:5]), hrefs[:5]
    assert page.watch.errors == []


def test_typing_a_benchmark_name_in_the_search_box_offers_its_page_first(page, site):
    for benchmark in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8")):
        page.goto(site)
        page.locator(".md-search__input").click()
        page.keyboard.type(benchmark["name"])
        first = page.locator(".md-search-result__item > a").first
        expect(first).to_have_attribute("href", re.compile(rf"/benchmarks/{re.escape(benchmark['id'])}/"))
    assert page.watch.errors == []
