"""Each person's home page shows their next actions."""

from __future__ import annotations

from tests.factories import make_panel, make_resident, sign_in
from tests.html import page_text


def test_a_resident_panellist_goes_from_home_to_scoring(client, db):
    dee = make_resident()
    panel = make_panel(members=[(dee, "resident")])
    sign_in(client, dee)
    body = client.get("/home").get_data(as_text=True)
    assert f'href="/scoring/panels/{panel.id}"' in body
    assert client.get(f"/scoring/panels/{panel.id}").status_code == 200


def test_an_observer_is_told_they_observe_and_gets_no_scoring_link(client, db):
    mo = make_resident()
    panel = make_panel(members=[(mo, "observer")])
    sign_in(client, mo)
    home = client.get("/home")
    assert f'href="/scoring/panels/{panel.id}"' not in home.get_data(as_text=True)
    assert "You are observing this panel" in page_text(home)
