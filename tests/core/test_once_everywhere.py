"""Every form that creates something acts once per drawing of its page, however often sent.

Each case below makes what its form needs, signs in someone allowed to use it, and gives valid
data; the test sends one drawing of the page twice, as a double tap or Back and resend does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

import pytest
from sqlalchemy import func, select

from panelhire.auth.models import Role, User
from panelhire.core.once import ALREADY_SENT
from panelhire.extensions import db
from panelhire.panels.models import Candidate, Panel, Vacancy
from panelhire.recognition.models import Rate
from panelhire.training.models import TrainingModule, TrainingRecord, TrainingSession
from tests.factories import (
    make_organisation,
    make_resident,
    make_service,
    make_staff,
    make_vacancy,
    sign_in,
)
from tests.html import csrf_token, once_key, page_text
from tests.panels.factories import make_appointer
from tests.recognition.factories import make_hr
from tests.training.factories import make_module

YESTERDAY = date.today() - timedelta(days=1)


class Case(NamedTuple):
    user: User  # someone allowed to use the form
    url: str
    data: dict[str, object]  # valid, without the CSRF token and the once-only key
    model: type  # one row of it per form acted on


def _hr() -> User:
    return make_staff(roles={Role.HR})


def _trainer() -> User:
    return make_staff(roles={Role.TRAINER})


def vacancy() -> Case:
    service = make_service()
    data = {
        "title": "Cook",
        "service_id": str(service.id),
        "hiring_manager_id": "0",
        "closing_date": (date.today() + timedelta(days=30)).isoformat(),
        "decision_model": "single",
    }
    return Case(_hr(), "/vacancies/new", data, Vacancy)


def candidate() -> Case:
    url = f"/vacancies/{make_vacancy().id}/candidates/new"
    return Case(_hr(), url, {"name": "Jordan Ellis"}, Candidate)


def panel() -> Case:
    chair = make_appointer()
    vacancy = make_vacancy()
    vacancy.candidates = [Candidate(name="Jordan Ellis")]
    db.session.flush()
    data = {
        "day": (date.today() + timedelta(days=7)).isoformat(),
        "start": "10:00",
        "end": "12:00",
        "service_id": str(vacancy.service_id),
        "travel_buffer_minutes": "30",
        "slot_minutes": "45",
        "break_minutes": "10",
        "chair_id": str(chair.id),
        "observer_id": "0",
        "supporter_id": "0",
        "candidate_ids": [str(vacancy.candidates[0].id)],
    }
    return Case(_hr(), f"/vacancies/{vacancy.id}/panels/new", data, Panel)


def resident() -> Case:
    make_organisation()
    data = {
        "name": "Dee Morgan",
        "username": "dee",
        "pin": "482915",
        "service": "0",
        "contact_channel": "keyworker",
    }
    return Case(_hr(), "/training/residents/new", data, User)


def record() -> Case:
    make_organisation()
    data = {
        "module": str(make_module().id),
        "completed_on": YESTERDAY.isoformat(),
        "trainer_name": "Tom Okafor",
    }
    return Case(
        _trainer(), f"/training/residents/{make_resident().id}/records/new", data, TrainingRecord
    )


def session() -> Case:
    make_organisation()
    data = {
        "module": str(make_module().id),
        "held_on": YESTERDAY.isoformat(),
        "trainer_name": "Tom Okafor",
        "attendees": [str(make_resident().id), str(make_resident().id)],
    }
    return Case(_trainer(), "/training/sessions/new", data, TrainingSession)


def module() -> Case:
    make_organisation()
    data = {"name": "Chairing", "description": "Running a panel fairly", "valid_months": "24"}
    return Case(_trainer(), "/training/modules/new", data, TrainingModule)


def rate() -> Case:
    data = {"kind": "panel", "amount": "30", "effective_from": YESTERDAY.isoformat()}
    return Case(make_hr(), "/recognition/rates/new", data, Rate)


def _count(model: type) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


@pytest.mark.parametrize(
    "make_case",
    [vacancy, candidate, panel, resident, record, session, module, rate],
    ids=lambda make_case: make_case.__name__,
)
def test_a_form_sent_twice_acts_once(client, make_case: Callable[[], Case]):  # noqa: ANN001
    case = make_case()
    sign_in(client, case.user)
    before = _count(case.model)
    page = client.get(case.url)
    assert page.status_code == 200
    data = {"csrf_token": csrf_token(page), "once": once_key(page), **case.data}
    first = client.post(case.url, data=data)
    second = client.post(case.url, data=data)
    assert first.status_code == 302, page_text(first)
    assert second.status_code == 302, page_text(second)
    assert _count(case.model) == before + 1
    assert ALREADY_SENT in page_text(client.get(second.location))
