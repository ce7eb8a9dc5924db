"""Find the Chromium the browser tests and benchmarks drive, installing one when there is none.

    python -m tools.browser     print the browser's path (installing one if needed), or exit 1

The search order: `$CHROMIUM_PATH`, a Chromium or Chrome on the `PATH`, Playwright's own Chromium.
When none is found it installs one: Debian's `chromium` package (after `apt-get update`) when it runs
as root on Debian, `python -m playwright install chromium` elsewhere. When that cannot work either,
it says in one sentence what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WHAT_TO_INSTALL = (
    "no Chromium found and none could be installed: install Chromium or Google Chrome "
    "(on Debian: apt-get install chromium), or set CHROMIUM_PATH to one"
)


class NoBrowser(Exception):
    """No browser is on this machine and none could be installed."""


def playwright_chromium() -> str | None:
    """The Chromium that `playwright install chromium` put on this machine, if it did."""
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # Playwright's driver could not start: as good as no browser
        return None
    return path if path and Path(path).is_file() else None


def find(
    env: dict[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
    playwright: Callable[[], str | None] = playwright_chromium,
) -> str | None:
    """The browser this machine has, in the documented order, or None."""
    named = env.get("CHROMIUM_PATH")
    if named:
        found = which(named)
        if not found:
            raise NoBrowser(f"CHROMIUM_PATH is {named!r}, which is not a program on this machine")
        return found
    for name in NAMES:
        if found := which(name):
            return found
    return playwright()


def install_commands(
    is_root: bool, is_debian: bool, has_apt: bool, python: str = sys.executable
) -> list[list[str]]:
    """How to install a browser here: Debian's package as root on Debian, else Playwright's."""
    if is_root and is_debian and has_apt:
        return [
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "chromium"],
        ]
    return [[python, "-m", "playwright", "install", "chromium"]]


def ensure(run: Callable[[list[str]], int] | None = None) -> str:
    """The browser's path, installing one first when this machine has none."""
    if found := find():
        return found
    commands = install_commands(
        is_root=hasattr(os, "geteuid") and os.geteuid() == 0,
        is_debian=Path("/etc/debian_version").exists(),
        has_apt=shutil.which("apt-get") is not None,
    )
    run = run or _run
    for command in commands:
        print(f"no Chromium found; installing one: {' '.join(command)}", file=sys.stderr)
        if run(command) != 0:
            raise NoBrowser(WHAT_TO_INSTALL)
    if found := find():
        return found
    raise NoBrowser(WHAT_TO_INSTALL)


def _run(command: list[str]) -> int:
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:  # the installer's own output goes to stderr: stdout carries the path alone
        return subprocess.run(command, env=env, stdout=sys.stderr).returncode
    except OSError:
        return 1


def main() -> int:
    try:
        print(ensure())
    except NoBrowser as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
