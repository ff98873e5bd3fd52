"""The vacancy and panel pages link on to questions, packs, readiness and scores, for those
who may open them."""

from __future__ import annotations

from panelhire.auth.models import Role
from tests.factories import make_panel, make_staff, make_vacancy, sign_in
from tests.panels.factories import NEXT_WEEK, make_appointer, make_trained_resident


def _links(client, url: str, wanted: list[str]) -> dict[str, bool]:  # noqa: ANN001
    body = client.get(url).get_data(as_text=True)
    return {href: f'href="{href}"' in body for href in wanted}


def _setting(manager=None):  # noqa: ANN001
    vacancy = make_vacancy(manager=manager)
    panel = make_panel(
        vacancy=vacancy,
        day=NEXT_WEEK,
        members=[(make_appointer(), "chair"), (make_trained_resident(), "resident")],
    )
    return vacancy, panel


def _wanted(vacancy, panel) -> tuple[str, list[str]]:  # noqa: ANN001
    return f"/scoring/vacancies/{vacancy.id}/questions", [
        f"/packs/panels/{panel.id}",
        f"/training/panels/{panel.id}/ready",
        f"/scoring/panels/{panel.id}/consensus",
    ]


def test_hr_is_led_on_from_the_vacancy_and_the_panel(client, db):
    sign_in(client, make_staff(roles={Role.HR}))
    vacancy, panel = _setting()
    questions, onward = _wanted(vacancy, panel)
    assert _links(client, f"/vacancies/{vacancy.id}", [questions]) == {questions: True}
    assert all(_links(client, f"/panels/{panel.id}", onward).values())
    for href in [questions, *onward]:
        assert client.get(href).status_code == 200, href


def test_the_hiring_manager_sees_scores_but_not_packs(client, db):
    manager = make_staff(roles={Role.MANAGER})
    sign_in(client, manager)
    vacancy, panel = _setting(manager=manager)
    questions, (packs, ready, scores) = _wanted(vacancy, panel)
    assert _links(client, f"/vacancies/{vacancy.id}", [questions]) == {questions: True}
    assert _links(client, f"/panels/{panel.id}", [packs, ready, scores]) == {
        packs: False,
        ready: True,
        scores: True,
    }
    for href in [questions, ready, scores]:
        assert client.get(href).status_code == 200, href


def test_another_manager_gets_only_the_links_they_may_follow(client, db):
    sign_in(client, make_staff(roles={Role.MANAGER}))
    vacancy, panel = _setting(manager=make_staff(roles={Role.MANAGER}))
    questions, (packs, ready, scores) = _wanted(vacancy, panel)
    assert _links(client, f"/vacancies/{vacancy.id}", [questions]) == {questions: False}
    assert _links(client, f"/panels/{panel.id}", [packs, ready, scores]) == {
        packs: False,
        ready: True,
        scores: False,
    }
    assert client.get(scores).status_code == 404
    assert client.get(questions).status_code == 404


def test_a_cancelled_panel_offers_no_packs_readiness_or_scores(client, db):
    from panelhire.panels.models import PanelStatus

    sign_in(client, make_staff(roles={Role.HR}))
    vacancy, panel = _setting()
    panel.status = PanelStatus.CANCELLED
    db.session.commit()
    _questions, onward = _wanted(vacancy, panel)
    assert not any(_links(client, f"/panels/{panel.id}", onward).values())
