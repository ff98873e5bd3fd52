"""Interview packs read back with pypdf and pdftotext, and rendered to PNG with pdftoppm."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from panelhire.auth.models import Role
from panelhire.packs import services
from panelhire.packs.assign import Asker, who_asks
from panelhire.packs.models import PackCopy, PackVariant
from panelhire.panels.models import PanelStatus
from panelhire.scoring.models import Criterion, Question, ScaleLabel
from tests.factories import make_organisation, make_panel, make_resident, make_staff, sign_in
from tests.html import csrf_token, page_text

CANDIDATES = ["Jordan Ellis", "Aisha Rahman"]


def _pack_panel(db):  # noqa: ANN001
    org = make_organisation()
    org.support_contact = "Harriet Hughes, 0161 496 0000"
    chair = make_staff(roles={Role.MANAGER, Role.STAFF}, name="Marcus Webb")
    staff = make_staff(name="Sofia Patel")
    dee = make_resident(name="Dee Morgan")
    observer = make_resident(name="Kit Observer")
    panel = make_panel(
        day=date.today() + timedelta(days=8),
        members=[(chair, "chair"), (staff, "staff"), (dee, "resident"), (observer, "observer")],
        candidates=CANDIDATES,
    )
    panel.status = PanelStatus.CONFIRMED
    panel.service.access_notes = "Step-free entrance; lift to all floors."
    vacancy = panel.vacancy
    first = next(s.candidate for s in panel.slots if s.candidate.name == "Jordan Ellis")
    first.email, first.phone, first.adjustments = (
        "jordan@cand.example",
        "07700 111222",
        "Extra time",
    )
    listen = Criterion(vacancy=vacancy, name="Working with residents", essential=True)
    db.session.add_all(
        [
            Question(
                vacancy=vacancy,
                criterion=listen,
                text="Tell us about a time you supported someone.",
                guidance="Listens first; respects choices.",
                asked_by="resident",
                position=0,
            ),
            Question(
                vacancy=vacancy,
                text="How would you record an incident?",
                guidance="Facts not opinions.",
                asked_by="staff",
                position=1,
            ),
        ]
    )
    for value, label in enumerate(["No evidence", "Limited", "Some", "Good", "Strong, clear"]):
        db.session.add(ScaleLabel(vacancy=vacancy, value=value, label=label))
    db.session.flush()
    return panel, chair, staff, dee, observer


def _read(data: bytes, tmp_path, name: str = "pack") -> tuple[str, PdfReader]:  # noqa: ANN001
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split()), PdfReader(io.BytesIO(data))


def test_the_staff_pack_has_everything_the_issue_lists(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    copy = services.issue_pack(chair, panel, staff, PackVariant.STAFF)
    text, reader = _read(services.render_pack(copy), tmp_path)
    for expected in [
        "Interview pack: Support Worker",  # cover
        "Copy 1 for Sofia Patel",
        "Confidential: return or shred after the panel",
        "1 Test Street",
        "Step-free entrance",
        "Harriet Hughes, 0161 496 0000",
        "Timetable",
        "10:00 to 10:45",
        "Jordan Ellis",
        "Aisha Rahman",
        "Extra time",  # staff copy: adjustments
        "Marcus Webb",
        "Kit Observer",
        "Observer (does not score)",
        "Who asks which question",
        "Decision model",
        "every panellist's scores count equally",
        "Tell us about a time you supported someone.",
        "Listens first; respects choices.",
        "Strong, clear",
        "Score sheet: Jordan Ellis",
        "Score sheet: Aisha Rahman",
        "Confidentiality",
        f"/scoring/panels/{panel.id}",
    ]:
        assert expected in text, expected
    assert "jordan@cand.example" not in text and "07700 111222" not in text
    # Who asks: the resident question goes to the resident, the staff one to the chair first.
    assert "supported someone. Dee Morgan" in text
    assert "record an incident? Marcus Webb" in text
    # Every page carries the copy number, the name and the reminder.
    for page in reader.pages:
        page_text = " ".join(page.extract_text().split())
        assert "Copy 1 for Sofia Patel. Confidential: return or shred after the panel." in page_text
    # Tagged PDF/UA-1 with a title.
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert reader.metadata.title.startswith("Interview pack: Support Worker")
    # A QR code image is on the cover.
    assert reader.pages[0].images or "/XObject" in reader.pages[0]["/Resources"]


def test_the_resident_pack_has_names_and_slots_only(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    copy = services.issue_pack(chair, panel, dee, PackVariant.RESIDENT)
    text, _ = _read(services.render_pack(copy), tmp_path)
    assert "Copy 1 for Dee Morgan" in text
    assert "Jordan Ellis" in text and "10:00 to 10:45" in text
    for private in ("Extra time", "jordan@cand.example", "07700 111222", "Adjustments"):
        assert private not in text
    assert "When each person comes in" in text  # plain words
    assert "Scan this to open the scoring page" in text


def test_an_observers_pack_does_not_send_them_to_a_scoring_page_they_cannot_open(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    copy = services.issue_pack(chair, panel, observer, PackVariant.RESIDENT)
    text, reader = _read(services.render_pack(copy), tmp_path)
    assert "Copy 1 for Kit Observer" in text and "Jordan Ellis" in text
    assert "Scan this to open the scoring page" not in text and "/scoring/panels" not in text
    assert not reader.pages[0].images


def test_large_print_is_at_least_16_point(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    copy = services.issue_pack(chair, panel, dee, PackVariant.RESIDENT_LARGE)
    data = services.render_pack(copy)
    _, reader = _read(data, tmp_path)
    sizes = set()

    def visit(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip():
            scale = (tm[0] * cm[0] + tm[1] * cm[2]) if tm and cm else 1
            sizes.add(round(abs(size * scale), 1))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 16, sorted(sizes)


def test_a_page_renders_to_png(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    copy = services.issue_pack(chair, panel, staff, PackVariant.STAFF)
    pdf = tmp_path / "pack.pdf"
    pdf.write_bytes(services.render_pack(copy))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
        check=True,
        capture_output=True,
    )
    (png,) = tmp_path.glob("page*.png")
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 2000  # not a blank page


def test_copies_are_numbered_and_residents_never_get_the_staff_pack(db):
    panel, chair, staff, dee, observer = _pack_panel(db)
    first = services.issue_pack(chair, panel, staff, PackVariant.STAFF)
    second = services.issue_pack(chair, panel, dee, PackVariant.RESIDENT_LARGE)
    assert (first.number, second.number) == (1, 2)
    with pytest.raises(services.PackRefused, match="resident pack"):
        services.issue_pack(chair, panel, observer, PackVariant.STAFF)
    with pytest.raises(services.PackRefused, match="not on this panel"):
        services.issue_pack(chair, panel, make_resident(), PackVariant.RESIDENT)


def test_who_asks_shares_questions_in_turn():
    panel = [Asker("Chair", "chair"), Asker("Sofia", "staff"), Asker("Dee", "resident")]
    assert who_asks(["staff", "resident", "staff", "resident"], panel) == [
        "Chair",
        "Dee",
        "Sofia",
        "Dee",
    ]
    assert who_asks(["resident"], [Asker("Chair", "chair")]) == ["Chair"]
    assert who_asks(["staff"], []) == [None]


def test_hr_issues_a_copy_and_records_it_back(client, db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    hr = make_staff(roles={Role.HR}, name="Harriet Hughes")
    db.session.commit()
    sign_in(client, hr)
    page = client.get(f"/packs/panels/{panel.id}")
    assert page.status_code == 200
    # The choice of pack is a group of radios named by a legend (not a label for no control).
    body = page.get_data(as_text=True)
    assert re.search(r'<fieldset class="fieldset" id="variant"[^>]*>\s*<legend', body)
    assert 'for="variant"' not in body
    response = client.post(
        f"/packs/panels/{panel.id}",
        data={"csrf_token": csrf_token(page), "recipient_id": dee.id, "variant": "resident"},
    )
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text, _ = _read(response.data, tmp_path)
    assert "Copy 1 for Dee Morgan" in text
    copy = db.session.execute(db.select(PackCopy)).scalar_one()

    page = client.get(f"/packs/panels/{panel.id}")
    assert "Still out" in page_text(page)
    client.post(f"/packs/copies/{copy.id}/returned", data={"csrf_token": csrf_token(page)})
    page = client.get(f"/packs/panels/{panel.id}")
    assert "recorded by Harriet Hughes" in page_text(page)
    copy = db.session.get(PackCopy, copy.id, populate_existing=True)
    assert copy.returned_or_shredded_by_id == hr.id


def test_a_refused_copy_is_explained_beside_the_form(client, db):
    panel, chair, staff, dee, observer = _pack_panel(db)
    db.session.commit()
    sign_in(client, make_staff(roles={Role.HR}))
    page = client.get(f"/packs/panels/{panel.id}")
    response = client.post(
        f"/packs/panels/{panel.id}",
        data={"csrf_token": csrf_token(page), "recipient_id": dee.id, "variant": "staff"},
    )
    assert response.status_code == 422
    assert "give them a resident pack" in page_text(response)
    missing = client.post(
        f"/packs/panels/{panel.id}", data={"csrf_token": csrf_token(page), "recipient_id": dee.id}
    )
    assert missing.status_code == 422
    assert "Choose which pack to print" in page_text(missing)
    assert db.session.execute(db.select(PackCopy)).first() is None


def test_a_resident_prints_their_own_large_print_copy(client, db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    db.session.commit()
    sign_in(client, dee)
    page = client.get("/calendar/")
    response = client.post(
        f"/packs/panels/{panel.id}/mine",
        data={"csrf_token": csrf_token(page), "large_print": "y"},
    )
    assert response.mimetype == "application/pdf"
    copy = db.session.execute(db.select(PackCopy)).scalar_one()
    assert (copy.recipient_id, copy.variant) == (dee.id, PackVariant.RESIDENT_LARGE)
    text, _ = _read(response.data, tmp_path)
    assert "Extra time" not in text


def test_nobody_prints_a_pack_for_a_panel_they_are_not_on(client, db):
    panel, *_ = _pack_panel(db)
    outsider = make_resident()
    db.session.commit()
    sign_in(client, outsider)
    page = client.get("/calendar/")
    response = client.post(f"/packs/panels/{panel.id}/mine", data={"csrf_token": csrf_token(page)})
    assert response.status_code == 404


def test_an_online_panel_without_a_place_still_prints(db, tmp_path):
    panel, chair, staff, dee, observer = _pack_panel(db)
    panel.service = None
    panel.online_link = "https://meet.example/panel-42"
    copy = services.issue_pack(chair, panel, dee, PackVariant.RESIDENT)
    text, _ = _read(services.render_pack(copy), tmp_path)
    assert "Online" in text and "Join at https://meet.example/panel-42" in text
