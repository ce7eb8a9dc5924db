"""Each score of a benchmark with a test-set size carries its 95% Wilson score interval, computed
here independently of the site's code (from the textbook formula, with the normal quantile from
Python's statistics module), and shown as `± half-width` beside the score, as error bars, in the
downloads; a gain smaller than its interval is worded as within noise."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from decimal import Decimal
from statistics import NormalDist

import pytest
from utils import DATA, dataset

from leaderboard.pipeline import build

Z = NormalDist().inv_cdf(0.975)


def wilson(successes_share: float, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion observed on n trials (Wilson, 1927)."""
    p = successes_share
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    margin = Z / (1 + Z**2 / n) * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return centre - margin, centre + margin


def expected(benchmark, score_text: str) -> tuple[float, float, str]:
    """The interval in the benchmark's unit and the `± h` text the site shows."""
    span = benchmark.max - benchmark.min
    low, high = wilson((float(score_text) - benchmark.min) / span, benchmark.test_set_size)
    low, high = benchmark.min + low * span, benchmark.min + high * span
    decimals = max(1, len(score_text.split(".")[1]) if "." in score_text else 0)
    return low, high, f"± {(high - low) / 2:.{decimals}f}"


@pytest.fixture(scope="module")
def outputs():
    return build(DATA)


def test_the_issues_example_55_8_on_5000_problems_is_55_8_plus_minus_1_4(outputs):
    math_benchmark = dataset().benchmarks["math"]
    assert math_benchmark.test_set_size == 5000
    assert expected(math_benchmark, "55.8")[2] == "± 1.4"
    assert '55.8 <span class="lb-pm">± 1.4</span>' in outputs["benchmarks/math.md"].decode("utf-8")


def test_every_score_of_a_sized_benchmark_shows_its_interval_in_its_benchmarks_table(outputs):
    data = dataset()
    checked = 0
    for benchmark in data.benchmarks.values():
        page = outputs[f"benchmarks/{benchmark.id}.md"].decode("utf-8")
        for result in data.results_by_benchmark[benchmark.id]:
            cell = rf'<td data-value="{re.escape(str(result.score))}">{re.escape(result.score_text)}'
            shown = re.search(cell + '( <span class="lb-pm">([^<]*)</span>)?', page)
            assert shown, (benchmark.id, result.model)
            if benchmark.test_set_size:
                assert shown[2] == expected(benchmark, result.score_text)[2], (benchmark.id, result.model)
                checked += 1
            else:
                assert shown[1] is None, (benchmark.id, result.model)
    assert checked >= 50


def test_tooltips_and_error_bars_carry_the_same_interval(outputs):
    data = dataset()
    spec = json.loads(outputs["charts/math-scores-by-size.vl.json"])
    rows = spec["datasets"]["points"]
    assert rows
    for row in rows:
        low, high, text = expected(data.benchmarks["math"], row["score_text"])
        assert row["score_shown"] == f"{row['score_text']} {text}"
        assert row["low"] == pytest.approx(low, abs=1e-3) and row["high"] == pytest.approx(high, abs=1e-3)
    bars = [layer for layer in spec["layer"] if "show_intervals" in json.dumps(layer.get("transform", []))]
    assert [
        (layer["mark"]["type"], layer["encoding"]["y"]["field"], layer["encoding"]["y2"]["field"])
        for layer in bars
    ] == [("rule", "low", "high")]


def test_the_error_bars_start_off_on_the_papers_figure_and_on_on_the_benchmark_charts(outputs):
    def first_value(path):
        params = json.loads(outputs[path])["params"]
        return next(p["value"] for p in params if p["name"] == "show_intervals")

    assert first_value("charts/math-by-size.vl.json") is False
    assert first_value("charts/math-scores-by-size.vl.json") is True
    assert first_value("charts/math-step-dpo-gains.vl.json") is True


def test_the_downloads_give_each_sized_score_its_interval(outputs):
    data = dataset()
    table = csv.DictReader(io.StringIO(outputs["downloads/results.csv"].decode("utf-8")))
    for row in table:
        benchmark = data.benchmarks[row["benchmark_id"]]
        if not benchmark.test_set_size:
            assert row["ci95_low"] == row["ci95_high"] == ""
            continue
        low, high, _ = expected(benchmark, row["score"])
        assert (row["ci95_low"], row["ci95_high"]) == (f"{low:.2f}", f"{high:.2f}")


def test_a_gain_smaller_than_its_interval_is_called_within_noise_in_the_findings(outputs):
    data = dataset()
    home = outputs["index.md"].decode("utf-8")
    for benchmark in data.benchmarks.values():
        if not benchmark.test_set_size:
            continue
        section = home.split(f"### On {benchmark.name}", 1)[1].split("\n### ", 1)[0]
        noisy, clear = set(), set()
        for model in data.models.values():
            # The findings take one gain per model: as first reported, else under its setting.
            pairs = sorted(
                (setting, trained, data.chosen[(model.base_model, benchmark.id, setting)])
                for (model_id, benchmark_id, setting), trained in data.chosen.items()
                if (model_id, benchmark_id) == (model.id, benchmark.id)
                and (model.base_model, benchmark.id, setting) in data.chosen
            )
            if not model.base_model or not pairs:
                continue
            _, trained, base = pairs[0]
            gain = Decimal(trained.score_text) - Decimal(base.score_text)
            halves = [
                (h - lo) / 2 for lo, h, _ in (expected(benchmark, r.score_text) for r in (trained, base))
            ]
            (noisy if gain != 0 and abs(gain) < math.hypot(*halves) else clear).add(model.id)
        listed = set(
            re.findall(r"\(models/([^)]+)\.md\) \([+\u2212]", section.split("**within noise**", 1)[-1])
        )
        assert ("**within noise**" in section) == bool(noisy), benchmark.id
        assert listed == noisy, benchmark.id


def test_the_data_page_says_how_the_interval_is_computed(outputs):
    page = outputs["data.md"].decode("utf-8")
    assert "Wilson score interval" in page and "*z* = 1.96" in page
    for benchmark in dataset().benchmarks.values():
        if benchmark.test_set_size:
            assert f"{benchmark.name} ({benchmark.test_set_size:,} problems)" in page
