"""Reading the scoring data: the question set, a panellist's answers, and compiled results."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import abort
from sqlalchemy import ColumnElement, Exists, Select, and_, bindparam, exists, func, select
from sqlalchemy.orm import joinedload

from panelhire.auth.models import User
from panelhire.auth.objects import score_sheet_select
from panelhire.extensions import db
from panelhire.models.sql import json_object_of, read_json_object
from panelhire.panels.models import (
    Candidate,
    ConflictDeclaration,
    InterviewSlot,
    Panel,
    PanelMember,
    SeatRole,
    Vacancy,
)
from panelhire.scoring import compile as compiling
from panelhire.scoring.models import (
    AgreedScore,
    Concern,
    Criterion,
    Decision,
    Question,
    ScaleLabel,
    Score,
    ScoreSubmission,
)

SIT_OUT = "sit_out"


def questions_for(vacancy: Vacancy) -> list[Question]:
    return list(
        db.session.execute(
            select(Question)
            .options(joinedload(Question.criterion))
            .where(Question.vacancy_id == vacancy.id)
            .order_by(Question.position, Question.id)
        ).scalars()
    )


def criteria_for(vacancy: Vacancy) -> list[Criterion]:
    return list(
        db.session.execute(
            select(Criterion)
            .where(Criterion.vacancy_id == vacancy.id)
            .order_by(Criterion.position, Criterion.id)
        ).scalars()
    )


def scale_for(vacancy: Vacancy) -> list[tuple[int, str]]:
    """Every point of the vacancy's scale with its wording, lowest first."""
    labels = dict(
        db.session.execute(
            select(ScaleLabel.value, ScaleLabel.label).where(ScaleLabel.vacancy_id == vacancy.id)
        ).all()
    )
    return [
        (value, labels.get(value, str(value)))
        for value in range(vacancy.scale_min, vacancy.scale_max + 1)
    ]


def scoring_started(vacancy: Vacancy) -> bool:
    """Once anyone has scored, the questions and scale are fixed for fairness."""
    found = db.session.execute(
        select(Score.id)
        .join(Question, Question.id == Score.question_id)
        .where(Question.vacancy_id == vacancy.id)
        .limit(1)
    ).first()
    return found is not None


def sat_out_pairs(panel: Panel) -> set[tuple[int, int]]:
    """(panellist, candidate) pairs where the chair decided the panellist sits out."""
    rows = db.session.execute(
        select(ConflictDeclaration.user_id, ConflictDeclaration.candidate_id).where(
            ConflictDeclaration.panel_id == panel.id, ConflictDeclaration.outcome == SIT_OUT
        )
    ).all()
    return {(user_id, candidate_id) for user_id, candidate_id in rows}


def answers(panel: Panel, candidate: Candidate, user_id: int) -> dict[int, Score]:
    rows = db.session.execute(
        select(Score).where(
            Score.panel_id == panel.id,
            Score.candidate_id == candidate.id,
            Score.user_id == user_id,
        )
    ).scalars()
    return {score.question_id: score for score in rows}


def started_candidates(panel: Panel, user_id: int) -> set[int]:
    """The candidates on the panel this panellist has saved any answer for."""
    return set(
        db.session.execute(
            select(Score.candidate_id)
            .where(Score.panel_id == panel.id, Score.user_id == user_id)
            .distinct()
        ).scalars()
    )


def submission(panel: Panel, candidate_id: int, user_id: int) -> ScoreSubmission | None:
    return db.session.execute(
        select(ScoreSubmission).where(
            ScoreSubmission.panel_id == panel.id,
            ScoreSubmission.candidate_id == candidate_id,
            ScoreSubmission.user_id == user_id,
        )
    ).scalar_one_or_none()


def _sat_out(panel_id: Any, candidate_id: Any, user_id: Any) -> Exists:
    return exists().where(
        ConflictDeclaration.panel_id == panel_id,
        ConflictDeclaration.candidate_id == candidate_id,
        ConflictDeclaration.user_id == user_id,
        ConflictDeclaration.outcome == SIT_OUT,
    )


def _submission_id(panel_id: Any, candidate_id: Any, user_id: Any) -> Select:
    return select(ScoreSubmission.id).where(
        ScoreSubmission.panel_id == panel_id,
        ScoreSubmission.candidate_id == candidate_id,
        ScoreSubmission.user_id == user_id,
    )


def sheet_is_open(panel_id: Any, candidate_id: Any, user_id: Any) -> ColumnElement[bool]:
    """A condition true while the panellist may still change these scores: they have neither
    sat out for the candidate nor submitted. Lets a write check the lock in its own statement."""
    return and_(
        ~_sat_out(panel_id, candidate_id, user_id),
        ~_submission_id(panel_id, candidate_id, user_id).exists(),
    )


