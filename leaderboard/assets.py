"""Static assets the site serves itself: the Vega, Vega-Lite and vega-embed JavaScript bundle.

vl-convert builds the bundle offline in about two seconds; it is cached per vl-convert version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import vl_convert

CACHE = Path(__file__).resolve().parent.parent / ".cache"
VEGA_BUNDLE = "assets/vendor/vega-embed.bundle.js"


def vega_bundle(cache: Path = CACHE) -> bytes:
    """vegaEmbed, wrapped so that the bundle's ~2,500 internal names stay out of `window`."""
    version = vl_convert.__version__
    path = cache / f"vega-embed-{version}.js"
    if not path.exists():
        bundle = vl_convert.javascript_bundle()
        header = f"/* vega, vega-lite, vega-embed from vl-convert-python {version} */\n"
        wrapped = f"{header}(function(){{\n{bundle}\n}})();\n"
        cache.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{hashlib.sha1(wrapped.encode()).hexdigest()[:8]}.tmp")
        tmp.write_text(wrapped, encoding="utf-8")
        tmp.replace(path)
    return path.read_bytes()
