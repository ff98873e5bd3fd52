"""The eligibility rule, as an HR officer would check it by hand."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from panelhire.training.eligibility import (
    Commitment,
    Eligibility,
    ModuleExpiry,
    PanelFacts,
    ResidentFacts,
    TrainingFact,
    check_eligibility,
    expiring_modules,
    lapsed_modules,
    required_module_names,
    training_status,
)

LONDON = ZoneInfo("Europe/London")
MODULES = ("Role of a panellist", "Safeguarding basics", "Interview skills")
PANEL_DAY = date(2027, 3, 16)  # a Tuesday, before the clocks change


def at(day: date, hhmm: str, tz: ZoneInfo = LONDON) -> datetime:
    """A wall-clock time in London, as the aware UTC instant the app stores."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)
    return local.astimezone(UTC)


def make_panel(
    *,
    day: date = PANEL_DAY,
    start: str = "10:00",
    end: str = "12:00",
    panel_id: int = 100,
    place_id: int | None = 1,
    place_name: str | None = "Hillside House",
    interviews: int = 3,
    candidate_ids: frozenset[int] = frozenset({7, 8, 9}),
    travel_buffer: timedelta = timedelta(minutes=30),
) -> PanelFacts:
    return PanelFacts(
        panel_id=panel_id,
        starts_at=at(day, start),
        ends_at=at(day, end),
        place_id=place_id,
        place_name=place_name,
        interviews=interviews,
        candidate_ids=candidate_ids,
        travel_buffer=travel_buffer,
    )


def make_commitment(
    *,
    day: date = PANEL_DAY,
    start: str = "10:00",
    end: str = "12:00",
    panel_id: int = 1,
    place_id: int | None = 2,
    place_name: str | None = "Riverside",
    interviews: int = 2,
) -> Commitment:
    return Commitment(
        panel_id=panel_id,
        starts_at=at(day, start),
        ends_at=at(day, end),
        place_name=place_name,
        place_id=place_id,
        interviews=interviews,
    )


def trained(
    module: str,
    *,
    completed_on: date = date(2026, 11, 16),
    expires_on: date | None = date(2027, 11, 16),
    required: bool = True,
) -> TrainingFact:
    return TrainingFact(module, required, completed_on, expires_on)


def make_resident(**changes) -> ResidentFacts:
    """A resident ready to score on the default panel; pass only what a test is about."""
    ready = ResidentFacts(
        id=1,
        name="Sam",
        status="active",
        required_modules=MODULES,
        training=tuple(trained(module) for module in MODULES),
        observed_panels=1,
        observations_needed=1,
        agreement_signed_on=date(2026, 11, 16),
    )
    return replace(ready, **changes)


def reasons(resident: ResidentFacts, panel: PanelFacts | None = None) -> tuple[str, ...]:
    return check_eligibility(resident, panel or make_panel(), LONDON).reasons


def with_training(*facts: TrainingFact) -> ResidentFacts:
    others = tuple(trained(m) for m in MODULES if m not in {f.module_name for f in facts})
    return make_resident(training=others + facts)


def test_a_ready_resident_is_eligible():
    assert check_eligibility(make_resident(), make_panel(), LONDON) == Eligibility(True, ())


# --- training ---------------------------------------------------------------------------------


def test_training_expiring_on_the_panel_day_still_counts_that_day():
    assert reasons(with_training(trained("Interview skills", expires_on=PANEL_DAY))) == ()


def test_training_that_expired_the_day_before_names_the_module_and_date():
    resident = with_training(trained("Interview skills", expires_on=date(2027, 3, 15)))
    assert reasons(resident) == ("Interview skills training expired on 15/03/2027",)


def test_training_judged_on_the_panel_date_not_today():
    resident = with_training(trained("Interview skills", expires_on=date(2026, 11, 16)))
    later_panel = make_panel(day=date(2027, 1, 5))
    assert reasons(resident, later_panel) == ("Interview skills training expired on 16/11/2026",)
    earlier_panel = make_panel(day=date(2026, 11, 16))
    assert reasons(resident, earlier_panel) == ()


