"""The build, stage by stage: load → validate → build charts → render pages.

`build(data_dir)` returns every generated file as bytes, by its path under `docs/`; it writes
nothing. The command line (`build_charts.py`) writes them; the MkDocs hook serves them from memory.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import charts, pages
from .assets import VEGA_BUNDLE, vega_bundle
from .dataset import figure_rows
from .validate import load_dataset


def build(data_dir: Path) -> dict[str, bytes]:
    # Load inputs.
    dataset = load_dataset(data_dir)

    # Process data.
    outputs: dict[str, bytes] = {}
    chart_info = {}
    for figure in dataset.figures:
        points, lines = figure_rows(dataset, figure)
        chart = charts.figure_chart(figure, points, lines)
        outputs[f"charts/{figure['id']}.vl.json"] = spec_bytes(chart.to_dict())
        chart_info[figure["id"]] = {
            "id": figure["id"],
            "description": charts.figure_description(figure, points, lines),
            "caption": charts.figure_caption(dataset, figure),
        }
    outputs.update(pages.site_pages(pages.environment(), dataset, chart_info))
    outputs[VEGA_BUNDLE] = vega_bundle()

    # Save outputs: the caller's job.
    return outputs


def spec_bytes(spec: dict) -> bytes:
    return (json.dumps(spec, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
