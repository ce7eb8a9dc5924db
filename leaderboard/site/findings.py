"""The key findings of the home page, computed from the data; the templates write the sentences.

Per benchmark and per method that trains from a base: how the method changed the models it was
trained from (how many it improved, the smallest and the largest gain, and which gains are within
the scores' sampling noise); and which closed models the best highlighted model scores above.
Where several sources report a score, findings use the one the charts draw. Change a number in
`data/` and the findings change with it. A list of models names the first `LISTED` of them and
links the rest to the benchmark's page, which has them all (at 10,000 synthetic models a finding
named thousands).
"""

from __future__ import annotations

from ..data.dataset import Dataset
from ..data.lookups import Lookups
from ..data.records import Benchmark
from ..data.vocabulary import difference_unit

LISTED = 10  # models a finding names in a row; of a longer list, the rest link to the benchmark's page


def key_findings(dataset: Dataset, lookups: Lookups, first: str | None = None) -> list[dict]:
    """A finding per benchmark that has gains or a comparison with closed models, `first` first."""
    found = []
    for benchmark_id in sorted(dataset.benchmarks, key=lambda b: b != first):
        benchmark = dataset.benchmarks[benchmark_id]
        gain_rows = lookups.gains_by_benchmark.get(benchmark_id, [])
        by_method = [
            {"method": method, "summary": gain_summary([row for row in gain_rows if row["method"] == method.id])}
            for method in dataset.methods.values()
        ]
        highlighted = [row for row in lookups.rows_by_benchmark[benchmark_id] if row["method"] in dataset.site.highlight]
        finding = {
            "benchmark": benchmark,
            "gain_unit": difference_unit(benchmark.unit, benchmark.metric),
            "gains": [each for each in by_method if each["summary"]],
            "closed": closed_comparison(highlighted, lookups.rows_by_benchmark[benchmark_id], benchmark),
        }
        if finding["gains"] or finding["closed"]:
            found.append(finding)
    return found


def gain_summary(gain_rows: list[dict]) -> dict | None:
    """How many models a method improved, left unchanged or made worse, and by how much.

    One gain per model: the one as first reported when it has several settings.
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
        "within_noise": [row for row in rows if row["within_noise"] and row["improvement"] != 0],
    }


def closed_comparison(highlighted: list[dict], rows: list[dict], benchmark: Benchmark) -> dict | None:
    """The best highlighted result on a benchmark against every closed model's best result.

    `rows` are ranked best first, so the first row of each model is its best.
    """
    closed: dict[str, dict] = {}
    for row in rows:
        if row["open_weights"] is False:
            closed.setdefault(row["model_id"], row)
    if not highlighted or not closed:
        return None
    best = highlighted[0]
    sign = 1 if benchmark.higher_is_better else -1
    return {
        "best": best,
        "count": len(closed),
        "above": [row for row in closed.values() if sign * (best["score"] - row["score"]) > 0],
        "level": [row for row in closed.values() if best["score"] == row["score"]],
        "below": [row for row in closed.values() if sign * (best["score"] - row["score"]) < 0],
    }
