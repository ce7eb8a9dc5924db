"""The compare page (`compare/`): a reader picks 2 to 4 models and sees them side by side.

The page is built once, for every choice: its article lists every model as a link (what a reader
without JavaScript gets), and `compare.js` draws the comparison from `compare/compare.json`, written
here from the same ranked rows the tables show (each chosen score, with its source, setting and
rank), and the chart of `leaderboard/charts/compare.py`, compiled to Vega at build time. The models
chosen are in the address, `compare/?models=ID,ID`.
"""

from __future__ import annotations

import json

import jinja2

from ..charts.compare import MOST, SLOTS, compare_rows, compare_spec
from ..charts.files import spec_bytes, vega_bytes
from ..data.dataset import Dataset, size_label
from ..data.lookups import Lookups

PAGE = "compare/index.md"
DATA = "compare/compare.json"
SPEC = "compare/compare.vl.json"
VEGA = "compare/compare.vg.json"


def compare_data(dataset: Dataset, lookups: Lookups) -> dict:
    """What the page shows of each model, by the model's id; links relative to the site's root."""
    models = []
    for model in dataset.models.values():
        models.append(
            {
                "id": model.id,
                "name": model.name,
                "family": model.family,
                "method": dataset.method_label(model.method),
                "size": size_label(model),
                "base": model.base_model if model.base_model in dataset.models else None,
                "derived": list(lookups.trained_from_it.get(model.id, [])),
                "scores": [score(row) for row in lookups.rows_by_model.get(model.id, [])],
            }
        )
    return {
        "most": MOST,
        # How the chart draws each model chosen, by place: the page's legend draws them the same.
        "slots": [{"light": light, "dark": dark, "shape": shape} for light, dark, shape in SLOTS],
        "benchmarks": [{"id": b.id, "name": b.name, "unit": b.unit} for b in dataset.benchmarks.values()],
        "models": models,
    }


def score(row: dict) -> dict:
    return {
        "benchmark": row["benchmark"],
        "setting": row["setting"],
        "score_text": row["score_text"],
        "plus_minus": row["plus_minus"],
        "rank": row["rank"],
        "of": row["of"],
        "source": row["source"],
        "source_url": row["source_url"],
        "note": row["note"],
        "also": [also["text"] for also in row["also"]],
    }


def compare_outputs(env: jinja2.Environment, dataset: Dataset, lookups: Lookups, render) -> dict[str, bytes]:
    """The page, its data and its chart (Vega-Lite spec and the Vega it compiles to)."""
    spec = compare_spec([b.name for b in dataset.benchmarks.values()], compare_rows(dataset, lookups))
    spec["description"] = (
        "Each model's score per benchmark as a faint tick, as a share of the benchmark's range; "
        "the models chosen are drawn as points in their own colour and shape."
    )
    data = json.dumps(compare_data(dataset, lookups), ensure_ascii=False, separators=(",", ":"))
    page = render(
        env,
        "compare.md.j2",
        PAGE,
        dataset=dataset,
        models=list(dataset.models.values()),
        most=MOST,
        files={"data": DATA, "spec": SPEC, "vega": VEGA},
    )
    return {
        PAGE: page,
        DATA: (data + "\n").encode("utf-8"),
        SPEC: spec_bytes(spec),
        VEGA: vega_bytes(spec, "compare"),
    }
