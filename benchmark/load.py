"""Throughput through gunicorn: the archive served on a loopback port, loaded from another process.

`serve()` starts gunicorn against the database the environment names and
stops it on exit. Running this module is the load generator: `concurrency`
clients, each sending one request after another over the given paths (HTTP/1.1,
one connection per request, as sync workers close them), for a bounded time
and number of requests, printing what it measured as JSON. Pure standard
library and loopback only.

    python -m benchmark.load --port 8765 --concurrency 16 --seconds 20 < paths.txt
"""

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

HOST = "127.0.0.1"
# The folder that holds this package, from which `python -m benchmark.load` runs.
PROJECT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def serve(*, env: dict, workers: int, threads: int, log: Path):
    """gunicorn serving the archive on a free loopback port; yields the port."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "archive.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        "--log-level=warning",
        "--timeout=120",
    ]
    with open(log, "ab") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=10) as response:
                    response.read()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start: see {log}") from None
                time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_load(*, port: int, paths: list[str], concurrency: int, seconds: float, max_requests: int) -> dict:
    """Run this module in a process of its own and return its figures."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmark.load",
            f"--port={port}",
            f"--concurrency={concurrency}",
            f"--seconds={seconds}",
            f"--max-requests={max_requests}",
        ],
        input="\n".join(paths),
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    return json.loads(result.stdout)


async def _request(port: int, path: str) -> tuple[int, float]:
    """(status, milliseconds) of one GET; status 0 when the connection failed."""
    started = time.perf_counter()
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(HOST, port), 30)
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        status_line = await asyncio.wait_for(reader.readline(), 60)
        while await asyncio.wait_for(reader.read(65536), 60):
            pass
        writer.close()
        status = int(status_line.split()[1])
    except (TimeoutError, OSError, IndexError, ValueError):
        status = 0
    return status, (time.perf_counter() - started) * 1000


async def _load(port: int, paths: list[str], concurrency: int, seconds: float, max_requests: int) -> dict:
    deadline = time.monotonic() + seconds
    issued = 0
    statuses: list[int] = []
    latencies: list[float] = []

    async def client():
        nonlocal issued
        while time.monotonic() < deadline and issued < max_requests:
            path = paths[issued % len(paths)]
            issued += 1
            status, milliseconds = await _request(port, path)
            statuses.append(status)
            latencies.append(milliseconds)

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "requests": len(statuses),
        "errors": sum(1 for s in statuses if s != 200),
        # Every answer that was not a 200, by status (0: the connection failed).
        "error_statuses": {str(code): statuses.count(code) for code in sorted(set(statuses) - {200})},
        "seconds": round(elapsed, 2),
        "pages_per_second": round(len(statuses) / elapsed, 1) if elapsed else 0.0,
        "latency_p50_ms": round(latencies[len(latencies) // 2], 1) if latencies else None,
        "latency_p95_ms": round(latencies[int(len(latencies) * 0.95)], 1) if latencies else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--max-requests", type=int, default=100_000)
    args = parser.parse_args()
    paths = [line.strip() for line in sys.stdin if line.strip()]
    figures = asyncio.run(_load(args.port, paths, args.concurrency, args.seconds, args.max_requests))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
