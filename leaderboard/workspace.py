"""A copy of the project to build the site in, for tests and benchmarks: builds there never touch
the working tree, nor each other."""

from __future__ import annotations

import shutil
from pathlib import Path

from .outputs import MANIFEST

ROOT = Path(__file__).resolve().parent.parent


def project_copy(destination: Path) -> Path:
    """What MkDocs reads (mkdocs.yml, hooks/, the hand-written docs/), without generated files."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", destination / "mkdocs.yml")
    shutil.copytree(ROOT / "hooks", destination / "hooks", ignore=shutil.ignore_patterns("__pycache__"))
    manifest = ROOT / "docs" / MANIFEST
    generated = set(manifest.read_text(encoding="utf-8").split("\n")) if manifest.exists() else set()
    for path in (ROOT / "docs").rglob("*"):
        relative = path.relative_to(ROOT / "docs").as_posix()
        if path.is_file() and relative not in generated and relative != MANIFEST:
            target = destination / "docs" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    return destination


def link_sources(project: Path, data: Path) -> None:
    """Link `data` and the real templates/ and leaderboard/ into a project copy (MkDocs watches them)."""
    for name, target in (
        ("data", data),
        ("templates", ROOT / "templates"),
        ("leaderboard", ROOT / "leaderboard"),
    ):
        (project / name).symlink_to(target, target_is_directory=True)
