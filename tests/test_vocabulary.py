"""A method is defined once, in `data/methods.yaml`: its label changed there alone reaches every
page, table, legend, image and download that shows it."""

from __future__ import annotations

import csv

from utils import DATA, read_yaml, write_yaml

from leaderboard.pipeline import build

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


def test_a_method_label_changed_in_methods_yaml_shows_everywhere_and_the_old_one_nowhere(data_copy):
    before = build(DATA)
    methods = read_yaml(data_copy / "methods.yaml")
    [sft] = [method for method in methods if method["id"] == "sft"]
    old, sft["label"] = sft["label"], NEW
    write_yaml(data_copy / "methods.yaml", methods)
    after = build(data_copy)

    with (DATA / "models.csv").open(encoding="utf-8", newline="") as handle:
        sft_models = [row["id"] for row in csv.DictReader(handle) if row["method"] == "sft"]
    assert sft_models
    new = shown_in(after, NEW)
    for model in sft_models:
        assert f"models/{model}.md" in new, model
    # Every file that showed the old label shows the new one; the Data page, which shows how to
    # write the data, is built from data_copy's own files too.
    assert set(shown_in(before, old)) == set(new)
    assert shown_in(after, old) == {}
