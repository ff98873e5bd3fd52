"""Planning residents for every panel in a date range, and applying the plan in one click.

The same engine and service as the `flask roster` command.
"""

from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required
from panelhire.panels import queries, services
from panelhire.panels.forms import ApplyPlanForm, PlanForm
from panelhire.panels.views import HR, attempt, bp


def _page(form: PlanForm, rows: list | None, code: int = 200, problem: str | None = None):  # noqa: ANN202
    apply_form = None
    if rows:
        apply_form = ApplyPlanForm(
            formdata=None,
            data={
                "start": form.start.data.isoformat(),
                "end": form.end.data.isoformat(),
                "fingerprint": queries.plan_fingerprint(rows),
            },
        )
    return render_template(
        "panels/plan.html",
        form=form,
        rows=rows,
        apply_form=apply_form,
        covered=sum(1 for r in rows or [] if r.resident),
        problem=problem,
    ), code


@bp.route("/panels/plan")
@roles_required(*HR)
def plan():
    form = PlanForm(request.args, meta={"csrf": False})
    if not request.args:
        return _page(form, None)
    if not form.validate():
        return _page(form, None, 422)
    return _page(form, queries.plan_range(form.start.data, form.end.data))


@bp.route("/panels/plan", methods=["POST"])
@roles_required(*HR)
def apply_plan():
    posted = ApplyPlanForm()
    try:
        start, end = date.fromisoformat(posted.start.data), date.fromisoformat(posted.end.data)
    except (TypeError, ValueError):
        start = end = None
    if not posted.validate_on_submit() or start is None or end is None or end < start:
        flash("Choose the dates again and look at the plan before applying it.", "error")
        return redirect(url_for("panels.plan"))
    form = PlanForm(formdata=None, data={"start": start, "end": end})
    rows = queries.plan_range(start, end)
    if queries.plan_fingerprint(rows) != posted.fingerprint.data:
        changed = "The panels or residents changed since this plan was made. Check the new plan."
        return _page(form, rows, 409, changed)
    done, problem = attempt(posted, lambda: services.apply_plan(current_user, rows))
    if not done:
        return _page(form, queries.plan_range(start, end), 409, problem)
    covered = sum(1 for r in rows if r.resident)
    flash(f"Plan applied: {covered} of {len(rows)} panels now have a resident.", "success")
    return redirect(url_for("panels.dashboard"))
