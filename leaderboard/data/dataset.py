"""The validated dataset and the tidy rows every chart and page is built from.

Derived numbers (sizes as labels, Step-DPO gains) are computed here from the data, never typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

FIRST_REPORTED = "as first reported"


@dataclass
class Dataset:
    sources: dict[str, dict]
    benchmarks: dict[str, dict]
    models: dict[str, dict]
    results: list[dict]
    figures: list[dict]


def size_label(model: dict) -> str:
    """`7B`, `57B (14B active)`, or `undisclosed`."""
    if model.get("params_b") is None:
        return "undisclosed"
    label = f"{model['params_b_text']}B"
    if model.get("active_params_b") is not None:
        label += f" ({model['active_params_b_text']}B active)"
    return label


def source_label(dataset: Dataset, result: dict) -> str:
    """`Step-DPO, Table 1`: the work that printed the number, and where in it."""
    source = dataset.sources[result["source"]]
    return f"{short_title(source)}, {result['locator']}"


def short_title(source: dict) -> str:
    """The part of a title before its colon: `Step-DPO`."""
    return source["title"].split(":")[0].strip()


def citation(source: dict) -> str:
    """`Step-DPO: Step-wise ... (Lai et al., 2024)`."""
    return f"{source['title']} ({source['authors']}, {source['year']})"


def result_row(dataset: Dataset, result: dict) -> dict:
    """One score with everything a table row or tooltip shows about it."""
    model = dataset.models[result["model"]]
    source = dataset.sources[result["source"]]
    return {
        "model_id": model["id"],
        "model": model["name"],
        "family": model["family"],
        "method": model["method"],
        "open_weights": model.get("open_weights"),
        "params_b": model.get("params_b"),
        "size": size_label(model),
        "benchmark": result["benchmark"],
        "score": result["score"],
        "score_text": result["score_text"],
        "setting": result.get("setting") or FIRST_REPORTED,
        "source": source_label(dataset, result),
        "source_url": source.get("url"),
        "citation": citation(source),
        "note": result.get("note") or "",
    }


def benchmark_rows(dataset: Dataset, benchmark_id: str) -> list[dict]:
    """Every result on one benchmark, best first."""
    rows = [result_row(dataset, r) for r in dataset.results if r["benchmark"] == benchmark_id]
    descending = dataset.benchmarks[benchmark_id]["higher_is_better"]
    return sorted(rows, key=lambda row: (-row["score"] if descending else row["score"], row["model"]))


def figure_rows(dataset: Dataset, figure: dict) -> tuple[list[dict], list[dict]]:
    """The points and the reference lines of a figure, as tidy rows."""
    points = [
        {
            **result_row(dataset, item["_result"]),
            "label": item["label"],
            "label_side": item.get("label_side") or "right",
            "group": "Step-DPO" if dataset.models[item["model"]]["method"] == "step-dpo" else item["label"],
        }
        for item in figure["points"]
    ]
    lines = [
        {**result_row(dataset, item["_result"]), "label": item["label"]}
        for item in figure.get("reference_lines") or []
    ]
    return points, lines


def gains(dataset: Dataset) -> list[dict]:
    """The gain of every Step-DPO model over its base, per benchmark and setting."""
    scores = {(r["model"], r["benchmark"], r.get("setting") or ""): r for r in dataset.results}
    found = []
    for (model_id, benchmark, setting), result in scores.items():
        model = dataset.models[model_id]
        if model["method"] != "step-dpo":
            continue
        base = scores.get((model["base_model"], benchmark, setting))
        if base is None:
            continue
        gain = Decimal(result["score_text"]) - Decimal(base["score_text"])
        found.append(
            {
                "model": model_id,
                "base_model": model["base_model"],
                "benchmark": benchmark,
                "setting": setting,
                "score": result["score"],
                "base_score": base["score"],
                "gain": gain,
            }
        )
    return found
