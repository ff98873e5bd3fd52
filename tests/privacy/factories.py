"""A held panel with scores, notes, a concern and decisions for two candidates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from panelhire.extensions import db
from panelhire.panels.models import Candidate, Vacancy
from panelhire.scoring.models import AgreedScore, Concern, Decision, Dissent, Score
from tests.factories import make_panel, make_resident, make_staff


@dataclass
class Held:
    vacancy: Vacancy
    appointed: Candidate
    unsuccessful: Candidate


def make_held_vacancy(*, closed_days_ago: int | None = 200) -> Held:
    """Alex Able appointed, Bo Brown not; Bo's notes mention Alex by name."""
    chair = make_staff(name="Chair Person")
    resident = make_resident(name="Resident Person")
    panel = make_panel(
        day=date.today() - timedelta(days=(closed_days_ago or 0) + 30),
        members=[(chair, "chair"), (resident, "resident")],
        candidates=["Alex Able", "Bo Brown"],
    )
    vacancy = panel.vacancy
    if closed_days_ago is not None:
        vacancy.closed_on = date.today() - timedelta(days=closed_days_ago)
    alex, bo = (slot.candidate for slot in panel.slots)
    alex.email, alex.phone = "alex@example.org", "07700 900001"
    bo.email, bo.phone = "bo@example.org", "07700 900002"
    bo.equality_monitoring = "Bo's equality answers"
    bo.adjustments = "Ground floor room"
    bo.guaranteed_interview = True
    from panelhire.scoring.models import Question

    question = Question(vacancy=vacancy, text="Tell us about support.")
    db.session.add(question)
    db.session.flush()
    for who in (chair, resident):
        for cand, note in ((alex, "Alex was warm"), (bo, "Bo was less clear than Alex Able")):
            db.session.add(
                Score(
                    panel_id=panel.id,
                    candidate_id=cand.id,
                    user_id=who.id,
                    question_id=question.id,
                    value=3,
                    note=note,
                )
            )
    db.session.add(
        AgreedScore(
            panel_id=panel.id,
            candidate_id=bo.id,
            question_id=question.id,
            value=2,
            comment="Agreed 2 for Bo",
        )
    )
    db.session.add(
        Concern(
            panel_id=panel.id,
            candidate_id=bo.id,
            raised_by_id=resident.id,
            text="Bo talked over me",
            answer="Noted by the chair",
        )
    )
    db.session.add(
        Decision(panel_id=panel.id, candidate_id=alex.id, outcome="appoint", checks="id")
    )
    not_appointed = Decision(
        panel_id=panel.id,
        candidate_id=bo.id,
        outcome="not_appointed",
        reasons="Bo Brown scored below Alex Able",
    )
    not_appointed.dissents.append(Dissent(user_id=resident.id, text="I preferred Bo"))
    db.session.add(not_appointed)
    db.session.flush()
    return Held(vacancy=vacancy, appointed=alex, unsuccessful=bo)
