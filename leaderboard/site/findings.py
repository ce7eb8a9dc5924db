"""The key findings of the home page, computed from the data; the templates write the sentences.

Per benchmark: how Step-DPO changed the models it was trained from (how many it improved, the
smallest and the largest gain), and which closed models the best Step-DPO model scores above.
Change a number in `data/` and the findings change with it.
"""

from __future__ import annotations

from ..data.dataset import Dataset
from ..data.lookups import Lookups
from ..data.records import Benchmark
from ..data.vocabulary import difference_unit


def key_findings(dataset: Dataset, lookups: Lookups, first: str | None = None) -> list[dict]:
    """A finding per benchmark that has Step-DPO results, benchmark `first` first."""
    found = []
    for benchmark_id in sorted(dataset.benchmarks, key=lambda b: b != first):
        benchmark = dataset.benchmarks[benchmark_id]
        finding = {
            "benchmark": benchmark,
            "gain_unit": difference_unit(benchmark.unit, benchmark.metric),
            "gains": gain_summary(lookups.gains_by_benchmark.get(benchmark_id, [])),
            "closed": closed_comparison(lookups.rows_by_benchmark[benchmark_id], benchmark),
        }
        if finding["gains"] or finding["closed"]:
            found.append(finding)
    return found


def gain_summary(gain_rows: list[dict]) -> dict | None:
    """How many models Step-DPO improved, left unchanged or made worse, and by how much.

    One gain per Step-DPO model: the one as first reported when it has several settings.
    """
    per_model: dict[str, dict] = {}
    for row in sorted(gain_rows, key=lambda row: row["setting"] != ""):
        per_model.setdefault(row["model"], row)
    if not per_model:
        return None
    rows = sorted(per_model.values(), key=lambda row: (row["improvement"], row["model_name"]))
    improved = [row for row in rows if row["improvement"] > 0]
    return {
        "count": len(rows),
        "improved": improved,
        "unchanged": [row for row in rows if row["improvement"] == 0],
        "worse": [row for row in rows if row["improvement"] < 0],
        "smallest": improved[0] if improved else None,
        "largest": improved[-1] if improved else None,
    }


def closed_comparison(rows: list[dict], benchmark: Benchmark) -> dict | None:
    """The best Step-DPO result on a benchmark against every closed model's best result.

    `rows` are ranked best first, so the first row of each model is its best.
    """
    step_dpo = [row for row in rows if row["method"] == "step-dpo"]
    closed: dict[str, dict] = {}
    for row in rows:
        if row["open_weights"] is False:
            closed.setdefault(row["model_id"], row)
    if not step_dpo or not closed:
        return None
    best = step_dpo[0]
    sign = 1 if benchmark.higher_is_better else -1
    return {
        "best": best,
        "count": len(closed),
        "above": [row for row in closed.values() if sign * (best["score"] - row["score"]) > 0],
        "level": [row for row in closed.values() if best["score"] == row["score"]],
        "below": [row for row in closed.values() if sign * (best["score"] - row["score"]) < 0],
    }
