"""Today is the organisation's today, not the server's: at 23:30 UTC on 15 July it is already
16 July in London, so a payment made or a vacancy closed on the 16th is not in the future."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from panelhire.core import formatting
from panelhire.privacy import services as privacy
from panelhire.recognition.attendance import record_after_panel
from panelhire.recognition.models import Payment
from panelhire.recognition.rules import Attendance, Choice, Method
from panelhire.recognition.services import Entry
from panelhire.scoring import downloads
from tests.factories import make_panel, make_vacancy, sign_in
from tests.html import csrf_token, page_text
from tests.recognition.factories import make_finished_panel, make_hr, make_rate

SUMMER_NIGHT = datetime(2026, 7, 15, 23, 30, tzinfo=UTC)
LONDON_DAY = date(2026, 7, 16)


@pytest.fixture
def summer_night(monkeypatch):  # noqa: ANN001, ANN201
    monkeypatch.setattr(formatting, "now_utc", lambda: SUMMER_NIGHT)


def test_today_is_the_date_in_london(app, summer_night):  # noqa: ANN001
    with app.test_request_context():
        assert formatting.local_today() == LONDON_DAY


def test_a_payment_made_today_in_london_is_not_refused_as_future(client, db, summer_night):  # noqa: ANN001
    make_rate(pence=2500)
    hr = make_hr()
    panel, (dee,) = make_finished_panel(residents=1, day=date(2026, 7, 10))
    record_after_panel(
        hr, panel, [Entry(dee.id, Attendance.ATTENDED, Choice.FULL, Method.CASH, None)]
    )
    payment = db.session.execute(select(Payment)).scalar_one()
    sign_in(client, hr)
    page = client.get("/recognition/finance")
    assert 'value="2026-07-16"' in page.get_data(as_text=True)  # the day offered is London's

    def mark(day: str):  # noqa: ANN202
        return client.post(
            "/recognition/finance",
            data={"csrf_token": csrf_token(page), "payments": str(payment.id), "paid_on": day},
        )

    refused = mark("2026-07-17")
    assert refused.status_code == 422
    assert "The date paid cannot be in the future" in page_text(refused)
    assert mark("2026-07-16").status_code == 302
    db.session.refresh(payment)
    assert payment.paid_on == LONDON_DAY


def test_a_vacancy_closed_today_in_london_is_not_refused_as_future(app, db, summer_night):  # noqa: ANN001
    hr = make_hr()
    vacancy = make_vacancy()
    with app.test_request_context():
        with pytest.raises(privacy.PrivacyRefused, match="cannot be in the future"):
            privacy.close_vacancy(hr, vacancy, date(2026, 7, 17))
        privacy.close_vacancy(hr, vacancy, LONDON_DAY)
    assert vacancy.closed_on == LONDON_DAY


def test_the_decision_csv_dates_a_panel_by_its_day_in_london(app, db):  # noqa: ANN001
    # Midnight in London on 16 July is 23:00 UTC on the 15th.
    panel = make_panel(day=LONDON_DAY, start_hour=0)
    with app.test_request_context():
        rows = downloads.rows(downloads.gather([panel], title="Decisions"))
    exception = next(row for row in rows if row[0] == "exception")
    assert exception[1] == "2026-07-16"
