"""MkDocs hook: raw-HTML tables skip Markdown, and model pages of one shape are rendered once.

A site of 10,000 models spent most of its build (benchmarks/scale.py) parsing the generated tables
with Python-Markdown and the search plugin, and running the theme's template once per model page.
This hook removes both costs and changes no byte of the site:

1. **Tables skip Markdown.** A raw-HTML block that search skips (`data-search-exclude`: every
   generated table) is set aside before Markdown runs and put back into the finished page.
   Markdown would have passed it through unchanged, and search would have skipped it.
2. **One rendering per shape.** Model pages (`models/<id>.md`) differ only in their title,
   description, address and raw-HTML blocks. The pages of one shape (the same headings and text
   around the blocks) are rendered once, as a shell page holding placeholders; each model page
   is that shell with its own values put in, and so are its search and sitemap entries.

A model page that does not fit the shape (another front-matter key, an <h1> that is not its title,
a shape no other page shares) is built by MkDocs as usual. `LB_FAST_PAGES=0` turns the hook off:
tests/test_fast_pages.py builds the site both ways and compares every page, the search index and
the sitemap. Zensical runs no hooks and builds the same Markdown the usual way.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import os
import re
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

from mkdocs import utils
from mkdocs.structure.files import File, Files, InclusionLevel

log = logging.getLogger("mkdocs.hooks.fast_pages")

ENABLED = os.environ.get("LB_FAST_PAGES", "1") != "0"
MODEL_PAGE = re.compile(r"models/(?!index\.md$)[^/]+\.md")
# Placeholders: letters and digits only, so that no escaping or slug function changes them.
MARK = "Lbq7fast"
TITLE, DESCRIPTION, SHELL = f"{MARK}Title", f"{MARK}Description", f"lb-shell-{{}}-{MARK.lower()}"
SLOT = '<div data-lb-slot="{}" data-search-exclude></div>'
FRONT_MATTER = re.compile(r'---\ntitle: ("(?:[^"\\\n]|\\.)*")\ndescription: ("(?:[^"\\\n]|\\.)*")\n---\n\n')
OPENING_TAG = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*>")
BLOCK_TAGS = {"div", "table", "ul", "ol", "dl", "p", "figure", "section", "details", "blockquote", "pre"}
# What the search plugin removes from every page's content (material/plugins/search/plugin.py).
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


@dataclass
class ModelPage:
    file: File
    title: str
    description: str
    blocks: list[str]


@dataclass
class Shell:
    slug: str
    pages: list[ModelPage]


_shells: dict[str, Shell] = {}  # by the shell's src_uri
_set_aside: dict[str, list[str]] = {}  # raw-HTML blocks of a page, by src_uri
_built_here: set[str] = set()  # the src_uri of every model page made from a shell
_order: dict[str, int] = {}  # every page's URL, in the order MkDocs would build it


# Events, in the order MkDocs calls them ---------------------------------------------------------
def on_files(files: Files, config) -> Files:
    _shells.clear()
    _set_aside.clear()
    _order.clear()
    _built_here.clear()
    if not ENABLED:
        return files
    shapes: dict[str, list[ModelPage]] = {}
    for file in files.documentation_pages():
        if MODEL_PAGE.fullmatch(file.src_uri):
            parsed = _model_page(file)
            if parsed:
                shapes.setdefault(parsed[0], []).append(parsed[1])
    alone = 0
    for skeleton, pages in shapes.items():
        if len(pages) < 2:  # a shape of its own: MkDocs builds it as usual
            alone += len(pages)
            continue
        slug = SHELL.format(len(_shells))
        shell = File.generated(config, f"models/{slug}.md", content=skeleton)
        shell.inclusion = InclusionLevel.NOT_IN_NAV
        files.append(shell)
        _shells[shell.src_uri] = Shell(slug, pages)
        for page in pages:
            page.file.inclusion = InclusionLevel.EXCLUDED
            _built_here.add(page.file.src_uri)
    everything = files.documentation_pages(inclusion=lambda level: True)
    _order.update(
        (_page_url(file), number) for number, file in enumerate(everything) if file.src_uri not in _shells
    )
    if _shells:
        log.info(
            "%d model pages from %d renderings, %d built as usual (fast_pages.py)",
            len(_built_here),
            len(_shells),
            alone,
        )
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    if not ENABLED or page.file.src_uri in _shells:
        return markdown
    end = markdown[len(markdown.rstrip("\n")) :]
    chunks = markdown[: len(markdown) - len(end)].split("\n\n")
    blocks = []
    for number, chunk in enumerate(chunks):
        if _skips_markdown(chunk):
            chunks[number] = SLOT.format(len(blocks))
            blocks.append(chunk)
    if not blocks:
        return markdown
    _set_aside[page.file.src_uri] = blocks
    return "\n\n".join(chunks) + end


def on_post_page(output: str, page, config) -> str:
    src = page.file.src_uri
    if src in _shells:
        _write_model_pages(output, _shells[src], Path(config["site_dir"]))
    elif src in _set_aside:
        blocks = [SEARCH_ATTRIBUTES.sub("", block) for block in _set_aside.pop(src)]
        output = _filled(_PLACEHOLDERS.split(output), blocks, {})
    return output


def on_post_build(config) -> None:
    if not _shells:
        return
    site = Path(config["site_dir"])
    _rewrite_search_index(site / "search" / "search_index.json")
    _rewrite_sitemap(site / "sitemap.xml", config["site_url"] or "")
    for shell in _shells.values():
        shutil.rmtree(site / "models" / shell.slug, ignore_errors=True)


# Model pages -------------------------------------------------------------------------------------
def _model_page(file: File) -> tuple[str, ModelPage] | None:
    """The page's shape (its Markdown with placeholders) and its own values; None if it has none."""
    text = file.content_string
    front = FRONT_MATTER.match(text)
    if not front:
        return None
    title, description = json.loads(front.group(1)), json.loads(front.group(2))
    heading = f'<h1 id="model">{title}</h1>'  # front matter holds the title as HTML
    body = text[front.end() :]
    end = body[len(body.rstrip("\n")) :]
    skeleton, blocks = [], []
    for chunk in body.removesuffix(end).split("\n\n") if end else body.split("\n\n"):
        if chunk == heading:
            chunk = f'<h1 id="model">{TITLE}</h1>'
        elif _skips_markdown(chunk):
            blocks.append(SEARCH_ATTRIBUTES.sub("", chunk))
            chunk = SLOT.format(len(blocks) - 1)
        elif MARK in chunk:
            return None
        skeleton.append(chunk)
    if MARK in title + description:
        return None
    head = f"---\ntitle: {json.dumps(TITLE)}\ndescription: {json.dumps(DESCRIPTION)}\n---\n\n"
    return head + "\n\n".join(skeleton) + end, ModelPage(file, title, description, blocks)


