"""The chair's consensus view, concerns, decisions, dissent, sign-off and downloads."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from panelhire.auth.access import signed_in
from panelhire.auth.objects import (
    candidate_on_panel_or_404,
    is_chair,
    manages,
    panel_for_user_or_404,
    seat_for,
    vacancy_for_manager_or_404,
)
from panelhire.extensions import db
from panelhire.panels.models import Panel
from panelhire.scoring import downloads, queries, services
from panelhire.scoring.forms import (
    AnswerForm,
    ConcernForm,
    DecisionForm,
    DissentForm,
    SignOffForm,
)
from panelhire.scoring.models import Concern
from panelhire.scoring.views import bp


def _viewable_panel(panel_id: int) -> Panel:
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
    panel = _viewable_panel(panel_id)
    results = queries.compile_results(panel)
    decisions = queries.decisions(panel)
    known = (queries.sat_out_pairs(panel), queries.submitted_pairs(panel))
    rows = [
        {
            "result": result,
            "visible": may_see_scores(panel, result.candidate_id, known),
            "decision": decisions.get(result.candidate_id),
        }
        for result in results.candidates
    ]
    undecided = len(decisions) < len(panel.slots)
    return render_template(
        "scoring/consensus.html",
        panel=panel,
        rows=rows,
        outcomes=services.OUTCOMES,
        can_sign_off=services.can_sign_off(panel, current_user) and not undecided,
        signed_off=bool(decisions) and all(d.signed_off_at for d in decisions.values()),
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
        "waiting": services.waiting_for(panel, candidate),
        "submitted": submitted,
        "on_behalf": on_behalf,
        "outcomes": services.OUTCOMES,
        "checks": services.CHECKS,
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
    panel = _viewable_panel(panel_id)
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
            services.agree_scores(
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


@bp.route("/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>/concerns", methods=["POST"])
@signed_in
def raise_concern(panel_id: int, candidate_id: int):
    panel = _viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    if not services.is_resident_seat(panel, current_user):
        abort(403)
    form = ConcernForm()
    if form.validate_on_submit():
        try:
            services.raise_concern(
                current_user, panel=panel, candidate=candidate, text=form.concern.data
            )
        except services.ScoringRefused as refused:
            db.session.rollback()
            return _render_candidate(
                panel, candidate, 422, error=refused.message, concern_form=form
            )
        db.session.commit()
        flash("Your concern is with the chair, who will answer in writing.", "success")
        return _back(panel, candidate)
    return _render_candidate(panel, candidate, 422, concern_form=form)


@bp.route("/scoring/panels/<int:panel_id>/concerns/<int:concern_id>/answer", methods=["POST"])
@signed_in
def answer_concern(panel_id: int, concern_id: int):
    panel = _viewable_panel(panel_id)
    concern = db.session.get(Concern, concern_id)
    if concern is None or concern.panel_id != panel.id:
        abort(404)
    if not is_chair(panel, current_user):
        abort(403)
    candidate = candidate_on_panel_or_404(panel, concern.candidate_id)
    form = AnswerForm()
    if form.validate_on_submit():
        services.answer_concern(current_user, concern=concern, answer=form.answer.data)
        db.session.commit()
        flash("Your answer is recorded.", "success")
        return _back(panel, candidate)
    return _render_candidate(panel, candidate, 422, answer_form=form, answer_for=concern.id)


@bp.route("/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>/decision", methods=["POST"])
@signed_in
def decide(panel_id: int, candidate_id: int):
    panel = _viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    if not is_chair(panel, current_user):
        abort(403)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.record_decision(
                current_user,
                panel=panel,
                candidate=candidate,
                outcome=form.outcome.data,
                reasons=form.reasons.data,
                checks=form.checks.data or [],
            )
        except services.ScoringRefused as refused:
            db.session.rollback()
            if refused.field and hasattr(form, refused.field):
                getattr(form, refused.field).errors = [refused.message]
                return _render_candidate(panel, candidate, 422, decision_form=form)
            return _render_candidate(
                panel, candidate, 422, error=refused.message, decision_form=form
            )
        db.session.commit()
        flash("Decision recorded.", "success")
        return _back(panel, candidate)
    return _render_candidate(panel, candidate, 422, decision_form=form)


@bp.route("/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>/dissent", methods=["POST"])
@signed_in
def dissent(panel_id: int, candidate_id: int):
    panel = _viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    seat = seat_for(panel, current_user)
    decision = queries.decisions(panel).get(candidate.id)
    if seat is None or not seat.scores or decision is None:
        abort(403)
    form = DissentForm()
    if form.validate_on_submit():
        try:
            services.record_dissent(
                current_user, panel=panel, decision=decision, text=form.dissent.data
            )
        except services.ScoringRefused as refused:
            db.session.rollback()
            return _render_candidate(
                panel, candidate, 422, error=refused.message, dissent_form=form
            )
        db.session.commit()
        flash("Your dissent is recorded.", "success")
        return _back(panel, candidate)
    return _render_candidate(panel, candidate, 422, dissent_form=form)


@bp.route("/scoring/panels/<int:panel_id>/sign-off", methods=["POST"])
@signed_in
def sign_off(panel_id: int):
    panel = _viewable_panel(panel_id)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.sign_off(current_user, panel=panel)
    except services.ScoringRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("scoring.panel_consensus", panel_id=panel.id))
    db.session.commit()
    flash("Decisions signed off. Residents on the panel can now see the outcome.", "success")
    return redirect(url_for("scoring.panel_consensus", panel_id=panel.id))


def _send(data: bytes, mimetype: str, filename: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/scoring/panels/<int:panel_id>/decision.pdf", defaults={"kind": "pdf"})
@bp.route("/scoring/panels/<int:panel_id>/decision.csv", defaults={"kind": "csv"})
@signed_in
def panel_download(panel_id: int, kind: str):
    panel = panel_for_user_or_404(panel_id, current_user)
    if not manages(panel.vacancy, current_user):
        abort(404)
    report = downloads.gather([panel], title=f"{panel.vacancy.title}, panel {panel.id}")
    name = f"panel-{panel.id}-decision.{kind}"
    if kind == "pdf":
        return _send(downloads.render_pdf(report), "application/pdf", name)
    return _send(downloads.render_csv(report), "text/csv; charset=utf-8", name)


@bp.route("/scoring/vacancies/<int:vacancy_id>/decision.pdf", defaults={"kind": "pdf"})
@bp.route("/scoring/vacancies/<int:vacancy_id>/decision.csv", defaults={"kind": "csv"})
@signed_in
def vacancy_download(vacancy_id: int, kind: str):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    report = downloads.gather(list(vacancy.panels), title=vacancy.title)
    name = f"vacancy-{vacancy.id}-decision.{kind}"
    if kind == "pdf":
        return _send(downloads.render_pdf(report), "application/pdf", name)
    return _send(downloads.render_csv(report), "text/csv; charset=utf-8", name)
