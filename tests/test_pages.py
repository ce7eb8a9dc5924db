"""The generated pages: a home page with the headline chart and key findings written from the
data, a page per benchmark with a table of every result, a page per model, a models index; the
build leaves git clean.

Expectations are derived here from the CSV files themselves (with `csv` and `Decimal`), not from
the code under test and never typed from the paper.
"""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path

import pathspec
import utils
import vl_convert
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape
from utils import DATA, ROOT, headline_benchmark, read_csv, shown_text, write_csv

from leaderboard.charts.files import chart_outputs
from leaderboard.data import dataset as dataset_module
from leaderboard.data.vocabulary import PERCENTAGE_POINTS
from leaderboard.pipeline import build
from leaderboard.site import pages
from leaderboard.site.findings import LISTED
from leaderboard.site.pages import markdown_text, root_prefix


@cache
def outputs() -> dict[str, bytes]:
    """Every generated file of the real data, built once."""
    return build(DATA)


def page(path: str) -> str:
    return outputs()[path].decode("utf-8")


def article(path: str) -> str:
    """A model page as shown: the article its front matter hands to the theme template."""
    return shown_text(page(path))


def section(article: str, heading_id: str) -> str:
    """The part of an article under one <h2>, up to the next."""
    return article.split(f'<h2 id="{heading_id}">', 1)[1].split("<h2 ", 1)[0]


def plain(markdown: str) -> str:
    """Rendered Markdown without its backslash escapes, for matching names."""
    return markdown.replace("\\", "")


def step_dpo_gains(data: Path, benchmark: str) -> dict[str, tuple[Decimal, Decimal]]:
    """Step-DPO model id -> (its score, its base's score) on a benchmark, as first reported when it can."""
    models = {row["id"]: row for row in read_csv(data / "models.csv")}
    scores = {
        (r["model"], r["setting"]): Decimal(r["score"])
        for r in read_csv(data / "results.csv")
        if r["benchmark"] == benchmark
    }
    found = {}
    for (model, setting), score in sorted(scores.items(), key=lambda item: item[0][1] != ""):
        base = models[model]["base_model"]
        if models[model]["method"] == "step-dpo" and (base, setting) in scores and model not in found:
            found[model] = (score, scores[(base, setting)])
    return found


def closed_and_best_step_dpo(data: Path, benchmark: str) -> tuple[Decimal, dict[str, Decimal]]:
    models = {row["id"]: row for row in read_csv(data / "models.csv")}
    results = [r for r in read_csv(data / "results.csv") if r["benchmark"] == benchmark]
    best = max(Decimal(r["score"]) for r in results if models[r["model"]]["method"] == "step-dpo")
    closed: dict[str, Decimal] = {}
    for r in results:
        if models[r["model"]]["open_weights"] == "false":
            closed[r["model"]] = max(closed.get(r["model"], Decimal("-1")), Decimal(r["score"]))
    return best, closed


def findings_of(home: str, benchmark_name: str) -> str:
    """The key-findings block of one benchmark on the home page."""
    section = plain(home).split("## Key findings", 1)[1].split("\n## ", 1)[0]
    blocks = re.split(r"^### ", section, flags=re.M)
    return next(block for block in blocks if block.startswith(f"On {benchmark_name}\n"))


def test_the_home_page_shows_the_headline_chart():
    assert 'data-vg-spec="charts/math-by-size.vg.json"' in page("index.md")
    assert 'data-vl-spec="charts/math-by-size.vl.json"' in page("index.md")


def test_every_benchmark_has_a_page_with_a_row_per_result():
    dataset = utils.dataset()
    for benchmark in dataset.benchmarks.values():
        text = page(f"benchmarks/{benchmark.id}.md")
        rows = text.count("<tr>") - 1  # minus the header row
        expected = sum(1 for r in dataset.results if r.benchmark == benchmark.id)
        assert rows == expected, benchmark.id
        assert f"# {benchmark.name}" in text.replace("\\", "")


