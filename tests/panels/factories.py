"""Test data for panels: trained residents, staff who can appoint, ready-made panels."""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.auth.models import Role, User
from panelhire.core.models import Service
from panelhire.extensions import db
from panelhire.training.models import ConfidentialityAgreement, TrainingModule, TrainingRecord
from tests.factories import make_organisation, make_panel, make_resident, make_staff

MODULE = "Interview skills"
# A day safely ahead: far enough for any notice rule, near enough for any booking limit.
NEXT_WEEK = date.today() + timedelta(days=7)


def _module() -> TrainingModule:
    module = db.session.execute(
        db.select(TrainingModule).where(TrainingModule.name == MODULE)
    ).scalar_one_or_none()
    if module is None:
        module = TrainingModule(name=MODULE, valid_months=24)
        db.session.add(module)
        db.session.flush()
    return module


def make_trained_resident(
    *,
    name: str | None = None,
    service: Service | None = None,
    expires_on: date | None = None,
    observed: bool = True,
) -> User:
    """A resident eligible to score: trained, observed enough, agreement signed."""
    org = make_organisation()
    org.observations_needed = 1 if observed else 1
    resident = make_resident(name=name, service=service)
    today = date.today()
    db.session.add(
        TrainingRecord(
            user_id=resident.id,
            module=_module(),
            completed_on=today - timedelta(days=60),
            expires_on=expires_on or today + timedelta(days=600),
            trainer_name="Tom",
        )
    )
    db.session.add(
        ConfidentialityAgreement(
            user_id=resident.id, version=org.agreement_version, signed_on=today - timedelta(30)
        )
    )
    if observed:
        past = make_panel(day=today - timedelta(days=40), members=[(resident, "observer")])
        past.status = "confirmed"
    db.session.flush()
    return resident


def make_appointer(*, name: str | None = None) -> User:
    user = make_staff(roles={Role.STAFF, Role.MANAGER}, name=name)
    user.can_appoint = True
    user.safer_recruitment_on = date.today() - timedelta(days=100)
    db.session.flush()
    return user
