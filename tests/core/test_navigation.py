"""The main navigation shows each person the areas their roles open, with working links."""

from __future__ import annotations

import re

from panelhire.auth.models import Role
from tests.factories import make_resident, make_staff, sign_in


def _nav(client, **kwargs) -> dict[str, str]:  # noqa: ANN001, ANN003
    body = client.get("/home", **kwargs).get_data(as_text=True)
    nav = body.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]
    return {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)}


def test_each_person_sees_the_areas_their_roles_open(client, db):
    sign_in(client, make_resident())
    resident = _nav(client)
    assert resident["My training"] == "/training/mine"
    assert "Audit trail" not in resident and "People" not in resident

    other = client.application.test_client()
    sign_in(other, make_staff(roles={Role.ADMIN}))
    admin = _nav(other)
    assert admin["Audit trail"] == "/audit/"
    assert "My training" not in admin


def test_links_follow_the_script_root_they_were_asked_under(client, db):
    """A worker builds each role's links once; an app mounted under a prefix gets its own."""
    sign_in(client, make_resident())
    assert _nav(client)["My training"] == "/training/mine"
    mounted = _nav(client, environ_overrides={"SCRIPT_NAME": "/panelhire"})
    assert mounted["My training"] == "/panelhire/training/mine"
    assert _nav(client)["My training"] == "/training/mine"


def test_a_stream_of_odd_prefixes_cannot_grow_the_links_without_end(client, db):
    from panelhire.core import memo

    sign_in(client, make_resident())
    for n in range(memo.MOST + 10):
        assert _nav(client, environ_overrides={"SCRIPT_NAME": f"/odd{n}"})["My training"] == (
            f"/odd{n}/training/mine"
        )
    assert 0 < len(client.application.extensions["main_nav"]) <= memo.MOST
