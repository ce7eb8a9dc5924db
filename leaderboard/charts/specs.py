"""One chart, one function: each takes tidy rows and returns an Altair chart; none saves.

Colour and shape come from data columns through scales, so a new model needs a data row, not code.
Every chart shares one vocabulary:

- colour *and* shape say how a model was trained (`group`), so the chart reads without colour;
- the top-level params are its theme and overlays: `dark` (the page's colour scheme),
  `show_closed` (closed models' reference lines), `show_gains` (each trained model tied to its
  base) and `show_intervals` (each score's 95% interval as an error bar); `charts.js` sets them,
  the static images fix them;
- a click on a legend entry switches its group off, a second click on again (`shown`, a point
  selection on `group` bound to the legend, as in Altair's interactive legend example);
- hovering a model (`hover`, a selection on `model_id`) dims every other model, and a click on
  it pins it so (`pinned`, the same until another click), so that a view can name its model;
- a chart by size places its models by `x_size` (`total` parameters, or `active` ones for a
  mixture of experts, the others staying at their total) on an `x_scale` (`linear` or `log`):
  a log scale is drawn as a linear one of the sizes' logarithms, since Vega-Lite's scale type
  cannot follow a param, and the axis's title is a text mark, since its title cannot either.

The static images are drawn as a chart starts: every group shown, no model hovered or pinned,
the size axis as the chart has it at first.
"""

from __future__ import annotations

import json
import math

import altair as alt

from ..data.records import Benchmark, Figure, Method
from ..data.vocabulary import difference_unit

# Text, lines and reference lines on light and on dark (Material's default and slate schemes).
INK = ("#1f2329", "#e3e5ec")
MUTED = ("#5c6370", "#a7adba")
GRID = ("#e4e6eb", "#3a3f4c")
REFERENCE = ("#6e7480", "#9aa0ad")
FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif"
NARROW = 520  # below this plot width (px), direct labels give way to the legend and tooltips


def themed(light: str, dark: str) -> alt.ExprRef:
    """A colour that follows the `dark` param."""
    return alt.ExprRef(expr=f"dark ? '{dark}' : '{light}'")


def config() -> dict:
    """The shared look, in both colour schemes; a chart's spec carries it, so exports look the same."""
    ink, muted, grid = themed(*INK), themed(*MUTED), themed(*GRID)
    return {
        "font": FONT,
        "background": "transparent",
        "view": {"stroke": None},
        "title": {
            "color": ink,
            "fontSize": 15,
            "anchor": "start",
            "offset": 12,
            "limit": alt.ExprRef(expr="width + 30"),
        },
        "axis": {
            "labelColor": muted,
            "titleColor": ink,
            "gridColor": grid,
            "domainColor": muted,
            "tickColor": muted,
            "labelFontSize": 11,
            "titleFontSize": 12,
            "titleFontWeight": 600,
        },
        "legend": {
            "labelColor": ink,
            "titleColor": ink,
            "labelFontSize": 11,
            "symbolSize": 90,
            "unselectedOpacity": 0.3,  # a group switched off
            "fillColor": themed("rgba(255,255,255,0.85)", "rgba(30,33,41,0.85)"),
            "padding": 6,
            "cornerRadius": 4,
        },
    }


def params(intervals: bool) -> list:
    """The chart's switches, with their first values; `charts.js` changes them."""
    return [
        alt.param(name="dark", value=False),
        alt.param(name="show_closed", value=True),
        alt.param(name="show_gains", value=True),
        alt.param(name="show_intervals", value=intervals),
    ]


HOVER = alt.selection_point(
    name="hover", fields=["model_id"], on="pointerover", clear="pointerout", empty=True
)
# A click on a model pins it; a click on another pins that one, a click beside the marks none.
PINNED = alt.selection_point(name="pinned", fields=["model_id"], on="click", empty=True)
SHOWN = {"param": "shown", "empty": False}  # the groups not switched off (`shown_groups`)
# Shown in full: the model hovered; with none hovered, the model pinned, or every model.
FOCUSED = {
    "or": [
        {"param": "hover", "empty": False},
        {"and": [{"param": "hover", "empty": True}, {"param": "pinned", "empty": True}]},
    ]
}


