"""Every chart spec validates against Vega-Lite's schema, round-trips through JSON, and holds
exactly the rows it should; every chart has its static images, downloads and description."""

from __future__ import annotations

import colorsys
import csv
import io
import json
import os
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import altair as alt
import jsonschema
import paper
import pytest
import vl_convert
import yaml
from utils import ROOT, dataset

from leaderboard.charts import images as chart_images
from leaderboard.charts import rows as chart_rows
from leaderboard.charts import specs as charts
from leaderboard.charts.bundle import unbundled
from leaderboard.charts.files import chart_outputs, chart_plans, download_names, vega_bytes
from leaderboard.data.load import load_dataset
from leaderboard.data.records import Result

SCHEMA = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"
HEADLINE = "charts/math-by-size.vl.json"
WHITE, SLATE = "#ffffff", "#1e2029"  # Material's default and slate backgrounds

STEP_DPO = dataset().methods["step-dpo"]


@cache
def built() -> tuple[dict[str, bytes], dict[str, dict]]:
    return chart_outputs(dataset())


def chart_files(chart_id: str) -> tuple[dict[str, bytes], dict]:
    """A chart's built files (their bytes, by kind) and its Vega-Lite spec."""
    outputs, info = built()
    files = {kind: outputs[path] for kind, path in info[chart_id]["files"].items()}
    return files, json.loads(files["spec"])


def chart_specs() -> dict[str, dict]:
    return {path: json.loads(content) for path, content in built()[0].items() if path.endswith(".vl.json")}


def chart_info() -> dict[str, dict]:
    return built()[1]


def layers(spec: dict, mark: str) -> list[dict]:
    """The layers drawn with `mark`, but for the scores' error bars (see `draws_intervals`)."""
    return [layer for layer in spec["layer"] if mark_type(layer) == mark and not draws_intervals(layer)]