def _write_model_pages(output: str, shell: Shell, site: Path) -> None:
    parts = _PLACEHOLDERS.split(output)
    for page in shell.pages:
        # Title and description are HTML, as Material prints them.
        values = {TITLE: page.title, DESCRIPTION: page.description, shell.slug: _slug(page)}
        text = _filled(parts, page.blocks, values)
        utils.write_file(text.encode("utf-8"), str(site / page.file.dest_uri))


def _rewrite_search_index(path: Path) -> None:
    if not path.exists():
        raise RuntimeError(f"{path}: no search index to add the model pages to (is `search` on?)")
    index = json.loads(path.read_text(encoding="utf-8"))
    docs, done = [], set()
    for entry in index["docs"]:
        shell = _shell_of(entry["location"])
        if shell is None:
            docs.append(entry)
        elif shell.slug not in done:
            done.add(shell.slug)
            entries = [e for e in index["docs"] if _shell_of(e["location"]) is shell]
            for page in shell.pages:
                slug = _slug(page)
                title = html.escape(html.unescape(page.title), quote=False)  # as search's parser has it
                for e in entries:
                    docs.append({key: _fill(value, shell.slug, slug, title) for key, value in e.items()})
    index["docs"] = sorted(docs, key=lambda entry: _position(entry["location"].split("#")[0]))
    path.write_text(json.dumps(index, separators=(",", ":"), default=str), encoding="utf-8")


