"""The chair's consensus view: every panellist's scores per candidate, and agreeing them.

The candidate page also carries the concern, decision and dissent forms (`decision_views.py`)."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import Field

from panelhire.auth.access import signed_in
from panelhire.auth.objects import (
    candidate_on_panel_or_404,
    is_chair,
    manages,
    panel_for_user_or_404,
    seat_for,
)
from panelhire.core.once import ALREADY_SENT, first_sending
from panelhire.extensions import db
from panelhire.panels.models import Panel
from panelhire.scoring import decisions, queries, services
from panelhire.scoring.forms import (
    AnswerForm,
    ConcernForm,
    DecisionForm,
    DissentForm,
    SignOffForm,
)
from panelhire.scoring.views import bp


def viewable_panel(panel_id: int) -> Panel:
    """Panellists and the vacancy's managers; observers and supporters never see scores."""
    panel = panel_for_user_or_404(panel_id, current_user)
    seat = seat_for(panel, current_user)
    if not manages(panel.vacancy, current_user) and (seat is None or not seat.scores):
        abort(404)
    return panel


def may_see_scores(panel: Panel, candidate_id: int, known: tuple | None = None) -> bool:
    """Independent scoring: a panellist sees others' scores only after submitting their own.

    `known` is (sat out pairs, submitted pairs) already read for the panel, so a list of
    candidates costs two statements rather than two per candidate.
    """
    seat = seat_for(panel, current_user)
    if seat is None or not seat.scores:
        return True  # a manager or HR who is not on the panel
    sat_out, submitted = known or (queries.sat_out_pairs(panel), None)
    if (current_user.id, candidate_id) in sat_out:
        return False
    if submitted is not None:
        return (current_user.id, candidate_id) in submitted
    return queries.submission(panel, candidate_id, current_user.id) is not None


@bp.route("/scoring/panels/<int:panel_id>/consensus")
@signed_in
def panel_consensus(panel_id: int):
    panel = viewable_panel(panel_id)
    results = queries.compile_results(panel)
    decided = queries.decisions(panel)
    known = (queries.sat_out_pairs(panel), queries.submitted_pairs(panel))
    rows = [
        {
            "result": result,
            "visible": may_see_scores(panel, result.candidate_id, known),
            "decision": decided.get(result.candidate_id),
        }
        for result in results.candidates
    ]
    undecided = len(decided) < len(panel.slots)
    return render_template(
        "scoring/consensus.html",
        panel=panel,
        rows=rows,
        outcomes=decisions.OUTCOMES,
        can_sign_off=decisions.can_sign_off(panel, current_user) and not undecided,
        signed_off=bool(decided) and all(d.signed_off_at for d in decided.values()),
        can_download=manages(panel.vacancy, current_user),
        sign_off_form=SignOffForm(),
    )


def _render_candidate(
    panel: Panel, candidate, status: int = 200, error: str | None = None, **forms
):  # noqa: ANN001, ANN003, E501
    if not may_see_scores(panel, candidate.id):
        abort(404)
    results = queries.compile_results(panel)
    result = results.candidate(candidate.id)
    members = {m.user_id: m for m in queries.scoring_members(panel)}
    decision = queries.decisions(panel).get(candidate.id)
    concerns = queries.concerns(panel, candidate.id)
    seat = seat_for(panel, current_user)
    submitted = queries.submitted_pairs(panel)
    on_behalf = {
        (row.user_id): row.entered_by_id
        for row in queries.answers_for_candidate(panel, candidate.id)
        if row.entered_by_id
    }
    context = {
        "panel": panel,
        "candidate": candidate,
        "result": result,
        "total_candidates": len(results.candidates),
        "members": members,
        "questions": {q.id: q for q in queries.questions_for(panel.vacancy)},
        "agreed": queries.agreed_rows(panel),
        "decision": decision,
        "concerns": concerns,
        "chair": is_chair(panel, current_user),
        "resident": seat is not None and seat.role == "resident",
        "panellist": seat is not None and seat.scores,
        "waiting": decisions.waiting_for(panel, candidate),
        "submitted": submitted,
        "on_behalf": on_behalf,
        "outcomes": decisions.OUTCOMES,
        "checks": decisions.CHECKS,
        "error": error,
        "concern_form": forms.get("concern_form") or ConcernForm(formdata=None),
        "answer_form": forms.get("answer_form") or AnswerForm(formdata=None),
        "answer_for": forms.get("answer_for"),
        "decision_form": forms.get("decision_form") or _decision_form(decision),
        "dissent_form": forms.get("dissent_form") or DissentForm(formdata=None),
        "agree_errors": forms.get("agree_errors") or {},
        "posted": forms.get("posted") or {},
        "scale": queries.scale_for(panel.vacancy),
    }
    return render_template("scoring/candidate.html", **context), status


