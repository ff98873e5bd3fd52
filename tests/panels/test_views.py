"""Panel pages as HR, managers and panellists see them."""

from __future__ import annotations

import re
from datetime import date, timedelta

from panelhire.core.demo import load_demo
from panelhire.panels.models import Candidate, Panel, PanelStatus, Vacancy
from tests.factories import make_panel, make_resident, make_vacancy, sign_in
from tests.html import csrf_token, page_text
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _demo_panels(db):
    from panelhire.models.base import now_utc

    query = db.select(Panel).where(Panel.starts_at > now_utc()).order_by(Panel.starts_at)
    return list(db.session.execute(query).scalars())


def test_demo_dashboard_shows_one_panel_red_and_counts(client, db):
    load_demo(date.today())
    db.session.flush()
    sign_in(client, _demo_hr(db), password="panelhire-demo")
    text = page_text(client.get("/panels"))
    assert "1 without an eligible resident" in text
    first, second = _demo_panels(db)
    assert "Dee Morgan" in page_text(client.get(f"/panels/{first.id}"))
    assert "needs a resident panellist" in page_text(client.get(f"/panels/{second.id}"))
    for url in [
        "/vacancies",
        f"/vacancies/{first.vacancy_id}",
        f"/panels/{second.id}/roster",
        f"/vacancies/{first.vacancy_id}/panels/new",
        "/reports/coverage",
        "/exceptions",
        f"/panels/{second.id}/substitute",
    ]:
        assert client.get(url).status_code == 200, url


def _demo_hr(db):
    from panelhire.auth.models import User

    user = db.session.execute(db.select(User).where(User.email == "hr@demo.test")).scalar_one()
    return user


def test_hr_books_a_panel_through_the_form(client, db, hr):
    chair = make_appointer(name="Marcus Webb")
    vacancy = make_vacancy()
    vacancy.candidates = [Candidate(name="Jordan Ellis")]
    db.session.flush()
    page = client.get(f"/vacancies/{vacancy.id}/panels/new")
    form = {
        "csrf_token": csrf_token(page),
        "day": NEXT_WEEK.isoformat(),
        "start": "10:00",
        "end": "12:00",
        "service_id": str(vacancy.service_id),
        "online_link": "",
        "travel_buffer_minutes": "30",
        "slot_minutes": "45",
        "break_minutes": "10",
        "chair_id": str(chair.id),
        "observer_id": "0",
        "supporter_id": "0",
        "candidate_ids": [str(vacancy.candidates[0].id)],
    }
    response = client.post(f"/vacancies/{vacancy.id}/panels/new", data=form)
    assert response.status_code == 302
    panel = vacancy.panels[0]
    text = page_text(client.get(f"/panels/{panel.id}"))
    assert "Jordan Ellis" in text and "needs a resident panellist" in text


