from __future__ import annotations

from datetime import timedelta

from panelhire.auth import services
from panelhire.auth.models import LoginToken, Role
from panelhire.models.base import now_utc
from tests.factories import PASSWORD, PIN, make_resident, make_staff, sign_in
from tests.html import csrf_token, page_text


def test_staff_sign_in_with_email_and_password(client, db):
    user = make_staff(email="hr@example.test", roles={Role.HR})
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/home")
    assert "Hello" in page_text(client.get("/home"))


def test_form_labels_are_plain(client, db):
    staff = page_text(client.get("/sign-in"))
    assert "Email" in staff and "Password" in staff
    resident = page_text(client.get("/sign-in/resident"))
    assert "Username" in resident and "PIN" in resident


def test_resident_sign_in_with_username_and_pin(client, db):
    resident = make_resident(username="dee")
    assert sign_in(client, resident).status_code == 302
    assert client.get("/home").status_code == 200


def test_wrong_password_and_unknown_account_read_the_same(client, db):
    user = make_staff(email="real@example.test")
    page = client.get("/sign-in")
    wrong = client.post(
        "/sign-in", data={"csrf_token": csrf_token(page), "email": user.email, "password": "nope"}
    )
    unknown = client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(page), "email": "ghost@example.test", "password": "nope"},
    )
    assert wrong.status_code == unknown.status_code == 422
    assert services.GENERIC_FAILURE in page_text(wrong)
    assert services.GENERIC_FAILURE in page_text(unknown)


def test_missing_fields_are_named_beside_the_field_and_input_kept(client, db):
    page = client.get("/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": csrf_token(page), "email": "typed@example.test", "password": ""},
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="password-error"' in body and "Enter your password" in body
    assert 'value="typed@example.test"' in body
    assert "There is a problem" in body


def test_five_failures_lock_the_account_for_fifteen_minutes(client, db):
    user = make_staff(email="lock@example.test")
    page = client.get("/sign-in")
    token = csrf_token(page)
    for _ in range(5):
        client.post("/sign-in", data={"csrf_token": token, "email": user.email, "password": "x"})
    # Even the right password is refused while locked.
    locked = client.post(
        "/sign-in", data={"csrf_token": token, "email": user.email, "password": PASSWORD}
    )
    assert locked.status_code == 422
    assert "too many attempts" in page_text(locked).lower()


def test_lock_expires_after_fifteen_minutes(db):
    keys = services.throttle_keys("someone@example.test", "10.0.0.1")
    for _ in range(5):
        services._note_failure(keys, now_utc() - timedelta(minutes=16))
    assert not services.is_locked(keys)
    for _ in range(5):
        services._note_failure(keys, now_utc() - timedelta(minutes=14))
    assert services.is_locked(keys)


def test_failures_from_one_address_lock_that_address_across_accounts(client, db):
    page = client.get("/sign-in/resident")
    token = csrf_token(page)
    for n in range(services.MAX_FAILURES_FROM_ADDRESS):
        client.post(
            "/sign-in/resident",
            data={"csrf_token": token, "username": f"guess{n}", "pin": "000000"},
        )
    resident = make_resident(username="innocent")
    refused = client.post(
        "/sign-in/resident", data={"csrf_token": token, "username": resident.username, "pin": PIN}
    )
    assert refused.status_code == 422


def test_a_room_of_residents_each_slipping_once_does_not_lock_out_the_room(client, db):
    """A training day on shared wifi: five residents mistype once each, then sign in."""
    page = client.get("/sign-in/resident")
    token = csrf_token(page)
    room = [make_resident() for _ in range(6)]
    for person in room[:5]:
        client.post(
            "/sign-in/resident",
            data={"csrf_token": token, "username": person.username, "pin": "246810"},
        )
    last = client.post(
        "/sign-in/resident", data={"csrf_token": token, "username": room[5].username, "pin": PIN}
    )
    assert last.status_code == 302


