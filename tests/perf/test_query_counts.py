"""Busy pages issue the same number of SQL statements for a small and a large organisation.

A page whose statement count grows with the data (an "N+1") is quick in a demo and slow for an
organisation with many services; these tests catch it before it ships. Set
PANELHIRE_SHOW_SQL=1 to print each page's statements when one fails.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event

from tests.conftest import FreshContextClient
from tests.factories import sign_in
from tests.perf.orgs import Org, build_org

SMALL = {"panels": 2, "candidates": 2, "questions": 2, "residents": 4}
LARGE = {"panels": 50, "candidates": 10, "questions": 10, "residents": 300}
MOST = 15
# The HR home page shows the dashboard's states and the wellbeing lists together.
MOST_FOR = {"HR home": 25}
# Savepoints come from the test fixture's rolled-back transaction, not from the app.
_FIXTURE_ONLY = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")

PAGES: dict[str, tuple[str, Callable[[Org], str]]] = {
    "scoring page": (
        "resident",
        lambda o: f"/scoring/panels/{o.panel.id}/candidates/{o.candidate_id}",
    ),
    "consensus view": ("chair", lambda o: f"/scoring/panels/{o.panel.id}/consensus"),
    "HR dashboard": ("hr", lambda o: "/panels"),
    "HR home": ("hr", lambda o: "/home"),
    # A chair and hiring manager on every panel: what is left to score, what awaits sign-off.
    "chair home": ("chair", lambda o: "/home"),
    "resident home": ("resident", lambda o: "/home"),
    "chair scoring": ("chair", lambda o: "/scoring/"),
    "resident scoring": ("resident", lambda o: "/scoring/"),
    "chair calendar": ("chair", lambda o: "/calendar/"),
    "chair panel": ("chair", lambda o: f"/scoring/panels/{o.panel.id}"),
    "resident involvement": ("resident", lambda o: "/recognition/mine"),
    "resident training": ("resident", lambda o: "/training/mine"),
    "HR vacancies": ("hr", lambda o: "/vacancies"),
    "HR training due": ("hr", lambda o: "/training/due"),
    "HR readiness": ("hr", lambda o: "/training/readiness"),
    "HR recognition": ("hr", lambda o: "/recognition/"),
    "HR calendar": ("hr", lambda o: "/calendar/"),
    "residents list": ("hr", lambda o: "/training/residents"),
    "coverage report": ("hr", lambda o: "/reports/coverage"),
}


@contextmanager
def counting(engine) -> Iterator[list[str]]:  # noqa: ANN001
    """Every statement sent to the database inside the block."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001
        if not statement.lstrip().upper().startswith(_FIXTURE_ONLY):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def statements_per_page(app, size: dict) -> dict[str, int]:  # noqa: ANN001
    from panelhire.extensions import db

    org = build_org(**size)
    db.session.commit()
    found = {}
    for name, (who, url) in PAGES.items():
        client = FreshContextClient(app, app.response_class)
        assert sign_in(client, getattr(org, who)).status_code == 302
        path = url(org)
        client.get(path)  # fill what a running server keeps between requests
        with counting(db.engine) as statements:
            response = client.get(path)
        assert response.status_code == 200, (name, response.status_code)
        found[name] = len(statements)
        if os.environ.get("PANELHIRE_SHOW_SQL"):
            print(f"--- {name}, {size['panels']} panels")  # noqa: T201
            print("\n".join(s.replace("\n", " ")[:160] for s in statements))  # noqa: T201
    return found


def test_pages_cost_the_same_for_a_small_and_a_large_organisation(app, db) -> None:  # noqa: ANN001
    small = statements_per_page(app, SMALL)
    # The large organisation's rows go in beside the small one's: a page that reads
    # only what it shows costs the same.
    large = statements_per_page(app, LARGE)
    assert large == small
    over = {name: n for name, n in large.items() if n > MOST_FOR.get(name, MOST)}
    assert not over, over


def test_the_counter_sees_a_page_that_reads_one_row_per_panel(app, db) -> None:  # noqa: ANN001
    """The listener counts what the app sends: a loop of lazy loads shows up."""
    from sqlalchemy import select

    from panelhire.panels.models import Panel

    build_org(**SMALL)
    panels = list(db.session.execute(select(Panel)).scalars())
    db.session.expire_all()
    with counting(db.engine) as statements:
        for panel in panels:
            _ = panel.vacancy.title
    assert len(statements) >= len(panels)