def _rewrite_sitemap(path: Path, site_url: str) -> None:
    """Each shell's entry becomes its pages' entries; all in the order MkDocs would list them."""
    if not path.exists():
        return
    text = path.read_text(encoding="utf-8")
    entries = list(_SITEMAP_ENTRY.finditer(text))
    if not entries:
        return
    blocks = []
    for entry in entries:
        url = entry.group("loc").removeprefix(site_url)
        shell = _shell_of(url)
        if shell is None:
            blocks.append((url, entry.group(0)))
        else:
            blocks += [
                (_page_url(page.file), entry.group(0).replace(shell.slug, _slug(page)))
                for page in shell.pages
            ]
    blocks.sort(key=lambda block: _position(block[0]))
    text = text[: entries[0].start()] + "".join(block for _, block in blocks) + text[entries[-1].end() :]
    path.write_text(text, encoding="utf-8")
    zipped = path.with_name(path.name + ".gz")
    if zipped.exists():  # as MkDocs writes it, with the time it wrote
        (mtime,) = struct.unpack("<I", zipped.read_bytes()[4:8])
        with (
            open(zipped, "wb") as out,
            gzip.GzipFile(fileobj=out, filename=str(zipped), mode="wb", mtime=mtime) as gz,
        ):
            gz.write(text.encode("utf-8"))


# Helpers -----------------------------------------------------------------------------------------
def _skips_markdown(chunk: str) -> bool:
    """A whole raw-HTML block that search skips: Markdown passes it through, search ignores it."""
    opening = OPENING_TAG.match(chunk)
    return bool(
        opening
        and opening.group(1) in BLOCK_TAGS
        and "data-search-exclude" in opening.group(0)
        and not chunk.startswith("<div data-lb-slot=")
        and chunk.endswith(f"</{opening.group(1)}>")
    )


# Split by this, a page is [text, slot number or None, value placeholder or None, text, ...].
_PLACEHOLDERS = re.compile(
    rf'<div data-lb-slot="(\d+)" data-search-exclude></div>'
    rf"|({TITLE}|{DESCRIPTION}|lb-shell-\d+-{MARK.lower()})"
)


def _filled(parts: list[str | None], blocks: list[str], values: dict[str, str]) -> str:
    """The page with each slot's block and each placeholder's value put in."""
    pieces = []
    for number, part in enumerate(parts):
        if number % 3 == 0:
            pieces.append(part)
        elif part is not None:
            pieces.append(blocks[int(part)] if number % 3 == 1 else values.get(part, part))
    return "".join(pieces)


def _page_url(file: File) -> str:
    """The page's address as search and the sitemap write it: the home page is "", not "./"."""
    return "" if file.url == "./" else file.url


def _slug(page: ModelPage) -> str:
    return page.file.src_uri.removeprefix("models/").removesuffix(".md")


_SITEMAP_ENTRY = re.compile(r"\s*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>", re.S)


def _position(url: str) -> int:
    return _order.get(url, len(_order))


def _shell_of(location: str) -> Shell | None:
    for shell in _shells.values():
        if location.startswith(f"models/{shell.slug}/"):
            return shell
    return None


def _fill(value, shell_slug: str, slug: str, title: str):
    if not isinstance(value, str):
        return value
    return value.replace(shell_slug, slug).replace(TITLE, title)


_EXCLUDED_LINK = re.compile(r"contains a link to '([^']+)' which is excluded from the built site\.$")


class _ExcludedLinks(logging.Filter):
    """MkDocs notes each link to a page it does not build; these pages are built here."""

    def filter(self, record: logging.LogRecord) -> bool:
        link = _EXCLUDED_LINK.search(record.getMessage())
        return not (link and link.group(1) in _built_here)


logging.getLogger("mkdocs.structure.pages").addFilter(_ExcludedLinks())
