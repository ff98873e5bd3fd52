"""The bench's reading of py-spy's samples (sampling needs a live worker: `make bench`)."""

from __future__ import annotations

from bench.worker_profile import summarise

SERVER = "<module> (gunicorn:6);SyncWorker.handle (gunicorn/workers/sync.py:141)"
APP = SERVER + ";Flask.wsgi_app (flask/app.py:1479)"
RAW = "\n".join(
    [
        APP + ";sheet (views.py:10);render_template (flask/templating.py:139) 3",
        APP + ";sheet (views.py:12);sheet (views.py:20);load_user (loader.py:35) 1",
        SERVER + ";Logger.access (gunicorn/glogging.py:391) 1",
        "not a stack line",
    ]
)


def test_shares_count_each_function_once_per_sample_and_only_inside_the_app() -> None:
    found = summarise(RAW)
    assert found["samples"] == 5
    assert found["in_flask_app"] == "80.0%"
    # Line numbers are dropped, so one function's lines add up; a function twice on one
    # stack (recursion) counts once; the server's frames above the app are left out.
    assert found["inclusive"] == [
        " 80.0% sheet (views.py)",
        " 60.0% render_template (flask/templating.py)",
        " 20.0% load_user (loader.py)",
    ]
    assert found["running"][0] == " 60.0% render_template (flask/templating.py)"
    assert " 20.0% Logger.access (gunicorn/glogging.py)" in found["running"]


def test_no_samples_says_so() -> None:
    assert summarise("") == {"skipped": "py-spy recorded no samples"}
