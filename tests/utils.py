"""What several test files share: the real data and ways to read, copy and break it, a site's files
to compare, the hostile dataset, and what a browser page saw. Fixtures live in conftest.py."""

from __future__ import annotations

import csv
import io
import shutil
from functools import cache
from pathlib import Path

import yaml

from leaderboard.data.load import load_dataset
from tools.site import DATA, ROOT

__all__ = ["DATA", "ROOT"]  # with the helpers below: tests import the project's folders from here
# Where a published site lives: a project page under a sub-path, as on GitHub Pages.
SITE_URL = "https://example.github.io/llm-math-benchmarks/"


# The data --------------------------------------------------------------------------------------


@cache
def dataset():
    """The real data/, loaded once (read it, never change it: every test shares it)."""
    return load_dataset(DATA)


def headline_benchmark(data: Path = DATA) -> str:
    """The benchmark of the site's first figure, the headline chart."""
    return read_yaml(data / "figures.yaml")[0]["benchmark"]


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def write_csv(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def read_yaml(path: Path) -> list[dict]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write_yaml(path: Path, records: list[dict]) -> None:
    path.write_text(
        yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


# A built site, file by file --------------------------------------------------------------------


def front_matter_and_markdown(page: str) -> tuple[dict, str]:
    """A generated page's front matter, read as YAML, and its Markdown."""
    _, front, markdown = page.split("---\n", 2) if page.startswith("---\n") else ("", "", page)
    return yaml.safe_load(front) or {}, markdown


def shown_text(page: str) -> str:
    """What a generated page shows: its Markdown, and the article a theme template renders from
    its front matter (`body`, on model pages)."""
    front, markdown = front_matter_and_markdown(page)
    return front.get("body", "") + markdown


def tree(site: Path) -> dict[str, bytes]:
    """Every file under `site`, by its path relative to it."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """Each file only one tree has, and each whose bytes differ."""
    problems = [f"{name}: only in the first build" for name in sorted(first.keys() - second.keys())]
    problems += [f"{name}: only in the second build" for name in sorted(second.keys() - first.keys())]
    problems += [
        f"{name}: bytes differ"
        for name in sorted(first.keys() & second.keys())
        if first[name] != second[name]
    ]
    return problems


def report(problems: list[str], kind: str = "problem(s)") -> str:
    """An assertion message: how many problems, then one a line."""
    return f"{len(problems)} {kind}:\n" + "\n".join(problems)


# The hostile dataset: data whose every text field holds what a page must show, never run --------

# Every string ends in a marker that names it, so that a test can tell which one it sees.
SCRIPT = '<script>alert("name")</script>'
IMG = "<img src=x onerror=alert('img')>"
MARKDOWN = "**Bold** _em_ [link](https://evil.example/) `code` # not a heading"
JINJA = "{{ 7*7 }} {% raw %}raw{% endraw %} {# comment #}"
QUOTES = "Quote \" and ' and \\ and \\\\ and &amp; and &lt;"
EMOJI = "Emoji 🤖🔥👩‍🔬"
RTL = "RTL עברית والعربية"
LONG = "Long-name-" * 30  # 300 characters
FAMILY = "<svg onload=alert('family')>Fam"
SETTING = '<i>authors\'</i> "prompt" {{ 7*7 }}'
LOCATOR = "Table 1 <script>alert('locator')</script>"
NOTE = "<a href=javascript:alert('note')>click</a> [md](javascript:alert(1)) {% if 1 %}x{% endif %}"
SOURCE_TITLE = "<img src=x onerror=alert('source')>Step-DPO: Step-wise <b>Preference</b>"
# Author names: the first author's surname (what pages cite) is markup; the others hold quotes,
# Jinja, every LaTeX special and right-to-left text; the organisation holds a comma and braces.
AUTHORS = [
    "Xin <svg/onload=alert('author')>Lai",
    '"Zhuotao" & <Tian> {{ 7*7 }}',
    "Yukang {Chen} 50% _x #1 ~ ^ \\ $",
    "Senqiao 🤖 עברית",
]
SHORT_AUTHORS = "<svg/onload=alert('author')>Lai et al."  # how pages cite the list above
ORGANISATION = "<script>alert('org')</script> Team, {Org} & Co"
BENCHMARK_NAME = "<img src=x onerror=alert('bench')> GSM8K {{ 7*7 }}"
BENCHMARK_DESCRIPTION = "<script>alert('description')</script> **grade** school"
FIGURE_TITLE = '<i>Accuracy</i> {{ 7*7 }} "MATH" 🤖'
FIGURE_CAPTION = "<script>alert('caption')</script> † ‮reversed"
# site.yaml: the name in every page's header and title, the home page's heading, description and
# Markdown intro (its HTML and a `{: attribute list }` must stay text), and a method's label.
SITE_NAME = "Board & 'Co' \"quoted\" {{ 7*7 }} {% raw %}"  # no < or >: the validator refuses them
SITE_TITLE = '<script>alert("title")</script> Results "of" {{ 7*7 }}'
SITE_DESCRIPTION = "<svg onload=alert('description')>Described & 'quoted'"
SITE_INTRO = (
    "<script>alert('intro')</script> Intro {: onclick=\"alert('intro')\" } {{ 7*7 }} <b>Preference</b>"
)
METHOD_LABEL = "<script>alert('method')</script>Fine-tuned & {{ 7*7 }}"

NAMES = {  # model id -> hostile name (and label in the figure)
    "qwen2-7b-sft-step-dpo": SCRIPT,
    "deepseekmath-rl": IMG,
    "qwen2-7b-instruct": MARKDOWN,
    "deepseekmath-instruct": JINJA,
    "mathgenielm-mistral": QUOTES,
    "qwen1.5-32b-sft-step-dpo": EMOJI,
    "qwen1.5-32b-sft": RTL,
    "mammoth2-mixtral-8x7b": LONG,
}


def hostile_data(destination: Path) -> Path:
    """A copy of data/ whose text fields hold every hostile string above."""
    data = destination / "data"
    shutil.copytree(DATA, data)
    models = read_csv(data / "models.csv")
    for model in models:
        model["name"] = NAMES.get(model["id"], model["name"])
        if model["id"] == "deepseekmath-rl":
            model["family"] = FAMILY
    write_csv(data / "models.csv", models)

    results = read_csv(data / "results.csv")
    original_setting = next(r["setting"] for r in results if r["setting"])
    for result in results:
        if result["setting"] == original_setting:
            result["setting"] = SETTING
        if result["model"] == "qwen2-7b-sft-step-dpo":
            result["locator"] = LOCATOR
        if result["model"] == "deepseekmath-rl":
            result["note"] = NOTE
    write_csv(data / "results.csv", results)

    sources = read_yaml(data / "sources.yaml")
    step_dpo = next(s for s in sources if s["id"] == "step-dpo")
    step_dpo.update(title=SOURCE_TITLE, authors=AUTHORS)
    math = next(s for s in sources if s["id"] == "math")
    math.update(organisation=True, authors=[ORGANISATION])
    write_yaml(data / "sources.yaml", sources)

    benchmarks = read_yaml(data / "benchmarks.yaml")
    gsm8k = next(b for b in benchmarks if b["id"] == "gsm8k")
    gsm8k.update(name=BENCHMARK_NAME, description=BENCHMARK_DESCRIPTION)
    write_yaml(data / "benchmarks.yaml", benchmarks)

    site = yaml.safe_load((data / "site.yaml").read_text(encoding="utf-8"))
    site.update(name=SITE_NAME, title=SITE_TITLE, description=SITE_DESCRIPTION, intro=SITE_INTRO)
    write_yaml(data / "site.yaml", site)

    methods = read_yaml(data / "methods.yaml")
    next(method for method in methods if method["id"] == "sft")["label"] = METHOD_LABEL
    write_yaml(data / "methods.yaml", methods)

    figures = read_yaml(data / "figures.yaml")
    figure = figures[0]
    figure.update(title=FIGURE_TITLE, caption=FIGURE_CAPTION)
    for item in figure["points"] + figure.get("reference_lines", []):
        item["label"] = NAMES.get(item["model"], item["label"])
        if item.get("setting") == original_setting:
            item["setting"] = SETTING
    write_yaml(data / "figures.yaml", figures)
    return data


# What a browser page met -----------------------------------------------------------------------

# A chart's view once charts.js is done with it: drawn, or failed.
SETTLED = "view => view.dataset.rendered === 'true' || view.dataset.rendered === 'error'"


def draw_charts(page, timeout: float = 20000) -> None:
    """Bring each chart of the page into view, as a reader scrolling down does, and wait until it is
    drawn (or has failed): charts.js builds a chart only as it comes near. Then back to the top. A
    hidden chart (the compare page's, until two models are chosen) is left alone."""
    for view in page.locator(".lb-chart__view").all():
        if view.evaluate("view => view.closest('[hidden]') !== null"):
            continue
        view.scroll_into_view_if_needed()
        page.wait_for_function(SETTLED, arg=view.element_handle(), timeout=timeout)
    page.evaluate("window.scrollTo(0, 0)")


class PageWatch:
    """Console errors, page errors and requests to other hosts seen by a page."""

    def __init__(self, page, base_url: str):
        self.errors: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        host = base_url.split("/")[2]

        def check(request):
            if request.url.split("/")[2] != host and not request.url.startswith(("data:", "blob:")):
                self.foreign.append(request.url)

        page.on("request", check)
