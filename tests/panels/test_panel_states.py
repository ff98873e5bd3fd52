"""How a panel stands once it is cancelled, or while a declared conflict awaits the chair."""

from __future__ import annotations

import pytest

from panelhire.auth.models import Role
from panelhire.panels import queries, services
from panelhire.panels.models import ConflictDeclaration, PanelStatus
from panelhire.panels.services import PanelError
from tests.factories import make_panel, make_staff
from tests.html import page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _panel(*, resident=None):  # noqa: ANN001
    members = [(make_appointer(name="Marcus Webb"), "chair")]
    if resident is not None:
        members.append((resident, "resident"))
    return make_panel(day=NEXT_WEEK, members=members, candidates=["Casey Nowak"])


# --- a cancelled panel -------------------------------------------------------------------


def test_a_cancelled_panel_is_only_cancelled(client, db, hr):
    panel = _panel()  # a draft without a resident: plenty it would still need
    services.cancel_panel(hr, panel)
    db.session.commit()

    state = queries.panel_state(panel)
    assert state.label == "Cancelled" and state.needs == []

    text = page_text(client.get(f"/panels/{panel.id}"))
    assert "Cancelled" in text
    for stale in ("Needs attention", "No eligible resident", "Not confirmed", "still needs"):
        assert stale not in text, stale

    vacancy = page_text(client.get(f"/vacancies/{panel.vacancy_id}"))
    assert "Cancelled" in vacancy
    assert "Needs attention" not in vacancy and "No eligible resident" not in vacancy


def test_an_exception_is_refused_on_a_cancelled_panel(db):
    manager = make_staff(roles={Role.MANAGER})
    panel = _panel()
    services.cancel_panel(manager, panel)
    with pytest.raises(PanelError, match="cancelled"):
        services.record_exception(manager, panel, "Nobody else could come")
    assert panel.status == PanelStatus.CANCELLED
    assert panel.exception_reason is None


# --- a conflict the chair has not decided yet --------------------------------------------


def _declared(db, hr):  # noqa: ANN001
    dee = make_trained_resident(name="Dee Morgan")
    panel = _panel(resident=dee)
    services.confirm_panel(hr, panel)
    candidate = panel.slots[0].candidate
    declaration = services.declare_conflict(dee, panel, candidate, "My neighbour")
    db.session.commit()
    return panel, dee, declaration


def test_an_undecided_conflict_is_amber_not_red(client, db, hr):
    panel, dee, _ = _declared(db, hr)

    state = queries.panel_state(panel)
    assert state.colour == queries.AMBER
    assert state.label == "Conflict to decide"
    assert not state.composition.lacks_resident
    assert any("Dee Morgan has declared a conflict" in n for n in state.needs)
    assert panel not in queries.panels_lacking_a_resident(NEXT_WEEK, NEXT_WEEK)

    dashboard = client.get("/panels")
    text = page_text(dashboard)
    assert "0 without an eligible resident" in text
    assert "Conflict to decide" in text
    assert 'class="row-red"' not in dashboard.get_data(as_text=True)


@pytest.mark.parametrize(("outcome", "colour"), [("sit_out", "green"), ("replace", "red")])
def test_the_chairs_decision_settles_the_colour(db, hr, outcome, colour):
    panel, _, declaration = _declared(db, hr)
    services.decide_conflict(hr, declaration, outcome)
    db.session.flush()
    assert queries.panel_state(panel).colour == colour


def test_an_undecided_conflict_does_not_hide_another_reason(db, hr):
    panel, dee, _ = _declared(db, hr)
    dee.resident.status = "paused"
    db.session.flush()
    assert queries.panel_state(panel).colour == queries.RED
    assert db.session.execute(db.select(ConflictDeclaration)).scalar_one().outcome is None
