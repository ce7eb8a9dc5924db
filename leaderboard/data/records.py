"""The dataset's typed records: one class per file of `data/`, each field named as in the schema.

A record carries where it was read (`origin`: the file, the line, and the line of each field), so
a later stage can still point a maintainer at the line a value came from. Numbers keep the text
they were written as (`score_text`: `55.80` stays `55.80`), because a score is shown as printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Origin:
    """Where a record was read: its file as typed by a maintainer, its line, its fields' lines."""

    path: str
    line: int
    lines: dict[str, int] = field(default_factory=dict, compare=False)

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)


@dataclass(frozen=True)
class Site:
    name: str
    title: str
    description: str
    intro: str
    work: str
    featured_figure: str | None
    highlight: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True)
class Method:
    id: str  # as written in `models.csv`
    label: str  # as shown
    shape: str  # a Vega point shape
    colour: str  # on the light scheme
    colour_dark: str  # on the dark scheme
    from_base: bool | None  # trains an existing model further: its models name their base
    origin: Origin


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    authors: tuple[str, ...]  # every author as printed, in order; one name for an organisation
    organisation: bool | None
    year: int
    venue: str | None
    url: str | None
    bibtex_key: str | None
    origin: Origin


@dataclass(frozen=True)
class Benchmark:
    id: str
    name: str
    description: str
    metric: str
    unit: str
    min: float
    min_text: str
    max: float
    max_text: str
    higher_is_better: bool
    url: str | None
    source: str
    test_set_size: int | None
    origin: Origin


@dataclass(frozen=True)
class Model:
    id: str
    name: str
    family: str
    params_b: float | None
    params_b_text: str | None
    active_params_b: float | None
    active_params_b_text: str | None
    method: str
    base_model: str | None
    open_weights: bool | None
    url: str | None
    origin: Origin


@dataclass(frozen=True)
class Result:
    model: str
    benchmark: str
    score: float
    score_text: str
    setting: str | None
    source: str
    locator: str
    note: str | None
    origin: Origin

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies a result: model, benchmark, setting (`""` as first reported), source."""
        return (self.model, self.benchmark, self.setting or "", self.source)

    @property
    def score_key(self) -> tuple[str, str, str]:
        """The score it reports, whichever source reports it: model, benchmark and setting."""
        return (self.model, self.benchmark, self.setting or "")


@dataclass(frozen=True)
class FigureItem:
    """A point or a reference line of a figure, with the result it draws."""

    model: str
    label: str
    setting: str | None
    label_side: str | None
    result: Result
    origin: Origin


@dataclass(frozen=True)
class Figure:
    id: str
    title: str
    benchmark: str
    source: str
    locator: str
    caption: str | None
    x_ticks: list[float] | None
    y_domain: list[float] | None
    y_tick_step: float | None
    y_tick_step_text: str | None
    points: tuple[FigureItem, ...]
    reference_lines: tuple[FigureItem, ...]
    origin: Origin


def record(cls: type, values: dict[str, Any], origin: Origin, **extra: Any):
    """A record of `cls` from validated values: every field the class has, `None` where absent."""
    given = {**values, **extra, "origin": origin}
    return cls(**{f.name: given.get(f.name) for f in fields(cls)})
