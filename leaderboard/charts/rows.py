"""The tidy rows each chart draws, from the dataset: points, reference lines, gain connectors.

Every row carries what a tooltip shows (model, size, score as printed, setting, source) and the
`group` (how the model was trained) that colour and shape encode.
"""

from __future__ import annotations

from ..data.dataset import Dataset, benchmark_rows, figure_rows, gains, result_row
from ..data.records import Figure
from ..data.vocabulary import method_label

# A chart stays readable, light and quick to draw however large the data: it draws at most this
# many results by size, reference lines and gain pairs (the best ones); its caption says so, and
# the page's table lists every result.
MOST_POINTS = 200
MOST_LINES = 12
MOST_PAIRS = 30


def best(rows: list[dict], limit: int, key: str = "score", higher_is_better: bool = True) -> list[dict]:
    """The `limit` best rows (ties by name), in their original order."""
    if len(rows) <= limit:
        return rows
    ranked = sorted(rows, key=lambda row: (-row[key] if higher_is_better else row[key], row["model"]))
    kept = {id(row) for row in ranked[:limit]}
    return [row for row in rows if id(row) in kept]


def figure_points(dataset: Dataset, figure: Figure) -> tuple[list[dict], list[dict]]:
    """A figure's points (grouped by training method) and its reference lines."""
    points, lines = figure_rows(dataset, figure)
    return [{**row, "group": method_label(row["method"])} for row in points], lines


def sized_and_unsized(dataset: Dataset, benchmark_id: str) -> tuple[list[dict], list[dict]]:
    """A benchmark's results: models with a known size as points, the others as labelled lines."""
    rows = [
        {**row, "group": method_label(row["method"]), "label": row["model"]}
        for row in benchmark_rows(dataset, benchmark_id)
    ]
    return [r for r in rows if r["params_b"] is not None], [r for r in rows if r["params_b"] is None]


def gain_pairs(dataset: Dataset, benchmark_id: str) -> list[dict]:
    """Each Step-DPO model with the model it was trained from, on one benchmark and setting."""
    results = dataset.result_by_key
    pairs = []
    for gain in gains(dataset):
        if gain["benchmark"] != benchmark_id:
            continue
        step = result_row(dataset, results[(gain["model"], benchmark_id, gain["setting"])])
        base = result_row(dataset, results[(gain["base_model"], benchmark_id, gain["setting"])])
        pair = step["model"] + (f" ({gain['setting']})" if gain["setting"] else "")
        pairs.append(
            {
                "pair": pair,
                "model_id": step["model_id"],
                "model": step["model"],
                "base": base["model"],
                "params_b": step["params_b"],
                "size": step["size"],
                "setting": step["setting"],
                "source": step["source"],
                "step_score": step["score"],
                "step_score_text": step["score_text"],
                "step_group": method_label("step-dpo"),
                "base_score": base["score"],
                "base_score_text": base["score_text"],
                "base_group": method_label(dataset.models[gain["base_model"]].method),
                "score_text": step["score_text"],
                "gain": float(gain["gain"]),
                "gain_text": f"{gain['gain']:+}",
            }
        )
    return sorted(pairs, key=lambda row: row["pair"])


def connectors(pairs: list[dict], points: list[dict]) -> list[dict]:
    """The gain pairs whose Step-DPO model is one of `points` (same model and setting), placed at
    that point's size; `group` is the Step-DPO model's, so the legend hides the connector too."""
    shown = {(row["model_id"], row["setting"]): row for row in points}
    return [
        {**pair, "group": shown[key]["group"], "params_b": shown[key]["params_b"]}
        for pair in pairs
        if (key := (pair["model_id"], pair["setting"])) in shown
    ]