def _decision_form(decision) -> DecisionForm:  # noqa: ANN001
    form = DecisionForm(formdata=None)
    if decision is not None:
        form.outcome.data = decision.outcome
        form.reasons.data = decision.reasons
        form.checks.data = [c for c in decision.checks.split(",") if c]
    else:
        form.checks.data = ["references", "id", "right_to_work"]
    return form


def _back(panel: Panel, candidate):  # noqa: ANN001, ANN202
    return redirect(
        url_for("scoring.candidate_consensus", panel_id=panel.id, candidate_id=candidate.id)
    )


@bp.route(
    "/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>/consensus",
    methods=["GET", "POST"],
)
@signed_in
def candidate_consensus(panel_id: int, candidate_id: int):
    """The chair agrees a score per question; a change from the average needs a comment."""
    panel = viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    if request.method == "GET":
        return _render_candidate(panel, candidate)
    if not is_chair(panel, current_user):
        abort(403)
    result = queries.compile_results(panel).candidate(candidate.id)
    entries, errors = {}, {}
    vacancy = panel.vacancy
    for question in result.questions:
        raw = request.form.get(f"agreed-{question.question_id}", "")
        try:
            value = int(raw)
        except ValueError:
            errors[f"agreed-{question.question_id}"] = "Choose the agreed score"
            continue
        if not vacancy.scale_min <= value <= vacancy.scale_max:
            errors[f"agreed-{question.question_id}"] = "Choose the agreed score"
            continue
        entries[question.question_id] = (
            value,
            request.form.get(f"comment-{question.question_id}", ""),
        )
    if not errors:
        try:
            decisions.agree_scores(
                current_user, panel=panel, candidate=candidate, result=result, entries=entries
            )
        except services.ScoringRefused as refused:
            db.session.rollback()
            errors[refused.field or "agreed"] = refused.message
        else:
            db.session.commit()
            flash("Agreed scores saved.", "success")
            return _back(panel, candidate)
    return _render_candidate(panel, candidate, 422, agree_errors=errors, posted=request.form)


def act_on_candidate(
    panel: Panel,
    candidate,  # noqa: ANN001
    form: FlaskForm,
    form_key: str,
    change: Callable[[], object],
    done: str,
    **extra,  # noqa: ANN003
):  # noqa: ANN202
    """Validate one of the candidate page's forms, make the change, commit once and go back.

    A refusal is shown beside its field when the form has one, else at the top of the page,
    with status 422 and nothing written. A form that makes something new (a concern, a
    dissent) carries a once-only key, so sending it twice makes it once.
    """
    forms = {form_key: form, **extra}
    if not form.validate_on_submit():
        return _render_candidate(panel, candidate, 422, **forms)
    if not first_sending():
        flash(ALREADY_SENT, "success")
        return _back(panel, candidate)
    try:
        change()
    except services.ScoringRefused as refused:
        db.session.rollback()
        field = getattr(form, refused.field, None) if refused.field else None
        if isinstance(field, Field):
            field.errors = [refused.message]
            return _render_candidate(panel, candidate, 422, **forms)
        return _render_candidate(panel, candidate, 422, error=refused.message, **forms)
    db.session.commit()
    flash(done, "success")
    return _back(panel, candidate)
