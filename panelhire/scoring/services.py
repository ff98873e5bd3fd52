"""A panellist's own scores: saved as they tap, submitted and locked, reopened, or typed in
from a paper sheet. (Agreeing scores and deciding are in `decisions.py`.)

Each function takes the acting person, checks the rule, writes an audit event where the
change matters to the record, and flushes; the view commits once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sqlalchemy import Integer, Update, bindparam, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError

from panelhire.audit.services import record
from panelhire.auth.models import User
from panelhire.auth.objects import score_sheet_select
from panelhire.core.converters import LARGEST_ID
from panelhire.extensions import db
from panelhire.models.base import now_utc
from panelhire.models.lazy_begin import WHOLE_WRITE
from panelhire.panels.models import Candidate, Panel, Vacancy
from panelhire.scoring import queries
from panelhire.scoring.models import Question, Score, ScoreSubmission

MAX_REVISION = 2**62
MAX_NOTE = 2000


class ScoringRefused(Exception):
    """A change the rules do not allow, with a message for the person who tried it."""

    def __init__(self, message: str, *, field: str = "", code: str = "refused") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


def revision_now() -> int:
    """A revision for a change made on the server (a plain form or paper entry)."""
    return int(now_utc().timestamp() * 1000)


# How far ahead of the server's clock a revision may be: a day, in milliseconds.
REVISION_AHEAD = 24 * 60 * 60 * 1000


def latest_revision() -> int:
    """The newest revision a save may carry.

    Revisions are the browser's clock in milliseconds, and a phone's clock may run a little
    fast. But a save only replaces an older revision, so one far in the future (a tampered
    form, a phone set years ahead) would outrank every later change and freeze the answer.
    """
    return revision_now() + REVISION_AHEAD


# --- a panellist's own scores ----------------------------------------------------------------


def _ensure_open(panel: Panel, candidate: Candidate, panellist_id: int) -> None:
    sat_out, submitted = queries.sheet_state(panel.id, candidate.id, panellist_id)
    if sat_out:
        raise ScoringRefused("You sat out for this candidate, so there is nothing to score.")
    if submitted is not None:
        raise ScoringRefused(
            "These scores were submitted and are locked. Ask the chair to reopen them.",
            code="locked",
        )


def _question_or_refuse(panel: Panel, question_id: int) -> Question:
    question = db.session.get(Question, question_id)
    if question is None or question.vacancy_id != panel.vacancy_id:
        raise ScoringRefused("That question is not on this panel's form.", code="unknown")
    return question


def check_value(panel: Panel, value: int | None, field: str) -> None:
    """A score must be on the vacancy's scale."""
    vacancy = panel.vacancy
    if value is not None and not vacancy.scale_min <= value <= vacancy.scale_max:
        raise ScoringRefused(
            f"Choose a score from {vacancy.scale_min} to {vacancy.scale_max}.", field=field
        )


@dataclass(frozen=True)
class Saved:
    """What happened to one answer: saved, or already superseded by a newer change."""

    question_id: int
    revision: int
    status: str  # "saved" or "newer"


def save_answer(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    panellist_id: int,
    question_id: int,
    value: int | None,
    note: str,
    revision: int,
    on_behalf: bool = False,
) -> Saved:
    """Save one answer, safely however often and in whatever order it arrives.

    There is one row per panel, candidate, panellist and question (a unique constraint). The
    browser numbers every change; a save only replaces a row holding an older number, so a
    retried or delayed save never overwrites a newer one. Autosaves are not audited one by
    one (there is one per tap); submitting, reopening and paper entry are.
    """
    check_value(panel, value, f"q-{question_id}")
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise ScoringRefused(
            f"Keep the note under {MAX_NOTE} characters.", field=f"note-{question_id}"
        )
    if not 0 <= revision <= latest_revision():
        raise ScoringRefused("That change could not be read. Reload the page.", code="bad")
    key = (
        Score.panel_id == panel.id,
        Score.candidate_id == candidate.id,
        Score.user_id == panellist_id,
        Score.question_id == question_id,
    )
    values = {
        "value": value,
        "note": note,
        "revision": revision,
        "updated_at": now_utc(),
        "entered_by_id": actor.id if on_behalf else None,
    }
    # Most saves change an answer already given on an open sheet: one statement that checks
    # the lock and the revision as it writes. (A row exists only for a question on this
    # panel's form.) Anything else takes the careful path below, which says what stopped it.
    answer = (panel.id, candidate.id, panellist_id, question_id)
    if _replace_answer(_update_open_answer(), answer, values):
        return Saved(question_id, revision, "saved")
    _ensure_open(panel, candidate, panellist_id)
    _question_or_refuse(panel, question_id)
    for _attempt in range(3):
        if _update_older(key, values, revision):
            return Saved(question_id, revision, "saved")
        stored = db.session.execute(select(Score.revision).where(*key)).scalar_one_or_none()
        if stored is not None:
            return Saved(question_id, stored, "saved" if stored == revision else "newer")
        try:
            with db.session.begin_nested():
                db.session.add(
                    Score(
                        panel_id=panel.id,
                        candidate_id=candidate.id,
                        user_id=panellist_id,
                        question_id=question_id,
                        **values,
                    )
                )
            return Saved(question_id, revision, "saved")
        except IntegrityError:
            continue  # another request created the row first: update it on the next pass
    raise ScoringRefused("Could not save just now. Try again.", code="busy")


