"""Recording a manager's exception again: the panel is already confirmed, so nobody on it is
sent an updated invite, and the calendar SEQUENCE stays where it was."""

from __future__ import annotations

from panelhire.audit.models import AuditEvent
from panelhire.messaging.models import OutboxMessage
from panelhire.panels import services
from panelhire.panels.models import PanelStatus
from tests.factories import make_panel, sign_in
from tests.html import csrf_token
from tests.panels.factories import make_appointer

REASON = "Resident withdrew late; agreed by manager"


def _outbox(db, panel):
    return list(
        db.session.execute(
            db.select(OutboxMessage.subject).where(OutboxMessage.panel_id == panel.id)
        ).scalars()
    )


def _exceptions(db, panel):
    return db.session.execute(
        db.select(db.func.count(AuditEvent.id)).where(
            AuditEvent.action == "panel.exception", AuditEvent.object_id == panel.id
        )
    ).scalar_one()


def test_the_same_exception_three_times_invites_once(client, db):
    manager = make_appointer()
    panel = make_panel(members=[(manager, "chair"), (make_appointer(), "staff")])
    sign_in(client, manager)
    url = f"/panels/{panel.id}/exception"
    token = csrf_token(client.get(url))
    responses = [client.post(url, data={"csrf_token": token, "reason": REASON}) for _ in range(3)]
    assert [r.status_code for r in responses] == [302, 302, 302]
    db.session.expire_all()
    assert panel.status == PanelStatus.CONFIRMED and panel.sequence == 1
    sent = _outbox(db, panel)
    assert len(sent) == 2 and not any(subject.startswith("Updated") for subject in sent)
    assert _exceptions(db, panel) == 1


def test_a_new_reason_on_a_confirmed_panel_is_audited_but_sends_nothing(db):
    manager = make_appointer()
    panel = make_panel(members=[(manager, "chair"), (make_appointer(), "staff")])
    services.record_exception(manager, panel, REASON)
    sequence, sent = panel.sequence, _outbox(db, panel)
    services.record_exception(manager, panel, "No trained resident free that week")
    assert panel.exception_reason == "No trained resident free that week"
    assert panel.sequence == sequence and _outbox(db, panel) == sent
    assert _exceptions(db, panel) == 2
