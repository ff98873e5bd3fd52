"""Each person's home page shows their next actions."""

from __future__ import annotations

import re
from datetime import date, timedelta

from panelhire.auth.models import Role
from panelhire.panels import queries, services
from tests.factories import make_panel, make_resident, make_staff, make_vacancy, sign_in
from tests.html import page_text
from tests.panels.factories import make_appointer, make_trained_resident

SOON = date.today() + timedelta(days=5)


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


def _cards(client) -> dict[int, str]:  # noqa: ANN001
    """Each card in the "Panels coming up" section, by the panel id its heading links to."""
    response = client.get("/home")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    section = body.split('id="hr-panels"', 1)[1].split("</section>", 1)[0]
    cards = re.findall(r'<li class="card[^"]*">.*?</li>', section, re.S)
    return {int(re.search(r'href="/panels/(\d+)"', card).group(1)): card for card in cards}


def test_hr_home_shows_each_panels_state_as_the_dashboard_does(client, db):
    hr = make_staff(roles={Role.HR})
    ready = make_panel(
        vacancy=make_vacancy(title="Cook"),
        day=SOON,
        members=[(make_appointer(), "chair"), (make_trained_resident(name="Dee"), "resident")],
    )
    services.confirm_panel(hr, ready)
    lacking = make_panel(
        vacancy=make_vacancy(title="Cleaner"),
        day=SOON + timedelta(days=1),
        members=[(make_appointer(), "chair")],
    )
    db.session.commit()
    sign_in(client, hr)

    cards = _cards(client)
    assert set(cards) == {ready.id, lacking.id}
    for panel in (ready, lacking):
        state = queries.panel_state(panel)
        assert cards[panel.id].startswith(f'<li class="card card-{state.colour}">')
        assert f'<strong class="tag tag-{state.colour}">{state.label}</strong>' in cards[panel.id]
    assert queries.panel_state(ready).colour == queries.GREEN
    assert queries.panel_state(lacking).colour == queries.RED
    assert "Ready" in cards[ready.id] and "No eligible resident" in cards[lacking.id]
    assert "Cook" in cards[ready.id] and "Cleaner" in cards[lacking.id]


def test_a_hiring_manager_home_has_no_hr_panel_states(client, db):
    make_panel(day=SOON, members=[(make_appointer(), "chair")])
    db.session.commit()
    sign_in(client, make_staff(roles={Role.MANAGER}))
    text = client.get("/home").get_data(as_text=True)
    assert "No eligible resident" not in text and 'id="hr-panels"' not in text


def test_a_resident_who_has_sat_on_panels_is_not_told_they_are_on_none(client, db):
    sam = make_resident()
    make_panel(members=[(sam, "resident")], day=date.today() - timedelta(days=20))
    db.session.commit()
    sign_in(client, sam)
    text = page_text(client.get("/home"))
    assert "No panels coming up for you" in text and "not on any panels" not in text
