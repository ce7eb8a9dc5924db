"""The words and marks the whole site shares, each defined once.

- **Methods**: how a model was trained last, with the label every page, table, filter and legend
  shows, and the shape and colours every chart draws it with. The validator accepts these ids and
  the Data page lists them, in this order (the order of legends).
- **Differences in a unit**: how a gain in a benchmark's unit is worded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    id: str  # as written in `data/models.csv`
    label: str  # as shown
    shape: str  # a Vega point shape
    colour: str  # on the light scheme
    colour_dark: str  # on the dark scheme


# Okabe–Ito colours, which stay apart for the common colour-vision deficiencies, each at least
# 3:1 against its background; the shape is a second cue. Step-DPO keeps the paper's red.
# Every reader looks a method up here when it needs it, never keeping a copy.
METHODS = {
    method.id: method
    for method in (
        Method("step-dpo", "Step-DPO", "triangle-up", "#d62728", "#ff6b6b"),
        Method("sft", "SFT", "square", "#009e73", "#3ccfa0"),
        Method("instruct", "Instruct", "circle", "#0072b2", "#5fb6ee"),
        Method("rl", "RL", "diamond", "#b4508f", "#e7a0cb"),
        Method("dpo", "DPO", "triangle-down", "#6a51a3", "#b8a4e3"),
        Method("base", "Base", "cross", "#8c564b", "#d1a79d"),
        Method("other", "Other", "triangle-right", "#6b6b00", "#d6d65a"),
    )
}
METHOD_IDS = tuple(METHODS)


def method_label(method_id: str) -> str:
    return METHODS[method_id].label


def in_words(ids: tuple[str, ...]) -> str:
    """`a, b or c`."""
    return ", ".join(ids[:-1]) + f" or {ids[-1]}" if len(ids) > 1 else "".join(ids)


PERCENT = "%"
PERCENTAGE_POINTS = "percentage points"


def difference_unit(unit: str, metric: str) -> str:
    """How a difference between two scores is worded: percentage points for a percentage, else
    the metric itself (`3 problems solved`)."""
    return PERCENTAGE_POINTS if unit == PERCENT else metric