def _lock_columns(panel_id: Any, candidate_id: Any, user_id: Any) -> tuple:
    """Whether the panellist sat out for this candidate, and their submission's id if they
    have submitted: the two things that lock a score sheet, as columns of one statement."""
    return (
        _sat_out(panel_id, candidate_id, user_id).label("sat_out"),
        _submission_id(panel_id, candidate_id, user_id).scalar_subquery().label("submitted"),
    )


def sheet_state(panel_id: int, candidate_id: int, user_id: int) -> tuple[bool, int | None]:
    """Whether the sheet is locked: (sat out, submission id or None)."""
    row = db.session.execute(select(*_lock_columns(panel_id, candidate_id, user_id))).one()
    return bool(row.sat_out), row.submitted


def _running_order(panel_id: int):  # noqa: ANN202
    """Each interview slot on a panel with the candidates seen just before and just after."""
    order = (InterviewSlot.starts_at, InterviewSlot.id)
    return (
        select(
            InterviewSlot.id.label("slot_id"),
            func.lag(Candidate.id).over(order_by=order).label("previous_id"),
            func.lag(Candidate.name).over(order_by=order).label("previous_name"),
            func.lead(Candidate.id).over(order_by=order).label("following_id"),
            func.lead(Candidate.name).over(order_by=order).label("following_name"),
        )
        .join(Candidate, Candidate.id == InterviewSlot.candidate_id)
        .where(InterviewSlot.panel_id == panel_id)
        .subquery()
    )


@dataclass(frozen=True)
class SheetCriterion:
    name: str
    essential: bool


@dataclass(frozen=True)
class SheetQuestion:
    """A question as the score sheet shows it."""

    id: int
    text: str
    guidance: str
    asked_by: str
    criterion: SheetCriterion | None


@dataclass(frozen=True)
class SavedAnswer:
    value: int | None
    note: str
    revision: int


@dataclass(frozen=True)
class SheetVacancy:
    id: int
    title: str
    decision_model: str
    resident_weight_percent: int
    scale_min: int
    scale_max: int


@dataclass(frozen=True)
class SheetPanel:
    id: int
    vacancy: SheetVacancy


@dataclass(frozen=True)
class SheetCandidate:
    id: int
    name: str


@dataclass(frozen=True)
class SheetSlot:
    starts_at: datetime
    candidate: SheetCandidate


@dataclass(frozen=True)
class SheetState:
    """What the score sheet needs beyond the seat: is it locked, who comes either side, the
    wording of each point on the scale, and the questions with this panellist's answers."""

    sat_out: bool
    submission_id: int | None
    previous: tuple[int, str] | None
    following: tuple[int, str] | None
    scale: list[tuple[int, str]]
    questions: list[SheetQuestion]
    answers: dict[int, SavedAnswer]


@dataclass(frozen=True)
class ScoreSheet:
    """The score sheet as its page shows it, read as plain values rather than ORM objects: it
    is the page residents open most, and building objects was a large share of its time.
    Writing to it (the plain form's Save and Submit) loads the objects the writes need."""

    panel: SheetPanel
    slot: SheetSlot
    seat_role: str
    state: SheetState


@functools.cache
def _score_sheet_statement() -> Select:
    """Built once: the seat, slot, lock state, neighbours, scale wording, and the questions
    with the panellist's answers (one row per question) in one statement: each statement is
    a round trip to the database and a share of the server's time.

    Only what the sheet shows and checks: the statement repeats the panel, vacancy and
    candidate on every question's row. Left out are long texts (the job summary and person
    specification) and what a panellist has no need of (the candidate's contact details,
    adjustments and monitoring answers)."""
    panel_id, candidate_id, user_id = (
        bindparam("panel_id"),
        bindparam("candidate_id"),
        bindparam("user_id"),
    )
    order = _running_order(panel_id)
    labels = (
        select(json_object_of(ScaleLabel.value, ScaleLabel.label))
        .where(ScaleLabel.vacancy_id == Vacancy.id)
        .scalar_subquery()
    )
    return (
        score_sheet_select(
            panel_id,
            candidate_id,
            user_id,
            PanelMember.role.label("seat_role"),
            Vacancy.id.label("vacancy_id"),
            Vacancy.title.label("vacancy_title"),
            Vacancy.decision_model,
            Vacancy.resident_weight_percent,
            Vacancy.scale_min,
            Vacancy.scale_max,
            InterviewSlot.starts_at.label("slot_starts_at"),
            Candidate.name.label("candidate_name"),
            *_lock_columns(panel_id, candidate_id, user_id),
            order.c.previous_id,
            order.c.previous_name,
            order.c.following_id,
            order.c.following_name,
            labels.label("scale_labels"),
            Question.id.label("question_id"),
            Question.text.label("question_text"),
            Question.guidance.label("question_guidance"),
            Question.asked_by.label("question_asked_by"),
            Criterion.name.label("criterion_name"),
            Criterion.essential.label("criterion_essential"),
            Score.id.label("answer_id"),
            Score.value.label("answer_value"),
            Score.note.label("answer_note"),
            Score.revision.label("answer_revision"),
        )
        .outerjoin(order, order.c.slot_id == InterviewSlot.id)
        .outerjoin(Question, Question.vacancy_id == Vacancy.id)
        .outerjoin(Criterion, Criterion.id == Question.criterion_id)
        .outerjoin(
            Score,
            and_(
                Score.question_id == Question.id,
                Score.panel_id == panel_id,
                Score.candidate_id == candidate_id,
                Score.user_id == user_id,
            ),
        )
        .order_by(Question.position, Question.id)
    )