def focus(full: float, dimmed: float) -> alt.OpacityValue:
    """An opacity: `full` for the model in focus (`FOCUSED`), `dimmed` for the others."""
    return alt.OpacityValue(condition={"test": FOCUSED, "value": full}, value=dimmed)


# The size axis's choices (`x_size`, `x_scale`): the values a view takes, with their names.
X_SIZES = {"total": "total parameters", "active": "active parameters"}
X_SCALES = {"linear": "linear", "log": "log"}


def pick(choices: dict[tuple[str, str], str]) -> str:
    """A Vega expression for the value of each (x_size, x_scale), each given as an expression."""

    def by_scale(size: str) -> str:
        return f"(x_scale === 'log' ? {choices[(size, 'log')]} : {choices[(size, 'linear')]})"

    return f"x_size === 'active' ? {by_scale('active')} : {by_scale('total')}"


def size_title(size: str, scale: str) -> str:
    """`Active parameters (B, log scale)`."""
    return f"{X_SIZES[size].capitalize()} (B{', log scale' if scale == 'log' else ''})"


# Where a row is drawn on the size axis: its size chosen, or that size's log10 on a log scale.
CHOSEN_SIZE = "(x_size === 'active' ? datum.x_active : datum.x_total)"
X_AT = {"x_at": f"x_scale === 'log' ? log({CHOSEN_SIZE}) / LN10 : {CHOSEN_SIZE}"}
X_LABEL = "(x_scale === 'log' ? round(pow(10, datum.value) * 1000) / 1000 : datum.value) + 'B'"


class SizeAxis:
    """The x axis of a chart by size, for each size and scale a reader can choose.

    Each row gets `x_total` and `x_active` (its size, active or total, times `nudge`), the
    transform `calculate` turns the one chosen into `x_at`, drawn on a linear scale (of its log10
    on a log scale), and the axis's ticks, labels, domain and title follow the choice. `ticks`
    and `domain` give them for each (size, scale); `title` the default view's title."""

    def __init__(
        self,
        rows: list[dict],
        ticks: dict[str, list[float]],
        domain,
        scale: str,
        title: str,
        near: dict[str, float],
    ):
        self.ticks, self.scale, self.default_title = ticks, scale, title
        self.domains = {(size, s): domain(ticks[size], s) for size in X_SIZES for s in X_SCALES}
        self.near = near
        self.moe = any(row.get("active_params_b") is not None for row in rows)

    @staticmethod
    def sized(row: dict, nudge: float = 1.0) -> dict:
        active = row.get("active_params_b")
        return {
            **row,
            "x_total": row["params_b"] * nudge,
            "x_active": (row["params_b"] if active is None else active) * nudge,
        }

    def params(self) -> list:
        return [alt.param(name="x_size", value="total"), alt.param(name="x_scale", value=self.scale)]

    def align(self, size: str, scale: str) -> str:
        return _tick_align(self.ticks[size], near=self.near[scale], log=scale == "log")["expr"]

    def title(self, size: str, scale: str) -> str:
        return self.default_title if (size, scale) == ("total", self.scale) else size_title(size, scale)

    def x(self) -> alt.X:
        def at(value: float, scale: str) -> float:
            return round(math.log10(value), 12) if scale == "log" else value

        every = [(size, scale) for size in X_SIZES for scale in X_SCALES]
        domain = pick({key: json.dumps([at(v, key[1]) for v in self.domains[key]]) for key in every})
        values = pick({key: json.dumps([at(v, key[1]) for v in self.ticks[key[0]]]) for key in every})
        align = pick({key: f"({self.align(*key)})" for key in every})
        titles = pick({key: json.dumps(self.title(*key)) for key in every})
        return alt.X(
            "x_at:Q",
            title=None,
            scale=alt.Scale(domain=alt.ExprRef(expr=domain), nice=False, zero=False),
            axis=alt.Axis(
                values=alt.ExprRef(expr=values),
                labelExpr=X_LABEL,
                grid=False,
                labelOverlap="greedy",
                labelAlign=alt.ExprRef(expr=align),
                description=alt.ExprRef(expr=f"'X-axis: ' + ({titles})"),
            ),
        )

    def title_layer(self) -> alt.Chart:
        """The axis's title, centred under it, naming the size and scale shown."""
        every = [(size, scale) for size in X_SIZES for scale in X_SCALES]
        titles = pick({key: json.dumps(self.title(*key)) for key in every})
        return alt.Chart().mark_text(
            text=alt.ExprRef(expr=titles),
            x=alt.ExprRef(expr="width / 2"),
            y=alt.ExprRef(expr="height + 22"),
            baseline="top",
            align="center",
            fontSize=12,
            fontWeight=600,
            color=themed(*INK),
            aria=False,
        )


