"""The real data/ loads, matches the paper, and its derived numbers equal the printed ones."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import paper
import pytest
import utils
from markupsafe import escape
from utils import DATA, shown_text

from leaderboard.data import schema
from leaderboard.data.dataset import FIRST_REPORTED, figure_rows, gains, source_label
from leaderboard.data.errors import DataError
from leaderboard.data.load import load_dataset


@pytest.fixture(scope="module")
def dataset():
    return utils.dataset()


def test_the_real_data_loads_without_problems(dataset):
    assert dataset.models and dataset.results and dataset.benchmarks and dataset.sources


def test_figure_1_has_every_point_of_the_paper_at_its_exact_value(dataset):
    figure = next(f for f in dataset.figures if f.locator == "Figure 1")
    points, _ = figure_rows(dataset, figure)
    ours = sorted((row["label"], row["params_b"], row["score_text"]) for row in points)
    assert ours == sorted(paper.figure1_points())


def test_figure_1_draws_the_closed_models_as_reference_lines(dataset):
    figure = next(f for f in dataset.figures if f.locator == "Figure 1")
    _, lines = figure_rows(dataset, figure)
    assert sorted((row["label"], row["score_text"]) for row in lines) == sorted(paper.figure1_closed_lines())


def test_figure_1_marks_exactly_the_step_dpo_models_as_step_dpo(dataset):
    figure = next(f for f in dataset.figures if f.locator == "Figure 1")
    points, _ = figure_rows(dataset, figure)
    step_dpo = {row["label"] for row in points if row["group"] == "Step-DPO"}
    assert step_dpo == {label for label, _, _ in paper.figure1_points() if label.endswith("Step-DPO")}


def test_every_result_names_its_source_and_locator(dataset):
    for result in dataset.results:
        assert result.source in dataset.sources
        assert result.locator


def test_every_step_dpo_gain_computed_from_the_data_equals_the_gain_the_paper_prints(dataset):
    by_name = {model.name: model.id for model in dataset.models.values()}
    computed = {(g["model"], g["benchmark"]): g["gain"] for g in gains(dataset)}
    printed = paper.printed_gains()
    every_gain_cell = re.findall(r"\| [^|]*\([+-]\d+\.\d\) ", paper.REFERENCE.read_text(encoding="utf-8"))
    assert len(printed) == len(every_gain_cell) > 0  # the oracle read every "(+x.x)" the tables print
    for name, benchmark, gain in printed:
        model = by_name[name.replace("‡", "").strip()]
        assert computed[(model, benchmark)] == Decimal(gain), (name, benchmark)


# The tables of the paper, row by row --------------------------------------------------------

AUTHORS_PROMPT = (
    "authors' prompt"  # the setting of the scores marked ‡ ("reproduced using the authors' prompt")
)


def printed_name(cell: str) -> str:
    """A model as printed, without the paper's † and ‡ marks."""
    return cell.replace("†", "").replace("‡", "").strip()


def printed_score(cell: str) -> str:
    """A score as printed, without the gain in parentheses: `53.2 (+1.5)` -> `53.2`."""
    return cell.split("(")[0].strip()


def model_named(dataset, name: str) -> dict:
    [model] = [model for model in dataset.models.values() if model.name == name]
    return model


def score_of(dataset, model_id: str, benchmark: str, setting: str) -> dict:
    [result] = [
        r
        for r in dataset.results
        if (r.model, r.benchmark, r.setting or "") == (model_id, benchmark, setting)
    ]
    return result


def table_rows(prefix: str) -> list[list[str]]:
    return next(rows for heading, rows in paper.sections().items() if heading.startswith(prefix))


TABLE_1 = table_rows("Table 1")
TABLE_2 = table_rows("Table 2")


@pytest.mark.parametrize("row", TABLE_1, ids=[row[0] for row in TABLE_1])
def test_every_row_of_table_1_is_in_the_data_exactly_as_printed(dataset, row):
    name, size, _general, open_weights, math, gsm8k, cited_as = row
    model = model_named(dataset, printed_name(name))
    setting = AUTHORS_PROMPT if "‡" in name else ""
    for benchmark, cell in (("math", math), ("gsm8k", gsm8k)):
        result = score_of(dataset, model.id, benchmark, setting)
        assert result.score_text == printed_score(cell)
        assert (result.source, result.locator) == ("step-dpo", "Table 1")
        if cited_as:
            assert f"cited as {cited_as}" in result.note
    assert_size(model, size)
    assert model.open_weights is (open_weights == "y")


