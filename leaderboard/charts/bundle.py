"""Static assets the site serves itself: the Vega JavaScript bundle.

Charts are compiled from Vega-Lite to Vega at build time (`chart_files`), so pages need Vega alone:
no Vega-Lite compiler and no vega-embed at run time. And not all of Vega: its parser and view, and
the transforms the site's charts can use, registered as Vega's own index registers them. The rest
(maps, force layouts, trees, labels, regressions, Voronoi cells, word clouds, crossfilters, with
the d3 modules behind them) is a quarter of Vega: the whole of it is 572 KB (201 KB gzip), the
site's 439 KB (152 KB gzip). `unbundled` names any part of a compiled spec that the bundle leaves
out, and the build stops on it (`files.vega_bytes`).

vl-convert bundles from its own copy of Vega's modules, offline, in about a second, resolving each
module by the address Vega's build imports it from (never fetched): so MODULES pins the versions
of those modules in the vl-convert that requirements.txt pins. The bundle is cached per
vl-convert version and per snippet.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert

from .. import cache

VEGA_BUNDLE = "assets/vendor/vega.bundle.js"  # charts.js loads it by this name

# The modules of Vega in vl-convert 1.9.0, which bundles Vega 6.2.0.
VL_CONVERT = "1.9.0"
MODULES = {
    "vega-util": "2.1.0",
    "vega-dataflow": "6.1.0",
    "vega-transforms": "5.1.0",  # aggregate, bin, filter, formula, window...: the data transforms
    "vega-view-transforms": "5.1.0",  # bound, mark, render, viewlayout...: what every view runs
    "vega-encode": "5.1.0",  # encode, scale, stack, pie, legend and axis entries
    "vega-view": "6.1.0",
    "vega-parser": "7.1.0",
}

# What the bundle leaves out: Vega's transforms of the modules it does not register, by module.
LEFT_OUT = {
    "vega-geo": {"contour", "geojson", "geopath", "geopoint", "geoshape", "graticule", "heatmap"}
    | {"isocontour", "kde2d", "projection"},
    "vega-force": {"force"},
    "vega-hierarchy": {"nest", "pack", "partition", "stratify", "tree", "treelinks", "treemap"},
    "vega-label": {"label"},
    "vega-regression": {"loess", "regression"},
    "vega-voronoi": {"voronoi"},
    "vega-wordcloud": {"wordcloud"},
    "vega-crossfilter": {"crossfilter", "resolvefilter"},
}


def vega_snippet() -> str:
    """What the bundle runs: Vega's parser and view, with the transforms of MODULES registered, as
    `window.vega` (the names charts.js uses: View, parse, Warn)."""

    def address(name: str) -> str:
        return f"https://cdn.jsdelivr.net/npm/{name}@{MODULES[name]}/+esm"

    return (
        f'import {{ extend, Warn }} from "{address("vega-util")}";\n'
        f'import {{ transforms }} from "{address("vega-dataflow")}";\n'
        f'import * as data from "{address("vega-transforms")}";\n'
        f'import * as view from "{address("vega-view-transforms")}";\n'
        f'import * as encode from "{address("vega-encode")}";\n'
        f'import {{ View }} from "{address("vega-view")}";\n'
        f'import {{ parse }} from "{address("vega-parser")}";\n'
        "extend(transforms, data, view, encode);\n"
        f'window.vega = {{ View, parse, Warn, version: "{vl_convert.get_vega_version()}" }};\n'
    )


def unbundled(vega_spec: dict) -> list[str]:
    """What a compiled Vega spec uses that the bundle leaves out: each as `a TYPE transform (MODULE)`
    or `a projection (vega-geo)`, once, in the order found."""
    module_of = {transform: module for module, transforms in LEFT_OUT.items() for transform in transforms}
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for transform in node.get("transform") or []:
                kind = str(transform.get("type", "")).lower() if isinstance(transform, dict) else ""
                if kind in module_of:
                    found.append(f"a {kind} transform ({module_of[kind]})")
            if node.get("projections"):
                found.append("a projection (vega-geo)")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(vega_spec)
    return list(dict.fromkeys(found))


def vega_bundle(folder: Path = cache.ROOT) -> bytes:
    """`window.vega`, wrapped so that the bundle's internal names stay out of `window`."""
    version, vega_version = vl_convert.__version__, vl_convert.get_vega_version()
    if not version.startswith(VL_CONVERT):
        raise RuntimeError(
            f"leaderboard/charts/bundle.py: MODULES are the versions of Vega's modules in vl-convert "
            f"{VL_CONVERT}, but vl-convert {version} is installed: look up the versions it bundles "
            "and update VL_CONVERT and MODULES"
        )
    snippet = vega_snippet()
    digest = hashlib.sha256(snippet.encode()).hexdigest()[:12]  # a new bundle when MODULES change
    path = folder / f"vega-{vega_version}-{digest}-vl-convert-{version}.{cache.FORMAT}.js"
    if cached := cache.read(path):
        return cached
    bundle = vl_convert.javascript_bundle(snippet)
    modules = ", ".join(MODULES)
    header = f"/* vega {vega_version} (window.vega: {modules}), bundled by vl-convert-python {version} */\n"
    return cache.store(path, f"{header}(function(){{\n{bundle}\n}})();\n".encode())
