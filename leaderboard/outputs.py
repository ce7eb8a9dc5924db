"""Write the generated files under `docs/`, touching only files whose bytes changed.

A manifest remembers what the last run wrote, so a file the data no longer produces (a removed
model's page) is deleted, and hand-written files are never touched.
"""

from __future__ import annotations

from pathlib import Path

MANIFEST = ".generated-files"


def write_outputs(outputs: dict[str, bytes], docs: Path) -> list[str]:
    """Write `outputs` (path under `docs` → bytes); return the paths that changed or went away."""
    changed = []
    for relative, content in sorted(outputs.items()):
        path = docs / relative
        if path.exists() and path.read_bytes() == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        changed.append(relative)
    manifest = docs / MANIFEST
    previous = manifest.read_text(encoding="utf-8").split("\n") if manifest.exists() else []
    for relative in sorted(set(filter(None, previous)) - set(outputs)):
        (docs / relative).unlink(missing_ok=True)
        changed.append(relative)
    listing = "\n".join(sorted(outputs)) + "\n"
    if not manifest.exists() or manifest.read_text(encoding="utf-8") != listing:
        manifest.write_text(listing, encoding="utf-8")
    return changed
