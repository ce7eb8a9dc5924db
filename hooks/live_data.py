"""MkDocs hook: the site's name from `data/site.yaml`; under `mkdocs serve`, the generated pages
built from `data/` in memory.

A thin adapter over `leaderboard.pipeline.build`: nothing is written to `docs/`, so an edit to
`data/`, `templates/` or `leaderboard/` causes exactly one rebuild, never a loop. Each rebuild
imports the `leaderboard` package afresh, so that an edit to its code shows as an edit to the data
does. Under `mkdocs build` the hook does nothing: `python build_charts.py` has written the files
(that is what `make build` runs first).
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from markupsafe import escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from leaderboard.outputs import MANIFEST

log = logging.getLogger("mkdocs.hooks.live_data")
ROOT = Path(__file__).resolve().parent.parent
_command = "build"


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config):
    """The site's name and description from `data/site.yaml`: the site is configured by its data.
    Invalid data is left to the build, which reports every problem."""
    (site,) = _fresh("leaderboard.data.site")
    found = site.identity(ROOT / "data")
    if found:
        # Escaped once, as Markup: Material prints the name both raw and through `| e`, and
        # Markup comes out of both escaped exactly once.
        config["site_name"], config["site_description"] = (escape(text) for text in found)
    return config


def on_files(files: Files, config) -> Files:
    if _command != "serve":
        return files
    pipeline, errors = _fresh("leaderboard.pipeline", "leaderboard.data.errors")
    try:
        outputs = pipeline.build(ROOT / "data")
    except errors.DataError as error:
        for line in error.report().splitlines():
            log.error(line)
        raise Abort("data/ is invalid; fix the problems above") from None
    docs = Path(config["docs_dir"])
    stale = _previously_generated(docs)
    for file in list(files):
        if file.src_uri in outputs or file.src_uri in stale or file.src_uri == MANIFEST:
            files.remove(file)
    for path, content in outputs.items():
        files.append(File.generated(config, path, content=content))
    log.info("generated %d files from data/ in memory", len(outputs))
    return files


def _fresh(*modules: str) -> list:
    """The modules as their source is now: every `leaderboard` module is dropped and imported again."""
    for name in [n for n in sys.modules if n == "leaderboard" or n.startswith("leaderboard.")]:
        del sys.modules[name]
    return [importlib.import_module(name) for name in modules]


def _previously_generated(docs: Path) -> set[str]:
    manifest = docs / MANIFEST
    if not manifest.exists():
        return set()
    return set(filter(None, manifest.read_text(encoding="utf-8").split("\n")))
