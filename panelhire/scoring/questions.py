"""Changing a vacancy's question set, scale and decision model, before anyone scores."""

from __future__ import annotations

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels.models import DecisionModel, Vacancy
from panelhire.scoring import queries
from panelhire.scoring.models import Criterion, Question, ScaleLabel
from panelhire.scoring.services import ScoringRefused

SCALES = {"0-2": (0, 2), "0-4": (0, 4), "1-5": (1, 5)}


def ensure_unlocked(vacancy: Vacancy) -> None:
    """Once scoring has started the questions, scale and decision model are fixed."""
    if queries.scoring_started(vacancy):
        raise ScoringRefused("Scoring has started, so the questions and scale are locked.")


def save_criterion(
    actor: User, *, vacancy: Vacancy, criterion: Criterion | None, name: str, essential: bool
) -> Criterion:
    ensure_unlocked(vacancy)
    if criterion is None:
        criterion = Criterion(vacancy=vacancy, position=len(queries.criteria_for(vacancy)))
        db.session.add(criterion)
    criterion.name, criterion.essential = name.strip(), essential
    db.session.flush()
    record("criterion.saved", actor=actor, object_type="criterion", object_id=criterion.id)
    return criterion


def save_question(
    actor: User,
    *,
    vacancy: Vacancy,
    question: Question | None,
    text: str,
    guidance: str,
    asked_by: str,
    weight: int,
    criterion_id: int | None,
) -> Question:
    ensure_unlocked(vacancy)
    if criterion_id is not None:
        criterion = db.session.get(Criterion, criterion_id)
        if criterion is None or criterion.vacancy_id != vacancy.id:
            raise ScoringRefused("Choose a criterion from this vacancy.", field="criterion_id")
    if question is None:
        question = Question(vacancy=vacancy, position=len(queries.questions_for(vacancy)))
        db.session.add(question)
    question.text, question.guidance = text.strip(), guidance.strip()
    question.asked_by, question.weight, question.criterion_id = asked_by, weight, criterion_id
    db.session.flush()
    record("question.saved", actor=actor, object_type="question", object_id=question.id)
    return question


def delete_question(actor: User, *, vacancy: Vacancy, question: Question) -> None:
    ensure_unlocked(vacancy)
    record("question.deleted", actor=actor, object_type="question", object_id=question.id)
    db.session.delete(question)
    db.session.flush()


def set_scale(actor: User, *, vacancy: Vacancy, scale: str, labels: dict[int, str]) -> None:
    """The scale for this vacancy, with wording for every point."""
    ensure_unlocked(vacancy)
    if scale not in SCALES:
        raise ScoringRefused("Choose a scale.", field="scale")
    low, high = SCALES[scale]
    for value in range(low, high + 1):
        if not (labels.get(value) or "").strip():
            raise ScoringRefused(f"Give wording for score {value}.", field=f"label-{value}")
    vacancy.scale_min, vacancy.scale_max = low, high
    existing = {
        row.value: row
        for row in db.session.execute(
            db.select(ScaleLabel).where(ScaleLabel.vacancy_id == vacancy.id)
        ).scalars()
    }
    for value, row in existing.items():
        if not low <= value <= high:
            db.session.delete(row)
    for value in range(low, high + 1):
        row = existing.get(value) or ScaleLabel(vacancy_id=vacancy.id, value=value)
        row.label = labels[value].strip()
        db.session.add(row)
    record(
        "scale.saved",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=f"Scale {scale}",
    )
    db.session.flush()


def set_decision_model(
    actor: User, *, vacancy: Vacancy, model: str, resident_weight_percent: int
) -> None:
    """Fixed before interviews: one panel, combined resident and staff panels, or advisory."""
    ensure_unlocked(vacancy)
    if model not in set(DecisionModel):
        raise ScoringRefused("Choose a decision model.", field="decision_model")
    if not 0 <= resident_weight_percent <= 100:
        raise ScoringRefused("Give a weight from 0 to 100.", field="resident_weight_percent")
    vacancy.decision_model, vacancy.resident_weight_percent = model, resident_weight_percent
    record(
        "vacancy.decision_model",
        actor=actor,
        object_type="vacancy",
        object_id=vacancy.id,
        summary=model,
    )
    db.session.flush()