def test_the_math_page_shows_the_headline_chart_relative_to_its_own_url():
    assert 'data-vg-spec="../../charts/math-by-size.vg.json"' in page("benchmarks/math.md")
    assert 'data-vl-spec="../../charts/math-by-size.vl.json"' in page("benchmarks/math.md")


def test_every_chart_is_drawn_from_its_vega_lite_spec_compiled_by_the_version_it_was_written_for():
    files, info = chart_outputs(utils.dataset())
    for chart in info.values():
        spec = json.loads(files[chart["files"]["spec"]])
        vega = json.loads(files[chart["files"]["vega"]])
        version = spec["$schema"].rsplit("/v", 1)[1].rsplit(".", 2)[0]
        assert vega == vl_convert.vegalite_to_vega(spec, vl_version=version), chart["id"]
        assert vega["$schema"].startswith("https://vega.github.io/schema/vega/")
        assert vega["description"] == spec["description"]
        assert {s["name"] for s in vega["signals"]} >= {"dark", "shown", *(p for p, _, _ in chart["toggles"])}


def test_pages_start_with_front_matter_titles():
    for path, content in outputs().items():
        if path.endswith(".md"):
            assert re.match(r"---\ntitle: .+\n", content.decode()), path


def test_root_prefix_follows_directory_urls():
    assert root_prefix("index.md") == ""
    assert root_prefix("benchmarks/index.md") == "../"
    assert root_prefix("benchmarks/math.md") == "../../"


def test_markdown_text_shows_markup_literally():
    assert markdown_text("<b>*x*</b>") == r"&lt;b&gt;\*x\*&lt;/b&gt;"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text())
def test_a_front_matter_string_reads_back_as_the_text_it_was_given(text):
    assert yaml.safe_load(f"body: {pages.yaml_string(text)}")["body"] == text


def test_a_front_matter_string_keeps_the_characters_yaml_takes_for_line_breaks_or_refuses():
    text = 'NEL\x85 LS\u2028 PS\u2029 C1\x9f "quotes" \\ new\nline'
    assert yaml.safe_load(f"body: {pages.yaml_string(text)}")["body"] == text


def test_git_status_is_clean_after_a_build(tmp_path):
    if not (ROOT / ".git").exists():
        return
    before = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    subprocess.run([sys.executable, "build_charts.py"], cwd=ROOT, check=True, capture_output=True)
    after = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout
    assert after == before


def test_every_model_has_a_page_with_a_row_per_score():
    results = read_csv(DATA / "results.csv")
    for model in read_csv(DATA / "models.csv"):
        text = page(f"models/{model['id']}.md")
        assert plain(text).startswith(f'---\ntitle: "{model["name"]}"'), model["id"]
        scores = section(article(f"models/{model['id']}.md"), "scores")
        expected = sum(1 for r in results if r["model"] == model["id"])
        if expected:
            assert scores.count("<tr>") - 1 == expected, model["id"]  # minus the header row
        else:
            assert "No scores reported yet." in scores, model["id"]


def test_a_model_page_ranks_each_score_among_every_result_on_its_benchmark():
    results = read_csv(DATA / "results.csv")
    for result in results:
        same = [Decimal(r["score"]) for r in results if r["benchmark"] == result["benchmark"]]
        rank = 1 + sum(1 for score in same if score > Decimal(result["score"]))  # ties share a rank
        text = article(f"models/{result['model']}.md")
        row = f"<td>{rank} of {len(same)}</td>"
        assert row in text, (result["model"], result["benchmark"], rank)


def test_model_pages_link_the_model_trained_from_and_the_models_trained_from_it_both_ways():
    models = read_csv(DATA / "models.csv")
    linked = 0
    for model in models:
        if not model["base_model"]:
            continue
        child, base = article(f"models/{model['id']}.md"), article(f"models/{model['base_model']}.md")
        assert f'<strong>Trained from:</strong> <a href="../../models/{model["base_model"]}/">' in child
        assert f'<a href="../../models/{model["id"]}/">' in section(base, "models-trained-from-it")
        linked += 1
    assert linked == sum(1 for m in models if m["base_model"])