def shown_groups(domain: list[str]) -> alt.Parameter:
    """The groups drawn, at first every group of the legend. Each click on a legend entry toggles
    its group (`toggle`: not only with shift). Switched all off, the selection is empty and draws
    none (`empty=False`): Vega-Lite then shows every legend entry in full."""
    return alt.selection_point(
        name="shown",
        fields=["group"],
        bind="legend",
        toggle="true",
        empty=False,
        value=[{"group": group} for group in domain],
    )


def colour_and_shape(
    groups: list[str],
    methods: list[Method],
    legend: alt.Legend | None,
    highlight: tuple[str, ...] | None = None,
) -> tuple[alt.Color, alt.Shape, alt.Parameter]:
    """Colour and shape by group (a method's label), with one legend for both, and the selection of
    the groups shown that a click on a legend entry toggles (add it to the layer whose groups it
    switches off).

    With `highlight`, draw what a paper's figure does: the highlighted methods' models in their
    shapes, every other model as a circle (colour still tells their groups apart)."""
    methods = [method for method in methods if method.label in groups]
    domain = [method.label for method in methods]
    colour = alt.Color(
        "group:N",
        title="Trained as",
        legend=legend,
        scale=alt.Scale(domain=domain, range=[themed(m.colour, m.colour_dark) for m in methods]),
    )
    shape = alt.Shape(
        "group:N",
        title="Trained as",
        legend=legend,
        scale=alt.Scale(
            domain=domain,
            range=[m.shape if highlight is None or m.id in highlight else "circle" for m in methods],
        ),
    )
    return colour, shape, shown_groups(domain)


def legend(orient: str) -> alt.Legend:
    """The legend; its entries toggle their groups (`shown_groups`), which fade when switched off."""
    return alt.Legend(
        title=None,
        orient=orient,
        # An outline that is not seen but counts in each entry's height: the rows keep their spacing
        # (Vega-Lite draws it for a legend without a selection, and leaves it out with one).
        symbolStrokeColor="transparent",
        symbolStrokeWidth=2,
        rowPadding=3,
        zindex=1,
    )


def opacity(dimmed: float = 0.2, narrow_hides: bool = False) -> alt.OpacityValue:
    """Shown in full, dimmed while another model is hovered, gone when its group is switched off
    (and, for direct labels, on a chart narrower than `NARROW`, where they would collide).

    This and `focus` return Altair's object rather than a dict: Altair finds the class of a dict
    by trying it against each candidate of Vega-Lite's schema in turn, which took 1.6 of the
    3.8 s that making every chart took."""
    hidden = {"test": {"not": SHOWN}, "value": 0}
    narrow = [{"test": f"width < {NARROW}", "value": 0}] if narrow_hides else []
    return alt.OpacityValue(condition=[hidden, *narrow, {"test": FOCUSED, "value": 1}], value=dimmed)


def tooltip(
    score_title: str, rows: list[dict], score: str = "score_shown", who: str = "model"
) -> list[alt.Tooltip]:
    """What hovering a model shows: its score with its interval (`55.8 ± 1.4`) and, where other
    sources report the same score, theirs."""
    found = [
        alt.Tooltip(f"{who}:N", title="Model"),
        alt.Tooltip("size:N", title="Size"),
        alt.Tooltip(f"{score}:N", title=score_title),
        alt.Tooltip("setting:N", title="Setting"),
        alt.Tooltip("source:N", title="Source"),
    ]
    if any(row.get("also") for row in rows):
        found.append(alt.Tooltip("also:N", title="Also reported"))
    return found


