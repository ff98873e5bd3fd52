"""A panel ready to score: questions, a 0-4 scale, a chair, a staff and a resident panellist."""

from __future__ import annotations

from dataclasses import dataclass

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import Candidate, ConflictDeclaration, Panel
from panelhire.scoring.models import Criterion, Question, ScaleLabel
from tests.factories import make_panel, make_resident, make_staff, make_vacancy

LABELS = ["No evidence", "Limited evidence", "Some evidence", "Good evidence", "Strong evidence"]


@dataclass
class Scene:
    panel: Panel
    chair: User
    staff: User
    resident: User
    questions: list[Question]
    candidates: list[Candidate]


def make_scored_panel(
    *, candidates: tuple[str, ...] = ("Alex Able", "Bo Brown"), model: str = "single"
) -> Scene:
    chair = make_staff(roles={Role.MANAGER, Role.STAFF}, name="Chair Person")
    staff = make_staff(name="Staff Person")
    resident = make_resident(name="Resident Person")
    vacancy = make_vacancy(manager=chair)
    vacancy.decision_model = model
    essential = Criterion(vacancy=vacancy, name="Working with people", essential=True)
    other = Criterion(vacancy=vacancy, name="Recording", position=1)
    questions = [
        Question(
            vacancy=vacancy,
            criterion=essential,
            text="Tell us about support.",
            guidance="Listens first.",
            asked_by="resident",
            position=0,
        ),
        Question(
            vacancy=vacancy,
            criterion=other,
            text="How do you record an incident?",
            guidance="Facts not opinions.",
            asked_by="staff",
            weight=2,
            position=1,
        ),
    ]
    db.session.add_all(questions)
    for value, label in enumerate(LABELS):
        db.session.add(ScaleLabel(vacancy=vacancy, value=value, label=label))
    panel = make_panel(
        vacancy=vacancy,
        members=[(chair, "chair"), (staff, "staff"), (resident, "resident")],
        candidates=list(candidates),
    )
    db.session.flush()
    return Scene(
        panel=panel,
        chair=chair,
        staff=staff,
        resident=resident,
        questions=questions,
        candidates=[slot.candidate for slot in panel.slots],
    )


def sit_out(scene: Scene, user: User, candidate: Candidate) -> None:
    db.session.add(
        ConflictDeclaration(
            panel_id=scene.panel.id,
            user_id=user.id,
            candidate_id=candidate.id,
            note="Former keyworker",
            outcome="sit_out",
        )
    )
    db.session.flush()