def assert_size(model: dict, printed: str) -> None:
    """`-` (undisclosed) or the total size in billions, `7B`."""
    if printed == "-":
        assert model.params_b is None
    else:
        assert f"{model.params_b_text}B" == printed


@pytest.mark.parametrize("row", TABLE_2, ids=[row[0] for row in TABLE_2])
def test_every_row_of_table_2_is_in_the_data_exactly_as_printed(dataset, row):
    name, size, open_weights, aime, odyssey = row
    model = model_named(dataset, printed_name(name))
    for benchmark, cell in (("aime-2024", aime), ("odyssey-math", odyssey)):
        result = score_of(dataset, model.id, benchmark, "")
        assert result.score_text == printed_score(cell)
        assert (result.source, result.locator) == ("step-dpo", "Table 2")
    assert_size(model, size)
    assert model.open_weights is (open_weights == "y")


def test_the_data_holds_no_score_the_paper_does_not_print(dataset):
    figure_only = {label for label, _, _ in paper.figure1_points()} - {
        printed_name(row[0]) for row in TABLE_1
    }
    expected = 2 * len(TABLE_1) + 2 * len(TABLE_2)
    in_tables = [r for r in dataset.results if r.locator in ("Table 1", "Table 2")]
    in_figure = [r for r in dataset.results if r.locator == "Figure 1"]
    assert len(in_tables) == expected
    assert len(in_tables) + len(in_figure) == len(dataset.results)
    assert {dataset.models[r.model].name for r in in_figure} <= figure_only


def test_aime_2024_counts_problems_solved_not_a_percentage(dataset):
    reference = paper.REFERENCE.read_text(encoding="utf-8")
    out_of = int(re.search(r"AIME 2024 \(solved / (\d+)\)", reference).group(1))
    aime = dataset.benchmarks["aime-2024"]
    assert (aime.min, aime.max, aime.unit) == (0, out_of, f"of {out_of}")
    assert all(r.score_text.isdigit() for r in dataset.results if r.benchmark == "aime-2024"), (
        "AIME scores are whole numbers of problems"
    )


def test_every_step_dpo_row_has_the_model_before_plus_as_its_base(dataset):
    step_dpo_rows = [printed_name(row[0]) for row in TABLE_1 + TABLE_2 if "+ Step-DPO" in row[0]]
    assert step_dpo_rows
    for name in step_dpo_rows:
        model = model_named(dataset, name)
        assert model.method == "step-dpo"
        assert dataset.models[model.base_model].name == name.split(" + ")[0]


def test_every_model_the_authors_fine_tuned_has_its_open_base_model_as_base(dataset):
    fine_tuned = {printed_name(row[0]) for row in TABLE_1 + TABLE_2 if "†" in row[0]}
    assert fine_tuned
    for name in fine_tuned:
        model = model_named(dataset, name)
        base = dataset.models[model.base_model]
        assert model.method == "sft"
        assert base.name == name.removesuffix("-SFT") and base.method == "base"
        assert base.open_weights is True
        assert (base.params_b, base.active_params_b) == (model.params_b, model.active_params_b)


def test_every_model_is_a_step_dpo_model_of_the_paper_or_has_no_step_dpo_method(dataset):
    printed = {printed_name(row[0]) for row in TABLE_1 + TABLE_2}
    for model in dataset.models.values():
        if model.method == "step-dpo":
            assert model.name in printed


def test_mixture_of_experts_sizes_follow_the_names(dataset):
    for model in dataset.models.values():
        match = re.search(r"-(\d+)B-A(\d+)B", model.name)
        if match:
            assert (model.params_b_text, model.active_params_b_text) == match.groups()
        else:
            assert model.active_params_b is None


