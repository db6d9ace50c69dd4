"""`python3 dev.py test` gets a Chromium for the browser tests on a fresh machine, or says
what to install: the browser tests run, never skip."""

import subprocess
from pathlib import Path

import pytest

import dev


@pytest.mark.parametrize(
    "args, expected",
    [
        ([], True),
        (["-q", "-x"], True),
        (["tests"], True),
        (["tests/browser/test_reader.py::test_search_narrow_open_read_and_return"], True),
        (["-k", "reader"], True),  # "reader" is an option's value, not a path
        (["tests/parsing"], False),
        (["tests/parsing/test_pdf.py", "-k", "bomb"], False),
    ],
)
def test_the_browser_is_needed_only_when_its_tests_are_collected(args, expected):
    assert dev.runs_browser_tests(args) is expected


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    """A machine with no Chromium anywhere, where the test itself sees what dev.py runs."""
    monkeypatch.delenv("CHROMIUM", raising=False)
    monkeypatch.setattr(dev, "DEBIAN_CHROMIUM", tmp_path / "no-chromium")
    ran = []

    def fake_call(command, **kwargs):
        ran.append(command)
        return 1

    monkeypatch.setattr(subprocess, "call", fake_call)
    monkeypatch.setattr(dev, "run", lambda *args: ran.append([str(a) for a in args]) or 1)
    monkeypatch.setattr(dev, "playwright_chromium", lambda python: None)
    return ran


def test_as_root_with_apt_it_installs_debian_s_chromium(no_chromium, monkeypatch, tmp_path):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 0)
    monkeypatch.setattr(dev.shutil, "which", lambda name: "/usr/bin/apt-get" if name == "apt-get" else None)
    installed = tmp_path / "chromium"

    def apt(command, **kwargs):
        no_chromium.append(command)
        if command[:2] == ["apt-get", "install"]:
            installed.write_text("")
        return 0

    monkeypatch.setattr(subprocess, "call", apt)
    monkeypatch.setattr(dev, "DEBIAN_CHROMIUM", installed)
    assert dev.find_or_get_chromium(Path("python")) == str(installed)
    assert no_chromium == [
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"],
    ]


def test_without_root_it_asks_playwright_and_else_says_what_to_install(no_chromium, monkeypatch):
    monkeypatch.setattr(dev.os, "geteuid", lambda: 1000)
    with pytest.raises(SystemExit) as stopped:
        dev.find_or_get_chromium(Path("python"))
    assert no_chromium == [["python", "-m", "playwright", "install", "chromium"]]
    assert str(stopped.value).startswith(
        "dev.py: the browser tests need Chromium and none could be installed. Install Debian's "
        "(`sudo apt-get install chromium`)"
    )


def test_chromium_named_by_the_environment_wins(monkeypatch, tmp_path):
    named = tmp_path / "my-chromium"
    named.write_text("")
    monkeypatch.setenv("CHROMIUM", str(named))
    assert dev.find_or_get_chromium(Path("python")) == str(named)
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "missing"))
    with pytest.raises(SystemExit, match="is not a file"):
        dev.find_or_get_chromium(Path("python"))
