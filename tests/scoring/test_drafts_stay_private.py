"""Until a panellist submits, their saved answers are theirs alone: the consensus page neither
shows nor counts them (a draft may still change; scores are given independently)."""

from __future__ import annotations

from panelhire.scoring import services
from tests.factories import sign_in
from tests.html import page_text
from tests.scoring.factories import make_scored_panel
from tests.scoring.test_services import save, score_all


def test_a_draft_is_neither_shown_nor_counted_on_the_consensus_page(client, db):
    scene = make_scored_panel()
    first, second = scene.questions
    alex = scene.candidates[0]
    score_all(scene, scene.resident, [4, 4], alex)
    # The staff panellist has saved zeros but not submitted them.
    save(scene, scene.staff, first, 0, services.revision_now(), alex)
    save(scene, scene.staff, second, 0, services.revision_now(), alex)
    db.session.commit()
    sign_in(client, scene.resident)
    text = page_text(client.get(f"/scoring/panels/{scene.panel.id}/candidates/{alex.id}/consensus"))
    assert "Staff Person (staff) – not submitted" in text
    assert "Average: 4.00" in text and "total 100.0 out of 100" in text
    assert "Staff Person (staff) 0" not in text