def score_sheet_or_404(panel_id: int, candidate_id: int, user: User) -> ScoreSheet:
    """The score sheet of the user's seat for a candidate, exactly as
    `auth.objects.score_sheet_or_404` allows (no seat or no such candidate is a 404), with its
    lock state, neighbours, scale, questions and answers. Read on the session's connection
    without the ORM: plain values are all the page needs. Columns are read by key: a `Row`'s
    attribute lookup first fails as an attribute (an exception built and thrown away) before
    it finds the column, about fifty times a page."""
    rows = (
        db.session.connection()
        .execute(
            _score_sheet_statement(),
            {"panel_id": panel_id, "candidate_id": candidate_id, "user_id": user.id},
        )
        .mappings()
        .all()
    )
    if not rows:
        abort(404)
    row = rows[0]
    questions, answers = [], {}
    for each in rows:
        if each["question_id"] is None:
            continue  # a vacancy with no questions yet: the one row carries the rest
        criterion = (
            SheetCriterion(each["criterion_name"], bool(each["criterion_essential"]))
            if each["criterion_name"] is not None
            else None
        )
        questions.append(
            SheetQuestion(
                each["question_id"],
                each["question_text"],
                each["question_guidance"] or "",
                each["question_asked_by"],
                criterion,
            )
        )
        if each["answer_id"] is not None:
            answers[each["question_id"]] = SavedAnswer(
                each["answer_value"], each["answer_note"] or "", each["answer_revision"]
            )
    labels = read_json_object(row["scale_labels"])
    vacancy = SheetVacancy(
        row["vacancy_id"],
        row["vacancy_title"],
        row["decision_model"],
        row["resident_weight_percent"],
        row["scale_min"],
        row["scale_max"],
    )
    state = SheetState(
        sat_out=bool(row["sat_out"]),
        submission_id=row["submitted"],
        previous=(row["previous_id"], row["previous_name"]) if row["previous_id"] else None,
        following=(row["following_id"], row["following_name"]) if row["following_id"] else None,
        scale=[
            (value, labels.get(str(value), str(value)))
            for value in range(vacancy.scale_min, vacancy.scale_max + 1)
        ],
        questions=questions,
        answers=answers,
    )
    return ScoreSheet(
        panel=SheetPanel(panel_id, vacancy),
        slot=SheetSlot(row["slot_starts_at"], SheetCandidate(candidate_id, row["candidate_name"])),
        seat_role=row["seat_role"],
        state=state,
    )


def neighbours(panel_id: int, candidate_id: int) -> tuple[tuple | None, tuple | None]:
    """The candidates interviewed just before and just after this one, as (id, name)."""
    order = _running_order(panel_id)
    row = db.session.execute(
        select(order)
        .join(InterviewSlot, InterviewSlot.id == order.c.slot_id)
        .where(InterviewSlot.candidate_id == candidate_id)
    ).first()
    if row is None:
        return None, None
    return (
        (row.previous_id, row.previous_name) if row.previous_id else None,
        (row.following_id, row.following_name) if row.following_id else None,
    )


@functools.cache
def _questions_and_answers_statement() -> Select:
    return (
        select(Question, Score)
        .outerjoin(
            Score,
            and_(
                Score.question_id == Question.id,
                Score.panel_id == bindparam("panel_id"),
                Score.candidate_id == bindparam("candidate_id"),
                Score.user_id == bindparam("user_id"),
            ),
        )
        .options(joinedload(Question.criterion))
        .where(Question.vacancy_id == bindparam("vacancy_id"))
        .order_by(Question.position, Question.id)
    )


def questions_and_answers(
    vacancy: Vacancy, panel_id: int, candidate_id: int, user_id: int
) -> tuple[list[Question], dict[int, Score]]:
    """The vacancy's questions in order with one panellist's saved answers, in one statement."""
    rows = db.session.execute(
        _questions_and_answers_statement(),
        {
            "vacancy_id": vacancy.id,
            "panel_id": panel_id,
            "candidate_id": candidate_id,
            "user_id": user_id,
        },
    ).all()
    return [q for q, _ in rows], {q.id: score for q, score in rows if score is not None}


