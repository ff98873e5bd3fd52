"""What panellists see of a panel: the shortlist, declaring a conflict, the chair's decision."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from panelhire.auth.access import signed_in
from panelhire.auth.models import User
from panelhire.auth.objects import panel_for_user_or_404, sees_all_panels
from panelhire.extensions import db
from panelhire.panels import queries, services
from panelhire.panels.forms import ConflictForm, OutcomeForm, choices
from panelhire.panels.models import ConflictDeclaration, SeatRole
from panelhire.panels.views import HR, attempt, bp, status


@bp.route("/panels/<int:panel_id>/shortlist", methods=["GET", "POST"])
@signed_in
def shortlist(panel_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    signed = queries.has_signed_agreement(current_user)
    candidates = [s.candidate for s in panel.slots]
    form = ConflictForm()
    form.candidate_id.choices = choices((c.id, c.name) for c in candidates)
    problem = None
    if signed and form.validate_on_submit():
        candidate = next(c for c in candidates if c.id == form.candidate_id.data)
        done, problem = attempt(
            form,
            lambda: services.declare_conflict(current_user, panel, candidate, form.note.data or ""),
        )
        if done:
            flash("Thank you for telling us. The chair will decide what happens next.", "success")
            return redirect(url_for("panels.shortlist", panel_id=panel.id))
    return render_template(
        "panels/shortlist.html",
        panel=panel,
        signed=signed,
        candidates=candidates,
        form=form,
        problem=problem,
    ), status(form)


@bp.route("/panels/<int:panel_id>/conflicts/<int:declaration_id>", methods=["GET", "POST"])
@signed_in
def conflict(panel_id: int, declaration_id: int):
    panel = panel_for_user_or_404(panel_id, current_user)
    is_chair = any(m.user_id == current_user.id for m in panel.active_members(SeatRole.CHAIR))
    if not (is_chair or current_user.has_role(*HR)):
        abort(404)
    declaration = db.session.get(ConflictDeclaration, declaration_id)
    if declaration is None or declaration.panel_id != panel.id:
        abort(404)
    form = OutcomeForm()
    problem = None
    if form.validate_on_submit():
        done, problem = attempt(
            form, lambda: services.decide_conflict(current_user, declaration, form.outcome.data)
        )
        if done:
            flash("Outcome recorded.", "success")
            if form.outcome.data == "replace" and sees_all_panels(current_user):
                return redirect(url_for("panels.substitute", panel_id=panel.id))
            # Back to the panel the outcome is about (a chair sees it on the scoring page).
            page = "panels.panel" if sees_all_panels(current_user) else "scoring.panel"
            return redirect(url_for(page, panel_id=panel.id))
    who = db.session.get(User, declaration.user_id)
    candidate = next(s.candidate for s in panel.slots if s.candidate_id == declaration.candidate_id)
    return render_template(
        "panels/conflict.html",
        panel=panel,
        declaration=declaration,
        form=form,
        who=who,
        candidate=candidate,
        problem=problem,
    ), status(form)
