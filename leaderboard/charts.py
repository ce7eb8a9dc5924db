"""One chart, one function: each takes tidy rows and returns an Altair chart; none saves.

Colour and shape come from data columns through scales, so a new model needs a data row, not code.
"""

from __future__ import annotations

import altair as alt

STEP_DPO_RED = "#d62728"
REFERENCE_GREY = "#7f7f7f"
# Okabe–Ito and Tableau colours that stay apart for the common colour-vision deficiencies.
PALETTE = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#8c564b",
    "#6a3d9a", "#b8860b", "#17becf", "#7f7f7f", "#1b9e77", "#bcbd22",
]

TOOLTIP = [
    alt.Tooltip("model:N", title="Model"),
    alt.Tooltip("size:N", title="Size"),
    alt.Tooltip("score_text:N", title="Accuracy (%)"),
    alt.Tooltip("setting:N", title="Setting"),
    alt.Tooltip("source:N", title="Source"),
]


def figure_chart(figure: dict, points: list[dict], lines: list[dict]) -> alt.LayerChart:
    """A source's score-by-size figure: points by model size, closed models as dashed lines."""
    x_ticks = figure.get("x_ticks") or sorted({row["params_b"] for row in points})
    x_scale = alt.Scale(domain=[0, max(x_ticks) * 1.4], nice=False)
    y_scale = alt.Scale(domain=figure.get("y_domain") or alt.Undefined, nice=False, zero=False)
    y_axis = alt.Axis(values=_ticks(figure), title="Accuracy (%)", format=".1f")
    groups = sorted({row["group"] for row in points} - {"Step-DPO"})
    colour = alt.Color(
        "group:N",
        scale=alt.Scale(domain=["Step-DPO", *groups], range=[STEP_DPO_RED, *PALETTE]),
        legend=None,
    )
    shape = alt.Shape(
        "kind:N",
        scale=alt.Scale(domain=["Step-DPO", "Other"], range=["triangle-up", "circle"]),
        legend=alt.Legend(title=None, orient="bottom-right"),
    )
    rows = [{**row, "kind": "Step-DPO" if row["group"] == "Step-DPO" else "Other"} for row in points]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("params_b:Q", title="Model size", scale=x_scale,
                axis=alt.Axis(values=x_ticks, labelExpr="datum.value + 'B'", grid=False,
                              labelOverlap=False, labelAlign=_tick_align(x_ticks))),
        y=alt.Y("score:Q", scale=y_scale, axis=y_axis),
    )
    marks = base.mark_point(filled=True, size=110, opacity=1).encode(
        color=colour, shape=shape, tooltip=TOOLTIP
    )
    labels = [
        base.transform_filter(alt.datum.label_side == side)
        .mark_text(align=align, dx=dx, fontSize=11)
        .encode(text="label:N", color=colour, tooltip=TOOLTIP)
        for side, align, dx in (("right", "left", 8), ("left", "right", -8))
    ]
    reference = alt.Chart(alt.Data(values=lines)).encode(y=alt.Y("score:Q", scale=y_scale))
    rules = reference.mark_rule(strokeDash=[6, 4], color=REFERENCE_GREY, strokeWidth=1.5).encode(
        tooltip=TOOLTIP
    )
    rule_labels = reference.mark_text(
        align="left", baseline="bottom", dy=-3, color=REFERENCE_GREY, fontSize=11
    ).encode(x=alt.datum(1), text="label:N", tooltip=TOOLTIP)
    return (
        alt.layer(rules, rule_labels, marks, *labels)
        .properties(title=figure["title"], width="container", height=440)
        .configure_view(stroke=None)
    )


def _tick_align(ticks: list[float], near: float = 5) -> dict:
    """Push apart the labels of ticks closer than `near`: the left one right-aligned, and so on."""
    ticks = sorted(ticks)
    cases = []
    for before, tick, after in zip([None, *ticks], ticks, [*ticks[1:], None]):
        if after is not None and after - tick < near:
            cases.append(f"datum.value == {tick} ? 'right'")
        elif before is not None and tick - before < near:
            cases.append(f"datum.value == {tick} ? 'left'")
    return {"expr": " : ".join([*cases, "'center'"])}


def _ticks(figure: dict) -> list[float] | alt.UndefinedType:
    domain, step = figure.get("y_domain"), figure.get("y_tick_step")
    if not domain or not step:
        return alt.Undefined
    count = int(round((domain[1] - domain[0]) / step))
    return [round(domain[0] + i * step, 6) for i in range(count + 1)]


def figure_description(figure: dict, points: list[dict], lines: list[dict]) -> str:
    """What the figure shows and its main finding, in words, from its data."""
    best = max(points, key=lambda row: row["score"])
    step_dpo = [row for row in points if row["group"] == "Step-DPO"]
    text = (
        f"{figure['title']}: scatter plot of {len(points)} models by size (billions of parameters) "
        f"against score; {len(step_dpo)} Step-DPO models drawn as red triangles. "
        f"Highest: {best['label']}, {best['score_text']} at {best['size']}."
    )
    if lines:
        closed = ", ".join(f"{row['label']} {row['score_text']}" for row in lines)
        text += f" Dashed lines mark closed models: {closed}."
    return text


def figure_caption(dataset, figure: dict) -> str:
    """Where the figure comes from, and the source's own footnote."""
    source = dataset.sources[figure["source"]]
    caption = f"{figure['locator']} of {source['title']} ({source['authors']}, {source['year']})."
    if figure.get("caption"):
        caption += f" {figure['caption']}"
    return caption
