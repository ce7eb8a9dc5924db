"""The build, stage by stage: load → validate → build charts → render pages.

`build(data_dir)` returns every generated file as bytes, by its path under `docs/`; it writes
nothing. The command line (`build_charts.py`) writes them; the MkDocs hook serves them from memory,
and passes the same `Memo` to each rebuild, so that what an edit leaves unchanged (most charts,
the history of data/ in git) is handed back rather than made again, and a `run` that draws the
charts the edit changed side by side (`workers.Workers`).
"""

from __future__ import annotations

from pathlib import Path

from .charts.bundle import VEGA_BUNDLE, vega_bundle
from .charts.files import chart_outputs
from .charts.images import bundled_fonts
from .data.load import load_dataset
from .memo import Map, Memo
from .site import changes, datadoc, pages
from .site.downloads import download_outputs


def build(data_dir: Path, memo: Memo | None = None, run: Map = map) -> dict[str, bytes]:
    memo = memo or Memo()
    with memo.build():
        # Load inputs.
        dataset = load_dataset(data_dir)
        if revision := changes.revision(data_dir):
            history = memo.get(("history", revision), lambda: changes.history(data_dir))
        else:
            history = changes.history(data_dir)

        # Process data.
        outputs, charts = chart_outputs(dataset, memo, run)
        env = memo.get(("templates", str(pages.TEMPLATES)), pages.environment, shared=True)
        outputs.update(pages.site_pages(env, dataset, charts, history))
        outputs.update(datadoc.data_page(env, dataset))
        outputs.update(download_outputs(env, dataset, outputs))
        outputs.update(changes.change_outputs(env, dataset, history))
        outputs[VEGA_BUNDLE] = vega_bundle()

    # Save outputs: the caller's job (build_charts.py writes them, the MkDocs hook serves them).
    return outputs


def warm_up() -> None:
    """Start vl-convert now: its first drawing in a process takes 0.5–1 s, which the first edit
    under `mkdocs serve` would otherwise wait for when every image of the start was cached."""
    bundled_fonts()
