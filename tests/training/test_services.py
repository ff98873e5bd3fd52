from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from sqlalchemy import func, select

from panelhire.audit.models import AuditEvent
from panelhire.auth.models import Role
from panelhire.panels.models import PanelStatus
from panelhire.training import residents, services
from panelhire.training.models import (
    TrainingModule,
    TrainingRecord,
    TrainingSession,
    UnavailableDate,
)
from panelhire.training.services import TrainingError
from tests.factories import make_organisation, make_panel, make_resident, make_staff
from tests.training.factories import make_agreement, make_module, make_ready_resident, make_record


def _records(user):
    return select(func.count(TrainingRecord.id)).where(TrainingRecord.user_id == user.id)


def _actions(db):
    return list(db.session.execute(select(AuditEvent.action)).scalars())


def test_a_group_session_gives_every_attendee_a_record_with_expiry(db):
    trainer = make_staff(roles={Role.TRAINER})
    module = make_module(name="Interview skills", valid_months=24)
    dee, sam = make_resident(), make_resident()
    held = date(2026, 3, 27)
    session = services.record_session(
        trainer, module=module, held_on=held, trainer_name="Tom", attendees=[dee, sam]
    )
    rows = (
        db.session.execute(select(TrainingRecord).where(TrainingRecord.session_id == session.id))
        .scalars()
        .all()
    )
    assert {r.user_id for r in rows} == {dee.id, sam.id}
    assert {r.expires_on for r in rows} == {date(2028, 3, 27)}
    assert "training_session_recorded" in _actions(db)


def test_a_session_with_one_duplicate_writes_nothing(db):
    trainer = make_staff(roles={Role.TRAINER})
    module = make_module()
    dee, sam = make_resident(name="Dee"), make_resident(name="Sam")
    held = date.today() - timedelta(days=3)
    make_record(user=sam, module=module, completed_on=held)
    with pytest.raises(TrainingError, match="Already recorded .*Sam"):
        services.record_session(
            trainer, module=module, held_on=held, trainer_name="Tom", attendees=[dee, sam]
        )
    assert db.session.execute(_records(dee)).scalar() == 0
    assert db.session.execute(select(func.count(TrainingSession.id))).scalar() == 0


def test_training_cannot_be_completed_in_the_future(db):
    trainer = make_staff(roles={Role.TRAINER})
    with pytest.raises(TrainingError, match="future") as refused:
        services.record_session(
            trainer,
            module=make_module(),
            held_on=date.today() + timedelta(days=2),
            trainer_name="Tom",
            attendees=[make_resident()],
        )
    assert refused.value.field == "held_on"  # the session form's date field, not the module's


def test_a_record_in_year_9999_is_refused_as_future_before_its_expiry_is_worked_out(db):
    """Adding 24 months to 9999-01-01 overflows the calendar; the date check must come first."""
    trainer = make_staff(roles={Role.TRAINER})
    dee = make_resident()
    with pytest.raises(TrainingError, match="cannot be in the future") as refused:
        services.add_record(
            trainer,
            user=dee,
            module=make_module(valid_months=24),
            completed_on=date(9999, 1, 1),
            trainer_name="Tom",
        )
    assert refused.value.field == "completed_on"
    assert db.session.execute(_records(dee)).scalar() == 0


def test_training_dated_before_2000_is_refused_everywhere_it_is_entered(db):
    trainer = make_staff(roles={Role.TRAINER})
    module = make_module(valid_months=24)
    dee = make_resident()
    row = make_record(user=dee, module=module, completed_on=date(2026, 1, 5))
    long_ago = date(1800, 1, 1)
    attempts = {
        "completed_on": lambda: services.add_record(
            trainer, user=dee, module=module, completed_on=long_ago, trainer_name="Tom"
        ),
        "held_on": lambda: services.record_session(
            trainer, module=module, held_on=long_ago, trainer_name="Tom", attendees=[dee]
        ),
    }
    for field, attempt in attempts.items():
        with pytest.raises(TrainingError, match="before 1 January 2000") as refused:
            attempt()
        assert refused.value.field == field
    with pytest.raises(TrainingError, match="before 1 January 2000"):
        services.correct_record(
            trainer, row, completed_on=long_ago, expires_on=None, trainer_name="T", reason="typo"
        )
    assert row.completed_on == date(2026, 1, 5)
    assert db.session.execute(_records(dee)).scalar() == 1
    services.add_record(
        trainer, user=dee, module=module, completed_on=date(2000, 1, 1), trainer_name="Tom"
    )


