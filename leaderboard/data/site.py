"""The site's identity alone (`data/site.yaml`), for what reads it before the rest of the data:
the MkDocs hook that names the site."""

from __future__ import annotations

from pathlib import Path

from . import validate
from .read import read_yaml
from .schema import SITE


def identity(data_dir: Path) -> tuple[str, str] | None:
    """`(name, description)` of the site, or None if `site.yaml` does not give both cleanly."""
    path = data_dir / SITE.filename
    records, problems = read_yaml(path, SITE, str(path))
    if problems or not records:
        return None
    values = validate.typed(records[0], SITE, problems).values
    if problems or not values.get("name") or not values.get("description"):
        return None
    return values["name"], values["description"]
