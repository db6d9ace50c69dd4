"""dev.py's children: `python3 dev.py serve` stopped by kill or Ctrl-C leaves nothing running."""

import os
import signal
import sys
import time
from pathlib import Path

import pytest

import dev

pytestmark = pytest.mark.skipif(os.name == "nt", reason="process groups are POSIX")

# Like runserver's autoreloader: a parent that serves from a child process of its own.
PARENT = """
import signal, subprocess, sys, time
{ignore}
child = subprocess.Popen([sys.executable, "-c", "import signal, time; {ignore} time.sleep(60)"])
open(sys.argv[1], "w").write(str(child.pid))
child.wait()
"""


def running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    try:
        return "\nState:\tZ" not in status.read_text()  # a zombie has exited
    except FileNotFoundError:
        return False


def started_pair(tmp_path, ignore: str = ""):
    script, pid_file = tmp_path / "parent.py", tmp_path / "child.pid"
    script.write_text(PARENT.format(ignore=ignore))
    parent = dev.start(sys.executable, script, pid_file)
    for _ in range(100):
        if pid_file.exists() and pid_file.read_text():
            return parent, int(pid_file.read_text())
        time.sleep(0.05)
    raise AssertionError("the parent did not start its child")


def test_stop_ends_the_child_and_what_it_started(tmp_path):
    parent, child = started_pair(tmp_path)
    dev.stop(parent)
    assert parent.returncode == -signal.SIGTERM
    assert not running(child)


def test_stop_kills_a_group_that_ignores_sigterm(tmp_path):
    parent, child = started_pair(tmp_path, ignore="signal.signal(signal.SIGTERM, signal.SIG_IGN);")
    dev.stop(parent, timeout=1)
    assert parent.returncode == -signal.SIGKILL
    assert not running(child)
