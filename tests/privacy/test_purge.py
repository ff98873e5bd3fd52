"""The purge: anonymises what is due, keeps held vacancies, is idempotent, and is audited."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from panelhire.audit.models import AuditEvent
from panelhire.panels import coverage
from panelhire.privacy import services
from panelhire.scoring.models import AgreedScore, Concern, Decision, Dissent, Score
from tests.privacy.factories import make_held_vacancy


def _purge_events(db):  # noqa: ANN001
    return list(
        db.session.execute(select(AuditEvent).where(AuditEvent.action == "purge")).scalars()
    )


def _notes(db, candidate_id):  # noqa: ANN001
    return [
        s.note
        for s in db.session.execute(select(Score).where(Score.candidate_id == candidate_id))
        .scalars()
        .all()
    ]


def test_unsuccessful_candidate_is_anonymised_and_appointed_one_kept(db):
    held = make_held_vacancy(closed_days_ago=200)  # past 6 months, before 12
    report = services.purge(None, date.today())
    db.session.flush()
    assert [d.candidate_id for d in report.due] == [held.unsuccessful.id]
    bo, alex = held.unsuccessful, held.appointed
    db.session.expire_all()
    assert bo.anonymised_at is not None
    assert bo.name == f"Anonymised candidate {bo.id}"
    assert (bo.email, bo.phone, bo.equality_monitoring, bo.adjustments) == (None, None, "", "")
    assert bo.guaranteed_interview is False
    assert _notes(db, bo.id) == ["", ""]
    assert db.session.execute(select(AgreedScore.comment)).scalar_one() == ""
    concern = db.session.execute(select(Concern)).scalar_one()
    assert "talked over" not in concern.text and "chair" not in (concern.answer or "")
    assert concern.answer is not None  # still shows as answered
    decision = db.session.execute(
        select(Decision).where(Decision.candidate_id == bo.id)
    ).scalar_one()
    assert decision.reasons == "" and decision.outcome == "not_appointed"
    assert "preferred" not in db.session.execute(select(Dissent.text)).scalar_one()
    # Numeric scores stay, attached to nobody in particular.
    values = db.session.execute(select(Score.value).where(Score.candidate_id == bo.id))
    assert list(values.scalars()) == [3, 3]
    # The appointed candidate is kept for 12 months.
    assert alex.anonymised_at is None and alex.email == "alex@example.org"
    assert _notes(db, alex.id) == ["Alex was warm", "Alex was warm"]


def test_appointed_candidate_is_anonymised_after_twelve_months(db):
    held = make_held_vacancy(closed_days_ago=370)
    services.purge(None, date.today())
    db.session.expire_all()
    assert held.appointed.anonymised_at is not None
    assert held.unsuccessful.anonymised_at is not None


def test_legal_hold_stops_the_purge(db):
    held = make_held_vacancy(closed_days_ago=400)
    held.vacancy.legal_hold = True
    report = services.purge(None, date.today())
    assert report.due == [] and sorted(report.held_back) == sorted(
        [held.appointed.id, held.unsuccessful.id]
    )
    assert held.unsuccessful.anonymised_at is None
    assert "2 held back by a legal hold" in _purge_events(db)[0].summary


def test_open_vacancies_are_never_purged(db):
    held = make_held_vacancy(closed_days_ago=None)
    assert services.purge(None, date.today() + timedelta(days=3650)).due == []
    assert held.unsuccessful.anonymised_at is None


def test_the_organisation_can_shorten_the_period(db):
    held = make_held_vacancy(closed_days_ago=100)
    assert services.purge(None, date.today()).due == []
    services.save_policy(None, unsuccessful_months=3, appointed_months=12)
    assert [d.candidate_id for d in services.purge(None, date.today()).due] == [
        held.unsuccessful.id
    ]


def test_purge_is_idempotent_and_audited_without_personal_data(db):
    held = make_held_vacancy(closed_days_ago=200)
    first = services.purge(None, date.today())
    second = services.purge(None, date.today())
    assert len(first.due) == 1 and second.due == []
    events = _purge_events(db)
    assert len(events) == 2
    assert events[0].summary.startswith("1 candidate(s) anonymised (1 unsuccessful, 0 appointed)")
    for event in events:
        for personal in ("Bo", "Brown", "bo@example.org", "07700", "Alex"):
            assert personal not in event.summary
    assert held.unsuccessful.id  # still there: anonymised, not deleted


def test_dry_run_changes_nothing_and_writes_no_audit(db):
    held = make_held_vacancy(closed_days_ago=200)
    report = services.purge(None, date.today(), dry_run=True)
    assert len(report.due) == 1
    assert "would be anonymised" in report.summary()
    assert held.unsuccessful.anonymised_at is None
    assert _purge_events(db) == []


def test_anonymised_records_still_count_in_the_coverage_report(db):
    make_held_vacancy(closed_days_ago=400)
    before = coverage.coverage()
    assert before.held == 1
    services.purge(None, date.today())
    db.session.expire_all()
    after = coverage.coverage()
    assert (after.held, after.with_resident, after.percent) == (
        before.held,
        before.with_resident,
        before.percent,
    )
    assert [(r.service, r.quarter, r.held) for r in after.rows] == [
        (r.service, r.quarter, r.held) for r in before.rows
    ]


def test_purge_command_prints_what_it_did_and_is_idempotent(app, db):
    held = make_held_vacancy(closed_days_ago=200)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["purge", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"Candidate {held.unsuccessful.id}" in dry.output and "would anonymise" in dry.output
    db.session.expire_all()
    assert held.unsuccessful.anonymised_at is None
    done = runner.invoke(args=["purge"])
    assert done.exit_code == 0, done.output
    assert "1 candidate(s) anonymised" in done.output
    assert "Bo" not in done.output and "Alex" not in done.output
    again = runner.invoke(args=["purge"])
    assert "0 candidate(s) anonymised" in again.output
    assert len(_purge_events(db)) == 2
