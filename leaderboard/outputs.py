"""Write the generated files under `docs/`, touching only files whose bytes changed.

A manifest remembers what the last run wrote, so a file the data no longer produces (a removed
model's page) is deleted, and hand-written files are never touched. Each file is written whole:
to a hidden temporary file beside it (MkDocs skips dotfiles), then renamed, so a build killed at
any moment leaves every file either as it was or as it should be, and the next run finishes the
job and removes the temporary files left behind.
"""

from __future__ import annotations

import os
from pathlib import Path

MANIFEST = ".generated-files"
TEMPORARY = ".lb-writing-"  # the prefix of a file being written


def write_outputs(outputs: dict[str, bytes], docs: Path) -> list[str]:
    """Write `outputs` (path under `docs` → bytes); return the paths that changed or went away."""
    manifest = docs / MANIFEST
    previous = manifest.read_text(encoding="utf-8").split("\n") if manifest.exists() else []
    for left in _left_behind(docs, [*previous, *outputs]):
        left.unlink(missing_ok=True)
    changed = []
    for relative, content in sorted(outputs.items()):
        path = docs / relative
        if path.exists() and path.read_bytes() == content:
            continue
        write_whole(path, content)
        changed.append(relative)
    for relative in sorted(set(filter(None, previous)) - set(outputs)):
        (docs / relative).unlink(missing_ok=True)
        changed.append(relative)
    listing = "\n".join(sorted(outputs)) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != listing:
        write_whole(manifest, listing.encode("utf-8"))
    return changed


def write_whole(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{TEMPORARY}{os.getpid()}-{path.name}")
    tmp.write_bytes(content)
    tmp.replace(path)


def _left_behind(docs: Path, relatives: list[str]) -> list[Path]:
    """Temporary files a killed run left in the folders it writes to."""
    folders = {(docs / relative).parent for relative in relatives if relative} | {docs}
    return [path for folder in folders if folder.is_dir() for path in folder.glob(f"{TEMPORARY}*")]