@functools.cache
def _update_open_answer() -> Update:
    """Built once (it runs on every tap): replace an answer on an open sheet with a newer one.

    A plain table UPDATE, without the ORM's bookkeeping for objects it may have loaded (half
    the cost of a save); `_replace_answer` does that part by hand.
    """
    score = Score.__table__.c
    panel, candidate, user = bindparam("at_panel"), bindparam("at_candidate"), bindparam("at_user")
    return update(Score.__table__).where(
        score.panel_id == panel,
        score.candidate_id == candidate,
        score.user_id == user,
        score.question_id == bindparam("at_question"),
        score.revision < bindparam("at_revision"),
        queries.sheet_is_open(panel, candidate, user),
    )


@functools.cache
def _update_own_open_answer() -> Update:
    """`_update_open_answer` for a request that has not yet looked up the seat: the same
    statement also requires the panellist's current scoring seat on the panel and the
    candidate's slot on it (the very rule of `score_sheet_select`), and a value on the
    vacancy's scale."""
    panel, candidate, user = bindparam("at_panel"), bindparam("at_candidate"), bindparam("at_user")
    value = bindparam("at_value", type_=Integer)
    on_scale = (
        select(Vacancy.id)
        .join(Panel, Panel.vacancy_id == Vacancy.id)
        .where(Panel.id == panel, Vacancy.scale_min <= value, Vacancy.scale_max >= value)
        .exists()
    )
    return _update_open_answer().where(
        score_sheet_select(panel, candidate, user).exists(),
        or_(value.is_(None), on_scale),
    )


def save_own_answer_quickly(
    actor: User,
    *,
    panel_id: int,
    candidate_id: int,
    question_id: int,
    value: int | None,
    note: str,
    revision: int,
    alone: bool = False,
) -> Saved | None:
    """A tap from a panellist's own score sheet, in one statement: replace their existing
    answer if they hold a scoring seat on the panel, the candidate is interviewed by it, the
    sheet is open, the value is on the scale and the revision is newer. None when any of
    that does not plainly hold (or there is no answer yet): the caller then looks up the seat
    and takes `save_answer`'s careful path, which says what stopped it.

    `alone`: this answer is all the caller will write, so on PostgreSQL the statement may
    commit by itself (`models.lazy_begin.WHOLE_WRITE`) without a BEGIN and a COMMIT."""
    note = (note or "").strip()
    numbers = (panel_id, candidate_id, question_id, value or 0)
    if len(note) > MAX_NOTE or not 0 <= revision <= latest_revision():
        return None
    if not all(-LARGEST_ID <= n <= LARGEST_ID for n in numbers):
        return None
    values = {
        "value": value,
        "note": note,
        "revision": revision,
        "updated_at": now_utc(),
        "entered_by_id": None,
    }
    answer = (panel_id, candidate_id, actor.id, question_id)
    replaced = _replace_answer(
        _update_own_open_answer(), answer, values, whole_write=alone, at_value=value
    )
    if not replaced:
        return None
    return Saved(question_id, revision, "saved")


# What a save writes to an answer's row, as bound parameters (`new_value` and so on).
_WRITTEN = ("value", "note", "revision", "updated_at", "entered_by_id")


@functools.cache
def _writing_new_values(statement: Update) -> Update:
    """The quick UPDATE with its SET clause bound too, built once: a statement made afresh on
    each tap would have its cache key worked out afresh, walking the whole statement (a tenth
    of an autosave)."""
    score = Score.__table__.c
    return statement.values({score[name]: bindparam(f"new_{name}") for name in _WRITTEN})


