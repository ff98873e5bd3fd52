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
    assert _radios(shown[0].radios) == [("q-1-1", False), ("q-1-2", True), ("q-1-3", False)]
    assert (shown[0].note, shown[0].revision, shown[0].error) == ("Saved note", 7, None)
    assert not any(checked for _id, checked in _radios(shown[1].radios))
    assert (shown[1].note, shown[1].revision) == ("", 0)

    posted = {"q-1": "3", "note-1": "Typed again", "q-2": "9"}
    back = sheet_fields(questions, saved, scale, posted, {"q-2": "Choose a score from 1 to 3"})
    assert [checked for _id, checked in _radios(back[0].radios)] == [False, False, True]
    assert back[0].note == "Typed again" and back[0].revision == 7
    assert back[1].error == "Choose a score from 1 to 3" and back[1].note == ""
    assert not any(checked for _id, checked in _radios(back[1].radios))


def _radios(html: str) -> list[tuple[str, bool]]:
    """Each radio's id and whether it is ticked, read with an HTML parser."""
    from html.parser import HTMLParser

    found: list[tuple[str, bool]] = []

    class Reader(HTMLParser):
        def handle_starttag(self, tag, attrs):  # noqa: ANN001, ANN202
            named = dict(attrs)
            if tag == "input" and named.get("type") == "radio":
                found.append((named["id"], "checked" in named))

    Reader().feed(str(html))
    return found


def test_a_scale_wording_is_escaped_and_each_radio_keeps_its_label() -> None:
    from panelhire.scoring.forms import scale_radios

    html = str(scale_radios("q-4", (("1", "<b>Poor</b> & weak"), ("2", 'Good "enough"')), "2"))
    assert "<b>" not in html and "&lt;b&gt;Poor&lt;/b&gt; &amp; weak" in html
    assert "Good &#34;enough&#34;" in html
    assert _radios(html) == [("q-4-1", False), ("q-4-2", True)]
    for value in ("1", "2"):
        assert f'<label for="q-4-{value}"><span class="scale-value">{value}</span>' in html