def gain_tooltip(benchmark: Benchmark) -> list[alt.Tooltip]:
    score_title = score_label(benchmark)
    gain_unit = difference_unit(benchmark.unit, benchmark.metric)
    return [
        alt.Tooltip("model:N", title="Model"),
        alt.Tooltip("method_label:N", title="Trained with"),
        alt.Tooltip("base:N", title="Trained from"),
        alt.Tooltip("base_score_shown:N", title=f"Base: {score_title}"),
        alt.Tooltip("trained_score_shown:N", title=f"Trained: {score_title}"),
        alt.Tooltip("gain_text:N", title=f"Gain ({gain_unit})"),
        alt.Tooltip("setting:N", title="Setting"),
        alt.Tooltip("source:N", title="Source"),
    ]


def figure_chart(
    figure: Figure,
    benchmark: Benchmark,
    methods: list[Method],
    highlight: tuple[str, ...],
    points: list[dict],
    lines: list[dict],
    connectors: list[dict],
) -> alt.LayerChart:
    """A source's score-by-size figure: points by model size, closed models as dashed lines, and
    each trained model tied to its base by a line from the base's score. As in the source, the
    error bars start switched off and the sizes are total parameters on a linear scale."""
    score_title = score_label(benchmark)
    points = [SizeAxis.sized(row) for row in points]
    connectors = [SizeAxis.sized(row) for row in connectors]
    ticks = {
        "total": figure.x_ticks or sorted({row["params_b"] for row in points}),
        "active": sorted({row["x_active"] for row in points}),
    }

    def domain(ticks: list[float], scale: str) -> list[float]:
        return [min(ticks) / 1.5, max(ticks) * 2.5] if scale == "log" else [0, max(ticks) * 1.4]

    axis = SizeAxis(points, ticks, domain, "linear", "Model size", near={"linear": 5, "log": 0.12})
    x = axis.x()
    y_scale = alt.Scale(domain=figure.y_domain or alt.Undefined, nice=False, zero=False)
    y = alt.Y("score:Q", scale=y_scale, axis=alt.Axis(values=_ticks(figure), title=score_title, format=".1f"))
    groups = [row["group"] for row in points]
    colour, shape, shown = colour_and_shape(groups, methods, legend("bottom-right"), highlight)
    datasets = {"points": points}
    base = alt.Chart(alt.Data(name="points")).transform_calculate(**X_AT).encode(x=x, y=y)
    marks = (
        base.mark_point(filled=True, size=110)
        .encode(color=colour, shape=shape, opacity=opacity(), tooltip=tooltip(score_title, points))
        .add_params(HOVER, PINNED, shown)
    )
    labels = [
        base.transform_filter(alt.datum.label_side == side)
        .transform_filter(SHOWN)
        .mark_text(align=align, dx=dx, fontSize=11, clip=True)
        .encode(
            text=alt.Text("label:N"),
            color=colour,
            tooltip=tooltip(score_title, points),
            opacity=opacity(0.25, narrow_hides=True),
        )
        for side, align, dx in (("right", "left", 8), ("left", "right", -8))
    ]
    layers = [
        *reference_layers(datasets, lines, y_scale, score_title, label_x=alt.XValue(7)),
        *gain_layers(datasets, connectors, x, y_scale, benchmark, methods),
        *interval_layers(base, points, methods, y_scale, score_title),
        marks,
        *labels,
        axis.title_layer(),
    ]
    return finish(layers, figure.title, 440, datasets, [*axis.params(), *params(intervals=False)])


