"""PostgreSQL stopped and started again while gunicorn serves the archive: /health/ answers 503
naming the database while it is down and 200 after, and the pages come back without the web
processes being restarted (their kept connections are checked before reuse, CONN_HEALTH_CHECKS).

The server is the one the tests run against, stopped and started by its own tools: Debian's
pg_ctlcluster for a cluster configured in /etc/postgresql, or pg_ctl for a server that keeps
its configuration in its data directory (the embedded pgserver of `dev.py`)."""

import os
import pwd
import re
import shlex
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.template.loader import render_to_string

from benchmark.databases import benchmark_env, database_url
from benchmark.load import HOST, serve

pytestmark = pytest.mark.django_db(transaction=True)
PAGE = "/statements/?q=sanctions"
TIMEOUT = 60


def server_control() -> tuple[list[str], list[str], str]:
    """The commands that stop and start the server this test's connection is on, and the user
    to run them as."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW config_file")
        config = cursor.fetchone()[0]
        cursor.execute("SHOW data_directory")
        data = cursor.fetchone()[0]
        cursor.execute("SELECT setting FROM pg_config WHERE name = 'BINDIR'")
        bindir = cursor.fetchone()[0]
    owner = pwd.getpwuid(os.stat(data).st_uid).pw_name
    debian = re.fullmatch(r"/etc/postgresql/([^/]+)/([^/]+)/postgresql\.conf", config)
    if debian:
        control = ["pg_ctlcluster", "--skip-systemctl-redirect"]
        cluster = [debian[1], debian[2]]
        return [*control, "--mode", "fast", *cluster, "stop"], [*control, *cluster, "start"], "root"
    # Started again with the options it was started with (the embedded server listens on a socket
    # in its data directory only), which PostgreSQL keeps in postmaster.opts.
    options = shlex.split((Path(data) / "postmaster.opts").read_text())[1:]
    pg_ctl = [str(Path(bindir) / "pg_ctl"), "-D", data, "-w"]
    log = Path(data) / "restart-test.log"
    return (
        [*pg_ctl, "stop", "-m", "fast"],
        [*pg_ctl, "-l", str(log), "-o", shlex.join(options), "start"],
        owner,
    )


def run_as(user: str, command: list[str]) -> None:
    if user != pwd.getpwuid(os.getuid()).pw_name:
        command = ["runuser", "-u", user, "--", *command]
    subprocess.run(command, check=True, timeout=TIMEOUT, capture_output=True)


def get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=TIMEOUT) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_pages_recover_and_health_says_when_the_database_is_down(sample_db, tmp_path):
    stop, start, user = server_control()
    unavailable = render_to_string("503.html")
    env = {**benchmark_env(database_url()), "CONN_MAX_AGE": "600", "PAGE_CACHE_SECONDS": "0"}
    with serve(env=env, workers=2, threads=1, log=tmp_path / "gunicorn.log") as port:
        for _ in range(4):  # each worker holds a connection it keeps
            assert get(port, PAGE)[0] == 200
        assert get(port, "/health/") == (200, "ok\n")
        connection.close()
        run_as(user, stop)
        try:
            down = [get(port, "/health/") for _ in range(4)]
            assert down == [(503, "database default unreachable\n")] * 4
            # No database, no page: 503 with a page that says so, and when to try again.
            assert [get(port, PAGE) for _ in range(2)] == [(503, unavailable)] * 2
        finally:
            run_as(user, start)
        deadline = time.monotonic() + TIMEOUT
        while get(port, "/health/")[0] != 200:
            assert time.monotonic() < deadline, "the archive did not see the database come back"
            time.sleep(0.2)
        # Every worker's next pages, the same processes: no request fails on a dead connection.
        assert [get(port, PAGE)[0] for _ in range(8)] == [200] * 8
        assert "sanctions" in get(port, PAGE)[1]