def test_a_step_dpo_model_page_shows_its_gain_over_its_base_on_each_benchmark_with_its_source():
    benchmarks = {b["id"] for b in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8"))}
    sources = {s["id"]: s for s in yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))}
    results = read_csv(DATA / "results.csv")
    shown = 0
    for benchmark in benchmarks:
        for model, (score, base_score) in step_dpo_gains(DATA, benchmark).items():
            gain = score - base_score
            text = section(article(f"models/{model}.md"), "gains")
            row = next(r for r in text.split("<tr>") if f"benchmarks/{benchmark}/" in r)
            sign = "+" if gain > 0 else "\u2212" if gain < 0 else ""
            assert re.search(
                rf'<td data-value="{gain}">{re.escape(sign + str(abs(gain)))}'
                "(<small>within noise</small>)?</td>",
                row,
            ), (
                model,
                benchmark,
            )
            result = next(r for r in results if (r["model"], r["benchmark"]) == (model, benchmark))
            source = sources[result["source"]]
            label = f"{source['title'].split(':')[0]}, {result['locator']}"
            assert f'<a href="{source["url"]}">{label}</a>' in row, (model, benchmark)  # its source
            shown += 1
    assert shown > 0


def test_benchmark_tables_link_every_model_to_its_page():
    for benchmark in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8")):
        text = page(f"benchmarks/{benchmark['id']}.md")
        models = {r["model"] for r in read_csv(DATA / "results.csv") if r["benchmark"] == benchmark["id"]}
        linked = set(re.findall(r'<a href="\.\./\.\./models/([^/"]+)/">', text))
        assert linked == models, benchmark["id"]


def test_a_benchmark_page_names_its_reference_with_a_link():
    sources = {s["id"]: s for s in yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))}
    for benchmark in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8")):
        source = sources[benchmark["source"]]
        reference = (
            plain(page(f"benchmarks/{benchmark['id']}.md")).split("**Reference:**", 1)[1].split("\n")[0]
        )
        first = source["authors"][0]  # cited by its surname, or an organisation by its whole name
        assert source["title"] in reference
        assert (first if source.get("organisation") else first.split()[-1]) in reference
        if source["url"]:
            assert f'<a href="{source["url"]}">' in reference


def test_the_models_index_lists_every_model_once_with_a_link_to_its_page():
    text = page("models/index.md")
    ids = re.findall(r'<a href="\.\./models/([^/"]+)/">', text)
    assert sorted(ids) == sorted(m["id"] for m in read_csv(DATA / "models.csv"))


def test_model_pages_stay_out_of_the_navigation_but_the_models_index_is_in_it():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^nav:", config, re.M), "the navigation is automatic"
    patterns = yaml.load(config, Loader=yaml.BaseLoader)["not_in_nav"]  # BaseLoader: no !ENV tag needed
    spec = pathspec.GitIgnoreSpec.from_lines(patterns.splitlines())
    model_pages = [path for path in outputs() if path.startswith("models/") and path != "models/index.md"]
    assert model_pages and all(spec.match_file(path) for path in model_pages)
    assert not spec.match_file("models/index.md")
    assert not any(spec.match_file(path) for path in outputs() if path.startswith("benchmarks/"))


def test_the_home_findings_count_the_models_step_dpo_improved_on_the_headline_benchmark():
    benchmark = headline_benchmark()
    name = next(
        b["name"]
        for b in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8"))
        if b["id"] == benchmark
    )
    gains = {model: score - base for model, (score, base) in step_dpo_gains(DATA, benchmark).items()}
    improved = sorted(gain for gain in gains.values() if gain > 0)
    block = findings_of(page("index.md"), name)
    if len(improved) == len(gains):
        assert f"**all {len(gains)}** models" in block
    else:
        assert f"**{len(improved)} of the {len(gains)}**" in block
    assert f"by {improved[0]} to {improved[-1]} {PERCENTAGE_POINTS}" in block


