"""Properties the eligibility rule keeps for any resident and any panel."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from panelhire.training.eligibility import (
    Commitment,
    PanelFacts,
    ResidentFacts,
    TrainingFact,
    check_eligibility,
    required_module_names,
    training_reasons,
)

# Enough examples to find real bugs while the suite stays quick on a busy machine; no
# per-example deadline, because a loaded CI runner is not a bug.
QUICK = settings(max_examples=60, deadline=None)

LONDON = ZoneInfo("Europe/London")
MODULES = ("Role of a panellist", "Safeguarding basics", "Interview skills")
# Around the spring clock change, so local and UTC dates and day parts often differ.
ORIGIN = datetime(2027, 3, 26, 0, 0, tzinfo=UTC)

quarter_hours = st.integers(min_value=0, max_value=4 * 24 * 4).map(
    lambda n: ORIGIN + timedelta(minutes=15 * n)
)
durations = st.integers(min_value=1, max_value=16).map(lambda n: timedelta(minutes=15 * n))
places = st.one_of(st.none(), st.integers(min_value=1, max_value=3))
days = st.dates(min_value=date(2026, 6, 1), max_value=date(2028, 6, 1))
past_days = st.dates(min_value=date(2026, 6, 1), max_value=ORIGIN.date() - timedelta(days=1))


def _place_name(place_id: int | None) -> str | None:
    return None if place_id is None else f"Place {place_id}"


@st.composite
def commitments(draw) -> Commitment:
    start, place = draw(quarter_hours), draw(places)
    return Commitment(
        panel_id=draw(st.integers(min_value=1, max_value=101)),
        starts_at=start,
        ends_at=start + draw(durations),
        place_name=_place_name(place),
        place_id=place,
        interviews=draw(st.integers(min_value=0, max_value=6)),
    )


@st.composite
def panels(draw) -> PanelFacts:
    start, place = draw(quarter_hours), draw(places)
    return PanelFacts(
        panel_id=100,
        starts_at=start,
        ends_at=start + draw(durations),
        place_id=place,
        place_name=_place_name(place),
        interviews=draw(st.integers(min_value=1, max_value=6)),
        candidate_ids=draw(st.frozensets(st.integers(1, 6), max_size=4)),
        travel_buffer=timedelta(minutes=draw(st.sampled_from([0, 15, 30, 60]))),
    )


@st.composite
def training_facts(draw, always_expire: bool = False) -> TrainingFact:
    # Property tests that move training back use records completed before any generated panel.
    completed = draw(past_days if always_expire else days)
    lasts = st.integers(min_value=0, max_value=800).map(lambda n: timedelta(days=n))
    expiry = lasts if always_expire else st.one_of(st.none(), lasts)
    valid_for = draw(expiry)
    return TrainingFact(
        module_name=draw(st.sampled_from(MODULES)),
        required=draw(st.booleans()),
        completed_on=completed,
        expires_on=None if valid_for is None else completed + valid_for,
    )


weekly_slots = st.tuples(st.integers(0, 6), st.sampled_from(["am", "pm"]))
optional_limits = st.one_of(st.none(), st.integers(min_value=0, max_value=8))


@st.composite
def residents(draw, always_expire: bool = False, some_required: bool = False) -> ResidentFacts:
    required = st.lists(st.sampled_from(MODULES), unique=True, min_size=int(some_required))
    return ResidentFacts(
        id=1,
        name="Sam",
        status=draw(st.sampled_from(["active", "active", "paused", "left"])),
        required_modules=tuple(draw(required)),
        training=tuple(draw(st.lists(training_facts(always_expire), max_size=5))),
        observed_panels=draw(st.integers(0, 3)),
        observations_needed=draw(st.integers(0, 2)),
        agreement_signed_on=draw(st.one_of(st.none(), days)),
        weekly_pattern=draw(st.frozensets(weekly_slots, max_size=6)),
        unavailable_dates=draw(st.frozensets(st.dates(date(2027, 3, 25), date(2027, 4, 2)))),
        max_panels_per_month=draw(optional_limits),
        max_interviews_per_day=draw(optional_limits),
        travel_place_ids=draw(st.one_of(st.none(), st.frozensets(st.integers(1, 3)))),
        online_ok=draw(st.booleans()),
        conflict_candidate_ids=draw(st.frozensets(st.integers(1, 6), max_size=2)),
        commitments=tuple(draw(st.lists(commitments(), max_size=4))),
    )


@QUICK
@given(residents(), panels())
def test_eligible_exactly_when_there_are_no_reasons(resident, panel):
    result = check_eligibility(resident, panel, LONDON)
    assert result.eligible == (result.reasons == ())
    assert len(set(result.reasons)) == len(result.reasons)


@QUICK
@given(residents(), panels(), commitments())
def test_another_commitment_never_makes_someone_more_eligible(resident, panel, extra):
    before = check_eligibility(resident, panel, LONDON)
    busier = replace(resident, commitments=resident.commitments + (extra,))
    after = check_eligibility(busier, panel, LONDON)
    assert set(before.reasons) <= set(after.reasons)
    assert after.eligible <= before.eligible


@QUICK
@given(residents(always_expire=True, some_required=True), panels(), st.integers(1, 400))
def test_training_moved_back_past_its_validity_is_never_enough(resident, panel, extra_days):
    def moved_back(fact: TrainingFact) -> TrainingFact:
        assert fact.expires_on is not None
        shift = fact.expires_on - fact.completed_on + timedelta(days=extra_days)
        return replace(
            fact, completed_on=fact.completed_on - shift, expires_on=fact.expires_on - shift
        )

    stale = replace(resident, training=tuple(moved_back(fact) for fact in resident.training))
    on = panel.starts_at.astimezone(LONDON).date()
    assert len(training_reasons(stale, on)) == len(required_module_names(stale))
    assert not check_eligibility(stale, panel, LONDON).eligible


@QUICK
@given(residents(), panels(), st.randoms(use_true_random=False))
def test_reasons_do_not_depend_on_the_order_facts_arrive_in(resident, panel, rng):
    training, commitments_ = list(resident.training), list(resident.commitments)
    rng.shuffle(training)
    rng.shuffle(commitments_)
    shuffled = replace(resident, training=tuple(training), commitments=tuple(commitments_))
    assert check_eligibility(shuffled, panel, LONDON) == check_eligibility(resident, panel, LONDON)


@QUICK
@given(residents(), panels())
def test_the_same_facts_always_give_the_same_answer(resident, panel):
    assert check_eligibility(resident, panel, LONDON) == check_eligibility(resident, panel, LONDON)
