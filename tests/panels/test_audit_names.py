"""The audit trail outlives retention, so panel changes name residents by seat and id only."""

from __future__ import annotations

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from panelhire.panels import services
from tests.factories import make_panel, make_staff
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _summaries(db) -> list[str]:  # noqa: ANN001
    return list(db.session.execute(db.select(AuditEvent.summary)).scalars())


def test_panel_audit_summaries_never_name_the_resident(db):
    hr = make_staff(roles={Role.HR})
    dee = make_trained_resident(name="Delphine Quarrington")
    jo = make_trained_resident(name="Jocasta Fennimore", observed=False)
    sam = make_trained_resident(name="Samwise Oddlestone")
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])

    dee_seat = services.add_resident(hr, panel, dee)
    services.confirm_panel(hr, panel)
    jo_seat = services.add_resident(hr, panel, jo, override_reason="Only resident who can come")
    services.withdraw_member(hr, panel, dee_seat)
    services.add_resident(hr, panel, sam)
    services.remove_member(hr, panel, jo_seat)

    summaries = _summaries(db)
    actions = set(db.session.execute(db.select(AuditEvent.action)).scalars())
    assert {
        "panel.add_resident",
        "panel.override",
        "panel.withdraw",
        "panel.remove",
        "panel.notify",
    } <= actions
    for name in ("Delphine", "Quarrington", "Jocasta", "Fennimore", "Samwise", "Oddlestone"):
        assert not [s for s in summaries if name in s], name
    # The seat and the person's id say who it was, for anyone allowed to look them up.
    assert f"Added resident seat (user {dee.id})" in summaries
    assert f"Resident seat (user {dee.id}) withdrawn from the panel" in summaries
    assert f"Resident seat (user {jo.id}) removed from the panel" in summaries
    assert any(s.startswith(f"Added ineligible resident seat (user {jo.id})") for s in summaries)
