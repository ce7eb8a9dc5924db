"""The build, stage by stage: load → validate → build charts → render pages.

`build(data_dir)` returns every generated file as bytes, by its path under `docs/`; it writes
nothing. The command line (`build_charts.py`) writes them; the MkDocs hook serves them from memory.
"""

from __future__ import annotations

from pathlib import Path

from .charts.bundle import VEGA_BUNDLE, vega_bundle
from .charts.files import chart_outputs
from .data.load import load_dataset
from .site import changes, datadoc, pages
from .site.downloads import download_outputs


def build(data_dir: Path) -> dict[str, bytes]:
    # Load inputs.
    dataset = load_dataset(data_dir)
    history = changes.history(data_dir)

    # Process data.
    outputs, charts = chart_outputs(dataset)
    env = pages.environment()
    outputs.update(pages.site_pages(env, dataset, charts, history))
    outputs.update(datadoc.data_page(env, dataset))
    outputs.update(download_outputs(env, dataset, outputs))
    outputs.update(changes.change_outputs(env, dataset, history))
    outputs[VEGA_BUNDLE] = vega_bundle()

    # Save outputs: the caller's job (build_charts.py writes them, the MkDocs hook serves them).
    return outputs
