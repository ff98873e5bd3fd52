"""A personal calendar feed costs the same few statements however many panels it lists."""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.calendar.feeds import feed_for
from panelhire.extensions import db as _db
from panelhire.panels.models import PanelStatus
from tests.factories import make_organisation, make_panel, make_staff
from tests.perf.test_query_counts import counting


def _statements_for(person, panels: int) -> int:  # noqa: ANN001
    for n in range(panels):
        panel = make_panel(
            day=date.today() + timedelta(days=n + 1),
            members=[(person, "staff")],
            candidates=["A", "B", "C"],
        )
        panel.status = PanelStatus.CONFIRMED
    _db.session.commit()
    _db.session.expire_all()
    with counting(_db.engine) as statements:
        body = feed_for(person)
    assert body.count(b"BEGIN:VEVENT") == panels
    return len(statements)


def test_feed_statements_do_not_grow_with_panels(app, db):
    make_organisation()
    with app.test_request_context():
        few = _statements_for(make_staff(), 2)
        many = _statements_for(make_staff(), 25)
    assert few == many, f"{few} statements for 2 panels but {many} for 25"
    assert many <= 8