def test_missing_module_is_not_trained():
    resident = make_resident(training=tuple(trained(m) for m in MODULES[:2]))
    assert reasons(resident) == ("Not trained in Interview skills",)


def test_completion_after_the_panel_day_does_not_count():
    resident = with_training(trained("Safeguarding basics", completed_on=date(2027, 3, 17)))
    assert reasons(resident) == ("Not trained in Safeguarding basics",)


def test_completion_on_the_panel_day_counts():
    resident = with_training(trained("Safeguarding basics", completed_on=PANEL_DAY))
    assert reasons(resident) == ()


def test_training_with_no_expiry_never_lapses():
    resident = with_training(trained("Safeguarding basics", expires_on=None))
    assert reasons(resident, make_panel(day=date(2035, 1, 2))) == (
        "Role of a panellist training expired on 16/11/2027",
        "Interview skills training expired on 16/11/2027",
    )


def test_a_refresher_replaces_expired_training():
    old = trained("Interview skills", completed_on=date(2025, 1, 1), expires_on=date(2026, 1, 1))
    new = trained("Interview skills", completed_on=date(2027, 1, 10))
    assert reasons(with_training(old, new)) == ()


def test_a_refresher_booked_after_the_panel_does_not_help_and_latest_expiry_is_named():
    older = trained("Interview skills", completed_on=date(2024, 1, 1), expires_on=date(2025, 1, 1))
    old = trained("Interview skills", completed_on=date(2025, 1, 1), expires_on=date(2026, 1, 1))
    future = trained("Interview skills", completed_on=date(2027, 4, 1))
    resident = with_training(future, older, old)
    assert reasons(resident) == ("Interview skills training expired on 01/01/2026",)


def test_a_record_marked_required_counts_even_when_not_in_the_list():
    extra = trained("Data handling", expires_on=date(2027, 1, 1))
    resident = make_resident(training=make_resident().training + (extra,))
    assert required_module_names(resident) == (*MODULES, "Data handling")
    assert reasons(resident) == ("Data handling training expired on 01/01/2027",)


def test_extra_required_records_are_checked_in_name_order_whatever_the_storage_order():
    extra = (
        trained("Data handling", completed_on=date(2028, 1, 1)),
        trained("Chairing", expires_on=date(2027, 1, 1)),
    )
    expected = ("Chairing training expired on 01/01/2027", "Not trained in Data handling")
    for training in (extra, extra[::-1]):
        resident = make_resident(required_modules=(), training=training)
        assert reasons(resident) == expected


def test_optional_training_does_not_block():
    extra = trained("Chairing", expires_on=date(2027, 1, 1), required=False)
    resident = make_resident(training=make_resident().training + (extra,))
    assert reasons(resident) == ()


def test_module_named_training_is_not_doubled():
    resident = make_resident(
        required_modules=("Equality training",),
        training=(trained("Equality training", expires_on=date(2027, 1, 1)),),
    )
    assert reasons(resident) == ("Equality training expired on 01/01/2027",)


# --- the person -------------------------------------------------------------------------------


def test_paused_and_left():
    assert reasons(make_resident(status="paused")) == ("Paused from panels",)
    assert reasons(make_resident(status="left")) == ("No longer taking part in panels",)


@pytest.mark.parametrize(
    ("observed", "needed", "expected"),
    [
        (0, 1, ("Needs to observe 1 more panel before scoring",)),
        (0, 2, ("Needs to observe 2 more panels before scoring",)),
        (1, 2, ("Needs to observe 1 more panel before scoring",)),
        (3, 2, ()),
        (0, 0, ()),
    ],
)
def test_observations_before_scoring(observed, needed, expected):
    resident = make_resident(observed_panels=observed, observations_needed=needed)
    assert reasons(resident) == expected


