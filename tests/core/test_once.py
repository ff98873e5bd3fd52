"""Forms that create something act once, however often the same page is sent."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from panelhire.auth.models import Role
from panelhire.core.models import FormSending, Service
from panelhire.core.once import ALREADY_SENT, first_sending, forget_sent_before
from panelhire.messaging.models import TextMessage
from panelhire.models.base import now_utc
from panelhire.panels.models import PanelStatus
from panelhire.recognition.models import Activity, Expense
from panelhire.scoring import decisions
from panelhire.scoring.models import Concern, Dissent
from tests.factories import make_organisation, make_panel, make_resident, make_staff, sign_in
from tests.html import csrf_token, once_key, page_text
from tests.recognition.factories import make_finished_panel, make_hr, make_policy, make_rate
from tests.scoring.factories import make_scored_panel
from tests.scoring.test_services import score_all


def _count(db, model) -> int:  # noqa: ANN001
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _twice(client, url, data):  # noqa: ANN001, ANN202
    """The same page's form sent twice, as a double tap or Back and resend does."""
    return client.post(url, data=data), client.post(url, data=data)


def test_an_expense_sent_twice_is_recorded_once(client, db):
    make_policy()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/expenses/new"
    page = client.get(url)
    data = {
        "csrf_token": csrf_token(page),
        "once": once_key(page),
        "kind": "travel",
        "incurred_on": date.today().isoformat(),
        "amount": "4.50",
    }
    first, second = _twice(client, url, data)
    assert first.status_code == second.status_code == 302
    assert _count(db, Expense) == 1
    assert ALREADY_SENT in page_text(client.get(second.location))
    # A new drawing of the form is a new expense.
    fresh = client.get(url)
    client.post(url, data={**data, "amount": "2.10", "once": once_key(fresh)})
    assert _count(db, Expense) == 2


def test_a_refused_sending_leaves_its_key_for_the_corrected_one(client, db):
    make_policy()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/expenses/new"
    page = client.get(url)
    data = {
        "csrf_token": csrf_token(page),
        "once": once_key(page),
        "kind": "travel",
        "incurred_on": date.today().isoformat(),
    }
    refused = client.post(url, data={**data, "amount": "0"})
    assert refused.status_code == 422 and _count(db, FormSending) == 0
    saved = client.post(url, data={**data, "amount": "4.50"})
    assert saved.status_code == 302 and _count(db, Expense) == 1


def test_an_activity_sent_twice_is_one_payment(client, db):
    make_rate(kind="training", pence=1000)
    make_policy()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/activities/new"
    page = client.get(url)
    data = {
        "csrf_token": csrf_token(page),
        "once": once_key(page),
        "kind": "training",
        "happened_on": date.today().isoformat(),
        "attendance": "attended",
        "choice": "full",
        "method": "cash",
    }
    first, second = _twice(client, url, data)
    assert first.status_code == second.status_code == 302
    assert _count(db, Activity) == 1


def test_a_text_message_sent_twice_goes_once(client, db):
    make_organisation()
    mo = make_resident(name="Mo Hassan")
    mo.resident.mobile = "07700 900123"
    panel = make_panel(members=[(mo, "resident")])
    panel.status = PanelStatus.CONFIRMED
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get(f"/calendar/people/{mo.id}")
    url = f"/calendar/people/{mo.id}/panels/{panel.id}/text"
    _twice(client, url, {"csrf_token": csrf_token(page), "once": once_key(page)})
    assert _count(db, TextMessage) == 1


def test_a_concern_and_a_dissent_sent_twice_are_made_once(client, db):
    scene = make_scored_panel(candidates=("Alex Able",))
    alex = scene.candidates[0]
    for user in (scene.chair, scene.staff, scene.resident):
        score_all(scene, user, [2, 2], alex)
    decisions.record_decision(
        scene.chair,
        panel=scene.panel,
        candidate=alex,
        outcome="not_appointed",
        reasons="Below the bar",
        checks=[],
    )
    db.session.commit()
    sign_in(client, scene.resident)
    page_url = f"/scoring/panels/{scene.panel.id}/candidates/{alex.id}/consensus"
    page = client.get(page_url)
    assert page.status_code == 200
    base = f"/scoring/panels/{scene.panel.id}/candidates/{alex.id}"
    token = csrf_token(page)
    concern = {"csrf_token": token, "once": once_key(page), "concern": "We scored too low"}
    _twice(client, base + "/concerns", concern)
    assert _count(db, Concern) == 1
    # The page's last form is the dissent's, with its own key.
    *_others, dissent_key = _keys(client.get(page_url))
    dissent = {"csrf_token": token, "once": dissent_key, "dissent": "I would not appoint"}
    _twice(client, base + "/dissent", dissent)
    assert _count(db, Dissent) == 1


def _keys(response) -> list[str]:  # noqa: ANN001
    return re.findall(r'name="once" value="([^"]+)"', response.get_data(as_text=True))


def test_the_claim_tells_a_repeat_from_another_failure(app, db):
    with app.test_request_context(method="POST", data={"once": "abc"}):
        assert first_sending() is True
        db.session.commit()
        assert first_sending() is False
    with app.test_request_context(method="POST", data={"once": "def"}):
        # Something else waiting to be written fails: not to be taken for a repeat.
        db.session.add_all([Service(name="Same"), Service(name="Same")])
        with pytest.raises(IntegrityError):
            first_sending()
        db.session.rollback()
    with app.test_request_context(method="POST", data={}):
        assert first_sending() is True and first_sending() is True  # no key: as before


def test_old_keys_are_forgotten_by_the_daily_purge(app, db):
    db.session.add_all(
        [
            FormSending(key="old", sent_at=now_utc() - timedelta(days=8)),
            FormSending(key="new", sent_at=now_utc() - timedelta(days=1)),
        ]
    )
    db.session.commit()
    assert forget_sent_before(now_utc() - timedelta(days=7)) == 1
    db.session.add(FormSending(key="older", sent_at=now_utc() - timedelta(days=30)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "Forgot 1 once-only form keys" in result.output
    assert [k for (k,) in db.session.execute(select(FormSending.key))] == ["new"]


def test_back_and_save_again_draws_a_new_key_so_the_same_expense_is_asked_about(client, db):
    """Pages are never cached, so Back draws the form afresh (a new key) and the browser fills
    the typed values back in: the same cost on the same day is asked about, not saved twice."""
    make_policy()
    _panel, (dee,) = make_finished_panel(residents=1)
    sign_in(client, make_hr())
    url = f"/recognition/residents/{dee.id}/expenses/new"
    typed = {
        "kind": "travel",
        "incurred_on": date.today().isoformat(),
        "amount": "3.20",
    }
    first = client.get(url)
    client.post(url, data={**typed, "csrf_token": csrf_token(first), "once": once_key(first)})
    back = client.get(url)
    again = client.post(url, data={**typed, "csrf_token": csrf_token(back), "once": once_key(back)})
    assert again.status_code == 422 and "Record it again?" in page_text(again)
    assert _count(db, Expense) == 1
    confirmed = client.post(
        url,
        data={**typed, "csrf_token": csrf_token(back), "once": once_key(again), "again": "y"},
    )
    assert confirmed.status_code == 302 and _count(db, Expense) == 2
