"""Simultaneous writers in different areas: nothing lost, nothing duplicated.

Runs on SQLite (WAL and a busy timeout) and, with TEST_DATABASE_URL, on PostgreSQL. It uses a
database of its own with real commits, as separate requests would.
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from panelhire import create_app
from panelhire.auth.models import User
from panelhire.extensions import db
from panelhire.panels import services as panels
from panelhire.panels.models import Candidate, Panel, PanelMember
from panelhire.scoring import services as scoring
from panelhire.scoring.models import Score
from panelhire.training import services as training
from panelhire.training.models import TrainingModule, TrainingRecord
from tests.conftest import TEST_CONFIG
from tests.databases import fresh_database
from tests.factories import make_resident, make_staff
from tests.scoring.factories import make_scored_panel
from tests.training.factories import make_module

SCORERS, ROSTERERS, TRAINERS = 3, 2, 2
SAVES, SEATS, RECORDS = 8, 3, 4


@pytest.fixture()
def own_app(tmp_path):  # noqa: ANN001, ANN201
    url = fresh_database("concurrency", tmp_path)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def _seed(app):  # noqa: ANN001, ANN202
    with app.app_context():
        scene = make_scored_panel(candidates=("Alex Able",))
        scene.panel.starts_at += timedelta(days=60)
        scene.panel.ends_at += timedelta(days=60)
        residents = [make_resident() for _ in range(ROSTERERS * SEATS)]
        learners = [make_resident() for _ in range(TRAINERS)]
        module = make_module(name="Interview skills")
        manager = make_staff()
        db.session.commit()
        return {
            "panel": scene.panel.id,
            "candidate": scene.candidates[0].id,
            "chair": scene.chair.id,
            "staff": scene.staff.id,
            "resident": scene.resident.id,
            "questions": [q.id for q in scene.questions],
            "residents": [r.id for r in residents],
            "learners": [u.id for u in learners],
            "module": module.id,
            "manager": manager.id,
        }


def test_simultaneous_scores_roster_changes_and_training_records(own_app):
    app, ids = own_app, _seed(own_app)
    start = threading.Barrier(SCORERS + ROSTERERS + TRAINERS)
    errors: list[BaseException] = []

    def run(work, *args):  # noqa: ANN001, ANN002, ANN202
        def target() -> None:
            with app.app_context():
                try:
                    start.wait(timeout=30)
                    work(*args)
                except BaseException as error:  # noqa: BLE001 - reported by the main thread
                    errors.append(error)
                finally:
                    db.session.remove()

        return threading.Thread(target=target)

    def score(t: int) -> None:
        # Every scorer saves the same answer (a shared row), and one answer of its own.
        for i in range(SAVES):
            panel = db.session.get(Panel, ids["panel"])
            candidate = db.session.get(Candidate, ids["candidate"])
            actor = db.session.get(User, ids["chair"])
            for panellist, question, value in (
                (ids["resident"], ids["questions"][0], i % 5),
                ([ids["chair"], ids["staff"], ids["resident"]][t], ids["questions"][1], t),
            ):
                scoring.save_answer(
                    actor,
                    panel=panel,
                    candidate=candidate,
                    panellist_id=panellist,
                    question_id=question,
                    value=value,
                    note=f"scorer {t}",
                    revision=1 + t + SCORERS * i,
                )
            db.session.commit()

    def roster(t: int) -> None:
        for user_id in ids["residents"][t * SEATS : (t + 1) * SEATS]:
            panel = db.session.get(Panel, ids["panel"])
            panels.add_resident(
                db.session.get(User, ids["manager"]),
                panel,
                db.session.get(User, user_id),
                override_reason="Concurrency test",
            )
            db.session.commit()

    def train(t: int) -> None:
        for i in range(RECORDS):
            training.add_record(
                db.session.get(User, ids["manager"]),
                user=db.session.get(User, ids["learners"][t]),
                module=db.session.get(TrainingModule, ids["module"]),
                completed_on=date.today() - timedelta(days=i),
                trainer_name="Tom",
            )
            db.session.commit()

    threads = (
        [run(score, t) for t in range(SCORERS)]
        + [run(roster, t) for t in range(ROSTERERS)]
        + [run(train, t) for t in range(TRAINERS)]
    )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    with app.app_context():
        shared = (
            db.session.execute(
                select(Score).where(
                    Score.user_id == ids["resident"], Score.question_id == ids["questions"][0]
                )
            )
            .scalars()
            .all()
        )
        assert len(shared) == 1, "one row per panellist, candidate and question"
        assert shared[0].revision == SCORERS * SAVES  # the newest save won
        own = db.session.execute(
            select(Score.user_id, Score.value).where(Score.question_id == ids["questions"][1])
        ).all()
        assert sorted(own) == sorted(
            zip([ids["chair"], ids["staff"], ids["resident"]], range(SCORERS), strict=True)
        )
        seated = (
            db.session.execute(
                select(PanelMember.user_id).where(
                    PanelMember.panel_id == ids["panel"], PanelMember.user_id.in_(ids["residents"])
                )
            )
            .scalars()
            .all()
        )
        assert sorted(seated) == sorted(ids["residents"])
        records = db.session.execute(
            select(TrainingRecord.user_id, func.count())
            .where(TrainingRecord.user_id.in_(ids["learners"]))
            .group_by(TrainingRecord.user_id)
        ).all()
        assert sorted(records) == sorted((u, RECORDS) for u in ids["learners"])
