"""A second dataset builds with no code change: the site built from `tests/datasets/invented/`
(every name and number in it invented) shows that dataset, and no word of the real one in `data/`.

The invented data differs from the real data where a generator could quietly depend on it:
another highlighted method, a benchmark scored in problems solved beside one in %, a featured
figure that is not the first of `figures.yaml`, with other ticks and no reference lines, and a
model scored by two sources. Expected values are read from the two datasets' files, or computed
here from them (the 95% Wilson interval by its formula), never copied from a build.
"""

from __future__ import annotations

import html.parser
import json
import math
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

import pytest
from crawler import crawl_once, fragment, is_page, page_key, same_host
from utils import ROOT, dataset, read_csv, read_yaml, report

from leaderboard.data.load import load_dataset
from tools.site import build_site, free_port, serve

INVENTED = Path(__file__).resolve().parent / "datasets" / "invented"
TEXT_FILES = (".html", ".json", ".csv", ".xml", ".svg", ".bib", ".js", ".css", ".txt")


# The two datasets, as their files say ------------------------------------------------------------


def first_dataset_words() -> list[str]:
    """What names the real dataset: its work (title, short title, address, key, authors' surnames),
    its highlighted methods, every model (name, id and family), benchmark and source title."""
    real = dataset()
    work = real.sources[real.site.work]
    words = {work.title, work.title.split(":")[0], work.id, work.url, work.bibtex_key}
    words |= {name.split()[-1] for name in work.authors}
    words |= {real.methods[method].label for method in real.site.highlight} | set(real.site.highlight)
    words |= {model.name for model in real.models.values()} | set(real.models)
    words |= {model.family for model in real.models.values()}
    words |= {benchmark.name for benchmark in real.benchmarks.values()}
    words |= {source.title for source in real.sources.values()}
    if arxiv := re.search(r"\d{4}\.\d{4,5}", work.url or ""):
        words.add(arxiv[0])
    return sorted(filter(None, words), key=len, reverse=True)


def mention(words: list[str]) -> re.Pattern:
    """Any of `words`, case as written, not inside a longer word."""
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)")


FIRST = first_dataset_words()
site_yaml = read_yaml(INVENTED / "site.yaml")
methods = {method["id"]: method for method in read_yaml(INVENTED / "methods.yaml")}
sources = {source["id"]: source for source in read_yaml(INVENTED / "sources.yaml")}
benchmarks = {benchmark["id"]: benchmark for benchmark in read_yaml(INVENTED / "benchmarks.yaml")}
models = {model["id"]: model for model in read_csv(INVENTED / "models.csv")}
results = read_csv(INVENTED / "results.csv")
figures = {figure["id"]: figure for figure in read_yaml(INVENTED / "figures.yaml")}
FEATURED = figures[site_yaml["featured_figure"]]
[HIGHLIGHT] = site_yaml["highlight"]


def chosen_results() -> dict[tuple[str, str, str], list[dict]]:
    """Every score by (model, benchmark, setting): the rows reporting it, the one charts draw
    first: the site's work, then the most recent source, then the first in sources.yaml."""
    order = list(sources)
    found = defaultdict(list)
    for row in results:
        found[row["model"], row["benchmark"], row["setting"]].append(row)

    def rank(row: dict) -> tuple:
        return (
            row["source"] != site_yaml["work"],
            -sources[row["source"]]["year"],
            order.index(row["source"]),
        )

    return {key: sorted(rows, key=rank) for key, rows in found.items()}


def reported_by_several() -> tuple[tuple[str, str, str], list[dict]]:
    """The one score more than one source reports, and its rows, the one charts draw first."""
    [(key, rows)] = [(key, rows) for key, rows in chosen_results().items() if len(rows) > 1]
    return key, rows


def score_title(benchmark: dict) -> str:
    """`Problems solved (of 100)`: a score's column heading and axis title."""
    return f"{benchmark['metric'][0].upper()}{benchmark['metric'][1:]} ({benchmark['unit']})"


def short_title(source_id: str) -> str:
    """How tables and tooltips name a source: its title before the colon."""
    return sources[source_id]["title"].split(":")[0]


def wilson_half_width(score: float, benchmark: dict) -> float:
    """Half the width of the 95% Wilson score interval of a score, in the benchmark's unit:
    p = (score - min) / (max - min) of n = test_set_size problems,
    half = z / (1 + z²/n) · √(p(1 - p)/n + z²/4n²)."""
    n, span = benchmark["test_set_size"], benchmark["max"] - benchmark["min"]
    p = (score - benchmark["min"]) / span
    z = NormalDist().inv_cdf(0.975)
    return z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) * span


