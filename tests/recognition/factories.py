"""Test data for recognition: rates, a finished panel, the policy."""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.auth.models import Role, User
from panelhire.extensions import db
from panelhire.panels.models import Panel
from panelhire.recognition.models import Rate, RecognitionPolicy
from panelhire.recognition.rules import ActivityKind
from tests.factories import make_organisation, make_panel, make_resident, make_staff


def make_rate(*, kind: str = ActivityKind.PANEL, pence: int = 2500, start: date | None = None):
    rate = Rate(kind=kind, amount_pence=pence, effective_from=start or date(2020, 1, 1))
    db.session.add(rate)
    db.session.flush()
    return rate


def make_policy(**kwargs) -> RecognitionPolicy:  # noqa: ANN003
    values = dict(
        covers_travel=True,
        covers_care=True,
        covers_meals=False,
        late_rule="part",
        late_part_percent=50,
        late_hours=24,
        threshold_period="month",
    )
    values.update(kwargs)
    policy = RecognitionPolicy(**values)
    db.session.add(policy)
    db.session.flush()
    return policy


def make_hr() -> User:
    return make_staff(roles={Role.HR})


def make_finished_panel(
    *, residents: int = 2, observers: int = 0, days_ago: int = 2, day: date | None = None
) -> tuple[Panel, list[User]]:
    """A panel that has finished, with a chair and some resident panellists and observers."""
    make_organisation(support_contact="Hana, 0161 000 0000", voucher_threshold_pence=10000)
    people = [make_resident() for _ in range(residents + observers)]
    members = [(make_staff(), "chair")]
    members += [(p, "resident") for p in people[:residents]]
    members += [(p, "observer") for p in people[residents:]]
    panel = make_panel(day=day or date.today() - timedelta(days=days_ago), members=members)
    return panel, people


def attendance_data(token: str, people, **overrides) -> dict:  # noqa: ANN001, ANN003
    """An after-panel or after-training form: everyone attended and takes the full rate by
    voucher, unless `overrides` says otherwise (field name: value)."""
    data = {"csrf_token": token}
    for person in people:
        data.update(
            {
                f"attendance_{person.id}": "attended",
                f"choice_{person.id}": "full",
                f"method_{person.id}": "voucher",
                f"lower_{person.id}": "",
            }
        )
    data.update(overrides)
    return data
