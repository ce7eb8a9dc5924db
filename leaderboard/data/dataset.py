"""The validated dataset and the tidy rows every chart and page is built from.

Derived numbers (sizes as labels, gains over a base, the uncertainty of a score, which of several
reported scores a chart draws) are computed here from the data, never typed.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from .records import Benchmark, Figure, Method, Model, Result, Site, Source
from .vocabulary import in_words

FIRST_REPORTED = "as first reported"
# A score, its benchmark and its setting: what a chart draws one point for.
ScoreKey = tuple[str, str, str]


@dataclass
class Dataset:
    """Every record of `data/`, validated; results are indexed once, by `Result.key`, and the
    result each chart draws for a model, benchmark and setting is chosen once (`chosen`)."""

    site: Site
    methods: dict[str, Method]
    sources: dict[str, Source]
    benchmarks: dict[str, Benchmark]
    models: dict[str, Model]
    results: list[Result]
    figures: list[Figure]
    result_by_key: dict[tuple[str, str, str, str], Result] = field(init=False, repr=False)
    results_by_benchmark: dict[str, list[Result]] = field(init=False, repr=False)
    chosen: dict[ScoreKey, Result] = field(init=False, repr=False)
    _source_order: dict[str, int] = field(init=False, repr=False)
    also_reported: dict[ScoreKey, list[Result]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._source_order = {source_id: index for index, source_id in enumerate(self.sources)}
        self.result_by_key = {result.key: result for result in self.results}
        self.results_by_benchmark = defaultdict(list)
        reported: dict[ScoreKey, list[Result]] = defaultdict(list)
        for result in self.results:
            self.results_by_benchmark[result.benchmark].append(result)
            reported[result.score_key].append(result)
        self.chosen, self.also_reported = {}, {}
        for key, found in reported.items():
            first, *others = sorted(found, key=self.preference)
            self.chosen[key] = first
            self.also_reported[key] = others

    def preference(self, result: Result) -> tuple:
        """The rule that picks, of several sources reporting one score, the one charts draw and
        findings use: the site's `work` first, then the most recent source, then the source
        listed first in `sources.yaml`."""
        source = self.sources[result.source]
        return (result.source != self.site.work, -source.year, self._source_order[result.source])

    def method_label(self, method_id: str) -> str:
        return self.methods[method_id].label

    def highlighted(self, model: Model) -> bool:
        """Whether the model's method is one the site highlights (`highlight` in `site.yaml`)."""
        return model.method in self.site.highlight

    @property
    def highlight_label(self) -> str:
        """`DPO`, or `DPO or KTO`: the highlighted methods in words."""
        return in_words(tuple(self.method_label(method) for method in self.site.highlight))

    @property
    def featured_figure(self) -> Figure | None:
        return next((f for f in self.figures if f.id == self.site.featured_figure), None)


# The confidence of the intervals shown beside scores, and its z value.
CONFIDENCE = 0.95
Z = 1.959963984540054


def interval(benchmark: Benchmark, score: float) -> tuple[float, float] | None:
    """The 95% Wilson score interval of a score, in the benchmark's unit, or None without a
    `test_set_size`. The score is read as the share of the test set solved, `(score - min) /
    (max - min)`, from `n = test_set_size` problems:

        centre = (p + z²/2n) / (1 + z²/n),  half = z / (1 + z²/n) · √(p(1 - p)/n + z²/4n²)
    """
    n = benchmark.test_set_size
    if not n:
        return None
    span = benchmark.max - benchmark.min
    p = min(max((score - benchmark.min) / span, 0.0), 1.0)
    denominator = 1 + Z * Z / n
    centre = (p + Z * Z / (2 * n)) / denominator
    half = Z / denominator * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return benchmark.min + (centre - half) * span, benchmark.min + (centre + half) * span


def half_width(benchmark: Benchmark, score: float) -> float | None:
    """Half the width of the score's interval: what `± 1.4` says."""
    found = interval(benchmark, score)
    return None if found is None else (found[1] - found[0]) / 2


def decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def plus_minus(benchmark: Benchmark, score: float, score_text: str) -> str:
    """`± 1.4`: the half-width, to the score's decimals and at least one; empty without a size."""
    half = half_width(benchmark, score)
    if half is None:
        return ""
    return f"± {half:.{max(1, decimals(score_text))}f}"


def size_label(model: Model) -> str:
    """`7B`, `57B (14B active)`, or `undisclosed`."""
    if model.params_b is None:
        return "undisclosed"
    label = f"{model.params_b_text}B"
    if model.active_params_b is not None:
        label += f" ({model.active_params_b_text}B active)"
    return label


def source_label(dataset: Dataset, result: Result) -> str:
    """`My Paper, Table 1`: the work that printed the number, and where in it."""
    return f"{short_title(dataset.sources[result.source])}, {result.locator}"


def short_title(source: Source) -> str:
    """The part of a title before its colon: `My Paper` of `My Paper: A Study`."""
    return source.title.split(":")[0].strip()


def citation(source: Source) -> str:
    """`My Paper: A Study (Lovelace et al., 2024)`."""
    return f"{source.title} ({author_year(source)})"


def author_year(source: Source) -> str:
    """`Lovelace et al., 2024`: how pages cite a work in running text."""
    return f"{short_authors(source)}, {source.year}"