@pytest.mark.parametrize(
    ("signed_on", "expected"),
    [
        (None, ("Confidentiality agreement not signed",)),
        (date(2027, 3, 17), ("Confidentiality agreement not signed",)),
        (PANEL_DAY, ()),
    ],
)
def test_confidentiality_agreement_signed_by_the_panel_day(signed_on, expected):
    assert reasons(make_resident(agreement_signed_on=signed_on)) == expected


def test_conflict_only_with_a_candidate_on_this_panel():
    on_panel = make_resident(conflict_candidate_ids=frozenset({8}))
    assert reasons(on_panel) == ("Has declared a conflict with a candidate on this panel",)
    elsewhere = make_resident(conflict_candidate_ids=frozenset({99}))
    assert reasons(elsewhere) == ()


# --- when and where ---------------------------------------------------------------------------


def test_unavailable_date():
    resident = make_resident(unavailable_dates=frozenset({PANEL_DAY}))
    assert reasons(resident) == ("Unavailable on that date",)
    other_day = make_resident(unavailable_dates=frozenset({date(2027, 3, 17)}))
    assert reasons(other_day) == ()


TUESDAY_AM = frozenset({(1, "am")})
MONDAYS = frozenset({(0, "am"), (0, "pm")})


@pytest.mark.parametrize(
    ("pattern", "start", "end", "expected"),
    [
        (frozenset(), "14:00", "16:00", ()),
        (TUESDAY_AM, "09:00", "12:00", ()),
        (TUESDAY_AM, "14:00", "16:00", ("Not available on Tuesday afternoons",)),
        # A morning panel running past noon says why the afternoon matters.
        (
            TUESDAY_AM,
            "11:00",
            "13:00",
            ("Not available on Tuesday afternoons (the panel runs until 13:00)",),
        ),
        (
            frozenset({(1, "pm")}),
            "11:59",
            "13:00",
            ("Not available on Tuesday mornings (the panel starts at 11:59)",),
        ),
        (frozenset({(1, "pm")}), "12:00", "15:00", ()),
        (MONDAYS, "10:00", "11:00", ("Not available on Tuesday mornings",)),
        (
            frozenset({(2, "am")}),
            "10:00",
            "14:00",
            (
                "Not available on Tuesday mornings (the panel starts at 10:00)",
                "Not available on Tuesday afternoons (the panel runs until 14:00)",
            ),
        ),
    ],
)
def test_weekly_pattern(pattern, start, end, expected):
    resident = make_resident(weekly_pattern=pattern)
    assert reasons(resident, make_panel(start=start, end=end)) == expected


def test_places_they_travel_to():
    resident = make_resident(travel_place_ids=frozenset({2, 3}))
    assert reasons(resident) == ("Does not travel to Hillside House",)
    assert reasons(make_resident(travel_place_ids=frozenset({1}))) == ()
    assert reasons(make_resident(travel_place_ids=None)) == ()


def test_online_panels():
    online = make_panel(place_id=None, place_name=None)
    assert reasons(make_resident(online_ok=False), online) == ("Online panels do not suit them",)
    assert reasons(make_resident(online_ok=True), online) == ()
    assert reasons(make_resident(travel_place_ids=frozenset()), online) == ()


# --- other panels -----------------------------------------------------------------------------


def test_overlapping_panel():
    resident = make_resident(commitments=(make_commitment(start="10:00", end="12:00"),))
    panel = make_panel(start="11:00", end="13:00")
    assert reasons(resident, panel) == ("Already on another panel 10:00-12:00 at Riverside",)


def test_overlapping_online_panel():
    commitment = make_commitment(start="09:00", end="10:30", place_id=None, place_name=None)
    resident = make_resident(commitments=(commitment,))
    assert reasons(resident) == ("Already on another panel 09:00-10:30 online",)


def test_the_panel_itself_is_not_a_clash():
    resident = make_resident(commitments=(make_commitment(panel_id=100, place_id=1),))
    assert reasons(resident) == ()


