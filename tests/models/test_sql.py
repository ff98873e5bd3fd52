"""`json_object_of` gives the same object on SQLite and PostgreSQL, whatever the text."""

from __future__ import annotations

from sqlalchemy import select

from panelhire.models.sql import json_object_of, read_json_object
from panelhire.scoring.models import ScaleLabel
from tests.scoring.factories import make_scored_panel


def _labels(db, vacancy_id: int) -> dict:  # noqa: ANN001
    text = db.session.execute(
        select(json_object_of(ScaleLabel.value, ScaleLabel.label)).where(
            ScaleLabel.vacancy_id == vacancy_id
        )
    ).scalar_one()
    return read_json_object(text)


def test_labels_round_trip_quotes_unicode_and_new_lines(db) -> None:  # noqa: ANN001
    vacancy = make_scored_panel().panel.vacancy
    db.session.query(ScaleLabel).filter_by(vacancy_id=vacancy.id).delete()
    wanted = {0: 'No "evidence"', 1: "Some\nevidence", 2: "Good – café \\ ☺"}
    for value, label in wanted.items():
        db.session.add(ScaleLabel(vacancy_id=vacancy.id, value=value, label=label))
    db.session.flush()
    assert _labels(db, vacancy.id) == {str(k): v for k, v in wanted.items()}


def test_no_rows_reads_as_an_empty_object(db) -> None:  # noqa: ANN001
    assert _labels(db, -1) == {}