def test_the_home_findings_name_the_closed_models_the_best_step_dpo_model_passes():
    benchmark = headline_benchmark()
    name = next(
        b["name"]
        for b in yaml.safe_load((DATA / "benchmarks.yaml").read_text(encoding="utf-8"))
        if b["id"] == benchmark
    )
    best, closed = closed_and_best_step_dpo(DATA, benchmark)
    sentence = next(
        line
        for line in findings_of(page("index.md"), name).splitlines()
        if line.startswith("- The best Step-DPO model")
    )
    passed, rest = sentence.split("; it is below", 1) if "; it is below" in sentence else (sentence, "")
    for model, score in closed.items():
        assert f"(models/{model}.md)" in (passed if score < best else rest), model
    below = sum(1 for score in closed.values() if score < best)
    if below < len(closed):
        assert f"**{below} of the {len(closed)}** closed models" in sentence


def test_the_home_findings_change_when_the_data_changes(data_copy):
    benchmark = headline_benchmark(data_copy)
    name = next(
        b["name"]
        for b in yaml.safe_load((data_copy / "benchmarks.yaml").read_text(encoding="utf-8"))
        if b["id"] == benchmark
    )
    before = findings_of(build(data_copy)["index.md"].decode(), name)
    gains = step_dpo_gains(data_copy, benchmark)
    best_gainer = max(gains, key=lambda model: gains[model][0] - gains[model][1])
    best, closed = closed_and_best_step_dpo(data_copy, benchmark)
    passed = min(closed, key=closed.get)  # the weakest closed model, now made stronger than Step-DPO

    results = read_csv(data_copy / "results.csv")
    for row in results:
        if row["benchmark"] == benchmark and row["model"] == best_gainer and not row["setting"]:
            row["score"] = str(gains[best_gainer][1] - Decimal("0.5"))  # now below its base
        if row["benchmark"] == benchmark and row["model"] == passed:
            row["score"] = str(best + Decimal("0.1"))
    write_csv(data_copy / "results.csv", results)

    after = findings_of(build(data_copy)["index.md"].decode(), name)
    assert after != before
    new_gains = step_dpo_gains(data_copy, benchmark)
    improved = sorted(s - b for s, b in new_gains.values() if s - b > 0)
    assert f"**{len(improved)} of the {len(new_gains)}**" in after
    assert f"by {improved[0]} to {improved[-1]} {PERCENTAGE_POINTS}" in after
    base_score, new_score = gains[best_gainer][1], new_gains[best_gainer][0]
    assert f"(models/{best_gainer}.md) ({base_score} → {new_score}) scored lower (\u22120.5)" in after
    assert f"(models/{passed}.md) ({best + Decimal('0.1')})" in after.split("; it is below", 1)[1]