@pytest.mark.parametrize("row", paper.sections()["Benchmarks"], ids=lambda row: row[0])
def test_every_benchmark_has_its_test_set_size_and_reference(dataset, row):
    name, _what, size, reference = row
    [benchmark] = [b for b in dataset.benchmarks.values() if b.name == name]
    digits = re.sub(r"\D", "", size)
    assert benchmark.test_set_size == (int(digits) if digits else None)
    assert benchmark.description
    source = dataset.sources[benchmark.source]
    # The paper's year; its authors ("MAA", "Netmind.AI") are checked against the sources reference.
    year = reference.split(", ")[1]
    assert source.year == int(year)
    arxiv = re.search(r"arXiv:(\S+)", reference)
    if arxiv:
        assert source.url == f"https://arxiv.org/abs/{arxiv.group(1)}"


def cited_works() -> list[tuple[str, str]]:
    """(authors or name, arXiv id) of every work in the reference's list of cited works."""
    text = paper.REFERENCE.read_text(encoding="utf-8")
    block = text.split("## Works cited")[1]
    return re.findall(r"(?:\(([^)]+)\)|(Step-DPO)) (\d{4}\.\d{5})", block)


def test_every_cited_work_is_a_source_with_its_arxiv_link(dataset):
    works = cited_works()
    listed = paper.REFERENCE.read_text(encoding="utf-8").split("## Works cited")[1]
    assert len(works) == len(re.findall(r"\b\d{4}\.\d{5}\b", listed)) > 0  # one per arXiv id listed
    by_url = {source.url: source for source in dataset.sources.values()}
    for authors, name, arxiv in works:
        source = by_url[f"https://arxiv.org/abs/{arxiv}"]
        if authors:  # as the paper shortens them ("Achiam et al."); the list is the sources reference's
            assert str(source.year) in authors or "," not in authors
        else:
            assert source.title.startswith(name)


# The works and their authors, from the sources reference ----------------------------------


def test_every_source_is_a_work_of_the_sources_reference_and_back(dataset):
    assert set(dataset.sources) == set(paper.works())


@pytest.mark.parametrize("work", list(paper.works()))
def test_a_source_lists_the_authors_of_the_reference_in_its_order(dataset, work):
    source, expected = dataset.sources[work], paper.works()[work]
    assert list(source.authors) == expected["authors"]
    count = re.search(
        rf"\| {re.escape(work)} \|.*?\((\d+),", paper.SOURCES_REFERENCE.read_text(encoding="utf-8")
    )
    if count:  # the reference counts a long list: "(48, alphabetical by last name, ...)"
        assert len(source.authors) == int(count.group(1))


@pytest.mark.parametrize("work", list(paper.works()))
def test_a_source_has_the_title_and_arxiv_address_of_the_reference(dataset, work):
    source, expected = dataset.sources[work], paper.works()[work]
    assert source.title == expected["title"]
    arxiv = expected["arxiv"]
    assert source.url == (f"https://arxiv.org/abs/{arxiv}" if arxiv else None)
    if arxiv:
        assert source.year == 2000 + int(arxiv[:2])  # an arXiv id starts with the year it was posted


def test_a_work_credited_to_one_name_is_an_organisation_cited_whole(dataset):
    # The reference credits no work to a single person: each single name is an organisation.
    organisations = {work for work, expected in paper.works().items() if len(expected["authors"]) == 1}
    assert organisations == {"gpt-4", "gemini-1.5", "aime-2024"}
    assert {source.id for source in dataset.sources.values() if source.organisation} == organisations


@pytest.mark.parametrize("work", list(paper.works()))
def test_a_source_has_a_venue_only_where_the_reference_verified_one(dataset, work):
    source, venue = dataset.sources[work], paper.works()[work]["venue"]
    unverified = ("as cited by others", "per citing papers", "itself not verified")
    if venue.startswith(("arXiv preprint", "technical report", "–")) or any(w in venue for w in unverified):
        assert source.venue is None
    else:
        assert source.venue and venue.startswith(source.venue)


def test_odyssey_math_cites_the_mathodyssey_paper_and_keeps_its_name_on_the_site(dataset):
    benchmark = dataset.benchmarks["odyssey-math"]
    source = dataset.sources[benchmark.source]
    assert benchmark.name == "Odyssey-MATH"
    assert source.title.startswith("MathOdyssey:")
    assert "Netmind.AI" not in source.authors