def test_back_to_back_at_the_same_place_is_fine():
    same_place = make_commitment(start="08:00", end="10:00", place_id=1, place_name="Hillside")
    assert reasons(make_resident(commitments=(same_place,))) == ()


def test_travel_time_from_an_earlier_panel_elsewhere():
    earlier = make_commitment(start="08:00", end="10:00")
    panel = make_panel(start="10:15", end="12:00")
    assert reasons(make_resident(commitments=(earlier,)), panel) == (
        "Needs 30 minutes to travel from another panel at Riverside ending 10:00",
    )
    exactly_enough = make_panel(start="10:30", end="12:00")
    assert reasons(make_resident(commitments=(earlier,)), exactly_enough) == ()


def test_travel_time_to_a_later_panel_elsewhere():
    later = make_commitment(start="12:20", end="14:00")
    panel = make_panel(travel_buffer=timedelta(minutes=45))
    assert reasons(make_resident(commitments=(later,)), panel) == (
        "Needs 45 minutes to travel to another panel at Riverside starting 12:20",
    )


def test_online_counts_as_a_different_place_for_travel():
    online = make_commitment(start="08:00", end="10:00", place_id=None, place_name=None)
    assert reasons(make_resident(commitments=(online,))) == (
        "Needs 30 minutes to travel from another panel online ending 10:00",
    )


def test_two_online_panels_back_to_back_are_fine():
    online = make_commitment(start="08:00", end="10:00", place_id=None, place_name=None)
    panel = make_panel(place_id=None, place_name=None)
    assert reasons(make_resident(commitments=(online,)), panel) == ()


def test_monthly_panel_limit_counts_the_panels_month():
    march = (
        make_commitment(day=date(2027, 3, 2), interviews=1),
        make_commitment(day=date(2027, 3, 30), panel_id=2, interviews=1),
    )
    april = (make_commitment(day=date(2027, 4, 1), panel_id=3),)
    resident = make_resident(commitments=march + april, max_panels_per_month=2)
    assert reasons(resident) == ("Reached the limit of 2 panels this month",)
    assert reasons(replace(resident, max_panels_per_month=3)) == ()
    assert reasons(replace(resident, max_panels_per_month=None)) == ()


def test_monthly_limit_of_one():
    resident = make_resident(
        commitments=(make_commitment(day=date(2027, 3, 2)),), max_panels_per_month=1
    )
    assert reasons(resident) == ("Reached the limit of 1 panel this month",)


def test_daily_interview_limit_includes_this_panel():
    morning = make_commitment(start="08:00", end="09:00", interviews=2, place_id=1)
    resident = make_resident(commitments=(morning,), max_interviews_per_day=4)
    assert reasons(resident, make_panel(interviews=3)) == (
        "Reached the limit of 4 interviews on that day",
    )
    assert reasons(resident, make_panel(interviews=2)) == ()


def test_reasons_come_in_a_fixed_order():
    resident = make_resident(
        status="paused",
        training=(),
        observed_panels=0,
        agreement_signed_on=None,
        conflict_candidate_ids=frozenset({7}),
        unavailable_dates=frozenset({PANEL_DAY}),
        weekly_pattern=frozenset({(4, "pm")}),
        travel_place_ids=frozenset(),
        commitments=(make_commitment(start="11:00", end="13:00"),),
        max_panels_per_month=1,
        max_interviews_per_day=3,
    )
    assert reasons(resident) == (
        "Paused from panels",
        "Not trained in Role of a panellist",
        "Not trained in Safeguarding basics",
        "Not trained in Interview skills",
        "Needs to observe 1 more panel before scoring",
        "Confidentiality agreement not signed",
        "Has declared a conflict with a candidate on this panel",
        "Unavailable on that date",
        "Not available on Tuesday mornings",
        "Does not travel to Hillside House",
        "Already on another panel 11:00-13:00 at Riverside",
        "Reached the limit of 1 panel this month",
        "Reached the limit of 3 interviews on that day",
    )


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="aware"):
        replace(make_panel(), starts_at=datetime(2027, 3, 16, 10, 0))
    with pytest.raises(ValueError, match="end after"):
        make_commitment(start="12:00", end="10:00")