def wilson_bounds(score: float, benchmark: dict) -> tuple[float, float]:
    n, span = benchmark["test_set_size"], benchmark["max"] - benchmark["min"]
    p = (score - benchmark["min"]) / span
    z = NormalDist().inv_cdf(0.975)
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = wilson_half_width(score, benchmark) / span
    return benchmark["min"] + (centre - half) * span, benchmark["min"] + (centre + half) * span


def plus_minus(score_text: str, benchmark: dict) -> str:
    """`± 9.3`: to the score's decimals, and at least one."""
    decimals = max(1, len(score_text.split(".")[1]) if "." in score_text else 0)
    return f"± {wilson_half_width(float(score_text), benchmark):.{decimals}f}"


# The built site, as a reader meets it ------------------------------------------------------------


class Text(html.parser.HTMLParser):
    """A page's visible text (scripts and styles left out), whitespace folded; and its tables,
    each a list of rows of cell texts."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._skip = 0
        self._cell: list[str] | None = None
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "small" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style")
        if tag in ("td", "th") and self._cell is not None and self.tables:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)
            if self._cell is not None:
                self._cell.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())

    def rows_naming(self, name: str) -> list[list[str]]:
        return [row for table in self.tables for row in table if name in row]


@pytest.fixture(scope="module")
def second_site(tmp_path_factory) -> tuple[str, Path]:
    """The site built from the invented data, as `make build` builds it, served on 127.0.0.1:
    (its URL, its folder)."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    folder = build_site(tmp_path_factory.mktemp("second"), url, data=INVENTED)
    server = serve(folder, port)
    yield url, folder
    server.shutdown()


@pytest.fixture(scope="module")
def folder(second_site) -> Path:
    return second_site[1]


def page(folder: Path, path: str) -> Text:
    return Text((folder / path / "index.html").read_text(encoding="utf-8"))


def spec(folder: Path, chart_id: str) -> dict:
    return json.loads((folder / "charts" / f"{chart_id}.vl.json").read_text(encoding="utf-8"))


def layers(chart: dict, mark: str) -> list[dict]:
    """The layers of a chart, at any depth, that draw `mark`."""
    found = []
    for layer in chart.get("layer", []):
        kind = layer.get("mark", {})
        found += [layer] if (kind.get("type") if isinstance(kind, dict) else kind) == mark else []
        found += layers(layer, mark)
    return found


def generated_files(folder: Path) -> list[Path]:
    """Every text file of the site that the build made or that the project wrote: its pages,
    search index, sitemap, feed, downloads and chart files, and the project's own scripts and
    styles (not Material's, nor the Vega bundle)."""
    own_assets = {
        path.relative_to(ROOT / "docs").as_posix()
        for path in (ROOT / "docs" / "assets").rglob("*")
        if path.is_file() and "vendor" not in path.parts
    }
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and path.suffix in TEXT_FILES
        and (
            not path.relative_to(folder).as_posix().startswith("assets/")
            or path.relative_to(folder).as_posix() in own_assets
        )
    ]


# The dataset ---------------------------------------------------------------------------------------


def test_the_invented_dataset_is_valid():
    invented = load_dataset(INVENTED)
    assert len(invented.models) == len(models) and len(invented.results) == len(results)


