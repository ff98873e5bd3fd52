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
    # Safe to run again: it only reads.
    assert runner.invoke(args=["training-reminders"]).output == result.output
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
