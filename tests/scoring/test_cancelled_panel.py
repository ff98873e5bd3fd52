"""A panel called off is not scored, and no conflict is declared on it, however a resident
reaches it (the link in their cancellation letter, a bookmark, a tab left open)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from panelhire.panels.models import ConflictDeclaration, PanelStatus
from panelhire.scoring.models import Score
from tests.factories import make_panel, sign_in
from tests.html import csrf_token, page_text
from tests.panels.factories import make_appointer, make_trained_resident
from tests.scoring.factories import make_scored_panel


def test_nothing_is_scored_on_a_cancelled_panel(client, db):
    scene = make_scored_panel()
    first, _second = scene.questions
    candidate = scene.candidates[0]
    sign_in(client, scene.resident)
    sheet = f"/scoring/panels/{scene.panel.id}/candidates/{candidate.id}"
    token = csrf_token(client.get(sheet))
    scene.panel.status = PanelStatus.CANCELLED
    db.session.commit()

    listing = page_text(client.get(f"/scoring/panels/{scene.panel.id}"))
    assert "This panel was cancelled" in listing and candidate.name not in listing
    assert client.get(sheet).status_code == 404
    saved = client.post(sheet, data={"csrf_token": token, f"q-{first.id}": "3", "action": "save"})
    tapped = client.post(
        "/api" + sheet,
        json={"answers": [{"question": first.id, "value": 3, "note": "", "revision": 1}]},
        headers={"X-CSRFToken": token},
    )
    assert saved.status_code == 404 and tapped.status_code == 404
    assert db.session.execute(select(func.count()).select_from(Score)).scalar_one() == 0


@pytest.mark.parametrize(("cancelled", "taken"), [(False, 1), (True, 0)])
def test_no_conflict_is_declared_on_a_cancelled_panel(client, db, cancelled, taken):
    dee = make_trained_resident(name="Dee")
    panel = make_panel(
        members=[(make_appointer(name="Chair"), "chair"), (dee, "resident")],
        candidates=["Casey"],
    )
    sign_in(client, dee)
    page = client.get(f"/panels/{panel.id}/shortlist")
    if cancelled:
        panel.status = PanelStatus.CANCELLED
        db.session.commit()
        assert "This panel was cancelled" in page_text(client.get(f"/panels/{panel.id}/shortlist"))
    client.post(
        f"/panels/{panel.id}/shortlist",
        data={"csrf_token": csrf_token(page), "candidate_id": str(panel.slots[0].candidate_id)},
    )
    count = select(func.count()).select_from(ConflictDeclaration)
    assert db.session.execute(count).scalar_one() == taken
