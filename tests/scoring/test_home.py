"""Home pages: a staff panellist's panels to score; a hiring manager's sign-offs and vacancies."""

from __future__ import annotations

from panelhire.scoring import decisions, home
from tests.factories import sign_in
from tests.html import page_text
from tests.scoring.factories import make_scored_panel, sit_out
from tests.scoring.test_services import score_all


def _decide_everyone(scene) -> None:
    for candidate in scene.candidates:
        for person in (scene.chair, scene.staff, scene.resident):
            score_all(scene, person, [2, 2], candidate)
        decisions.record_decision(
            scene.chair,
            panel=scene.panel,
            candidate=candidate,
            outcome="not_appointed",
            reasons="Not enough evidence",
            checks=[],
        )


def test_panels_to_score_count_what_is_left_for_that_panellist(db):
    scene = make_scored_panel()
    assert [(p.panel, p.to_score) for p in home.panels_to_score(scene.staff)] == [(scene.panel, 2)]
    score_all(scene, scene.staff, [1, 2])
    sit_out(scene, scene.staff, scene.candidates[1])
    assert home.panels_to_score(scene.staff) == []
    assert home.panels_to_score(scene.chair)[0].to_score == 2


def test_decisions_wait_for_the_hiring_manager_until_signed_off(db):
    scene = make_scored_panel()
    assert home.awaiting_sign_off(scene.chair) == []
    _decide_everyone(scene)
    waiting = home.awaiting_sign_off(scene.chair)
    assert [(w.panel, w.decided, w.candidates) for w in waiting] == [(scene.panel, 2, 2)]
    assert home.awaiting_sign_off(scene.staff) == []  # not their vacancy
    decisions.sign_off(scene.chair, panel=scene.panel)
    assert home.awaiting_sign_off(scene.chair) == []


def test_staff_home_links_to_panels_to_score(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.staff)
    page = client.get("/home")
    text = page_text(page)
    assert "Panels to score" in text and "2 candidates still to score" in text
    assert f'href="/scoring/panels/{scene.panel.id}"' in page.get_data(as_text=True)
    score_all(scene, scene.staff, [1, 2])
    assert "1 candidate still to score" in page_text(client.get("/home"))


def test_manager_home_lists_sign_offs_and_vacancies_with_links(client, db):
    scene = make_scored_panel()
    sign_in(client, scene.chair)
    text = page_text(client.get("/home"))
    assert "No decisions are waiting for you" in text
    _decide_everyone(scene)
    page = client.get("/home")
    html, text = page.get_data(as_text=True), page_text(page)
    assert "2 of 2 candidates decided; ready to sign off" in text
    assert f'href="/scoring/panels/{scene.panel.id}/consensus"' in html
    vacancy = scene.panel.vacancy
    assert f'href="/vacancies/{vacancy.id}"' in html
    assert f'href="/scoring/vacancies/{vacancy.id}/questions"' in html


def test_the_scoring_page_lists_only_the_vacancies_a_person_manages(client, db):
    """HR sees every vacancy, a hiring manager only their own, anyone else none."""
    from panelhire.auth.models import Role
    from tests.factories import make_organisation, make_staff, make_vacancy

    make_organisation()
    manager = make_staff(roles={Role.MANAGER})
    make_vacancy(title="Night Concierge", manager=manager)
    make_vacancy(title="Cook", manager=make_staff(roles={Role.MANAGER}))
    seen = {}
    for who, person in (
        ("hr", make_staff(roles={Role.HR})),
        ("manager", manager),
        ("staff", make_staff()),
    ):
        browser = client.application.test_client()  # each person in their own browser
        sign_in(browser, person)
        text = page_text(browser.get("/scoring/"))
        seen[who] = {title for title in ("Night Concierge", "Cook") if title in text}
    assert seen == {
        "hr": {"Night Concierge", "Cook"},
        "manager": {"Night Concierge"},
        "staff": set(),
    }