def test_a_record_can_be_corrected_with_a_reason_and_the_old_values_are_kept(db):
    hr = make_staff(roles={Role.HR})
    module = make_module(name="Safeguarding basics", valid_months=36)
    row = make_record(user=make_resident(), module=module, completed_on=date(2026, 1, 5))
    with pytest.raises(TrainingError, match="why"):
        services.correct_record(
            hr, row, completed_on=date(2026, 1, 6), expires_on=None, trainer_name="T", reason=" "
        )
    services.correct_record(
        hr,
        row,
        completed_on=date(2026, 1, 6),
        expires_on=date(2029, 1, 6),
        trainer_name="Tom Okafor",
        reason="Typed the wrong day",
    )
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "training_record_corrected")
    ).scalar_one()
    assert "completed 05/01/2026" in event.summary and "completed 06/01/2026" in event.summary
    assert "Typed the wrong day" in event.summary


def test_expiry_before_completion_is_refused(db):
    row = make_record(user=make_resident(), module=make_module(), completed_on=date(2026, 1, 5))
    with pytest.raises(TrainingError, match="on or after") as refused:
        services.correct_record(
            make_staff(roles={Role.HR}),
            row,
            completed_on=date(2026, 1, 5),
            expires_on=date(2025, 1, 5),
            trainer_name="T",
            reason="x",
        )
    assert refused.value.field == "expires_on"


def test_removing_a_record_keeps_what_it_said_in_the_audit_trail(db):
    user = make_resident()
    row = make_record(user=user, module=make_module(name="Interview skills"))
    services.remove_record(make_staff(roles={Role.HR}), row, reason="Wrong person")
    assert db.session.execute(_records(user)).scalar() == 0
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "training_record_removed")
    ).scalar_one()
    assert "Interview skills" in event.summary and "Wrong person" in event.summary


def test_a_duplicate_single_record_is_refused(db):
    user, module = make_resident(), make_module()
    row = make_record(user=user, module=module)
    with pytest.raises(TrainingError, match="already has"):
        services.add_record(
            make_staff(roles={Role.HR}),
            user=user,
            module=module,
            completed_on=row.completed_on,
            trainer_name="T",
        )


def test_readiness_on_a_date_gives_reasons_in_plain_words(db):
    make_organisation()
    skills = make_module(name="Interview skills", valid_months=12)
    ready = make_ready_resident(modules=[skills], name="Ready Rita")
    make_resident(name="New Nia")
    answers = {a.user.display_name: a for a in services.readiness_on(date.today())}
    assert answers["Ready Rita"].ready
    assert answers["New Nia"].reasons == (
        "Not trained in Interview skills",
        "Needs to observe 1 more panel before scoring",
        "Confidentiality agreement not signed",
    )
    # Judged on the date asked about, not today: in two years the training has lapsed.
    later = services.readiness_on(date.today() + timedelta(days=800), [ready])[0]
    assert not later.ready
    assert later.reasons[0].startswith("Interview skills training expired on")


def test_the_organisation_sets_how_many_observations_are_needed(db):
    org = make_organisation()
    skills = make_module()
    user = make_ready_resident(modules=[skills])
    org.observations_needed = 2
    db.session.flush()
    answer = services.readiness_on(date.today(), [user])[0]
    assert answer.reasons == ("Needs to observe 1 more panel before scoring",)


def test_only_ended_uncancelled_observed_panels_count(db):
    make_organisation()
    skills = make_module()
    user = make_resident()
    make_record(user=user, module=skills)
    make_agreement(user=user)
    cancelled = make_panel(day=date.today() - timedelta(days=9), members=[(user, "observer")])
    cancelled.status = PanelStatus.CANCELLED
    make_panel(day=date.today() + timedelta(days=9), members=[(user, "observer")])
    make_panel(day=date.today() - timedelta(days=4), members=[(user, "resident")])
    db.session.flush()
    answer = services.readiness_on(date.today(), [user])[0]
    assert answer.reasons == ("Needs to observe 1 more panel before scoring",)


def test_an_unavailable_date_is_a_reason(db):
    make_organisation()
    user = make_ready_resident(modules=[make_module()])
    day = date.today() + timedelta(days=5)
    db.session.add(UnavailableDate(user_id=user.id, on=day))
    db.session.flush()
    assert services.readiness_on(day, [user])[0].reasons == ("Unavailable on that date",)


def test_who_is_ready_for_a_panel_includes_clashes(db):
    make_organisation()
    skills = make_module()
    busy = make_ready_resident(modules=[skills], name="Busy Bea")
    free = make_ready_resident(modules=[skills], name="Free Fran")
    day = date.today() + timedelta(days=10)
    make_panel(day=day, start_hour=9, hours=2, members=[(busy, "resident")])
    panel = make_panel(day=day, start_hour=10, hours=2)
    answers = services.who_is_ready(panel, [busy, free])
    assert [a.user.display_name for a in answers] == ["Free Fran", "Busy Bea"]
    assert answers[0].ready
    assert answers[1].reasons[0].startswith("Already on another panel 09:00-11:00 at")


