"""The validated dataset and the tidy rows every chart and page is built from.

Derived numbers (sizes as labels, Step-DPO gains) are computed here from the data, never typed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .records import Benchmark, Figure, Model, Result, Source
from .vocabulary import method_label

FIRST_REPORTED = "as first reported"


@dataclass
class Dataset:
    """Every record of `data/`, validated; results are indexed once, by `Result.key`."""

    sources: dict[str, Source]
    benchmarks: dict[str, Benchmark]
    models: dict[str, Model]
    results: list[Result]
    figures: list[Figure]
    result_by_key: dict[tuple[str, str, str], Result] = field(init=False, repr=False)
    results_by_benchmark: dict[str, list[Result]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.result_by_key = {result.key: result for result in self.results}
        self.results_by_benchmark = defaultdict(list)
        for result in self.results:
            self.results_by_benchmark[result.benchmark].append(result)


def size_label(model: Model) -> str:
    """`7B`, `57B (14B active)`, or `undisclosed`."""
    if model.params_b is None:
        return "undisclosed"
    label = f"{model.params_b_text}B"
    if model.active_params_b is not None:
        label += f" ({model.active_params_b_text}B active)"
    return label


def source_label(dataset: Dataset, result: Result) -> str:
    """`Step-DPO, Table 1`: the work that printed the number, and where in it."""
    return f"{short_title(dataset.sources[result.source])}, {result.locator}"


def short_title(source: Source) -> str:
    """The part of a title before its colon: `Step-DPO`."""
    return source.title.split(":")[0].strip()


def citation(source: Source) -> str:
    """`Step-DPO: Step-wise ... (Lai et al., 2024)`."""
    return f"{source.title} ({source.authors}, {source.year})"


def result_row(dataset: Dataset, result: Result) -> dict:
    """One score with everything a table row or tooltip shows about it."""
    model = dataset.models[result.model]
    source = dataset.sources[result.source]
    return {
        "model_id": model.id,
        "model": model.name,
        "family": model.family,
        "method": model.method,
        "open_weights": model.open_weights,
        "params_b": model.params_b,
        "size": size_label(model),
        "benchmark": result.benchmark,
        "score": result.score,
        "score_text": result.score_text,
        "setting": result.setting or FIRST_REPORTED,
        "source": source_label(dataset, result),
        "source_url": source.url,
        "citation": citation(source),
        "note": result.note or "",
    }


def benchmark_rows(dataset: Dataset, benchmark_id: str) -> list[dict]:
    """Every result on one benchmark, best first."""
    rows = [result_row(dataset, r) for r in dataset.results_by_benchmark.get(benchmark_id, [])]
    descending = dataset.benchmarks[benchmark_id].higher_is_better
    return sorted(rows, key=lambda row: (-row["score"] if descending else row["score"], row["model"]))


def figure_rows(dataset: Dataset, figure: Figure) -> tuple[list[dict], list[dict]]:
    """The points and the reference lines of a figure, as tidy rows."""
    points = [
        {
            **result_row(dataset, item.result),
            "label": item.label,
            "label_side": item.label_side or "right",
            "group": figure_group(dataset.models[item.model], item.label),
        }
        for item in figure.points
    ]
    lines = [{**result_row(dataset, item.result), "label": item.label} for item in figure.reference_lines]
    return points, lines


def figure_group(model: Model, label: str) -> str:
    """As in the paper's figure: Step-DPO models form one group; every other point is its own."""
    return method_label(model.method) if model.method == "step-dpo" else label


def gains(dataset: Dataset) -> list[dict]:
    """The gain of every Step-DPO model over its base, per benchmark and setting."""
    found = []
    for (model_id, benchmark, setting), result in dataset.result_by_key.items():
        model = dataset.models[model_id]
        if model.method != "step-dpo":
            continue
        base = dataset.result_by_key.get((model.base_model, benchmark, setting))
        if base is None:
            continue
        gain = Decimal(result.score_text) - Decimal(base.score_text)
        found.append(
            {
                "model": model_id,
                "base_model": model.base_model,
                "benchmark": benchmark,
                "setting": setting,
                "score": result.score,
                "base_score": base.score,
                "gain": gain,
            }
        )
    return found