def benchmark_chart(
    benchmark: Benchmark, methods: list[Method], points: list[dict], lines: list[dict], connectors: list[dict]
) -> alt.LayerChart:
    """Every result on one benchmark by model size (log scale at first); models of undisclosed
    size as dashed reference lines; each trained model tied to its base; each score's 95% interval."""
    score_title = score_label(benchmark)
    height = 400
    ticks = {
        "total": sorted({row["params_b"] for row in points}),
        "active": sorted({SizeAxis.sized(row)["x_active"] for row in points}),
    }

    def domain(ticks: list[float], scale: str) -> list[float]:
        if scale == "log":
            return [min(ticks) / 1.25, max(ticks) * (3 if lines else 1.6)]
        return [0, max(ticks) * (1.3 if lines else 1.08)]

    near = {"linear": 0.04 * max(ticks["total"]), "log": 0.12}
    axis = SizeAxis(points, ticks, domain, "log", size_title("total", "log"), near=near)
    x = axis.x()
    x_domain = axis.domains[("total", "log")]
    domain_y = nice_domain([row["score"] for row in points + lines], benchmark.min, benchmark.max)
    lines = dodge(lines, domain_y, height)
    y_scale = alt.Scale(domain=domain_y, nice=False, zero=False)
    y = alt.Y("score:Q", scale=y_scale, axis=alt.Axis(title=score_title, tickMinStep=1))
    labels_at_right = [{"params_b": x_domain[1] * 0.9, "score": row["label_y"]} for row in lines]
    corner = emptiest_corner(
        points + labels_at_right, [math.log(x_domain[0]), math.log(x_domain[1])], domain_y
    )
    colour, shape, shown = colour_and_shape([row["group"] for row in points], methods, legend(corner))
    # Models of one size side by side, a little apart by group, so that they do not hide each other.
    order = [method.label for method in methods]
    nudge = {group: 10 ** (0.007 * (i - (len(order) - 1) / 2)) for i, group in enumerate(order)}
    points = [SizeAxis.sized(row, nudge[row["group"]]) for row in points]
    datasets = {"points": points}
    connectors = [SizeAxis.sized(row, nudge[row["group"]]) for row in connectors]
    base = alt.Chart(alt.Data(name="points")).transform_calculate(**X_AT).encode(x=x, y=y)
    marks = (
        base.mark_point(filled=True, size=90)
        .encode(
            color=colour,
            shape=shape,
            opacity=opacity(),
            tooltip=tooltip(score_title, points),
        )
        .add_params(HOVER, PINNED, shown)
    )
    layers = [
        *reference_layers(
            datasets,
            lines,
            y_scale,
            score_title,
            label_x=alt.XValue("width"),
            align="right",
            narrow=True,
        ),
        *gain_layers(datasets, connectors, x, y_scale, benchmark, methods),
        *interval_layers(base, points, methods, y_scale, score_title),
        marks,
        axis.title_layer(),
    ]
    title = f"{benchmark.name}: {benchmark.metric} by model size"
    return finish(layers, title, height, datasets, [*axis.params(), *params(intervals=True)])


