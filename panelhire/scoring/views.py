"""Scoring on a phone: a panellist's candidates, the score sheet, autosave and submission."""

from __future__ import annotations

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from panelhire.auth.access import signed_in
from panelhire.auth.objects import (
    managed_by,
    score_sheet_or_404,
    scoring_seat_or_404,
)
from panelhire.core.converters import LARGEST_ID
from panelhire.extensions import db
from panelhire.models.transactions import commit_with_retries
from panelhire.panels.models import DECISION_MODEL_LABELS, Panel, PanelMember, Vacancy
from panelhire.scoring import decisions, queries, services
from panelhire.scoring.forms import read_answers, sheet_fields
from panelhire.scoring.models import ScoreSubmission

bp = Blueprint("scoring", __name__)
API = "/api/scoring"  # JSON errors for paths under /api/


@bp.route("/scoring/")
@signed_in
def index():
    seats = db.session.execute(
        select(PanelMember)
        .join(Panel, Panel.id == PanelMember.panel_id)
        .options(contains_eager(PanelMember.panel).joinedload(Panel.vacancy))
        .where(PanelMember.user_id == current_user.id, PanelMember.withdrawn_at.is_(None))
        .order_by(Panel.starts_at.desc())
    ).scalars()
    panels = [m.panel for m in seats if m.scores]
    vacancies = db.session.execute(
        select(Vacancy)
        .options(selectinload(Vacancy.panels))
        .where(managed_by(current_user))
        .order_by(Vacancy.closing_date.desc())
    ).scalars()
    return render_template("scoring/index.html", panels=panels, vacancies=list(vacancies))


@bp.route("/scoring/panels/<int:panel_id>")
@signed_in
def panel(panel_id: int):
    panel, seat = scoring_seat_or_404(panel_id, current_user)
    submitted = queries.submitted_pairs(panel)
    sat_out = queries.sat_out_pairs(panel)
    decided = queries.decisions(panel)
    started = queries.started_candidates(panel, current_user.id)
    rows = []
    for slot in panel.slots:
        key = (current_user.id, slot.candidate_id)
        if key in sat_out:
            status = "Sat out"
        elif key in submitted:
            status = "Submitted"
        elif slot.candidate_id in started:
            status = "In progress"
        else:
            status = "Not started"
        decision = decided.get(slot.candidate_id)
        outcome = (
            decisions.OUTCOMES[decision.outcome]
            if decision is not None and decision.signed_off_at is not None
            else None
        )
        rows.append({"slot": slot, "status": status, "outcome": outcome})
    return render_template(
        "scoring/panel.html",
        panel=panel,
        rows=rows,
        chair=seat.role == "chair",
        counted=decisions.how_view_counted(panel),
        signed_off=any(r["outcome"] for r in rows),
    )


def _sheet_context(
    panel: Panel | queries.SheetPanel,
    candidate,  # noqa: ANN001
    user_id: int,
    slot=None,  # noqa: ANN001
    state: queries.SheetState | None = None,
) -> dict:
    """What a score sheet shows; `state` holds what the score sheet's view has already read
    (neighbours, scale, questions and answers)."""
    vacancy = panel.vacancy
    if state is not None:
        previous, following, scale = state.previous, state.following, state.scale
        questions, answers = state.questions, state.answers
    else:
        previous, following = queries.neighbours(panel.id, candidate.id)
        scale = queries.scale_for(vacancy)
        questions, answers = queries.questions_and_answers(vacancy, panel.id, candidate.id, user_id)
    return {
        "panel": panel,
        "candidate": candidate,
        "questions": questions,
        "scale": scale,
        "answers": answers,
        "model_label": DECISION_MODEL_LABELS.get(vacancy.decision_model, ""),
        "slot": slot or next(s for s in panel.slots if s.candidate_id == candidate.id),
        "previous": previous,
        "following": following,
        # The page's script numbers changes by this clock, not the phone's (see scoring.js).
        "server_now": services.revision_now(),
    }


def read_posted_sheet(panel: Panel | queries.SheetPanel, questions: list):  # noqa: ANN201
    """A posted score sheet's answers, checked against the vacancy's scale."""
    vacancy = panel.vacancy
    return read_answers(request.form, questions, vacancy.scale_min, vacancy.scale_max)


