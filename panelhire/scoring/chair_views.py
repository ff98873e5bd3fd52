"""The chair's tools for one panellist's scores: reopening them, and typing in a paper sheet."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import roles_required, signed_in
from panelhire.auth.models import Role
from panelhire.auth.objects import candidate_on_panel_or_404, is_chair, panel_for_user_or_404
from panelhire.extensions import db
from panelhire.panels.models import Candidate, Panel, PanelMember
from panelhire.scoring import queries, services
from panelhire.scoring.forms import ReasonForm, sheet_fields
from panelhire.scoring.views import _sheet_context, bp, read_posted_sheet

PANELLIST = "/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>/panellists/<int:user_id>"


def _panellist_or_404(
    panel_id: int, candidate_id: int, user_id: int, *, hr_too: bool = False
) -> tuple[Panel, Candidate, PanelMember]:
    """The panel, candidate and scoring seat, for the chair (and HR, where `hr_too`) only."""
    panel = panel_for_user_or_404(panel_id, current_user)
    allowed = is_chair(panel, current_user) or (
        hr_too and current_user.has_role(Role.HR, Role.ADMIN)
    )
    if not allowed:
        abort(404)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    member = next((m for m in queries.scoring_members(panel) if m.user_id == user_id), None)
    if member is None:
        abort(404)
    return panel, candidate, member


def _back_to_consensus(panel: Panel, candidate: Candidate, message: str):  # noqa: ANN202
    db.session.commit()
    flash(message, "success")
    return redirect(
        url_for("scoring.candidate_consensus", panel_id=panel.id, candidate_id=candidate.id)
    )


@bp.route(PANELLIST + "/reopen", methods=["GET", "POST"])
@signed_in
def reopen(panel_id: int, candidate_id: int, user_id: int):
    panel, candidate, member = _panellist_or_404(panel_id, candidate_id, user_id)
    form = ReasonForm()
    error = None
    if form.validate_on_submit():
        try:
            services.reopen_scores(
                current_user,
                panel=panel,
                candidate=candidate,
                panellist_id=user_id,
                reason=form.reason.data,
            )
        except services.ScoringRefused as refused:
            db.session.rollback()
            error = refused.message
        else:
            return _back_to_consensus(
                panel, candidate, f"{member.user.display_name}'s scores are open again."
            )
    status = 422 if (form.errors or error) else 200
    return render_template(
        "scoring/reopen.html",
        panel=panel,
        candidate=candidate,
        member=member,
        form=form,
        error=error,
    ), status


@bp.route(PANELLIST + "/paper", methods=["GET", "POST"])
@roles_required(Role.HR, Role.ADMIN, Role.MANAGER, Role.STAFF)
def paper(panel_id: int, candidate_id: int, user_id: int):
    """The chair or HR types in a panellist's paper score sheet."""
    panel, candidate, member = _panellist_or_404(panel_id, candidate_id, user_id, hr_too=True)
    context = _sheet_context(panel, candidate, user_id)
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        read = read_posted_sheet(panel, context["questions"])
        errors = read.errors
        if not errors:
            try:
                services.enter_paper_scores(
                    current_user,
                    panel=panel,
                    candidate=candidate,
                    panellist_id=user_id,
                    entries={q: (v, n) for q, (v, n, _r) in read.entries.items()},
                )
            except services.ScoringRefused as refused:
                db.session.rollback()
                errors = {refused.field or "form": refused.message}
            else:
                return _back_to_consensus(
                    panel,
                    candidate,
                    f"Paper scores entered on behalf of {member.user.display_name}.",
                )
        posted = request.form
    fields = sheet_fields(
        context["questions"], context["answers"], context["scale"], posted, errors
    )
    status = 422 if errors else 200
    return (
        render_template(
            "scoring/paper.html", member=member, errors=errors, fields=fields, **context
        ),
        status,
    )
