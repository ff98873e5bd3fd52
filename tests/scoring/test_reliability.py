"""Nothing lost, nothing duplicated: concurrent panellists, double taps, two tabs, lost
connections and a server restart, against a real database file with separate connections."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pytest

from panelhire import create_app
from panelhire.auth.models import Role
from panelhire.extensions import db
from panelhire.scoring.models import Concern, Score, ScoreSubmission
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database
from tests.factories import PASSWORD, PIN, make_resident, make_staff
from tests.scoring.factories import make_scored_panel


@dataclass
class Live:
    config: dict
    panel_id: int
    candidate_id: int
    questions: list[int]
    people: list[tuple[int, str, bool]]  # id, email or username, is resident


def _app(config):
    return create_app(config)


@pytest.fixture()
def live(tmp_path):
    url = fresh_database("scoring_reliability", tmp_path)
    config = {**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url}
    app = _app(config)
    with app.app_context():
        db.create_all()
        scene = make_scored_panel(candidates=("Alex Able",))
        extra = [make_staff(roles={Role.STAFF}), make_resident()]
        from panelhire.panels.models import PanelMember

        for user, role in zip(extra, ("staff", "resident"), strict=True):
            scene.panel.members.append(PanelMember(user=user, role=role))
        users = [scene.chair, scene.staff, scene.resident, *extra]
        live = Live(
            config=config,
            panel_id=scene.panel.id,
            candidate_id=scene.candidates[0].id,
            questions=[q.id for q in scene.questions],
            people=[(u.id, u.username or u.email, u.is_resident) for u in users],
        )
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    yield live, app
    with app.app_context():
        db.engine.dispose()


def _token(body: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', body).group(1)


def signed_in_client(app, person):
    _id, login, resident = person
    client = app.test_client()
    if resident:
        page = client.get("/sign-in/resident").get_data(as_text=True)
        data = {"csrf_token": _token(page), "username": login, "pin": PIN}
        response = client.post("/sign-in/resident", data=data)
    else:
        page = client.get("/sign-in").get_data(as_text=True)
        data = {"csrf_token": _token(page), "email": login, "password": PASSWORD}
        response = client.post("/sign-in", data=data)
    assert response.status_code == 302
    return client


def sheet_url(live):
    return f"/scoring/panels/{live.panel_id}/candidates/{live.candidate_id}"


def api_url(live):
    return f"/api/scoring/panels/{live.panel_id}/candidates/{live.candidate_id}"


def autosave(client, live, token, answers):
    return client.post(api_url(live), json={"answers": answers}, headers={"X-CSRFToken": token})


def counts(app):
    with app.app_context():
        scores = db.session.execute(db.select(Score)).scalars().all()
        subs = db.session.execute(db.select(db.func.count(ScoreSubmission.id))).scalar_one()
        result = {(s.user_id, s.question_id): s.value for s in scores}, len(scores), subs
        db.session.remove()
        return result


def run_together(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def wrap(job):
        try:
            barrier.wait(timeout=10)
            job()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors


def test_five_panellists_submit_the_same_candidate_at_once(live):
    live, app = live
    clients = [signed_in_client(app, person) for person in live.people]
    tokens = [_token(c.get(sheet_url(live)).get_data(as_text=True)) for c in clients]
    statuses = []

    def submit(i):
        def job():
            data = {"csrf_token": tokens[i], "action": "submit"}
            for n, q in enumerate(live.questions):
                data[f"q-{q}"] = str((i + n) % 5)
            statuses.append(clients[i].post(sheet_url(live), data=data).status_code)

        return job

    run_together([submit(i) for i in range(5)])
    assert statuses == [302] * 5
    values, rows, submissions = counts(app)
    assert rows == 10 and submissions == 5
    for i, (user_id, _login, _res) in enumerate(live.people):
        assert [values[(user_id, q)] for q in live.questions] == [i % 5, (i + 1) % 5]


def test_a_double_tapped_submit_records_one_submission(live):
    live, app = live
    person = live.people[2]
    taps = [signed_in_client(app, person), signed_in_client(app, person)]
    token = [_token(c.get(sheet_url(live)).get_data(as_text=True)) for c in taps]
    statuses = []

    def tap(i):
        def job():
            data = {"csrf_token": token[i], "action": "submit"}
            data.update({f"q-{q}": "3" for q in live.questions})
            statuses.append(taps[i].post(sheet_url(live), data=data).status_code)

        return job

    run_together([tap(0), tap(1)])
    assert statuses == [302, 302]
    _values, rows, submissions = counts(app)
    assert rows == 2 and submissions == 1


def test_two_tabs_the_latest_change_wins_whatever_order_saves_arrive(live):
    live, app = live
    person = live.people[1]
    tab_a, tab_b = signed_in_client(app, person), signed_in_client(app, person)
    token_a = _token(tab_a.get(sheet_url(live)).get_data(as_text=True))
    token_b = _token(tab_b.get(sheet_url(live)).get_data(as_text=True))
    q = live.questions[0]
    results = []
    # Both tabs make their first save at the same moment: one row, not two.
    run_together(
        [
            lambda: results.append(
                autosave(
                    tab_a,
                    live,
                    token_a,
                    [{"question": q, "value": 1, "note": "tab a", "revision": 1000}],
                )
            ),
            lambda: results.append(
                autosave(
                    tab_b,
                    live,
                    token_b,
                    [{"question": q, "value": 3, "note": "tab b", "revision": 2000}],
                )
            ),
        ]
    )
    assert [r.status_code for r in results] == [200, 200]
    # Tab A's save is retried after tab B's newer change: it must not overwrite it.
    late = autosave(tab_a, live, token_a, [{"question": q, "value": 1, "revision": 1000}])
    assert late.get_json()["saved"][0]["status"] == "newer"
    values, rows, _subs = counts(app)
    assert rows == 1 and values[(person[0], q)] == 3


def test_a_dropped_connection_between_change_and_save_loses_nothing(live):
    live, app = live
    person = live.people[2]
    phone = signed_in_client(app, person)
    token = _token(phone.get(sheet_url(live)).get_data(as_text=True))
    q1, q2 = live.questions
    # The first save reached the server but the reply was lost, so the phone sends its whole
    # queue again when the signal returns, together with a change made while offline.
    first = autosave(phone, live, token, [{"question": q1, "value": 2, "revision": 10}])
    assert first.status_code == 200
    again = autosave(
        phone,
        live,
        token,
        [
            {"question": q1, "value": 2, "revision": 10},
            {"question": q2, "value": 4, "note": "typed offline", "revision": 11},
        ],
    )
    assert [s["status"] for s in again.get_json()["saved"]] == ["saved", "saved"]
    values, rows, _subs = counts(app)
    assert rows == 2 and values[(person[0], q1)] == 2 and values[(person[0], q2)] == 4


def test_a_server_restart_mid_form_loses_nothing(live):
    live, app = live
    person = live.people[2]
    phone = signed_in_client(app, person)
    token = _token(phone.get(sheet_url(live)).get_data(as_text=True))
    q1, q2 = live.questions
    assert (
        autosave(phone, live, token, [{"question": q1, "value": 3, "revision": 5}]).status_code
        == 200
    )
    cookie = phone.get_cookie("session")
    with app.app_context():
        db.engine.dispose()  # the old process's connections are gone

    restarted = _app(live.config)
    after = restarted.test_client()
    after.set_cookie("session", cookie.value)
    page = after.get(sheet_url(live))
    assert page.status_code == 200
    assert re.search(rf'name="q-{q1}" value="3" checked', page.get_data(as_text=True))
    data = {
        "csrf_token": _token(page.get_data(as_text=True)),
        "action": "submit",
        f"q-{q1}": "3",
        f"q-{q2}": "1",
    }
    assert after.post(sheet_url(live), data=data).status_code == 302
    values, rows, submissions = counts(restarted)
    assert rows == 2 and submissions == 1 and values[(person[0], q2)] == 1
    with restarted.app_context():
        db.engine.dispose()


def test_a_concern_double_tapped_at_once_is_raised_once(live):
    """Two sendings of one drawing of the form, arriving together on separate connections:
    the second waits for the first's key and then changes nothing."""
    live, app = live
    person = live.people[2]  # the resident
    taps = [signed_in_client(app, person), signed_in_client(app, person)]
    data = {"csrf_token": _token(taps[0].get(sheet_url(live)).get_data(as_text=True))}
    data.update({"action": "submit", **{f"q-{q}": "3" for q in live.questions}})
    assert taps[0].post(sheet_url(live), data=data).status_code == 302
    page = taps[0].get(sheet_url(live) + "/consensus").get_data(as_text=True)
    once = re.search(r'name="once" value="([^"]+)"', page).group(1)
    tokens = [_token(c.get(sheet_url(live) + "/consensus").get_data(as_text=True)) for c in taps]
    statuses = []

    def tap(i):
        def job():
            sent = {"csrf_token": tokens[i], "once": once, "concern": "Scored too low on Q1"}
            statuses.append(taps[i].post(sheet_url(live) + "/concerns", data=sent).status_code)

        return job

    run_together([tap(0), tap(1)])
    assert statuses == [302, 302]
    with app.app_context():
        assert db.session.execute(db.select(db.func.count(Concern.id))).scalar_one() == 1
        db.session.remove()
