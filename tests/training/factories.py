"""Training test data: keyword-only helpers."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.training.models import ConfidentialityAgreement, TrainingModule, TrainingRecord

_counter = itertools.count(1)


def make_module(
    *, name: str | None = None, required: bool = True, valid_months: int | None = 24
) -> TrainingModule:
    module = TrainingModule(
        name=name or f"Module {next(_counter)}", required=required, valid_months=valid_months
    )
    db.session.add(module)
    db.session.flush()
    return module


def make_record(
    *, user: User, module: TrainingModule, completed_on: date | None = None
) -> TrainingRecord:
    completed_on = completed_on or date.today() - timedelta(days=30)
    row = TrainingRecord(
        user_id=user.id,
        module=module,
        completed_on=completed_on,
        expires_on=completed_on + relativedelta(months=module.valid_months)
        if module.valid_months
        else None,
        trainer_name="Tom Okafor",
    )
    db.session.add(row)
    db.session.flush()
    return row


def make_agreement(*, user: User, signed_on: date | None = None) -> ConfidentialityAgreement:
    row = ConfidentialityAgreement(
        user_id=user.id, version="2026-1", signed_on=signed_on or date.today() - timedelta(days=10)
    )
    db.session.add(row)
    db.session.flush()
    return row


def make_ready_resident(*, modules: list[TrainingModule], **kwargs) -> User:  # noqa: ANN003
    """A resident trained in every module, with an agreement and one panel observed."""
    from tests.factories import make_panel, make_resident

    user = make_resident(**kwargs)
    for module in modules:
        make_record(user=user, module=module)
    make_agreement(user=user)
    make_panel(day=date.today() - timedelta(days=20), members=[(user, "observer")])
    return user