@bp.route("/scoring/panels/<int:panel_id>/candidates/<int:candidate_id>", methods=["GET", "POST"])
@signed_in
def sheet(panel_id: int, candidate_id: int):
    shown = queries.score_sheet_or_404(panel_id, candidate_id, current_user)
    panel, slot, state = shown.panel, shown.slot, shown.state
    candidate = slot.candidate
    if state.sat_out:
        return render_template("scoring/sat_out.html", panel=panel, candidate=candidate, slot=slot)
    context = _sheet_context(panel, candidate, current_user.id, slot, state)
    if state.submission_id is not None:
        submitted = db.session.get(ScoreSubmission, state.submission_id)
        if request.method == "POST":
            # A double-tapped submit or a second tab: the first submission stands.
            flash("Your scores for this candidate are submitted.", "success")
            return redirect(url_for(".sheet", panel_id=panel.id, candidate_id=candidate.id))
        return render_template(
            "scoring/submitted.html",
            submitted=submitted,
            is_resident=shown.seat_role == "resident",
            next_up=queries.next_to_score(panel.id, candidate.id, current_user.id),
            **context,
        )
    errors: dict[str, str] = {}
    posted = None
    if request.method == "POST":
        read = read_posted_sheet(panel, context["questions"])
        errors = read.errors
        if not errors:
            # The page above was read as plain values; the writes take the ORM's objects.
            panel, _seat, seat_slot = score_sheet_or_404(panel_id, candidate_id, current_user)
            candidate = seat_slot.candidate

            def work():  # noqa: ANN202
                _save_answers(panel, candidate, _plain_form_entries(read))
                if request.form.get("action") == "submit":
                    services.submit_scores(
                        current_user, panel=panel, candidate=candidate, panellist_id=current_user.id
                    )

            try:
                commit_with_retries(work)
            except services.ScoringRefused as refused:
                db.session.rollback()
                errors = {refused.field or "form": refused.message}
                if refused.code == "locked":
                    return redirect(url_for(".sheet", panel_id=panel.id, candidate_id=candidate.id))
                try:
                    # The answers were fine; keep them and explain what stops the submit.
                    entries = _plain_form_entries(read)
                    commit_with_retries(lambda: _save_answers(panel, candidate, entries))
                except services.ScoringRefused:
                    db.session.rollback()
            else:
                if request.form.get("action") == "submit":
                    flash("Your scores are submitted and locked.", "success")
                else:
                    flash("Your answers are saved.", "success")
                return redirect(url_for(".sheet", panel_id=panel.id, candidate_id=candidate.id))
        context["answers"] = queries.answers(panel, candidate, current_user.id)
        posted = request.form
    fields = sheet_fields(
        context["questions"], context["answers"], context["scale"], posted, errors
    )
    status = 422 if errors else 200
    return render_template("scoring/sheet.html", errors=errors, fields=fields, **context), status


def _plain_form_entries(read) -> list[tuple[int, int | None, str, int]]:  # noqa: ANN001
    """A plain form's answers as (question, value, note, revision); a change typed on the
    server counts as made now, unless the page had already saved a newer one. A page's
    revision further ahead of the server's clock than a phone's clock could be is not
    believed (see `services.latest_revision`): it would outrank every later change."""
    now = services.revision_now()
    latest = now + services.REVISION_AHEAD
    return [
        (question_id, value, note, revision if now < revision <= latest else now)
        for question_id, (value, note, revision) in read.entries.items()
    ]


def _save_answers(panel: Panel, candidate, entries) -> list[services.Saved]:  # noqa: ANN001
    """Save the signed-in panellist's answers, each as (question, value, note, revision)."""
    return [
        services.save_answer(
            current_user,
            panel=panel,
            candidate=candidate,
            panellist_id=current_user.id,
            question_id=question_id,
            value=value,
            note=note,
            revision=revision,
        )
        for question_id, value, note, revision in entries
    ]


@bp.route(API + "/panels/<int:panel_id>/candidates/<int:candidate_id>", methods=["POST"])
@signed_in
def autosave(panel_id: int, candidate_id: int):
    """Save a batch of changed answers sent by the page's script (or its offline queue)."""
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict) or not isinstance(payload.get("answers"), list):
        return jsonify(error="Send a list of answers."), 400
    entries = []
    for item in payload["answers"][:100]:
        try:
            value = item.get("value")
            entries.append(
                (
                    int(item["question"]),
                    None if value in (None, "") else int(value),
                    str(item.get("note") or ""),
                    int(item["revision"]),
                )
            )
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
            # OverflowError: JSON's Infinity and 1e999 read as an infinite float.
            return jsonify(error="An answer could not be read."), 400
        if not 0 < entries[-1][0] <= LARGEST_ID:
            return jsonify(error="An answer could not be read."), 400

    def work() -> list[services.Saved]:
        # A tap changes an answer already given: one statement checks the seat and saves it.
        # Anything else (a first answer, a refusal to explain, no seat) looks the seat up.
        quick = [
            services.save_own_answer_quickly(
                current_user,
                panel_id=panel_id,
                candidate_id=candidate_id,
                question_id=question_id,
                value=value,
                note=note,
                revision=revision,
                alone=len(entries) == 1,
            )
            for question_id, value, note, revision in entries
        ]
        rest = [entry for entry, saved in zip(entries, quick, strict=True) if saved is None]
        if quick and not rest:
            return quick
        panel, _seat, slot = score_sheet_or_404(panel_id, candidate_id, current_user)
        careful = iter(_save_answers(panel, slot.candidate, rest))
        return [saved or next(careful) for saved in quick]

    try:
        saved = commit_with_retries(work)
    except services.ScoringRefused as refused:
        db.session.rollback()
        status = {"locked": 409, "busy": 503}.get(refused.code, 422)
        return jsonify(error=refused.message, code=refused.code, field=refused.field), status
    return jsonify(
        saved=[
            {"question": s.question_id, "revision": s.revision, "status": s.status} for s in saved
        ]
    )


from panelhire.scoring import (  # noqa: E402, F401  (their routes join this blueprint)
    chair_views,
    consensus_views,
    decision_views,
    question_views,
)
