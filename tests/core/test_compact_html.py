from __future__ import annotations

from jinja2 import Environment

from panelhire.core.assets import compact_html, compact_template
from tests.factories import make_resident, sign_in
from tests.perf.orgs import build_org


def test_indentation_and_stray_spaces_go_but_typed_text_stays() -> None:
    html = (
        '<div class="a" >\n    <p>Hi</p>\n\n   <textarea>\n  indented\n    note " >'
        "</textarea>\n  <pre>\n  a\n    b</pre>\n</div>"
    )
    assert compact_html(html) == (
        '<div class="a">\n<p>Hi</p>\n<textarea>\n  indented\n    note " >'
        "</textarea>\n<pre>\n  a\n    b</pre>\n</div>"
    )


def test_pages_leave_without_template_indentation(client) -> None:  # noqa: ANN001
    sign_in(client, make_resident())
    body = client.get("/").get_data(as_text=True)
    assert "\n  " not in body


def test_a_saved_note_comes_back_exactly(client, db) -> None:  # noqa: ANN001
    org = build_org(panels=1, candidates=1, questions=1, residents=2)
    db.session.commit()
    sign_in(client, org.resident)
    url = f"/scoring/panels/{org.panel.id}/candidates/{org.candidate_id}"
    note = "First line\n    indented second line\n\n  third"
    page = client.get(url)
    from tests.html import csrf_token

    question = page.get_data(as_text=True).split('name="rev-')[1][:12]
    qid = question.split('"')[0]
    client.post(
        url,
        data={
            "csrf_token": csrf_token(page),
            f"q-{qid}": "2",
            f"note-{qid}": note,
            f"rev-{qid}": "0",
            "action": "save",
        },
    )
    body = client.get(url).get_data(as_text=True)
    assert f">{note}</textarea>" in body.replace("\r\n", "\n")


def test_page_templates_lose_indentation_and_bare_tag_lines_once_when_loaded() -> None:
    source = (
        '<ul>\n  {% for x in xs %}\n  <li class="a"\n      >{{ x }}</li>\n  {% endfor %}\n'
        "  {# a comment #}\n</ul>\n<textarea>\n  {% if y %}\n    kept\n  {% endif %}</textarea>"
    )
    assert compact_template(source) == (
        '<ul>\n{% for x in xs %}<li class="a">{{ x }}</li>\n{% endfor %}{# a comment #}</ul>\n'
        "<textarea>\n  {% if y %}\n    kept\n  {% endif %}</textarea>"
    )
    rendered = Environment().from_string(compact_template(source)).render(xs=[1, 2], y=True)
    assert rendered == (
        '<ul>\n<li class="a">1</li>\n<li class="a">2</li>\n</ul>\n<textarea>\n  \n    kept\n  '
        "</textarea>"
    )


def test_only_page_templates_are_compacted(app) -> None:  # noqa: ANN001
    extension = app.jinja_env.extensions[
        next(k for k in app.jinja_env.extensions if k.endswith("CompactPageTemplates"))
    ]
    indented = "<p>\n    text</p>\n"
    assert extension.preprocess(indented, "scoring/sheet.html") == "<p>\ntext</p>\n"
    assert extension.preprocess(indented, "pdf/pack.html") == indented
    assert extension.preprocess(indented, "messaging/text.txt") == indented