def _replace_answer(
    statement: Update, answer: tuple, values: dict, *, whole_write: bool = False, **more: object
) -> bool:
    """Run one of the quick UPDATEs above for the answer (panel, candidate, panellist,
    question); whether it changed the row. An answer this session had loaded is expired, so
    the next read sees the new value.

    Sent on the session's connection (inside the session's transaction) rather than through
    `Session.execute`: the seat rule inside makes it an ORM statement, and the ORM's bulk
    UPDATE path copies it on every run, so its cache key was worked out afresh on each tap
    (a tenth of an autosave) for bookkeeping this function does itself."""
    panel_id, candidate_id, user_id, question_id = answer
    changed = db.session.connection().execute(
        _writing_new_values(statement),
        {
            **{f"new_{name}": values[name] for name in _WRITTEN},
            "at_panel": panel_id,
            "at_candidate": candidate_id,
            "at_user": user_id,
            "at_question": question_id,
            "at_revision": values["revision"],
            **more,
        },
        execution_options={WHOLE_WRITE: whole_write},
    )
    if not changed.rowcount:
        return False
    for loaded in list(db.session.identity_map.values()):
        if not isinstance(loaded, Score):
            continue
        # Read what is already loaded, never load: after a rollback the map can hold a row
        # that only existed in the rolled-back transaction (a refused submit's blank answer),
        # and loading it fails. An expired object holds nothing and reloads when next read.
        held = inspect(loaded).dict
        fields = ("panel_id", "candidate_id", "user_id", "question_id")
        if tuple(held.get(name) for name in fields) == answer:
            db.session.expire(loaded)
    return True


def _update_older(key: tuple, values: dict, revision: int) -> bool:
    """Replace the answer if the stored one is older than `revision`, or stored with a
    revision beyond `latest_revision` (saved before that limit, it would never be replaced
    otherwise); whether a row changed."""
    result = db.session.execute(
        update(Score)
        .where(*key, or_(Score.revision < revision, Score.revision > latest_revision()))
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )
    return bool(result.rowcount)


def submit_scores(
    actor: User, *, panel: Panel, candidate: Candidate, panellist_id: int, on_behalf: bool = False
) -> ScoreSubmission:
    """Lock a panellist's scores for a candidate. Submitting twice changes nothing."""
    existing = queries.submission(panel, candidate.id, panellist_id)
    if existing is not None:
        return existing
    _ensure_open(panel, candidate, panellist_id)
    given = queries.answers(panel, candidate, panellist_id)
    missing = [
        q
        for q in queries.questions_for(panel.vacancy)
        if q.id not in given or given[q.id].value is None
    ]
    if missing:
        raise ScoringRefused(
            f"Score every question before you submit: {len(missing)} still to do.",
            field=f"q-{missing[0].id}",
        )
    submission = ScoreSubmission(
        panel_id=panel.id,
        candidate_id=candidate.id,
        user_id=panellist_id,
        entered_by_id=actor.id if on_behalf else None,
    )
    try:
        with db.session.begin_nested():
            db.session.add(submission)
    except IntegrityError:
        # A double tap or a second tab got there first; that submission stands.
        return queries.submission(panel, candidate.id, panellist_id)
    record(
        "scores.submitted",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Scores for candidate {candidate.id} by panellist {panellist_id}"
        + (" entered on their behalf" if on_behalf else ""),
    )
    return submission


def reopen_scores(
    actor: User, *, panel: Panel, candidate: Candidate, panellist_id: int, reason: str
) -> None:
    """The chair unlocks a panellist's submitted scores; the reason is kept in the audit."""
    reason = (reason or "").strip()
    if not reason:
        raise ScoringRefused("Say why these scores are being reopened.", field="reason")
    existing = queries.submission(panel, candidate.id, panellist_id)
    if existing is None:
        raise ScoringRefused("Those scores are not submitted, so they are already open.")
    db.session.delete(existing)
    record(
        "scores.reopened",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Candidate {candidate.id}, panellist {panellist_id}: {reason}",
    )
    db.session.flush()


def enter_paper_scores(
    actor: User,
    *,
    panel: Panel,
    candidate: Candidate,
    panellist_id: int,
    entries: dict[int, tuple[int | None, str]],
) -> None:
    """Type in a panellist's paper score sheet; each score is marked as entered on their behalf."""
    revision = revision_now()
    for question_id, (value, note) in entries.items():
        save_answer(
            actor,
            panel=panel,
            candidate=candidate,
            panellist_id=panellist_id,
            question_id=question_id,
            value=value,
            note=note,
            revision=revision,
            on_behalf=True,
        )
    record(
        "scores.entered_on_behalf",
        actor=actor,
        object_type="panel",
        object_id=panel.id,
        summary=f"Paper scores for candidate {candidate.id}, panellist {panellist_id}",
    )
    submit_scores(
        actor, panel=panel, candidate=candidate, panellist_id=panellist_id, on_behalf=True
    )
