#!/usr/bin/env python3
"""Quick start on a machine with only Python 3.11+ (no make, no Docker, no PostgreSQL).

    python3 dev.py serve          create .venv, migrate, import sample/, run the site on 127.0.0.1:8000
                                  and the import worker that runs curators' uploads
    python3 dev.py test [ARGS]    create .venv, run pytest (ARGS go to pytest)
    python3 dev.py lint           ruff check, ruff format --check, makemigrations --check

Standard library only: this file runs before any dependency is installed.
"""

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
REQUIREMENTS = ("requirements.txt", "requirements-dev.txt")
# Hash of the requirements last installed, so an unchanged venv starts in a second.
STAMP = VENV / "requirements.sha256"


def step(message: str) -> None:
    print(f"dev.py: {message}", flush=True)


def run(*args) -> int:
    # No shell: this script's own commands, with the arguments its user typed.
    return subprocess.call([str(arg) for arg in args], cwd=ROOT)  # noqa: S603


def run_or_exit(*args) -> None:
    code = run(*args)
    if code:
        sys.exit(code)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def bootstrap() -> Path:
    """Create .venv if missing and install the requirements when they changed."""
    python = venv_python()
    if not python.exists():
        step(f"creating {VENV}")
        venv.create(VENV, with_pip=True)
    digest = hashlib.sha256()
    for name in REQUIREMENTS:
        digest.update((ROOT / name).read_bytes())
    if not STAMP.exists() or STAMP.read_text().strip() != digest.hexdigest():
        step("installing requirements-dev.txt into .venv")
        run_or_exit(python, "-m", "pip", "install", "--quiet", "-r", ROOT / "requirements-dev.txt")
        STAMP.write_text(digest.hexdigest() + "\n")
    return python


def serve(python: Path, args: list[str]) -> int:
    # runserver is for development: show tracebacks and serve static files from the app folders.
    os.environ.setdefault("DEBUG", "true")
    step("applying migrations")
    run_or_exit(python, "manage.py", "migrate", "--no-input")
    step("importing sample/ (unchanged debates are skipped)")
    run_or_exit(python, "manage.py", "import_statements", "sample/")
    step("starting the import worker (runs the imports curators upload in /admin/)")
    children = [start(python, "manage.py", "run_import_worker")]
    # `kill`, or closing the terminal, stops everything as Ctrl-C does.
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.default_int_handler)
    try:
        step("serving http://127.0.0.1:8000/ (Ctrl-C stops both)")
        children.append(start(python, "manage.py", "runserver", "127.0.0.1:8000", *args))
        return children[-1].wait()
    finally:
        for child in reversed(children):
            stop(child)


def start(*args) -> subprocess.Popen:
    """A child process in a process group of its own, so that stopping it stops what it
    started: runserver's autoreloader serves from a second process, which outlived a
    `kill` of this script when only the first was stopped."""
    return subprocess.Popen([str(arg) for arg in args], cwd=ROOT, start_new_session=os.name != "nt")  # noqa: S603 (as run())


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    """Stop a child and its process group, killing them if they linger. SIGTERM rather
    than SIGINT: a shell starts background jobs with SIGINT ignored, and they inherit that."""
    if os.name == "nt":
        if process.poll() is None:
            process.terminate()
        process.wait()
        return
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break  # the whole group has exited
        if _group_exited(process, timeout):
            break
    process.wait()


def _group_exited(process: subprocess.Popen, timeout: float) -> bool:
    """Whether the child and every process of its group exit within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # poll() reaps the child once it exits: a zombie would still count in its group.
        if process.poll() is not None:
            try:
                os.killpg(process.pid, 0)
            except ProcessLookupError:
                return True
        time.sleep(0.1)
    return False


def test(python: Path, args: list[str]) -> int:
    if runs_browser_tests(args):
        os.environ["CHROMIUM"] = find_or_get_chromium(python)
    step(" ".join(["running pytest", *args]))
    return run(python, "-m", "pytest", *args)


# Where the browser tests look for Chromium unless CHROMIUM says otherwise.
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")


def runs_browser_tests(args: list[str]) -> bool:
    """Whether pytest will collect tests/browser: no paths given, or a path in or above it."""
    browser = ROOT / "tests" / "browser"
    paths = [(ROOT / arg.split("::")[0]).resolve() for arg in args if not arg.startswith("-")]
    paths = [path for path in paths if path.exists()]  # not the value of an option (-k name)
    return not paths or any(path.is_relative_to(browser) or browser.is_relative_to(path) for path in paths)


def find_or_get_chromium(python: Path) -> str:
    """A Chromium for the browser tests: the one CHROMIUM names, Debian's, Playwright's;
    else Debian's installed (as root, with apt) or Playwright's downloaded. Exits with what
    to install when none can be had, so that the browser tests never silently skip."""
    named = os.environ.get("CHROMIUM")
    if named:
        if not Path(named).is_file():
            sys.exit(f"dev.py: CHROMIUM={named} is not a file")
        return named
    if DEBIAN_CHROMIUM.is_file():
        return str(DEBIAN_CHROMIUM)
    if (found := playwright_chromium(python)) is not None:
        return found
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        step("installing Debian's chromium for the browser tests (apt-get)")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for command in (
            ["apt-get", "update", "-q"],
            ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"],
        ):
            subprocess.call(command, env=env)  # noqa: S603 (fixed commands, no shell)
        if DEBIAN_CHROMIUM.is_file():
            return str(DEBIAN_CHROMIUM)
    step("downloading Playwright's Chromium for the browser tests (playwright install chromium)")
    if run(python, "-m", "playwright", "install", "chromium") == 0 and (found := playwright_chromium(python)):
        return found
    sys.exit(
        "dev.py: the browser tests need Chromium and none could be installed. Install Debian's "
        "(`sudo apt-get install chromium`) or Playwright's (`.venv/bin/python -m playwright install "
        "chromium`), or set CHROMIUM to a Chromium executable; then run `python3 dev.py test` again."
    )


def playwright_chromium(python: Path) -> str | None:
    """The Chromium `playwright install` downloaded, if it is there."""
    script = (
        "from playwright.sync_api import sync_playwright\n"
        "with sync_playwright() as p: print(p.chromium.executable_path)"
    )
    found = subprocess.run([python, "-c", script], capture_output=True, text=True, check=False)  # noqa: S603
    path = found.stdout.strip()
    return path if found.returncode == 0 and path and Path(path).is_file() else None


def lint(python: Path, args: list[str]) -> int:
    checks = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]),
        ("makemigrations --check", [python, "manage.py", "makemigrations", "--check", "--dry-run"]),
    ]
    failed = []
    for name, command in checks:
        step(name)
        if run(*command):
            failed.append(name)
    if failed:
        step("failed: " + ", ".join(failed))
    return 1 if failed else 0


COMMANDS = {"serve": serve, "test": test, "lint": lint}


def main() -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 -- dev.py runs on whatever python3 the machine has
        sys.exit("dev.py needs Python 3.11 or newer")
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(__doc__)
    command = COMMANDS[sys.argv[1]]
    try:
        return command(bootstrap(), sys.argv[2:])
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
