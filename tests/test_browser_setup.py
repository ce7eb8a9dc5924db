"""`make test` finds a browser in the documented order and installs one when there is none."""

from __future__ import annotations

import subprocess

import pytest

from tools import browser as finder


def which_of(programs: dict[str, str]):
    return programs.get


def no_playwright() -> None:
    return None


def test_chromium_path_from_the_environment_comes_first():
    programs = {"/opt/my-chrome": "/opt/my-chrome", "chromium": "/usr/bin/chromium"}
    found = finder.find({"CHROMIUM_PATH": "/opt/my-chrome"}, which_of(programs), no_playwright)
    assert found == "/opt/my-chrome"


def test_a_chromium_path_that_is_not_a_program_is_named_in_the_error():
    with pytest.raises(finder.NoBrowser, match="CHROMIUM_PATH is '/nowhere/chrome'"):
        finder.find({"CHROMIUM_PATH": "/nowhere/chrome"}, which_of({}), no_playwright)


def test_a_chromium_on_the_path_comes_before_playwrights_own():
    programs = {"google-chrome": "/usr/bin/google-chrome"}
    assert finder.find({}, which_of(programs), lambda: "/ms-playwright/chrome") == "/usr/bin/google-chrome"


def test_debians_chromium_is_preferred_to_google_chrome():
    programs = {"google-chrome": "/usr/bin/google-chrome", "chromium": "/usr/bin/chromium"}
    assert finder.find({}, which_of(programs), no_playwright) == "/usr/bin/chromium"


def test_playwrights_own_chromium_is_used_when_the_machine_has_none():
    assert finder.find({}, which_of({}), lambda: "/ms-playwright/chrome") == "/ms-playwright/chrome"


def test_with_no_browser_at_all_find_returns_none():
    assert finder.find({}, which_of({}), no_playwright) is None


def test_root_on_debian_installs_debians_chromium_after_updating_the_package_lists():
    commands = finder.install_commands(is_root=True, is_debian=True, has_apt=True)
    assert commands == [["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]]


@pytest.mark.parametrize(
    ("is_root", "is_debian", "has_apt"),
    [(False, True, True), (True, False, False), (False, False, False), (True, True, False)],
)
def test_elsewhere_playwright_installs_its_chromium(is_root, is_debian, has_apt):
    commands = finder.install_commands(is_root, is_debian, has_apt, python="/venv/bin/python")
    assert commands == [["/venv/bin/python", "-m", "playwright", "install", "chromium"]]


def test_a_failed_install_stops_with_one_sentence_that_says_what_to_install(monkeypatch):
    monkeypatch.setattr(finder, "find", lambda: None)
    ran = []
    with pytest.raises(finder.NoBrowser) as raised:
        finder.ensure(run=lambda command: ran.append(command) or 1)
    assert len(ran) == 1
    message = str(raised.value)
    assert "install Chromium or Google Chrome" in message and message.count(". ") == 0
    assert "\n" not in message


def test_the_browser_found_is_the_one_the_tests_launch(browser):
    found = finder.find()
    assert found, "make test installs a browser before the tests run"
    assert (
        browser.version.split(".")[0]
        in subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    )
