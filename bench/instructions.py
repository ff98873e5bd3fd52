"""Instructions per request, counted by callgrind: a steady measure for comparing two versions.

Timing on a shared machine drifts by 15-30% from hour to hour; the number of instructions the
app runs for a request does not (repeat runs agree to within half a percent). Each route is
requested in a loop in one process (Flask's test client, against the bench's PostgreSQL
database, production's rate limits on), and callgrind counts only the measured requests, not
start-up or warm-up. This is the app's side only: PostgreSQL's work is not counted, and neither
is gunicorn's (the same for every route).

Run on its own with `python -m bench.instructions` after `make bench` has seeded the database,
or as part of `make bench` (section e), which skips it when valgrind is missing.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REQUESTS = int(os.environ.get("BENCH_IR_REQUESTS", "40"))
# Counted taps are numbered from this far ahead of the clock (ms): above any revision the load
# runs saved (run_all.REVISIONS_PER_RUN), so each replaces an older answer, and within the day
# ahead that the server accepts.
REVISION_START_AHEAD = 6 * 10**7
ROUTES = ("floor", "score_sheet_get", "autosave_post")


def count(data: dict, routes: tuple[str, ...] = ROUTES) -> dict:
    """Instructions per request for each route, and each as a multiple of the floor's."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return {"skipped": "valgrind is missing: sudo apt-get install valgrind"}
    found = {route: _count_one(valgrind, data, route) for route in routes}
    floor = found.get("floor")
    return {
        "requests_each": REQUESTS,
        **{
            route: {
                "instructions": n,
                "x_floor": round(n / floor, 2) if floor and route != "floor" else 1.0,
            }
            for route, n in found.items()
        },
    }


def _count_one(valgrind: str, data: dict, route: str) -> int:
    """One route in a child process under callgrind, switched on once it is warm."""
    with tempfile.TemporaryDirectory() as folder:
        ready, go = Path(folder) / "ready", Path(folder) / "go"
        child = subprocess.Popen(
            [
                valgrind,
                "--tool=callgrind",
                "--instr-atstart=no",
                "--callgrind-out-file=/dev/null",
                sys.executable,
                "-m",
                "bench.instructions",
                "--child",
                route,
                json.dumps(data),
                folder,
            ],
            cwd=Path(__file__).resolve().parent.parent,
            env={**os.environ, "PANELHIRE_BENCH_ROUTES": "1"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 600
        while not ready.exists():
            if child.poll() is not None or time.monotonic() > deadline:
                child.kill()
                raise RuntimeError(f"{route}: the counted process stopped: {child.stderr.read()}")
            time.sleep(0.2)
        subprocess.run(
            ["callgrind_control", "-i", "on", str(child.pid)], capture_output=True, check=True
        )
        go.touch()
        _out, err = child.communicate(timeout=600)
    collected = re.search(r"Collected : (\d+)", err)
    if child.returncode != 0 or collected is None:
        raise RuntimeError(f"{route}: callgrind gave no count: {err[-500:]}")
    return int(collected.group(1)) // REQUESTS


def _child(route: str, data: dict, folder: str) -> None:
    """Runs under callgrind: sign in, warm up, wait to be switched on, then the counted loop."""
    from bench.run_all import make_app, resident_client
    from tests.html import csrf_token

    app = make_app(rate_limits=True)
    client, anonymous = resident_client(app), app.test_client()
    sheet = f"/scoring/panels/{data['panel_id']}/candidates/{data['candidates'][0]}"
    token = csrf_token(client.get(sheet))
    revision = [int(time.time() * 1000) + REVISION_START_AHEAD]

    def one() -> None:
        if route == "floor":
            response = anonymous.get("/bench/floor")
        elif route == "score_sheet_get":
            response = client.get(sheet)
        else:
            revision[0] += 1
            answer = {
                "question": data["questions"][0],
                "value": data["value"],
                "note": "",
                "revision": revision[0],
            }
            response = client.post(
                "/api" + sheet, json={"answers": [answer]}, headers={"X-CSRFToken": token}
            )
        assert response.status_code == 200, f"{route} gave {response.status_code}"

    for _ in range(20):
        one()
    gc.collect()
    gc.freeze()  # as gunicorn's master does before forking the workers (gunicorn.conf.py)
    Path(folder, "ready").touch()
    while not Path(folder, "go").exists():
        time.sleep(0.05)
    for _ in range(REQUESTS):
        one()
    sys.stdout.flush()
    os._exit(0)  # callgrind reports at exit; skip the interpreter's teardown


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(sys.argv[2], json.loads(sys.argv[3]), sys.argv[4])
        return 0
    from bench.run_all import DATABASE, fresh_database, make_app, seed

    fresh_database(DATABASE)
    data = seed(make_app())
    for route, found in count(data).items():
        print(route, found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