def gains_chart(
    benchmark: Benchmark, methods: list[Method], method: Method, pairs: list[dict]
) -> alt.LayerChart:
    """Each model trained with `method` beside the model it was trained from: a line from the
    base's score to the trained model's, labelled with the gain; one row per pair, its name above
    it; each score's 95% interval as an error bar."""
    score_title = score_label(benchmark)
    order = [row["pair"] for row in sorted(pairs, key=lambda row: (-row["gain"], row["pair"]))]
    ends = [
        {
            **row,
            "end": end,
            "group": row[f"{end}_group"],
            "at": row[f"{end}_score"],
            "at_text": row[f"{end}_score_text"],
            "at_shown": row[f"{end}_score_shown"],
            "low": row[f"{end}_low"],
            "high": row[f"{end}_high"],
            "who": row[end if end == "base" else "model"],
        }
        for row in pairs
        for end in ("base", "trained")
    ]
    # The domain holds every score and its interval, so that no error bar runs off the plot.
    lo = min(row["at"] if row["low"] is None else min(row["at"], row["low"]) for row in ends)
    hi = max(row["at"] if row["high"] is None else max(row["at"], row["high"]) for row in ends)
    pad = max((hi - lo) * 0.12, 0.5)
    x_scale = alt.Scale(
        domain=[max(benchmark.min, lo - pad), min(benchmark.max, hi + 2 * pad)], nice=False, zero=False
    )
    y = alt.Y("pair:N", sort=order, title=None, axis=None, scale=alt.Scale(padding=0.5))
    whole = all(float(row["at"]).is_integer() for row in ends)  # counts, such as problems solved
    x = alt.X(
        "at:Q",
        title=score_title,
        scale=x_scale,
        axis=alt.Axis(tickMinStep=1, format="d") if whole else alt.Undefined,
    )
    colour, shape, shown = colour_and_shape(sorted({row["group"] for row in ends}), methods, legend("top"))
    datasets = {"ends": ends, "pairs": pairs}
    rows = alt.Chart(alt.Data(name="ends")).encode(y=y, x=x)
    connector = rows.mark_line(strokeWidth=2.5, yOffset=6).encode(
        detail=alt.Detail("pair:N"),
        color=alt.ColorValue(themed(*MUTED)),
        tooltip=gain_tooltip(benchmark),
        opacity=focus(1, 0.25),
    )
    marks = (
        rows.mark_point(filled=True, size=110, yOffset=6)
        .encode(
            color=colour,
            shape=shape,
            opacity=opacity(),
            tooltip=tooltip(score_title, ends, score="at_shown", who="who"),
        )
        .add_params(HOVER, PINNED, shown)
    )
    # Each score's interval under its row's marks, clear of the line and of the gain's label.
    bars = (
        rows.transform_filter("show_intervals && isValid(datum.low)")
        .transform_filter(SHOWN)
        .transform_calculate(paint=paint(methods))
        .mark_rule(strokeWidth=1.5, yOffset=15, aria=False)
        .encode(
            x=alt.X("low:Q", scale=x_scale),
            x2=alt.X2("high:Q"),
            stroke=PAINTED,
            opacity=opacity(0.15),
            tooltip=tooltip(score_title, ends, score="at_shown", who="who"),
        )
    )
    per_pair = alt.Chart(alt.Data(name="pairs")).encode(y=y)
    names = per_pair.mark_text(align="left", baseline="bottom", yOffset=-4, fontSize=11, clip=True).encode(
        x=alt.XValue(0),
        text=alt.Text("pair:N"),
        color=alt.ColorValue(themed(*INK)),
        tooltip=gain_tooltip(benchmark),
    )
    # The gain beside the trained model's end, on the side away from the line: right of a rise,
    # left of a fall.
    gains = [
        per_pair.transform_filter(test)
        .mark_text(align=align, dx=dx, yOffset=6, fontSize=11, fontWeight=600, clip=True)
        .encode(
            x=alt.X("trained_score:Q", scale=x_scale),
            text=alt.Text("gain_text:N"),
            color=alt.ColorValue(themed(*INK)),
            tooltip=gain_tooltip(benchmark),
        )
        for test, align, dx in (("datum.gain >= 0", "left", 10), ("datum.gain < 0", "right", -10))
    ]
    title = f"{benchmark.name}: gain from {method.label}"
    layers = [connector, bars, marks, names, *gains]
    return finish(layers, title, 46 * len(pairs), datasets, params(intervals=True))


def reference_layers(
    datasets: dict[str, list[dict]],
    lines: list[dict],
    y_scale: alt.Scale,
    score_title: str,
    label_x,
    align: str = "left",
    narrow: bool = False,
) -> list:
    """Closed models (no size to place them by) as labelled dashed lines; `show_closed` hides them."""
    if not lines:
        return []
    rows = [{**row, "label_y": row.get("label_y", row["score"])} for row in lines]
    datasets["closed"] = rows
    reference = alt.Chart(alt.Data(name="closed")).transform_filter("show_closed")
    colour = alt.ColorValue(themed(*REFERENCE))
    rules = reference.mark_rule(strokeDash=[6, 4], strokeWidth=1.5).encode(
        y=alt.Y("score:Q", scale=y_scale),
        color=colour,
        tooltip=tooltip(score_title, rows),
        opacity=focus(1, 0.25),
    )
    shown = alt.ExprRef(expr=f"width < {NARROW} ? 0 : 1") if narrow else 1
    text = {"align": align, "baseline": "bottom", "dy": -3, "fontSize": 11, "opacity": shown, "clip": True}
    where = {"x": label_x, "y": alt.Y("label_y:Q", scale=y_scale), "text": alt.Text("label:N")}
    labels = reference.mark_text(**text).encode(**where, color=colour, tooltip=tooltip(score_title, rows))
    if not narrow:
        return [rules, labels]
    # Labels pushed apart may cross other lines: a halo in the background colour keeps them legible.
    background = themed("#ffffff", "#1e2029")
    halo = reference.mark_text(
        **text, fill=background, stroke=background, strokeWidth=4, strokeJoin="round", aria=False
    )
    return [rules, halo.encode(**where, tooltip=tooltip(score_title, rows)), labels]


