"""Small keyword-only helpers that make test data."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from panelhire.auth.models import ResidentProfile, Role, User
from panelhire.auth.services import create_user
from panelhire.core.models import Organisation, Service
from panelhire.extensions import db
from panelhire.panels.models import Candidate, InterviewSlot, Panel, PanelMember, Vacancy

_counter = itertools.count(1)
LONDON = ZoneInfo("Europe/London")
PASSWORD = "correct horse battery"  # noqa: S105
PIN = "246813"


def make_organisation(**kwargs) -> Organisation:  # noqa: ANN003
    org = db.session.execute(db.select(Organisation)).scalar_one_or_none()
    if org is None:
        org = Organisation(name=kwargs.pop("name", "Test Housing Trust"), **kwargs)
        db.session.add(org)
        db.session.flush()
    return org


def make_service(*, name: str | None = None) -> Service:
    service = Service(name=name or f"Service {next(_counter)}", address="1 Test Street")
    db.session.add(service)
    db.session.flush()
    return service


def make_staff(
    *,
    roles: set[Role] | None = None,
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
) -> User:
    n = next(_counter)
    user = create_user(
        display_name=name or f"Staff {n}",
        roles=roles or {Role.STAFF},
        email=email or f"staff{n}@example.test",
        password=password,
    )
    db.session.flush()
    return user


def make_resident(
    *,
    username: str | None = None,
    name: str | None = None,
    service: Service | None = None,
    pin: str = PIN,
) -> User:
    n = next(_counter)
    user = create_user(
        display_name=name or f"Resident {n}",
        roles={Role.RESIDENT},
        username=username or f"resident{n}",
        pin=pin,
    )
    user.resident = ResidentProfile(service=service)
    db.session.flush()
    return user


def at_local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON).astimezone(UTC)


def make_vacancy(
    *, title: str = "Support Worker", service: Service | None = None, manager: User | None = None
) -> Vacancy:
    vacancy = Vacancy(
        title=title,
        service=service or make_service(),
        hiring_manager=manager,
        closing_date=date.today(),
    )
    db.session.add(vacancy)
    db.session.flush()
    return vacancy


def make_panel(
    *,
    vacancy: Vacancy | None = None,
    day: date | None = None,
    start_hour: int = 10,
    hours: int = 3,
    members: list[tuple[User, str]] = (),
    candidates: list[str] = ("Candidate One",),
) -> Panel:
    vacancy = vacancy or make_vacancy()
    day = day or date.today() + timedelta(days=7)
    panel = Panel(
        vacancy=vacancy,
        service=vacancy.service,
        starts_at=at_local(day, start_hour),
        ends_at=at_local(day, start_hour + hours),
    )
    db.session.add(panel)
    for user, role in members:
        panel.members.append(PanelMember(user=user, role=role))
    for index, name in enumerate(candidates):
        candidate = Candidate(vacancy=vacancy, name=name)
        start = panel.starts_at + timedelta(minutes=50 * index)
        panel.slots.append(
            InterviewSlot(
                candidate=candidate, starts_at=start, ends_at=start + timedelta(minutes=45)
            )
        )
    db.session.flush()
    return panel


def sign_in(client, user: User, *, password: str = PASSWORD, pin: str = PIN):  # noqa: ANN001
    """Sign in through the real form, CSRF token and all."""
    from tests.html import csrf_token

    if user.is_resident:
        page = client.get("/sign-in/resident")
        return client.post(
            "/sign-in/resident",
            data={"csrf_token": csrf_token(page), "username": user.username, "pin": pin},
        )
    page = client.get("/sign-in")
    return client.post(
        "/sign-in", data={"csrf_token": csrf_token(page), "email": user.email, "password": password}
    )


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
