"""Static images of a chart, drawn at build time with vl-convert: SVG in each colour scheme, PNG,
and for the headline chart, the PNG that link previews show (Open Graph and Twitter cards).

The SVG is what a visitor sees at first paint and without JavaScript; the PNG is a download.
Drawing takes 30–60 ms a chart after the first (about 0.5 s), so images are cached (`cache`)
by the spec they were drawn from and the vl-convert version. Text is measured and painted with the
Liberation Sans that vl-convert carries, never the machine's fonts (`bundled_fonts`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import vl_convert

from .. import cache

CACHE = cache.ROOT / "chart-images"
STATIC_WIDTH = 760  # px: about the width of Material's content column on a desktop
NARROW_WIDTH = 340  # px: a phone's (360 px wide) content column
PREVIEW_SIZE = (1200, 630)  # px: the size Open Graph and Twitter previews show without cropping


def static_spec(
    spec: dict, dark: bool = False, background: str | None = None, width: int = STATIC_WIDTH
) -> dict:
    """The spec at a fixed width, its theme param set, and its interaction switches at their start."""
    static = {**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}}
    static["params"] = [
        {**p, "value": dark} if p.get("name") == "dark" else p for p in spec.get("params", [])
    ]
    if background:
        static["background"] = background
    return static


def svg(spec: dict, dark: bool = False, width: int = STATIC_WIDTH) -> bytes:
    """The chart drawn on light; on dark, the same drawing with each colour swapped for its dark one."""
    drawn = cached_image(
        static_spec(spec, False, width=width), "svg", lambda s: vl_convert.vegalite_to_svg(s).encode("utf-8")
    )
    light = stable_ids(drawn)
    return on_dark(light, spec) if dark else light


THEMED = re.compile(r"dark \? '([^']*)' : '([^']*)'")  # how specs.themed writes a colour in the spec


def on_dark(image: bytes, spec: dict) -> bytes:
    """The light drawing in the dark scheme. The `dark` param changes colours alone (specs.themed),
    so swapping each colour of a fill or stroke gives the bytes vl-convert draws with `dark` set,
    in no time instead of a second drawing."""
    colours = {light.encode(): dark.encode() for dark, light in THEMED.findall(json.dumps(spec))}
    if not colours:
        return image
    either = b"|".join(re.escape(colour) for colour in sorted(colours, key=len, reverse=True))
    painted = re.compile(rb'((?:fill|stroke)=")(' + either + rb')(")')
    return painted.sub(lambda m: m.group(1) + colours[m.group(2)] + m.group(3), image)


VEGA_IDS = re.compile(rb'(id="|url\(#|href="#)(clip|gradient_)(\d+)')


def stable_ids(image: bytes) -> bytes:
    """Vega numbers clip paths and gradients with counters that run on across every drawing in a
    process (clip1 when drawn first, clip19 after other charts): renumber them from 1 in each image,
    so its bytes depend on its spec alone, whether drawn afresh or read from the cache."""
    numbers: dict[bytes, bytes] = {}

    def renumber(match: re.Match) -> bytes:
        prefix, kind, number = match.groups()
        if kind + number not in numbers:
            numbers[kind + number] = kind + str(sum(k.startswith(kind) for k in numbers) + 1).encode()
        return prefix + numbers[kind + number]

    return VEGA_IDS.sub(renumber, image)


def png(spec: dict) -> bytes:
    """The light SVG on white, at twice its size. vl-convert draws a PNG as an SVG first: painting
    the SVG already drawn gives the same bytes as `vegalite_to_png` in half the time."""
    return cached_image(
        static_spec(spec, background="white"),
        "png",
        lambda _: vl_convert.svg_to_png(on_white(svg(spec)), scale=2),
    )


def preview(spec: dict) -> bytes:
    """The chart as a PNG on white at the size of link previews, its axes and legend inside it."""
    width, height = PREVIEW_SIZE
    spec = {
        **spec,
        "width": width,
        "height": height,
        "autosize": {"type": "fit", "contains": "padding"},
        "background": "white",
        "padding": {"left": 24, "right": 24, "top": 16, "bottom": 16},
    }
    return cached_image(spec, "preview.png", lambda spec: vl_convert.vegalite_to_png(spec, scale=1))


SVG_OPENING = re.compile(rb"<svg\b[^>]*>")


def on_white(image: bytes) -> str:
    """The SVG with the white rectangle Vega draws first when the spec's background is white."""
    width, height = svg_size(image)
    opening = SVG_OPENING.search(image)
    rect = f'<rect width="{width}" height="{height}" fill="white"/>'.encode()
    return (image[: opening.end()] + rect + image[opening.end() :]).decode("utf-8")


def svg_size(image: bytes) -> tuple[int, int]:
    """The width and height an SVG from vl-convert declares."""
    head = image[:400].decode("utf-8", "replace")
    width, height = (
        int(float(re.search(rf'{name}="([\d.]+)"', head).group(1))) for name in ("width", "height")
    )
    return width, height


def cached_image(spec: dict, suffix: str, draw) -> bytes:
    """`draw(spec)`, cached in .cache/ by spec and vl-convert version (drawing takes 0.05–0.6 s)."""
    text = json.dumps(spec, sort_keys=True)
    key = f"{vl_convert.__version__} {FONTS} {cache.FORMAT}\n{text}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    path = CACHE / f"{digest}.{suffix}"
    if image := cache.read(path):
        return image
    bundled_fonts()
    return cache.store(path, draw(spec))


FONTS = "bundled Liberation Sans"  # part of each cached image's key


@functools.cache
def bundled_fonts() -> None:
    """Make vl-convert measure and paint text with the Liberation Sans it carries in memory.

    vl-convert loads fonts once, at its first drawing: the machine's, from the folders that
    fontconfig's file lists (FONTCONFIG_FILE), then its own copy. Given a file that lists an empty
    folder, it has its own copy alone. So the images are the same on every machine whatever fonts
    it has, and they are drawn about four times faster: a font loaded from a file is opened and
    mapped again for each piece of text measured, about 10,000 times a chart. The variable is
    set for that first drawing only, so no other program (Chromium in the tests) ever sees it.
    """
    before = os.environ.get("FONTCONFIG_FILE")
    with tempfile.TemporaryDirectory(prefix="no-fonts-") as folder:
        config = Path(folder) / "fonts.conf"
        config.write_text(f"<fontconfig><dir>{escape(folder)}</dir></fontconfig>\n", encoding="utf-8")
        os.environ["FONTCONFIG_FILE"] = str(config)
        try:
            vl_convert.vegalite_to_svg(FIRST_DRAWING)
        finally:
            if before is None:
                del os.environ["FONTCONFIG_FILE"]
            else:
                os.environ["FONTCONFIG_FILE"] = before


FIRST_DRAWING = {"mark": "text", "data": {"values": [{}]}, "encoding": {"text": {"value": "Aa"}}}
