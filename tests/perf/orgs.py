"""Organisations of a given size, for checking that pages cost the same at any scale."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, timedelta

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import ConflictDeclaration, Panel, PanelMember
from panelhire.scoring.models import Criterion, Question, ScaleLabel, Score, ScoreSubmission
from panelhire.training.models import ConfidentialityAgreement, TrainingModule, TrainingRecord
from tests.factories import (
    make_organisation,
    make_panel,
    make_resident,
    make_service,
    make_staff,
    make_vacancy,
)

_batch = itertools.count(1)


@dataclass
class Org:
    hr: User
    chair: User
    resident: User
    panel: Panel
    candidate_id: int


GUIDANCE = "Gives a real example; says what they did and why; checks how the person is now."


def build_org(
    *, panels: int, candidates: int, questions: int, residents: int, wordy: bool = False
) -> Org:
    """Panels half held and half coming up, each with a chair, a staff member, a resident
    panellist and an observer; one vacancy per panel with its own questions; on every panel the
    chair has submitted scores for the first candidate and the resident has started them."""
    org = make_organisation()
    org.observations_needed = 1
    today = date.today()
    services = [make_service() for _ in range(3)]
    batch = next(_batch)
    modules = [
        TrainingModule(name=f"Required {batch}.{n}", required=True, valid_months=24)
        for n in range(2)
    ]
    db.session.add_all(modules)
    hr = make_staff(roles={Role.HR, Role.STAFF}, name="HR Officer")
    chair = make_staff(roles={Role.MANAGER, Role.STAFF}, name="Chair Person")
    staff = make_staff(roles={Role.STAFF}, name="Staff Person")
    people = [make_resident(service=services[n % 3]) for n in range(residents)]
    for person in people:
        for module in modules:
            db.session.add(
                TrainingRecord(
                    user_id=person.id,
                    module=module,
                    completed_on=today - timedelta(days=90),
                    expires_on=today + timedelta(days=600),
                    trainer_name="Tom",
                )
            )
        db.session.add(
            ConfidentialityAgreement(
                user_id=person.id, version=org.agreement_version, signed_on=today - timedelta(80)
            )
        )
    first: Panel | None = None
    for n in range(panels):
        vacancy = make_vacancy(title=f"Role {n}", service=services[n % 3], manager=chair)
        # A criterion per question, so loading criteria one at a time would show.
        asked = [
            Question(
                vacancy=vacancy,
                criterion=Criterion(vacancy=vacancy, name=f"Criterion {q}", essential=q == 0),
                text=(
                    f"Question {q}: tell us about a time you supported someone through a hard week."
                    if wordy
                    else f"Question {q}"
                ),
                guidance=GUIDANCE if wordy else "",
                position=q,
            )
            for q in range(questions)
        ]
        db.session.add_all(asked)
        for value in range(vacancy.scale_min, vacancy.scale_max + 1):
            label = ["No evidence", "Limited", "Some", "Good", "Strong evidence"][value % 5]
            db.session.add(ScaleLabel(vacancy=vacancy, value=value, label=label))
        held = n % 2 == 1
        resident, observer = people[n % len(people)], people[(n + 1) % len(people)]
        panel = make_panel(
            vacancy=vacancy,
            day=today + timedelta(days=(-10 - n) if held else (5 + n)),
            hours=max(3, candidates),
            members=[(chair, "chair"), (staff, "staff"), (resident, "resident")],
            candidates=[f"Candidate {n}-{c}" for c in range(candidates)],
        )
        panel.members.append(PanelMember(user=observer, role="observer"))
        panel.status = "confirmed"
        if n == 2:
            panel.exception_reason = "No trained resident free that week"
        db.session.flush()
        first_candidate = panel.slots[0].candidate_id
        for question in asked:
            db.session.add(
                Score(
                    panel_id=panel.id,
                    candidate_id=first_candidate,
                    user_id=chair.id,
                    question_id=question.id,
                    value=3,
                )
            )
            db.session.add(
                Score(
                    panel_id=panel.id,
                    candidate_id=first_candidate,
                    user_id=resident.id,
                    question_id=question.id,
                    value=2,
                )
            )
        db.session.add(
            ScoreSubmission(panel_id=panel.id, candidate_id=first_candidate, user_id=chair.id)
        )
        db.session.add(
            ConflictDeclaration(
                panel_id=panel.id,
                user_id=staff.id,
                candidate_id=panel.slots[-1].candidate_id,
                note="Former colleague",
                outcome="none",
            )
        )
        first = first or panel
    db.session.flush()
    assert first is not None
    return Org(
        hr=hr,
        chair=chair,
        resident=first.active_members()[2].user,
        panel=first,
        candidate_id=first.slots[0].candidate_id,
    )
