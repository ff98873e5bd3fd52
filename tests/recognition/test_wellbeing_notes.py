"""HR's notes on a resident's page: who asked, after which panel on which day, who handled it."""

from __future__ import annotations

from datetime import date, timedelta

from panelhire.auth.models import Role
from panelhire.recognition import wellbeing
from tests.factories import make_organisation, make_panel, make_resident, make_staff, sign_in
from tests.html import page_text


def test_notes_name_the_resident_the_panel_date_and_who_handled_it(client, db):
    make_organisation()
    harriet = make_staff(roles={Role.HR}, name="Harriet Hughes")
    dee = make_resident(name="Dee Morgan")
    first_day, second_day = date.today() - timedelta(days=9), date.today() - timedelta(days=2)
    first = make_panel(day=first_day, members=[(dee, "resident")])
    second = make_panel(day=second_day, members=[(dee, "resident")])
    wellbeing.mark_check_in_done(harriet, first, dee.id, note="Fine")
    wellbeing.mark_check_in_done(harriet, second, dee.id, note="Fine")
    asked = wellbeing.ask_to_talk(dee, second)
    wellbeing.mark_support_handled(harriet, asked, note="Hana called back")

    sign_in(client, harriet)
    text = page_text(client.get(f"/recognition/residents/{dee.id}"))
    assert (
        f"Dee Morgan asked to talk after the Support Worker panel on {second_day:%d/%m/%Y}; "
        "handled by Harriet Hughes: Hana called back"
    ) in text
    assert "Asked to talk to someone" not in text
    # Two check-ins after panels for the same job read differently: each gives its date.
    for day in (first_day, second_day):
        assert (
            f"Next-day check-in after the Support Worker panel on {day:%d/%m/%Y}; "
            "done by Harriet Hughes: Fine"
        ) in text