def submitted_pairs(panel: Panel) -> set[tuple[int, int]]:
    rows = db.session.execute(
        select(ScoreSubmission.user_id, ScoreSubmission.candidate_id).where(
            ScoreSubmission.panel_id == panel.id
        )
    ).all()
    return {(user_id, candidate_id) for user_id, candidate_id in rows}


def next_to_score(panel_id: int, candidate_id: int, user_id: int) -> tuple[int, str] | None:
    """The next candidate (by interview time, after this one, then from the start) that this
    panellist has neither submitted nor sat out for: (id, name), or None when all are done."""
    rows = db.session.execute(
        select(
            InterviewSlot.candidate_id,
            Candidate.name,
            sheet_is_open(panel_id, InterviewSlot.candidate_id, user_id).label("still_open"),
        )
        .join(Candidate, Candidate.id == InterviewSlot.candidate_id)
        .where(InterviewSlot.panel_id == panel_id)
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)
    ).all()
    here = next((n for n, row in enumerate(rows) if row.candidate_id == candidate_id), -1)
    for row in rows[here + 1 :] + rows[: here + 1]:
        if row.still_open and row.candidate_id != candidate_id:
            return row.candidate_id, row.name
    return None


def candidates_on(panel: Panel) -> list[Candidate]:
    return [slot.candidate for slot in panel.slots]


def scoring_members(panel: Panel):  # noqa: ANN201
    return panel.active_members(SeatRole.CHAIR, SeatRole.STAFF, SeatRole.RESIDENT)


def agreed_rows(panel: Panel) -> dict[tuple[int, int], AgreedScore]:
    rows = db.session.execute(select(AgreedScore).where(AgreedScore.panel_id == panel.id)).scalars()
    return {(row.candidate_id, row.question_id): row for row in rows}


def decisions(panel: Panel) -> dict[int, Decision]:
    rows = db.session.execute(select(Decision).where(Decision.panel_id == panel.id)).scalars()
    return {row.candidate_id: row for row in rows}


def concerns(panel: Panel, candidate_id: int | None = None) -> list[Concern]:
    query = select(Concern).where(Concern.panel_id == panel.id)
    if candidate_id is not None:
        query = query.where(Concern.candidate_id == candidate_id)
    return list(db.session.execute(query.order_by(Concern.raised_at, Concern.id)).scalars())


def compile_results(panel: Panel) -> compiling.PanelResult:
    """The panel's scores compiled under the vacancy's decision model."""
    vacancy = panel.vacancy
    questions = questions_for(vacancy)
    members = scoring_members(panel)
    panellists = [
        compiling.Panellist(
            m.user_id,
            m.user.display_name,
            "resident" if m.role == SeatRole.RESIDENT else "staff",
        )
        for m in members
    ]
    # Only submitted scores count, and only they are shown: a draft may still change, and a
    # panellist's scores stay their own until they submit them.
    scores: dict[int, dict[int, dict[int, int | None]]] = {}
    submitted = and_(
        ScoreSubmission.panel_id == Score.panel_id,
        ScoreSubmission.candidate_id == Score.candidate_id,
        ScoreSubmission.user_id == Score.user_id,
    )
    rows = db.session.execute(
        select(Score).join(ScoreSubmission, submitted).where(Score.panel_id == panel.id)
    ).scalars()
    for row in rows:
        scores.setdefault(row.candidate_id, {}).setdefault(row.user_id, {})[row.question_id] = (
            row.value
        )
    agreed: dict[int, dict[int, int]] = {}
    for (candidate_id, question_id), row in agreed_rows(panel).items():
        agreed.setdefault(candidate_id, {})[question_id] = row.value
    return compiling.compile_panel(
        candidates=[compiling.CandidateRef(c.id, c.name) for c in candidates_on(panel)],
        questions=[
            compiling.Question(
                id=q.id,
                criterion_id=q.criterion_id or 0,
                weight=q.weight,
                essential=bool(q.criterion and q.criterion.essential),
                position=q.position,
            )
            for q in questions
        ],
        scale=compiling.Scale(vacancy.scale_min, vacancy.scale_max),
        panellists=panellists,
        scores=scores,
        sat_out=sat_out_pairs(panel),
        model=vacancy.decision_model,
        resident_weight=vacancy.resident_weight_percent / 100,
        agreed=agreed,
    )


def answers_for_candidate(panel: Panel, candidate_id: int) -> list[Score]:
    return list(
        db.session.execute(
            select(Score).where(Score.panel_id == panel.id, Score.candidate_id == candidate_id)
        ).scalars()
    )
