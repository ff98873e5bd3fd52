from __future__ import annotations

from datetime import date, timedelta

from panelhire.core.demo import load_demo
from panelhire.panels.models import ConflictDeclaration
from panelhire.training import services
from panelhire.training.facts import load_resident_facts, panel_facts
from panelhire.training.models import TravelPlace
from panelhire.training.overview import residents_overview, training_due
from tests.factories import make_organisation, make_panel, make_resident, make_service
from tests.training.factories import make_module, make_ready_resident, make_record


def test_reminders_list_training_expiring_within_30_days(app, db):
    make_organisation()
    conf = make_module(name="Confidentiality", valid_months=12)
    soon = make_resident(name="Soon Sam")
    make_record(user=soon, module=conf, completed_on=date.today() - timedelta(days=350))
    later = make_resident(name="Later Lee")
    make_record(user=later, module=conf, completed_on=date.today() - timedelta(days=320))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["training-reminders"])
    assert result.exit_code == 0
    assert "Soon Sam (resident): Confidentiality expires" in result.output
    assert "Later Lee" not in result.output
    assert "Contact by hand: Soon Sam" in result.output  # keyworker is the default channel
    assert [i.name for i in training_due(within_days=60)] == ["Soon Sam", "Later Lee"]


def test_facts_carry_travel_places_conflicts_and_commitments(db):
    make_organisation()
    riverside = make_service(name="Riverside")
    user = make_ready_resident(modules=[make_module()])
    db.session.add(TravelPlace(user_id=user.id, service_id=riverside.id))
    day = date.today() + timedelta(days=6)
    other = make_panel(day=day, start_hour=9, hours=1, members=[(user, "resident")])
    target = make_panel(day=day, start_hour=14, candidates=["Jordan Ellis", "Aisha Rahman"])
    candidate_id = target.slots[0].candidate_id
    db.session.add(
        ConflictDeclaration(panel_id=target.id, user_id=user.id, candidate_id=candidate_id)
    )
    db.session.flush()
    facts = load_resident_facts([user])[user.id]
    assert facts.travel_place_ids == frozenset({riverside.id})
    assert facts.conflict_candidate_ids == frozenset({candidate_id})
    assert [c.panel_id for c in facts.commitments if c.panel_id == other.id] == [other.id]
    assert panel_facts(target).interviews == 2
    reasons = services.who_is_ready(target, [user])[0].reasons
    assert "Has declared a conflict with a candidate on this panel" in reasons
    assert any(r.startswith("Does not travel to") for r in reasons)


def test_demo_residents_read_as_the_demo_promises(db):
    load_demo(date.today())
    db.session.flush()
    status = {row.user.username: row.status for row in residents_overview()}
    assert status["dee"] == "ready" and status["priya"] == "expiring"
    assert status["jo"] == "lapsed" and status["lee"] == "untrained"
    assert status["dani"] == "paused"
    ready = {a.user.username: a for a in services.readiness_on(date.today())}
    assert ready["dee"].ready
    assert ready["mo"].reasons == ("Needs to observe 1 more panel before scoring",)
    assert ready["ed"].reasons == ("Confidentiality agreement not signed",)


def test_reminders_go_by_each_persons_channel_once_only(app, db):
    from panelhire.auth.models import Role
    from panelhire.messaging.models import OutboxMessage, TextMessage
    from tests.factories import make_staff

    make_organisation()
    conf = make_module(name="Confidentiality", valid_months=12)
    completed = date.today() - timedelta(days=350)
    by_email = make_resident(name="Email Em")
    by_email.email = "em@example.test"
    by_email.resident.contact_channel = "email"
    by_text = make_resident(name="Text Tia")
    by_text.resident.contact_channel = "text"
    by_text.resident.mobile = "07700 900123"
    by_hand = make_resident(name="Keyworker Kai")
    for person in (by_email, by_text, by_hand):
        make_record(user=person, module=conf, completed_on=completed)
    trainer = make_staff(roles={Role.TRAINER}, email="trainer@example.test")
    db.session.commit()

    runner = app.test_cli_runner()
    first = runner.invoke(args=["training-reminders"])
    assert first.exit_code == 0, first.output
    assert "1 by email, 1 by text message" in first.output
    assert "Contact by hand: Keyworker Kai" in first.output
    emails = db.session.execute(db.select(OutboxMessage)).scalars().all()
    to = sorted(m.to_address for m in emails)
    assert to == ["em@example.test", "trainer@example.test"]
    digest = next(m for m in emails if m.recipient_id == trainer.id)
    assert "Keyworker Kai" in digest.body_text and "Email Em" in digest.body_text
    texts = db.session.execute(db.select(TextMessage)).scalars().all()
    assert [t.to_number for t in texts] == ["07700 900123"]

    second = runner.invoke(args=["training-reminders"])
    assert "0 by email, 0 by text message" in second.output
    assert len(db.session.execute(db.select(OutboxMessage)).scalars().all()) == len(emails)
