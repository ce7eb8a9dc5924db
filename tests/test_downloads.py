"""Downloads and citation: the whole dataset as one tidy table (CSV and JSON) with its sources,
BibTeX for the paper and each benchmark, and a "cite this" box on the home page that links to them."""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from decimal import Decimal
from functools import cache

import utils
import yaml
from utils import DATA, read_csv

from leaderboard.charts.files import PREVIEW_IMAGE
from leaderboard.charts.images import PREVIEW_SIZE
from leaderboard.data.records import Origin, Source
from leaderboard.pipeline import build
from leaderboard.site import citations
from leaderboard.site.downloads import COLUMNS, RESULTS_CSV, RESULTS_JSON


@cache
def outputs() -> dict[str, bytes]:
    return build(DATA)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def data_results() -> list[dict[str, str]]:
    """data/results.csv as typed, read without the project's loader."""
    return read_csv(DATA / "results.csv")


def test_the_csv_has_one_row_per_result_with_the_score_exactly_as_typed_in_data():
    rows = csv_rows(outputs()[RESULTS_CSV])
    expected = data_results()
    assert len(rows) == len(expected)
    for row, result in zip(rows, expected, strict=True):
        assert (
            row["model_id"],
            row["benchmark_id"],
            row["score"],
            row["setting"],
            row["locator"],
            row["note"],
        ) == (
            result["model"],
            result["benchmark"],
            result["score"],
            result["setting"],
            result["locator"],
            result["note"],
        )


def test_the_csv_has_the_documented_columns_in_order():
    header = outputs()[RESULTS_CSV].decode("utf-8").splitlines()[0]
    assert header.split(",") == [name for name, _ in COLUMNS]


def test_each_row_carries_its_source_title_authors_year_and_url():
    sources = {s["id"]: s for s in yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))}
    for row in csv_rows(outputs()[RESULTS_CSV]):
        source = sources[row["source_id"]]
        assert row["source_title"] == source["title"]
        assert row["source_authors"].split("; ") == source["authors"]  # every author, in order
        assert row["source_year"] == str(source["year"])
        assert row["source_url"] == (source.get("url") or "")


def test_each_row_carries_its_model_facts():
    with (DATA / "models.csv").open(encoding="utf-8", newline="") as handle:
        models = {m["id"]: m for m in csv.DictReader(handle)}
    for row in csv_rows(outputs()[RESULTS_CSV]):
        model = models[row["model_id"]]
        for column in ("family", "params_b", "active_params_b", "method", "base_model", "open_weights"):
            assert row[column] == model[column], (row["model_id"], column)
        assert row["model"] == model["name"]


def test_the_json_holds_the_same_table_with_numbers_booleans_and_nulls():
    table = csv_rows(outputs()[RESULTS_CSV])
    records = json.loads(outputs()[RESULTS_JSON])
    assert len(records) == len(table)
    for record, row in zip(records, table, strict=True):
        assert list(record) == [name for name, _ in COLUMNS]
        for name, text in row.items():
            value = record[name]
            if text == "":
                assert value is None, name
            elif name in ("open_weights", "chosen"):
                assert value is (text == "true")
            elif name in ("params_b", "active_params_b", "score", "source_year", "ci95_low", "ci95_high"):
                assert Decimal(str(value)) == Decimal(text), name
            else:
                assert value == text, name


def test_a_name_with_a_comma_and_quotes_round_trips_through_csv_and_json(data_copy):
    models = (data_copy / "models.csv").read_text(encoding="utf-8")
    models = models.replace(
        "qwen2-7b-sft,Qwen2-7B-SFT,", 'qwen2-7b-sft,"Qwen2-7B-SFT, the ""tuned"" one",', 1
    )
    (data_copy / "models.csv").write_text(models, encoding="utf-8")
    files = build(data_copy)
    names = {row["model"] for row in csv_rows(files[RESULTS_CSV]) if row["model_id"] == "qwen2-7b-sft"}
    assert names == {'Qwen2-7B-SFT, the "tuned" one'}
    assert {r["model"] for r in json.loads(files[RESULTS_JSON]) if r["model_id"] == "qwen2-7b-sft"} == names


def bib_entries(text: str) -> dict[str, str]:
    return dict(re.findall(r"^@(?:misc|inproceedings)\{([^,]+),\n(.*?)^\}$", text, re.M | re.S))


def bib_field(entry: str, name: str) -> str | None:
    found = re.search(rf"^  {name} = \{{(.*)\}},$", entry, re.M)
    return found.group(1) if found else None


def test_the_bibtex_has_the_paper_first_then_each_benchmark_source_once():
    dataset = utils.dataset()
    text = outputs()["downloads/citations.bib"].decode("utf-8")
    keys = list(bib_entries(text))
    paper = dataset.sources[dataset.figures[0].source]
    benchmark_sources = {b.source for b in dataset.benchmarks.values()} - {paper.id}
    assert keys[0] == citations.key(paper)
    assert len(keys) == 1 + len(benchmark_sources) == len(set(keys))
    for source_id in benchmark_sources:
        assert citations.key(dataset.sources[source_id]) in keys


def test_bibtex_lists_every_author_in_order_and_an_organisation_whole_in_braces():
    for source in utils.dataset().sources.values():
        author = bib_field(citations.bibtex(source), "author")
        if source.organisation:
            assert author == "{" + source.authors[0] + "}"
        else:
            assert author.split(" and ") == list(source.authors)
        assert "others" not in author