def test_a_new_pin_from_hr_lifts_a_residents_lock(client, db):
    resident = make_resident(pin="999999")
    keys = services.throttle_keys(resident.username, "10.0.0.9")
    for _ in range(services.MAX_FAILURES):
        services._note_failure(keys, now_utc())
    assert services.is_locked(keys)
    services.set_pin(resident, "482915", by=make_staff(roles={Role.HR}))
    assert not services.is_locked(keys)
    assert services.authenticate_resident(resident.username, "482915", "10.0.0.9") == resident


def test_sign_in_gives_a_new_session(client, db):
    user = make_staff()
    client.get("/sign-in")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    sign_in(client, user)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == str(user.id)


def test_sign_out_ends_the_session(client, db):
    user = make_staff()
    sign_in(client, user)
    home = client.get("/home")
    out = client.post("/sign-out", data={"csrf_token": csrf_token(home)})
    assert out.location.endswith("/sign-in")
    assert client.get("/home").status_code == 302


def test_a_resident_who_signs_out_is_sent_to_the_pin_sign_in(client, db):
    sign_in(client, make_resident())
    out = client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    assert out.location.endswith("/sign-in/resident")
    assert "PIN" in page_text(client.get(out.location))


def test_state_changes_need_a_csrf_token(app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    user = make_staff()
    client = app.test_client()
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "Nothing was saved" in page_text(response)


def test_open_redirects_are_refused(client, db):
    user = make_staff()
    page = client.get("/sign-in?next=//evil.example/")
    response = client.post(
        "/sign-in?next=//evil.example/",
        data={"csrf_token": csrf_token(page), "email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"].endswith("/home")


def test_overlong_and_odd_input_never_errors(client, db):
    page = client.get("/sign-in/resident")
    for username, pin in [("x" * 5000, "1" * 5000), ("\u202e\u200b", "١٢٣٤٥٦"), ("", "")]:
        response = client.post(
            "/sign-in/resident",
            data={"csrf_token": csrf_token(page), "username": username, "pin": pin},
        )
        assert response.status_code == 422
    nul = client.post(
        "/sign-in/resident",
        data={"csrf_token": csrf_token(page), "username": "dee\x00", "pin": "135790"},
    )
    assert nul.status_code == 400


def _issue(db, resident, hr):
    token = services.issue_sign_in_link(resident, by=hr)
    db.session.commit()
    return token


def test_one_time_link_signs_in_once(client, db):
    hr = make_staff(roles={Role.HR})
    resident = make_resident()
    token = _issue(db, resident, hr)
    page = client.get(f"/sign-in/link/{token}")
    assert page.status_code == 200 and resident.display_name in page_text(page)
    used = client.post(f"/sign-in/link/{token}", data={"csrf_token": csrf_token(page)})
    assert used.status_code == 302
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/home"))})
    again = client.get(f"/sign-in/link/{token}")
    assert again.status_code == 410


def test_link_preview_does_not_spend_the_link(client, db):
    hr = make_staff(roles={Role.HR})
    token = _issue(db, make_resident(), hr)
    client.get(f"/sign-in/link/{token}")
    client.get(f"/sign-in/link/{token}")
    assert services.find_link(token) is not None


def test_expired_link_is_refused(client, db):
    hr = make_staff(roles={Role.HR})
    token = _issue(db, make_resident(), hr)
    link = db.session.execute(db.select(LoginToken)).scalars().all()[-1]
    link.expires_at = now_utc() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(f"/sign-in/link/{token}").status_code == 410


def test_links_default_to_seven_days_and_store_only_a_hash(db):
    hr = make_staff(roles={Role.HR})
    token = _issue(db, make_resident(), hr)
    link = db.session.execute(db.select(LoginToken)).scalars().all()[-1]
    assert token not in link.token_hash
    assert timedelta(days=6, hours=23) < link.expires_at - now_utc() <= timedelta(days=7)


def test_hr_sees_the_link_as_a_qr_code(client, db):
    hr = make_staff(roles={Role.HR})
    resident = make_resident()
    sign_in(client, hr)
    page = client.get(f"/accounts/{resident.id}/sign-in-link")
    response = client.post(
        f"/accounts/{resident.id}/sign-in-link", data={"csrf_token": csrf_token(page)}
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in body and "/sign-in/link/" in body


def test_pin_rules():
    assert services.validate_pin("135790") is None
    assert services.validate_pin("12345") is not None
    assert services.validate_pin("111111") is not None
    assert services.validate_pin("123456") is not None
    assert services.validate_pin("12a456") is not None


def test_hr_sets_a_pin_and_bad_pins_are_explained(client, db):
    hr = make_staff(roles={Role.HR})
    resident = make_resident(pin="999999")
    sign_in(client, hr)
    page = client.get(f"/accounts/{resident.id}/pin")
    bad = client.post(
        f"/accounts/{resident.id}/pin", data={"csrf_token": csrf_token(page), "pin": "12"}
    )
    assert bad.status_code == 422 and "at least 6 digits" in page_text(bad)
    good = client.post(
        f"/accounts/{resident.id}/pin", data={"csrf_token": csrf_token(page), "pin": "482915"}
    )
    assert good.status_code == 302
    db.session.expire_all()
    assert services.authenticate_resident(resident.username, "482915", "127.0.0.1") == resident


def test_a_trainer_cannot_reset_a_residents_pin_and_sign_in_as_them(client, db):
    trainer = make_staff(roles={Role.TRAINER})
    resident = make_resident(pin="999999")
    sign_in(client, trainer)
    people = client.get("/accounts")
    assert people.status_code == 200 and f"/accounts/{resident.id}/pin" not in people.text
    refused = client.post(
        f"/accounts/{resident.id}/pin", data={"csrf_token": csrf_token(people), "pin": "482915"}
    )
    assert refused.status_code == 403
    db.session.expire_all()
    assert services.authenticate_resident(resident.username, "999999", "127.0.0.1") == resident


def test_secrets_are_hashed_not_stored(db):
    resident = make_resident(pin="482915")
    staff = make_staff(password="a long passphrase")
    assert "482915" not in resident.pin_hash
    assert "a long passphrase" not in staff.password_hash


def test_the_score_sheets_script_is_told_plainly_when_its_person_is_signed_out(app, db):
    """The autosave API answers its script in JSON: a sign-in page (a redirect the browser
    follows to a 200) would read as a save, and an HTML error page as worth retrying for ever."""
    url = "/api/scoring/panels/1/candidates/1"
    answer = {"answers": [{"question": 1, "value": 1, "note": "", "revision": 1}]}
    anonymous = app.test_client()
    token = csrf_token(anonymous.get("/sign-in"))
    refused = anonymous.post(url, json=answer, headers={"X-CSRFToken": token})
    assert refused.status_code == 401 and refused.json["code"] == "signed_out"
    stale = app.test_client().post(url, json=answer, headers={"X-CSRFToken": "from-before"})
    assert stale.status_code == 400 and stale.json["code"] == "signed_out"
    assert "Sign in again" in stale.json["error"]


def test_a_form_sent_after_signing_out_says_so(client, db):
    resident = make_resident()
    sign_in(client, resident)
    page = client.get("/recognition/mine")
    client.post("/sign-out", data={"csrf_token": csrf_token(page)})
    # The old page's form, sent after signing out in another tab.
    sent = client.post("/recognition/mine/talk/1", data={"csrf_token": csrf_token(page)})
    assert sent.status_code == 400
    assert "You were signed out, so nothing was saved" in page_text(sent)
    stale_sign_in = client.post("/sign-in/resident", data={"csrf_token": "old"})
    assert "signed out" not in page_text(stale_sign_in)
