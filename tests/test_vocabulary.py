"""The site's vocabulary is defined once: a method's label changed in `data/vocabulary.py` alone
reaches every page, table, legend, image and download that shows it."""

from __future__ import annotations

import csv
import dataclasses

from utils import DATA

from leaderboard.data import vocabulary
from leaderboard.pipeline import build

OLD = vocabulary.METHODS["sft"].label
NEW = "Supervised fine-tuning"
# How a method's label is written where it is shown: a table cell, a model page's fact, a derived
# model's "(label)", a legend's text in an image, a JSON string (specs, downloads), a CSV cell.
SHOWN_AS = ('<td class="lb-nowrap">{}</td>', "</strong> {}</li>", "({})</li>", ">{}<", '"{}"', ",{},")


def shown_in(outputs: dict[str, bytes], label: str) -> dict[str, list[str]]:
    """Each generated file that shows `label`, with the ways it shows it."""
    found: dict[str, list[str]] = {}
    for path, content in outputs.items():
        text = content.decode("utf-8", "replace")
        ways = [way for way in SHOWN_AS if way.format(label) in text]
        if ways:
            found[path] = ways
    return found


def test_a_method_label_changed_in_the_vocabulary_shows_everywhere_and_the_old_one_nowhere(monkeypatch):
    before = build(DATA)
    renamed = dataclasses.replace(vocabulary.METHODS["sft"], label=NEW)
    monkeypatch.setitem(vocabulary.METHODS, "sft", renamed)
    after = build(DATA)

    with (DATA / "models.csv").open(encoding="utf-8", newline="") as handle:
        sft_models = [row["id"] for row in csv.DictReader(handle) if row["method"] == "sft"]
    assert sft_models
    new = shown_in(after, NEW)
    for model in sft_models:
        assert f"models/{model}.md" in new, model
    assert set(shown_in(before, OLD)) == set(new)  # every file that showed the old label
    assert shown_in(after, OLD) == {}
