"""The production server's settings (gunicorn.conf.py) do what they say."""

from __future__ import annotations

import gc
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_master_freezes_the_loaded_app_before_forking_workers() -> None:
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["preload_app"] is True  # the app is loaded in the master, then forked
    gc.unfreeze()
    try:
        settings["when_ready"](None)
        assert gc.get_freeze_count() > 10_000  # the whole loaded app, not a handful
    finally:
        gc.unfreeze()
