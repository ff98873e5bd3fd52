"""Concerns and their answers, decisions, dissent, the hiring manager's sign-off, and the
managers' compiled downloads."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
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
from panelhire.core.downloads import attachment
from panelhire.extensions import db
from panelhire.panels.models import Panel
from panelhire.scoring import decisions, downloads, queries
from panelhire.scoring.consensus_views import act_on_candidate, viewable_panel
from panelhire.scoring.forms import AnswerForm, ConcernForm, DecisionForm, DissentForm, SignOffForm
from panelhire.scoring.models import Concern
from panelhire.scoring.services import ScoringRefused
from panelhire.scoring.views import bp

CANDIDATE = "/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>"


@bp.route(CANDIDATE + "/concerns", endpoint="concerns_page")
@bp.route(CANDIDATE + "/decision", endpoint="decision_page")
@bp.route(CANDIDATE + "/dissent", endpoint="dissent_page")
@signed_in
def back_to_candidate(panel_id: int, candidate_id: int):
    """These addresses only take forms; after a refused one the browser shows one of them,
    and reloading or going back to it opens the candidate's page rather than an error."""
    return redirect(
        url_for("scoring.candidate_consensus", panel_id=panel_id, candidate_id=candidate_id)
    )


@bp.route(CANDIDATE + "/concerns", methods=["POST"])
@signed_in
def raise_concern(panel_id: int, candidate_id: int):
    panel = viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    if not decisions.is_resident_seat(panel, current_user):
        abort(403)
    form = ConcernForm()
    return act_on_candidate(
        panel,
        candidate,
        form,
        "concern_form",
        lambda: decisions.raise_concern(
            current_user, panel=panel, candidate=candidate, text=form.concern.data
        ),
        "Your concern is with the chair, who will answer in writing.",
    )


@bp.route("/scoring/panels/<int:panel_id>/concerns/<int:concern_id>/answer", methods=["POST"])
@signed_in
def answer_concern(panel_id: int, concern_id: int):
    panel = viewable_panel(panel_id)
    concern = db.session.get(Concern, concern_id)
    if concern is None or concern.panel_id != panel.id:
        abort(404)
    if not is_chair(panel, current_user):
        abort(403)
    candidate = candidate_on_panel_or_404(panel, concern.candidate_id)
    form = AnswerForm()
    return act_on_candidate(
        panel,
        candidate,
        form,
        "answer_form",
        lambda: decisions.answer_concern(current_user, concern=concern, answer=form.answer.data),
        "Your answer is recorded.",
        answer_for=concern.id,
    )


@bp.route(CANDIDATE + "/decision", methods=["POST"])
@signed_in
def decide(panel_id: int, candidate_id: int):
    panel = viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    if not is_chair(panel, current_user):
        abort(403)
    form = DecisionForm()
    return act_on_candidate(
        panel,
        candidate,
        form,
        "decision_form",
        lambda: decisions.record_decision(
            current_user,
            panel=panel,
            candidate=candidate,
            outcome=form.outcome.data,
            reasons=form.reasons.data,
            checks=form.checks.data or [],
        ),
        "Decision recorded.",
    )


@bp.route(CANDIDATE + "/dissent", methods=["POST"])
@signed_in
def dissent(panel_id: int, candidate_id: int):
    panel = viewable_panel(panel_id)
    candidate = candidate_on_panel_or_404(panel, candidate_id)
    seat = seat_for(panel, current_user)
    decision = queries.decisions(panel).get(candidate.id)
    if seat is None or not seat.scores or decision is None:
        abort(403)
    form = DissentForm()
    return act_on_candidate(
        panel,
        candidate,
        form,
        "dissent_form",
        lambda: decisions.record_dissent(
            current_user, panel=panel, decision=decision, text=form.dissent.data
        ),
        "Your dissent is recorded.",
    )


@bp.route("/scoring/panels/<int:panel_id>/sign-off", methods=["POST"])
@signed_in
def sign_off(panel_id: int):
    panel = viewable_panel(panel_id)
    form = SignOffForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        signed = decisions.sign_off(current_user, panel=panel)
    except ScoringRefused as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for("scoring.panel_consensus", panel_id=panel.id))
    db.session.commit()
    if signed:
        flash("Decisions signed off. Residents on the panel can now see the outcome.", "success")
    else:  # a double click or a second tab: the first sign-off stands
        flash("These decisions are already signed off.", "success")
    return redirect(url_for("scoring.panel_consensus", panel_id=panel.id))


def _send(report: downloads.Report, kind: str, name: str) -> Response:
    if kind == "pdf":
        data, mimetype = downloads.render_pdf(report), "application/pdf"
    else:
        data, mimetype = downloads.render_csv(report), "text/csv"  # Flask adds the charset
    return attachment(data, f"{name}.{kind}", mimetype)


@bp.route("/scoring/panels/<int:panel_id>/decision.pdf", defaults={"kind": "pdf"})
@bp.route("/scoring/panels/<int:panel_id>/decision.csv", defaults={"kind": "csv"})
@signed_in
def panel_download(panel_id: int, kind: str):
    panel: Panel = panel_for_user_or_404(panel_id, current_user)
    if not manages(panel.vacancy, current_user):
        abort(404)
    report = downloads.gather([panel], title=f"{panel.vacancy.title}, panel {panel.id}")
    return _send(report, kind, f"panel-{panel.id}-decision")


@bp.route("/scoring/vacancies/<int:vacancy_id>/decision.pdf", defaults={"kind": "pdf"})
@bp.route("/scoring/vacancies/<int:vacancy_id>/decision.csv", defaults={"kind": "csv"})
@signed_in
def vacancy_download(vacancy_id: int, kind: str):
    vacancy = vacancy_for_manager_or_404(vacancy_id, current_user)
    report = downloads.gather(list(vacancy.panels), title=vacancy.title)
    return _send(report, kind, f"vacancy-{vacancy.id}-decision")
