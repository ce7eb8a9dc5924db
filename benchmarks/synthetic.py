#!/usr/bin/env python3
"""Write a synthetic `data/` folder of N models across the four benchmarks, valid for the validator.

    python benchmarks/synthetic.py 10000 /tmp/data-10000        # N models into a new data folder

The benchmarks and their sources are the real ones (copied from `data/`); the models and scores
are made up but look real: base models of real families and sizes, fine-tunes named after math
recipes (`MetaMath-Qwen2-7B-v3`), models of the real site's highlighted method (`highlight` in
`data/site.yaml`) trained from them with a small gain, closed
models without a size, scores that grow with size and training. The same N and seed give the same
files. None of these numbers is real: the sources say so in their titles.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = ROOT / "data"
# The method the real site highlights, which the synthetic lineages end in.
HIGHLIGHT = yaml.safe_load((REAL_DATA / "site.yaml").read_text(encoding="utf-8"))["highlight"][0]
HIGHLIGHT_LABEL = next(
    method["label"]
    for method in yaml.safe_load((REAL_DATA / "methods.yaml").read_text(encoding="utf-8"))
    if method["id"] == HIGHLIGHT
)

SEED = 2026  # the seed of the random numbers, unless told otherwise

# (family, name pattern, sizes in billions, active parameters of a mixture of experts or None)
FAMILIES = [
    ("Qwen2", "Qwen2-{size}B", [0.5, 1.5, 7, 72], None),
    ("Qwen2", "Qwen2-57B-A14B", [57], 14),
    ("Qwen1.5", "Qwen1.5-{size}B", [0.5, 1.8, 4, 7, 14, 32, 72, 110], None),
    ("Llama 3", "Llama-3-{size}B", [8, 70], None),
    ("Llama 2", "Llama-2-{size}B", [7, 13, 70], None),
    ("Mistral", "Mistral-{size}B", [7], None),
    ("Mixtral", "Mixtral-8x7B", [47], 13),
    ("Mixtral", "Mixtral-8x22B", [141], 39),
    ("DeepSeekMath", "DeepSeekMath-{size}B", [7], None),
    ("DeepSeek-Coder-V2", "DeepSeek-Coder-V2-Lite", [16], 2.4),
    ("Gemma", "Gemma-{size}B", [2, 7], None),
    ("Gemma 2", "Gemma-2-{size}B", [9, 27], None),
    ("Phi-3", "Phi-3-{size}B", [3.8, 7, 14], None),
    ("Yi", "Yi-{size}B", [6, 9, 34], None),
    ("InternLM2", "InternLM2-{size}B", [1.8, 7, 20], None),
    ("Code Llama", "Code-Llama-{size}B", [7, 13, 34], None),
]
RECIPES = [
    "MetaMath",
    "WizardMath",
    "MAmmoTH",
    "OpenMath",
    "Xwin-Math",
    "MathScale",
    "MathGenie",
    "DART-Math",
    "NuminaMath",
    "Abel",
    "ToRA",
    "Rho-Math",
    "KPMath",
    "MathCoder",
    "Orca-Math",
]
CLOSED = ["GPT-4", "GPT-4-Turbo", "GPT-4o", "Claude-3", "Gemini-1.5-Pro", "Gemini-1.5-Flash", "GLM-4"]
SETTING = "authors' prompt"


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", name.lower()).strip("-")


def number(value: float) -> str:
    return f"{value:g}"


def as_number(text: str) -> int | float:
    value = float(text)
    return int(value) if value.is_integer() else value


class Generator:
    """Models and scores, added one lineage at a time (base → fine-tune → the highlighted method)."""

    def __init__(self, count: int, seed: int):
        self.count, self.random = count, random.Random(seed)
        self.models: list[dict] = []
        self.results: list[dict] = []
        self.ability: dict[str, float] = {}  # a model's MATH accuracy, from which other scores follow
        self.bases: list[dict] = []

    def run(self) -> None:
        for family, pattern, sizes, active in FAMILIES:
            for size in sizes:
                self.add_base(family, pattern.format(size=number(size)), size, active)
        for version in range(1, 10**6):
            for name in CLOSED:
                self.add_closed(f"{name}-{version:04d}")
            for recipe in RECIPES:
                for base in self.bases:
                    self.add_lineage(recipe, base, version)
                    if self.full():
                        return

    def full(self) -> bool:
        return len(self.models) >= self.count

    def add_model(
        self,
        name: str,
        family: str,
        size: float | None,
        active: float | None,
        method: str,
        base: dict | None,
        ability: float,
        open_weights: str = "true",
    ) -> dict | None:
        if self.full():
            return None
        model = {
            "id": slug(name),
            "name": name,
            "family": family,
            "params_b": "" if size is None else number(size),
            "active_params_b": "" if active is None else number(active),
            "method": method,
            "base_model": base["id"] if base else "",
            "open_weights": open_weights,
            "url": f"https://example.org/models/{slug(name)}" if open_weights == "true" else "",
        }
        self.models.append(model)
        self.ability[model["id"]] = max(1.0, min(92.0, ability))
        return model

    def add_base(self, family: str, name: str, size: float, active: float | None) -> None:
        effective = active or size
        ability = 4 + 9 * math.log2(1 + effective) + self.random.uniform(-3, 3)
        model = self.add_model(name, family, size, active, "base", None, ability)
        if model:
            self.bases.append(model)
            self.add_scores(model, "synthetic-base-reports")

    def add_closed(self, name: str) -> None:
        model = self.add_model(
            name,
            name.split("-")[0],
            None,
            None,
            "other",
            None,
            self.random.uniform(40, 80),
            open_weights="false",
        )
        if model:
            self.add_scores(model, "synthetic-closed-reports")

    def add_lineage(self, recipe: str, base: dict, version: int) -> None:
        name = f"{recipe}-{base['name']}-v{version}"
        source = f"synthetic-{slug(recipe)}"
        size = float(base["params_b"])
        active = float(base["active_params_b"]) if base["active_params_b"] else None
        tuned = self.add_model(
            name,
            base["family"],
            size,
            active,
            self.random.choice(["sft", "sft", "rl", "dpo"]),
            base,
            self.ability[base["id"]] + self.random.uniform(4, 18),
        )
        if not tuned:
            return
        self.add_scores(tuned, source)
        stepped = self.add_model(
            f"{name} + {HIGHLIGHT_LABEL}",
            base["family"],
            size,
            active,
            HIGHLIGHT,
            tuned,
            self.ability[tuned["id"]] + self.random.uniform(0.8, 5.5),
        )
        if stepped:
            self.add_scores(stepped, source)

    def add_scores(self, model: dict, source: str) -> None:
        """MATH and GSM8K always; AIME 2024 and Odyssey-MATH for about a third of the models.
        A few models are also scored under a second setting, as the paper re-evaluates some."""
        ability = self.ability[model["id"]]
        jitter = self.random.uniform
        scores = {"math": ability, "gsm8k": min(97.5, 38 + 0.75 * ability + jitter(-3, 3))}
        if self.random.random() < 0.35:
            scores["aime-2024"] = max(0, min(30, round((ability - 35) / 4 + jitter(-1, 1))))
            scores["odyssey-math"] = max(1.0, min(80.0, 0.7 * ability + jitter(-4, 4)))
        settings = [""] + ([SETTING] if self.random.random() < 0.05 else [])
        for setting in settings:
            shift = jitter(-1.5, 1.5) if setting else 0
            for benchmark, score in scores.items():
                text = str(score) if benchmark == "aime-2024" else f"{max(0.1, score + shift):.1f}"
                self.results.append(
                    {
                        "model": model["id"],
                        "benchmark": benchmark,
                        "score": text,
                        "setting": setting,
                        "source": source,
                        "locator": "Table 1",
                        "note": "",
                    }
                )


def write_data(destination: Path, count: int, seed: int = SEED) -> Path:
    """Write `site.yaml`, `sources.yaml`, `benchmarks.yaml`, `models.csv`, `results.csv` and
    `figures.yaml`, and copy the real `methods.yaml`."""
    # Load inputs.
    benchmarks = yaml.safe_load((REAL_DATA / "benchmarks.yaml").read_text(encoding="utf-8"))
    real_sources = yaml.safe_load((REAL_DATA / "sources.yaml").read_text(encoding="utf-8"))

    # Process data.
    generator = Generator(count, seed)
    generator.run()
    cited = {benchmark["source"] for benchmark in benchmarks}
    sources = [source for source in real_sources if source["id"] in cited]
    for recipe in ["base", "closed", *RECIPES]:
        name = recipe if recipe in RECIPES else f"{recipe.title()} model"
        sources.append(
            {
                "id": f"synthetic-{slug(recipe)}" + ("-reports" if recipe in ("base", "closed") else ""),
                "title": f"{name}: synthetic results for the scale benchmark (not real numbers)",
                "organisation": True,
                "authors": ["benchmarks/synthetic.py"],
                "year": 2026,
                "url": f"https://example.org/synthetic/{slug(recipe)}",
            }
        )

    # Save outputs.
    destination.mkdir(parents=True, exist_ok=True)
    dump = {"sort_keys": False, "allow_unicode": True, "width": 1000}
    (destination / "benchmarks.yaml").write_text(yaml.safe_dump(benchmarks, **dump), encoding="utf-8")
    (destination / "sources.yaml").write_text(yaml.safe_dump(sources, **dump), encoding="utf-8")
    (destination / "figures.yaml").write_text(yaml.safe_dump([figure(generator)], **dump), encoding="utf-8")
    (destination / "methods.yaml").write_bytes((REAL_DATA / "methods.yaml").read_bytes())
    (destination / "site.yaml").write_text(yaml.safe_dump(site(), **dump), encoding="utf-8")
    write_csv(destination / "models.csv", generator.models)
    write_csv(destination / "results.csv", generator.results)
    return destination


def site() -> dict:
    return {
        "name": "Synthetic leaderboard",
        "title": "A synthetic leaderboard",
        "description": "Synthetic results for the scale benchmark: not real numbers.",
        "intro": "Invented by `benchmarks/synthetic.py` to measure the build at scale: **not real results**.",
        "work": "synthetic-base-reports",
        "featured_figure": "math-by-size",
        "highlight": [HIGHLIGHT],
    }


def figure(generator: Generator) -> dict:
    """Figure 1's twin: a dozen open models by size on MATH, closed models as reference lines."""
    math_scores = {
        r["model"]: float(r["score"])
        for r in generator.results
        if r["benchmark"] == "math" and not r["setting"]
    }
    stepped = [m for m in generator.models if m["method"] == HIGHLIGHT]
    open_models = (stepped[:6] + [m for m in generator.models if m["method"] == "base"][:6]) or [
        m for m in generator.models if m["params_b"]
    ][:12]
    closed = [m for m in generator.models if not m["params_b"]][:3]
    shown = [math_scores[m["id"]] for m in open_models + closed]
    low, high = math.floor(min(shown, default=0) / 5) * 5, math.ceil(max(shown, default=100) / 5) * 5
    return {
        "id": "math-by-size",
        "title": "Accuracy on the MATH test set (synthetic)",
        "benchmark": "math",
        "source": "synthetic-base-reports",
        "locator": "Figure 1",
        "caption": "Synthetic data for the scale benchmark: not real results.",
        "x_ticks": sorted({as_number(m["params_b"]) for m in open_models}),
        "y_domain": [max(0, low - 5), min(100, high + 5)],
        "y_tick_step": 5,
        "points": [{"model": m["id"], "label": m["name"]} for m in open_models],
        "reference_lines": [{"model": m["id"], "label": m["name"]} for m in closed],
    }


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of models")
    parser.add_argument("destination", type=Path, help="the data folder to write")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    write_data(args.destination, args.count, args.seed)
    print(f"{args.destination}: {args.count} synthetic models")
    return 0


if __name__ == "__main__":
    sys.exit(main())