# --- clock changes ----------------------------------------------------------------------------

SPRING_FORWARD = date(2027, 3, 28)  # last Sunday of March: 01:00 GMT becomes 02:00 BST
FALL_BACK = date(2027, 10, 31)  # last Sunday of October: 02:00 BST becomes 01:00 GMT


def test_spring_forward_morning_and_afternoon_use_local_time():
    sunday_am = make_resident(weekly_pattern=frozenset({(6, "am")}))
    # 11:30 UTC is 12:30 BST: an afternoon panel, though UTC would call it morning.
    panel = PanelFacts(
        panel_id=100,
        starts_at=datetime(2027, 3, 28, 11, 30, tzinfo=UTC),
        ends_at=datetime(2027, 3, 28, 13, 0, tzinfo=UTC),
        place_id=1,
        place_name="Hillside House",
        interviews=2,
        candidate_ids=frozenset(),
    )
    assert reasons(sunday_am, panel) == ("Not available on Sunday afternoons",)
    morning = make_panel(day=SPRING_FORWARD, start="09:00", end="11:30")
    assert morning.starts_at == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert reasons(sunday_am, morning) == ()


def test_spring_forward_clash_is_reported_in_bst():
    other = make_commitment(day=SPRING_FORWARD, start="09:00", end="11:00")
    resident = make_resident(commitments=(other,))
    panel = make_panel(day=SPRING_FORWARD, start="10:00", end="12:00")
    assert reasons(resident, panel) == ("Already on another panel 09:00-11:00 at Riverside",)


def test_spring_forward_training_expiry_uses_the_local_date():
    resident = with_training(trained("Interview skills", expires_on=SPRING_FORWARD))
    # Once the clocks have gone forward, 23:30 UTC on Sunday 28th is 00:30 BST on Monday 29th.
    panel = PanelFacts(
        panel_id=100,
        starts_at=datetime(2027, 3, 28, 23, 30, tzinfo=UTC),
        ends_at=datetime(2027, 3, 29, 1, 0, tzinfo=UTC),
        place_id=None,
        place_name=None,
        interviews=1,
        candidate_ids=frozenset(),
    )
    assert reasons(resident, panel) == ("Interview skills training expired on 28/03/2027",)
    an_hour_earlier = replace(panel, starts_at=panel.starts_at - timedelta(hours=1))
    assert reasons(resident, an_hour_earlier) == ()


def test_fall_back_daily_limit_counts_by_local_day():
    # 23:30 UTC on Saturday 30th is 00:30 BST on Sunday 31st: the same local day as the panel.
    late = Commitment(
        panel_id=1,
        starts_at=datetime(2027, 10, 30, 23, 30, tzinfo=UTC),
        ends_at=datetime(2027, 10, 31, 0, 0, tzinfo=UTC),
        place_name="Riverside",
        place_id=2,
        interviews=3,
    )
    resident = make_resident(
        commitments=(late,),
        max_interviews_per_day=4,
        training=tuple(trained(m, expires_on=None) for m in MODULES),
    )
    panel = make_panel(day=FALL_BACK, start="10:00", end="12:00", interviews=2)
    assert panel.starts_at == datetime(2027, 10, 31, 10, 0, tzinfo=UTC)  # GMT again
    assert reasons(resident, panel) == ("Reached the limit of 4 interviews on that day",)