# Lines and error bars take their group's colour from `paint`, not from the colour scale, and on
# the stroke (or fill) channel, not colour: a layer that shared the scale would share its legend,
# and Vega-Lite then drops the legend's binding to the `shown` selection; so does a second colour
# channel, even without a scale; and one that left the legend out would remove it from the chart.
PAINTED = alt.Stroke("paint:N", scale=None)  # lines and rules; a tick is filled (`PAINTED_FILL`)
PAINTED_FILL = alt.Fill("paint:N", scale=None)


def paint(methods: list[Method]) -> str:
    """A Vega expression for the colour of a row's group (a method's label) in the scheme shown,
    each colour written as `themed` writes it (the static images swap those for the dark ones)."""
    cases = []
    for method in methods:
        label = json.dumps(method.label, ensure_ascii=False)
        cases.append(f"datum.group === {label} ? ({themed(method.colour, method.colour_dark).expr})")
    return " : ".join([*cases, "null"])


def gain_layers(
    datasets: dict[str, list[dict]],
    connectors: list[dict],
    x: alt.X,
    y_scale: alt.Scale,
    benchmark: Benchmark,
    methods: list[Method],
) -> list:
    """Each trained model tied to its base: a line, in the trained model's colour, from the
    base's score to the trained model's point, with a tick at the base's end; `show_gains` hides
    them. Left out of the chart's accessible marks: the points and the gains table say it."""
    if not connectors:
        return []
    ends = [
        {**row, "end": end, "at": row[f"{end}_score"]} for row in connectors for end in ("base", "trained")
    ]
    datasets["gains"] = ends
    data = (
        alt.Chart(alt.Data(name="gains"))
        .transform_calculate(**X_AT)
        .transform_filter("show_gains")
        .transform_filter(SHOWN)
        .transform_calculate(paint=paint(methods))
    )
    fade = focus(0.9, 0.2)
    line = data.mark_line(strokeWidth=2, strokeDash=[3, 2], aria=False).encode(
        x=x,
        y=alt.Y("at:Q", scale=y_scale),
        detail=alt.Detail("pair:N"),
        stroke=PAINTED,
        opacity=fade,
        tooltip=gain_tooltip(benchmark),
    )
    tick = (
        data.transform_filter(alt.datum.end == "base")
        .mark_tick(thickness=2, size=12, aria=False)
        .encode(
            x=x,
            y=alt.Y("at:Q", scale=y_scale),
            fill=PAINTED_FILL,
            opacity=fade,
            tooltip=gain_tooltip(benchmark),
        )
    )
    return [line, tick]


def interval_layers(
    base: alt.Chart, points: list[dict], methods: list[Method], y_scale: alt.Scale, score_title: str
) -> list:
    """Each score's 95% interval as a vertical error bar, for scores that have one;
    `show_intervals` switches them on and off."""
    if not any(row.get("low") is not None for row in points):
        return []
    bars = (
        base.transform_filter("show_intervals && isValid(datum.low)")
        .transform_filter(SHOWN)
        .transform_calculate(paint=paint(methods))
        .mark_rule(strokeWidth=1.5, aria=False)
        .encode(
            y=alt.Y("low:Q", scale=y_scale, title=score_title),
            y2=alt.Y2("high:Q"),
            stroke=PAINTED,
            opacity=opacity(0.15),
            tooltip=tooltip(score_title, points),
        )
    )
    return [bars]


def finish(
    layers: list[alt.Chart], title: str, height: int, datasets: dict[str, list[dict]], switches: list
) -> alt.LayerChart:
    """The layers as one chart: its title, size, look and `switches` (variable params, such as
    `params`), and its rows last, as named datasets (copied once, not at every step of making it).

    All of it is set on the one chart made, in place: Altair's `add_params`, `properties` and
    `configure` each return a copy, and each copy of a layered chart copies every layer again and
    lifts their params anew (two thirds of the time making a chart took). The switches go to the
    top of the spec after the selections lifted from the layers, where `add_params` puts them."""
    chart = alt.layer(*layers)
    lifted = [] if chart.params is alt.Undefined else list(chart.params)
    chart.params = [*lifted, *(switch.param for switch in switches)]
    chart.title = title
    chart.width = "container"
    chart.height = height
    chart.autosize = alt.AutoSizeParams(type="fit-x", contains="padding")
    chart.config = alt.Config(**config())
    chart.datasets = datasets
    return chart


