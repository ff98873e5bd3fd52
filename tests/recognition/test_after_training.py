"""After a training session: each attendee's payment choice, recorded in one screen by HR."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from panelhire.auth.models import Role
from panelhire.recognition import services
from panelhire.recognition.attendance import RowsRefused, record_after_training, training_rows
from panelhire.recognition.models import Activity, Payment
from panelhire.recognition.rules import ActivityKind, Attendance, Choice, Method
from panelhire.recognition.services import Entry
from panelhire.training import services as training
from panelhire.training.models import TrainingRecord
from tests.factories import make_organisation, make_resident, make_staff, sign_in
from tests.html import csrf_token, once_key, page_text
from tests.recognition.factories import attendance_data, make_hr, make_policy, make_rate
from tests.training.factories import make_module

HELD = date.today() - timedelta(days=3)


def _session(*attendees, module_name: str = "Interview skills"):  # noqa: ANN002, ANN202
    make_organisation()
    trainer = make_staff(roles={Role.TRAINER})
    return training.record_session(
        trainer,
        module=make_module(name=module_name),
        held_on=HELD,
        trainer_name="Tom Okafor",
        attendees=list(attendees),
    )


def _full(person, method: Method = Method.VOUCHER) -> Entry:  # noqa: ANN001
    return Entry(person.id, Attendance.ATTENDED, Choice.FULL, method, None)


def _payments() -> dict[int, int]:
    rows = select(Activity.user_id, Payment.amount_pence).join(Payment.activity)
    return dict(services.db.session.execute(rows).all())


def test_every_attendee_is_paid_at_the_training_rate_tied_to_the_session(db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    make_rate(kind=ActivityKind.PANEL, pence=2500)
    dee, sam = make_resident(name="Dee"), make_resident(name="Sam")
    session = _session(dee, sam)
    assert [row.user.id for row in training_rows(session)] == [dee.id, sam.id]
    lower = Entry(sam.id, Attendance.ATTENDED, Choice.LOWER, Method.CASH, 1200)
    record_after_training(make_hr(), session, [_full(dee), lower])
    assert _payments() == {dee.id: 2000, sam.id: 1200}
    activity = db.session.execute(select(Activity).filter_by(user_id=dee.id)).scalar_one()
    assert (activity.kind, activity.happened_on) == (ActivityKind.TRAINING, HELD)
    assert activity.training_session_id == session.id
    assert activity.label == "Training session: Interview skills"


def test_saving_the_screen_again_changes_the_choice_and_pays_once(db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee = make_resident()
    session = _session(dee)
    hr = make_hr()
    record_after_training(hr, session, [_full(dee)])
    record_after_training(
        hr, session, [Entry(dee.id, Attendance.ATTENDED, Choice.DONATE, None, None)]
    )
    count = select(func.count()).select_from(Activity)
    assert db.session.execute(count).scalar_one() == 1
    (row,) = training_rows(session)
    assert row.activity.payment.choice == Choice.DONATE


def test_a_training_payment_already_entered_by_hand_is_not_paid_twice(db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    make_policy()
    dee, sam = make_resident(), make_resident()
    session = _session(dee, sam)
    hr = make_hr()
    services.record_activity(
        hr, dee, kind=ActivityKind.TRAINING, happened_on=HELD, entry=_full(dee)
    )
    by_hand = {row.user.id: row.by_hand for row in training_rows(session)}
    assert by_hand[dee.id] is not None and by_hand[sam.id] is None
    record_after_training(hr, session, [_full(dee), _full(sam)])
    count = select(Activity.user_id, func.count()).group_by(Activity.user_id)
    assert dict(db.session.execute(count).all()) == {dee.id: 1, sam.id: 1}


def test_without_a_training_rate_nothing_is_written(db):
    make_rate(kind=ActivityKind.PANEL, pence=2500)  # a panel rate is no training rate
    dee = make_resident()
    session = _session(dee)
    with pytest.raises(RowsRefused) as refused:
        record_after_training(make_hr(), session, [_full(dee)])
    assert refused.value.errors == {
        f"attendance_{dee.id}": "No training session rate was in effect on "
        f"{HELD:%d/%m/%Y}. Set a rate first."
    }
    assert db.session.execute(select(Activity)).first() is None


def test_someone_not_at_the_session_cannot_be_paid_for_it(db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee, stranger = make_resident(), make_resident()
    session = _session(dee)
    with pytest.raises(RowsRefused) as refused:
        record_after_training(make_hr(), session, [_full(stranger)])
    assert list(refused.value.errors) == [f"attendance_{stranger.id}"]
    assert db.session.execute(select(Activity)).first() is None


def test_a_payment_stays_on_the_screen_after_the_training_record_is_removed(db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee = make_resident()
    session = _session(dee)
    record_after_training(make_hr(), session, [_full(dee)])
    db.session.delete(db.session.execute(select(TrainingRecord)).scalar_one())
    db.session.flush()
    (row,) = training_rows(session)
    assert row.user.id == dee.id and row.activity is not None


# --- the screen ------------------------------------------------------------------------------


def _form(page, *people, **overrides):  # noqa: ANN001, ANN002, ANN003, ANN202
    return attendance_data(csrf_token(page), people, once=once_key(page), **overrides)


def test_hr_records_the_attendees_payments_on_one_screen(client, db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee, sam = make_resident(name="Dee Adams"), make_resident(name="Sam Brook")
    session = _session(dee, sam)
    sign_in(client, make_hr())
    url = f"/recognition/training-sessions/{session.id}/after"
    page = client.get(url)
    text = page_text(page)
    assert page.status_code == 200
    assert "Interview skills" in text and "Dee Adams" in text and "Sam Brook" in text
    assert "£20.00" in text
    form = _form(page, dee, sam, **{f"choice_{sam.id}": "none", f"method_{sam.id}": ""})
    response = client.post(url, data=form)
    assert response.status_code == 302
    assert _payments() == {dee.id: 2000, sam.id: 0}
    again = client.post(url, data=form)  # the same form sent twice: a double tap
    assert again.status_code == 302
    assert len(_payments()) == 2
    assert "already sent" in page_text(client.get(url))


def test_a_refused_line_is_shown_beside_its_field_with_what_was_typed(client, db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee = make_resident()
    session = _session(dee)
    sign_in(client, make_hr())
    url = f"/recognition/training-sessions/{session.id}/after"
    page = client.get(url)
    response = client.post(
        url, data=_form(page, dee, **{f"choice_{dee.id}": "lower", f"lower_{dee.id}": "abc"})
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="lower_{dee.id}-error"' in body and 'value="abc"' in body
    assert db.session.execute(select(Activity)).first() is None


def test_only_hr_and_admins_open_the_screen(client, db):
    dee = make_resident()
    session = _session(dee)
    url = f"/recognition/training-sessions/{session.id}/after"
    for person in (make_staff(roles={Role.TRAINER}), dee):
        someone = client.application.test_client()
        sign_in(someone, person)
        assert someone.get(url).status_code == 403
    sign_in(client, make_staff(roles={Role.ADMIN}))
    assert client.get(url).status_code == 200
    assert client.get(f"/recognition/training-sessions/{session.id + 1}/after").status_code == 404


def test_hr_goes_on_to_the_payments_after_recording_a_session_and_a_trainer_does_not(client, db):
    make_organisation()
    module = make_module(name="Interview skills")
    dee = make_resident()
    for person, lands_on in (
        (make_staff(roles={Role.TRAINER}), "/training/residents"),
        (make_hr(), "/recognition/training-sessions/"),
    ):
        someone = client.application.test_client()
        sign_in(someone, person)
        page = someone.get("/training/sessions/new")
        response = someone.post(
            "/training/sessions/new",
            data={
                "csrf_token": csrf_token(page),
                "module": module.id,
                "held_on": (HELD - timedelta(days=len(lands_on))).strftime("%d/%m/%Y"),
                "trainer_name": "Tom Okafor",
                "attendees": [dee.id],
            },
        )
        assert response.status_code == 302
        assert response.location.startswith(lands_on)


def test_the_recognition_page_lists_recent_sessions_with_payments_still_to_record(client, db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    make_policy()
    dee, sam, jo = make_resident(), make_resident(), make_resident()
    session = _session(dee, sam, jo, module_name="Safer recruitment")
    hr = make_hr()
    sign_in(client, hr)
    assert "3 of 3 to record" in page_text(client.get("/recognition/"))
    record_after_training(hr, session, [_full(dee)])
    services.record_activity(
        hr, sam, kind=ActivityKind.TRAINING, happened_on=HELD, entry=_full(sam)
    )
    page = client.get("/recognition/")
    assert "Safer recruitment" in page_text(page) and "1 of 3 to record" in page_text(page)
    assert f"/recognition/training-sessions/{session.id}/after" in page.get_data(as_text=True)
    record_after_training(hr, session, [_full(jo)])
    assert "All recorded" in page_text(client.get("/recognition/"))


def test_hr_home_lists_sessions_with_payments_to_record_until_they_are(client, db):
    make_rate(kind=ActivityKind.TRAINING, pence=2000)
    dee = make_resident()
    session = _session(dee, module_name="Asking questions")
    hr = make_hr()
    sign_in(client, hr)
    home = client.get("/home")
    assert "Training sessions: payments to record" in page_text(home)
    assert f"/recognition/training-sessions/{session.id}/after" in home.get_data(as_text=True)
    assert "1 of 1 to record" in page_text(home)
    record_after_training(hr, session, [_full(dee)])
    assert "Asking questions" not in page_text(client.get("/home"))
