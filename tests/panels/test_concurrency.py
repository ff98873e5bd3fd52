"""Two HR officers working on the same panels at the same moment, against a real database file
with separate connections: nothing lost, no seat filled twice, the composition rule kept."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import timedelta

import pytest

from panelhire import create_app
from panelhire.auth.models import Role
from panelhire.extensions import db
from panelhire.panels import queries
from panelhire.panels.models import Panel, PanelMember, PanelStatus
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database
from tests.factories import PASSWORD, make_panel, make_service, make_staff, make_vacancy
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


@dataclass
class Scene:
    hr: list[str]  # the two HR officers' emails
    people: dict[str, int]  # resident name -> user id
    panels: dict[str, int]  # label -> panel id


@pytest.fixture()
def live(tmp_path):
    url = fresh_database("panels_concurrency", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
        officers = [make_staff(roles={Role.HR}) for _ in range(2)]
        residents = {n: make_trained_resident(name=n) for n in ("Dee", "Sam", "Lee", "Ash")}
        other_place = make_service(name="Elm Court")
        empty = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
        # Two panels at the same hour in different places: nobody can sit both.
        twin = make_panel(
            vacancy=make_vacancy(service=other_place),
            day=NEXT_WEEK,
            members=[(make_appointer(), "chair")],
        )
        pair = make_panel(
            day=NEXT_WEEK + timedelta(days=7),
            members=[
                (make_appointer(), "chair"),
                (residents["Dee"], "resident"),
                (residents["Ash"], "resident"),
            ],
        )
        pair.status = PanelStatus.CONFIRMED
        scene = Scene(
            hr=[o.email for o in officers],
            people={n: u.id for n, u in residents.items()},
            panels={"empty": empty.id, "twin": twin.id, "pair": pair.id},
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield app, scene
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _token(body: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)


def _hr_client(app, email):
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    data = {"csrf_token": _token(page), "email": email, "password": PASSWORD}
    assert client.post("/sign-in", data=data).status_code == 302
    return client


def _run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors, results = [], [None] * len(jobs)

    def wrap(i, job):
        try:
            barrier.wait(timeout=10)
            results[i] = job()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=wrap, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return results


def _post(client, url, page_url, **data):
    token = _token(client.get(page_url).get_data(as_text=True))
    return lambda: client.post(url, data={"csrf_token": token, **data})


def _seat_ids(app, panel_id):
    """Seat (panel member) id for each person on the panel."""
    with app.app_context():
        query = db.select(PanelMember.user_id, PanelMember.id).where(
            PanelMember.panel_id == panel_id
        )
        return dict(db.session.execute(query).all())


def _seats(app, panel_id):
    """(resident names active on the panel, every seat row, sequence, composition holds)."""
    with app.app_context():
        panel = db.session.get(Panel, panel_id)
        rows = db.session.execute(
            db.select(PanelMember).where(PanelMember.panel_id == panel_id)
        ).scalars()
        rows = list(rows)
        active = sorted(m.user.display_name for m in panel.active_members("resident"))
        result = (
            active,
            [(m.user_id, m.withdrawn_at is None) for m in rows],
            panel.sequence,
            queries.panel_state(panel).composition,
        )
        db.session.remove()
        return result


def test_two_officers_fill_the_same_empty_seat_at_once(live):
    app, scene = live
    pid = scene.panels["empty"]
    one, two = (_hr_client(app, e) for e in scene.hr)
    page = f"/panels/{pid}/roster"
    jobs = [
        _post(c, f"/panels/{pid}/residents/{scene.people[n]}", page, seat="empty")
        for c, n in ((one, "Dee"), (two, "Sam"))
    ]
    responses = _run_together(jobs)
    assert [r.status_code for r in responses] == [302, 302]
    active, rows, sequence, composition = _seats(app, pid)
    assert len(active) == 1 and active[0] in {"Dee", "Sam"}
    assert len(rows) == 2  # the chair and one resident: no second resident seat
    assert sequence == 1  # one change, one calendar SEQUENCE step
    assert composition.holds
    # The officer who lost the race is told, on the rostering page.
    refused = next(r for r in responses if r.headers["Location"].endswith("/roster"))
    client = one if refused is responses[0] else two
    assert "filled a moment ago" in client.get(f"/panels/{pid}/roster").get_data(as_text=True)


def test_one_withdraws_while_another_adds_a_resident_and_both_land(live):
    app, scene = live
    pid = scene.panels["pair"]
    one, two = (_hr_client(app, e) for e in scene.hr)
    _active, rows, before, _c = _seats(app, pid)
    seat = _seat_ids(app, pid)[scene.people["Dee"]]
    page = f"/panels/{pid}"
    responses = _run_together(
        [
            _post(one, f"/panels/{pid}/members/{seat}/withdraw", page),
            _post(two, f"/panels/{pid}/residents/{scene.people['Sam']}", page),
        ]
    )
    assert [r.status_code for r in responses] == [302, 302]
    active, rows, sequence, composition = _seats(app, pid)
    assert active == ["Ash", "Sam"]  # Dee withdrawn, Sam added: neither change lost
    assert (scene.people["Dee"], False) in rows
    assert sequence == before + 2
    assert composition.holds


def test_a_withdrawal_and_two_substitutes_at_once_fill_the_seat_once(live):
    app, scene = live
    pid = scene.panels["pair"]
    one, two = (_hr_client(app, e) for e in scene.hr)
    seats = _seat_ids(app, pid)
    # Ash has already gone; Dee withdraws the morning of the panel.
    ash = seats[scene.people["Ash"]]
    assert (
        one.post(
            f"/panels/{pid}/members/{ash}/remove",
            data={"csrf_token": _token(one.get(f"/panels/{pid}").get_data(as_text=True))},
        ).status_code
        == 302
    )
    dee = seats[scene.people["Dee"]]
    page = f"/panels/{pid}"
    token = _token(one.get(page).get_data(as_text=True))
    assert (
        one.post(f"/panels/{pid}/members/{dee}/withdraw", data={"csrf_token": token})
        .headers["Location"]
        .endswith("/substitute")
    )
    sub = f"/panels/{pid}/substitute"
    responses = _run_together(
        [
            _post(one, f"/panels/{pid}/residents/{scene.people['Sam']}", sub, seat="empty"),
            _post(two, f"/panels/{pid}/residents/{scene.people['Lee']}", sub, seat="empty"),
        ]
    )
    assert [r.status_code for r in responses] == [302, 302]
    active, rows, _sequence, composition = _seats(app, pid)
    assert len(active) == 1 and active[0] in {"Sam", "Lee"}
    assert composition.holds


def test_the_same_resident_cannot_be_put_on_two_clashing_panels_at_once(live):
    app, scene = live
    one, two = (_hr_client(app, e) for e in scene.hr)
    sam = scene.people["Sam"]
    jobs = [
        _post(c, f"/panels/{pid}/residents/{sam}", f"/panels/{pid}/roster", seat="empty")
        for c, pid in ((one, scene.panels["empty"]), (two, scene.panels["twin"]))
    ]
    _run_together(jobs)
    booked = [_seats(app, scene.panels[p])[0] for p in ("empty", "twin")]
    assert sorted(booked) == [[], ["Sam"]]


def test_two_officers_cannot_remove_a_confirmed_panels_last_two_residents_at_once(live):
    app, scene = live
    pid = scene.panels["pair"]
    one, two = (_hr_client(app, e) for e in scene.hr)
    seats = _seat_ids(app, pid)
    page = f"/panels/{pid}"
    _run_together(
        [
            _post(one, f"/panels/{pid}/members/{seats[scene.people['Dee']]}/remove", page),
            _post(two, f"/panels/{pid}/members/{seats[scene.people['Ash']]}/remove", page),
        ]
    )
    active, _rows, _sequence, composition = _seats(app, pid)
    assert len(active) == 1
    assert composition.holds
