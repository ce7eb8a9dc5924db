"""Which charts the site has, and their files: a Vega-Lite spec per chart, with a description.

`chart_outputs(dataset)` returns the files (path under `docs/` → bytes) and, per chart id, what
pages need to embed it: `{"id", "benchmark", "kind", "description", "caption"}`.
"""

from __future__ import annotations

import json

from . import charts
from .dataset import Dataset, figure_rows


def chart_outputs(dataset: Dataset) -> tuple[dict[str, bytes], dict[str, dict]]:
    outputs: dict[str, bytes] = {}
    info: dict[str, dict] = {}
    for figure in dataset.figures:
        points, lines = figure_rows(dataset, figure)
        chart = charts.figure_chart(figure, points, lines)
        outputs[f"charts/{figure['id']}.vl.json"] = spec_bytes(chart.to_dict())
        info[figure["id"]] = {
            "id": figure["id"],
            "benchmark": figure["benchmark"],
            "kind": "figure",
            "description": charts.figure_description(figure, points, lines),
            "caption": charts.figure_caption(dataset, figure),
        }
    return outputs, info


def spec_bytes(spec: dict) -> bytes:
    return (json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