def score_label(benchmark: Benchmark) -> str:
    """`Accuracy (%)`, `Problems solved (of 30)`."""
    return f"{benchmark.metric[:1].upper()}{benchmark.metric[1:]} ({benchmark.unit})"


def emptiest_corner(points: list[dict], x_log_domain: list[float], y_domain: list[float]) -> str:
    """The corner of the plot with the fewest points, for the legend (a quarter-width, 40%-height box)."""

    def share(row):
        x = (math.log(row["params_b"]) - x_log_domain[0]) / (x_log_domain[1] - x_log_domain[0])
        y = (row["score"] - y_domain[0]) / (y_domain[1] - y_domain[0])
        return x, y

    boxes = {
        "bottom-right": (0.7, 1, 0, 0.4),
        "top-right": (0.7, 1, 0.6, 1),
        "top-left": (0, 0.3, 0.6, 1),
        "bottom-left": (0, 0.3, 0, 0.4),
    }
    counts = {
        corner: sum(x0 <= x <= x1 and y0 <= y <= y1 for x, y in map(share, points))
        for corner, (x0, x1, y0, y1) in boxes.items()
    }
    return min(boxes, key=lambda corner: counts[corner])


def nice_domain(values: list[float], low: float, high: float) -> list[float]:
    """The data's range, widened to round steps and a little margin, within the benchmark's bounds."""
    lo, hi = min(values), max(values)
    raw = max(hi - lo, 1) / 8
    step = min(s * 10**e for e in range(-2, 6) for s in (1, 2, 5) if s * 10**e >= raw)
    return [
        max(low, math.floor((lo - step / 2) / step) * step),
        min(high, math.ceil((hi + step / 2) / step) * step),
    ]


def dodge(lines: list[dict], domain: list[float], height: float, gap: float = 13) -> list[dict]:
    """Reference-line labels `gap` pixels apart at least, as `label_y`: pushed up from their lines,
    then down from the top of the plot if they ran over it. Too many to fit: no labels."""
    step = gap * (domain[1] - domain[0]) / height
    if len(lines) * step > 0.6 * (domain[1] - domain[0]):
        return [{**row, "label": "", "label_y": row["score"]} for row in lines]
    rows = sorted(lines, key=lambda row: row["score"])
    ys = []
    for row in rows:
        ys.append(row["score"] if not ys else max(row["score"], ys[-1] + step))
    top = domain[1] - step
    for i in reversed(range(len(ys))):
        ys[i] = min(ys[i], top if i == len(ys) - 1 else ys[i + 1] - step)
    return [{**row, "label_y": round(y, 4)} for row, y in zip(rows, ys, strict=False)]


def _tick_align(ticks: list[float], near: float = 5, log: bool = False) -> dict:
    """Push apart the labels of ticks closer than `near` (in decades on a log scale, whose ticks
    are at their sizes' log10): the left one right-aligned, the right one left-aligned."""
    ticks = sorted(ticks)
    at = {tick: round(math.log10(tick), 12) if log else tick for tick in ticks}
    cases = []
    for before, tick, after in zip([None, *ticks], ticks, [*ticks[1:], None], strict=False):
        if after is not None and at[after] - at[tick] < near:
            cases.append(f"abs(datum.value - {at[tick]}) < 1e-9 ? 'right'")
        elif before is not None and at[tick] - at[before] < near:
            cases.append(f"abs(datum.value - {at[tick]}) < 1e-9 ? 'left'")
    return {"expr": " : ".join([*cases, "'center'"])}


def _ticks(figure: Figure) -> list[float] | alt.UndefinedType:
    domain, step = figure.y_domain, figure.y_tick_step
    if not domain or not step:
        return alt.Undefined
    count = round((domain[1] - domain[0]) / step)
    return [round(domain[0] + i * step, 6) for i in range(count + 1)]
