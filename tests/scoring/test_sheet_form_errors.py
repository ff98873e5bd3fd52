"""The plain-form score sheet (no JavaScript) says what is wrong beside the field, tied to it
for screen readers, and keeps what was typed."""

from __future__ import annotations

import re

from tests.factories import sign_in
from tests.html import csrf_token
from tests.scoring.factories import make_scored_panel


def test_a_note_too_long_is_explained_beside_it_and_kept(client, db) -> None:  # noqa: ANN001
    scene = make_scored_panel()
    sign_in(client, scene.resident)
    url = f"/scoring/panels/{scene.panel.id}/candidates/{scene.candidates[0].id}"
    page = client.get(url)
    question = scene.questions[0].id
    typed = "A long note. " * 200  # 2,600 characters, over the 2,000 allowed
    response = client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            f"q-{question}": "3",
            f"note-{question}": typed,
            f"rev-{question}": "1",
            "action": "save",
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    error = re.search(rf'<p class="error-message" id="note-{question}-error">(.*?)</p>', body)
    assert error is not None and "Keep the note under 2000 characters" in error.group(1)
    textarea = re.search(rf'<textarea id="note-{question}"[^>]*>', body).group(0)
    assert f'aria-describedby="note-{question}-error"' in textarea
    assert typed in body
    assert re.search(rf'id="q-{question}-3" name="q-{question}" value="3" checked', body)


def test_sheet_fields_show_what_was_posted_else_what_was_saved() -> None:
    from types import SimpleNamespace as Thing

    from panelhire.scoring.forms import sheet_fields

    questions = [Thing(id=1), Thing(id=2)]
    saved = {1: Thing(value=2, note="Saved note", revision=7)}
    scale = [(1, "Poor"), (2, "Fair"), (3, "Good")]

    shown = sheet_fields(questions, saved, scale)
    assert [p.id for p in shown[0].points] == ["q-1-1", "q-1-2", "q-1-3"]
    assert [p.checked for p in shown[0].points] == [False, True, False]
    assert (shown[0].note, shown[0].revision, shown[0].error) == ("Saved note", 7, None)
    assert not any(p.checked for p in shown[1].points)
    assert (shown[1].note, shown[1].revision) == ("", 0)

    posted = {"q-1": "3", "note-1": "Typed again", "q-2": "9"}
    back = sheet_fields(questions, saved, scale, posted, {"q-2": "Choose a score from 1 to 3"})
    assert [p.checked for p in back[0].points] == [False, False, True]
    assert back[0].note == "Typed again" and back[0].revision == 7
    assert back[1].error == "Choose a score from 1 to 3" and back[1].note == ""
    assert not any(p.checked for p in back[1].points)
