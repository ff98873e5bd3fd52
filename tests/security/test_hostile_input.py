"""Hostile input: every form endpoint, as a person allowed to use it, never answers 500,
and a refused request leaves every table as it was."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from panelhire.auth.models import Role, User, UserRole
from panelhire.core.demo import load_demo
from tests.html import csrf_token

# Tables that legitimately change even when a request is refused.
ALWAYS_WRITTEN = {"audit_event", "login_failure", "outbox_message"}

# Endpoints that end the session or are exercised by their own tests.
SKIP = {"auth.sign_out", "auth.sign_in", "auth.resident_sign_in", "auth.sign_in_link"}

NASTY = st.one_of(
    st.text(max_size=40),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=300
    ),
    st.sampled_from(
        [
            "",
            " ",
            "-1",
            "0",
            "99999999999999999999",
            "1e309",
            "NaN",
            "2026-02-30",
            "31/12/1899",
            "=1+1",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "true",
            "on",
            "[]",
            "{}",
            "\u202e\u200b",
            "x" * 10_000,
        ]
    ),
)

ID_SOURCES = {
    "user_id": "resident",
    "resident_id": "resident",
    "panel_id": "panel",
    "vacancy_id": "vacancy",
    "candidate_id": "candidate",
    "service_id": "service",
    "module_id": "training_module",
    "record_id": "training_record",
    "session_id": "training_session",
    "question_id": "question",
    "member_id": "panel_member",
    "decision_id": "decision",
}


def _everyone(db) -> User:
    user = db.session.execute(select(User).where(User.email == "admin@demo.test")).scalar_one()
    have = user.role_names
    for role in Role:
        if role not in have:
            user.roles.append(UserRole(role=str(role)))
    db.session.commit()
    return user


def _first_id(db, table: str) -> int:
    from panelhire.extensions import db as _db

    found = _db.metadata.tables.get(table)
    if found is None:
        return 1
    if table == "resident":
        return (
            db.session.execute(
                select(UserRole.user_id)
                .where(UserRole.role == "resident")
                .order_by(UserRole.user_id)
            )
            .scalars()
            .first()
            or 1
        )
    return db.session.execute(select(found.c.id).order_by(found.c.id)).scalars().first() or 1


def _path(rule, db) -> str:
    def value(match: re.Match) -> str:
        converter, name = match.group(1), match.group(2)
        if converter in (None, "string", "path") and name not in ID_SOURCES:
            return "x"
        return str(_first_id(db, ID_SOURCES.get(name, "")))

    return re.sub(r"<(?:(\w+):)?(\w+)>", value, rule.rule)


def _counts(db) -> dict[str, int]:
    from panelhire.extensions import db as _db

    return {
        name: db.session.execute(select(func.count()).select_from(table)).scalar_one()
        for name, table in _db.metadata.tables.items()
        if name not in ALWAYS_WRITTEN
    }


def _form_fields(body: str) -> list[str]:
    names = re.findall(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"', body)
    return sorted({n for n in names if n != "csrf_token"})


def _post_endpoints(app):
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if "POST" in rule.methods and rule.endpoint not in SKIP
        ),
        key=lambda r: r.rule,
    )


@pytest.fixture()
def signed_in_everyone(client, db):
    load_demo(date.today())
    db.session.commit()
    user = _everyone(db)
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(page), "email": user.email, "password": "panelhire-demo"},
    )
    assert response.status_code == 302
    return client


def test_every_form_endpoint_survives_hostile_input(app, db, signed_in_everyone):
    client = signed_in_everyone
    endpoints = _post_endpoints(app)
    assert endpoints, "no form endpoints found"
    for rule in endpoints:
        path = _path(rule, db)
        page = client.get(path) if "GET" in rule.methods else client.get("/home")
        body = page.get_data(as_text=True)
        token = csrf_token(page) if 'name="csrf_token"' in body else csrf_token(client.get("/home"))
        fields = _form_fields(body) if "GET" in rule.methods else []
        _hammer(client, db, path, token, fields)


def _hammer(client, db, path: str, token: str, fields: list[str]) -> None:
    @settings(
        max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(
        values=st.lists(NASTY, min_size=len(fields), max_size=len(fields)),
        extra=st.dictionaries(st.text(min_size=1, max_size=10), NASTY, max_size=3),
        drop=st.sets(st.sampled_from(fields)) if fields else st.just(set()),
        duplicate=st.booleans(),
    )
    def attempt(values, extra, drop, duplicate):
        data: list[tuple[str, str]] = [("csrf_token", token)]
        for name, value in zip(fields, values, strict=True):
            if name not in drop:
                data.append((name, value))
                if duplicate:
                    data.append((name, value[::-1]))
        data.extend((k, v) for k, v in extra.items() if k != "csrf_token" and "\x00" not in k)
        before = _counts(db)
        response = client.post(path, data=MultiDict(data))
        assert response.status_code < 500, (path, data, response.status_code)
        if 400 <= response.status_code < 500:
            db.session.expire_all()
            assert _counts(db) == before, f"{path} refused the input but changed tables"

    attempt()