def test_the_invented_dataset_names_nothing_of_the_real_one():
    found = [
        f"{path.name}: {match[0]!r}"
        for path in sorted(INVENTED.iterdir())
        for match in mention(FIRST).finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, report(found, "mention(s) of the real dataset")


def test_the_invented_dataset_differs_from_the_real_one_where_the_site_could_depend_on_it():
    real = dataset()
    assert set(site_yaml["highlight"]).isdisjoint(real.site.highlight)
    assert {b["metric"] for b in benchmarks.values()} >= {"problems solved", "accuracy"}
    assert {b["unit"] for b in benchmarks.values()} >= {"%"}
    assert list(figures).index(FEATURED["id"]) > 0, "the featured figure is not the first"
    assert FEATURED["x_ticks"] != real.featured_figure.x_ticks
    assert not any(figure.get("reference_lines") for figure in figures.values())
    assert all(model["params_b"] and model["open_weights"] != "false" for model in models.values())
    reported_by_several()  # exactly one model and benchmark has several sources


# Every page: the second dataset's words, and none of the first ------------------------------------


def test_no_file_of_the_site_names_anything_of_the_real_dataset(folder):
    files = generated_files(folder)
    assert any(path.name == "search_index.json" for path in files)
    assert sum(path.name == "index.html" for path in files) >= len(models) + len(benchmarks) + 3
    found = [
        f"{path.relative_to(folder)}: {match[0]!r}"
        for path in files
        for match in mention(FIRST).finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found, report(found, "mention(s) of the real dataset")


def test_the_home_page_shows_the_invented_title_intro_work_and_highlighted_method(folder):
    home = page(folder, "")
    work = sources[site_yaml["work"]]
    intro = " ".join(site_yaml["intro"].replace("**", "").split())
    assert f"{site_yaml['title']} " in home.text
    assert intro in home.text
    assert work["title"] in home.text
    assert f"{work['authors'][0].split()[-1]} et al., {work['year']}" in home.text
    assert methods[HIGHLIGHT]["label"] in home.text


def test_the_home_page_says_which_score_findings_use_in_a_paragraph_of_its_own(folder):
    """Its last finding has no closed model to compare with: the note must not join that item."""
    home = (folder / "index.html").read_text(encoding="utf-8")
    findings = home[home.index('id="key-findings"') : home.index('id="benchmarks"')]
    items = re.findall(r"<li>(.*?)</li>", findings, re.S)
    assert items and not any("results-csv" in item for item in items)
    assert re.search(r'<p>[^<]*several sources[^<]*<a href="data/#results-csv">', findings)


def test_every_page_carries_the_sites_name_and_the_home_page_its_description(folder):
    home = (folder / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="description" content="{site_yaml["description"]}">' in home
    title = re.compile(rf"<title>[^<]*{re.escape(site_yaml['name'])}</title>")
    pages = sorted(folder.rglob("index.html"))
    unnamed = [
        str(path.relative_to(folder)) for path in pages if not title.search(path.read_text(encoding="utf-8"))
    ]
    assert len(pages) > len(models) and not unnamed, report(unnamed)


def test_every_page_of_a_model_or_benchmark_names_it(folder):
    missing = [
        model["name"]
        for model in models.values()
        if model["name"] not in page(folder, f"models/{model['id']}").text
    ]
    missing += [
        b["name"] for b in benchmarks.values() if b["name"] not in page(folder, f"benchmarks/{b['id']}").text
    ]
    assert not missing, report(missing)


# The featured figure ---------------------------------------------------------------------------------


def test_the_home_page_draws_the_featured_figure_and_no_other(folder):
    home = (folder / "index.html").read_text(encoding="utf-8")
    drawn = re.findall(r'data-chart-id="([^"]+)"', home)
    assert drawn == [FEATURED["id"]]


def test_the_featured_figure_has_the_invented_ticks_and_no_reference_lines(folder):
    chart = spec(folder, FEATURED["id"])
    [point_layer] = layers(chart, "point")
    # The x ticks follow the reader's axis choices (an expression): read them as drawn at first.
    drawn = re.findall(r"<text[^>]*>([^<]*)</text>", (folder / f"charts/{FEATURED['id']}.svg").read_text())
    assert [t for t in drawn if re.fullmatch(r"[\d.]+B", t)] == [f"{tick:g}B" for tick in FEATURED["x_ticks"]]
    assert point_layer["encoding"]["y"]["scale"]["domain"] == FEATURED["y_domain"]
    assert "closed" not in chart["datasets"]
    assert {rule["data"]["name"] for rule in layers(chart, "rule")} <= {"points"}, "only error bars"
    low, high = FEATURED["y_domain"]
    step = FEATURED["y_tick_step"]
    assert point_layer["encoding"]["y"]["axis"]["values"] == [
        low + i * step for i in range(int((high - low) / step) + 1)
    ]


def test_the_featured_figure_draws_the_highlighted_models_in_the_methods_shape(folder):
    chart = spec(folder, FEATURED["id"])
    [point_layer] = layers(chart, "point")
    scale = point_layer["encoding"]["shape"]["scale"]
    shapes = dict(zip(scale["domain"], scale["range"], strict=True))
    label = methods[HIGHLIGHT]["label"]
    assert shapes.pop(label) == methods[HIGHLIGHT]["shape"]
    assert set(shapes.values()) == {"circle"}, "every other model a circle"
    highlighted = {row["model_id"] for row in chart["datasets"]["points"] if row["group"] == label}
    assert highlighted == {
        p["model"] for p in FEATURED["points"] if models[p["model"]]["method"] == HIGHLIGHT
    }
    assert highlighted


def test_the_featured_figure_has_a_legend_of_its_methods_in_the_order_of_methods_yaml(folder):
    """As drawn: a layer that keeps out of the legend can hide it for every layer."""
    svg = (folder / "charts" / f"{FEATURED['id']}.svg").read_text(encoding="utf-8")
    drawn = re.findall(r'role-legend-label[^"]*".*?<text[^>]*>([^<]*)</text>', svg, re.S)
    in_figure = {models[point["model"]]["method"] for point in FEATURED["points"]}
    assert drawn == [method["label"] for method_id, method in methods.items() if method_id in in_figure]


def test_every_charts_legend_toggles_its_groups_when_clicked(folder):
    """In the Vega each page draws: a legend is clickable only if the spec's first layer that
    colours by group holds the selection it toggles."""

    def legends(node) -> list[dict]:
        if isinstance(node, dict):
            return node.get("legends", []) + [each for value in node.values() for each in legends(value)]
        return [each for value in node for each in legends(value)] if isinstance(node, list) else []

    problems = []
    for path in sorted((folder / "charts").glob("*.vg.json")):
        found = legends(json.loads(path.read_text(encoding="utf-8")))
        if not found or not all(legend["encode"]["labels"].get("interactive") for legend in found):
            problems.append(f"{path.name}: {len(found)} legend(s), not every one clickable")
    assert not problems, report(problems)


def test_every_chart_titles_its_score_axis_with_the_metric_and_unit_alone(folder):
    """As drawn (the static SVG), not only as specified: every layer's title joins the axis's."""
    benchmark_of = {figure_id: figure["benchmark"] for figure_id, figure in figures.items()}
    problems = []
    charts = sorted((folder / "charts").glob("*.vl.json"))
    assert len(charts) > len(figures)
    for path in charts:
        chart_id = path.name.removesuffix(".vl.json")
        benchmark = benchmarks[
            benchmark_of.get(chart_id) or next(b for b in benchmarks if chart_id.startswith(f"{b}-"))
        ]
        expected = score_title(benchmark)
        svg = (folder / "charts" / f"{chart_id}.svg").read_text(encoding="utf-8")
        titles = re.findall(r"role-axis-title.*?<text[^>]*>([^<]*)</text>", svg, re.S)
        if expected not in titles:
            problems.append(f"{chart_id}: axis titles {titles}, expected {expected!r}")
    assert not problems, report(problems)


# The model scored by two sources ---------------------------------------------------------------------


def test_the_model_scored_by_two_sources_shows_both_on_its_benchmark_and_model_pages(folder):
    (model_id, benchmark_id, _), (chosen, other) = reported_by_several()
    assert chosen["score"] != other["score"]
    difference = f"{Decimal(other['score']) - Decimal(chosen['score']):+}".replace("-", "\u2212")
    also = f"also reported: {other['score']} in {short_title(other['source'])}, {other['locator']}"
    pages = {
        f"benchmarks/{benchmark_id}": models[model_id]["name"],
        f"models/{model_id}": benchmarks[benchmark_id]["name"],
    }
    for path, name in pages.items():
        score = f"{chosen['score']} {plus_minus(chosen['score'], benchmarks[benchmark_id])}"
        [row] = [row for row in page(folder, path).rows_naming(name) if any(c.startswith(score) for c in row)]
        cells = " ".join(row)
        assert f"{short_title(chosen['source'])}, {chosen['locator']}" in cells, path
        assert f"{also}; {difference}" in cells, path


def test_the_charts_draw_the_chosen_score_and_their_tooltips_name_the_other_source(folder):
    (model_id, benchmark_id, _), (chosen, other) = reported_by_several()
    charts = [f"{benchmark_id}-scores-by-size"]
    charts += [figure_id for figure_id, figure in figures.items() if figure["benchmark"] == benchmark_id]
    for chart_id in charts:
        chart = spec(folder, chart_id)
        [row] = [row for row in chart["datasets"]["points"] if row["model_id"] == model_id]
        assert row["score_text"] == chosen["score"], chart_id
        assert f"also reported: {other['score']} in {short_title(other['source'])}" in row["also"], chart_id
        [point_layer] = layers(chart, "point")
        tooltip = {(each["field"], each["title"]) for each in point_layer["encoding"]["tooltip"]}
        assert ("also", "Also reported") in tooltip, chart_id


# Scores in problems solved, and their intervals ----------------------------------------------------


@pytest.mark.parametrize("benchmark_id", sorted(benchmarks))
def test_every_score_of_a_benchmark_shows_its_unit_and_its_wilson_interval(folder, benchmark_id):
    benchmark = benchmarks[benchmark_id]
    shown = page(folder, f"benchmarks/{benchmark_id}")
    assert f"on a test set of {benchmark['test_set_size']:,} problems" in shown.text
    [table] = [table for table in shown.tables if score_title(benchmark) in table[0]]
    column = table[0].index(score_title(benchmark))
    expected = [
        f"{rows[0]['score']} {plus_minus(rows[0]['score'], benchmark)}"
        for (_, benchmark_of, _), rows in chosen_results().items()
        if benchmark_of == benchmark_id
    ]
    shown_scores = [" ".join(row[column].split()[:3]) for row in table[1:]]  # `31 ± 9.0`, then notes
    assert sorted(shown_scores) == sorted(expected)


def test_the_problems_solved_chart_rows_carry_the_wilson_bounds(folder):
    [(benchmark_id, benchmark)] = [(i, b) for i, b in benchmarks.items() if b["metric"] == "problems solved"]
    chart = spec(folder, f"{benchmark_id}-scores-by-size")
    for row in chart["datasets"]["points"]:
        low, high = wilson_bounds(float(row["score_text"]), benchmark)
        assert row["low"] == pytest.approx(low, abs=1e-4) and row["high"] == pytest.approx(high, abs=1e-4)
        assert row["score_shown"] == f"{row['score_text']} {plus_minus(row['score_text'], benchmark)}"


# In headless Chromium: every page, link, anchor and chart ------------------------------------------


def missing_anchors(crawled) -> list[str]:
    return [
        f"{source}: link {link}: no element with id {fragment(link)!r}"
        for source, link in crawled.links()
        if fragment(link) and is_page(link) and fragment(link) not in crawled.visits[page_key(link)].ids
    ]


def undrawn_charts(crawled) -> list[str]:
    return [
        f"{v.url}: chart {c.id or c.spec}: state {c.state!r}, {c.svg} svg"
        for v in crawled.visits.values()
        for c in v.charts
        if c.state != "true" or c.svg == 0
    ]


def miscounted_marks(crawled) -> list[str]:
    return [
        problem
        for v in crawled.visits.values()
        for c in v.charts
        for problem in c.mark_problems(f"{v.url}: chart {c.id or c.spec}")
        + [f"{v.url}: chart {c.id or c.spec}: cannot count the marks of {what}" for what in c.uncountable]
    ]


# What test_crawl.py and test_accessibility.py ask of the real site, asked of this one: each check
# lists every fault it finds.
CRAWL_CHECKS = {
    "every page of the sitemap is crawled": lambda c: [
        url for url in c.sitemap if page_key(url) not in c.visits
    ],
    "every sitemap entry is on this site": lambda c: [url for url in c.sitemap if not same_host(url, c.site)],
    "every page answers 200": lambda c: [
        f"{v.url}: HTTP {v.status}" for v in c.visits.values() if v.status != 200
    ],
    "no page logs an error": lambda c: [f"{v.url}: {e}" for v in c.visits.values() for e in v.errors],
    "no page requests another host": lambda c: [
        f"{v.url}: {r}" for v in c.visits.values() for r in v.foreign
    ],
    "every file a page loads is found": lambda c: [
        f"{v.url}: {f}" for v in c.visits.values() for f in v.failed
    ],
    "every linked file answers 200": lambda c: [f"{u}: HTTP {s}" for u, s in c.files.items() if s != 200],
    "every link's anchor exists": missing_anchors,
    "every chart is drawn as an SVG": undrawn_charts,
    "every chart draws one mark per row of its data": miscounted_marks,
    "no page has a serious accessibility violation": lambda c: [
        f"{v.url}: {problem}" for v in c.visits.values() for problem in v.violations or []
    ],
}


@pytest.fixture(scope="module")
def crawled(browser, second_site):
    return crawl_once(browser, second_site[0])


@pytest.mark.parametrize("check", CRAWL_CHECKS)
def test_the_crawl_of_the_invented_site(crawled, check):
    found = CRAWL_CHECKS[check](crawled)
    assert not found, report(found, f"fault(s): not {check}")


def test_the_crawl_visits_every_page_and_every_chart_of_the_invented_site(crawled, folder):
    visited = {page_key(url).removeprefix(crawled.site) for url in crawled.visits}
    expected = {"", "benchmarks/", "data/", "downloads/", "models/", "changes/"}
    expected |= {f"models/{model}/" for model in models} | {f"benchmarks/{b}/" for b in benchmarks}
    assert expected <= visited, report(sorted(expected - visited))
    drawn = {c.spec.rsplit("/", 1)[-1] for v in crawled.visits.values() for c in v.charts}
    # Every chart but the compare page's, which shows once two models are chosen (test_compare).
    assert drawn == {path.name for path in (folder / "charts").glob("*.vl.json")}
    assert all(sum(c.expected.values()) > 0 for v in crawled.visits.values() for c in v.charts)
