"""Several sources for one score: every report is kept and shown, charts draw one chosen by one
rule (the site's work first, then the most recent source), and every other report is named with
its difference, in tables, tooltips, model pages and downloads."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from utils import DATA, read_csv, write_csv

from leaderboard.data.load import load_dataset
from leaderboard.pipeline import build

MODEL, BENCHMARK = "qwen2-7b-instruct", "math"  # a point of the featured figure


def reported(data, source: str, score: str, locator: str = "Table 9") -> None:
    rows = read_csv(data / "results.csv")
    rows.append(
        {
            "model": MODEL,
            "benchmark": BENCHMARK,
            "score": score,
            "setting": "",
            "source": source,
            "locator": locator,
            "note": "",
        }
    )
    write_csv(data / "results.csv", rows)


def first_score(data) -> str:
    """The score the data holds for MODEL on BENCHMARK as first reported."""
    rows = read_csv(data / "results.csv")
    return next(
        r["score"] for r in rows if (r["model"], r["benchmark"], r["setting"]) == (MODEL, BENCHMARK, "")
    )


@pytest.fixture
def two_sources(data_copy):
    """The data with a second, differing report of one score, from an older work than the site's."""
    original = first_score(data_copy)
    other = str(Decimal(original) + Decimal("0.3"))
    reported(data_copy, "qwen", other)
    return data_copy, original, other


def test_charts_draw_the_sites_own_work_first_and_tables_name_the_other_report(two_sources):
    data, original, other = two_sources
    outputs = build(data)
    dataset = load_dataset(data)
    work_label = f"{dataset.sources['qwen'].title.split(':')[0]}, Table 9"
    difference = "+0.3"

    spec = json.loads(outputs["charts/math-by-size.vl.json"])
    drawn = [row for row in spec["datasets"]["points"] if row["model_id"] == MODEL]
    assert [row["score_text"] for row in drawn] == [original]  # one point, the site's work's
    assert drawn[0]["also"] == f"also reported: {other} in {work_label}; {difference}"

    page = outputs[f"benchmarks/{BENCHMARK}.md"].decode("utf-8")
    assert f"also reported: {other} in" in page and f"{work_label}</a>; {difference}</small>" in page

    model_page = outputs[f"models/{MODEL}.md"].decode("utf-8")
    assert "Where its sources disagree" in model_page
    assert f"{other} in" in model_page and f"The charts draw {original}." in model_page


def test_the_most_recent_source_is_chosen_when_the_sites_work_does_not_report_the_score(data_copy):
    rows = [
        r for r in read_csv(data_copy / "results.csv") if (r["model"], r["benchmark"]) != (MODEL, BENCHMARK)
    ]
    write_csv(data_copy / "results.csv", rows)
    reported(data_copy, "qwen", "40.0", "Table 2")  # 2023
    reported(data_copy, "deepseekmath", "41.0", "Table 5")  # 2024: more recent
    dataset = load_dataset(data_copy)
    key = (MODEL, BENCHMARK, "")
    assert (dataset.chosen[key].source, dataset.chosen[key].score_text) == ("deepseekmath", "41.0")
    assert [r.source for r in dataset.also_reported[key]] == ["qwen"]


def test_downloads_keep_every_report_and_mark_the_one_charts_use(two_sources):
    data, original, other = two_sources
    table = list(csv.DictReader(io.StringIO(build(data)["downloads/results.csv"].decode("utf-8"))))
    mine = [
        (r["score"], r["source_id"], r["chosen"])
        for r in table
        if (r["model_id"], r["benchmark_id"]) == (MODEL, BENCHMARK)
    ]
    assert sorted(mine) == sorted([(original, "step-dpo", "true"), (other, "qwen", "false")])


def test_findings_say_they_use_the_chosen_scores_only_when_sources_disagree(two_sources):
    data, _, _ = two_sources
    note = "Where several sources report a score, the findings use the one the charts draw"
    assert note in build(data)["index.md"].decode("utf-8")
    assert note not in build(DATA)["index.md"].decode("utf-8")