def test_a_bad_booking_is_explained_beside_the_field_and_keeps_what_was_typed(client, db, hr):
    chair = make_appointer()
    vacancy = make_vacancy()
    page = client.get(f"/vacancies/{vacancy.id}/panels/new")
    response = client.post(
        f"/vacancies/{vacancy.id}/panels/new",
        data={
            "csrf_token": csrf_token(page),
            "day": "2030-03-31",
            "start": "01:30",
            "end": "03:00",
            "service_id": str(vacancy.service_id),
            "travel_buffer_minutes": "30",
            "slot_minutes": "45",
            "break_minutes": "10",
            "chair_id": str(chair.id),
            "observer_id": "0",
            "supporter_id": "0",
        },
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="start-error"' in body and "does not exist" in body
    assert 'value="2030-03-31"' in body
    assert db.session.execute(db.select(Panel)).first() is None


def test_withdrawal_then_one_click_substitute(client, db, hr):
    dee = make_trained_resident(name="Dee")
    sam = make_trained_resident(name="Sam")
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair"), (dee, "resident")])
    panel.status = PanelStatus.CONFIRMED
    db.session.flush()
    seat = next(m for m in panel.members if m.user_id == dee.id)
    page = client.get(f"/panels/{panel.id}")
    response = client.post(
        f"/panels/{panel.id}/members/{seat.id}/withdraw", data={"csrf_token": csrf_token(page)}
    )
    assert response.headers["Location"].endswith(f"/panels/{panel.id}/substitute")
    proposal = client.get(f"/panels/{panel.id}/substitute")
    assert "Suggested: Sam" in page_text(proposal)
    client.post(f"/panels/{panel.id}/residents/{sam.id}", data={"csrf_token": csrf_token(proposal)})
    assert "Ready" in page_text(client.get(f"/panels/{panel.id}"))


def test_override_without_a_reason_is_refused(client, db, hr):
    panel = make_panel(day=NEXT_WEEK, members=[(make_appointer(), "chair")])
    untrained = make_resident(name="Lee")
    page = client.get(f"/panels/{panel.id}/residents/{untrained.id}/override")
    assert "is not eligible" in page_text(page)
    response = client.post(
        f"/panels/{panel.id}/residents/{untrained.id}/override",
        data={"csrf_token": csrf_token(page), "override_reason": ""},
    )
    assert response.status_code == 422
    assert panel.active_members("resident") == []


def test_panels_never_see_equality_data_or_guaranteed_interview_flags(client, db):
    dee = make_trained_resident(name="Dee")
    vacancy = make_vacancy()
    panel = make_panel(vacancy=vacancy, members=[(dee, "resident")], candidates=[])
    candidate = Candidate(
        vacancy=vacancy,
        name="Jordan Ellis",
        guaranteed_interview=True,
        equality_monitoring="SECRET-EQUALITY",
    )
    db.session.add(candidate)
    db.session.flush()
    from panelhire.panels.models import InterviewSlot

    panel.slots.append(
        InterviewSlot(
            candidate=candidate,
            starts_at=panel.starts_at,
            ends_at=panel.starts_at + timedelta(minutes=45),
        )
    )
    db.session.flush()
    sign_in(client, dee)
    body = client.get(f"/panels/{panel.id}/shortlist").get_data(as_text=True)
    assert "Jordan Ellis" in body
    assert "SECRET-EQUALITY" not in body and "Guaranteed" not in body
    assert client.get(f"/panels/{panel.id}").status_code == 403
    assert client.get(f"/vacancies/{vacancy.id}").status_code == 403


def test_shortlist_names_only_after_the_agreement_and_only_for_own_panels(client, db):
    unsigned = make_resident(name="Ed")
    panel = make_panel(members=[(unsigned, "resident")], candidates=["Casey Nowak"])
    other = make_panel(candidates=["Femi Adeyemi"])
    sign_in(client, unsigned)
    text = page_text(client.get(f"/panels/{panel.id}/shortlist"))
    assert "Casey Nowak" not in text and "confidentiality agreement" in text
    assert client.get(f"/panels/{other.id}/shortlist").status_code == 404


def test_declare_and_chair_decides(client, db):
    dee = make_trained_resident(name="Dee")
    chair = make_appointer(name="Chair")
    panel = make_panel(members=[(chair, "chair"), (dee, "resident")], candidates=["Casey"])
    sign_in(client, dee)
    page = client.get(f"/panels/{panel.id}/shortlist")
    candidate_id = panel.slots[0].candidate_id
    client.post(
        f"/panels/{panel.id}/shortlist",
        data={
            "csrf_token": csrf_token(page),
            "candidate_id": str(candidate_id),
            "note": "Neighbour",
        },
    )
    from panelhire.panels.models import ConflictDeclaration

    declaration = db.session.execute(db.select(ConflictDeclaration)).scalar_one()
    # Another panellist who is not the chair may not decide.
    assert client.get(f"/panels/{panel.id}/conflicts/{declaration.id}").status_code == 404
    client.post("/sign-out", data={"csrf_token": csrf_token(page)})
    sign_in(client, chair)
    page = client.get(f"/panels/{panel.id}/conflicts/{declaration.id}")
    assert "Dee knows Casey" in page_text(page)
    decided = client.post(
        f"/panels/{panel.id}/conflicts/{declaration.id}",
        data={"csrf_token": csrf_token(page), "outcome": "sit_out"},
    )
    db.session.refresh(declaration)
    assert declaration.outcome == "sit_out"
    assert decided.location.endswith(f"/panels/{panel.id}")  # back to that panel


def test_coverage_csv_downloads(client, db, hr):
    dee = make_trained_resident(name="Dee")
    make_panel(day=date.today() - timedelta(days=10), members=[(dee, "resident")])
    response = client.get("/reports/coverage.csv")
    assert response.mimetype == "text/csv"
    assert "Panels held" in response.get_data(as_text=True)


def test_vacancy_create_and_bad_date(client, db, hr):
    from tests.factories import make_service

    service = make_service(name="Riverside")
    page = client.get("/vacancies/new")
    bad = client.post(
        "/vacancies/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Cook",
            "service_id": str(service.id),
            "hiring_manager_id": "0",
            "closing_date": "31/02/2026",
            "decision_model": "single",
        },
    )
    assert bad.status_code == 422 and "real date" in page_text(bad)
    good = client.post(
        "/vacancies/new",
        data={
            "csrf_token": csrf_token(page),
            "title": "Cook",
            "service_id": str(service.id),
            "hiring_manager_id": "0",
            "closing_date": "2026-12-01",
            "decision_model": "single",
        },
    )
    assert good.status_code == 302
    assert db.session.execute(db.select(Vacancy).where(Vacancy.title == "Cook")).scalar_one()


def test_the_vacancies_list_counts_each_vacancys_candidates_and_panels(client, db, hr):
    busy = make_vacancy(title="Support Worker")
    make_panel(vacancy=busy, candidates=["A", "B", "C"])
    make_panel(vacancy=busy, day=NEXT_WEEK + timedelta(days=1), candidates=[])
    make_vacancy(title="Cook")
    db.session.commit()
    html = client.get("/vacancies").get_data(as_text=True)
    rows = {
        title: re.findall(r"<td>(\d+)</td>", row)
        for row in html.split("<tr>")[1:]
        for title in re.findall(r">([^<]+)</a></th>", row)
    }
    assert rows["Support Worker"] == ["3", "2"]
    assert rows["Cook"] == ["0", "0"]


def test_the_demos_confirmed_panel_was_invited_so_cancelling_it_tells_the_staff(client, db):
    from panelhire.messaging.models import OutboxMessage, OutboxStatus

    load_demo(date.today())
    db.session.flush()
    first, _second = _demo_panels(db)
    sent = db.session.execute(db.select(OutboxMessage)).scalars().all()
    assert sent and all(m.status == OutboxStatus.SENT and m.kind == "invite" for m in sent)
    sign_in(client, _demo_hr(db), password="panelhire-demo")
    page = client.get(f"/panels/{first.id}/cancel")
    done = client.post(
        f"/panels/{first.id}/cancel", data={"csrf_token": csrf_token(page)}, follow_redirects=True
    )
    assert "Emailed 2 people" in page_text(done)
    cancellations = db.session.execute(
        db.select(OutboxMessage).where(OutboxMessage.kind.startswith("cancel"))
    ).scalars()
    assert sorted(m.to_address for m in cancellations) == ["manager@demo.test", "staff@demo.test"]