def test_the_works_own_bibtex_keys_are_used(dataset):
    from leaderboard.site import citations

    keys = {citations.key(source) for source in dataset.sources.values()}
    assert set(paper.bibtex_keys()) <= keys
    assert len(keys) == len(dataset.sources)


# The Data page, generated from the schema the validator uses ---------------------------------


@pytest.fixture(scope="module")
def data_page(dataset) -> str:
    from leaderboard.site import datadoc, pages

    return datadoc.data_page(pages.environment(), dataset)[datadoc.PAGE].decode("utf-8")


def section(page: str, table) -> str:
    """The part of the page about one file, or about the items of one of its lists."""
    nested = {column.items.name: column.name for t in schema.TABLES for column in t.columns if column.items}
    if table.name in nested:  # a paragraph, then the table
        return page[page.index(f"Each item of `{nested[table.name]}`:") :].split("\n\n")[1]
    return page[page.index(f"## `{table.filename}`") :].split("\n\n")[2]  # a heading, a paragraph, the table


def column_line(page: str, table, column) -> str:
    """The table row of the page that documents `column`."""
    [row] = [line for line in section(page, table).splitlines() if line.startswith(f"| `{column.name}` | ")]
    return row


def every_column():
    for table in schema.TABLES:
        for column in table.columns:
            yield table, column
            if column.items is not None:
                for item in column.items.columns:
                    yield column.items, item


@pytest.mark.parametrize(
    ("table", "column"), list(every_column()), ids=lambda value: getattr(value, "name", None)
)
def test_the_data_page_documents_every_column_with_its_type_requirement_and_meaning(data_page, table, column):
    line = column_line(data_page, table, column)
    cells = [cell.strip() for cell in line.strip("|").split(" | ")]
    assert cells[3] == column.description
    assert cells[1] == ("required" if column.required else "optional")
    assert cells[2].startswith(column.type_label)
    for value in column.allowed:
        assert f"`{value}`" in cells[2]
    if cells[4]:  # an example, from the site's own data file
        example = html.unescape(re.fullmatch(r"<code>(.*)</code>", cells[4])[1])
        first = example.strip("[]").split(", ")[0].removesuffix("...")
        assert first and first in (DATA / table.filename).read_text(encoding="utf-8"), (column.name, first)


@pytest.mark.parametrize("table", schema.TABLES, ids=lambda table: table.filename)
def test_the_data_page_has_a_section_and_the_rules_of_every_file(data_page, table):
    assert f"## `{table.filename}` {{ #{table.filename.replace('.', '-')} }}" in data_page
    for rule in table.rules:
        assert f"- {rule}\n" in data_page