def test_a_long_list_in_the_findings_names_the_first_models_and_links_the_rest_to_the_benchmark(tmp_path):
    """At 400 synthetic models, dozens of Step-DPO models on GSM8K gained nothing or scored lower:
    the home page names the first `LISTED` of each list and links the rest to GSM8K's page."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synthetic

    data = synthetic.write_data(tmp_path / "data", 400)
    findings = findings_of(build(data)["index.md"].decode(), "GSM8K")
    [block] = [line for line in findings.splitlines() if line.startswith("- Step-DPO improved")]
    gains = step_dpo_gains(data, "gsm8k")
    expected = {
        "gained nothing": sum(1 for score, base in gains.values() if score == base),
        "scored lower": sum(1 for score, base in gains.values() if score < base),
    }
    assert expected["scored lower"] > LISTED  # the data has a list to cut
    for verb, count in expected.items():
        named = re.findall(rf"\]\(models/[^)]+\.md\) \([^)]+\) {verb}\b", block)
        assert len(named) == min(count, LISTED), verb
        more = re.findall(rf"\[([\d,]+) more\]\(benchmarks/gsm8k\.md\) {verb}\.", block)
        assert more == ([f"{count - LISTED:,}"] if count > LISTED else []), verb
    noise = re.search(r"Of these changes, (\d+) are \*\*within noise\*\*[^:]*: (.*)", block)
    assert noise, block
    listed = noise.group(2)
    assert len(re.findall(r"\]\(models/", listed)) == min(int(noise.group(1)), LISTED)
    if int(noise.group(1)) > LISTED:
        assert listed.endswith(f" and [{int(noise.group(1)) - LISTED:,} more](benchmarks/gsm8k.md).")


def test_names_with_markup_are_shown_literally_on_every_page(data_copy):
    models = read_csv(data_copy / "models.csv")
    step_dpo = {m["id"]: m for m in models if m["method"] == "step-dpo"}
    on_math = [
        r for r in read_csv(data_copy / "results.csv") if r["benchmark"] == "math" and r["model"] in step_dpo
    ]
    best = max(on_math, key=lambda r: Decimal(r["score"]))["model"]
    target = step_dpo[best]  # the home page's findings name it, in Markdown
    target["name"] = "<b>Bold</b> *star* [link](x) {{ jinja }} | pipe"
    write_csv(data_copy / "models.csv", models)
    built = build(data_copy)
    shown = "&lt;b&gt;Bold&lt;/b&gt; *star* [link](x) {{ jinja }} | pipe"  # raw HTML, escaped
    assert f'<h1 id="model">{shown}</h1>' in built[f"models/{target['id']}.md"].decode()
    assert shown in built[f"models/{target['base_model']}.md"].decode()
    assert markdown_text(target["name"]) in built["index.md"].decode()  # Markdown, escaped
    front = built[f"models/{target['id']}.md"].decode().split("\n---\n", 1)[0]
    title = yaml.safe_load(front.strip("-\n"))["title"]  # front matter: YAML of the title as HTML
    assert title == escape(target["name"]) and html.unescape(title) == target["name"]
    for path, content in built.items():
        if path.endswith(".md"):
            assert "<b>Bold" not in content.decode().split("\n---\n", 1)[1], path  # the body: escaped


def test_the_pages_build_each_result_row_once_and_each_page_once_however_many_models(monkeypatch):
    """Linear in the number of models: no page scans every result (a timing-free check)."""
    dataset = dataclasses.replace(utils.dataset(), figures=[])  # no chart needed for this count
    counts = {"rows": 0, "renders": 0}
    result_row, render = dataset_module.result_row, pages.render

    def counting_row(*args):
        counts["rows"] += 1
        return result_row(*args)

    def counting_render(*args, **kwargs):
        counts["renders"] += 1
        return render(*args, **kwargs)

    monkeypatch.setattr(dataset_module, "result_row", counting_row)
    monkeypatch.setattr(pages, "render", counting_render)
    built = pages.site_pages(pages.environment(), dataset, {})
    assert counts["rows"] == len(dataset.results)
    built_pages = [
        path for path in built if path.endswith(".md")
    ]  # beside the data of compare and the tables
    # Each model and benchmark, and home, benchmarks, models and compare.
    assert counts["renders"] == len(built_pages) == len(dataset.models) + len(dataset.benchmarks) + 4


def test_the_first_paint_of_a_page_waits_for_its_first_chart_or_else_for_the_line_under_its_table():
    """A benchmark page with a chart holds its first paint for the chart's image; one without (no
    chart drawn here) for the whole of the first rows of its table, as the models index does."""
    dataset = dataclasses.replace(utils.dataset(), figures=[])
    with_charts = {path: text.decode() for path, text in outputs().items() if path.endswith(".md")}
    without = {
        path: text.decode() for path, text in pages.site_pages(pages.environment(), dataset, {}).items()
    }
    for benchmark in dataset.benchmarks:
        path = f"benchmarks/{benchmark}.md"
        first_chart = re.search(r'<figure class="lb-chart[^"]*" id="chart-([^"]+)"', with_charts[path])
        assert (
            utils.front_matter_and_markdown(with_charts[path])[0]["first_paint"]
            == f"chart-{first_chart.group(1)}-view"
        )
        table = re.search(r'<section class="lb-table-block" id="([^"]+)"', without[path]).group(1)
        assert utils.front_matter_and_markdown(without[path])[0]["first_paint"] == f"{table}-foot"
        assert f'<p class="lb-table__foot" id="{table}-foot">' in without[path]
    assert utils.front_matter_and_markdown(with_charts["models/index.md"])[0]["first_paint"] == "models-foot"