def mark_type(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def layer_values(spec: dict, mark: str) -> list[dict]:
    """The data rows of every layer drawn with `mark`."""
    return [row for layer in layers(spec, mark) for row in rows_of(spec, layer)]


def rows_of(spec: dict, layer: dict) -> list[dict]:
    """A layer's rows: inline, or the named dataset it points to."""
    data = layer["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


def results(benchmark: str) -> list[Result]:
    return dataset().results_by_benchmark[benchmark]


def sized(result: Result, data=None) -> bool:
    return (data or dataset()).models[result.model].params_b is not None


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_every_chart_spec_validates_against_the_vega_lite_schema(path):
    spec = chart_specs()[path]
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(spec, schema, cls=jsonschema.Draft7Validator)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v6")


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_every_chart_spec_round_trips_through_altair_unchanged(path):
    spec = chart_specs()[path]
    assert alt.LayerChart.from_dict(spec).to_dict() == spec


def test_every_benchmark_has_a_chart_by_size_and_every_benchmark_with_step_dpo_pairs_a_gains_chart():
    info = chart_info()
    for benchmark in dataset().benchmarks:
        assert info[f"{benchmark}-scores-by-size"]["benchmark"] == benchmark
        has_pairs = any(dataset().models[r.model].method == "step-dpo" for r in results(benchmark))
        assert (f"{benchmark}-step-dpo-gains" in info) == has_pairs


def test_the_headline_chart_holds_exactly_the_points_and_lines_of_figure_1():
    spec = chart_specs()[HEADLINE]
    points = layer_values(spec, "point")
    lines = layer_values(spec, "rule")
    assert sorted((p["label"], p["params_b"], p["score_text"]) for p in points) == sorted(
        paper.figure1_points()
    )
    assert sorted((r["label"], r["score_text"]) for r in lines) == sorted(paper.figure1_closed_lines())
    assert {p["score"] for p in points} == {float(s) for _, _, s in paper.figure1_points()}


def test_the_headline_chart_is_titled_and_labelled_as_in_the_paper():
    """As its static image draws it, and as a view starts: total parameters on a linear scale."""
    files, spec = chart_files("math-by-size")
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", files["svg"].decode("utf-8"))
    assert spec["title"] == paper.figure1_title()
    assert "Model size" in texts and "Accuracy (%)" in texts
    assert [t for t in texts if re.fullmatch(r"\d+B", t)] == [
        f"{tick:g}B" for tick in paper.figure1_x_ticks()
    ]
    first = {param["name"]: param.get("value") for param in spec["params"]}
    assert (first["x_size"], first["x_scale"]) == ("total", "linear")


def printed_gain(model_name: str, benchmark: str) -> str | None:
    """The gain the paper prints for a Step-DPO model, matched by name (marks such as ‡ dropped)."""
    for row, column, gain in paper.printed_gains():
        if re.sub(r"[†‡\s]", "", row) == re.sub(r"\s", "", model_name) and column == benchmark:
            return gain
    return None


def test_each_step_dpo_point_of_the_headline_is_tied_to_its_base_with_the_printed_gain():
    spec = chart_specs()[HEADLINE]
    step_points = [p for p in layer_values(spec, "point") if p["method"] == "step-dpo"]
    connectors = rows_of(spec, layers(spec, "line")[0])
    pairs = {row["pair"]: row for row in connectors}
    assert {(row["model_id"], row["setting"]) for row in pairs.values()} == {
        (p["model_id"], p["setting"]) for p in step_points
    }
    for row in pairs.values():
        assert row["gain_text"] == printed_gain(row["model"], "math")
        assert sorted(end["end"] for end in connectors if end["pair"] == row["pair"]) == ["base", "trained"]


def test_the_headline_keeps_a_rule_per_closed_model_and_draws_the_gains_with_lines_and_ticks():
    spec = chart_specs()[HEADLINE]
    assert len(layer_values(spec, "rule")) == len(paper.figure1_closed_lines())
    assert {mark_type(layer) for layer in spec["layer"]} == {"rule", "text", "line", "tick", "point"}


@pytest.mark.parametrize("benchmark", sorted(dataset().benchmarks))
def test_a_benchmark_chart_holds_every_result_sized_models_as_points_the_others_as_lines(benchmark):
    spec = chart_specs()[f"charts/{benchmark}-scores-by-size.vl.json"]
    expected_points = sorted((r.model, r.score_text, r.setting or "") for r in results(benchmark) if sized(r))
    expected_lines = sorted((r.model, r.score_text) for r in results(benchmark) if not sized(r))
    points = layer_values(spec, "point")
    assert (
        sorted(
            (p["model_id"], p["score_text"], "" if p["setting"] == "as first reported" else p["setting"])
            for p in points
        )
        == expected_points
    )
    assert sorted((r["model_id"], r["score_text"]) for r in layer_values(spec, "rule")) == expected_lines
    for point in points:
        model = dataset().models[point["model_id"]]
        assert point["params_b"] == model.params_b


def test_the_aime_chart_counts_problems_solved_not_percent():
    aime = dataset().benchmarks["aime-2024"]
    spec = chart_specs()["charts/aime-2024-scores-by-size.vl.json"]
    y = layers(spec, "point")[0]["encoding"]["y"]
    assert y["axis"]["title"] == f"Problems solved ({aime.unit})"
    low, high = y["scale"]["domain"]
    assert aime.min <= low and high <= aime.max
    assert {p["score_text"] for p in layer_values(spec, "point")} == {
        r.score_text for r in results("aime-2024") if sized(r)
    }
    assert all("%" not in t["title"] for t in layers(spec, "point")[0]["encoding"]["tooltip"])


@pytest.mark.parametrize("benchmark", sorted({column for _, column, _ in paper.printed_gains()}))
def test_a_gains_chart_pairs_each_step_dpo_model_with_its_base_and_the_printed_gain(benchmark):
    spec = chart_specs()[f"charts/{benchmark}-step-dpo-gains.vl.json"]
    ends = layer_values(spec, "point")
    pairs = {row["pair"]: row for row in ends}
    printed = [(row, gain) for row, column, gain in paper.printed_gains() if column == benchmark]
    assert len(pairs) == len(printed)
    for row in pairs.values():
        assert row["gain_text"] == printed_gain(row["model"], benchmark)
        base = dataset().models[row["model_id"]].base_model
        assert row["base"] == dataset().models[base].name
        assert sorted(e["end"] for e in ends if e["pair"] == row["pair"]) == ["base", "trained"]


def test_adding_a_benchmark_to_the_data_adds_its_charts(data_copy):
    benchmarks = yaml.safe_load((data_copy / "benchmarks.yaml").read_text(encoding="utf-8"))
    new = {**benchmarks[0], "id": "new-bench", "name": "New Bench"}
    (data_copy / "benchmarks.yaml").write_text(
        yaml.safe_dump([*benchmarks, new], sort_keys=False), encoding="utf-8"
    )
    lines = (data_copy / "results.csv").read_text(encoding="utf-8").splitlines()
    added = [
        line.replace(",math,", ",new-bench,", 1)
        for line in lines
        if ",math," in line and "Figure 1" not in line
    ]
    (data_copy / "results.csv").write_text("\n".join([*lines, *added]) + "\n", encoding="utf-8")
    outputs, info = chart_outputs(load_dataset(data_copy))
    assert info["new-bench-scores-by-size"]["benchmark"] == "new-bench"
    assert info["new-bench-step-dpo-gains"]["benchmark"] == "new-bench"
    spec = json.loads(outputs["charts/new-bench-scores-by-size.vl.json"])
    assert len(layer_values(spec, "point")) + len(layer_values(spec, "rule")) == len(added)


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_every_mark_has_a_tooltip_naming_the_model_its_score_setting_and_source(path):
    for layer in chart_specs()[path]["layer"]:
        if "encoding" not in layer:  # a size axis's title, drawn as a text mark: no model of its own
            assert layer["mark"]["aria"] is False
            continue
        titles = " ".join(t["title"] for t in layer["encoding"]["tooltip"]).lower()
        for word in ("model", "setting", "source"):
            assert word in titles, (path, mark_type(layer), titles)


@pytest.mark.parametrize("path", sorted(chart_specs()))
def test_a_legend_click_toggles_a_group_by_a_selection_the_spec_declares_holding_every_group_at_first(path):
    spec = chart_specs()[path]
    params = {param["name"]: param for param in spec["params"]}
    by_size = chart_info()[path.removeprefix("charts/").removesuffix(".vl.json")]["kind"] != "gains"
    assert set(params) == {
        "dark",
        "show_closed",
        "show_gains",
        "show_intervals",
        "hover",
        "pinned",
        "shown",
    } | ({"x_size", "x_scale"} if by_size else set())
    shown = params["shown"]
    assert shown["bind"] == "legend"
    assert shown["select"] == {"type": "point", "fields": ["group"], "toggle": "true"}
    [points] = [layer for layer in layers(spec, "point") if layer.get("name") in shown["views"]]
    assert shown["value"] == [{"group": group} for group in points["encoding"]["color"]["scale"]["domain"]]


def headline_path() -> str:
    return next(path for path in chart_specs() if path.endswith("math-by-size.vl.json"))


@pytest.mark.parametrize("path", sorted(set(chart_specs()) - {headline_path()}))
def test_colour_and_shape_both_tell_the_groups_apart_and_step_dpo_is_a_triangle(path):
    spec = chart_specs()[path]
    encoding = layers(spec, "point")[0]["encoding"]
    colour, shape = encoding["color"]["scale"], encoding["shape"]["scale"]
    assert encoding["color"]["field"] == encoding["shape"]["field"] == "group"
    assert colour["domain"] == shape["domain"]
    assert len(set(shape["range"])) == len(shape["domain"])
    assert len({c["expr"] for c in colour["range"]}) == len(colour["domain"])
    if STEP_DPO.label in shape["domain"]:
        assert dict(zip(shape["domain"], shape["range"], strict=False))[STEP_DPO.label] == "triangle-up"


def test_the_headline_figure_draws_step_dpo_as_red_triangles_and_every_other_model_as_a_circle():
    spec = chart_specs()[headline_path()]
    encoding = layers(spec, "point")[0]["encoding"]
    colour, shape = encoding["color"]["scale"], encoding["shape"]["scale"]
    shapes = dict(zip(shape["domain"], shape["range"], strict=True))
    assert shapes.pop(STEP_DPO.label) == "triangle-up"
    assert shapes and set(shapes.values()) == {"circle"}
    colours = dict(zip(colour["domain"], (c["expr"] for c in colour["range"]), strict=True))
    assert STEP_DPO.colour in colours[STEP_DPO.label]
    figure = next(rows for heading, rows in paper.sections().items() if heading.startswith("Figure 1"))
    assert {marker for label, marker, _, _ in figure if label.endswith("Step-DPO")} == {"red triangle"}
    for colour in re.findall(r"#[0-9a-fA-F]{6}", colours[STEP_DPO.label]):  # in both schemes
        hue, _, saturation = colorsys.rgb_to_hls(*(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)))
        assert (hue < 1 / 24 or hue > 23 / 24) and saturation > 0.5, f"{colour} is not red"
    assert len(set(colours.values())) == len(colours)  # colour still tells the circles' groups apart


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_group_colour_stands_3_to_1_against_its_background_in_both_schemes():
    for method in dataset().methods.values():
        assert contrast(method.colour, WHITE) >= 3, method.label
        assert contrast(method.colour_dark, SLATE) >= 3, method.label
    for light, dark in (charts.INK, charts.MUTED):
        assert contrast(light, WHITE) >= 4.5 and contrast(dark, SLATE) >= 4.5


@pytest.mark.parametrize("chart_id", sorted(chart_info()))
def test_every_chart_has_static_images_in_both_schemes_of_the_height_its_frame_reserves(chart_id):
    outputs, info = built()
    files = info[chart_id]["files"]
    light, dark = outputs[files["svg"]], outputs[files["svg_dark"]]
    assert light.startswith(b"<svg") and dark.startswith(b"<svg") and light != dark
    assert chart_images.svg_size(light) == (info[chart_id]["width"], info[chart_id]["height"])
    assert outputs[files["png"]].startswith(b"\x89PNG")
    title = json.loads(outputs[files["spec"]])["title"]
    assert title.replace("&", "&amp;").encode() in light


@pytest.mark.parametrize("chart_id", sorted(chart_info()))
def test_every_dark_image_is_what_vl_convert_draws_with_the_dark_param_set_wide_and_narrow(
    chart_id, tmp_path, monkeypatch
):
    files, spec = chart_files(chart_id)
    monkeypatch.setattr(chart_images, "CACHE", tmp_path)  # drawn afresh, not read from the cache
    chart_images.bundled_fonts()  # the fonts the build draws with, whichever test draws first
    for width in (chart_images.STATIC_WIDTH, chart_images.NARROW_WIDTH):
        drawn = vl_convert.vegalite_to_svg(chart_images.static_spec(spec, dark=True, width=width))
        expected = chart_images.stable_ids(drawn.encode("utf-8"))
        assert chart_images.svg(spec, dark=True, width=width) == expected, width
    assert files["svg_dark"] == chart_images.svg(spec, dark=True)


@pytest.mark.parametrize("chart_id", sorted(chart_info()))
def test_every_chart_png_is_what_vl_convert_draws_from_its_spec_on_white_at_twice_the_size(
    chart_id, tmp_path, monkeypatch
):
    files, spec = chart_files(chart_id)
    chart_images.bundled_fonts()
    drawn = vl_convert.vegalite_to_png(chart_images.static_spec(spec, background="white"), scale=2)
    assert files["png"] == drawn
    monkeypatch.setattr(chart_images, "CACHE", tmp_path)  # drawn afresh, not read from the cache
    assert chart_images.png(spec) == drawn


DRAW_HEADLINE_PNG = """
import json, os, sys
from leaderboard.charts import images as chart_images
spec = json.loads(sys.stdin.read())
sys.stdout.buffer.write(chart_images.png(spec))
sys.stderr.write(f"FONTCONFIG_FILE after drawing: {os.environ.get('FONTCONFIG_FILE')}")
"""


def draw_headline_png(tmp_path: Path, name: str, **env: str) -> tuple[bytes, str]:
    """The headline chart's PNG drawn by a fresh process into an empty cache, and its last words."""
    _, spec = chart_files("math-by-size")
    environment = {**os.environ, "LEADERBOARD_CACHE": str(tmp_path / name), **env}
    result = subprocess.run(
        [sys.executable, "-c", DRAW_HEADLINE_PNG],
        input=json.dumps(spec).encode(),
        capture_output=True,
        env=environment,
        cwd=ROOT,
        check=True,
    )
    return result.stdout, result.stderr.decode().splitlines()[-1]


def hiding_the_machine_s_fonts(tmp_path: Path) -> Path:
    """A fontconfig file that lists one empty folder: a vl-convert started with it sees no fonts of
    the machine's, only the Liberation Sans it carries."""
    folder = tmp_path / "no-fonts"
    folder.mkdir()
    config = folder / "fonts.conf"
    config.write_text(f"<fontconfig><dir>{folder}</dir></fontconfig>\n", encoding="utf-8")
    return config


def test_chart_images_are_drawn_with_vl_convert_s_own_fonts_whatever_fonts_the_machine_has(tmp_path):
    config = hiding_the_machine_s_fonts(tmp_path)
    as_built, last_words = draw_headline_png(tmp_path, "as-built")
    without_machine_fonts, _ = draw_headline_png(tmp_path, "hidden", FONTCONFIG_FILE=str(config))
    assert as_built.startswith(b"\x89PNG")
    assert as_built == without_machine_fonts
    assert last_words == "FONTCONFIG_FILE after drawing: None"  # Chromium, started later, sees the fonts


def test_drawing_a_chart_leaves_a_fontconfig_file_of_the_user_s_in_place(tmp_path):
    config = hiding_the_machine_s_fonts(tmp_path)
    _, last_words = draw_headline_png(tmp_path, "theirs", FONTCONFIG_FILE=str(config))
    assert last_words == f"FONTCONFIG_FILE after drawing: {config}"


def draws_intervals(layer: dict) -> bool:
    """Whether a layer draws the scores' error bars (switched by `show_intervals`)."""
    return any("show_intervals" in str(step.get("filter", "")) for step in layer.get("transform", []))


@pytest.mark.parametrize("chart_id", sorted(chart_info()))
def test_every_chart_downloads_its_rows_as_csv_and_json_under_names_that_say_what_they_are(chart_id):
    files, spec = chart_files(chart_id)
    drawn = [
        row
        for layer in spec["layer"]
        if mark_type(layer) in ("point", "rule") and not draws_intervals(layer)
        for row in rows_of(spec, layer)
    ]
    table = list(csv.DictReader(io.StringIO(files["csv"].decode("utf-8"))))
    records = json.loads(files["json"])
    assert [row["model"] for row in records] == [row["model"] for row in table]
    kinds = {"point", "reference line"} if chart_info()[chart_id]["kind"] != "gains" else {"gain"}
    assert len([row for row in table if row["shown_as"] in kinds]) * (2 if kinds == {"gain"} else 1) == len(
        drawn
    )
    names = download_names(chart_id)
    assert names["csv"].endswith("-data.csv") and names["json"].endswith("-data.json")
    assert names["spec"].endswith(".vega-lite.json") and all(chart_id in n for n in names.values())


@pytest.mark.parametrize("chart_id", sorted(chart_info()))
def test_every_chart_is_described_in_words_from_its_data(chart_id):
    outputs, info = built()
    spec = json.loads(outputs[info[chart_id]["files"]["spec"]])
    description = info[chart_id]["description"]
    assert spec["description"] == description
    values = [
        row
        for layer in spec["layer"]
        if mark_type(layer) in ("point", "rule")
        for row in rows_of(spec, layer)
    ]
    if info[chart_id]["kind"] == "gains":
        best = max(values, key=lambda row: row["gain"])
        assert best["gain_text"] in description and best["pair"] in description
    else:
        best = max(values, key=lambda row: row["score"])
        assert best["score_text"] in description


def test_the_reproduced_qwen2_72b_instruct_score_is_marked_with_a_dagger():
    spec = chart_specs()[HEADLINE]
    [marked] = [p for p in layer_values(spec, "point") if p["label"].endswith("†")]
    assert marked["setting"] == "authors' prompt"
    assert marked["score_text"] == {label: s for label, _, s in paper.figure1_points()}["Qwen2-72B-Instruct†"]


def test_a_benchmark_with_more_results_than_a_chart_can_show_draws_the_best_and_says_so(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import synthetic

    big = load_dataset(synthetic.write_data(tmp_path / "data", 400))
    plans = {plan.id: plan for plan in chart_plans(big)}
    for benchmark_id, benchmark in big.benchmarks.items():
        every = [r for r in big.results if r.benchmark == benchmark_id and sized(r, big)]
        plan = plans[f"{benchmark_id}-scores-by-size"]
        drawn = [row for row in plan.rows if row["shown_as"] == "point"]
        assert len(drawn) == min(len(every), chart_rows.MOST_POINTS)
        if len(every) > chart_rows.MOST_POINTS:
            cut = sorted((r.score for r in every), reverse=benchmark.higher_is_better)[len(drawn) - 1]
            assert all(row["score"] >= cut for row in drawn)
            assert f"best {len(drawn):,} of" in plan.caption
        pairs = plans[f"{benchmark_id}-step-dpo-gains"].rows
        assert len(pairs) <= chart_rows.MOST_PAIRS


def test_a_caption_credits_each_source_with_its_own_locators_only(data_copy):
    with (data_copy / "results.csv").open("a", encoding="utf-8") as handle:
        handle.write("qwen2-7b-sft,math,55.0,re-run,qwen,Table 9,\n")
    two_sources = load_dataset(data_copy)
    plans = {plan.id: plan for plan in chart_plans(two_sources)}
    caption = plans["math-scores-by-size"].caption
    credits = caption.removesuffix(".").split("; ")
    assert len(credits) == len({r.source for r in two_sources.results_by_benchmark["math"]}) >= 2
    for source_id, source in two_sources.sources.items():
        own = {r.locator for r in two_sources.results_by_benchmark["math"] if r.source == source_id}
        if own:
            assert f"{', '.join(sorted(own))} of {source.title} (" in caption, source_id
    assert "Table 9 of Qwen Technical Report" in caption
    assert not any("Table 9" in credit and "Step-DPO" in credit for credit in credits)


# The site's Vega bundle -----------------------------------------------------------------------


def test_a_chart_that_needs_a_part_of_vega_the_bundle_leaves_out_stops_the_build_naming_it():
    """The site's bundle leaves out Vega's regression transforms (bundle.py): a trend line drawn
    with one would draw nothing in the browser, so the build stops and says what to add."""
    points = alt.Data(values=[{"x": x, "y": x * x} for x in range(5)])
    trend = alt.Chart(points).mark_line().encode(x="x:Q", y="y:Q").transform_loess("x", "y")
    with pytest.raises(ValueError) as error:
        vega_bytes(trend.to_dict(), "trend")
    message = str(error.value)
    assert message.startswith("chart trend: its Vega spec needs a loess transform (vega-regression),")
    assert "MODULES in leaderboard/charts/bundle.py" in message


def test_the_bundle_leaves_out_nothing_the_site_s_charts_use():
    compiled = [json.loads(vega_bytes(spec, chart_id)) for chart_id, spec in chart_specs().items()]
    assert compiled and all(unbundled(vega) == [] for vega in compiled)
