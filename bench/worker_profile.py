"""Where a gunicorn worker's time goes under load, sampled by py-spy.

The bench's other profile (pyinstrument, in one process through Flask's test client) shows the
app's code but not the server around it, and it counts time spent waiting on PostgreSQL as if
it were work. Here py-spy samples one real worker while wrk drives the page, keeping only the
samples in which the worker holds the interpreter lock: its own Python work, including
gunicorn's parsing, writing and access log, without its waits on the database or the network.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SAMPLES_PER_SECOND = 250
_LINE_NUMBER = re.compile(r":\d+\)$")


def py_spy() -> str | None:
    """py-spy from the bench's own environment (`pip install -e '.[bench]'`), else the PATH."""
    beside = Path(sys.executable).parent / "py-spy"
    return str(beside) if beside.exists() else shutil.which("py-spy")


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's worker processes (Linux)."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    try:
        return [int(pid) for pid in children.read_text().split()]
    except OSError:
        return []


def record(master_pid: int, seconds: int, drive: Callable[[], object]) -> dict:
    """Sample one worker for `seconds` while `drive()` puts the server under load."""
    spy = py_spy()
    if spy is None:
        return {"skipped": "py-spy is missing: pip install -e '.[bench]'"}
    workers = worker_pids(master_pid)
    if not workers:
        return {"skipped": "no gunicorn worker found to sample"}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "stacks.txt"
        sampler = subprocess.Popen(
            [
                spy,
                "record",
                "--pid",
                str(workers[0]),
                "--duration",
                str(seconds),
                "--rate",
                str(SAMPLES_PER_SECOND),
                "--gil",
                "--nonblocking",
                "--format",
                "raw",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        drive()
        _out, err = sampler.communicate(timeout=seconds + 60)
        if sampler.returncode != 0 or not out.exists():
            # e.g. no permission to attach (ptrace), or the worker was recycled mid-run
            return {"skipped": f"py-spy could not sample the worker: {err.strip()[-300:]}"}
        return summarise(out.read_text())


def summarise(raw: str, top: int = 25, leaves: int = 12) -> dict:
    """py-spy's raw output (one line per distinct stack: frames joined by ';', then a count)
    as shares of all samples: the whole Flask app, then each function's share counting
    everything it called (inside the app only, so the server's outer frames do not crowd the
    list), then the functions that were running at the moment of sampling."""
    total = in_app = 0
    inclusive: Counter[str] = Counter()
    running: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = [_LINE_NUMBER.sub(")", frame) for frame in stack.split(";")]
        total += n
        running[frames[-1]] += n
        app_at = next((i for i, f in enumerate(frames) if f.startswith("Flask.wsgi_app ")), None)
        if app_at is None:
            continue
        in_app += n
        for frame in set(frames[app_at + 1 :]):
            inclusive[frame] += n
    if not total:
        return {"skipped": "py-spy recorded no samples"}

    def share(n: int) -> str:
        return f"{100 * n / total:5.1f}%"

    return {
        "samples": total,
        "in_flask_app": share(in_app).strip(),
        "inclusive": [f"{share(n)} {frame}" for frame, n in inclusive.most_common(top)],
        "running": [f"{share(n)} {frame}" for frame, n in running.most_common(leaves)],
    }
