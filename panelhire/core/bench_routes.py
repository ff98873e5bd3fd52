"""A bare page for `make bench`: the same app and hooks, no database work.

Registered only when PANELHIRE_BENCH_ROUTES=1, so the benchmark can show how much the real pages
cost over what Flask, the app's hooks and gunicorn cost on their own.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from panelhire.auth.access import public

bp = Blueprint("bench", __name__)


@bp.route("/bench/floor")
@public
def floor():
    return render_template("bench/floor.html", heading="Floor")
