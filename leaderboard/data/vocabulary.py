"""The words the whole site shares, each defined once: how a list is worded, and how a gain in
a benchmark's unit is. (How each method is named and drawn is data: `data/methods.yaml`.)
"""

from __future__ import annotations


def in_words(ids: tuple[str, ...]) -> str:
    """`a, b or c`."""
    return ", ".join(ids[:-1]) + f" or {ids[-1]}" if len(ids) > 1 else "".join(ids)


PERCENT = "%"
PERCENTAGE_POINTS = "percentage points"


def difference_unit(unit: str, metric: str) -> str:
    """How a difference between two scores is worded: percentage points for a percentage, else
    the metric itself (`3 problems solved`)."""
    return PERCENTAGE_POINTS if unit == PERCENT else metric
