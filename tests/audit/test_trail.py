from __future__ import annotations

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from tests.factories import make_staff, sign_in
from tests.html import page_text


def test_sign_ins_and_failures_are_in_the_trail(client, db):
    admin = make_staff(roles={Role.ADMIN})
    sign_in(client, admin, password="wrong")
    sign_in(client, admin)
    actions = [e.action for e in db.session.execute(db.select(AuditEvent)).scalars()]
    assert "sign_in_failed" in actions and "sign_in" in actions


def test_admin_filters_the_trail(client, db):
    admin = make_staff(roles={Role.ADMIN})
    sign_in(client, admin, password="wrong")
    sign_in(client, admin)
    everything = page_text(client.get("/audit/"))
    assert "Not signed in" in everything  # the failed attempt has no actor
    filtered = client.get("/audit/?action=sign_in")
    assert filtered.status_code == 200
    assert "Not signed in" not in page_text(filtered)
    assert admin.display_name in page_text(filtered)


def test_a_bad_date_filter_is_explained(client, db):
    sign_in(client, make_staff(roles={Role.ADMIN}))
    page = client.get("/audit/?on=31-02-2026")
    assert page.status_code == 422
    assert "real date" in page_text(page)


def test_the_trail_offers_no_way_to_change_entries(app):
    methods = {
        method
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("audit.")
        for method in rule.methods
    }
    assert methods <= {"GET", "HEAD", "OPTIONS"}