def test_the_step_dpo_bibtex_lists_its_six_authors_with_its_arxiv_id():
    source = utils.dataset().sources["step-dpo"]
    entry = citations.bibtex(source)
    assert entry.startswith("@misc{lai2024stepdpo,\n")
    assert bib_field(entry, "author") == (
        "Xin Lai and Zhuotao Tian and Yukang Chen and Senqiao Yang and Xiangru Peng and Jiaya Jia"
    )
    assert (bib_field(entry, "eprint"), bib_field(entry, "archivePrefix")) == ("2406.18629", "arXiv")


def test_bibtex_fields_come_from_the_source_and_nothing_is_invented():
    for source in utils.dataset().sources.values():
        entry = citations.bibtex(source)
        assert entry.count("{") == entry.count("}")
        assert bib_field(entry, "year") == str(source.year)
        assert bib_field(entry, "url") == source.url
        arxiv = re.fullmatch(r"https://arxiv\.org/abs/(.+)", source.url or "")
        assert bib_field(entry, "eprint") == (arxiv.group(1) if arxiv else None)
        assert bib_field(entry, "archivePrefix") == ("arXiv" if arxiv else None)
        # A verified venue makes it a paper in proceedings; anything else stays a @misc.
        assert bib_field(entry, "booktitle") == source.venue
        assert entry.startswith("@inproceedings{" if source.venue else "@misc{")


def a_source(
    title: str = "A Title", authors: tuple[str, ...] = ("Jane Doe",), organisation: bool = False
) -> Source:
    return Source(
        id="x",
        title=title,
        authors=authors,
        organisation=organisation,
        year=2024,
        venue=None,
        url=None,
        bibtex_key=None,
        origin=Origin("sources.yaml", 1),
    )


def assert_balanced(entry: str) -> None:
    depth = 0
    for character in re.sub(r"\\[{}]", "", entry):
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0


def test_latex_special_characters_in_a_title_are_escaped_and_braces_stay_balanced():
    source = a_source(title="50% of A & B_c {sic} #1 ~ ^ \\ $")
    entry = citations.bibtex(source)
    assert r"50\% of A \& B\_c \{sic\} \#1 \textasciitilde{} \textasciicircum{} \textbackslash{} \$" in entry
    assert_balanced(entry)


def test_latex_special_characters_in_author_names_are_escaped_and_braces_stay_balanced():
    source = a_source(authors=("Jane {Doe}", "A_1 & B% #2", "Tilde~ Caret^ Back\\slash $x"))
    entry = citations.bibtex(source)
    assert bib_field(entry, "author") == (
        r"Jane \{Doe\} and A\_1 \& B\% \#2 and "
        r"Tilde\textasciitilde{} Caret\textasciicircum{} Back\textbackslash{}slash \$x"
    )
    assert_balanced(entry)


def test_a_name_holding_the_word_and_is_braced_so_bibtex_keeps_it_one_name():
    source = a_source(authors=("Jane Doe", "Smith and Wesson"))
    assert bib_field(citations.bibtex(source), "author") == "Jane Doe and {Smith and Wesson}"


def test_a_key_is_the_first_authors_surname_in_ascii_the_year_and_the_first_title_word():
    assert citations.key(a_source(title="Code Llama", authors=("Baptiste Rozière", "Jonas Gehring"))) == (
        "roziere2024code"
    )
    assert citations.key(a_source(title="GPT-4 Report", authors=("OpenAI",), organisation=True)) == (
        "openai2024gpt4"
    )


def test_the_preview_image_is_a_png_of_the_size_link_previews_use():
    image = outputs()[PREVIEW_IMAGE]
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", image[16:24]) == PREVIEW_SIZE


# On the site -----------------------------------------------------------------------------------


def test_the_cite_box_shows_the_papers_bibtex_and_its_links_download_the_files(page, site):
    page.goto(site)
    box = page.locator(".lb-cite")
    assert box.locator(".admonition-title").inner_text() == "Cite this"
    dataset = utils.dataset()
    paper = dataset.sources[dataset.figures[0].source]
    assert box.locator("pre code").inner_text().strip() == citations.bibtex(paper)
    links = {a.inner_text(): a.evaluate("a => a.href") for a in box.locator("a").all()}
    files = {"CSV": RESULTS_CSV, "JSON": RESULTS_JSON, "BibTeX": "downloads/citations.bib"}
    for label, path in files.items():
        response = page.request.get(links[label])
        assert response.status == 200, label
        assert response.body() == outputs()[path], label
    assert page.request.get(links["downloads page"]).status == 200
    assert page.watch.errors == [] and page.watch.foreign == []


def test_the_downloads_page_lists_every_column_and_each_benchmarks_citation(page, site):
    page.goto(site + "downloads/")
    cells = page.locator("table td:first-child code").all_inner_texts()
    assert cells == [name for name, _ in COLUMNS]
    codes = "\n".join(page.locator("pre code").all_inner_texts())
    dataset = utils.dataset()
    for source in citations.benchmark_sources(dataset):
        assert citations.bibtex(source) in codes
    for link in page.locator(
        "article a[href$='.csv'], article a[href$='.json'], article a[href$='.bib']"
    ).all():
        assert page.request.get(link.evaluate("a => a.href")).status == 200
    assert page.watch.errors == [] and page.watch.foreign == []


def test_the_downloads_page_links_every_tables_full_csv_with_its_size():
    page = outputs()["downloads/index.md"].decode("utf-8")
    tables = sorted(
        path for path in outputs() if path.startswith("downloads/tables/") and path.endswith(".csv")
    )
    assert "downloads/tables/models.csv" in tables and len(tables) > 1
    for path in tables:
        link = path.removeprefix("downloads/")
        size = f"{len(outputs()[path]):,}"
        assert re.search(rf"\]\({re.escape(link)}\): [^\n]* \(CSV, {re.escape(size)} bytes\)", page), path
