"""The tidy rows each chart draws, from the dataset: points, reference lines, gain connectors.

Every row carries what a tooltip shows (model, size, score as printed, setting, source) and the
`group` (how the model was trained) that colour and shape encode.
"""

from __future__ import annotations

from ..data.dataset import Dataset, also_text, benchmark_rows, figure_rows, gains, result_row
from ..data.records import Figure

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
    return (
        [{**tipped(row), "group": row["method_label"], **active(dataset, row)} for row in points],
        [tipped(row) for row in lines],
    )


def active(dataset: Dataset, row: dict) -> dict:
    """The model's active parameters (billions; a mixture of experts'), None for a dense model:
    the charts by size can place models by them."""
    return {"active_params_b": dataset.models[row["model_id"]].active_params_b}


def tipped(row: dict) -> dict:
    """A row as a chart draws it: the other sources' reports in one line for the tooltip, and
    without the fields only tables read."""
    drawn = {name: value for name, value in row.items() if name not in ("also", "citation", "chosen")}
    return {**drawn, "also": also_text(row)}


def sized_and_unsized(dataset: Dataset, benchmark_id: str) -> tuple[list[dict], list[dict]]:
    """A benchmark's results: models with a known size as points, the others as labelled lines."""
    rows = [
        {**tipped(row), "group": row["method_label"], "label": row["model"], **active(dataset, row)}
        for row in benchmark_rows(dataset, benchmark_id)
    ]
    return [r for r in rows if r["params_b"] is not None], [r for r in rows if r["params_b"] is None]


def gain_pairs(dataset: Dataset, benchmark_id: str, method: str | None = None) -> list[dict]:
    """Each model trained from a base (of `method`, or of any) with its base, on one benchmark and
    setting, from the scores charts draw."""
    pairs = []
    for gain in gains(dataset):
        if gain["benchmark"] != benchmark_id or method not in (None, gain["method"]):
            continue
        trained = result_row(dataset, dataset.chosen[(gain["model"], benchmark_id, gain["setting"])])
        base = result_row(dataset, dataset.chosen[(gain["base_model"], benchmark_id, gain["setting"])])
        pair = trained["model"] + (f" ({gain['setting']})" if gain["setting"] else "")
        pairs.append(
            {
                "pair": pair,
                "model_id": trained["model_id"],
                "model": trained["model"],
                "method_label": trained["method_label"],
                "base": base["model"],
                "params_b": trained["params_b"],
                "size": trained["size"],
                "setting": trained["setting"],
                "source": trained["source"],
                "trained_score": trained["score"],
                "trained_score_text": trained["score_text"],
                "trained_score_shown": trained["score_shown"],
                "trained_low": trained["low"],
                "trained_high": trained["high"],
                "trained_group": trained["method_label"],
                "base_score": base["score"],
                "base_score_text": base["score_text"],
                "base_score_shown": base["score_shown"],
                "base_low": base["low"],
                "base_high": base["high"],
                "base_group": base["method_label"],
                "score_text": trained["score_text"],
                "gain": float(gain["gain"]),
                "gain_text": f"{gain['gain']:+}",
                "within_noise": gain["within_noise"],
            }
        )
    return sorted(pairs, key=lambda row: row["pair"])


def connectors(pairs: list[dict], points: list[dict]) -> list[dict]:
    """The gain pairs whose trained model is one of `points` (same model and setting), placed at
    that point's size; `group` is the trained model's, so the legend hides the connector too."""
    shown = {(row["model_id"], row["setting"]): row for row in points}
    return [
        {
            **pair,
            "group": shown[key]["group"],
            "params_b": shown[key]["params_b"],
            "active_params_b": shown[key]["active_params_b"],
        }
        for pair in pairs
        if (key := (pair["model_id"], pair["setting"])) in shown
    ]
