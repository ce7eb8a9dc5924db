"""Static assets the site serves itself: the Vega JavaScript bundle.

Charts are compiled from Vega-Lite to Vega at build time (`chart_files`), so pages need Vega alone:
no Vega-Lite compiler and no vega-embed at run time. vl-convert bundles its own copy of Vega,
offline, in about a second: 572 KB (200 KB gzip), against 876 KB (298 KB gzip) for its default
bundle of vega, vega-lite and vega-embed. The bundle is cached per vl-convert version.
"""

from __future__ import annotations

from pathlib import Path

import vl_convert

from .. import cache

VEGA_BUNDLE = "assets/vendor/vega.bundle.js"  # charts.js loads it by this name


def vega_snippet(vega_version: str) -> str:
    """What the bundle runs: Vega's whole module as `window.vega`, as Vega's own build names it.

    vl-convert's snippet gets Vega as a default import, which Vega 6 does not have (`vega` is null
    there), so the snippet imports the module itself, under the name vl-convert's bundler resolves
    from its built-in copy of Vega (a module name, never fetched)."""
    return (
        f'import * as vegaModule from "https://cdn.jsdelivr.net/npm/vega@{vega_version}/+esm";\n'
        "window.vega = vegaModule;\n"
    )


def vega_bundle(folder: Path = cache.ROOT) -> bytes:
    """`window.vega`, wrapped so that the bundle's internal names stay out of `window`."""
    version, vega_version = vl_convert.__version__, vl_convert.get_vega_version()
    path = folder / f"vega-{vega_version}-vl-convert-{version}.{cache.FORMAT}.js"
    if cached := cache.read(path):
        return cached
    bundle = vl_convert.javascript_bundle(vega_snippet(vega_version))
    header = f"/* vega {vega_version} (window.vega), bundled by vl-convert-python {version} */\n"
    return cache.store(path, f"{header}(function(){{\n{bundle}\n}})();\n".encode())