def test_the_data_page_shows_the_error_the_validator_really_gives_for_a_missing_decimal_point(
    data_page, data_copy, monkeypatch
):
    shown = re.search(r"```text\n(.*)\n```", data_page).group(1)
    path, line = shown.split(":")[0], int(shown.split(":")[1])
    monkeypatch.chdir(data_copy.parent)
    results = (data_copy / "results.csv").read_text(encoding="utf-8").split("\n")
    score = re.search(r"score (\d+) is outside", shown).group(1)
    original = next(cell for cell in results[line - 1].split(",") if cell.replace(".", "") == score)
    results[line - 1] = results[line - 1].replace(f",{original},", f",{score},", 1)
    (data_copy / "results.csv").write_text("\n".join(results), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(data_copy)
    assert [str(problem) for problem in caught.value.problems] == [shown]
    assert path == "data/results.csv"


def test_the_data_page_example_row_has_the_real_header_of_results_csv(data_page):
    header = (DATA / "results.csv").read_text(encoding="utf-8").splitlines()[0]
    assert f"        {header}\n" in data_page
    assert header == ",".join(schema.RESULTS.column_names)


def test_the_data_page_shows_schema_text_without_html_entities(data_page):
    schema_text = re.sub(r"<code>.*?</code>", "", data_page)  # examples are data, escaped as HTML
    assert "&#39;" not in schema_text and "&amp;" not in schema_text and "&quot;" not in schema_text


def test_the_data_page_is_part_of_the_build():
    from leaderboard.pipeline import build

    assert "data.md" in build(DATA)


# Provenance: every score the site shows names its source and locator -------------------------


class Tables(HTMLParser):
    """The tables of an HTML fragment: per table its header cells and its body rows; per cell
    its text (without the `<small>` notes), its `<small>` notes and its links (href, text)."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.cell: dict | None = None
        self.small = self.link = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"header": [], "rows": []})
        elif tag == "tr" and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag in ("td", "th") and self.tables:
            self.cell = {"tag": tag, "text": "", "small": [], "links": []}
        elif tag == "small" and self.cell is not None:
            self.small = ""
        elif tag == "a" and self.cell is not None:
            self.link = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self.cell is None:
            return
        if self.small is not None:
            self.small += data
        else:
            self.cell["text"] += data
        if self.link is not None:
            self.link[1] += data

    def handle_endtag(self, tag):
        if tag == "small" and self.cell is not None:
            self.cell["small"].append(self.small)
            self.small = None
        elif tag == "a" and self.cell is not None and self.link is not None:
            self.cell["links"].append(tuple(self.link))
            self.link = None
        elif tag in ("td", "th") and self.cell is not None:
            table = self.tables[-1]
            if self.cell["tag"] == "th" and not table["rows"][-1]:
                table["header"].append(self.cell["text"].strip())
                table["rows"][-1] = None
            else:
                table["rows"][-1].append(self.cell)
            self.cell = None
        elif tag == "tr" and self.tables and self.tables[-1]["rows"] and self.tables[-1]["rows"][-1] is None:
            self.tables[-1]["rows"].pop()


@pytest.fixture(scope="module")
def site_outputs():
    from leaderboard.pipeline import build

    return build(DATA)


def pages_with_tables(outputs) -> list[tuple[str, dict]]:
    return [
        (path, table)
        for path, content in sorted(outputs.items())
        if path.endswith(".md")
        for table in Tables(shown_text(content.decode("utf-8"))).tables
    ]


def linked_id(cell: dict, kind: str) -> str:
    [found] = [re.search(rf"{kind}/([^/]+)/$", href)[1] for href, _ in cell["links"] if f"{kind}/" in href]
    return found


def result_for(dataset, model: str, benchmark: str, setting: str) -> dict:
    return score_of(dataset, model, benchmark, "" if setting in ("", FIRST_REPORTED) else setting)


def test_every_table_of_results_names_each_scores_source_and_locator_and_its_setting(dataset, site_outputs):
    checked = 0
    for path, table in pages_with_tables(site_outputs):
        if "Source" not in table["header"] or "Gain" in table["header"]:  # gains: their own test
            continue
        source_column = table["header"].index("Source")
        for row in table["rows"]:
            if path.startswith("benchmarks/"):
                model, benchmark = linked_id(row[1], "models"), Path(path).stem
                score = row[table["header"].index(next(h for h in table["header"] if "(" in h))]
            else:
                model, benchmark = Path(path).stem, linked_id(row[0], "benchmarks")
                score = row[table["header"].index("Score")]
            setting = score["small"][0] if score["small"] else ""
            result = result_for(dataset, model, benchmark, setting)
            source = dataset.sources[result.source]
            assert score["text"].split(" ± ")[0].strip() == result.score_text, (path, model)
            assert (source.url or None, source_label(dataset, result)) in [
                (href, text) for href, text in row[source_column]["links"]
            ] + [(None, row[source_column]["text"].strip())], (path, model, benchmark)
            checked += 1
    assert checked >= 2 * len(dataset.results)  # once on its benchmark's page, once on its model's


def tooltip_fields(spec: dict) -> list[list[str]]:
    """The fields of every tooltip of a spec."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("tooltip"), list):
                found.append([item.get("field") for item in node["tooltip"]])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return found


def chart_specs(site_outputs) -> dict[str, dict]:
    return {path: json.loads(content) for path, content in site_outputs.items() if path.endswith(".vl.json")}


def test_every_chart_tooltip_with_a_score_names_its_source_and_setting(site_outputs):
    specs = chart_specs(site_outputs)
    assert specs
    for path, spec in specs.items():
        tooltips = [
            fields
            for fields in tooltip_fields(spec)
            if any("score" in f or f.endswith("_text") for f in fields)
        ]
        assert tooltips, path
        for fields in tooltips:
            assert "source" in fields and "setting" in fields, (path, fields)


def test_every_score_drawn_in_a_chart_carries_the_source_and_setting_of_its_result(dataset, site_outputs):
    checked = 0
    for path, spec in chart_specs(site_outputs).items():
        for rows in spec.get("datasets", {}).values():
            for row in rows:
                if not {"model_id", "score_text", "source", "setting"} <= set(row) or "benchmark" not in row:
                    continue
                result = result_for(dataset, row["model_id"], row["benchmark"], row["setting"])
                assert row["score_text"] == result.score_text, (path, row["model_id"])
                assert row["source"] == source_label(dataset, result), (path, row["model_id"])
                checked += 1
    assert checked >= len([r for r in dataset.results if r.benchmark == "math"])


def test_re_evaluated_scores_show_their_setting_in_tables_and_charts(dataset, site_outputs):
    re_evaluated = [r for r in dataset.results if r.setting]
    assert re_evaluated
    page = site_outputs[f"benchmarks/{re_evaluated[0].benchmark}.md"].decode("utf-8")
    for result in re_evaluated:
        if result.benchmark == re_evaluated[0].benchmark:
            shown = rf'{re.escape(result.score_text)}( <span class="lb-pm">± [0-9.]+</span>)?<small>'
            assert re.search(shown + re.escape(str(escape(result.setting))) + "</small>", page), result


def test_the_models_index_names_the_setting_of_a_re_evaluated_score(dataset, site_outputs):
    [table] = Tables(site_outputs["models/index.md"].decode("utf-8")).tables
    for row in table["rows"]:
        model = linked_id(row[0], "models")
        for benchmark in dataset.benchmarks.values():
            cell = row[table["header"].index(benchmark.name)]
            results = [r for r in dataset.results if (r.model, r.benchmark) == (model, benchmark.id)]
            if cell["text"].strip() and not any(not r.setting for r in results):
                assert cell["small"], (model, benchmark.id)


def test_the_gains_tables_name_the_source_of_their_scores(site_outputs):
    gains = [
        table
        for path, table in pages_with_tables(site_outputs)
        if path.startswith("models/") and "Gain" in table["header"]
    ]
    assert gains
    for table in gains:
        assert "Source" in table["header"]


@pytest.mark.parametrize(
    ("reference", "shared"),
    [(paper.REFERENCE, paper.SHARED), (paper.SOURCES_REFERENCE, paper.SOURCES_SHARED)],
    ids=lambda path: path.name,
)
def test_the_reference_copy_in_tests_matches_the_shared_reference(reference, shared):
    if not shared.is_file():
        pytest.skip(
            f"no shared reference at {shared} (beside this checkout): nothing to compare "
            "tests/reference/ with, so the copy there is the reference"
        )
    assert reference.read_bytes() == shared.read_bytes(), (
        f"tests/reference/{reference.name} differs from {shared}: copy the shared one over it"
    )


@pytest.mark.parametrize(
    ("authors", "organisation", "cited"),
    [
        (("Xin Lai",), None, "Lai"),
        (("Xin Lai", "Zhuotao Tian"), None, "Lai and Tian"),
        (("Xin Lai", "Zhuotao Tian", "Yukang Chen"), None, "Lai et al."),
        (("Y. K. Li", "Y. Wu"), None, "Li and Wu"),
        (("Martin Luther King Jr.",), None, "King"),
        (("Gemini Team, Google",), True, "Gemini Team, Google"),
    ],
    ids=["one", "two", "three", "initials", "suffix", "organisation"],
)
def test_pages_cite_one_author_by_surname_two_by_both_and_more_as_et_al(
    dataset, authors, organisation, cited
):
    from dataclasses import replace

    from leaderboard.data.dataset import author_year, short_authors

    source = replace(dataset.sources["step-dpo"], authors=authors, organisation=organisation)
    assert short_authors(source) == cited
    assert author_year(source) == f"{cited}, 2024"