def short_authors(source: Source) -> str:
    """The authors as a page cites them: `Lovelace`, `Lovelace and Turing`, `Lovelace et al.`; an
    organisation whole.

    Every page, caption and table that names a work's authors reads them through this function.
    """
    if source.organisation:
        return source.authors[0]
    names = [surname(name) for name in source.authors]
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} et al."


def all_authors(source: Source) -> str:
    """Every author, in order, joined by `; ` (the Downloads table's `source_authors`)."""
    return "; ".join(source.authors)


SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def surname(name: str) -> str:
    """The family name of a name printed given name first: its last word (`Y. K. Li` → `Li`),
    or the word before a suffix such as `Jr.`."""
    words = name.split()
    while len(words) > 1 and words[-1].lower() in SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def result_row(dataset: Dataset, result: Result) -> dict:
    """One score with everything a table row or tooltip shows about it, and the other sources
    that report the same score (`also`: "also reported: 56.5 in Qwen2, Table 3; +0.7")."""
    model = dataset.models[result.model]
    source = dataset.sources[result.source]
    benchmark = dataset.benchmarks[result.benchmark]
    bounds = interval(benchmark, result.score)
    spread = plus_minus(benchmark, result.score, result.score_text)
    chosen = dataset.chosen[result.score_key]
    others = [r for r in (chosen, *dataset.also_reported[result.score_key]) if r is not result]
    return {
        "model_id": model.id,
        "model": model.name,
        "family": model.family,
        "method": model.method,
        "method_label": dataset.method_label(model.method),
        "open_weights": model.open_weights,
        "params_b": model.params_b,
        "size": size_label(model),
        "benchmark": result.benchmark,
        "score": result.score,
        "score_text": result.score_text,
        "plus_minus": spread,
        "score_shown": f"{result.score_text} {spread}" if spread else result.score_text,
        "low": None if bounds is None else round(bounds[0], 4),
        "high": None if bounds is None else round(bounds[1], 4),
        "setting": result.setting or FIRST_REPORTED,
        "source_id": result.source,
        "source": source_label(dataset, result),
        "source_url": source.url,
        "citation": citation(source),
        "note": result.note or "",
        "chosen": chosen is result,
        "also": [also_row(dataset, other, result) for other in others],
    }


def also_row(dataset: Dataset, other: Result, result: Result) -> dict:
    """Another source's report of the same score, with its difference from `result`."""
    difference = Decimal(other.score_text) - Decimal(result.score_text)
    return {
        "score_text": other.score_text,
        "source": source_label(dataset, other),
        "source_url": dataset.sources[other.source].url,
        "difference": difference,
        "text": f"{other.score_text} in {source_label(dataset, other)}; {difference:+}",
    }


def also_text(row: dict) -> str:
    """`also reported: 56.5 in Qwen2, Table 3; +0.7`, or empty: the tooltips' line."""
    return "; ".join(f"also reported: {also['text']}" for also in row["also"])


def benchmark_rows(dataset: Dataset, benchmark_id: str) -> list[dict]:
    """Each chosen score on one benchmark (one per model and setting), best first; the other
    sources' reports of it are in its `also`."""
    rows = [
        result_row(dataset, r)
        for r in dataset.results_by_benchmark.get(benchmark_id, [])
        if dataset.chosen[r.score_key] is r
    ]
    descending = dataset.benchmarks[benchmark_id].higher_is_better
    return sorted(rows, key=lambda row: (-row["score"] if descending else row["score"], row["model"]))


def figure_rows(dataset: Dataset, figure: Figure) -> tuple[list[dict], list[dict]]:
    """The points and the reference lines of a figure, as tidy rows."""
    points = [
        {
            **result_row(dataset, item.result),
            "label": item.label,
            "label_side": item.label_side or "right",
            "group": figure_group(dataset, dataset.models[item.model], item.label),
        }
        for item in figure.points
    ]
    lines = [{**result_row(dataset, item.result), "label": item.label} for item in figure.reference_lines]
    return points, lines


def figure_group(dataset: Dataset, model: Model, label: str) -> str:
    """As in the paper's figure: highlighted models form one group per method; every other point
    is its own."""
    return dataset.method_label(model.method) if dataset.highlighted(model) else label


def gains(dataset: Dataset) -> list[dict]:
    """The gain of every model that names a `base_model` over that base, per benchmark and
    setting, from the chosen scores of both."""
    found = []
    for (model_id, benchmark, setting), result in dataset.chosen.items():
        model = dataset.models[model_id]
        if not model.base_model:
            continue
        base = dataset.chosen.get((model.base_model, benchmark, setting))
        if base is None:
            continue
        gain = Decimal(result.score_text) - Decimal(base.score_text)
        found.append(
            {
                "model": model_id,
                "method": model.method,
                "base_model": model.base_model,
                "benchmark": benchmark,
                "setting": setting,
                "score": result.score,
                "base_score": base.score,
                "gain": gain,
                "within_noise": within_noise(gain, dataset.benchmarks[benchmark], result.score, base.score),
            }
        )
    return found


def within_noise(gain: Decimal, benchmark: Benchmark, score: float, base_score: float) -> bool:
    """Whether a gain is smaller than its 95% interval's half-width: the two scores' half-widths
    combined as if independent, √(h₁² + h₂²). Never without a `test_set_size`."""
    first, second = half_width(benchmark, score), half_width(benchmark, base_score)
    if first is None or second is None:
        return False
    return abs(gain) < math.hypot(first, second)
