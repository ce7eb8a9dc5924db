"""Lookups built once per build, so that every page renders from its own rows only.

A site of N models renders in time linear in N: the rows of each benchmark are ranked once, and a
model page reads its scores, the models trained from it and its gains over its base from dictionaries
filled in one pass over the data, never by scanning every model or every result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .dataset import FIRST_REPORTED, Dataset, benchmark_rows, gains


@dataclass
class Lookups:
    rows_by_benchmark: dict[str, list[dict]] = field(default_factory=dict)  # best first, ranked
    rows_by_model: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    trained_from_it: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # model ids
    gains_by_model: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    gains_by_base: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    gains_by_benchmark: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))


def build_lookups(dataset: Dataset) -> Lookups:
    lookups = Lookups()
    for benchmark_id in dataset.benchmarks:
        name = dataset.benchmarks[benchmark_id].name
        rows = ranked(benchmark_rows(dataset, benchmark_id), name)
        lookups.rows_by_benchmark[benchmark_id] = rows
        for row in rows:
            lookups.rows_by_model[row["model_id"]].append(row)
    for model in dataset.models.values():
        if model.base_model:
            lookups.trained_from_it[model.base_model].append(model.id)
    results = {
        (row["model_id"], row["benchmark"], row["setting"]): row
        for rows in lookups.rows_by_benchmark.values()
        for row in rows
    }
    for gain in gains(dataset):
        row = gain_row(dataset, gain, results)
        lookups.gains_by_model[gain["model"]].append(row)
        lookups.gains_by_base[gain["base_model"]].append(row)
        lookups.gains_by_benchmark[gain["benchmark"]].append(row)
    return lookups


def ranked(rows: list[dict], benchmark_name: str) -> list[dict]:
    """Rows (best first) with their rank among them: equal scores share a rank (1, 2, 2, 4)."""
    count = len(rows)
    ranked_rows = []
    rank = 0
    for index, row in enumerate(rows):
        if index == 0 or row["score"] != rows[index - 1]["score"]:
            rank = index + 1
        ranked_rows.append({**row, "rank": rank, "of": count, "benchmark_name": benchmark_name})
    return ranked_rows


def gain_row(dataset: Dataset, gain: dict, results: dict[tuple, dict]) -> dict:
    """A gain over a base with what a page shows of it: names, and both results (scores as printed,
    sources) by (model, benchmark, setting)."""
    benchmark = dataset.benchmarks[gain["benchmark"]]
    setting = gain["setting"] or FIRST_REPORTED
    result = results[(gain["model"], gain["benchmark"], setting)]
    base_result = results[(gain["base_model"], gain["benchmark"], setting)]
    return {
        **gain,
        "setting_label": setting,
        "model_name": dataset.models[gain["model"]].name,
        "method_label": dataset.method_label(gain["method"]),
        "base_name": dataset.models[gain["base_model"]].name,
        "benchmark_name": benchmark.name,
        # How much better the model got: the gain, or minus it where lower scores are better.
        "improvement": gain["gain"] if benchmark.higher_is_better else -gain["gain"],
        "score_text": result["score_text"],
        "base_score_text": base_result["score_text"],
        "result": result,
        "base_result": base_result,
    }


def headline_scores(rows: list[dict]) -> dict[str, dict]:
    """A model's one score per benchmark for an overview: as first reported, else its best."""
    chosen: dict[str, dict] = {}
    for row in rows:  # per benchmark, best first
        current = chosen.get(row["benchmark"])
        if current is None or (current["setting"] != FIRST_REPORTED and row["setting"] == FIRST_REPORTED):
            chosen[row["benchmark"]] = row
    return chosen