def test_readiness_takes_a_constant_number_of_queries(db):
    from sqlalchemy import event

    make_organisation()
    skills = make_module()
    counts = []
    for extra in (2, 6):
        for _ in range(extra):
            make_ready_resident(modules=[skills])
        db.session.expire_all()
        statements: list[int] = []

        def count(*args, statements=statements, **kwargs):  # noqa: ANN002, ANN003
            statements.append(1)

        bind = db.session.get_bind()
        event.listen(bind, "before_cursor_execute", count)
        try:
            answers = services.readiness_on(date.today())
        finally:
            event.remove(bind, "before_cursor_execute", count)
        assert all(a.ready for a in answers)
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_a_module_name_differing_only_in_capitals_or_spaces_is_the_same_module(db):
    hr = make_staff(roles={Role.HR})
    skills = make_module(name="Interview skills")
    chairing = make_module(name="Chairing")
    with pytest.raises(TrainingError, match="already a module") as refused:
        services.save_module(
            hr, name=" interview skills ", description="", required=False, valid_months=None
        )
    assert refused.value.field == "name"
    with pytest.raises(TrainingError, match="already a module"):
        services.save_module(
            hr, name="  interview   SKILLS ", description="", required=False, valid_months=None
        )
    spaced = services.save_module(
        hr, name="  Role   of a  panellist ", description="", required=False, valid_months=None
    )
    assert spaced.module.name == "Role of a panellist"
    with pytest.raises(TrainingError, match="already a module"):
        services.save_module(
            hr,
            module=chairing,
            name="INTERVIEW SKILLS",
            description="",
            required=False,
            valid_months=None,
        )
    saved = services.save_module(
        hr,
        module=skills,
        name=" Interview Skills ",
        description="",
        required=True,
        valid_months=12,
    )
    assert saved.module.name == "Interview Skills"  # its own name, recapitalised, is fine


def test_making_a_module_required_says_who_can_no_longer_score(db):
    make_organisation()
    hr = make_staff(roles={Role.HR})
    skills = make_module(name="Interview skills")
    rita = make_ready_resident(modules=[skills], name="Rita Ready")
    make_resident(name="Nia New")  # could not score before either
    with pytest.raises(services.TrainingError, match=r"stops 1 resident .*\(Rita Ready\)"):
        with db.session.begin_nested():  # what the view's rollback does
            services.save_module(
                hr, name="Safeguarding", description="", required=True, valid_months=12
            )
    found = db.session.execute(select(TrainingModule).filter_by(name="Safeguarding")).first()
    assert found is None
    saved = services.save_module(
        hr, name="Safeguarding", description="", required=True, valid_months=12, confirmed=True
    )
    assert saved.no_longer_ready == (rita,)
    event = db.session.execute(
        select(AuditEvent).where(AuditEvent.action == "training_module_added")
    ).scalar_one()
    assert "1 resident can no longer score" in event.summary
    optional = services.save_module(
        hr, name="Chairing", description="", required=False, valid_months=None
    )
    assert optional.no_longer_ready == ()


def test_correcting_the_completion_date_moves_the_expiry_with_it(db):
    hr = make_staff(roles={Role.HR})
    module = make_module(name="Confidentiality", valid_months=12)
    completed = date.today() - timedelta(days=100)
    row = make_record(user=make_resident(), module=module, completed_on=completed)
    old_expiry = row.expires_on
    moved = completed - timedelta(days=10)

    def correct(expires_on):
        return services.correct_record(
            hr, row, completed_on=moved, expires_on=expires_on, trainer_name="T", reason="typo"
        )

    correct(old_expiry)  # the old expiry left as it was: worked out again
    assert row.expires_on == moved + relativedelta(months=12)
    row.completed_on, row.expires_on = completed, old_expiry
    correct(None)  # blank: worked out from the module, not "never expires"
    assert row.expires_on == moved + relativedelta(months=12)
    chosen = date.today() + timedelta(days=30)
    correct(chosen)  # a different expiry, given on purpose, is kept
    assert row.expires_on == chosen


def test_a_past_unavailable_date_is_refused(db):
    hr = make_staff(roles={Role.HR})
    dee = make_resident()
    # The organisation's today, as the check uses: the server's date.today() is UTC, a day
    # behind London between midnight and 01:00 in summer time.
    today = services.today()
    with pytest.raises(TrainingError, match="cannot be in the past") as refused:
        residents.add_unavailable_date(hr, dee, today - timedelta(days=1))
    assert refused.value.field == "on"
    residents.add_unavailable_date(hr, dee, today)
    assert db.session.execute(select(func.count(UnavailableDate.id))).scalar() == 1
