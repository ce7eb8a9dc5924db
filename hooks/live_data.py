"""MkDocs hook: the site's name from `data/site.yaml`; under `mkdocs serve`, the generated pages
built from `data/` in memory.

A thin adapter over `leaderboard.pipeline.build`: nothing is written to `docs/`, so an edit to
`data/`, `templates/` or `leaderboard/` causes exactly one rebuild, never a loop. The process keeps
what a rebuild needs from the last one: the `leaderboard` modules, imported afresh only when a file
of `leaderboard/` or `templates/` has changed (so that an edit to the code shows as an edit to the
data does), and a `Memo` of the last build's outputs by their inputs, so that an edit redraws only
the charts it changes, in worker processes side by side (`leaderboard.workers`, started afresh
with the modules); and the theme's templates as Jinja compiled them (`_TemplateCode`), so that
MkDocs, which makes a new Jinja environment for each build, does not compile them all again. MkDocs
still gets every file and renders every page, as after any edit.
Under `mkdocs build` the hook does nothing: `python build_charts.py` has written the files (that is
what `make build` runs first).
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import sys
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, file_sort_key

from leaderboard.outputs import MANIFEST

log = logging.getLogger("mkdocs.hooks.live_data")
ROOT = Path(__file__).resolve().parent.parent
CODE = ("leaderboard", "templates")  # what the generated files are made by, besides data/
_command = "build"
_code: str | None = None  # the digest of CODE when the `leaderboard` modules were imported
_memo = None  # the last builds' outputs, a leaderboard.memo.Memo of the code imported
_workers = None  # the processes drawing charts, a leaderboard.workers.Workers of the code imported


def on_startup(command: str, dirty: bool) -> None:
    global _command
    _command = command


def on_config(config):
    """The site's name and description from `data/site.yaml`: the site is configured by its data.
    Invalid data is left to the build, which reports every problem."""
    (site,) = _current("leaderboard.data.site")
    found = site.identity(ROOT / "data")
    if found:
        # Escaped once, as Markup: Material prints the name both raw and through `| e`, and
        # Markup comes out of both escaped exactly once.
        config["site_name"], config["site_description"] = (escape(text) for text in found)
    return config


def on_files(files: Files, config) -> Files:
    global _memo, _workers
    if _command != "serve":
        return files
    pipeline, errors, memo, workers = _current(
        "leaderboard.pipeline", "leaderboard.data.errors", "leaderboard.memo", "leaderboard.workers"
    )
    _memo = _memo or memo.Memo()
    _workers = _workers or workers.Workers()
    try:
        outputs = pipeline.build(ROOT / "data", _memo, _workers.map)
    except errors.DataError as error:
        for line in error.report().splitlines():
            log.error(line)
        raise Abort("data/ is invalid; fix the problems above") from None
    pipeline.warm_up()
    docs = Path(config["docs_dir"])
    stale = _previously_generated(docs)
    for file in list(files):
        if file.src_uri in outputs or file.src_uri in stale or file.src_uri == MANIFEST:
            files.remove(file)
    for path, content in outputs.items():
        files.append(File.generated(config, path, content=content))
    # In the order MkDocs lists files it finds in docs/, as under `mkdocs build`: the sitemap and
    # the search index follow it.
    files = Files(sorted(files, key=file_sort_key))
    log.info(
        "generated %d files from data/ in memory (%d outputs made, %d kept from the last build)",
        len(outputs),
        _memo.made,
        _memo.reused,
    )
    return files


class _TemplateCode(jinja2.BytecodeCache):
    """The theme's templates as Jinja compiled them, kept in memory from one rebuild to the next:
    compiling Material's templates is about a quarter of a rebuild of the real site. Jinja checks
    each against its template's source (a checksum), so an edited template is compiled afresh."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_templates = _TemplateCode()


def on_env(env: jinja2.Environment, config, files: Files) -> jinja2.Environment:
    if _command == "serve":
        env.bytecode_cache = _templates
    return env


def _current(*modules: str) -> list:
    """The modules as their source is now: when a file of `leaderboard/` or `templates/` differs
    from what was imported, every `leaderboard` module is dropped, imported again, and the memo
    of outputs made by the old code is forgotten, and its workers stopped."""
    global _code, _memo, _workers
    code = _digest(ROOT, CODE)
    if code != _code:
        if _workers is not None:
            _workers.close()
        for name in [n for n in sys.modules if n == "leaderboard" or n.startswith("leaderboard.")]:
            del sys.modules[name]
        importlib.invalidate_caches()
        _code, _memo, _workers = code, None, None
    return [importlib.import_module(name) for name in modules]


def _digest(root: Path, folders: tuple[str, ...]) -> str:
    """SHA-256 of every file under `folders` (path and bytes), bytecode aside: a few ms."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _previously_generated(docs: Path) -> set[str]:
    manifest = docs / MANIFEST
    if not manifest.exists():
        return set()
    return set(filter(None, manifest.read_text(encoding="utf-8").split("\n")))
