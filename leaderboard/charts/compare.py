"""The compare page's chart: where the models a reader picked stand among all models, per benchmark.

Every model's one score per benchmark (`headline_scores`: as first reported, else its best) is a
faint tick on its benchmark's row; the models chosen are drawn over them as points, each in its own
colour and shape (by its place in the list chosen, so that the legend reads in that order). Which
models are chosen is the param `chosen` (a list of model ids, empty at first): `compare.js` sets
it, and the spec filters by it; `dark` follows the page's scheme as on every chart.

Benchmarks count in different units (a percentage, problems solved out of 30), so the x axis is
each score's share of its benchmark's range, towards the better end; the tooltip gives the score as
printed.
"""

from __future__ import annotations

import altair as alt

from ..data.dataset import Dataset
from ..data.lookups import Lookups, headline_scores
from .specs import MUTED, finish, themed

MOST = 4  # models a reader can compare at once
# The chosen models' colours (light, dark) and shapes, by place: each stands 3:1 against Material's
# default and slate backgrounds.
SLOTS = (
    ("#1f5fb4", "#6ea8fe", "circle"),
    ("#b8410c", "#fb9a5b", "square"),
    ("#0f7a4f", "#4fd19a", "triangle-up"),
    ("#8a2db8", "#d09cf5", "diamond"),
)
ROW_HEIGHT = 56  # px per benchmark
CHOSEN = "indexof(chosen, datum.model_id) >= 0"


def compare_rows(dataset: Dataset, lookups: Lookups) -> list[dict]:
    """One row per model and benchmark: the model's headline score there, with where it stands
    (`share`: 0 at the benchmark's worst end, 1 at its best)."""
    rows = []
    for model in dataset.models.values():
        for benchmark_id, row in headline_scores(lookups.rows_by_model.get(model.id, [])).items():
            benchmark = dataset.benchmarks[benchmark_id]
            share = (row["score"] - benchmark.min) / (benchmark.max - benchmark.min)
            rows.append(
                {
                    "model_id": model.id,
                    "model": model.name,
                    "benchmark": benchmark.name,
                    "share": round(share if benchmark.higher_is_better else 1 - share, 6),
                    "score_shown": f"{row['score_shown']} ({benchmark.unit})",
                    "setting": row["setting"],
                    "rank": f"{row['rank']} of {row['of']}",
                    "source": row["source"],
                }
            )
    return rows


def compare_chart(benchmark_names: list[str], rows: list[dict]) -> alt.LayerChart:
    """Ticks for every model, points for the chosen ones, one row per benchmark."""
    y = alt.Y("benchmark:N", title=None, sort=benchmark_names, axis=alt.Axis(labelLimit=140, domain=False))
    x = alt.X(
        "share:Q",
        title="Share of the best possible score",
        scale=alt.Scale(domain=[0, 1], nice=False),
        axis=alt.Axis(format=".0%", tickCount=5),
    )
    tooltip = [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("benchmark:N", title="Benchmark"),
        alt.Tooltip("score_shown:N", title="Score"),
        alt.Tooltip("setting:N", title="Setting"),
        alt.Tooltip("rank:N", title="Rank"),
        alt.Tooltip("source:N", title="Source"),
    ]
    base = alt.Chart(alt.Data(name="scores")).encode(x=x, y=y)
    everyone = base.mark_tick(thickness=1.5, opacity=0.45).encode(
        color=alt.ColorValue(themed(*MUTED)), tooltip=tooltip
    )
    slot = alt.Scale(domain=list(range(MOST)))
    chosen = (
        base.transform_filter(CHOSEN)
        .transform_calculate(slot="indexof(chosen, datum.model_id)")
        # Out of the accessibility tree (the tables above say the same, and the arrow keys step
        # through the points): with no model chosen, Vega gives the empty layer an image's role
        # without a name.
        .mark_point(filled=True, size=120, opacity=1, aria=False)
        .encode(
            color=alt.Color(
                "slot:O",
                scale=alt.Scale(domain=slot.domain, range=[themed(light, dark) for light, dark, _ in SLOTS]),
                legend=None,  # the models chosen, listed above the chart, are its legend (compare.js)
            ),
            shape=alt.Shape(
                "slot:O", scale=alt.Scale(domain=slot.domain, range=[s for *_, s in SLOTS]), legend=None
            ),
            yOffset=alt.YOffset("slot:O", scale=slot),
            tooltip=tooltip,
        )
    )
    switches = [alt.param(name="dark", value=False), alt.param(name="chosen", value=[])]
    height = ROW_HEIGHT * max(1, len(benchmark_names))
    return finish([everyone, chosen], "Scores among all models", height, {"scores": rows}, switches)


def compare_spec(benchmark_names: list[str], rows: list[dict]) -> dict:
    """The chart's Vega-Lite spec, validated by Altair without its rows, which join it after: the
    rows are every model's, and validating 40,000 of them (10,000 models) takes 23 s."""
    spec = compare_chart(benchmark_names, []).to_dict()
    spec["datasets"] = {"scores": rows}
    return spec
