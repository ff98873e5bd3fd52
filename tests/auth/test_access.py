"""Every view declares who may use it, and the declarations hold for every role."""

from __future__ import annotations

import re

import pytest

from panelhire.auth.access import PUBLIC, SIGNED_IN, access_of
from panelhire.auth.models import Role
from panelhire.auth.objects import panel_for_user_or_404
from tests.factories import make_panel, make_resident, make_staff, sign_in

# Endpoints whose audience is a promise to users: checked against the declaration so that
# widening one by mistake fails here too.
EXPECTED = {
    "core.healthz": PUBLIC,
    "auth.sign_in": PUBLIC,
    "auth.resident_sign_in": PUBLIC,
    "auth.sign_in_link": PUBLIC,
    "core.home": SIGNED_IN,
    "auth.accounts": {Role.ADMIN, Role.HR, Role.TRAINER},
    # Setting a PIN is enough to sign in as that resident: never wider than sign-in links.
    "auth.set_pin": {Role.ADMIN, Role.HR},
    "auth.issue_link": {Role.ADMIN, Role.HR},
    "audit.trail": {Role.ADMIN},
}


def _declared(app, endpoint):
    with app.test_request_context():
        return access_of(endpoint)


def test_every_endpoint_declares_who_may_use_it(app):
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and _declared(app, rule.endpoint) is None
    ]
    assert missing == [], f"views without an access declaration: {missing}"


def test_key_endpoints_are_declared_as_promised(app):
    for endpoint, expected in EXPECTED.items():
        declared = _declared(app, endpoint)
        if isinstance(expected, set):
            assert set(declared) == expected, endpoint
        else:
            assert declared == expected, endpoint


def test_an_undeclared_view_is_refused():
    from panelhire import create_app
    from tests.conftest import TEST_CONFIG

    fresh = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})

    @fresh.route("/undeclared")
    def undeclared():
        return "should never be served"

    assert fresh.test_client().get("/undeclared").status_code == 403


PEOPLE = [None, *Role]


def _person(role):
    if role is None:
        return None
    if role is Role.RESIDENT:
        return make_resident()
    return make_staff(roles={role})


def _url_for_rule(rule, ids):
    def value(match):
        name = match.group(2)
        return str(ids.get(name, 1))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule.rule)


@pytest.mark.parametrize("role", PEOPLE, ids=lambda r: str(r) if r else "signed-out")
def test_matrix_every_endpoint_as_every_role(app, client, db, role):
    """Signed out: sent to sign in. Wrong role: 403. Right role: never 403 or a sign-in redirect."""
    person = _person(role)
    panel = make_panel()
    resident = make_resident()
    ids = {"user_id": resident.id, "panel_id": panel.id, "token": "not-a-real-token"}
    if person is not None:
        assert sign_in(client, person).status_code == 302
    for rule in app.url_map.iter_rules():
        if rule.endpoint in {"static", "auth.sign_out"} or "GET" not in rule.methods:
            continue
        declared = _declared(app, rule.endpoint)
        response = client.get(_url_for_rule(rule, ids))
        location = response.headers.get("Location", "")
        if declared == PUBLIC:
            assert response.status_code != 403, rule.endpoint
        elif person is None:
            assert response.status_code == 302 and "/sign-in" in location, rule.endpoint
        elif declared == SIGNED_IN or person.has_role(*declared):
            assert response.status_code != 403 and "/sign-in" not in location, rule.endpoint
            assert response.status_code < 500, rule.endpoint
        else:
            assert response.status_code == 403, rule.endpoint


def test_residents_see_only_panels_they_sit_on(app, db):
    dee = make_resident()
    other = make_resident()
    mine = make_panel(members=[(dee, "resident")])
    theirs = make_panel(members=[(other, "resident")])
    assert panel_for_user_or_404(mine.id, dee) == mine
    with pytest.raises(Exception) as refused:
        panel_for_user_or_404(theirs.id, dee)
    assert getattr(refused.value, "code", None) == 404
    hr = make_staff(roles={Role.HR})
    assert panel_for_user_or_404(theirs.id, hr) == theirs


def test_a_withdrawn_seat_no_longer_gives_access(app, db):
    from panelhire.models.base import now_utc

    dee = make_resident()
    panel = make_panel(members=[(dee, "resident")])
    panel.members[0].withdrawn_at = now_utc()
    db.session.flush()
    with pytest.raises(Exception) as refused:
        panel_for_user_or_404(panel.id, dee)
    assert getattr(refused.value, "code", None) == 404
