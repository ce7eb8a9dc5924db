"""Each chart in words, from its data: what it shows and its main finding.

The description is the chart's accessible name and its static image's alt text; the caption
says where the numbers come from.
"""

from __future__ import annotations

from ..data.dataset import Dataset, citation
from ..data.records import Benchmark, Figure, Result, Source
from ..data.vocabulary import difference_unit

# How a point's shape is named in a sentence, in the plural.
SHAPE_WORDS = {"circle": "circles", "square": "squares", "cross": "crosses", "diamond": "diamonds"}


def figure_description(dataset: Dataset, figure: Figure, points: list[dict], lines: list[dict]) -> str:
    best = max(points, key=lambda row: row["score"])
    text = f"{figure.title}: {len(points)} models by size (billions of parameters) against score"
    for method_id in dataset.site.highlight:
        method = dataset.methods[method_id]
        count = sum(row["method"] == method_id for row in points)
        shape = SHAPE_WORDS.get(method.shape, "triangles")
        text += f"; {count} {method.label} {'model' if count == 1 else 'models'} drawn as {shape}"
    text += f". Highest: {best['label']}, {best['score_text']} at {best['size']}."
    if lines:
        closed = ", ".join(f"{row['label']} {row['score_text']}" for row in lines)
        text += f" Dashed lines mark closed models: {closed}."
    return text


def benchmark_description(benchmark: Benchmark, points: list[dict], lines: list[dict], unit: str) -> str:
    rows = points + lines
    best = max(rows, key=lambda row: row["score"])
    best_open = max(points, key=lambda row: row["score"]) if points else None
    text = (
        f"{benchmark.name}, {benchmark.metric} ({unit}) of {len(rows)} results: "
        f"{len(points)} models by size, {len(lines)} of undisclosed size as dashed lines. "
        f"Highest: {best['model']}, {best['score_text']}."
    )
    if best_open and best_open is not best:
        text += (
            f" Highest of known size: {best_open['model']} ({best_open['size']}), {best_open['score_text']}."
        )
    return text


def gains_description(benchmark: Benchmark, method_label: str, pairs: list[dict]) -> str:
    better = [row for row in pairs if row["gain"] > 0]
    biggest = max(pairs, key=lambda row: row["gain"])
    smallest = min(pairs, key=lambda row: row["gain"])
    unit = difference_unit(benchmark.unit, benchmark.metric)
    return (
        f"{benchmark.name}: {method_label} raised the score of {len(better)} of the {len(pairs)} models "
        f"it was applied to; the change ranged from {smallest['gain_text']} ({smallest['pair']}) "
        f"to {biggest['gain_text']} ({biggest['pair']}) {unit}."
    )


def limit_note(shown: list[dict], every: list[dict], what: str) -> str:
    """` The chart draws the best 200 of 15,477 results; the table lists them all.` or nothing."""
    if len(shown) == len(every):
        return ""
    return f" The chart draws the best {len(shown):,} of {len(every):,} {what}; the table lists them all."


def source_caption(dataset: Dataset, results: list[Result]) -> str:
    """`Table 1 of My Paper: A Study (Lovelace et al., 2024).`: each source with its own locators."""
    locators: dict[str, set[str]] = {}
    for result in results:
        locators.setdefault(result.source, set()).add(result.locator)
    return "; ".join(credit(dataset.sources[s], locators[s]) for s in sorted(locators)) + "."


def credit(source: Source, locators: set[str]) -> str:
    """`Table 1, Table 2 of My Paper: A Study (Lovelace et al., 2024)`."""
    return f"{', '.join(sorted(locators))} of {citation(source)}"


def figure_caption(dataset: Dataset, figure: Figure) -> str:
    """Where the figure comes from, and the source's own footnote."""
    caption = credit(dataset.sources[figure.source], {figure.locator}) + "."
    if figure.caption:
        caption += f" {figure.caption}"
    return caption
