"""Oversight: the HR dashboard, the list of exceptions, and the board's coverage report."""

from __future__ import annotations

from flask import render_template
from sqlalchemy import select

from panelhire.auth.access import roles_required
from panelhire.core.downloads import attachment
from panelhire.extensions import db
from panelhire.panels import coverage as coverage_report
from panelhire.panels import queries
from panelhire.panels.models import Panel, PanelMember
from panelhire.panels.views import OVERSIGHT, bp


@bp.route("/panels")
@roles_required(*OVERSIGHT)
def dashboard():
    return render_template("panels/dashboard.html", board=queries.dashboard())


@bp.route("/exceptions")
@roles_required(*OVERSIGHT)
def exceptions():
    panels = list(
        db.session.execute(
            select(Panel).where(Panel.exception_reason.is_not(None)).order_by(Panel.starts_at)
        ).scalars()
    )
    overrides = list(
        db.session.execute(
            select(PanelMember)
            .where(PanelMember.override_reason.is_not(None))
            .order_by(PanelMember.added_at)
        ).scalars()
    )
    return render_template("panels/exceptions.html", panels=panels, overrides=overrides)


@bp.route("/reports/coverage")
@roles_required(*OVERSIGHT)
def coverage():
    return render_template("panels/coverage.html", report=coverage_report.coverage())


@bp.route("/reports/coverage.csv")
@roles_required(*OVERSIGHT)
def coverage_csv():
    body = coverage_report.coverage_csv(coverage_report.coverage())
    return attachment(body, "panel-coverage.csv", "text/csv")