def test_fall_back_travel_buffer_measured_in_real_time():
    # 00:30-01:30 UTC is 01:30 BST to 01:30 GMT: an hour that looks like no time on the clock.
    other = Commitment(
        panel_id=1,
        starts_at=datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
        ends_at=datetime(2027, 10, 31, 1, 30, tzinfo=UTC),
        place_name="Riverside",
        place_id=2,
        interviews=1,
    )
    resident = make_resident(
        commitments=(other,), training=tuple(trained(m, expires_on=None) for m in MODULES)
    )
    panel = replace(
        make_panel(day=FALL_BACK),
        starts_at=datetime(2027, 10, 31, 1, 45, tzinfo=UTC),
        ends_at=datetime(2027, 10, 31, 3, 0, tzinfo=UTC),
    )
    assert reasons(resident, panel) == (
        "Needs 30 minutes to travel from another panel at Riverside ending 01:30",
    )


# --- training status for lists and reminders --------------------------------------------------


def test_training_status():
    on = date(2027, 3, 1)
    assert training_status(make_resident(), on) == "ready"
    assert training_status(make_resident(status="paused"), on) == "paused"
    assert training_status(make_resident(status="left"), on) == "paused"
    assert training_status(make_resident(training=()), on) == "untrained"
    lapsed = with_training(trained("Interview skills", expires_on=date(2027, 2, 1)))
    assert training_status(lapsed, on) == "lapsed"
    missing_and_lapsed = replace(lapsed, training=lapsed.training[1:])
    assert training_status(missing_and_lapsed, on) == "untrained"


@pytest.mark.parametrize(
    ("expires_on", "status"),
    [
        (date(2027, 3, 1), "expiring"),
        (date(2027, 4, 30), "expiring"),  # exactly 60 days
        (date(2027, 5, 1), "ready"),  # 61 days
        (date(2027, 2, 28), "lapsed"),
    ],
)
def test_expiring_means_within_60_days_inclusive(expires_on, status):
    resident = with_training(trained("Interview skills", expires_on=expires_on))
    assert training_status(resident, date(2027, 3, 1)) == status


def test_no_required_modules_means_ready():
    resident = make_resident(required_modules=(), training=())
    assert training_status(resident, date(2027, 3, 1)) == "ready"


def test_expiring_modules_soonest_first_and_refreshers_count():
    resident = make_resident(
        training=(
            trained("Role of a panellist", expires_on=date(2027, 4, 20)),
            trained("Safeguarding basics", expires_on=date(2027, 3, 10)),
            trained("Interview skills", expires_on=date(2027, 3, 5)),
            trained("Interview skills", completed_on=date(2027, 2, 1), expires_on=None),
            trained("Chairing", expires_on=date(2027, 3, 2), required=False),
        )
    )
    assert expiring_modules(resident, date(2027, 3, 1)) == (
        ModuleExpiry("Safeguarding basics", date(2027, 3, 10)),
        ModuleExpiry("Role of a panellist", date(2027, 4, 20)),
    )
    assert expiring_modules(resident, date(2027, 3, 1), within=timedelta(days=20)) == (
        ModuleExpiry("Safeguarding basics", date(2027, 3, 10)),
    )


def test_lapsed_modules_give_the_day_each_ran_out_and_refreshers_clear_them():
    old, then = date(2025, 1, 1), date(2026, 1, 2)
    resident = make_resident(
        training=(
            trained("Role of a panellist", expires_on=date(2027, 4, 20)),
            trained("Safeguarding basics", completed_on=old, expires_on=date(2026, 1, 1)),
            trained("Safeguarding basics", completed_on=then, expires_on=date(2027, 2, 1)),
            trained("Interview skills", completed_on=old, expires_on=date(2026, 1, 1)),
            trained("Interview skills", completed_on=date(2027, 2, 1), expires_on=None),
            trained("Chairing", expires_on=date(2027, 2, 2), required=False),
        )
    )
    assert lapsed_modules(resident, date(2027, 3, 1)) == (
        ModuleExpiry("Safeguarding basics", date(2027, 2, 1)),
    )
    assert lapsed_modules(resident, date(2027, 2, 1)) == ()  # in date on its last day
    assert lapsed_modules(make_resident(training=()), date(2027, 3, 1)) == ()  # never trained
